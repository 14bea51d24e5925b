#!/bin/sh
# Golden test: `--print retainers ID` and `--print path ID` against the
# Retainers view of Chrome DevTools' own worker (retainers_ID.tsv written by
# the oracle, see testdata/golden/README.md and
# testdata/golden/meteor4-retainers/README).
#
#   retainers  every `direct` row, in order: edge type and name, retainer
#              id, class, name, distance, shallow and retained size
#   path       the first 20 levels equal `auto_expanded_chain` (edge type,
#              edge name, retainer id, distance); a chain shorter than 20
#              levels must be the whole path
#   Meteor     `--print path 78299` reaches distance 1 and its notes name
#              replaceThing, originalThing, someMethod and unused with their
#              locations (read from the snapshot's locations table:
#              replaceThing closure at line 11 column 28, someMethod 18/25,
#              unused 13/24, 0-based), and the patterns name the timer and
#              the originalThing Context chain
#
# Class and name cells holding control or non-ASCII bytes are not compared
# (heaptui escapes hostile text in TSV; the oracle writes it raw).
HEAPTUI=${HEAPTUI:-./heaptui}
[ -x "$HEAPTUI" ] || { echo "no heaptui binary at $HEAPTUI"; exit 77; }
tmp=$(mktemp -d /tmp/heaptui-gret.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 checked=0

# cols FILE NAME...: print the columns NAME... of TSV FILE (by header), rows
# of section $SECTION only when the file has a section column
cols() {
	f=$1
	shift
	awk -F'\t' -v want="$*" -v section="$SECTION" '
		NR == 1 {
			n = split(want, w, " ")
			for (i = 1; i <= NF; i++) idx[$i] = i
			for (i = 1; i <= n; i++)
				if (!(w[i] in idx)) { print "missing column " w[i] > "/dev/stderr"; exit 2 }
			next
		}
		section != "" && ("section" in idx) && $idx["section"] != section { next }
		{
			line = ""
			for (i = 1; i <= n; i++) line = line (i > 1 ? "\t" : "") $idx[w[i]]
			print line
		}' "$f"
}

# table NAME: the rows (with header) of table NAME of a multi-table TSV on stdin
table() {
	awk -v t="# $1" '/^# / { on = ($0 == t); next } on { print }'
}

# same EXPECTED GOT LABEL: compare, tolerating escaped hostile text in the
# columns given by $LOOSE (1-based)
same() {
	if awk -F'\t' -v loose="$LOOSE" '
		BEGIN { n = split(loose, l, " "); for (i = 1; i <= n; i++) isloose[l[i]] = 1 }
		NR == FNR { wl[FNR] = $0; nwl = FNR; next }
		{
			ngot = FNR
			if (!(FNR in wl)) { print "extra line " FNR ": " $0; bad = 1; next }
			if ($0 == wl[FNR]) next
			ne = split(wl[FNR], e, "\t"); ng = split($0, g, "\t")
			if (ne != ng) { print "line " FNR ": want " wl[FNR] " got " $0; bad = 1; next }
			for (i = 1; i <= ne; i++) {
				if (e[i] == g[i]) continue
				if (isloose[i] && (e[i] ~ /[^ -~]/ || g[i] ~ /\\[xu]/)) continue
				print "line " FNR " field " i ": want [" e[i] "] got [" g[i] "]"; bad = 1
			}
		}
		END {
			if (ngot < nwl) { print "missing lines from " ngot + 1 ": " wl[ngot + 1]; bad = 1 }
			exit bad
		}' "$1" "$2" >"$tmp/diff"; then
		checked=$((checked + 1))
	else
		echo "FAIL $3"
		head -n 10 "$tmp/diff"
		fail=1
	fi
}

check_dir() {
	dir=$1 snap=$2
	[ -f "$snap" ] || { echo "skip $dir: no $snap"; return; }
	for g in "$dir"/retainers_*.tsv; do
		[ -f "$g" ] || continue
		id=${g##*/retainers_}
		id=${id%.tsv}
		if ! "$HEAPTUI" --print retainers "$id" --format tsv "$snap" >"$tmp/r.tsv" 2>"$tmp/err"; then
			echo "FAIL $g: heaptui failed: $(cat "$tmp/err")"
			fail=1
			continue
		fi
		SECTION=direct cols "$g" edge_type edge_name retainer_id retainer_class \
			retainer_name distance shallow_size retained_size >"$tmp/want"
		SECTION= cols "$tmp/r.tsv" edge_type edge_name retainer_id retainer_class \
			retainer_name distance shallow_size retained_size >"$tmp/got"
		LOOSE="2 4 5" same "$tmp/want" "$tmp/got" "$g: --print retainers $id"

		"$HEAPTUI" --print path "$id" --format tsv "$snap" >"$tmp/p.tsv" 2>"$tmp/err" || {
			echo "FAIL $g: --print path failed: $(cat "$tmp/err")"
			fail=1
			continue
		}
		SECTION=auto_expanded_chain cols "$g" level edge_type edge_name retainer_id \
			distance >"$tmp/want"
		table path <"$tmp/p.tsv" >"$tmp/path.tsv"
		SECTION= cols "$tmp/path.tsv" level edge_type edge_name retainer_id distance \
			>"$tmp/got.all"
		if [ "$(wc -l <"$tmp/want")" -ge 20 ]; then
			head -n 20 "$tmp/got.all" >"$tmp/got"
		else
			cp "$tmp/got.all" "$tmp/got"
		fi
		LOOSE="3" same "$tmp/want" "$tmp/got" "$g: --print path $id (first 20 levels)"
	done
}

check_dir testdata/golden/meteor4-retainers testdata/meteor/Snapshot4.heapsnapshot.gz
for d in testdata/golden/*/; do
	d=${d%/}
	name=${d##*/}
	case $name in meteor*) continue ;; esac
	ls "$d"/retainers_*.tsv >/dev/null 2>&1 || continue
	check_dir "$d" "testdata/snapshots/$name.heapsnapshot.gz"
done

# The Meteor leak, explained.
snap=testdata/meteor/Snapshot4.heapsnapshot.gz
if [ -f "$snap" ]; then
	"$HEAPTUI" --print path 78299 --format tsv "$snap" >"$tmp/p.tsv" || fail=1
	table path <"$tmp/p.tsv" >"$tmp/path.tsv"
	last=$(tail -n 1 "$tmp/path.tsv" | cut -f7)
	[ "$last" = 1 ] || { echo "FAIL path 78299 ends at distance $last, not 1"; fail=1; }
	for want in \
		'originalThing in system / Context @78347' \
		'scope of replaceThing() (leak.js:12:29)' \
		'held by someMethod() @78435 (leak.js:19:26)' \
		'declared in the same scope: unused() (leak.js:14:25)' \
		'theThing in system / Context @6159'; do
		grep -qF "$want" "$tmp/path.tsv" || { echo "FAIL path 78299 notes lack: $want"; fail=1; }
	done
	table patterns <"$tmp/p.tsv" >"$tmp/pat.tsv"
	grep -q "^16	timer	property	_onTimeout	6169	" "$tmp/pat.tsv" ||
		{ echo "FAIL patterns: no timer verdict on Timeout @6169"; cat "$tmp/pat.tsv"; fail=1; }
	grep -q "	closure	context	originalThing	.*repeated 4 times" "$tmp/pat.tsv" ||
		{ echo "FAIL patterns: no originalThing chain verdict"; cat "$tmp/pat.tsv"; fail=1; }
	grep -q "	closure	context	destroyHooksExist	" "$tmp/pat.tsv" &&
		{ echo "FAIL patterns: a Node-internal Context is named as a leak"; fail=1; }
	"$HEAPTUI" --print path 4242424242 "$snap" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "no node with id 4242424242" "$tmp/err" ||
		{ echo "FAIL unknown id: exit $rc, $(cat "$tmp/err")"; fail=1; }
	checked=$((checked + 1))
fi

echo "$checked checks"
[ $checked -gt 0 ] || { echo "FAIL: no golden retainers checked"; exit 1; }
exit $fail
