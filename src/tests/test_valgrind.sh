#!/bin/sh
# The batch paths over the Meteor pair are valgrind-clean: no invalid read
# or write, no use of uninitialised memory, no leak on normal exit.
# (Skipped for the ASan build, which valgrind cannot run.)
[ -n "$HEAPTUI_SANITIZED" ] && { echo "ASan build: valgrind not applicable"; exit 77; }
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
s0=testdata/meteor/Snapshot0.heapsnapshot.gz
s4=testdata/meteor/Snapshot4.heapsnapshot.gz
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect "$HEAPTUI" --cache-dir "$cache" "$@" \
		>/dev/null 2>"$cache/log"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "valgrind: heaptui $* exited $rc"; cat "$cache/log"; exit 1
	fi
}
vg --print compare "$s0" "$s4"          # cold: parse, analyze, write the cache
vg --print compare "$s0" "$s4"          # warm: both from the cache
vg --print path 78299 --format json "$s4"
vg --no-cache --print leaks "$s0" "$s4"
exit 0
