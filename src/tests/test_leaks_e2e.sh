#!/bin/sh
# `--print leaks` end to end, in text, TSV and JSON.
#
#   clean    testdata/snapshots/clean0 -> clean1 (programs/clean.js drops
#            every batch it allocates; only the fixed-size `totals` is kept):
#            no suspect above the noise floor (LEAKS_MIN_RETAINED, 1.0 kB) in
#            any format, exit 0, and --fail-over 0 still exits 0.
#   Meteor   testdata/meteor/Snapshot0..4 (one replaceThing() call per
#            snapshot, each keeping the previous theThing through the
#            Context that someMethod and the unused closure share):
#            - the top suspect is {longStr, someMethod} with one survivor per
#              interval (hand-checked: one theThing per call), its oldest
#              survivor and its retained size computed from DevTools' own
#              figures (testdata/golden/meteor0, meteor4 nodes.tsv: survivors
#              are the ids of meteor4 missing from meteor0, each counted once
#              along the oracle's dominator tree, as leaks.h defines);
#            - someMethod's closures (Function) and the per-call Contexts
#              grow with it (4 survivors each, held through suspect 1);
#            - the verdicts name the closure Context (originalThing, shared
#              by someMethod() and unused(), scope of replaceThing()) and the
#              timer whose callback is replaceThing(); the timer lies nearer
#              the GC roots (higher level) than the originalThing Context;
#            - `--print path` of the leaked longStr string (the `longStr`
#              edge of the oldest survivor) gives the same two verdicts, in
#              patterns.h's root-first order: timer before closure.
#   --fail-over BYTES: exit 3 when the top suspect retains BYTES or more
#            (main.c's help), 0 otherwise: thresholds below, at, just above
#            and far above the oracle figure; the JSON parses either way.
# JSON is checked with python3 (json.tool and small assertions); without
# python3 the rest runs and the test reports itself skipped.
HEAPTUI=${HEAPTUI:-./heaptui}
[ -x "$HEAPTUI" ] || { echo "no heaptui binary at $HEAPTUI"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_leaks_e2e.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
H() { "$HEAPTUI" --cache-dir "$tmp/cache" "$@"; }
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1
# json_ok FILE LABEL: the file is valid JSON
json_ok() {
	[ $have_py = 1 ] || return 0
	python3 -m json.tool "$1" >/dev/null 2>"$tmp/json.err" ||
		bad "$2: JSON does not parse: $(cat "$tmp/json.err")"
}
# table NAME: rows (with header) of table NAME of a multi-table TSV on stdin
table() {
	awk -v t="# $1" '/^# / { on = ($0 == t); next } on { print }'
}
# col NAME: column NAME (by header) of the TSV on stdin, header dropped
col() {
	awk -F'\t' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		k { print $k }'
}

S=testdata/snapshots
M=testdata/meteor
G=testdata/golden

# ---- clean: no suspect ---------------------------------------------------
CLEAN="$S/clean0.heapsnapshot.gz $S/clean1.heapsnapshot.gz"
H --print leaks $CLEAN >"$tmp/clean.txt" 2>"$tmp/clean.err"
rc=$?
[ $rc -eq 0 ] || bad "clean text: exit $rc: $(cat "$tmp/clean.err")"
grep -q '^No leak suspect: .* retaining 1\.0 kB or more' "$tmp/clean.txt" ||
	bad "clean text: no 'No leak suspect ... 1.0 kB' line"
grep -q 'Most likely leak' "$tmp/clean.txt" && bad "clean text: names a leak"
# the suspects table is empty: its header is the last line that is not blank
last=$(grep -v '^$' "$tmp/clean.txt" | tail -n 1)
case $last in
rank*class*survivors*) ;;
*) bad "clean text: rows after the suspects header: $last" ;;
esac

H --print leaks --format tsv $CLEAN >"$tmp/clean.tsv"
rc=$?
[ $rc -eq 0 ] || bad "clean tsv: exit $rc"
# one line: the header; no verdicts table
[ "$(wc -l <"$tmp/clean.tsv")" -eq 1 ] || bad "clean tsv: not just a header: $(cat "$tmp/clean.tsv")"
head -n 1 "$tmp/clean.tsv" | grep -q "^rank	class	survivors	interval1	retained_size" ||
	bad "clean tsv: header: $(head -n 1 "$tmp/clean.tsv")"

H --print leaks --format json $CLEAN >"$tmp/clean.json"
rc=$?
[ $rc -eq 0 ] || bad "clean json: exit $rc"
json_ok "$tmp/clean.json" "clean json"
if [ $have_py = 1 ]; then
	python3 - "$tmp/clean.json" <<'PY' || bad "clean json: content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["suspects"] == [], d["suspects"]
assert not d.get("verdicts"), d.get("verdicts")
PY
fi

H --print leaks --fail-over 0 $CLEAN >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] || bad "clean --fail-over 0: exit $rc, expected 0 (no suspect)"

# ---- Meteor: expectations from the oracle --------------------------------
# Survivors of {longStr, someMethod}: its ids in meteor4 that meteor0 lacks
# (any class: meteor0 names the one it has Object). Oldest = lowest id (V8
# ids grow with allocation); retained = sum over the survivors that no other
# survivor dominates (walk the oracle's dominator ids up to the root).
expect=$({
	gzip -dc $G/meteor0/nodes.tsv.gz | sed 's/^/0	/'
	gzip -dc $G/meteor4/nodes.tsv.gz | sed 's/^/4	/'
} | awk -F'\t' '
	$2 == "id" { next }
	$1 == "0" { old[$2] = 1; next }
	{ dom[$2] = $7; ret[$2] = $6; if ($3 == "{longStr, someMethod}") cand[$2] = 1 }
	END {
		n = 0
		for (id in cand) if (!(id in old)) { surv[id] = 1; n++ }
		oldest = ""; total = 0
		for (id in surv) {
			if (oldest == "" || id + 0 < oldest + 0) oldest = id
			d = dom[id]; inside = 0
			while (d != "" && dom[d] != d) { if (d in surv) { inside = 1; break } d = dom[d] }
			if (!inside) total += ret[id]
		}
		print n, oldest, total
	}')
set -- $expect
want_n=$1 want_oldest=$2 want_ret=$3
# sanity of the oracle-derived figures (the snapshots do not change)
[ "$want_n" = 4 ] && [ -n "$want_oldest" ] && [ "$want_ret" -gt 1024 ] 2>/dev/null ||
	{ echo "FAIL: cannot derive the Meteor expectations from $G: $expect"; exit 1; }

METEOR="$M/Snapshot0.heapsnapshot.gz $M/Snapshot1.heapsnapshot.gz $M/Snapshot2.heapsnapshot.gz
	$M/Snapshot3.heapsnapshot.gz $M/Snapshot4.heapsnapshot.gz"

H --print leaks --format tsv $METEOR >"$tmp/m.tsv" 2>"$tmp/m.err"
rc=$?
[ $rc -eq 0 ] || bad "meteor tsv: exit $rc: $(cat "$tmp/m.err")"
table suspects <"$tmp/m.tsv" >"$tmp/m.suspects"
table verdicts <"$tmp/m.tsv" >"$tmp/m.verdicts"
row1=$(awk -F'\t' 'NR == 2' "$tmp/m.suspects")
# rank class survivors i1 i2 i3 i4 retained shallow held_through oldest_id path
got=$(printf '%s\n' "$row1" | cut -f 1-8,10,11)
want=$(printf '1\t{longStr, someMethod}\t%s\t1\t1\t1\t1\t%s\t\t%s' "$want_n" "$want_ret" "$want_oldest")
[ "$got" = "$want" ] || bad "meteor: top suspect
  got:      $got
  expected: $want"
# someMethod closures and the per-call Contexts grow with it
for cls in Function 'system / Context'; do
	r=$(awk -F'\t' -v c="$cls" '$2 == c' "$tmp/m.suspects" | cut -f 3-7,10)
	[ "$r" = "$(printf '4\t1\t1\t1\t1\t1')" ] ||
		bad "meteor: $cls: expected 4 survivors (1 per interval) held through 1, got '$r'"
done
# verdicts of suspect 1: the originalThing Context and the timer
vrow() { # KIND WORD: the verdict row of suspect 1 of KIND whose text has WORD
	awk -F'\t' -v k="$1" -v w="$2" '$1 == 1 && $3 == k && index($5, w)' "$tmp/m.verdicts"
}
closure=$(vrow closure originalThing)
timer=$(vrow timer _onTimeout)
[ -n "$closure" ] || bad "meteor: no closure verdict on originalThing: $(cat "$tmp/m.verdicts")"
[ -n "$timer" ] || bad "meteor: no timer verdict: $(cat "$tmp/m.verdicts")"
for w in 'closure variable originalThing in system / Context' 'scope of replaceThing()' \
	'someMethod()' 'unused()'; do
	case $closure in *"$w"*) ;; *) bad "meteor: closure verdict lacks '$w': $closure" ;; esac
done
for w in 'timer callback: Timeout' 'setInterval' 'calls replaceThing()' 'via _onTimeout'; do
	case $timer in *"$w"*) ;; *) bad "meteor: timer verdict lacks '$w': $timer" ;; esac
done
cl=$(printf '%s\n' "$closure" | cut -f 4 | head -n 1)
tl=$(printf '%s\n' "$timer" | cut -f 4 | head -n 1)
[ -n "$cl" ] && [ -n "$tl" ] && [ "$tl" -gt "$cl" ] 2>/dev/null ||
	bad "meteor: timer (level $tl) should be nearer the roots than the closure (level $cl)"

# text: the conclusion names the class and the Context
H --print leaks $METEOR >"$tmp/m.txt" 2>&1 || bad "meteor text: exit $?"
grep -q '^Most likely leak: {longStr, someMethod} - 4 objects' "$tmp/m.txt" ||
	bad "meteor text: no 'Most likely leak: {longStr, someMethod} - 4 objects'"
grep '^  Why: ' "$tmp/m.txt" | grep -q 'closure variable originalThing' ||
	bad "meteor text: 'Why:' does not name originalThing"
grep -q '^  Growing with it .*Function.*system / Context' "$tmp/m.txt" ||
	bad "meteor text: Function and system / Context not listed as growing with it"

# JSON: parses and says the same
H --print leaks --format json $METEOR >"$tmp/m.json" || bad "meteor json: exit $?"
json_ok "$tmp/m.json" "meteor json"
if [ $have_py = 1 ]; then
	python3 - "$tmp/m.json" "$want_n" "$want_oldest" "$want_ret" <<'PY' || bad "meteor json: content"
import json, sys
d = json.load(open(sys.argv[1]))
n, oldest, ret = (int(x) for x in sys.argv[2:5])
s = d["suspects"][0]
assert s["class"] == "{longStr, someMethod}", s
assert (s["survivors"], s["oldest_id"], s["retained_size"]) == (n, oldest, ret), s
assert [s["interval%d" % k] for k in range(1, 5)] == [1, 1, 1, 1], s
assert s["held_through"] is None, s
kinds = {v["kind"] for v in d["verdicts"] if v["rank"] == 1}
assert {"closure", "timer"} <= kinds, d["verdicts"]
PY
fi

# ---- the path of a leaked longStr ----------------------------------------
M4=$M/Snapshot4.heapsnapshot.gz
H --print node "$want_oldest" --format tsv "$M4" >"$tmp/node.tsv" || bad "node $want_oldest: exit $?"
longstr=$(table edges <"$tmp/node.tsv" | awk -F'\t' '$1 == "property" && $2 == "longStr" { print $3 }')
[ -n "$longstr" ] || bad "node $want_oldest has no longStr edge"
H --print path "$longstr" --format tsv "$M4" >"$tmp/path.tsv" || bad "path $longstr: exit $?"
table patterns <"$tmp/path.tsv" >"$tmp/path.patterns"
# rows: level pattern edge_type edge_name retainer_id verdict (root first)
order=$(awk -F'\t' 'NR > 1 && ($2 == "timer" || ($2 == "closure" && $4 == "originalThing")) {
	printf "%s%s", sep, $2; sep = " " }' "$tmp/path.patterns")
[ "$order" = "timer closure" ] ||
	bad "path of longStr @$longstr: expected timer then the originalThing closure, got '$order':
$(cat "$tmp/path.patterns")"
# levels descend (root first), as patterns.h promises
col level <"$tmp/path.patterns" | sort -n -r -c 2>/dev/null ||
	bad "path of longStr @$longstr: verdict levels not root first: $(col level <"$tmp/path.patterns" | tr '\n' ' ')"
grep -q '	timer	property	_onTimeout	.*calls replaceThing()' "$tmp/path.patterns" ||
	bad "path of longStr @$longstr: timer verdict does not name replaceThing()"
grep '	closure	context	originalThing	' "$tmp/path.patterns" | grep -q 'someMethod().*unused()' ||
	bad "path of longStr @$longstr: closure verdict does not name someMethod() and unused()"
H --print path "$longstr" --format json "$M4" >"$tmp/path.json" || bad "path json: exit $?"
json_ok "$tmp/path.json" "path json"

# ---- --fail-over ---------------------------------------------------------
fo() { # BYTES EXPECTED_EXIT
	H --print leaks --format json --fail-over "$1" $METEOR >"$tmp/fo.json" 2>"$tmp/fo.err"
	rc=$?
	[ $rc -eq "$2" ] || bad "--fail-over $1: exit $rc, expected $2 (top suspect retains $want_ret)"
	json_ok "$tmp/fo.json" "--fail-over $1 json"
}
fo 1024 3                     # well below
fo "$want_ret" 3              # "BYTES or more"
fo $((want_ret + 1)) 0        # just above
fo 100000000 0                # far above
# the text report says why it failed
H --print leaks --fail-over 1024 $METEOR >"$tmp/fo.txt" 2>&1
grep -q -- '--fail-over: the top suspect retains' "$tmp/fo.txt" ||
	bad "--fail-over: the text report does not explain exit 3"

if [ $fail -ne 0 ]; then
	exit 1
fi
if [ $have_py = 0 ]; then
	echo "python3 not installed: JSON checks skipped"
	exit 77
fi
echo ok
exit 0
