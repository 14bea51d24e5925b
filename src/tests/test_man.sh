#!/bin/sh
# The man page is lint-clean and documents every option, report, key and
# theme role, read from the tables in the source (main.c's long_options,
# report.c's report_table, keymap.h's KEYMAP_ACTIONS, theme_file.h's
# THEME_ROLES), so the page cannot silently drift from the program.
man=man/heaptui.1
command -v mandoc >/dev/null || { echo "mandoc not installed"; exit 77; }
fail=0
missing() { echo "man page lacks $1"; fail=1; }

mandoc -Tlint -W warning "$man" || { echo "mandoc -Tlint reports problems"; fail=1; }

for opt in $(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", [a-z_]*_argument.*/\1/p' src/main.c); do
	grep -q "Fl -$opt\\b" "$man" || missing "option --$opt"
done
for rep in $(sed -n 's/^[[:space:]]*{"\([a-z]*\)", report_.*/\1/p' src/report.c); do
	grep -q "^\.It Cm $rep\\b" "$man" || missing "report $rep"
done
# X(ID, "name", "keys", "help", ...) with a non-empty name
sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-][a-z-]*\)", "\([^"]*\)".*/\2/p' \
	include/heaptui/keymap.h > /tmp/heaptui-keys.$$
while IFS= read -r keys; do
	pat=$(printf '%s' "$keys" | sed 's/?/\\\\\&?/; s/\*/\\*/g')
	grep -q "^\.It Cm $pat\$" "$man" || missing "key '$keys'"
done < /tmp/heaptui-keys.$$
rm -f /tmp/heaptui-keys.$$
for role in $(sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)", .*/\1/p' include/heaptui/theme_file.h); do
	grep -q "^\.It Cm $role\$" "$man" || missing "theme role $role"
done
# Every option the program accepts is in --help too.
if [ -x "${HEAPTUI:-./heaptui}" ]; then
	for opt in $(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", [a-z_]*_argument.*/\1/p' src/main.c); do
		"${HEAPTUI:-./heaptui}" --help | grep -q -- "--$opt" || { echo "--help lacks --$opt"; fail=1; }
	done
fi
exit $fail
