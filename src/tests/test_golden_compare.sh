#!/bin/sh
# The Comparison (`--print compare --format tsv BASE TARGET`) equals DevTools'
# Comparison view, row for row and in order, for every pair with a golden
# comparison.tsv: Meteor Snapshot0 -> Snapshot4 (testdata/golden/meteor-compare)
# and each testdata/golden/NAME/comparison.tsv against the base named in its
# comparison_base.txt (rich0 -> rich1, clean0 -> clean1, chrome0 -> chrome1).
# The expected files are the DevTools oracle's (testdata/golden/README.md).
# Class names holding control or bidi bytes are compared as "<escaped>": the
# oracle writes them raw, heaptui escapes them (test_hostile.sh checks how).
set -u
HEAPTUI=${HEAPTUI:-./heaptui}
[ -x "$HEAPTUI" ] || { echo "no heaptui binary at $HEAPTUI"; exit 77; }
gold=testdata/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_golden_compare.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL
failed=0 checked=0

escaped_oracle() {
	awk -F'\t' -v OFS='\t' '
		$1 ~ /[\001-\037\177]|\302[\200-\237]/ { $1 = "<escaped>" }
		$1 ~ /\342\200[\216\217\252-\256]|\342\201[\246-\251]/ { $1 = "<escaped>" }
		{ print }'
}
escaped_heaptui() {
	awk -F'\t' -v OFS='\t' '
		$1 ~ /\\x[0-9a-fA-F][0-9a-fA-F]|\\u[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]/ {
			$1 = "<escaped>" }
		{ print }'
}

check() { # check NAME BASE TARGET EXPECTED
	checked=$((checked + 1))
	if ! "$HEAPTUI" --no-cache --print compare --format tsv "$2" "$3" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL $1: heaptui failed: $(cat "$tmp/err")"
		failed=$((failed + 1))
		return
	fi
	escaped_oracle <"$4" >"$tmp/want"
	escaped_heaptui <"$tmp/out" >"$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then
		echo "checked $1: $(($(wc -l <"$tmp/want") - 1)) classes"
	else
		echo "FAIL $1: $(diff "$tmp/want" "$tmp/got" | grep -c '^>') rows differ (< DevTools, > heaptui)"
		diff "$tmp/want" "$tmp/got" | head -n 10
		failed=$((failed + 1))
	fi
}

check meteor0-meteor4 testdata/meteor/Snapshot0.heapsnapshot.gz \
	testdata/meteor/Snapshot4.heapsnapshot.gz "$gold/meteor-compare/comparison.tsv"
for f in "$gold"/*/comparison_base.txt; do
	[ -f "$f" ] || continue
	dir=${f%/comparison_base.txt}
	name=${dir##*/}
	base=$(cat "$f")
	check "$base-$name" "testdata/snapshots/$base.heapsnapshot.gz" \
		"testdata/snapshots/$name.heapsnapshot.gz" "$dir/comparison.tsv"
done
# the issue's hand-checked rows of the Meteor pair, in case a golden is regenerated wrongly
"$HEAPTUI" --no-cache --print compare --format tsv testdata/meteor/Snapshot0.heapsnapshot.gz \
	testdata/meteor/Snapshot4.heapsnapshot.gz >"$tmp/m" 2>/dev/null
for row in '{longStr, someMethod}	4	0	4	160	0	160' '(concatenated string)	62	2	60	'; do
	grep -q "^$row" "$tmp/m" || { echo "FAIL: no row '$row'"; failed=$((failed + 1)); }
done
grep -q '^system / Context	[0-9]*	[0-9]*	4	' "$tmp/m" ||
	{ echo "FAIL: system / Context is not +4"; failed=$((failed + 1)); }
[ "$checked" -gt 0 ] || { echo "FAIL: no golden comparisons"; exit 1; }
[ "$failed" -eq 0 ]
