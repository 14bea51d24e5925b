#!/bin/sh
# Runs every unit test binary ($TESTBIN/test_*) and every scripted test
# (src/tests/test_*.sh) and ends with "N passed, M failed".
# Environment: HEAPTUI (binary under test), TESTBIN (unit test dir).
# A scripted test exits 0 (pass), 77 (skipped: a tool it needs is missing)
# or anything else (fail); its output is shown only when it fails.
HEAPTUI=${HEAPTUI:-./heaptui}
TESTBIN=${TESTBIN:-build/tests}
export HEAPTUI
# Tests never touch the user's cache: each run gets a fresh one.
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
pass=0 fail=0 skip=0 failed=""
log=$(mktemp)
run() {
	name=$1; shift
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1)); echo "PASS $name"
	else
		rc=$?
		if [ $rc -eq 77 ]; then
			skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$log")"
		else
			fail=$((fail + 1)); failed="$failed $name"
			echo "FAIL $name (exit $rc)"; tail -n 40 "$log" | sed 's/^/    /'
		fi
	fi
}
for t in "$TESTBIN"/test_*; do
	[ -x "$t" ] || continue
	case $t in *.d|*.o) continue ;; esac
	run "$(basename "$t")" "$t"
done
for t in src/tests/test_*.sh; do
	[ -f "$t" ] || continue
	run "$(basename "$t")" sh "$t"
done
rm -f "$log"
rm -rf "$XDG_CACHE_HOME"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
