#!/bin/sh
# A real snapshot cut short at a few hundred offsets (in the header, in
# every array, in the strings, at section boundaries): each cut must fail
# with exit 1 and exactly one "heaptui: FILE: byte N: ..." line on stderr,
# nothing on stdout, and quickly. Fewer cuts under the sanitizers.
HEAPTUI=${HEAPTUI:-./heaptui}
command -v gzip >/dev/null 2>&1 || { echo "gzip not found"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
full=$tmp/full.heapsnapshot
gzip -dc testdata/meteor/Snapshot0.heapsnapshot.gz >"$full" || exit 1
size=$(wc -c <"$full" | tr -d ' ')
cuts=150
[ -n "$HEAPTUI_SANITIZED" ] && cuts=80
to=
command -v timeout >/dev/null 2>&1 && to="timeout 20"

# Offsets: every 13th byte of the header, both sides of each section start,
# then an even spread over the file with an odd stride (lands anywhere in
# numbers, separators and strings).
{
	i=0
	while [ $i -lt 900 ]; do echo $i; i=$((i + 13)); done
	for key in '"nodes"' '"edges"' '"trace_function_infos"' '"trace_tree"' \
		   '"samples"' '"locations"' '"strings"'; do
		off=$(grep -bo "$key" "$full" | head -n 1 | cut -d: -f1)
		[ -n "$off" ] || continue
		for d in -2 -1 0 1 5 8 9 10 11 12 30; do echo $((off + d)); done
	done
	awk -v n=$cuts -v size=$size 'BEGIN { for (i = 1; i <= n; i++) print int(size / n * i - 7 * i) }'
	echo $((size - 1))
	echo $((size - 2))
} | awk -v size=$size '$1 >= 0 && $1 < size' | sort -n -u >"$tmp/offsets"
if [ -n "$HEAPTUI_SANITIZED" ]; then
	# keep the whole header set and section edges, thin the spread
	awk 'NR <= 70 || NR % 3 == 0' "$tmp/offsets" >"$tmp/o2" && mv "$tmp/o2" "$tmp/offsets"
fi

fail=0 n=0
start=$(date +%s)
cut=$tmp/cut.heapsnapshot
while read -r off; do
	n=$((n + 1))
	head -c "$off" "$full" >"$cut"
	$to "$HEAPTUI" --no-cache --print info "$cut" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	if [ $rc -ne 1 ] || [ "$lines" != 1 ] || [ -s "$tmp/out" ] ||
	   ! grep -q "^heaptui: $cut: byte [0-9]*: " "$tmp/err"; then
		echo "FAIL cut at $off: exit $rc, $lines stderr lines:"
		head -n 5 "$tmp/err"
		fail=1
	fi
done <"$tmp/offsets"
took=$(($(date +%s) - start))
echo "$n cuts of $size bytes in ${took}s"
[ $n -ge 100 ] || { echo "FAIL: only $n cuts"; fail=1; }
exit $fail
