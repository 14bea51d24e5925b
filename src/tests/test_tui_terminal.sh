#!/bin/sh
# The terminal side of the UI: resize mid-session, a terminal below the
# 60x15 minimum, NO_COLOR, TERM=vt100, an ASCII-only locale, SIGTERM
# restoring the terminal, and the bytes written for 100 `j` presses.
. src/tests/tui_lib.sh

# ---- resize mid-session, then too small, then back ----------------------
tui_start 120 40
tui_run "\"$HEAPTUI\" \"$METEOR0\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
T resize-window -t main -x 80 -y 24
tui_wait 'Constructor'
w=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
[ "$w" -le 80 ] || tui_fail "lines wider than 80 columns after resize ($w)"
tui_screen | tail -n 1 | grep -F -q 'help' || tui_fail "status line missing after resize"
T resize-window -t main -x 40 -y 12
tui_wait 'too small'
T resize-window -t main -x 100 -y 30
tui_wait 'Constructor'
tui_gone 'too small'
tui_keys q
tui_check_shell 0
tui_stop

# ---- starting in a 40x12 terminal ---------------------------------------
tui_start 40 12
tui_run "\"$HEAPTUI\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'too small'
tui_keys q
tui_check_shell 0
tui_stop

# ---- NO_COLOR: no colour escapes, selection still visible ----------------
tui_start 120 40 NO_COLOR=1
tui_run "\"$HEAPTUI\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
esc=$(printf '\033')
if tui_screen -e | grep -E -q "$esc\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m"; then
	tui_fail "colour escapes with NO_COLOR set"
fi
tui_screen -e | grep -E -q "$esc\\[([0-9;]*;)?7(;[0-9;]*)?m" ||
	tui_fail "no reverse video (selection) with NO_COLOR"
tui_keys q
tui_check_shell 0
tui_stop

# ---- TERM=vt100 (no colours) and an ASCII locale --------------------------
tui_start 100 30 TERM=vt100 LANG=C LC_ALL=C
tui_run "\"$HEAPTUI\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
tui_screen | grep -q '^+ global' || tui_fail "no ASCII tree glyph in the C locale"
tui_keys j Enter
tui_wait '- Function'
tui_keys q
tui_check_shell 0
tui_stop

# ---- SIGTERM restores the terminal ---------------------------------------
tui_start 100 30
tui_run "sh -c 'echo \$\$ > \"$TUI_TMP/pid\"; exec \"$HEAPTUI\" \"$METEOR4\"'; echo EXIT=\$?"
tui_wait 'Retained Size'
kill -TERM "$(cat "$TUI_TMP/pid")"
tui_check_shell 143
tui_stop

# ---- 100 `j` presses write only a few KB ----------------------------------
tui_start 120 40
tui_run "\"$HEAPTUI\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
: >"$TUI_TMP/out"
T pipe-pane -t main -o "cat >>'$TUI_TMP/out'"
i=0 keys=""
while [ $i -lt 100 ]; do keys="$keys j"; i=$((i + 1)); done
# shellcheck disable=SC2086
tui_keys $keys
# a last key with a visible, tiny effect tells when all were handled
tui_keys /
tui_gone '? help'
T pipe-pane -t main
bytes=$(wc -c <"$TUI_TMP/out")
echo "100 j presses wrote $bytes bytes"
[ "$bytes" -le 8192 ] || tui_fail "100 j presses wrote $bytes bytes"
tui_keys Escape
tui_wait '? help'
# idle means no output: nothing for a while (the loop wakes every second to
# look at signal flags; this spans two wake-ups, so it has to wait)
: >"$TUI_TMP/idle"
T pipe-pane -t main -o "cat >>'$TUI_TMP/idle'"
sleep 2.5
T pipe-pane -t main
idle=$(wc -c <"$TUI_TMP/idle")
[ "$idle" -eq 0 ] || tui_fail "wrote $idle bytes while idle"
tui_keys q
tui_check_shell 0
exit 0
