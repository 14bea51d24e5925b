# tui_lib.sh - helpers for the tmux-driven TUI tests (src/tests/test_tui_*.sh).
# Sourced, POSIX sh. Each test gets a private tmux server, a fixed pane
# size, and polls the screen instead of sleeping a fixed time.
#
#   tui_start W H [ENV=VAL...]  start an interactive sh in a W x H pane
#   tui_stop                    end that tmux server
#   tui_run CMD                 type CMD + Enter in that shell
#   tui_keys KEY...             tmux send-keys
#   tui_wait TEXT [SECS]        poll capture-pane until TEXT (fixed string) shows
#   tui_gone TEXT [SECS]        poll until TEXT is no longer on the screen
#   tui_screen [-e]             the screen (-e: with colour escapes)
#   tui_fail MSG                print MSG and the screen, exit 1

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed"
	exit 77
fi
HEAPTUI=${HEAPTUI:-./heaptui}
case $HEAPTUI in
/*) ;;
*) HEAPTUI=$(pwd)/$HEAPTUI ;;
esac
if [ ! -x "$HEAPTUI" ]; then
	echo "no heaptui binary at $HEAPTUI"
	exit 1
fi
REPO=$(pwd)
METEOR0=$REPO/testdata/meteor/Snapshot0.heapsnapshot.gz
METEOR4=$REPO/testdata/meteor/Snapshot4.heapsnapshot.gz
TUI_N=0
TUI_SOCK=heaptui-test-$$-0
TUI_TMP=$(mktemp -d)
# sanitizer builds are several times slower
if [ -n "$HEAPTUI_SANITIZED" ]; then TUI_TIMEOUT=${TUI_TIMEOUT:-90}; else TUI_TIMEOUT=${TUI_TIMEOUT:-30}; fi
# each test gets its own cache dir so runs do not depend on each other
export XDG_CACHE_HOME="$TUI_TMP/cache"
export XDG_CONFIG_HOME="$TUI_TMP/config"
unset HEAPTUI_THEME NO_COLOR ESCDELAY

T() { tmux -u -L "$TUI_SOCK" -f /dev/null "$@"; }

tui_cleanup() {
	T kill-server >/dev/null 2>&1
	rm -rf "$TUI_TMP"
}
trap tui_cleanup EXIT
trap 'exit 1' INT TERM HUP

# A fresh server per session (reusing a socket right after kill-server races).
tui_stop() { T kill-server >/dev/null 2>&1; }

tui_start() {
	tui_stop
	TUI_N=$((TUI_N + 1))
	TUI_SOCK=heaptui-test-$$-$TUI_N
	w=$1 h=$2
	shift 2
	# a plain shell with a fixed prompt; TERM as given or tmux-256color
	T start-server \; set -g default-terminal tmux-256color \; \
		new-session -d -x "$w" -y "$h" -s main \
		"env -i PATH=\"$PATH\" HOME=\"$TUI_TMP\" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color \
		XDG_CACHE_HOME=\"$XDG_CACHE_HOME\" XDG_CONFIG_HOME=\"$XDG_CONFIG_HOME\" PS1='$ ' $* sh" ||
		{ echo "cannot start tmux"; exit 1; }
	T set -g status off \; set -g remain-on-exit on \; resize-window -t main -x "$w" -y "$h" \
		>/dev/null 2>&1
	tui_wait '$'
}

tui_run() { T send-keys -t main -l "$*" \; send-keys -t main Enter; }
tui_keys() { T send-keys -t main "$@"; }
tui_screen() { T capture-pane -p "$@" -t main; }

tui_now() { date +%s; }

tui_wait() {
	_end=$(($(tui_now) + ${2:-$TUI_TIMEOUT}))
	while ! tui_screen | grep -F -q -e "$1"; do
		if [ "$(tui_now)" -ge "$_end" ]; then
			tui_fail "timed out waiting for '$1'"
		fi
		sleep 0.1
	done
}

tui_gone() {
	_end=$(($(tui_now) + ${2:-$TUI_TIMEOUT}))
	while tui_screen | grep -F -q -e "$1"; do
		if [ "$(tui_now)" -ge "$_end" ]; then
			tui_fail "timed out waiting for '$1' to go"
		fi
		sleep 0.1
	done
}

tui_fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tui_screen | sed 's/^/| /'
	exit 1
}

# After heaptui exits: status, and a shell that echoes and is in canonical mode.
tui_check_shell() {
	tui_wait "EXIT=${1:-0}"
	tui_run 'stty -a | grep -q " icanon" && stty -a | grep -q " echo " && echo "RESTO""RED"'
	tui_wait RESTORED
}
