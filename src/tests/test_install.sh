#!/bin/sh
# `make install` / `make uninstall`, in private build trees (never build/ or
# ./heaptui: the make output must not mention them).
#
#   staged   make BUILD=T/build-usr PREFIX=/usr DESTDIR=T/root install writes
#            exactly usr/bin/heaptui, usr/share/man/man1/heaptui.1 and
#            usr/share/heaptui/themes/NAME.theme for every themes/*.theme
#            (same bytes); the binary runs --version (the Makefile's
#            VERSION) and has /usr/share/heaptui/themes compiled in; make
#            uninstall with the same DESTDIR/PREFIX removes every file and
#            the heaptui data directory.
#   prefix   make BUILD=T/build-prefix PREFIX=/tmp/hti.X/p install: the installed
#            binary, started in tmux, finds `--theme dark256` by name in
#            PREFIX/share/heaptui/themes (its help screen names that file;
#            nothing is found next to the binary, so only the compiled-in
#            data directory can supply it); uninstall keeps a theme it did
#            not install.
# The install tree is built with O=0 to keep the test short. Without tmux the
# theme check is skipped and the test reports itself skipped.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_install.XXXXXX") || exit 1
# the prefix path must fit the help overlay's theme line: keep it short
short=$(mktemp -d /tmp/hti.XXXXXX) || { rm -rf "$tmp"; exit 1; }
trap 'rm -rf "$tmp" "$short"' EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
# mk LOG ARGS...: make in the repository with a clean make environment
# (make check's own MAKEFLAGS must not leak into this build)
mk() {
	log=$1
	shift
	MAKEFLAGS='' MFLAGS='' MAKELEVEL='' make -j2 O=0 "$@" >"$log" 2>&1
	rc=$?
	# the repository's binaries are left alone: no relative build/,
	# build-san/ or heaptui in the commands make ran
	touched='(^|[ "])(\./)?(build(-san)?/|heaptui([ "]|$))'
	if grep -E -q "$touched" "$log"; then
		bad "make $*: touched the repository's binaries:
$(grep -E "$touched" "$log")"
	fi
	if [ $rc -ne 0 ]; then
		echo "FAIL: make $*: exit $rc"
		tail -n 30 "$log"
		exit 1
	fi
}
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
[ -n "$version" ] || { echo "FAIL: no VERSION in Makefile"; exit 1; }
themes=$(cd themes && ls *.theme)
[ -n "$themes" ] || { echo "FAIL: no themes/*.theme"; exit 1; }
nthemes=$(printf '%s\n' "$themes" | wc -l)

# ---- staged install: DESTDIR + PREFIX=/usr ---------------------------------
root=$tmp/root
mk "$tmp/install-usr.log" BUILD="$tmp/build-usr" PREFIX=/usr DESTDIR="$root" install
bin=$root/usr/bin/heaptui
[ -f "$bin" ] && [ -x "$bin" ] || bad "no executable $bin"
cmp -s man/heaptui.1 "$root/usr/share/man/man1/heaptui.1" ||
	bad "usr/share/man/man1/heaptui.1 missing or not man/heaptui.1"
for t in $themes; do
	cmp -s "themes/$t" "$root/usr/share/heaptui/themes/$t" ||
		bad "usr/share/heaptui/themes/$t missing or not themes/$t"
done
# nothing else
n=$(find "$root" -type f | wc -l)
[ "$n" -eq $((nthemes + 2)) ] || bad "install wrote $n files, expected $((nthemes + 2)):
$(cd "$root" && find . -type f | sort)"
out=$("$bin" --version 2>&1)
[ "$out" = "heaptui $version" ] || bad "$bin --version: '$out', expected 'heaptui $version'"
grep -q -a '/usr/share/heaptui/themes' "$bin" ||
	bad "$bin does not look for themes in /usr/share/heaptui/themes"
mk "$tmp/uninstall-usr.log" BUILD="$tmp/build-usr" PREFIX=/usr DESTDIR="$root" uninstall
left=$(cd "$root" && find . -type f)
[ -z "$left" ] || bad "uninstall left files: $left"
[ ! -e "$root/usr/share/heaptui" ] || bad "uninstall left usr/share/heaptui"

# ---- real prefix: the installed binary finds an installed theme by name -----
prefix=$short/p
mk "$tmp/install-prefix.log" BUILD="$tmp/build-prefix" PREFIX="$prefix" install
pbin=$prefix/bin/heaptui
[ -x "$pbin" ] || { echo "FAIL: no $pbin"; exit 1; }
# the directories heaptui tries before its data directory do not exist
[ ! -e "$prefix/bin/themes" ] && [ ! -e "$prefix/themes" ] ||
	bad "themes next to the installed binary: the data directory is not what is tested"
skipped=""
if command -v tmux >/dev/null 2>&1; then
	HEAPTUI=$pbin # tui_lib.sh checks it and makes it absolute
	. src/tests/tui_lib.sh
	trap 'tui_cleanup; rm -rf "$tmp" "$short"' EXIT
	tui_start 200 40
	tui_run "\"$pbin\" --theme dark256 \"$METEOR4\"; echo EXIT=\$?"
	tui_wait 'Retained Size'
	tui_screen | grep -F -q 'not found' && tui_fail "the installed dark256 theme was not found"
	tui_keys '?'
	tui_wait "theme: $prefix/share/heaptui/themes/dark256.theme"
	tui_keys q q
	tui_check_shell 0
	tui_stop
else
	skipped="tmux not installed: the theme lookup was not checked"
fi
# uninstall removes what it installed, not a theme added since
echo '# mine' >"$prefix/share/heaptui/themes/mine.theme"
mk "$tmp/uninstall-prefix.log" BUILD="$tmp/build-prefix" PREFIX="$prefix" uninstall
[ ! -e "$pbin" ] || bad "uninstall left $pbin"
[ ! -e "$prefix/share/man/man1/heaptui.1" ] || bad "uninstall left the man page"
for t in $themes; do
	[ ! -e "$prefix/share/heaptui/themes/$t" ] || bad "uninstall left themes/$t"
done
[ -f "$prefix/share/heaptui/themes/mine.theme" ] || bad "uninstall removed a theme it did not install"

[ $fail -eq 0 ] || exit 1
if [ -n "$skipped" ]; then
	echo "$skipped"
	exit 77
fi
echo ok
exit 0
