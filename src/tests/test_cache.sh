#!/bin/sh
# test_cache.sh - the binary cache end to end through the binary: cold open
# writes one cache file, a warm open gives the same output without reading
# the source (proved by damaging the source's middle while keeping its size,
# mtime and ends), a touched source is reloaded, a truncated or damaged
# cache is rebuilt silently, --no-cache writes nothing, an unusable cache
# directory is reported once and changes nothing else, and the default
# directory follows XDG_CACHE_HOME and HOME.
set -u
HEAPTUI=${HEAPTUI:-./heaptui}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_cache_sh.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
orig=testdata/meteor/Snapshot0.heapsnapshot.gz
src=$tmp/s0.heapsnapshot.gz
cp -p "$orig" "$src"
C=$tmp/cache
out=$tmp/out
summary() { # summary OUTFILE ARGS... (stderr kept in OUTFILE.err)
	o=$1
	shift
	"$HEAPTUI" "$@" --print summary "$src" >"$o" 2>"$o.err"
}
only_cache() { # the one cache file in $C
	set -- "$C"/*.htc
	[ $# -eq 1 ] && [ -f "$1" ] || fail "expected one cache file in $C, found: $*"
	echo "$1"
}

# reference without any cache
summary "$out.ref" --no-cache --cache-dir "$tmp/nocache" ||
	fail "--no-cache open: $(cat "$out.ref.err")"
[ -e "$tmp/nocache" ] && fail "--no-cache created the cache directory"
[ -s "$out.ref" ] || fail "empty summary"

# cold: writes the cache, same output, nothing on stderr
summary "$out.cold" --cache-dir "$C" || fail "cold open: $(cat "$out.cold.err")"
cmp -s "$out.ref" "$out.cold" || fail "cold output differs from --no-cache"
[ -s "$out.cold.err" ] && fail "cold open wrote on stderr: $(cat "$out.cold.err")"
f=$(only_cache) || exit 1
[ "$(stat -c %a "$f")" = 600 ] || fail "cache file mode $(stat -c %a "$f"), expected 600"
[ "$(stat -c %a "$C")" = 700 ] || fail "cache dir mode $(stat -c %a "$C"), expected 700"
cp -p "$f" "$tmp/good.htc"

# warm: same output
summary "$out.warm" --cache-dir "$C" || fail "warm open: $(cat "$out.warm.err")"
cmp -s "$out.ref" "$out.warm" || fail "warm output differs"
[ -s "$out.warm.err" ] && fail "warm open wrote on stderr: $(cat "$out.warm.err")"

# the warm open does not read the source: damage its middle (the ends, the
# size and the mtime stay), the load fails but the cache still serves
cp -p "$src" "$tmp/ref"
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' |
	dd of="$src" bs=1 seek=400000 conv=notrunc 2>/dev/null || fail "dd"
touch -r "$tmp/ref" "$src"
summary "$out.bad" --no-cache && fail "the damaged source loads: this test needs another offset"
summary "$out.hit" --cache-dir "$C" || fail "cache not used: $(cat "$out.hit.err")"
cmp -s "$out.ref" "$out.hit" || fail "output from the cache differs"

# touched source (mtime differs): the cache is stale, the damaged file is read
touch "$src"
summary "$out.stale" --cache-dir "$C" && fail "stale cache used after touch"
cp -p "$orig" "$src"

# truncated cache: rebuilt silently
summary "$out.x" --cache-dir "$C" || fail "rebuild: $(cat "$out.x.err")"
f=$(only_cache) || exit 1
size=$(wc -c <"$f")
truncate -s 1000 "$f" || fail "truncate"
summary "$out.trunc" --cache-dir "$C" || fail "truncated cache: $(cat "$out.trunc.err")"
cmp -s "$out.ref" "$out.trunc" || fail "output differs after a truncated cache"
[ -s "$out.trunc.err" ] && fail "truncated cache: stderr: $(cat "$out.trunc.err")"
[ "$(wc -c <"$f")" -eq "$size" ] || fail "truncated cache not rewritten"

# a flipped byte in the data part: rebuilt (to the same bytes)
cp -p "$f" "$tmp/good.htc"
printf '\377' | dd of="$f" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
cmp -s "$f" "$tmp/good.htc" && fail "dd did not change the cache"
summary "$out.flip" --cache-dir "$C" || fail "damaged cache: $(cat "$out.flip.err")"
cmp -s "$out.ref" "$out.flip" || fail "output differs after a damaged cache"
cmp -s "$f" "$tmp/good.htc" || fail "damaged cache not rewritten"

# a foreign file in the cache's place: replaced
echo "not a cache" >"$f"
chmod 600 "$f"
summary "$out.foreign" --cache-dir "$C" || fail "foreign cache file: $(cat "$out.foreign.err")"
cmp -s "$out.ref" "$out.foreign" || fail "output differs after a foreign cache file"
cmp -s "$f" "$tmp/good.htc" || fail "foreign cache file not replaced"

# unusable cache directories: works, one warning for two files. Root ignores
# chmod, so the directory is under a regular file (ENOTDIR) or in /proc.
echo x >"$tmp/file"
"$HEAPTUI" --no-cache --print summary "$src" "$src" >"$out.two" 2>/dev/null || fail "two files"
for d in "$tmp/file/cache" /proc/heaptui-cache; do
	"$HEAPTUI" --cache-dir "$d" --print summary "$src" "$src" >"$out.unw" 2>"$out.unw.err" ||
		fail "unwritable cache dir $d: $(cat "$out.unw.err")"
	cmp -s "$out.two" "$out.unw" || fail "output differs with cache dir $d"
	n=$(grep -c '^heaptui: cache disabled: ' "$out.unw.err")
	[ "$n" -eq 1 ] || fail "$n 'cache disabled' warnings for $d: $(cat "$out.unw.err")"
	grep -q "cannot create '$d'" "$out.unw.err" || fail "warning for $d: $(cat "$out.unw.err")"
done

# the default directory: $XDG_CACHE_HOME/heaptui, else $HOME/.cache/heaptui
XDG_CACHE_HOME=$tmp/xdg summary "$out.xdg" || fail "XDG_CACHE_HOME: $(cat "$out.xdg.err")"
set -- "$tmp"/xdg/heaptui/*.htc
[ -f "$1" ] || fail "no cache in \$XDG_CACHE_HOME/heaptui"
(unset XDG_CACHE_HOME; HOME=$tmp/home summary "$out.home") || fail "HOME: $(cat "$out.home.err")"
set -- "$tmp"/home/.cache/heaptui/*.htc
[ -f "$1" ] || fail "no cache in \$HOME/.cache/heaptui"
# --cache-max: a cap below one cache keeps only the file just written
cp -p testdata/meteor/Snapshot4.heapsnapshot.gz "$tmp/s4.heapsnapshot.gz"
"$HEAPTUI" --cache-dir "$tmp/cap" --cache-max 1K --print summary "$src" >/dev/null 2>&1 &&
	"$HEAPTUI" --cache-dir "$tmp/cap" --cache-max 1K --print summary "$tmp/s4.heapsnapshot.gz" \
		>/dev/null 2>&1 || fail "--cache-max 1K"
set -- "$tmp"/cap/*.htc
[ $# -eq 1 ] && [ -f "$1" ] || fail "--cache-max 1K left: $*"
"$HEAPTUI" --cache-dir "$tmp/cap" --cache-max 1G --print summary "$src" >/dev/null 2>&1 ||
	fail "--cache-max 1G"
set -- "$tmp"/cap/*.htc
[ $# -eq 2 ] && [ -f "$2" ] || fail "--cache-max 1G: $*, expected 2 files"
for bad in 5X 0 -1 1KB ""; do
	"$HEAPTUI" --cache-max "$bad" --print info "$src" >/dev/null 2>"$out.max.err"
	[ $? -eq 2 ] || fail "--cache-max '$bad' is not a usage error"
	grep -q "is not a size" "$out.max.err" || fail "--cache-max '$bad': $(cat "$out.max.err")"
done
echo "cache end to end: ok"
