#!/bin/sh
# Leak patterns through the batch mode (`--print path ID`, `--print leaks`):
# what the programs in testdata/programs do must show in the verdicts.
# Node ids are looked up at test time (`--print nodes --filter`, `--print
# node`), never hard-coded.
#
#   global-leak  (programs/global-leak.js: sloppy `leak = []` holding 1000
#                LeakedRecord) a LeakedRecord's path has exactly one
#                `global` verdict: property `leak` of the global object,
#                holding the Array that holds the record. `process` (a Node
#                built-in global) is never a leak: the global's own `process`
#                property and the process object have no verdict.
#   rich0/rich1  (programs/rich.js: `globalThis.rich` grows) `--print leaks`
#                names `global variable rich` and never `process`.
#   timer-leak   (programs/timer-leak.js) a CacheEntry is held by `cache`,
#                captured by the setInterval callback poll(): timer verdict on
#                _onTimeout calling poll() and closure verdict on `cache`; a
#                TimerPayload is held by `payload` in onData()'s Context, an
#                EventEmitter listener of event 'data': both verdicts.
#   chrome1      (programs/detached.html: window.leaked = [table1], then
#                table2 and an <li> pushed; window.onHold a closure over a
#                detached <div>) a Detached <td> of each table: detached
#                verdict naming its Detached <table>, the Array and the index
#                ([0] for id="detached1", [1] for id="detached2"), and a
#                global verdict on property `leaked`; the <li> via [2]; the
#                <span> under the <div>: detached + closure on `div` and
#                global `onHold`.
HEAPTUI=${HEAPTUI:-./heaptui}
[ -x "$HEAPTUI" ] || { echo "no heaptui binary at $HEAPTUI"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_patterns_e2e.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
H() { "$HEAPTUI" --cache-dir "$tmp/cache" "$@"; }
# table NAME: rows (with header) of table NAME of a multi-table TSV on stdin
table() {
	awk -v t="# $1" '/^# / { on = ($0 == t); next } on { print }'
}
# ids CLASS FILE: ids of the nodes of class CLASS (exactly), in snapshot order
ids() {
	H --print nodes --format tsv --filter "^$1\$" "$2" | awk -F'\t' -v c="$1" '$2 == c { print $1 }'
}
# patterns ID FILE: sets p to the patterns table (no header) of `--print
# path ID` (level pattern edge_type edge_name retainer_id verdict); the
# whole output stays in $tmp/path.tsv
patterns() {
	H --print path "$1" --format tsv "$2" >"$tmp/path.tsv" 2>"$tmp/path.err" ||
		bad "--print path $1 $2: exit $?: $(cat "$tmp/path.err")"
	p=$(table patterns <"$tmp/path.tsv" | sed 1d)
}
# has PATTERNS KIND EDGE_TYPE EDGE_NAME TEXT LABEL: PATTERNS has a verdict
# of KIND on a EDGE_TYPE edge named EDGE_NAME whose text contains TEXT
has() {
	printf '%s\n' "$1" | awk -F'\t' -v k="$2" -v et="$3" -v e="$4" -v t="$5" \
		'$2 == k && $3 == et && $4 == e && index($6, t) { found = 1 } END { exit !found }' ||
		bad "$6: no $2 verdict on $3 edge '$4' containing '$5'; verdicts:
$1"
}

S=testdata/snapshots

# ---- global-leak -----------------------------------------------------------
GL=$S/global-leak.heapsnapshot.gz
rec=$(ids LeakedRecord "$GL" | head -n 1)
if [ -z "$rec" ]; then
	bad "global-leak: no LeakedRecord node"
else
	patterns "$rec" "$GL"
	has "$p" global property leak 'global variable leak on global @' "global-leak @$rec"
	has "$p" global property leak 'holds Array @' "global-leak @$rec"
	n=$(printf '%s\n' "$p" | awk -F'\t' '$2 == "global"' | wc -l)
	[ "$n" -eq 1 ] || bad "global-leak @$rec: $n global verdicts, expected 1:
$p"
	# the Array the verdict names is the record's direct retainer
	arr=$(table path <"$tmp/path.tsv" | awk -F'\t' '$1 == 1 { print $4 }')
	printf '%s\n' "$p" | grep -q "holds Array @$arr\$" ||
		bad "global-leak @$rec: the verdict does not name the record's Array @$arr"
	glob=$(printf '%s\n' "$p" | awk -F'\t' '$2 == "global" { print $5 }')
	# process: the global's `process` property, and the process object
	H --print node "$glob" --format tsv "$GL" >"$tmp/global.tsv" || bad "node $glob: exit $?"
	pp=$(table edges <"$tmp/global.tsv" | awk -F'\t' '$1 == "property" && $2 == "process" { print $3 }')
	[ -n "$pp" ] || bad "global-leak: global @$glob has no property 'process'"
	pobj=$(H --print nodes --format tsv --filter '^process$' "$GL" |
		awk -F'\t' '$2 == "process" && $6 > best { best = $6; id = $1 } END { print id }')
	[ -n "$pobj" ] || bad "global-leak: no process object"
	for id in $pp $pobj; do
		patterns "$id" "$GL"
		table path <"$tmp/path.tsv" | grep -q "	$glob	" ||
			bad "global-leak: the path of @$id does not go through the global @$glob"
		printf '%s\n' "$p" | grep -q 'global' &&
			bad "global-leak: process (@$id) reported as a global variable:
$p"
	done
fi

# ---- rich0 -> rich1: a global that grows, and never process ----------------
H --print leaks --format tsv $S/rich0.heapsnapshot.gz $S/rich1.heapsnapshot.gz >"$tmp/rich.tsv" ||
	bad "rich leaks: exit $?"
table verdicts <"$tmp/rich.tsv" >"$tmp/rich.verdicts"
awk -F'\t' '$3 == "global" && index($5, "global variable rich on global @")' "$tmp/rich.verdicts" |
	grep -q . || bad "rich leaks: no 'global variable rich' verdict: $(cat "$tmp/rich.verdicts")"
grep -q 'process' "$tmp/rich.verdicts" && bad "rich leaks: a verdict names process:
$(grep process "$tmp/rich.verdicts")"

# ---- timer-leak ------------------------------------------------------------
TL=$S/timer-leak.heapsnapshot.gz
ce=$(ids CacheEntry "$TL" | head -n 1)
if [ -z "$ce" ]; then
	bad "timer-leak: no CacheEntry node"
else
	patterns "$ce" "$TL"
	has "$p" timer property _onTimeout 'timer callback: Timeout @' "timer-leak CacheEntry @$ce"
	has "$p" timer property _onTimeout 'calls poll() @' "timer-leak CacheEntry @$ce"
	has "$p" closure context cache 'held by poll() @' "timer-leak CacheEntry @$ce"
fi
tp=$(ids TimerPayload "$TL" | head -n 1)
if [ -z "$tp" ]; then
	bad "timer-leak: no TimerPayload node"
else
	patterns "$tp" "$TL"
	has "$p" timer property _events "keeps its listeners in _events, event 'data'" \
		"timer-leak TimerPayload @$tp"
	has "$p" closure context payload 'held by onData() @' "timer-leak TimerPayload @$tp"
fi

# ---- chrome1: detached DOM -------------------------------------------------
C1=$S/chrome1.heapsnapshot.gz
ids 'Detached <td>' "$C1" >"$tmp/td"
ntd=$(wc -l <"$tmp/td")
# detached.html: a 10 x 3 table (chrome0 already) and an 8 x 4 one (detachMore)
[ "$ntd" -eq 62 ] || bad "chrome1: $ntd Detached <td> nodes, expected 62 (10x3 + 8x4)"
seen=""
for td in $(sed -n '1p;$p' "$tmp/td"); do
	patterns "$td" "$C1"
	tbl=$(table path <"$tmp/path.tsv" | awk -F'\t' '$5 == "Detached <table>" { print $6 }')
	case $tbl in
	*'id="detached1"'*) k=0 seen="$seen 1" ;;
	*'id="detached2"'*) k=1 seen="$seen 2" ;;
	*) bad "chrome1 <td> @$td: no Detached <table id=detachedN> on its path ($tbl)"; continue ;;
	esac
	has "$p" detached element "$k" 'detached DOM: Detached <table> @' "chrome1 <td> @$td"
	has "$p" detached element "$k" "is held by Array @" "chrome1 <td> @$td"
	has "$p" detached element "$k" "via [$k]" "chrome1 <td> @$td"
	has "$p" global property leaked 'global variable leaked on Window' "chrome1 <td> @$td"
	arr=$(printf '%s\n' "$p" | awk -F'\t' '$2 == "detached" { print $5 }')
	printf '%s\n' "$p" | grep -q "	global	.*holds Array @$arr\$" ||
		bad "chrome1 <td> @$td: the global verdict does not hold the detached verdict's Array @$arr"
done
[ "$seen" = " 1 2" ] || bad "chrome1: the first and last <td> should be in detached1 and detached2 (got:$seen)"
li=$(ids 'Detached <li>' "$C1" | head -n 1)
if [ -z "$li" ]; then
	bad "chrome1: no Detached <li>"
else
	patterns "$li" "$C1"
	has "$p" detached element 2 'detached DOM: Detached <li> @' "chrome1 <li> @$li"
	has "$p" detached element 2 'via [2]' "chrome1 <li> @$li"
	has "$p" global property leaked 'global variable leaked on Window' "chrome1 <li> @$li"
fi
span=$(ids 'Detached <span>' "$C1" | head -n 1)
if [ -z "$span" ]; then
	bad "chrome1: no Detached <span>"
else
	patterns "$span" "$C1"
	has "$p" detached context div 'detached DOM: Detached <div> @' "chrome1 <span> @$span"
	has "$p" closure context div 'scope of detachMore()' "chrome1 <span> @$span"
	has "$p" global property onHold 'global variable onHold on Window' "chrome1 <span> @$span"
fi

[ $fail -eq 0 ] && echo ok
exit $fail
