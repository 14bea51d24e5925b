#!/bin/sh
# Every shipped theme starts and draws in colour (mono without), a broken
# theme file reports FILE:LINE and heaptui still starts with the default,
# $HEAPTUI_THEME is honoured, and an unknown theme name is reported.
. src/tests/tui_lib.sh

esc=$(printf '\033')
colour_re="$esc\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m"
n=0
for f in themes/*.theme; do
	name=$(basename "$f" .theme)
	n=$((n + 1))
	tui_start 100 30
	tui_run "\"$HEAPTUI\" --theme $name \"$METEOR4\"; echo EXIT=\$?"
	tui_wait 'Retained Size'
	if [ "$name" = mono ]; then
		tui_screen -e | grep -E -q "$colour_re" && tui_fail "theme mono draws colours"
	else
		tui_screen -e | grep -E -q "$colour_re" || tui_fail "theme $name draws no colours"
	fi
	tui_screen | grep -F -q 'not found' && tui_fail "theme $name not found"
	tui_keys q
	tui_check_shell 0
done
[ "$n" -ge 6 ] || tui_fail "expected at least 6 shipped themes, found $n"

# ---- a broken theme: FILE:LINE message, default theme, still starts ------
cat >"$TUI_TMP/broken.theme" <<'THEME'
# a theme with a mistake on line 3
header white blue bold
selection black chartreuse
THEME
tui_start 120 30
tui_run "\"$HEAPTUI\" --theme \"$TUI_TMP/broken.theme\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
tui_wait "broken.theme:3:"
tui_screen | grep -F 'broken.theme:3:' | grep -F -q 'chartreuse' ||
	tui_fail "the message does not quote the bad colour"
tui_screen -e | grep -E -q "$colour_re" || tui_fail "default theme not in use after a bad theme"
tui_keys q
tui_check_shell 0

# ---- $HEAPTUI_THEME picks a theme; NO_COLOR does not override it --------
tui_start 100 30 HEAPTUI_THEME=solarized NO_COLOR=1
tui_run "\"$HEAPTUI\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
tui_screen -e | grep -E -q "$colour_re" || tui_fail "HEAPTUI_THEME=solarized draws no colours"
tui_keys '?'
tui_wait 'solarized.theme'
tui_keys q q
tui_check_shell 0

# ---- an unknown theme name ----------------------------------------------
tui_start 100 30
tui_run "\"$HEAPTUI\" --theme no-such-theme \"$METEOR4\"; echo EXIT=\$?"
tui_wait "theme 'no-such-theme' not found"
tui_wait 'Retained Size'
tui_keys q
tui_check_shell 0
exit 0
