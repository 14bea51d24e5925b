#!/bin/sh
# Regenerates testdata/golden/meteor0/ and meteor4/ (the analysis goldens of
# the bundled Meteor snapshots) with the DevTools oracle: Chrome DevTools'
# own heap snapshot worker driven by devtools-oracle.mjs (see README.md in
# this directory). Not run by CI: the oracle needs node and its npm install.
# Run from the repository root:
#     sh testdata/golden/make-meteor.sh
# Writes, per snapshot, in the formats README.md describes:
#   summary.tsv    class count distance_ui shallow_size retained_size
#   nodes.tsv.gz   id class self_size distance retained_size dominator_id
#   stats.tsv      node/edge counts, root retained size, Statistics flattened
# The oracle reads plain JSON only, so the .gz files are unpacked first.
set -eu
ORACLE=${ORACLE:-/tmp/oracle/devtools-oracle.mjs}
repo=$(pwd)
gold="$repo/testdata/golden"
work=$(mktemp -d /tmp/heaptui-meteor.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

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

for i in 0 4; do
	name=meteor$i dest="$gold/meteor$i" raw="$work/raw$i"
	gunzip -c "$repo/testdata/meteor/Snapshot$i.heapsnapshot.gz" > "$work/$name.heapsnapshot"
	node "$ORACLE" "$raw" "$work/$name.heapsnapshot" > "$work/log$i"
	rm -rf "$dest"
	mkdir -p "$dest"
	trim "$raw/summary.tsv" "$dest/summary.tsv" class count distance_ui shallow_size retained_size
	trim "$raw/nodes.tsv" "$work/nodes.tsv" id class self_size distance retained_size dominator_id
	gzip -9 -n -c "$work/nodes.tsv" > "$dest/nodes.tsv.gz"
	stats "$raw/info.tsv" "$dest/stats.tsv"
	rm -f "$work/$name.heapsnapshot"
	echo "golden/$name: $(($(wc -l < "$work/nodes.tsv") - 1)) nodes, $(($(wc -l < "$dest/summary.tsv") - 1)) classes"
done
