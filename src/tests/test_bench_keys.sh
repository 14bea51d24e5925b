#!/bin/sh
# test_bench_keys.sh - --bench-keys replays keys through the real UI on a
# screen that goes to /dev/null: one timed line per key read (prompt input
# counts towards the key that opened the prompt), first-screen,
# idle-prepare and max lines, and the replay does what the keys say (q ends
# it early). A bad key list is a one-line error.
set -u
HEAPTUI=${HEAPTUI:-./heaptui}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_bench_keys.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
snap=testdata/meteor/Snapshot4.heapsnapshot.gz
run() { "$HEAPTUI" --cache-dir "$tmp/cache" --bench-keys "$1" "$snap" >"$tmp/out" 2>"$tmp/err"; }

run 'jj<Enter><PgDn>s/Str<Enter>q<Down>' || fail "replay exited $?: $(cat "$tmp/err")"
# the keys after q are never read; "Str<Enter>" went to the filter prompt
labels=$(cut -f1 "$tmp/out" | tr '\n' ' ')
[ "$labels" = "first-screen idle-prepare j j Enter PgDn s / q max " ] || fail "key lines: $labels"
awk -F'\t' 'NF != 2 || $2 !~ /^[0-9]+\.[0-9]$/ { bad = 1 } END { exit bad }' "$tmp/out" ||
	fail "not KEY<TAB>MS lines: $(cat "$tmp/out")"
max=$(awk -F'\t' '$1 != "max" && $1 != "first-screen" && $1 != "idle-prepare" && $2 > m { m = $2 } END { print m + 0 }' "$tmp/out")
got=$(awk -F'\t' '$1 == "max" { print $2 + 0 }' "$tmp/out")
[ "$max" = "$got" ] || fail "max line $got, largest key $max"

for bad in '<Bogus>' "$(printf '%0101d' 0)"; do
	"$HEAPTUI" --cache-dir "$tmp/cache" --bench-keys "$bad" "$snap" >/dev/null 2>"$tmp/err" &&
		fail "bad key list '$bad' accepted"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- '--bench-keys: bad key list' "$tmp/err" ||
		fail "bad key list '$bad': $(cat "$tmp/err")"
done
echo "bench keys: ok"
