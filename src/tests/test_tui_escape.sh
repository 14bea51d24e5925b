#!/bin/sh
# Hostile strings in a snapshot reach the screen only escaped: a class
# named "EvilClass\e]0;title\a" must not set the pane title, and strings
# holding "\e[2J" must not clear the screen. We check both the pane title
# and the raw bytes heaptui writes (tmux pipe-pane).
. src/tests/tui_lib.sh

snap=$TUI_TMP/evil.heapsnapshot
cat >"$snap" <<'JSON'
{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":[],"trace_node_fields":[],"sample_fields":[],"location_fields":["object_index","script_id","line","column"]},"node_count":3,"edge_count":2,"trace_function_count":0},
"nodes":[9,0,1,0,1,0,0,3,1,3,100,1,0,0,3,2,5,50,0,0,0],
"edges":[2,3,7,2,4,14],
"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[],
"strings":["","EvilClass\u001b]0;title\u0007","Other\u001b[2J","prop","x\u001b[2Jy"]}
JSON

tui_start 120 30
T select-pane -t main -T 'heaptui-test-title'
title0=$(T display -p -t main '#{pane_title}')
: >"$TUI_TMP/out"
T pipe-pane -t main -o "cat >>'$TUI_TMP/out'"
tui_run "\"$HEAPTUI\" \"$snap\"; echo EXIT=\$?"
tui_wait 'EvilClass'
# expand everything so the edge name "x\e[2Jy" and "Other\e[2J" are drawn
tui_keys Enter j Enter
tui_wait 'Other'
tui_keys 3
tui_wait 'prop'
tui_keys Enter
tui_wait 'x\x1b[2Jy'
tui_screen | grep -F -q 'EvilClass\x1b]0;title\x07' || tui_screen | grep -F -q 'EvilClass' ||
	tui_fail "class name not shown"
tui_keys q
tui_check_shell 0
T pipe-pane -t main
title1=$(T display -p -t main '#{pane_title}')
[ "$title0" = "$title1" ] || tui_fail "pane title changed from '$title0' to '$title1'"
# the raw output holds the names, escaped, and none of the hostile sequences
grep -F -q 'EvilClass\x1b]0;title' "$TUI_TMP/out" || tui_fail "raw output lacks the escaped class name"
for seq in '\033]0;title' 'Other\033[2J' 'x\033[2Jy'; do
	pat=$(printf "$seq")
	if grep -F -q -e "$pat" "$TUI_TMP/out"; then
		tui_fail "raw output contains the sequence $seq"
	fi
done
tui_screen | grep -F -q 'EXIT=0' || tui_fail "screen was cleared"
exit 0
