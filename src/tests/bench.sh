#!/bin/sh
# bench.sh - `make bench`: heaptui against the DevTools worker and memlab on
# the same synthetic snapshots, in one run, with wall time and peak RSS from
# /usr/bin/time -v. Builds nothing (the Makefile builds ./heaptui at -O2).
#
# For each snapshot size N (gen-synthetic.cjs N: 400000 ~ 180 MB,
# 2400000 ~ 1.1 GB) it prints:
#   heaptui cold        --no-cache --print summary (load + analyze + report)
#   heaptui cold+write  fresh cache directory: the same plus writing the cache
#   heaptui warm        the same cache directory again (mapped, nothing parsed)
#   devtools, memlab    the oracles' --load-only runs (parse + DevTools' analysis)
# and the ratios peer time / heaptui time, heaptui RSS / file size, and the
# --timings phases of the cold open. heaptui's cold and warm figures are the
# median wall time (and the largest peak RSS) of three runs, as one run of a
# few seconds varies by 10% on a busy or virtual machine; the peers, which
# take a minute, run once.
#
# Environment:
#   HEAPTUI               binary (default ./heaptui)
#   HEAPTUI_BENCH_DIR     where snapshots are generated and kept (default /tmp/heaptui-bench)
#   HEAPTUI_BENCH_SIZES   node counts for gen-synthetic.cjs (default "400000 2400000")
#   HEAPTUI_ORACLE        the oracle setup (default /tmp/oracle); peers skipped when absent
#   HEAPTUI_BENCH_PEERS   0 to skip the peers even when present
#   HEAPTUI_SHARED        the shared dir (default ../shared from the repo root, else /work/shared)
set -u
HEAPTUI=${HEAPTUI:-./heaptui}
DIR=${HEAPTUI_BENCH_DIR:-/tmp/heaptui-bench}
SIZES=${HEAPTUI_BENCH_SIZES:-400000 2400000}
ORACLE=${HEAPTUI_ORACLE:-/tmp/oracle}
PEERS=${HEAPTUI_BENCH_PEERS:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${HEAPTUI_SHARED:-$root/../shared}
[ -f "$SHARED/data/gen-synthetic.cjs" ] || SHARED=/work/shared

die() {
	echo "bench: $*" >&2
	exit 1
}
[ -x "$HEAPTUI" ] || die "no $HEAPTUI (run: make bench)"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed: apt-get install time"
mkdir -p "$DIR" || die "cannot create $DIR"
has_cache=0
"$HEAPTUI" --help 2>/dev/null | grep -q -- '--cache-dir' && has_cache=1
peers=0
if [ "$PEERS" != 0 ] && command -v node >/dev/null 2>&1 && [ -f "$ORACLE/devtools-oracle.mjs" ] &&
	[ -d "$ORACLE/node_modules" ]; then
	peers=1
fi

# run LABEL CMD... -> sets WALL (s), RSS (MB), RC; the command's stderr in
# $DIR/LABEL.err. Every run starts with $snap in the page cache (which the
# kernel may have evicted during the previous one).
run() {
	label=$1
	shift
	cat "$snap" >/dev/null
	/usr/bin/time -v -o "$DIR/$label.time" "$@" >/dev/null 2>"$DIR/$label.err"
	RC=$?
	WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$DIR/$label.time")
	RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$DIR/$label.time")
	[ -n "$WALL" ] || WALL=0
	[ -n "$RSS" ] || RSS=0
}

# run3 LABEL CMD... -> three runs: WALL the median, RSS the largest, RC the
# first failure, $DIR/LABEL.err the median run's
run3() {
	label3=$1 # run sets label
	shift
	walls="" rss3=0 rc3=0
	for i in 1 2 3; do
		run "$label3.$i" "$@"
		walls="$walls$WALL $i
"
		[ "$RSS" -gt "$rss3" ] && rss3=$RSS
		[ "$rc3" -ne 0 ] || rc3=$RC
	done
	mid=$(printf '%s' "$walls" | sort -n | sed -n 2p)
	WALL=${mid% *}
	cp "$DIR/$label3.${mid#* }.err" "$DIR/$label3.err"
	RSS=$rss3
	RC=$rc3
}

ratio() { # ratio A B [DECIMALS] -> A/B; B of 0 is below time's 0.01 s resolution
	awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN {
		if (b + 0 == 0) printf ">%.0f", a / 0.01; else printf "%.*f", d, a / b }'
}

row() { # row NAME WALL RSS RC NOTE
	printf '  %-22s %9s s %9s MB  %8s  %s\n' "$1" "$2" "$3" "$(ratio "$3" "$MB" 2)x" "$5"
	[ "$4" -eq 0 ] || printf '  %-22s exit status %s: %s\n' "" "$4" \
		"$(tail -n 2 "$DIR/$6.err" | tr '\n' ' ')"
}

echo "heaptui benchmark: $("$HEAPTUI" --version 2>/dev/null), $(nproc) cores," \
	"$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, files in $DIR"
echo "heaptui cold and warm: the median of three runs; the peers: one run"
[ $has_cache -eq 1 ] ||
	echo "note: this heaptui has no --cache-dir: the warm (cache) runs are skipped"
if [ "$PEERS" = 0 ]; then
	echo "note: peers skipped (HEAPTUI_BENCH_PEERS=0)"
elif [ $peers -eq 0 ]; then
	echo "note: no oracle in $ORACLE (run /work/shared/oracle/setup.sh): peers skipped"
fi

for n in $SIZES; do
	snap=$DIR/synthetic-$n.heapsnapshot
	if [ ! -s "$snap" ]; then
		command -v node >/dev/null 2>&1 || die "node is needed to generate $snap"
		echo "generating $snap (node gen-synthetic.cjs $n) ..."
		node --max-old-space-size=16000 "$SHARED/data/gen-synthetic.cjs" "$n" "$snap.tmp" \
			>/dev/null || die "gen-synthetic.cjs $n failed"
		mv "$snap.tmp" "$snap"
	fi
	bytes=$(wc -c <"$snap")
	MB=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }')
	echo
	echo "$(basename "$snap"): $MB MB"
	printf '  %-22s %11s %12s  %8s  %s\n' tool "wall" "peak RSS" "RSS/file" "peer time / heaptui"

	nc=""
	[ $has_cache -eq 1 ] && nc=--no-cache
	run3 "hc-$n" "$HEAPTUI" $nc --timings --print summary "$snap"
	cold=$WALL
	row "heaptui cold" "$WALL" "$RSS" "$RC" "" "hc-$n"
	timings=$(grep -v '^heaptui: ' "$DIR/hc-$n.err" | tail -n 1)
	warm=0
	if [ $has_cache -eq 1 ]; then
		cache=$DIR/cache-$n
		rm -rf "$cache"
		run "hw1-$n" "$HEAPTUI" --cache-dir "$cache" --timings --print summary "$snap"
		row "heaptui cold+write" "$WALL" "$RSS" "$RC" "" "hw1-$n"
		wtimings=$(grep -v '^heaptui: ' "$DIR/hw1-$n.err" | tail -n 1)
		run3 "hw2-$n" "$HEAPTUI" --cache-dir "$cache" --timings --print summary "$snap"
		warm=$WALL
		row "heaptui warm" "$WALL" "$RSS" "$RC" "" "hw2-$n"
		cache_mb=$(du -sm "$cache" | cut -f1)
		rm -rf "$cache" # up to ~1.7 GB for the big file
	fi
	if [ $peers -eq 1 ]; then
		run "dt-$n" node --max-old-space-size=20000 "$ORACLE/devtools-oracle.mjs" \
			"$DIR/out-dt-$n" "$snap" --load-only
		row "devtools worker" "$WALL" "$RSS" "$RC" \
			"$(ratio "$WALL" "$cold")x cold, $(ratio "$WALL" "$warm")x warm" "dt-$n"
		run "ml-$n" node --max-old-space-size=20000 "$ORACLE/memlab-oracle.mjs" \
			"$DIR/out-ml-$n" "$snap" --load-only
		row "memlab" "$WALL" "$RSS" "$RC" \
			"$(ratio "$WALL" "$cold")x cold, $(ratio "$WALL" "$warm")x warm" "ml-$n"
	fi
	echo "  cold --timings: $timings"
	if [ $has_cache -eq 1 ]; then
		echo "  cold+write --timings: $wtimings"
		echo "  warm --timings: $(grep -v '^heaptui: ' "$DIR/hw2-$n.err" | tail -n 1)"
		echo "  cache: $cache_mb MB for a $MB MB snapshot"
	fi
done
