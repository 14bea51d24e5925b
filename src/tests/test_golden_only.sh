#!/bin/sh
# --only duplicated-strings and --only retained-by-detached equal DevTools'
# Summary with its "Duplicated strings" and "Objects retained by detached
# DOM nodes" filters (testdata/golden/only/, made by running DevTools'
# worker with NodeFilter.filterName set: see testdata/golden/README.md);
# --only detached lists one row per detached DOM tree whose retained size is
# DevTools' retained size of the tree's root node.
g=testdata/golden
fail=0
for spec in chrome1:snapshots/chrome1 meteor4:meteor/Snapshot4 rich1:snapshots/rich1; do
	name=${spec%%:*}
	file=testdata/${spec#*:}.heapsnapshot.gz
	for pair in duplicatedStrings:duplicated-strings \
		objectsRetainedByDetachedDomNodes:retained-by-detached; do
		want=$g/only/$name-${pair%%:*}.tsv
		got=$("$HEAPTUI" --print summary --only "${pair#*:}" --format tsv "$file" | sed 1d |
			sort)
		exp=$(sed 1d "$want" | sort)
		if [ "$got" != "$exp" ]; then
			echo "FAIL $name --only ${pair#*:}:"
			printf '%s\n' "$got" > /tmp/only-got.$$
			printf '%s\n' "$exp" | diff - /tmp/only-got.$$ | head -20
			rm -f /tmp/only-got.$$
			fail=1
		fi
	done
done

# Detached trees of the Chrome page: two <table>s kept by window.leaked
trees=$("$HEAPTUI" --print summary --only detached --format tsv testdata/snapshots/chrome1.heapsnapshot.gz)
[ "$(printf '%s\n' "$trees" | grep -c '^Detached <table>	')" -eq 2 ] ||
	{ echo "FAIL: expected two Detached <table> trees in:"; echo "$trees"; fail=1; }
# each root's retained size is the oracle's figure for that node
printf '%s\n' "$trees" | sed 1d | while IFS='	' read -r cls id nodes shallow retained; do
	want=$(gzip -dc $g/chrome1/nodes.tsv.gz | awk -F'\t' -v id="$id" '$1 == id { print $5 }')
	if [ "$want" != "$retained" ]; then
		echo "FAIL: tree @$id ($cls): retained $retained, DevTools $want"
		exit 1
	fi
done || fail=1
exit $fail
