#!/usr/bin/env python3
"""trim-snapshot.py IN OUT MAXNODES - keep the first MAXNODES nodes reached
breadth-first from the root of a .heapsnapshot (gzip or plain), the edges
between them and the strings they use: a small, valid, real-shaped seed for
the fuzz corpora (testdata/fuzz/load)."""
import gzip, json, sys

src, dst, maxn = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = open(src, 'rb').read()
if raw[:2] == b'\x1f\x8b':
    raw = gzip.decompress(raw)
j = json.loads(raw)
meta = j['snapshot']['meta']
nf, ef = meta['node_fields'], meta['edge_fields']
nfl, efl = len(nf), len(ef)
nodes, edges, strings = j['nodes'], j['edges'], j['strings']
ec_i, to_i = nf.index('edge_count'), ef.index('to_node')
et_i, en_i, nn_i = ef.index('type'), ef.index('name_or_index'), nf.index('name')
etypes = meta['edge_types'][0]
n = len(nodes) // nfl
first = [0] * (n + 1)
for i in range(n):
    first[i + 1] = first[i] + nodes[i * nfl + ec_i]
keep, seen, queue = [], {0}, [0]
while queue and len(keep) < maxn:
    i = queue.pop(0)
    keep.append(i)
    for e in range(first[i], first[i + 1]):
        t = edges[e * efl + to_i] // nfl
        if t not in seen:
            seen.add(t)
            queue.append(t)
newidx = {old: k for k, old in enumerate(keep)}
smap, sout = {}, []
def s(i):
    if i not in smap:
        smap[i] = len(sout)
        sout.append(strings[i])
    return smap[i]
onodes, oedges = [], []
for old in keep:
    kept = []
    for e in range(first[old], first[old + 1]):
        row = edges[e * efl:(e + 1) * efl]
        t = row[to_i] // nfl
        if t in newidx:
            row = list(row)
            row[to_i] = newidx[t] * nfl
            if etypes[row[et_i]] not in ('element', 'hidden'):
                row[en_i] = s(row[en_i])
            kept.append(row)
    row = list(nodes[old * nfl:(old + 1) * nfl])
    row[nn_i] = s(row[nn_i])
    row[ec_i] = len(kept)
    onodes += row
    for r in kept:
        oedges += r
out = {'snapshot': {'meta': meta, 'node_count': len(keep), 'edge_count': len(oedges) // efl,
                    'trace_function_count': 0},
       'nodes': onodes, 'edges': oedges, 'trace_function_infos': [], 'trace_tree': [],
       'samples': [], 'locations': [], 'strings': sout}
open(dst, 'w').write(json.dumps(out, separators=(',', ':')))
