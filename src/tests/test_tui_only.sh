#!/bin/sh
# The Summary's filter menu (`o`), DevTools' named filters in the TUI: on a
# Chrome page with detached DOM trees, pick each of "Objects retained by
# detached DOM nodes", "Duplicated strings" and "Detached DOM trees" and
# check that the grid shows the rows of `--print summary --only MODE`
# (names, counts, ids, distances and sizes as fmt.h writes them, in the same
# order; for the two node filters those rows are also DevTools' own, from
# testdata/golden/only/). Esc closes the menu and, on a filtered Summary,
# brings back all objects; `@` finds a node inside or outside the filter;
# the menu survives a resize below the minimum size and fits the minimum;
# an empty result says so; hostile names in detached trees reach the
# screen only escaped.
. src/tests/tui_lib.sh

CHROME=$REPO/testdata/snapshots/chrome1.heapsnapshot.gz
GOLDEN=$REPO/testdata/golden/only
TAB=$(printf '\t')

# A byte count as the TUI shows it (fmt_size: decimal units, half up).
human() {
	awk -v b="$1" 'function th(n,  s) {
		s = ""
		while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
		return n s
	}
	function tenths(b, scale, unit,  t) {
		t = int((b + scale / 20) / (scale / 10))
		return sprintf("%d.%d %s", int(t / 10), t % 10, unit)
	}
	BEGIN {
		if (b < 1000) print b " B"
		else if (b < 100000) print tenths(b, 1000, "kB")
		else if (b < 1000000) print th(int((b + 500) / 1000)) " kB"
		else if (b < 100000000) print tenths(b, 1000000, "MB")
		else print th(int((b + 500000) / 1000000)) " MB"
	}'
}

# A count with thousands separators (fmt_count).
count() {
	awk -v n="$1" 'BEGIN {
		s = ""
		while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
		print n s
	}'
}

# The rows of the batch Summary (TSV without its header).
batch() {
	if [ "$1" = all ]; then
		"$HEAPTUI" --print summary --format tsv "$CHROME" | sed 1d
	else
		"$HEAPTUI" --print summary --only "$1" --format tsv "$CHROME" | sed 1d
	fi
}

# The grid line of a top-level row whose tree column starts with $1.
row_line() {
	tui_screen | grep -F -e "▸ $1" -e "▾ $1" | head -1
}

# The figures after $2 on line $1: spaces squeezed, percentages dropped.
figures() {
	_rest=${1#*"$2"}
	printf '%s\n' "$_rest" | sed 's/ [^ ]*%//g' | tr -s ' ' | sed 's/^ //; s/ $//'
}

# Poll until a line holding $1 also holds $2.
wait_line() {
	_end=$(($(tui_now) + TUI_TIMEOUT))
	until tui_screen | grep -F -e "$1" | grep -F -q -e "$2"; do
		[ "$(tui_now)" -lt "$_end" ] || tui_fail "timed out waiting for '$1' with '$2'"
		sleep 0.1
	done
}

# Class rows (retained-by-detached, duplicated-strings, all): every row of
# the batch Summary (the first $2 for all objects) is on screen with its
# count, distance and sizes, in the batch order, and nothing else.
check_classes() {
	rows=$(batch "$1" | head -n "${2:-1000000}")
	[ -n "$rows" ] || tui_fail "--only $1 printed no rows"
	last=$(printf '%s\n' "$rows" | tail -1 | cut -f1,2)
	tui_wait "${last%%"$TAB"*}  ×$(count "${last#*"$TAB"}") "
	while IFS="$TAB" read -r cls n dist shallow retained; do
		key="$cls  ×$(count "$n") "
		line=$(row_line "$key")
		[ -n "$line" ] || tui_fail "--only $1: no row '$key'"
		got=$(figures "$line" "$key")
		want="$dist $(human "$shallow") $(human "$retained")"
		[ "$got" = "$want" ] || tui_fail "--only $1: row '$cls' shows '$got', batch says '$want'"
	done <<EOF
$rows
EOF
	got=$(tui_screen | sed -n 's/^[^ ]* \(.*\)  ×[0-9,]* .*/\1/p' | head -n "${2:-1000000}")
	want=$(printf '%s\n' "$rows" | cut -f1)
	[ "$got" = "$want" ] || tui_fail "--only $1: rows on screen:
$got
batch rows:
$want"
}

# The batch rows of the two node filters are DevTools' (the golden files).
check_golden() {
	got=$(batch "$1" | sort)
	want=$(sed 1d "$GOLDEN/chrome1-$2.tsv" | sort)
	[ "$got" = "$want" ] || { echo "FAIL: --only $1 differs from $GOLDEN/chrome1-$2.tsv"; exit 1; }
}
check_golden retained-by-detached objectsRetainedByDetachedDomNodes
check_golden duplicated-strings duplicatedStrings

tui_start 160 45
tui_run "\"$HEAPTUI\" \"$CHROME\"; echo EXIT=\$?"
tui_wait 'Retained Size'
first_all=$(batch all | head -1)
all_key="$(printf '%s' "$first_all" | cut -f1)  ×$(count "$(printf '%s' "$first_all" | cut -f2)") "
tui_wait "$all_key"

# ---- the menu opens, Esc and q close it without changing anything -------
tui_keys o
tui_wait 'Summary: show'
for label in '* All objects' 'Objects retained by detached DOM nodes' 'Duplicated strings' \
	'Detached DOM trees' 'Esc/q cancel'; do
	tui_screen | grep -F -q -e "$label" || tui_fail "menu lacks '$label'"
done
tui_keys Escape
tui_gone 'Summary: show'
tui_screen | head -1 | grep -F -q 'Summary │ chrome1' || tui_fail "Esc in the menu changed the Summary"
tui_keys o
tui_wait 'Summary: show'
tui_keys q
tui_gone 'Summary: show'
tui_screen | grep -F -q 'EXIT=' && tui_fail "q in the menu quit heaptui"
check_classes all 8

# ---- objects retained by detached DOM nodes (arrow key, Enter) -----------
tui_keys o
tui_wait 'Summary: show'
tui_keys Down Enter
tui_wait 'Summary │ Objects retained by detached DOM nodes │'
tui_gone 'Summary: show'
check_classes retained-by-detached
[ -z "$(row_line "$all_key")" ] || tui_fail "filtered Summary still lists '$all_key'"

# ---- duplicated strings (j, Enter); each string shown is there twice -----
tui_keys o
tui_wait '* Objects retained by detached DOM nodes'
tui_keys j Enter
tui_wait 'Summary │ Duplicated strings │'
check_classes duplicated-strings
n=$(batch duplicated-strings | awk -F"$TAB" '{ s += $2 } END { print s }')
tui_keys Enter # expand the (first, selected) class
tui_wait '▾ (string)'
_end=$(($(tui_now) + TUI_TIMEOUT))
while :; do
	strings=$(tui_screen | sed -n 's/^  [^ "]* *\(".*"\) @[0-9]* .*/\1/p')
	[ "$(printf '%s\n' "$strings" | grep -c .)" -eq "$n" ] && break
	[ "$(tui_now)" -lt "$_end" ] || tui_fail "expected $n duplicated strings, saw: $strings"
	sleep 0.1
done
single=$(printf '%s\n' "$strings" | sort | uniq -u)
[ -z "$single" ] || tui_fail "not duplicated: $single"

# ---- detached DOM trees (G, Enter): root, id, nodes, sizes ---------------
tui_keys o
tui_wait '* Duplicated strings'
tui_keys G Enter
tui_wait 'Summary │ Detached DOM trees │'
trees=$(batch detached)
[ -n "$trees" ] || tui_fail "--only detached printed no rows"
last=$(printf '%s\n' "$trees" | tail -1)
tui_wait "$(printf '%s' "$last" | cut -f1) @$(printf '%s' "$last" | cut -f2)  "
while IFS="$TAB" read -r cls id nodes shallow retained; do
	s=s
	[ "$nodes" -eq 1 ] && s=
	key="$cls @$id  $(count "$nodes") node$s "
	line=$(row_line "$key")
	[ -n "$line" ] || tui_fail "no tree row '$key'"
	got=$(figures "$line" "$key")
	got=${got#* } # the root's distance, which the batch report does not print
	want="$(human "$shallow") $(human "$retained")"
	[ "$got" = "$want" ] || tui_fail "tree @$id shows '$got', batch says '$want'"
done <<EOF
$trees
EOF
got=$(tui_screen | sed -n 's/^[^ ]* .* @\([0-9]*\)  [0-9,]* nodes\{0,1\} .*/\1/p')
want=$(printf '%s\n' "$trees" | cut -f2)
[ "$got" = "$want" ] || tui_fail "tree ids on screen: $got; batch: $want"
[ -z "$(row_line "$all_key")" ] || tui_fail "tree list still lists '$all_key'"
# the selected tree's root is what the Retainers pane shows
id1=$(printf '%s\n' "$want" | head -1)
wait_line 'Retainers of ' "@$id1"
# `@` finds a tree root among the trees
id2=$(printf '%s\n' "$want" | sed -n 2p)
if [ -n "$id2" ]; then
	tui_keys @
	tui_wait 'go to node id'
	tui_keys -l "$id2"
	tui_keys Enter
	wait_line 'Retainers of ' "@$id2"
	tui_screen | head -1 | grep -F -q 'Detached DOM trees' || tui_fail "@ left the tree list"
fi

# ---- Esc on a filtered Summary brings back all objects -------------------
tui_keys Escape
tui_wait 'Summary │ chrome1'
tui_gone 'Detached DOM trees'
check_classes all 8

# ---- `@` of an object outside the filter shows it among all objects ------
other=$("$HEAPTUI" --print nodes --filter '^HTMLDocument$' --format tsv "$CHROME" | sed -n 2p | cut -f1)
[ -n "$other" ] || tui_fail "no HTMLDocument in $CHROME"
tui_keys o
tui_wait 'Summary: show'
tui_keys G Enter
tui_wait 'Summary │ Detached DOM trees │'
tui_keys @
tui_wait 'go to node id'
tui_keys -l "$other"
tui_keys Enter
tui_wait "Retainers of HTMLDocument @$other"
tui_wait 'Summary │ chrome1'
tui_wait '▾ HTMLDocument  ×'

# ---- from another view the menu brings the Summary back ------------------
tui_keys 4
tui_wait 'V8 heap'
tui_keys o
tui_wait 'Summary: show'
tui_keys j j Enter
tui_wait 'Summary │ Duplicated strings │'
tui_wait '(string)  ×'

# ---- resizes: below the minimum and back, then the minimum itself -------
tui_keys o
tui_wait 'Summary: show'
T resize-window -t main -x 40 -y 12
tui_wait 'too small'
tui_keys j k Escape # ignored while too small (q would close the menu)
T resize-window -t main -x 160 -y 45
tui_gone 'too small'
tui_wait 'Summary: show'
T resize-window -t main -x 60 -y 15
tui_wait 'Esc/q cancel'
for label in 'All objects' 'Objects retained by detached DOM nodes' 'Duplicated strings' \
	'Detached DOM trees'; do
	tui_screen | grep -F -q -e "$label" || tui_fail "menu at 60x15 lacks '$label'"
done
w=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
[ "$w" -le 60 ] || tui_fail "lines wider than 60 columns with the menu open ($w)"
tui_keys Escape
tui_gone 'Summary: show'
tui_keys q
tui_check_shell 0
tui_stop

# ---- hostile names in a detached tree are shown escaped ------------------
snap=$TUI_TMP/detached-evil.heapsnapshot
cat >"$snap" <<'JSON'
{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":[],"trace_node_fields":[],"sample_fields":[],"location_fields":["object_index","script_id","line","column"]},"node_count":4,"edge_count":3,"trace_function_count":0},
"nodes":[9,0,1,0,1,0,0, 3,1,3,100,1,0,0, 8,2,5,50,1,0,2, 2,4,7,40,0,0,0],
"edges":[2,3,7, 2,3,14, 2,3,21],
"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[],
"strings":["","Holder","<div\u001b]0;pwned\u0007\u001b[2J>","leak","x\u001b[2Jy"]}
JSON
"$HEAPTUI" --print summary --only detached --format tsv "$snap" | grep -F -q 'Detached <div\x1b]0;pwned' ||
	{ echo "FAIL: --only detached does not list the hostile tree"; exit 1; }
tui_start 120 30
T select-pane -t main -T 'heaptui-test-title'
title0=$(T display -p -t main '#{pane_title}')
: >"$TUI_TMP/out"
T pipe-pane -t main -o "cat >>'$TUI_TMP/out'"
tui_run "\"$HEAPTUI\" \"$snap\"; echo EXIT=\$?"
tui_wait 'Holder'
# a filter that keeps nothing says so (the only string has no twin)
tui_keys o
tui_wait 'Summary: show'
tui_keys j j Enter
tui_wait 'Duplicated strings: none in this snapshot'
tui_keys o
tui_wait 'Summary: show'
tui_keys G Enter
tui_wait 'Summary │ Detached DOM trees │'
tui_wait 'Detached <div\x1b]0;pwned\x07\x1b[2J> @5  1 node '
tui_keys q
tui_check_shell 0
T pipe-pane -t main
title1=$(T display -p -t main '#{pane_title}')
[ "$title0" = "$title1" ] || tui_fail "pane title changed from '$title0' to '$title1'"
for seq in '\033]0;pwned' '\033[2J>'; do
	# shellcheck disable=SC2059 # the octal escapes are the point
	pat=$(printf "$seq")
	if grep -F -q -e "$pat" "$TUI_TMP/out"; then
		tui_fail "raw output contains the sequence $seq"
	fi
done
tui_screen | grep -F -q 'EXIT=0' || tui_fail "screen was cleared"
exit 0
