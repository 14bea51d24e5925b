#!/bin/sh
# The canonical session on the Meteor closure leak (design.md section 1):
# Summary lists the classes, Comparison shows {longStr, someMethod} +4,
# the filter keeps it and drops Function, expanding lists the objects as
# @id, selecting one names originalThing/theThing in the Retainers pane,
# `q` exits 0 and leaves a usable shell. Expected names and counts come
# from the DevTools oracle (comparison.tsv: {longStr, someMethod} new 4).
. src/tests/tui_lib.sh

tui_start 120 40
tui_run "\"$HEAPTUI\" \"$METEOR0\" \"$METEOR4\"; echo EXIT=\$?"
tui_wait 'Retained Size'
for c in 'global' 'Function' 'system / Context'; do
	tui_screen | grep -q "^[^ ]* $c " || tui_screen | grep -F -q "$c" || tui_fail "Summary lacks $c"
done
tui_screen | head -1 | grep -F -q 'Summary' || tui_fail "header does not name Summary"

tui_keys 2
tui_wait '# Deleted'
tui_wait '{longStr, someMethod}'
tui_screen | grep -F '{longStr, someMethod}' | grep -q ' +4 ' ||
	tui_fail "Comparison row {longStr, someMethod} lacks +4"

tui_keys / && tui_wait '/'
tui_keys -l 'longStr' && tui_keys Enter
tui_wait 'filter /longStr/'
tui_gone 'Function'
tui_screen | grep -F -q '{longStr, someMethod}' || tui_fail "filter dropped {longStr, someMethod}"

# expand: the four new objects as @id
tui_keys Enter
tui_wait '{longStr, someMethod} @'
n=$(tui_screen | grep -c '{longStr, someMethod} @[0-9]')
[ "$n" -ge 4 ] || tui_fail "expected 4 objects, saw $n"

# select the first object: its retainers name the captured variable
tui_keys j
tui_wait 'Retainers of {longStr, someMethod} @'
tui_screen | grep -E -q 'originalThing in system / Context|theThing in system / Context' ||
	tui_fail "Retainers pane does not show originalThing/theThing"

# p: the next Context on the path, explained in the detail bar
tui_keys p
tui_wait 'scope of replaceThing()'

# x ignores the selected retainer (Retainers pane has the focus now), X restores
tui_keys x
tui_wait '(ignored)'
tui_wait '1 ignored'
tui_keys X
tui_gone '(ignored)'
tui_keys Tab

# help overlay from the key table, closed by q
tui_keys '?'
tui_wait 'Moving'
tui_wait 'expand all children of the row'
tui_keys q
tui_gone 'expand all children of the row'

# Containment and Statistics draw
tui_keys 3
tui_wait 'Containment'
tui_keys 4
tui_wait 'V8 heap'
tui_keys 1
tui_wait 'Constructor'

# s sorts by the next column (Constructor, ascending), r reverses
tui_keys s
tui_wait 'Constructor ▲'
tui_keys r
tui_wait 'Constructor ▼'

# @ goes to a node: the current theThing, shown under its class in Summary
tui_keys @
tui_wait 'go to node id'
tui_keys -l 78625
tui_keys Enter
tui_wait 'Retainers of {longStr, someMethod} @78625'
tui_screen | grep -F '{longStr, someMethod} @78625' | head -1 | grep -q '^ *▸' ||
	tui_fail "@78625 not shown as a Summary row"
tui_screen | grep -F -q 'theThing in system / Context' || tui_fail "theThing retainer missing"

# an invalid regex is an error on the status line, the filter stays
tui_keys / C-u
tui_keys -l '(['
tui_keys Enter
tui_wait 'bad regex'

tui_keys q
tui_check_shell 0
exit 0
