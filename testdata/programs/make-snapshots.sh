#!/bin/sh
# Regenerates testdata/snapshots/*.heapsnapshot.gz from the programs here.
# Documentation of how the corpus was made; not run by CI (the output differs
# run to run: ids, addresses, timings).  After running it, regenerate the
# goldens with testdata/golden/make-goldens.sh and re-check every test that
# hard-codes a node id.
#
# Needs: node (20), Debian's chromium, and the npm package `ws` for the
# DevTools-protocol client (installed into a scratch dir, never the repo).
# Run from the repository root:  sh testdata/programs/make-snapshots.sh
set -eu
repo=$(pwd)
progs="$repo/testdata/programs"
dest="$repo/testdata/snapshots"
work=$(mktemp -d /tmp/heaptui-snapshots.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$dest"

# Node programs: each writes NAME.heapsnapshot into $work.
node "$progs/rich.js" "$work"                    # rich0, rich1
node "$progs/global-leak.js" "$work"             # global-leak
node "$progs/clean.js" "$work"                   # clean0, clean1
node "$progs/timer-leak.js" "$work"              # timer-leak

# Chromium page: chrome0, chrome1 (needs ws; loopback only).
if command -v chromium >/dev/null 2>&1; then
	mkdir -p "$work/cdp"
	(cd "$work/cdp" && npm init -y >/dev/null && npm install --no-audit --no-fund ws >/dev/null)
	(cd "$work/cdp" && node "$progs/chrome-snapshot.mjs" "$work")
else
	echo "make-snapshots: chromium not installed (apt-get install -y chromium); chrome0/1 skipped" >&2
fi

for f in "$work"/*.heapsnapshot; do
	name=$(basename "$f")
	gzip -9 -n -c "$f" > "$dest/$name.gz"
	echo "$dest/$name.gz: $(wc -c < "$dest/$name.gz") bytes"
done
