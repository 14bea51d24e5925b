#!/bin/sh
# Regenerates testdata/golden/<name>/ from testdata/snapshots/<name>.heapsnapshot.gz
# with the DevTools oracle (Chrome DevTools' own heap snapshot worker; see
# testdata/golden/README.md).  Not run by CI: the oracle needs node and the
# oracle's npm install.  Run from the repository root:
#     sh testdata/golden/make-goldens.sh [NAME...]
# NAME is a snapshot or a pair's second member (rich1, clean1, chrome1);
# default: all of them.  meteor* goldens are made elsewhere.
#
# graph-NAME are the synthetic graphs of testdata/programs/gen-graphs.cjs
# (deterministic): for those the script first regenerates
# testdata/snapshots/graph-NAME.heapsnapshot.gz from the generator, then runs
# the oracle on it.  `sh testdata/golden/make-goldens.sh graphs` does them all.
#
# Retainers: the ids are chosen by rule (first node, in snapshot order, of a
# given class), so the choice survives regenerating the snapshots; the ids
# picked are printed and listed in <name>/retainer_ids.txt.
set -eu
ORACLE=${ORACLE:-/tmp/oracle/devtools-oracle.mjs}
repo=$(pwd)
snaps="$repo/testdata/snapshots"
gold="$repo/testdata/golden"
work=$(mktemp -d /tmp/heaptui-goldens.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# first_of NODES_TSV AWK_CONDITION: id of the first node (lowest ordinal)
# for which the condition on $3 (class), $2 (type), $12 (class_key) holds.
first_of() {
	awk -F'\t' "NR > 1 && ($2) { print \$1; exit }" "$1"
}

# nearest_of NODES_TSV AWK_CONDITION: like first_of, but the node with the
# smallest distance (an instance rather than its prototype)
nearest_of() {
	awk -F'\t' "NR > 1 && ($2) && (best == \"\" || \$8 < bd) { best = \$1; bd = \$8 }
		END { if (best != \"\") print best }" "$1"
}

# farthest_of NODES_TSV AWK_CONDITION: the node with the largest user
# distance (below 100000000, the system/unreachable base)
farthest_of() {
	awk -F'\t' "NR > 1 && ($2) && \$8 >= 0 && \$8 < 100000000 && (best == \"\" || \$8 > bd) { best = \$1; bd = \$8 }
		END { if (best != \"\") print best }" "$1"
}

# largest_of NODES_TSV AWK_CONDITION: the node with the largest retained size
# (first in snapshot order among equals)
largest_of() {
	awk -F'\t' "NR > 1 && ($2) && (best == \"\" || \$9 > br) { best = \$1; br = \$9 }
		END { if (best != \"\") print best }" "$1"
}

# first_per_key NODES_TSV CLASS: first node of each distinct class_key of CLASS
first_per_key() {
	awk -F'\t' -v c="$2" 'NR > 1 && $3 == c && !seen[$12]++ { print $1 }' "$1"
}

# pick_ids NAME NODES_TSV: retainer ids worth a golden, one per line
pick_ids() {
	case $1 in
	rich0|rich1)
		first_of "$2" '$3 == "ClosureKept"'     # kept by a closure context
		first_of "$2" '$3 == "WeakVal"'         # kept by a WeakMap ephemeron
		first_of "$2" '$3 == "WeakTarget"'      # strong array + WeakRef
		nearest_of "$2" '$3 ~ /^Evil/'          # class name with an OSC escape
		first_per_key "$2" Item                 # three same-named classes
		first_of "$2" '$3 == "Grown"'           # rich1 only: the growth
		;;
	global-leak)
		first_of "$2" '$3 == "LeakedRecord"'    # leak[0] on the global object
		;;
	clean0|clean1)
		first_of "$2" '$3 == "Totals"'          # the one long-lived object
		;;
	timer-leak)
		first_of "$2" '$3 == "TimerPayload"'    # kept by an EventEmitter listener
		first_of "$2" '$3 == "CacheEntry"'      # kept by a setInterval closure
		;;
	chrome0|chrome1)
		first_of "$2" '$3 == "Detached <td>"'   # in the table in window.leaked[0]
		first_of "$2" '$3 == "Detached <table>"' # window.leaked[0] itself
		first_of "$2" '$3 == "Detached <li>"'   # chrome1 only: window.leaked[2]
		first_of "$2" '$3 == "Detached <span>"' # chrome1 only: held by a closure
		;;
	# synthetic graphs (testdata/programs/gen-graphs.cjs): classes named
	# for their role
	graph-random-clusters)
		largest_of "$2" '$3 == "Cluster3"'      # unreachable cluster members that
		largest_of "$2" '$3 == "Cluster0"'      # dominate the most
		;;
	graph-random-*)
		first_of "$2" '$3 == "Hub"'             # many retainers, duplicates, cycles
		first_of "$2" '$3 == "EphValue"'        # a WeakMap value
		;;
	graph-dup-edges)
		first_of "$2" '$3 == "DupTarget"'       # 50 element edges from one array
		first_of "$2" '$3 == "MultiDup"'        # several sources, each with duplicates
		first_of "$2" '$3 == "DupChain"'        # two edges of one name from its source
		;;
	graph-weak)
		first_of "$2" '$3 == "WeakSubtree"'     # under a node with only weak retainers
		first_of "$2" '$3 == "WeakOnlyEarly"'   # weak-only, its retainer comes later
		first_of "$2" '$3 == "ShortcutOnly"'    # only a non-root shortcut and a self edge
		first_of "$2" '$3 == "StrongAndWeak"'   # a weak and a strong retainer
		;;
	graph-clique)
		first_of "$2" '$3 == "CliqueMember"'    # unreachable clique
		first_of "$2" '$3 == "ReachedFromUnreachable"' # reachable, also from the clique
		first_of "$2" '$3 == "Clique2"'         # clique entered from a weak-only node
		first_of "$2" '$3 == "Clique4Tail"'     # chain off a clique, interleaved
		;;
	graph-page-owned)
		first_of "$2" '$3 == "Detached <table>"' # detached DOM held from a Window
		first_of "$2" '$3 == "SharedWithDebugger"' # page-owned and debugger-owned retainers
		first_of "$2" '$3 == "BoundThis"'       # non-root shortcut + internal edge
		first_of "$2" '$3 == "WeakFromPage"'    # weak from the page, strong from the debugger
		first_of "$2" '$3 == "Detached <tr>"'   # retained by a renamed detached node
		first_of "$2" '$3 == "OnlyShortcut"'    # shortcut edges named "3rd", "007"
		;;
	graph-system-roots)
		first_of "$2" '$3 == "SysOnly"'         # only from system roots
		first_of "$2" '$3 == "EphValueDeadKey"' # WeakMap value of an unreachable key
		farthest_of "$2" '$3 == "UserObj"'      # the deepest user object
		first_of "$2" '$3 == "UserRoot"'        # retained by the root only
		;;
	graph-no-user-roots)
		first_of "$2" '$3 == "EphValue"'        # distances from the root at 0
		farthest_of "$2" '$3 == "Thing"'
		;;
	graph-shallow-owners)
		first_of "$2" '$3 == "HeldByStrings"'   # retained by a cons and a sliced string
		first_of "$2" '$3 == "Store"'           # an elements store of type object
		;;
	graph-weakmap)
		first_of "$2" '$3 == "EphValue"'        # plain ephemeron value
		first_of "$2" '$3 == "EphValueDeadKey"' # key unreachable
		first_of "$2" '$3 == "EphValueTriple"'  # three edges with one pair name
		first_of "$2" '$3 == "EphValueBadTable"' # table id of no node
		first_of "$2" '$3 == "EphValueStrong"'  # also a strong retainer
		first_of "$2" '$3 == "EphValueSysKey"'  # key only from system roots
		first_of "$2" '$3 == "EphValueZeroTable"' # "(table @00019)"
		first_of "$2" '$3 == "EphValueTrickyKey"' # "(table @N)" inside the key name
		;;
	graph-distance-filters)
		first_of "$2" '$3 == "DescShared"'      # (map descriptors) index 4 and 5
		first_of "$2" '$3 == "DescNamed"'       # numeric-looking internal edge names
		first_of "$2" '$3 == "SloppyOnlyKid"'   # under a skipped sloppy_function_map edge
		;;
	graph-interfaces)
		first_per_key "$2" Item                 # same name, three locations
		first_of "$2" '$3 == "{a, b, c}"'       # an inferred interface
		first_of "$2" '$3 == "PlainTarget"'     # retained by every plain object
		first_of "$2" '$3 == "UnicodeTarget"'   # retainers with non-ASCII names
		;;
	graph-root-edges)
		first_of "$2" '$3 == "PointsAtRoot"'    # has an edge to the root
		first_of "$2" '$3 == "FromStrongRoots"' # system root, walked by the user BFS
		farthest_of "$2" '$3 == "A"'            # under the root's weak edge
		;;
	graph-huge-sizes)
		first_of "$2" '$3 == "HugeOwner"'       # shallow size over 2^32 after reassignment
		;;
	graph-long-chain)
		first_of "$2" '$3 == "ChainEnd"'        # 10000 links deep
		first_of "$2" '$3 == "Leaf"'
		;;
	graph-deep-dfs)
		farthest_of "$2" '$3 ~ /^Deep/'         # the deepest node
		;;
	esac
}

# trim IN OUT COLUMN...: keep the named columns of a TSV, in that order
trim() {
	in=$1 out=$2
	shift 2
	awk -F'\t' -v OFS='\t' -v want="$*" '
		NR == 1 { n = split(want, w, " "); for (i = 1; i <= NF; i++) col[$i] = i
			  for (i = 1; i <= n; i++) if (!(w[i] in col)) { print "no column " w[i] > "/dev/stderr"; exit 1 } }
		{ line = $(col[w[1]]); for (i = 2; i <= n; i++) line = line OFS $(col[w[i]]); print line }
	' "$in" > "$out"
}

# stats INFO_TSV OUT: the figures of info.tsv, statistics JSON flattened
stats() {
	node -e '
		const fs = require("fs");
		const rows = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").slice(1)
			.map((l) => l.split("\t"));
		const keep = ["node_count", "edge_count", "root_id", "root_retained_size", "total_size"];
		let out = "key\tvalue\n";
		for (const [k, v] of rows)
			if (keep.includes(k))
				out += k + "\t" + v + "\n";
		const flat = (o, p) => { for (const [k, v] of Object.entries(o))
			typeof v === "object" ? flat(v, p + k + ".") : (out += p + k + "\t" + v + "\n"); };
		flat(JSON.parse(rows.find((r) => r[0] === "statistics")[1]), "statistics.");
		fs.writeFileSync(process.argv[2], out);
	' "$1" "$2"
}

# emit NAME RAWDIR SUFFIX: write testdata/golden/NAME from the oracle's files
emit() {
	name=$1 raw=$2 sfx=$3 dest="$gold/$1"
	rm -rf "$dest"
	mkdir -p "$dest"
	trim "$raw/summary$sfx.tsv" "$dest/summary.tsv" class count distance_ui shallow_size retained_size
	trim "$raw/nodes$sfx.tsv" "$work/nodes.tsv" id class self_size distance retained_size dominator_id
	gzip -9 -n -c "$work/nodes.tsv" > "$dest/nodes.tsv.gz"
	stats "$raw/info$sfx.tsv" "$dest/stats.tsv"
	: > "$dest/retainer_ids.txt"
	for f in "$raw"/retainers_*.tsv; do
		[ -e "$f" ] || continue
		base=$(basename "$f" .tsv)
		id=${base#retainers_}
		id=${id%_b}
		[ "$base" = "retainers_$id$sfx" ] || continue
		cp "$f" "$dest/retainers_$id.tsv"
		echo "$id" >> "$dest/retainer_ids.txt"
	done
	sort -n -o "$dest/retainer_ids.txt" "$dest/retainer_ids.txt"
	if [ -e "$raw/problems.txt" ]; then
		# DevTools' load warnings (e.g. nodes with only weak retainers), for this snapshot
		if [ -z "$sfx" ]; then
			awk '/^B: /{exit} {print}' "$raw/problems.txt" > "$dest/problems.txt"
		else
			awk '/^B: /{p=1} p{print}' "$raw/problems.txt" > "$dest/problems.txt"
		fi
		[ -s "$dest/problems.txt" ] || rm -f "$dest/problems.txt"
	fi
	echo "golden/$name: retainers $(tr '\n' ' ' < "$dest/retainer_ids.txt")"
}

# run NAME_A [NAME_B]: oracle twice (once to pick ids, once with --retainers)
run() {
	a=$1 b=${2:-}
	raw="$work/raw-$a"
	mkdir -p "$raw"
	gunzip -c "$snaps/$a.heapsnapshot.gz" > "$work/$a.heapsnapshot"
	set -- "$work/$a.heapsnapshot"
	if [ -n "$b" ]; then
		gunzip -c "$snaps/$b.heapsnapshot.gz" > "$work/$b.heapsnapshot"
		set -- "$@" "$work/$b.heapsnapshot"
	fi
	node "$ORACLE" "$raw" "$@" > "$raw/log"
	ids=$( (pick_ids "$a" "$raw/nodes.tsv"
		if [ -n "$b" ]; then pick_ids "$b" "$raw/nodes_b.tsv"; fi) | sort -un | tr '\n' ',')
	ids=${ids%,}
	if [ -n "$ids" ]; then
		rm -f "$raw"/*.tsv "$raw/problems.txt"
		node "$ORACLE" "$raw" "$@" --retainers "$ids" > "$raw/log"
	fi
	emit "$a" "$raw" ""
	if [ -n "$b" ]; then
		emit "$b" "$raw" "_b"
		trim "$raw/comparison.tsv" "$gold/$b/comparison.tsv" \
			class new deleted delta alloc_size freed_size size_delta
		echo "$a" > "$gold/$b/comparison_base.txt"
	fi
	rm -f "$work"/*.heapsnapshot
}

# the synthetic graphs of testdata/programs/gen-graphs.cjs
graphs="graph-random-a graph-random-b graph-random-c graph-random-clusters graph-dup-edges graph-weak graph-clique
	graph-page-owned graph-system-roots graph-no-user-roots graph-shallow-owners graph-weakmap
	graph-distance-filters graph-interfaces graph-root-edges graph-huge-sizes graph-long-chain
	graph-deep-dfs"

# gen_graph NAME: (re)write testdata/snapshots/NAME.heapsnapshot.gz from the generator
gen_graph() {
	node "$repo/testdata/programs/gen-graphs.cjs" "$work/gen" "$1" >/dev/null
	gzip -9 -n -c "$work/gen/$1.heapsnapshot" > "$snaps/$1.heapsnapshot.gz"
	rm -f "$work/gen/$1.heapsnapshot"
}

want=${*:-"rich1 global-leak clean1 timer-leak chrome1 $graphs"}
for n in $want; do
	case $n in
	rich0|rich1) run rich0 rich1 ;;
	clean0|clean1) run clean0 clean1 ;;
	chrome0|chrome1) run chrome0 chrome1 ;;
	global-leak|timer-leak) run "$n" ;;
	graphs) for g in $graphs; do gen_graph "$g"; run "$g"; done ;;
	graph-*)
		case " $(echo $graphs) " in
		*" $n "*) gen_graph "$n"; run "$n" ;;
		*) echo "make-goldens: unknown graph $n" >&2; exit 2 ;;
		esac ;;
	meteor*) echo "make-goldens: $n is not made here" >&2 ;;
	*) echo "make-goldens: unknown snapshot $n" >&2; exit 2 ;;
	esac
done
