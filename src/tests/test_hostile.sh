#!/bin/sh
# Hostile strings never reach the terminal raw. testdata/tiny/hostile.heapsnapshot
# holds class and edge names with an OSC title sequence and BEL, ED (ESC [2J),
# a one-character CSI (U+009B) and other C1 controls, bidi overrides and
# isolates, raw invalid UTF-8, NUL, DEL and CR. Every --print report on it
# (and on the node that holds such a string), in text, tsv and json, must
# hold no C0 control but tab and newline, no DEL, no C1 control (UTF-8
# C2 80..C2 9F) and no bidi override/isolate (U+202A-E, U+2066-9); JSON
# output must parse; error messages quoting a file name with escapes in it
# are sanitized too.
HEAPTUI=${HEAPTUI:-./heaptui}
snap=testdata/tiny/hostile.heapsnapshot
[ -f "$snap" ] || { echo "missing $snap"; exit 1; }
command -v od >/dev/null 2>&1 || { echo "od not found"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
havepy=
command -v python3 >/dev/null 2>&1 && havepy=1
fail=0 checked=0

# Prints the offending bytes of file $1 (empty when clean): C0 but \t \n,
# DEL, C1 as UTF-8 (c2 80..9f), U+202A-E (e2 80 aa..ae), U+2066-9 (e2 81 a6..a9).
bad_bytes() {
	od -An -v -tx1 "$1" | tr -s ' ' '\n' | awk '
	NF == 0 { next }
	{
		b = $1; v = 0
		for (i = 1; i <= 2; i++)
			v = v * 16 + index("0123456789abcdef", substr(b, i, 1)) - 1
		if ((v < 32 && v != 9 && v != 10) || v == 127)
			printf "byte 0x%s at %d\n", b, n
		if (p1 == 194 && v >= 128 && v <= 159)
			printf "C1 c2 %s at %d\n", b, n - 1
		if (p2 == 226 && p1 == 128 && v >= 170 && v <= 174)
			printf "bidi e2 80 %s at %d\n", b, n - 2
		if (p2 == 226 && p1 == 129 && v >= 166 && v <= 169)
			printf "bidi e2 81 %s at %d\n", b, n - 2
		p2 = p1; p1 = v; n++
	}' | head -n 5
}

# check NAME FILE: FILE (a report's stdout or stderr) holds nothing raw
check() {
	checked=$((checked + 1))
	bad=$(bad_bytes "$2")
	if [ -n "$bad" ]; then
		echo "FAIL $1: raw control or bidi bytes:"
		echo "$bad" | sed 's/^/    /'
		fail=1
	fi
}

# run NAME ARGS...: a report must exit 0 and be clean on stdout and stderr
run() {
	name=$1; shift
	"$HEAPTUI" --no-cache --color never "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc"; sed 's/^/    /' "$tmp/err" | head -n 5 | od -c | head -n 5
		fail=1
		return
	fi
	[ -s "$tmp/out" ] || { echo "FAIL $name: empty output"; fail=1; }
	check "$name (stdout)" "$tmp/out"
	check "$name (stderr)" "$tmp/err"
	case "$name" in
	*json*)
		if [ -n "$havepy" ] &&
		   ! python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out" 2>"$tmp/pyerr"; then
			echo "FAIL $name: JSON does not parse: $(tail -n 1 "$tmp/pyerr")"; fail=1
		fi ;;
	esac
}

# the file really holds what it should (else the test proves nothing)
for pat in 'PWNED' '\\u001b\[2J' '\\u009b' '\\u202e' '\\u0000' '\\u007f' '\\u0085'; do
	grep -q "$pat" "$snap" || { echo "FAIL: $snap lacks $pat"; exit 1; }
done
LC_ALL=C grep -q "$(printf '\377\376')" "$snap" ||
	{ echo "FAIL: $snap lacks raw invalid UTF-8"; exit 1; }

# node ids (see the file): 3 OSC-titled object, 5 string retained through an
# edge named BEL + OSC 8, 7 CSI object, 9 bidi, 11 invalid UTF-8, 13 NUL/DEL/CR,
# 15 C1, 17 string retained through edges named U+009B... and U+202E...
for fmt in text tsv json; do
	run "info $fmt" --print info -f $fmt "$snap"
	run "summary $fmt" --print summary -f $fmt "$snap"
	run "nodes $fmt" --print nodes -f $fmt "$snap"
	run "stats $fmt" --print stats -f $fmt "$snap"
	run "compare $fmt" --print compare -f $fmt "$snap" "$snap"
	for id in 3 5 11 17; do
		run "retainers $id $fmt" --print retainers $id -f $fmt "$snap"
		run "path $id $fmt" --print path $id -f $fmt "$snap"
		run "node $id $fmt" --print node $id -f $fmt "$snap"
	done
	# a filter that matches the hostile class: the row is still sanitized
	run "summary filtered $fmt" --print summary -F 'PWNED|inv|bidi' -f $fmt "$snap"
done

# the escape sequences survive as visible text, they are not just dropped
"$HEAPTUI" --no-cache --print summary "$snap" >"$tmp/out" 2>/dev/null
grep -q 'PWNED' "$tmp/out" || { echo "FAIL: class name with PWNED missing from summary"; fail=1; }

# file names with escapes: a missing file, a bad file and a good file whose
# names hold OSC, CSI and C1 sequences; stderr (and stdout) stay clean
esc=$(printf 'x\033]0;PWNED\007\033[2J\302\233\342\200\256y')
cp "$snap" "$tmp/good$esc.heapsnapshot"
printf '{"snapshot": [' >"$tmp/bad$esc.heapsnapshot"
for f in "$tmp/missing$esc.heapsnapshot" "$tmp/bad$esc.heapsnapshot"; do
	"$HEAPTUI" --no-cache --print info "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || { echo "FAIL: bad file name: exit $rc, expected 1"; fail=1; }
	[ "$(wc -l <"$tmp/err" | tr -d ' ')" = 1 ] ||
		{ echo "FAIL: bad file name: expected one line on stderr"; fail=1; }
	grep -q PWNED "$tmp/err" || { echo "FAIL: error does not quote the file name"; fail=1; }
	check "error for a file name with escapes" "$tmp/err"
	check "stdout for a bad file name with escapes" "$tmp/out"
done
for fmt in text tsv json; do
	run "info of a file named with escapes $fmt" --print info -f $fmt "$tmp/good$esc.heapsnapshot"
	run "summary of a file named with escapes $fmt" --print summary -f $fmt \
		"$tmp/good$esc.heapsnapshot"
done
# option values with escapes are quoted clean in usage errors, and so is
# the file name in --timings.
"$HEAPTUI" --no-cache --print "$esc" "$snap" >/dev/null 2>"$tmp/err"
check "error for a report name with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --print info -f "$esc" "$snap" >/dev/null 2>"$tmp/err"
check "error for a format with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --print info --color "$esc" "$snap" >/dev/null 2>"$tmp/err"
check "error for a --color value with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --print summary --only "$esc" "$snap" >/dev/null 2>"$tmp/err"
check "error for an --only value with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --print compare --base "$esc" "$snap" "$snap" >/dev/null 2>"$tmp/err"
check "error for a --base value with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --timings --print info "$tmp/good$esc.heapsnapshot" >/dev/null 2>"$tmp/err"
check "--timings line for a file named with escapes" "$tmp/err"
# these go through the modules' own errors
"$HEAPTUI" --no-cache --theme "$esc" --print info "$snap" >/dev/null 2>"$tmp/err"
check "error for a theme name with escapes" "$tmp/err"
"$HEAPTUI" --no-cache --print summary -F "($esc" "$snap" >/dev/null 2>"$tmp/err"
check "error for a bad regex with escapes" "$tmp/err"
grep -q . "$tmp/err" || { echo "FAIL: no error for a bad regex"; fail=1; }

[ -n "$havepy" ] || echo "note: python3 not found, JSON parsing not checked"
echo "$checked outputs checked"
exit $fail
