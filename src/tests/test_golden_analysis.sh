#!/bin/sh
# test_golden_analysis.sh - heaptui's analysis against DevTools, node for node.
#
# For every testdata/golden/NAME/ that has summary.tsv and nodes.tsv.gz
# (written by the DevTools oracle: make-meteor.sh for meteor0/meteor4,
# make-goldens.sh for the others) and whose snapshot is present, compares
#   --print summary --format tsv   with summary.tsv   (every row, in order)
#   --print nodes --format tsv     with nodes.tsv.gz  (id class self_size
#                                   distance retained_size dominator_id)
#   --print stats --format tsv     with stats.tsv     (the Statistics figures)
# exactly. Two differences of form only are normalised: DevTools shows "−"
# (U+2212) where heaptui prints "-", and heaptui's TSV escapes control,
# line/paragraph separator (U+2028, U+2029) and bidi characters in class
# names that the oracle writes raw, so such a class cell is compared as
# "<escaped>" on both sides.
# Run from the repository root; the binary under test is $HEAPTUI.
HEAPTUI=${HEAPTUI:-./heaptui}
[ -x "$HEAPTUI" ] || { echo "no heaptui binary at $HEAPTUI"; exit 77; }
command -v gunzip >/dev/null 2>&1 || { echo "gunzip missing"; exit 77; }
gold=testdata/golden
tmp=$(mktemp -d /tmp/heaptui-golden-analysis.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
LC_ALL=C
export LC_ALL
minus=$(printf '\342\210\222')
failed=0 checked=0

# escaped_oracle COL: blank out cells of column COL holding raw control,
# separator or bidi bytes (U+061C, U+200E/F, U+2028..U+202E, U+2066..U+2069),
# the code points text_sanitize escapes
escaped_oracle() {
	awk -F'\t' -v OFS='\t' -v c="$1" '
		$c ~ /[\001-\037\177]|\302[\200-\237]/ { $c = "<escaped>" }
		$c ~ /\330\234|\342\200[\216\217\250-\256]|\342\201[\246-\251]/ { $c = "<escaped>" }
		{ print }'
}

# escaped_heaptui COL: blank out cells of column COL that heaptui escaped
escaped_heaptui() {
	awk -F'\t' -v OFS='\t' -v c="$1" '
		$c ~ /\\x[0-9a-fA-F][0-9a-fA-F]|\\u[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]/ {
			$c = "<escaped>" }
		{ print }'
}

# compare WHAT EXPECTED GOT: report the first differences
compare() {
	if cmp -s "$2" "$3"; then
		return 0
	fi
	echo "FAIL $1: $(diff "$2" "$3" | grep -c '^>') rows differ (< DevTools, > heaptui)"
	diff "$2" "$3" | head -n 10
	failed=$((failed + 1))
}

snapshot_of() {
	case $1 in
	meteor[0-4]) echo "testdata/meteor/Snapshot${1#meteor}.heapsnapshot.gz" ;;
	*) echo "testdata/snapshots/$1.heapsnapshot.gz" ;;
	esac
}

for dir in "$gold"/*/; do
	name=$(basename "$dir")
	[ -f "$dir/summary.tsv" ] && [ -f "$dir/nodes.tsv.gz" ] || continue
	snap=$(snapshot_of "$name")
	[ -f "$snap" ] || continue
	checked=$((checked + 1))

	sed "1s/distance_ui/distance/; s/$minus/-/" "$dir/summary.tsv" | escaped_oracle 1 \
		> "$tmp/want.summary"
	if ! "$HEAPTUI" --print summary --format tsv "$snap" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $name summary: heaptui failed: $(cat "$tmp/err")"
		failed=$((failed + 1))
		continue
	fi
	escaped_heaptui 1 < "$tmp/out" > "$tmp/got.summary"
	compare "$name summary" "$tmp/want.summary" "$tmp/got.summary"

	gunzip -c "$dir/nodes.tsv.gz" | escaped_oracle 2 > "$tmp/want.nodes"
	if ! "$HEAPTUI" --print nodes --format tsv "$snap" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $name nodes: heaptui failed: $(cat "$tmp/err")"
		failed=$((failed + 1))
		continue
	fi
	cut -f 1,2,4,5,6,7 "$tmp/out" | escaped_heaptui 2 > "$tmp/got.nodes"
	compare "$name nodes" "$tmp/want.nodes" "$tmp/got.nodes"

	if [ -f "$dir/stats.tsv" ]; then
		awk -F'\t' -v OFS='\t' '
			$1 == "statistics.total" { print "total", $2 }
			$1 == "statistics.native.total" { print "native", $2 }
			$1 == "statistics.native.typedArrays" { print "typed_arrays", $2 }
			$1 == "statistics.v8heap.total" { print "v8heap", $2 }
			$1 == "statistics.v8heap.code" { print "code", $2 }
			$1 == "statistics.v8heap.jsArrays" { print "js_arrays", $2 }
			$1 == "statistics.v8heap.strings" { print "strings", $2 }
			$1 == "statistics.v8heap.system" { print "system", $2 }' "$dir/stats.tsv" |
			sort > "$tmp/want.stats"
		if "$HEAPTUI" --print stats --format tsv "$snap" > "$tmp/out" 2> "$tmp/err"; then
			awk -F'\t' -v OFS='\t' 'NR > 1 && $1 != "other" && $1 != "extra_native"' \
				"$tmp/out" | sort > "$tmp/got.stats"
			compare "$name stats" "$tmp/want.stats" "$tmp/got.stats"
		else
			echo "FAIL $name stats: heaptui failed: $(cat "$tmp/err")"
			failed=$((failed + 1))
		fi
	fi
	echo "checked $name: $(($(wc -l < "$tmp/want.nodes") - 1)) nodes," \
	     "$(($(wc -l < "$tmp/want.summary") - 1)) classes"
done

[ "$checked" -gt 0 ] || { echo "FAIL: no golden analysis data"; exit 1; }
[ "$failed" -eq 0 ]
