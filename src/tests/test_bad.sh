#!/bin/sh
# Malformed snapshots: each testdata/bad/NAME.heapsnapshot must make
# `heaptui --print info` exit 1 with exactly the line in NAME.expect on
# stderr (file, byte offset, message) and nothing on stdout.
HEAPTUI=${HEAPTUI:-./heaptui}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for f in testdata/bad/*.heapsnapshot; do
	name=${f%.heapsnapshot}
	n=$((n + 1))
	if [ ! -f "$name.expect" ]; then
		echo "FAIL $f: no $name.expect"; fail=1; continue
	fi
	"$HEAPTUI" --no-cache --print info "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL $f: exit $rc, expected 1"; cat "$tmp/err"; fail=1; continue
	fi
	if ! cmp -s "$name.expect" "$tmp/err"; then
		echo "FAIL $f: stderr differs"
		echo "  expected: $(cat "$name.expect")"
		echo "  got:      $(cat "$tmp/err")"
		fail=1; continue
	fi
	if [ -s "$tmp/out" ]; then
		echo "FAIL $f: wrote to stdout"; fail=1
	fi
done
[ $n -ge 25 ] || { echo "FAIL: only $n bad files"; fail=1; }
[ $fail -eq 0 ] && echo "ok: $n malformed files rejected"
exit $fail
