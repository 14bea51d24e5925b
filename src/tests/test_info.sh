#!/bin/sh
# --print info: counts of the Meteor snapshots (as DevTools reports them)
# and of the hand-written files in testdata/tiny (counted by hand).
# grep/sed only: the JSON is flattened (spaces and newlines dropped) first.
HEAPTUI=${HEAPTUI:-./heaptui}
fail=0
info() { # FILE -> flattened JSON of --print info
	"$HEAPTUI" --no-cache --print info --format json "$1" | tr -d ' \n'
}
expect() { # FILE KEY VALUE (VALUE as JSON: 12 or "text")
	out=$(info "$1")
	case $out in
	*"\"$2\":$3"[,}]*) ;;
	*) echo "FAIL $1: expected \"$2\": $3 in: $out"; fail=1 ;;
	esac
}
m=testdata/meteor
expect $m/Snapshot0.heapsnapshot.gz nodes 39236
expect $m/Snapshot0.heapsnapshot.gz edges 178172
expect $m/Snapshot0.heapsnapshot.gz producer '"node"'
expect $m/Snapshot4.heapsnapshot.gz nodes 39336
expect $m/Snapshot4.heapsnapshot.gz edges 178490
# A page snapshot taken over the DevTools protocol: Window below (GC roots) only
expect testdata/snapshots/chrome0.heapsnapshot.gz producer '"chrome"'
t=testdata/tiny
for f in $t/all-types.heapsnapshot $t/all-types.heapsnapshot.gz $t/two-members.heapsnapshot.gz; do
	expect $f nodes 20
	expect $f edges 25
	expect $f strings 35
	expect $f locations 2
	expect $f self_size 564
	expect $f root_id 1
	expect $f node_fields '"type,name,id,self_size,edge_count,trace_node_id,detachedness"'
	expect $f edge_fields '"type,name_or_index,to_node"'
	expect $f producer '"node"'
done
expect $t/chrome-dom.heapsnapshot producer '"chrome"'
expect $t/chrome-dom.heapsnapshot self_size 384
expect $t/chrome-dom.heapsnapshot node_fields '"type,name,id,self_size,edge_count,detachedness"'
expect $t/old-style.heapsnapshot node_fields '"name,type,id,edge_count,self_size,trace_node_id"'
expect $t/old-style.heapsnapshot edge_fields '"to_node,type,name_or_index"'
expect $t/old-style.heapsnapshot self_size 68
expect $t/weird-strings.heapsnapshot strings 15
expect $t/weird-strings.heapsnapshot nodes 14

# TSV: the header and one row per file, in command-line order
out=$("$HEAPTUI" --no-cache --print info --format tsv $t/old-style.heapsnapshot $t/chrome-dom.heapsnapshot)
hdr=$(printf 'file\tnodes\tedges\tstrings\tlocations\tself_size\troot_id\tnode_fields\tedge_fields\tproducer')
row1=$(printf '%s\t4\t3\t6\t0\t68\t1\tname,type,id,edge_count,self_size,trace_node_id\tto_node,type,name_or_index\tnode' $t/old-style.heapsnapshot)
row2=$(printf '%s\t7\t7\t11\t0\t384\t1\ttype,name,id,self_size,edge_count,detachedness\ttype,name_or_index,to_node\tchrome' $t/chrome-dom.heapsnapshot)
want=$(printf '%s\n%s\n%s' "$hdr" "$row1" "$row2")
if [ "$out" != "$want" ]; then
	echo "FAIL tsv:"; echo "$out"; echo "expected:"; echo "$want"; fail=1
fi
[ $fail -eq 0 ] && echo "ok"
exit $fail
