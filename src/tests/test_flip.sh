#!/bin/sh
# Byte flips and cuts of a real snapshot: testdata/fuzz/load/meteor-300.heapsnapshot
# (the first 300 nodes of Meteor's Snapshot0 reached from the root, their
# edges and strings; made by src/tests/fuzz/trim-snapshot.py) with 1,000
# bytes overwritten at pseudo-random positions by pseudo-random values (awk
# srand, fixed seed), and cut at 1,000 pseudo-random offsets (test_truncate.sh
# cuts the full Meteor file at chosen places; these land anywhere in a small
# one). Each run must exit 0 or 1 within seconds, print no sanitizer report,
# and when it exits 1 print exactly one line on stderr. A sample of the
# flipped files that load is also run through the full analysis (--print
# summary). Fewer variants under the sanitizers (HEAPTUI_SANITIZED).
HEAPTUI=${HEAPTUI:-./heaptui}
src=testdata/fuzz/load/meteor-300.heapsnapshot
[ -f "$src" ] || { echo "missing $src"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
size=$(wc -c <"$src" | tr -d ' ')
flips=1000 cuts=1000 every=10
if [ -n "$HEAPTUI_SANITIZED" ]; then
	flips=700 cuts=500 every=10
fi
to=
command -v timeout >/dev/null 2>&1 && to="timeout 10"
fail=0 loaded=0 analyzed=0 rejected=0

# check WHAT RC: the outcome of one run ($tmp/out, $tmp/err)
check() {
	if [ -s "$tmp/err" ] && grep -q 'Sanitizer\|runtime error:' "$tmp/err"; then
		echo "FAIL $1: sanitizer report:"; head -n 20 "$tmp/err"; fail=1; return
	fi
	case $2 in
	0) ;;
	1)
		n=0 # counted without a fork: this runs 2,000 times
		while IFS= read -r _; do n=$((n + 1)); done <"$tmp/err"
		if [ "$n" != 1 ]; then
			echo "FAIL $1: exit 1 with $n lines on stderr:"; head -n 5 "$tmp/err"; fail=1
		fi ;;
	124) echo "FAIL $1: timed out"; fail=1 ;;
	*) echo "FAIL $1: exit $2"; head -n 5 "$tmp/err"; fail=1 ;;
	esac
}

# Positions and values: pos in [0, size), value in [0, 256), never the
# byte already there is not guaranteed (a no-op flip is a valid case too).
awk -v n=$flips -v size="$size" 'BEGIN { srand(20261122);
	for (i = 0; i < n; i++) printf "%d %o\n", int(rand() * size), int(rand() * 256) }' \
	>"$tmp/flips"
start=$(date +%s)
i=0
while read -r pos val; do
	i=$((i + 1))
	f=$tmp/flip.heapsnapshot
	cp "$src" "$f"
	# shellcheck disable=SC2059 # the octal escape is the point
	printf "\\$val" | dd of="$f" bs=1 seek="$pos" conv=notrunc 2>/dev/null
	$to "$HEAPTUI" --no-cache --print info "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "flip $i (byte $pos = octal $val)" $rc
	if [ $rc -eq 0 ]; then
		loaded=$((loaded + 1))
		if [ $((loaded % every)) -eq 1 ]; then
			analyzed=$((analyzed + 1))
			$to "$HEAPTUI" --no-cache --print summary "$f" >"$tmp/out" 2>"$tmp/err"
			check "flip $i (byte $pos = octal $val), summary" $?
		fi
	else
		rejected=$((rejected + 1))
	fi
	if [ $fail -ne 0 ]; then
		cp "$f" "${TMPDIR:-/tmp}/heaptui-flip-fail.heapsnapshot" 2>/dev/null
		echo "failing input kept in ${TMPDIR:-/tmp}/heaptui-flip-fail.heapsnapshot"
		exit 1
	fi
done <"$tmp/flips"
echo "$flips flips: $loaded loaded ($analyzed analyzed), $rejected rejected," \
	"$(($(date +%s) - start)) s"

awk -v n=$cuts -v size="$size" 'BEGIN { srand(1122);
	for (i = 0; i < n; i++) print int(rand() * size) }' >"$tmp/cuts"
start=$(date +%s)
i=0
while read -r cut; do
	i=$((i + 1))
	head -c "$cut" "$src" >"$tmp/cut.heapsnapshot"
	$to "$HEAPTUI" --no-cache --print info "$tmp/cut.heapsnapshot" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "cut at $cut" $rc
	# a cut file lacks at least the closing brace: it never loads
	if [ $rc -eq 0 ]; then
		echo "FAIL cut at $cut: loaded"; fail=1
	fi
	if [ $fail -ne 0 ]; then
		exit 1
	fi
done <"$tmp/cuts"
echo "$cuts cuts rejected, $(($(date +%s) - start)) s"
exit $fail
