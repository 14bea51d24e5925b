#!/usr/bin/env node
// gen-graphs.cjs - synthetic .heapsnapshot files that stress the rules of
// Chrome DevTools' heap snapshot analysis (HeapSnapshot.ts): dominators over
// "essential" edges, the orphan and unreachable-clique passes, page-owned
// flags, shallow-size reassignment, distance filters, ephemerons, DOM state
// propagation, interface inference and statistics.
//
//     node testdata/programs/gen-graphs.cjs OUTDIR [NAME...]
//
// writes OUTDIR/graph-NAME.heapsnapshot (plain JSON, V8's layout) for every
// graph (or the NAMEs given, without the graph- prefix).  Node 20, no
// dependencies, deterministic: every graph draws from its own seeded
// mulberry32, so the same files come out on every run and machine.  The
// expectations for these files come only from the DevTools oracle
// (testdata/golden/make-goldens.sh); nothing here computes an expected value.
//
// Node ids are odd and mostly ascending, with some descending runs (V8 does
// that too).  Class names chosen for a graph's retainer goldens (DupTarget,
// CliqueMember, EphValue, ...) are unique to that role: make-goldens.sh picks
// the ids by those names.
'use strict';
const fs = require('fs');
const path = require('path');

function mulberry32(a) {
  return function() {
    a |= 0;
    a = a + 0x6D2B79F5 | 0;
    let t = Math.imul(a ^ a >>> 15, 1 | a);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native',
                    'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape',
                    'wasm object'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const META = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
  node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
  trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
  trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
  sample_fields: ['timestamp_us', 'last_assigned_id'],
  location_fields: ['object_index', 'script_id', 'line', 'column'],
};
const NF = META.node_fields.length;

class Graph {
  constructor(name, seed, opts = {}) {
    this.name = name;
    this.rand = mulberry32(seed);
    this.descRuns = opts.descRuns ?? 0.02;  // chance that a new id starts a descending run
    this.extraNativeBytes = opts.extraNativeBytes;
    this.type = [];
    this.nameIx = [];
    this.ids = [];
    this.size = [];
    this.det = [];
    this.out = [];  // per node: [[edgeType, nameOrIndex, toOrdinal], ...] in file order
    this.strings = [''];
    this.stringIx = new Map([['', 0]]);
    this.locations = [];
    this.nextId = 1;
    this.idQueue = [];
  }

  rnd(n) {
    return Math.floor(this.rand() * n);
  }

  pick(a) {
    return a[this.rnd(a.length)];
  }

  chance(p) {
    return this.rand() < p;
  }

  str(s) {
    let i = this.stringIx.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIx.set(s, i);
    }
    return i;
  }

  newId() {
    if (this.idQueue.length) {
      return this.idQueue.shift();
    }
    if (this.nextId > 1 && this.chance(this.descRuns)) {
      const k = 3 + this.rnd(14);
      for (let i = k - 1; i >= 0; i--) {
        this.idQueue.push(this.nextId + 2 * i);
      }
      this.nextId += 2 * k;
      return this.idQueue.shift();
    }
    const id = this.nextId;
    this.nextId += 2;
    return id;
  }

  // node(type, name, selfSize, {detachedness}) -> ordinal
  node(type, name, size = 0, opts = {}) {
    const t = NODE_TYPES.indexOf(type);
    if (t < 0) {
      throw new Error('bad node type ' + type);
    }
    const o = this.type.length;
    this.type.push(t);
    this.nameIx.push(this.str(name));
    this.ids.push(this.newId());
    this.size.push(size);
    this.det.push(opts.detachedness ?? 0);
    this.out.push([]);
    return o;
  }

  root() {
    if (this.type.length) {
      throw new Error('root must be node 0');
    }
    return this.node('synthetic', '', 0);
  }

  id(o) {
    return this.ids[o];
  }

  nameOf(o) {
    return this.strings[this.nameIx[o]];
  }

  // edge(from, type, name, to): element and hidden edges take a number
  edge(from, type, name, to) {
    const t = EDGE_TYPES.indexOf(type);
    if (t < 0) {
      throw new Error('bad edge type ' + type);
    }
    let n;
    if (type === 'element' || type === 'hidden') {
      if (typeof name !== 'number' || !Number.isInteger(name) || name < 0) {
        throw new Error(`${type} edge needs an index, got ${name}`);
      }
      n = name;
    } else {
      n = this.str(String(name));
    }
    if (!(to >= 0 && to < this.type.length) || !(from >= 0 && from < this.type.length)) {
      throw new Error('edge to a missing node');
    }
    this.out[from].push([t, n, to]);
  }

  // V8's ephemeron edges for WeakMap entry key -> value in table:
  // the table holds key and value weakly plus an internal edge to the value,
  // and the key has an internal edge of the same (modulo the prefix) name
  ephemeron(table, key, value, {tablePrefix, keyPrefix, tableId} = {}) {
    const part = `part of key (${this.nameOf(key)} @${this.id(key)}) -> value (${this.nameOf(value)} ` +
        `@${this.id(value)}) pair in WeakMap (table @${tableId ?? this.id(table)})`;
    const slot = this.out[table].length;
    this.edge(table, 'weak', String(slot + 1), key);
    this.edge(table, 'weak', String(slot + 2), value);
    this.edge(table, 'internal', `${tablePrefix ?? slot + 1} / ${part}`, value);
    this.edge(key, 'internal', `${keyPrefix ?? slot + 1} / ${part}`, value);
    return part;
  }

  loc(o, scriptId, line, column) {
    this.locations.push([o, scriptId, line, column]);
  }

  edgeCount() {
    return this.out.reduce((s, e) => s + e.length, 0);
  }

  serialize() {
    const n = this.type.length;
    const ec = this.edgeCount();
    const snap = {meta: META, node_count: n, edge_count: ec, trace_function_count: 0};
    if (this.extraNativeBytes !== undefined) {
      snap.extra_native_bytes = this.extraNativeBytes;
    }
    const parts = ['{"snapshot":', JSON.stringify(snap), ',\n"nodes":['];
    for (let o = 0; o < n; o++) {
      parts.push((o ? '\n,' : '') +
                 [this.type[o], this.nameIx[o], this.ids[o], this.size[o], this.out[o].length, 0, this.det[o]]
                     .join(','));
    }
    parts.push('],\n"edges":[');
    let first = true;
    for (let o = 0; o < n; o++) {
      for (const [t, nm, to] of this.out[o]) {
        parts.push((first ? '' : '\n,') + t + ',' + nm + ',' + to * NF);
        first = false;
      }
    }
    parts.push('],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[');
    const locs = this.locations.slice().sort((a, b) => a[0] - b[0]);
    parts.push(locs.map(([o, s, l, c]) => [o * NF, s, l, c].join(',')).join('\n,'));
    parts.push('],\n"strings":[');
    parts.push(this.strings.map(s => JSON.stringify(s)).join(',\n'));
    parts.push(']}\n');
    return parts.join('');
  }
}

// ---------------------------------------------------------------------------
// shared scaffolding

const GC_SUBROOTS = ['(Strong roots)', '(Handle scope)', '(Global handles)', '(Stack roots)', '(Builtins)'];

// Node-style root: element edges to synthetic (GC roots) and its sub-roots,
// shortcut edges (page-owned seeds) or element edges to the user globals
function scaffold(g, {globals = 1, shortcut = true, subroots = GC_SUBROOTS} = {}) {
  const root = g.root();
  const gc = g.node('synthetic', '(GC roots)', 0);
  g.edge(root, 'element', 1, gc);
  const subs = subroots.map((nm, i) => {
    const s = g.node('synthetic', nm, 0);
    g.edge(gc, 'element', i + 1, s);
    return s;
  });
  const globs = [];
  for (let i = 0; i < globals; i++) {
    const gl = g.node('object', 'global', 40);
    if (shortcut) {
      g.edge(root, 'shortcut', String(i + 2), gl);
    } else {
      g.edge(root, 'element', i + 2, gl);
    }
    globs.push(gl);
  }
  return {root, gc, subs, globs};
}

const SIZES = [0, 8, 12, 16, 16, 24, 24, 32, 32, 40, 48, 56, 64, 72, 96, 128, 200, 1024, 4096, 65536];
const PROPS = ['a', 'b', 'c', 'x', 'y', 'z', 'next', 'prev', 'data', 'value', 'parent', 'child', 'items',
               'handler', 'cache', 'key', 'name', 'state', '__proto__'];
const INTERNALS = ['map', 'elements', 'properties', 'table', 'code', 'shared', 'feedback_cell', 'native_context',
                   'sloppy_function_map', 'first', 'second', 'context', 'scope_info'];
const CONTEXT_VARS = ['self', 'cb', 'state', 'that', 'result', 'i'];
const CLASSES = ['Foo', 'Bar', 'Baz', 'Qux', 'Array', 'Map', 'Set', 'Promise', 'Request', 'Response', 'Buffer',
                 'EventEmitter', 'Timeout', 'Socket'];
const SHAPES = [['a', 'b'], ['a', 'b'], ['b', 'a'], ['x', 'y', 'z'], ['next', 'value'], ['a', 'b', 'c'],
                ['key', 'value', 'next'], ['data'], []];

// ---------------------------------------------------------------------------
// random dense graphs with cycles

function randomGraph(name, seed, N, opt) {
  const g = new Graph(name, seed, {descRuns: 0.03});
  const {root, subs, globs} = scaffold(g, {globals: opt.globals, shortcut: opt.shortcut});
  const pool = [...globs];
  let docTrees = -1;
  if (opt.dom) {
    docTrees = g.node('synthetic', '(Document DOM trees)', 0);
    g.edge(root, 'element', 9, docTrees);
  }
  const hubs = [];
  const bulk = [];
  const kinds = [
    ['object', 30], ['plain', 18], ['array', 10], ['hidden', 10], ['closure', 8], ['string', 8], ['native', 4],
    ['code', 4], ['number', 2], ['regexp', 1], ['symbol', 1], ['bigint', 1], ['object shape', 2],
    ['sliced string', 1],
  ];
  const totalW = kinds.reduce((s, k) => s + k[1], 0);
  function kind() {
    let r = g.rnd(totalW);
    for (const [k, w] of kinds) {
      if ((r -= w) < 0) {
        return k;
      }
    }
    return 'object';
  }
  for (let i = 0; i < N; i++) {
    const k = kind();
    const size = g.pick(SIZES);
    let o;
    let det = 0;
    switch (k) {
      case 'plain':
        o = g.node('object', 'Object', size);
        break;
      case 'object':
        o = g.node('object', g.pick(CLASSES), size);
        break;
      case 'array':
        o = g.node('array', g.pick(['', '', '(object elements)', '(object properties)', '(map descriptors)',
                                    '(internal array)']), size);
        break;
      case 'hidden':
        o = g.node('hidden', g.pick(['system / Context', 'system / Map', 'system / NativeContext',
                                     'system / FeedbackVector', 'system / PropertyCell']), size);
        break;
      case 'closure':
        o = g.node('closure', g.pick(['onData', 'run', 'tick', '', 'anonymous', 'get']), size);
        break;
      case 'string':
        o = g.node('string', g.pick(['hello', 'id', 'ab', 'a long string value', '']), size);
        break;
      case 'native':
        if (opt.dom) {
          det = g.rnd(3);
        }
        o = g.node('native', g.pick(['system / ExternalStringData', 'system / JSArrayBufferData', 'Node / Blob',
                                     '<div class="c">', '<span>', 'HTMLDivElement']), size, {detachedness: det});
        break;
      default:
        o = g.node(k, k === 'code' ? g.pick(['(code)', 'system / Code', 'run']) : k + String(g.rnd(5)), size);
    }
    bulk.push(o);
    if (k === 'plain') {
      // property edges first, in one of a few orders, for interface inference
      for (const p of g.pick(SHAPES)) {
        g.out[o].push(['P', p]);  // placeholder, filled once the targets exist
      }
    }
    if (i % Math.floor(N / 6) === 3) {
      const h = g.node('object', 'Hub', 64);
      hubs.push(h);
      bulk.push(h);
    }
  }
  const all = bulk;
  const near = (i) => all[Math.max(0, Math.min(all.length - 1, i + g.rnd(41) - 20))];
  function edgeType(from) {
    const r = g.rnd(100);
    if (r < 38) {
      return 'property';
    }
    if (r < 56) {
      return 'element';
    }
    if (r < 70) {
      return 'internal';
    }
    if (r < 76) {
      return 'context';
    }
    if (r < 84) {
      return 'hidden';
    }
    if (r < 84 + opt.weak) {
      return 'weak';
    }
    if (r < 87 + opt.weak) {
      return 'shortcut';
    }
    return g.nameOf(from) === 'Object' ? 'internal' : 'property';
  }
  function addEdge(from, type, to) {
    const list = g.out[from];
    switch (type) {
      case 'element':
      case 'hidden':
        g.edge(from, type, list.length, to);
        break;
      case 'property':
        g.edge(from, type, g.pick(PROPS), to);
        break;
      case 'internal':
        g.edge(from, type, g.pick(INTERNALS), to);
        break;
      case 'context':
        g.edge(from, type, g.pick(CONTEXT_VARS), to);
        break;
      case 'weak':
        g.edge(from, type, String(list.length), to);
        break;
      case 'shortcut':
        g.edge(from, type, g.pick(['bound_this', 'target', 'x']), to);
        break;
    }
  }
  // resolve the placeholder shape edges of plain objects
  for (let i = 0; i < all.length; i++) {
    const o = all[i];
    const list = g.out[o];
    for (let j = 0; j < list.length; j++) {
      if (list[j] && list[j][0] === 'P') {
        const p = list[j][1];
        list[j] = [EDGE_TYPES.indexOf('property'), g.str(p), g.chance(0.5) ? near(i) : g.pick(all)];
      }
    }
  }
  // spanning retainers: mostly reachable, from an earlier node (or a root)
  for (let i = 0; i < all.length; i++) {
    const o = all[i];
    if (g.chance(opt.orphan)) {
      continue;
    }
    let src;
    const r = g.rnd(100);
    if (i < 8 || r < 4) {
      src = g.pick(pool);
    } else if (r < 7) {
      src = g.pick(subs);
    } else if (r < 9 && docTrees >= 0) {
      src = docTrees;
    } else if (r < 60) {
      src = all[Math.max(0, i - 1 - g.rnd(30))];
    } else {
      src = all[g.rnd(i)];
    }
    const t = src === docTrees || g.type[src] === NODE_TYPES.indexOf('synthetic') ? 'element' :
                                                                                   g.pick(['property', 'element',
                                                                                           'internal', 'context']);
    addEdge(src, t, o);
  }
  // extra edges: cycles, several retainers, duplicates, self edges
  for (let i = 0; i < all.length; i++) {
    const o = all[i];
    let k = g.rnd(6);
    if (hubs.includes(o)) {
      k += 25;
    }
    for (let j = 0; j < k; j++) {
      let to;
      const r = g.rnd(100);
      if (r < 40) {
        to = near(i);
      } else if (r < 45) {
        to = o;  // self edge
      } else if (r < 55 && hubs.length) {
        to = g.pick(hubs);
      } else if (r < 62 && g.out[o].length) {
        to = g.out[o][g.rnd(g.out[o].length)][2];  // duplicate of an earlier target
      } else {
        to = g.pick(all);
      }
      addEdge(o, edgeType(o), to);
    }
  }
  // some retainers from the system roots into the user part and back
  for (let i = 0; i < N / 50; i++) {
    addEdge(g.pick(subs), 'element', g.pick(all));
  }
  // WeakMap entries
  for (let i = 0; i < opt.weakmaps; i++) {
    const wm = g.node('object', 'WeakMap', 32);
    const table = g.node('array', '', 128);
    g.edge(wm, 'internal', 'table', table);
    addEdge(g.pick(all), 'property', wm);
    for (let j = 0; j < 6; j++) {
      const key = g.pick(all);
      const val = g.chance(0.5) ? g.pick(all) : g.node('object', 'EphValue', 40);
      g.ephemeron(table, key, val);
    }
  }
  for (const h of hubs.slice(0, 2)) {
    g.edge(h, 'property', 'self', h);
  }
  return g;
}

// random graph with unreachable clusters (cycles among themselves, edges out
// into the reachable part) whose nodes are interleaved with the reachable
// ones in ordinal order: the orphan DFS and the "still unreachable" pass of
// the dominator computation visit them in that order
function randomClusters(name, seed, N) {
  const g = new Graph(name, seed, {descRuns: 0.03});
  const root = g.root();
  const gc = g.node('synthetic', '(GC roots)', 0);
  g.edge(root, 'element', 1, gc);
  const subs = ['(Strong roots)', '(Global handles)'].map((nm, i) => {
    const sr = g.node('synthetic', nm, 0);
    g.edge(gc, 'element', i + 1, sr);
    return sr;
  });
  const pageGlobal = g.node('object', 'global', 40);
  g.edge(root, 'shortcut', '2', pageGlobal);  // page-owned part
  const otherGlobal = g.node('object', 'global', 40);
  g.edge(root, 'element', 3, otherGlobal);  // not page-owned
  const C = 24;
  const group = [];
  for (let i = 0; i < N; i++) {
    group.push(g.chance(0.7) ? 0 : 1 + g.rnd(C));
  }
  const members = Array.from({length: C + 1}, () => []);
  const reach = [];
  const all = [];
  for (let i = 0; i < N; i++) {
    const r = g.rnd(10);
    const o = r < 6 ? g.node('object', group[i] ? 'Cluster' + (group[i] % 5) : g.pick(CLASSES), g.pick(SIZES)) :
        r < 8 ? g.node('hidden', 'system / Context', g.pick(SIZES)) :
        r < 9 ? g.node('array', '', g.pick(SIZES)) : g.node('closure', 'fn', g.pick(SIZES));
    members[group[i]].push(o);
    all.push(o);
    if (!group[i]) {
      reach.push(o);
    }
  }
  const et = () => g.pick(['property', 'property', 'internal', 'context', 'element']);
  const add = (from, type, to) => {
    if (type === 'element' || type === 'hidden') {
      g.edge(from, type, g.out[from].length, to);
    } else {
      g.edge(from, type, g.pick(PROPS), to);
    }
  };
  // the reachable part: spanning edges from an earlier reachable node
  for (let i = 0; i < reach.length; i++) {
    const src = i < 4 || g.chance(0.03) ? g.pick([pageGlobal, otherGlobal, subs[0], subs[1]]) :
                                          reach[g.rnd(i)];
    add(src, g.type[src] === NODE_TYPES.indexOf('synthetic') ? 'element' : et(), reach[i]);
  }
  for (const o of reach) {
    for (let k = g.rnd(4); k > 0; k--) {
      add(o, g.chance(0.08) ? 'weak' : et(), g.pick(reach));
    }
  }
  // the clusters
  for (let c = 1; c <= C; c++) {
    const m = members[c];
    if (!m.length) {
      continue;
    }
    for (const o of m) {
      for (let k = 1 + g.rnd(3); k > 0; k--) {
        add(o, g.chance(0.05) ? 'weak' : et(), g.pick(m));
      }
      if (g.chance(0.15)) {
        add(o, et(), g.pick(reach));
      }
    }
    switch (c % 6) {
      case 0:  // entered by a weak edge from the reachable part
        add(g.pick(reach), 'weak', g.pick(m));
        break;
      case 1:  // entered by a shortcut from a non-root node (followed by the BFS only)
        add(g.pick(reach), 'shortcut', g.pick(m));
        break;
      case 2: {  // entered from a node with no retainers
        const entry = g.node('object', 'ClusterEntry', 16);
        add(entry, 'property', g.pick(m));
        break;
      }
      case 3:  // one member retains itself only
        g.edge(m[0], 'property', 'self', m[0]);
        break;
      default:  // closed: found only by the last pass
        break;
    }
  }
  // a chain of clusters: one cluster's edges into another
  for (let c = 1; c < C; c += 4) {
    if (members[c].length && members[c + 1].length) {
      add(g.pick(members[c]), 'property', g.pick(members[c + 1]));
    }
  }
  return g;
}

// ---------------------------------------------------------------------------
// duplicate edges

function dupEdges() {
  const g = new Graph('dup-edges', 7);
  const {root, subs, globs: [glob]} = scaffold(g);
  g.edge(root, 'shortcut', '2', glob);  // the same global twice from the root
  const holder = g.node('object', 'Holder', 32);
  g.edge(glob, 'property', 'holder', holder);
  const arr = g.node('array', '(object elements)', 416);
  g.edge(holder, 'internal', 'elements', arr);
  const target = g.node('object', 'DupTarget', 48);
  const tchild = g.node('object', 'DupTargetChild', 24);
  g.edge(target, 'property', 'child', tchild);
  for (let i = 0; i < 100; i++) {
    if (i % 2 === 0) {
      g.edge(arr, 'element', i, target);
    } else {
      const other = g.node('object', 'Other', 16 + (i % 5) * 8);
      g.edge(arr, 'element', i, other);
      if (i % 10 === 1) {
        g.edge(other, 'property', 'back', target);
        g.edge(other, 'property', 'back2', target);
      }
    }
  }
  // a target retained by several sources, each with duplicate edges
  const multi = g.node('object', 'MultiDup', 40);
  const srcs = [];
  for (let s = 0; s < 4; s++) {
    const src = g.node('object', 'DupSource', 24 + 8 * s);
    srcs.push(src);
  }
  g.edge(glob, 'property', 's0', srcs[0]);
  g.edge(holder, 'property', 's1', srcs[1]);
  g.edge(target, 'property', 's2', srcs[2]);
  g.edge(tchild, 'property', 's3', srcs[3]);
  g.edge(srcs[0], 'property', 'm', multi);
  g.edge(srcs[0], 'property', 'm', multi);  // same name twice
  g.edge(srcs[0], 'element', 3, multi);
  g.edge(srcs[1], 'element', 0, multi);
  g.edge(srcs[1], 'weak', '1', multi);
  g.edge(srcs[1], 'element', 1, multi);
  g.edge(srcs[2], 'context', 'ctx', multi);
  g.edge(srcs[2], 'context', 'ctx', multi);
  g.edge(srcs[2], 'internal', 'a', multi);
  g.edge(srcs[3], 'property', 'zz', multi);
  g.edge(srcs[3], 'shortcut', 'sc', multi);
  g.edge(srcs[3], 'property', 'aa', multi);
  g.edge(multi, 'property', 'self', multi);
  g.edge(multi, 'property', 'self', multi);
  // duplicate edges into hidden/array nodes: one owner twice, two owners
  const own1 = g.node('object', 'Owner', 24);
  g.edge(holder, 'property', 'own1', own1);
  const h1 = g.node('hidden', 'system / PropertyArray', 64);
  g.edge(own1, 'internal', 'properties', h1);
  g.edge(own1, 'internal', 'properties', h1);
  const own2 = g.node('object', 'Owner', 24);
  g.edge(glob, 'property', 'own2', own2);
  const shared = g.node('array', '(object elements)', 88);
  g.edge(own1, 'internal', 'elements', shared);
  g.edge(own2, 'internal', 'elements', shared);
  g.edge(own2, 'internal', 'elements', shared);
  // JS arrays: one elements store with two edges from its Array (retainersCount 2),
  // one with a single edge, one shared by two Arrays, one of type object
  const jsArrays = [];
  for (let i = 0; i < 4; i++) {
    const a = g.node('object', 'Array', 32);
    g.edge(holder, 'element', i, a);
    jsArrays.push(a);
  }
  const e0 = g.node('array', '(object elements)', 160);
  g.edge(jsArrays[0], 'internal', 'elements', e0);
  g.edge(jsArrays[0], 'internal', 'elements', e0);
  const e1 = g.node('array', '(object elements)', 80);
  g.edge(jsArrays[1], 'property', 'elements', e1);  // a property, not the store
  g.edge(jsArrays[1], 'internal', 'elements', e1);
  const e2 = g.node('array', '(object elements)', 240);
  g.edge(jsArrays[2], 'internal', 'elements', e2);
  g.edge(jsArrays[3], 'internal', 'elements', e2);
  const e3 = g.node('object', 'ElementsBox', 56);
  g.edge(jsArrays[3], 'internal', 'elements', e3);  // second "elements": only the first counts
  const e4 = g.node('object', 'ElementsBox', 72);
  const a4 = g.node('object', 'Array', 16);
  g.edge(glob, 'property', 'a4', a4);
  g.edge(a4, 'internal', 'elements', e4);
  for (let i = 0; i < 30; i++) {
    g.edge(e0, 'element', i, g.pick([target, multi, tchild]));
  }
  // duplicate edges from the system roots
  g.edge(subs[0], 'element', 1, target);
  g.edge(subs[0], 'element', 2, target);
  g.edge(subs[2], 'element', 1, multi);
  // a chain of dups
  let prev = target;
  for (let i = 0; i < 20; i++) {
    const c = g.node('object', 'DupChain', 16);
    g.edge(prev, 'property', 'n', c);
    g.edge(prev, 'property', 'n', c);
    if (i % 3 === 0) {
      g.edge(prev, 'weak', 'w', c);
    }
    prev = c;
  }
  g.edge(prev, 'property', 'loop', target);
  g.edge(prev, 'property', 'loop', target);
  return g;
}

// ---------------------------------------------------------------------------
// weak edges and weak-only retainers

function weakGraph() {
  const g = new Graph('weak', 11);
  const {subs, globs: [glob]} = scaffold(g);
  const live = [];
  for (let i = 0; i < 10; i++) {
    const o = g.node('object', 'Live', 24);
    g.edge(i ? live[i - 1] : glob, 'property', 'l' + i, o);
    live.push(o);
  }
  // nodes retained strongly and weakly
  for (let i = 0; i < 5; i++) {
    const o = g.node('object', 'StrongAndWeak', 16);
    g.edge(live[i], 'weak', 'w', o);
    g.edge(live[i + 3], 'property', 's', o);
  }
  // an early node with only weak retainers from a node that comes later
  const early = g.node('object', 'WeakOnlyEarly', 32);
  const earlyKid = g.node('object', 'WeakSubtree', 16);
  g.edge(early, 'property', 'kid', earlyKid);
  // weak-only roots of subtrees
  const wo = [];
  for (let i = 0; i < 3; i++) {
    const w = g.node('object', 'WeakOnly', 48 + 8 * i);
    g.edge(live[2 + i], 'weak', 'ref', w);
    wo.push(w);
  }
  const sub = [];
  for (let i = 0; i < 12; i++) {
    const o = g.node(i % 4 === 3 ? 'array' : 'object', i % 4 === 3 ? '' : 'WeakSubtree', 16 + 4 * i);
    g.edge(i < 4 ? wo[0] : sub[i - 4], 'property', 's' + i, o);
    sub.push(o);
  }
  // shared between two weak-only subtrees
  g.edge(wo[1], 'property', 'shared', sub[5]);
  g.edge(wo[2], 'property', 'shared', sub[9]);
  g.edge(wo[2], 'property', 'own', g.node('object', 'WeakSubtree', 8));
  // a weak-only subtree node also retained from the live part
  g.edge(live[9], 'property', 'alsoLive', sub[7]);
  // the early node's only retainer is weak, from the last live node
  g.edge(live[9], 'weak', 'early', early);
  g.edge(earlyKid, 'property', 'up', sub[2]);
  // retained only by non-essential strong edges: a shortcut from a non-root
  // node (followed by the distance BFS) and a self edge
  const viaShortcut = g.node('object', 'ShortcutOnly', 24);
  g.edge(live[4], 'shortcut', 'bound_this', viaShortcut);
  g.edge(viaShortcut, 'property', 'me', viaShortcut);
  const scKid = g.node('object', 'ShortcutKid', 40);
  g.edge(viaShortcut, 'property', 'kid', scKid);
  // weak-only node whose weak retainer is itself unreachable
  const lost = g.node('object', 'Lost', 16);
  const lostKid = g.node('object', 'LostWeakKid', 16);
  g.edge(lost, 'weak', 'w', lostKid);
  g.edge(lostKid, 'property', 'back', lost);
  // weak edges from the system roots
  const sysWeak = g.node('object', 'SysWeak', 56);
  g.edge(subs[2], 'weak', '1', sysWeak);
  g.edge(sysWeak, 'property', 'x', g.node('object', 'SysWeakKid', 24));
  // a long weak-only chain and a weak cycle
  let prev = wo[2];
  for (let i = 0; i < 8; i++) {
    const c = g.node('object', 'WeakChain', 8 * i);
    g.edge(prev, i % 2 ? 'weak' : 'property', 'c', c);
    prev = c;
  }
  g.edge(prev, 'weak', 'cycle', wo[2]);
  // a late weak-only node retaining what earlier weak-only roots already reached
  const late = g.node('object', 'WeakOnlyLate', 64);
  g.edge(glob, 'weak', 'late', late);
  g.edge(late, 'property', 'a', sub[0]);
  g.edge(late, 'property', 'b', earlyKid);
  g.edge(late, 'property', 'c', live[3]);
  return g;
}

// ---------------------------------------------------------------------------
// unreachable cliques

function cliqueGraph() {
  const g = new Graph('clique', 13);
  // no shortcut edge from the root: no node is page-owned, so the clique's
  // edges into the reachable part stay essential
  const {subs, globs: [glob]} = scaffold(g, {shortcut: false});
  const R = [];
  let prev = glob;
  // the ones the unreachable part points into have a class of their own
  const into = [2, 5, 7, 9, 10, 11];
  for (let i = 0; i < 12; i++) {
    const o = g.node('object', into.includes(i) ? 'ReachedFromUnreachable' : 'Reachable', 32 + i);
    g.edge(prev, 'property', 'r', o);
    R.push(o);
    prev = o;
  }
  // chain nodes hanging off the clique, some before the clique in ordinal order
  const chainA = [];
  for (let i = 0; i < 3; i++) {
    chainA.push(g.node('object', 'CliqueChain', 16 * (i + 1)));
  }
  const K = [];
  for (let i = 0; i < 6; i++) {
    K.push(g.node('object', 'CliqueMember', 40 + 8 * i));
  }
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      if (i !== j && (i + j) % 4 !== 3) {
        g.edge(K[i], 'property', 'k' + j, K[j]);
      }
    }
  }
  // essential edges into the reachable part
  g.edge(K[0], 'property', 'into', R[5]);
  g.edge(K[4], 'property', 'into', R[9]);
  g.edge(K[4], 'property', 'into2', R[10]);
  // chains off the clique
  g.edge(K[3], 'property', 'chain', chainA[2]);
  g.edge(chainA[2], 'property', 'n', chainA[0]);
  g.edge(chainA[0], 'property', 'n', chainA[1]);
  const chainB = [];
  for (let i = 0; i < 4; i++) {
    const c = g.node(i === 2 ? 'hidden' : 'object', i === 2 ? 'system / Context' : 'CliqueChain', 8 + i);
    g.edge(i ? chainB[i - 1] : K[5], 'property', 'n', c);
    chainB.push(c);
  }
  g.edge(chainB[3], 'property', 'toReachable', R[11]);
  // a two-node cycle reached only from the clique
  const k3a = g.node('object', 'CliquePair', 24);
  const k3b = g.node('object', 'CliquePair', 24);
  g.edge(k3a, 'property', 'p', k3b);
  g.edge(k3b, 'property', 'p', k3a);
  g.edge(K[2], 'property', 'pair', k3b);
  // a clique entered from a weak-only node
  const entry = g.node('object', 'WeakEntry', 16);
  g.edge(R[3], 'weak', 'e', entry);
  const K2 = [];
  for (let i = 0; i < 4; i++) {
    K2.push(g.node('object', 'Clique2', 20));
  }
  for (let i = 0; i < 4; i++) {
    g.edge(K2[i], 'property', 'next', K2[(i + 1) % 4]);
  }
  g.edge(entry, 'property', 'in', K2[2]);
  g.edge(K2[1], 'property', 'live', R[7]);
  // unreachable self-loop (its only retainer is a self edge)
  const selfy = g.node('object', 'SelfLoop', 12);
  g.edge(selfy, 'property', 'me', selfy);
  g.edge(selfy, 'property', 'into', R[2]);
  // a node with no retainers at all, pointing into the weak-entry clique
  const orphan = g.node('object', 'NoRetainers', 8);
  g.edge(orphan, 'property', 'k', K2[3]);
  // a second clique, interleaved with a chain that hangs off it
  const K4 = [];
  const tail = [];
  for (let i = 0; i < 5; i++) {
    K4.push(g.node('object', 'Clique4', 10 + i));
    tail.push(g.node('object', 'Clique4Tail', 4 + i));
  }
  for (let i = 0; i < 5; i++) {
    g.edge(K4[i], 'property', 'a', K4[(i + 2) % 5]);
    g.edge(K4[i], 'property', 'b', K4[(i + 4) % 5]);
    g.edge(i ? tail[i - 1] : K4[3], 'property', 't', tail[i]);
  }
  g.edge(tail[4], 'property', 'back', K4[0]);
  g.edge(K4[1], 'property', 'sys', R[11]);
  // a clique reached only from the system roots (reachable, system distance)
  const K5 = [];
  for (let i = 0; i < 3; i++) {
    K5.push(g.node('object', 'SysClique', 30));
  }
  for (let i = 0; i < 3; i++) {
    g.edge(K5[i], 'property', 'n', K5[(i + 1) % 3]);
  }
  g.edge(subs[1], 'element', 1, K5[1]);
  g.edge(K[1], 'property', 'sys', K5[2]);
  return g;
}

// ---------------------------------------------------------------------------
// page-owned nodes, shortcuts, self edges, DOM state (Chrome style)

function pageOwned() {
  const g = new Graph('page-owned', 17);
  const root = g.root();
  const gc = g.node('synthetic', '(GC roots)', 0);
  g.edge(root, 'element', 1, gc);
  const handles = g.node('synthetic', '(Global handles)', 0);
  const dbg = g.node('synthetic', '(Debugger)', 0);
  g.edge(gc, 'element', 1, handles);
  g.edge(gc, 'element', 2, dbg);
  const docTrees = g.node('synthetic', '(Document DOM trees)', 0);
  g.edge(root, 'element', 2, docTrees);
  const w1 = g.node('object', 'Window / https://a.example', 48);
  const w2 = g.node('object', 'Window / https://b.example', 48);
  g.edge(root, 'shortcut', '3', w1);
  g.edge(root, 'shortcut', '4', w2);
  // a second "(Document DOM trees)" reached by a property edge: a user root,
  // but not a page-owned seed (only element edges are)
  const docTrees2 = g.node('synthetic', '(Document DOM trees)', 0);
  g.edge(root, 'property', 'docs', docTrees2);
  // the attached DOM: document -> html -> body -> divs
  const doc = g.node('native', 'HTMLDocument', 200, {detachedness: 1});
  g.edge(docTrees, 'element', 1, doc);
  const html = g.node('native', '<html>', 100);
  const body = g.node('native', '<body class="main">', 100);
  g.edge(doc, 'property', 'documentElement', html);
  g.edge(html, 'element', 0, body);
  const divs = [];
  for (let i = 0; i < 6; i++) {
    const d = g.node('native', `<div id="d${i}">`, 80 + i);
    g.edge(body, 'element', i, d);
    divs.push(d);
  }
  // JS wrappers of DOM nodes
  const wrap = g.node('object', 'HTMLDivElement', 32);
  g.edge(w1, 'property', 'el', wrap);
  g.edge(wrap, 'internal', 'native', divs[0]);
  g.edge(divs[0], 'internal', 'wrapper', wrap);
  // a detached tree held from JS; a JS node in between stops the propagation
  const leaked = g.node('object', 'Array', 32);
  g.edge(w1, 'property', 'leaked', leaked);
  const dtable = g.node('native', '<table class="gone">', 120, {detachedness: 2});
  g.edge(leaked, 'element', 0, dtable);
  const dkids = [];
  for (let i = 0; i < 5; i++) {
    const c = g.node('native', i % 2 ? '<td>' : '<tr id="row">', 40, {detachedness: i === 4 ? 1 : 0});
    g.edge(i < 2 ? dtable : dkids[i - 2], 'element', i, c);
    dkids.push(c);
  }
  // a detached node's child that is also attached: attached wins
  g.edge(divs[3], 'element', 0, dkids[1]);
  const jsInDom = g.node('object', 'Listener', 24);
  g.edge(dkids[0], 'property', 'listener', jsInDom);
  const behindJs = g.node('native', '<span>', 24);
  g.edge(jsInDom, 'property', 'span', behindJs);
  // a detached native reached through a hidden edge (no propagation) and a weak one
  const hiddenKid = g.node('native', '<b>', 16);
  g.edge(dtable, 'hidden', 9, hiddenKid);
  const weakKid = g.node('native', '<i>', 16);
  g.edge(dtable, 'weak', 'w', weakKid);
  g.edge(w2, 'property', 'i', weakKid);
  // a detached node with no state in the file below a detached one, and a
  // second detached tree held only by the debugger
  const dbgTree = g.node('native', '<ul>', 64, {detachedness: 2});
  g.edge(dbg, 'element', 1, dbgTree);
  const li = g.node('native', '<li>', 32);
  g.edge(dbgTree, 'element', 0, li);
  // page objects
  const page = [];
  for (let i = 0; i < 20; i++) {
    const o = g.node('object', i % 3 ? 'PageObject' : 'Object', 16 + 8 * (i % 4));
    g.edge(i < 10 ? w1 : w2, 'property', 'p' + i, o);
    page.push(o);
  }
  for (let i = 0; i < 20; i++) {
    g.edge(page[i], 'property', 'next', page[(i * 7 + 3) % 20]);
    if (i % 5 === 0) {
      g.edge(page[i], 'property', 'self', page[i]);  // self edge
    }
  }
  // shortcut edges from non-root nodes: ignored for dominators
  const bound = g.node('closure', 'bound fn', 32);
  g.edge(page[1], 'property', 'fn', bound);
  const boundTarget = g.node('object', 'BoundThis', 48);
  g.edge(bound, 'shortcut', 'bound_this', boundTarget);
  g.edge(bound, 'internal', 'bound_this', boundTarget);
  const onlyShortcut = g.node('object', 'OnlyShortcut', 40);
  g.edge(bound, 'shortcut', 'bound_target', onlyShortcut);
  // debugger-owned (not page-owned) nodes pointing into page-owned ones:
  // those edges are not essential
  const dbgHolder = g.node('object', 'DebuggerHolder', 56);
  g.edge(handles, 'element', 1, dbgHolder);
  g.edge(dbgHolder, 'property', 'p5', page[5]);
  g.edge(dbgHolder, 'property', 'p15', page[15]);
  g.edge(dbgHolder, 'property', 'w1', w1);
  const dbgOwn = g.node('object', 'DebuggerOwned', 24);
  g.edge(dbgHolder, 'property', 'own', dbgOwn);
  g.edge(dbgOwn, 'property', 'page', page[6]);
  // a page object retained only through the debugger (not page-owned) and a
  // node retained by both worlds
  const both = g.node('object', 'SharedWithDebugger', 96);
  g.edge(dbgOwn, 'property', 'both', both);
  g.edge(page[8], 'property', 'both', both);
  const dbgOnly = g.node('object', 'DebuggerOnly', 24);
  g.edge(dbgOwn, 'property', 'only', dbgOnly);
  g.edge(dbgOnly, 'property', 'page', page[9]);
  // page-owned only via a weak edge: not page-owned
  const weakPage = g.node('object', 'WeakFromPage', 16);
  g.edge(page[2], 'weak', 'w', weakPage);
  g.edge(dbgHolder, 'property', 'weakPage', weakPage);
  // hidden/array owners under the page
  const ctx = g.node('hidden', 'system / Context', 64);
  g.edge(bound, 'context', 'ctx', ctx);
  g.edge(ctx, 'context', 'page3', page[3]);
  const elems = g.node('array', '(object elements)', 48);
  g.edge(leaked, 'internal', 'elements', elems);
  g.edge(elems, 'element', 0, dtable);
  // a detached node's name gets the "Detached " prefix before the shallow
  // sizes and the statistics look at names: a detached
  // system / ExternalStringData is no longer a candidate for reassignment,
  // a detached system / JSArrayBufferData no longer a typed array
  for (const [det, tag] of [[2, 'Detached'], [1, 'Attached'], [0, 'Unknown']]) {
    const s = g.node('string', 'external ' + tag, 32);
    g.edge(page[10], 'property', 'ext' + tag, s);
    g.edge(s, 'internal', 'data', g.node('native', 'system / ExternalStringData', 500 + det, {detachedness: det}));
    g.edge(page[11], 'internal', 'backing' + tag,
           g.node('native', 'system / JSArrayBufferData', 1000 + det, {detachedness: det}));
  }
  // ... also when the state comes by propagation from a detached parent
  // (native to native: a string in between would stop it)
  g.edge(dtable, 'internal', 'data', g.node('native', 'system / ExternalStringData', 700));
  g.edge(dtable, 'internal', 'buffer', g.node('native', 'system / JSArrayBufferData', 900));
  // an explicitly detached node under an attached one stays detached
  const explicitDet = g.node('native', '<em class="x">', 20, {detachedness: 2});
  g.edge(divs[4], 'element', 0, explicitDet);
  g.edge(explicitDet, 'element', 0, g.node('native', '<u>', 8));
  // names: a detached node already named "Detached ...", and a native named
  // "Detached HTMLDocument" that is not detached (same text, other string)
  const dd = g.node('native', 'Detached <a href="#">', 24, {detachedness: 2});
  g.edge(leaked, 'element', 1, dd);
  const fakeDet = g.node('native', 'Detached HTMLDocument', 140);
  g.edge(w2, 'property', 'fake', fakeDet);
  // shortcut edge names that parse as numbers show as numbers
  g.edge(page[12], 'shortcut', '3rd', onlyShortcut);
  g.edge(page[13], 'shortcut', '007', onlyShortcut);
  // a node only from the second (Document DOM trees)
  const otherDoc = g.node('native', 'HTMLDocument', 150, {detachedness: 2});
  g.edge(docTrees2, 'element', 1, otherDoc);
  g.edge(otherDoc, 'element', 0, g.node('native', '<p>', 12));
  return g;
}

// ---------------------------------------------------------------------------
// synthetic root children: user roots vs system roots

function systemRoots() {
  const g = new Graph('system-roots', 19);
  const root = g.root();
  const gc = g.node('synthetic', '(GC roots)', 0);
  g.edge(root, 'element', 1, gc);
  const subs = [];
  for (const nm of ['(Strong roots)', '(Handle scope)', '(Global handles)', '(Internalized strings)']) {
    const s = g.node('synthetic', nm, 0);
    g.edge(gc, 'element', subs.length + 1, s);
    subs.push(s);
  }
  const cpp = g.node('synthetic', 'C++ roots', 0);
  const env = g.node('synthetic', 'Node / Environment', 2592);  // a synthetic node with a size
  g.edge(root, 'element', 6, env);
  g.edge(root, 'element', 2, cpp);
  // non-synthetic root children are user roots (no shortcut edges here, so
  // no node is page-owned)
  const u1 = g.node('object', 'UserRoot', 40);
  const u2 = g.node('closure', 'main', 64);
  const u3 = g.node('native', 'Node / Environment', 2592);
  g.edge(root, 'element', 3, u1);
  g.edge(root, 'property', 'main', u2);
  g.edge(root, 'element', 4, u3);
  // a synthetic node inside the user part
  const innerSyn = g.node('synthetic', '(Inner)', 0);
  g.edge(u1, 'property', 'inner', innerSyn);
  const user = [];
  for (let i = 0; i < 60; i++) {
    const o = g.node(i % 6 === 5 ? 'hidden' : 'object', i % 6 === 5 ? 'system / Context' : 'UserObj', 8 * (i % 7));
    const src = i < 3 ? [u1, u2, u3][i] : i % 9 === 0 ? innerSyn : user[g.rnd(i)];
    g.edge(src, i % 6 === 5 ? 'context' : 'property', 'u' + i, o);
    user.push(o);
  }
  // reachable only from the system roots: distance 100000000 + d
  const sys = [];
  for (let i = 0; i < 60; i++) {
    const o = g.node(i % 5 === 4 ? 'array' : i % 5 === 3 ? 'string' : 'object', i % 5 === 3 ? 'interned' : 'SysOnly',
                     4 * (i % 9));
    const src = i < 4 ? subs[i] : i < 6 ? cpp : i === 6 ? env : sys[g.rnd(i)];
    const el = src === cpp || src === env || subs.includes(src);
    g.edge(src, el ? 'element' : 'property', el ? i : 's' + i, o);
    sys.push(o);
  }
  // system nodes pointing into the user part, user nodes into the system part
  for (let i = 0; i < 10; i++) {
    g.edge(sys[i * 5 + 2], 'property', 'toUser', user[i * 6 + 1]);
    g.edge(user[i * 6 + 4], 'property', 'toSys', sys[i * 6 % 60 + 3]);
  }
  // hidden/array owned by a synthetic node: no size moves to synthetic owners
  const hs = g.node('hidden', 'system / FixedArray', 512);
  g.edge(subs[0], 'element', 99, hs);
  const ar = g.node('array', '', 256);
  g.edge(cpp, 'element', 99, ar);
  g.edge(ar, 'element', 0, hs);
  // a hidden node owned directly by the root
  const hr = g.node('hidden', 'system / RootOwned', 128);
  g.edge(root, 'element', 5, hr);
  // a WeakMap with no page-owned nodes around: a live key, a dead key
  const wm = g.node('object', 'WeakMap', 32);
  g.edge(u1, 'property', 'wm', wm);
  const table = g.node('array', '', 96);
  g.edge(wm, 'internal', 'table', table);
  g.ephemeron(table, user[30], g.node('object', 'EphValue', 40));
  const deadKey = g.node('object', 'EphKeyDead', 16);
  g.ephemeron(table, deadKey, g.node('object', 'EphValueDeadKey', 48));
  g.ephemeron(table, sys[7], g.node('object', 'EphValueSysKey', 56));
  // a deep system-only chain
  let prev = sys[59];
  for (let i = 0; i < 30; i++) {
    const o = g.node('object', 'SysChain', 16);
    g.edge(prev, 'property', 'n', o);
    prev = o;
  }
  g.edge(prev, 'property', 'user', user[59]);
  return g;
}

// Chrome's newer snapshots: the root has only synthetic children, so there
// are no user roots: distances start at 0 from the root and no shallow sizes
// are reassigned
function noUserRoots() {
  const g = new Graph('no-user-roots', 23);
  const {subs} = scaffold(g, {globals: 0});
  const objs = [];
  for (let i = 0; i < 80; i++) {
    const t = ['object', 'hidden', 'array', 'native', 'string', 'object'][i % 6];
    const nm = {object: 'Thing', hidden: 'system / Context', array: '', native: 'system / ExternalStringData',
                string: 'str'}[t];
    const o = g.node(t, nm, 8 + 8 * (i % 5));
    const src = i < 5 ? subs[i] : objs[g.rnd(i)];
    g.edge(src, subs.includes(src) ? 'element' : 'internal', subs.includes(src) ? i + 1 : 'x' + i, o);
    objs.push(o);
  }
  for (let i = 0; i < 40; i++) {
    g.edge(objs[g.rnd(80)], 'property', 'c', objs[g.rnd(80)]);
  }
  g.edge(objs[10], 'weak', 'w', g.node('object', 'WeakOnly', 24));
  // a WeakMap pair and a (map descriptors) array, as the filters still apply
  const table = g.node('array', '', 64);
  g.edge(objs[6], 'internal', 'table', table);
  g.ephemeron(table, objs[20], g.node('object', 'EphValue', 32));
  const desc = g.node('array', '(map descriptors)', 40);
  g.edge(objs[7], 'internal', 'descriptors', desc);
  for (let i = 0; i < 8; i++) {
    g.edge(desc, 'element', i, objs[70 + i]);
  }
  return g;
}

// ---------------------------------------------------------------------------
// shallow-size reassignment and statistics

function shallowOwners() {
  const g = new Graph('shallow-owners', 29, {extraNativeBytes: 4096});
  const {root, subs, globs: [glob]} = scaffold(g);
  const owner = (nm) => {
    const o = g.node('object', nm, 24);
    g.edge(glob, 'property', nm.toLowerCase() + g.out[glob].length, o);
    return o;
  };
  // one owner: a chain of hidden and array nodes, and a diamond
  const o1 = owner('Owner1');
  const h1 = g.node('hidden', 'system / PropertyArray', 64);
  const a1 = g.node('array', '(object elements)', 128);
  const h2 = g.node('hidden', 'system / FixedArray', 32);
  g.edge(o1, 'internal', 'properties', h1);
  g.edge(h1, 'internal', 'x', a1);
  g.edge(a1, 'element', 0, h2);
  g.edge(o1, 'internal', 'elements', h2);  // diamond, same owner
  // two owners share an array, and what hangs under it
  const o2 = owner('Owner2');
  const o3 = owner('Owner3');
  const s1 = g.node('array', '(object elements)', 200);
  const s1kid = g.node('hidden', 'system / FixedArray', 40);
  g.edge(o2, 'internal', 'elements', s1);
  g.edge(o3, 'internal', 'elements', s1);
  g.edge(s1, 'element', 0, s1kid);
  // a candidate cycle owned by one node
  const o4 = owner('Owner4');
  const c1 = g.node('hidden', 'system / Context', 48);
  const c2 = g.node('hidden', 'system / Context', 56);
  g.edge(o4, 'context', 'ctx', c1);
  g.edge(c1, 'internal', 'previous', c2);
  g.edge(c2, 'internal', 'previous', c1);
  g.edge(c2, 'internal', 'self', c2);
  // a candidate owned by a candidate that later turns out to have two owners
  const o5 = owner('Owner5');
  const o6 = owner('Owner6');
  const m1 = g.node('array', '', 16);
  const m2 = g.node('array', '', 24);
  const m3 = g.node('hidden', 'system / WeakFixedArray', 8);
  g.edge(o5, 'internal', 'm1', m1);
  g.edge(m1, 'element', 0, m2);
  g.edge(m2, 'element', 0, m3);
  g.edge(o6, 'internal', 'm2', m2);
  // owned through a weak edge only: stays unvisited, keeps its size
  const weakOnly = g.node('hidden', 'system / WeakCell', 72);
  g.edge(o1, 'weak', 'cell', weakOnly);
  // owned by an unreachable owner
  const lostOwner = g.node('object', 'LostOwner', 32);
  const lostH = g.node('hidden', 'system / FixedArray', 96);
  g.edge(lostOwner, 'internal', 'elements', lostH);
  // owned by synthetic nodes and the root: not moved
  const synH = g.node('hidden', 'system / Foreign', 88);
  g.edge(subs[0], 'element', 7, synH);
  const rootH = g.node('array', '', 44);
  g.edge(root, 'element', 7, rootH);
  // a candidate with an object owner and a synthetic owner: two owners
  const mixH = g.node('hidden', 'system / Foreign', 20);
  g.edge(subs[1], 'element', 1, mixH);
  g.edge(o1, 'internal', 'mix', mixH);
  // external strings: system / ExternalStringData natives are candidates too
  for (let i = 0; i < 4; i++) {
    const s = g.node('string', 'external' + i, 32);
    g.edge(glob, 'property', 'ext' + i, s);
    const data = g.node('native', 'system / ExternalStringData', 1000 * (i + 1));
    g.edge(s, 'internal', 'data', data);
    if (i === 3) {
      g.edge(o2, 'internal', 'data', data);  // shared
    }
  }
  const otherNative = g.node('native', 'system / JSArrayBufferData', 4096);
  const buf = g.node('object', 'ArrayBuffer', 80);
  g.edge(glob, 'property', 'buf', buf);
  g.edge(buf, 'internal', 'backing_store', otherNative);
  const ta = g.node('object', 'Uint8Array', 72);
  g.edge(glob, 'property', 'ta', ta);
  g.edge(ta, 'internal', 'buffer', buf);
  g.edge(g.node('object', 'Float64Array', 72), 'internal', 'buffer', buf);  // unreachable view
  g.edge(glob, 'property', 'node', g.node('native', 'Node / FSReqCallback', 300));
  // JS arrays for the statistics: elements stores of several kinds
  for (let i = 0; i < 5; i++) {
    const a = g.node('object', 'Array', 32);
    g.edge(glob, 'element', i, a);
    const store = g.node(i === 4 ? 'object' : 'array', i === 4 ? 'Store' : '(object elements)', 16 * (i + 1));
    g.edge(a, 'internal', 'elements', store);
    if (i === 2) {
      g.edge(o3, 'internal', 'alias', store);  // two retainers, two owners
    }
    if (i === 3) {
      g.edge(a, 'weak', 'again', store);  // two retainers, one owner
    }
  }
  const arrClosure = g.node('closure', 'Array', 56);  // named Array, not an object
  g.edge(glob, 'property', 'Array', arrClosure);
  const arrStore = g.node('array', '', 24);
  g.edge(arrClosure, 'internal', 'elements', arrStore);
  // code, strings of every kind
  for (let i = 0; i < 5; i++) {
    g.edge(glob, 'internal', 'code' + i, g.node('code', i % 2 ? '(code)' : 'system / BytecodeArray', 100 + i));
  }
  const sa = g.node('string', 'Hello, ', 24);
  const sb = g.node('string', 'world', 24);
  const sc = g.node('string', '!', 20);
  const cons1 = g.node('concatenated string', 'Hello, world', 32);
  g.edge(cons1, 'internal', 'first', sa);
  g.edge(cons1, 'internal', 'second', sb);
  const cons2 = g.node('concatenated string', 'Hello, world!', 32);
  g.edge(cons2, 'internal', 'first', cons1);
  g.edge(cons2, 'internal', 'second', sc);
  g.edge(glob, 'property', 'greeting', cons2);
  const sliced = g.node('sliced string', 'world', 32);
  g.edge(sliced, 'internal', 'parent', cons2);
  g.edge(glob, 'property', 'slice', sliced);
  // the Retainers view shows the cons string's computed name: a retainer at
  // the same distance as another, sorted by name
  const held = g.node('object', 'HeldByStrings', 48);
  g.edge(cons2, 'internal', 'held', held);
  g.edge(sliced, 'internal', 'held', held);
  g.edge(glob, 'property', 'sym', g.node('symbol', 'Symbol(foo)', 24));
  g.edge(glob, 'property', 'big', g.node('bigint', 'bigint', 16));
  g.edge(glob, 'property', 'num', g.node('number', 'heap number', 16));
  g.edge(glob, 'property', 'shape', g.node('object shape', 'system / Map', 80));
  g.edge(glob, 'property', 'wasm', g.node('wasm object', 'WasmInstance', 128));
  g.edge(glob, 'property', 're', g.node('regexp', 'a+b', 40));
  return g;
}

// ---------------------------------------------------------------------------
// WeakMap ephemerons

function weakMapGraph() {
  const g = new Graph('weakmap', 31);
  const {subs, globs: [glob]} = scaffold(g);
  const mk = (holder, nm) => {
    const wm = g.node('object', 'WeakMap', 32);
    g.edge(holder, 'property', nm, wm);
    const table = g.node('array', '', 256);
    g.edge(wm, 'internal', 'table', table);
    return table;
  };
  const t1 = mk(glob, 'wm1');
  // keys at several distances, values of their own class
  const keys = [];
  let prev = glob;
  for (let i = 0; i < 6; i++) {
    const k = g.node('object', 'EphKey', 24);
    g.edge(prev, 'property', 'k', k);
    keys.push(k);
    prev = k;
  }
  const vals = [];
  for (let i = 0; i < 6; i++) {
    const v = g.node('object', 'EphValue', 40 + i);
    g.ephemeron(t1, keys[i], v);
    vals.push(v);
    g.edge(v, 'property', 'payload', g.node('object', 'EphPayload', 100));
  }
  // a key that is not reachable: the value hangs on the key alone
  const deadKey = g.node('object', 'EphKeyDead', 24);
  const deadVal = g.node('object', 'EphValueDeadKey', 64);
  g.ephemeron(t1, deadKey, deadVal);
  // the same key in two WeakMaps, and a WeakMap reached late (the table edge
  // comes second)
  let deep = glob;
  for (let i = 0; i < 5; i++) {
    const d = g.node('object', 'Deep', 8);
    g.edge(deep, 'property', 'd', d);
    deep = d;
  }
  const t2 = mk(deep, 'wm2');
  const v2 = g.node('object', 'EphValue2', 56);
  g.ephemeron(t2, keys[0], v2);
  const v3 = g.node('object', 'EphValue3', 56);
  g.ephemeron(t2, keys[5], v3);
  // value also held strongly and earlier (the pending ephemeron edge is left over)
  const v4 = g.node('object', 'EphValueStrong', 24);
  g.edge(glob, 'property', 'direct', v4);
  g.ephemeron(t2, keys[2], v4);
  // key side prefix differs from the table side (as V8 writes them)
  const v5 = g.node('object', 'EphValue', 48);
  g.ephemeron(t1, keys[3], v5, {tablePrefix: 9, keyPrefix: 11});
  // a table id that is no node's: both edges are essential
  const v6 = g.node('object', 'EphValueBadTable', 48);
  g.ephemeron(t1, keys[4], v6, {tableId: 999999});
  // a third edge of the same pair name (toggles the pending state again)
  const v7 = g.node('object', 'EphValueTriple', 48);
  const part = g.ephemeron(t2, keys[1], v7);
  const third = g.node('object', 'EphThird', 16);
  g.edge(glob, 'property', 'third', third);
  g.edge(third, 'internal', `7 / ${part}`, v7);
  // the pair name on a property edge: not an ephemeron edge
  const v8 = g.node('object', 'EphValueProperty', 48);
  const part8 = `part of key (EphKey @${g.id(keys[1])}) -> value (EphValueProperty @${g.id(v8)}) ` +
      `pair in WeakMap (table @${g.id(t2)})`;
  g.edge(t2, 'property', `3 / ${part8}`, v8);
  g.edge(keys[1], 'property', `3 / ${part8}`, v8);
  // names with parentheses and "@" inside
  const oddKey = g.node('object', 'Key (with parens) @home', 24);
  g.edge(keys[2], 'property', 'odd', oddKey);
  const oddVal = g.node('object', 'EphValue', 44);
  g.ephemeron(t1, oddKey, oddVal);
  // the table id written with leading zeros (parsed as a number)
  const v12 = g.node('object', 'EphValueZeroTable', 48);
  g.ephemeron(t1, keys[5], v12, {tableId: '000' + g.id(t1)});
  // "(table @N)" and ") -> value (" inside the key's name: the last one counts
  const trickyKey = g.node('object', 'K) -> value (V @1) pair in WeakMap (table @3) k', 24);
  g.edge(keys[3], 'property', 'tricky', trickyKey);
  const v13 = g.node('object', 'EphValueTrickyKey', 48);
  g.ephemeron(t2, trickyKey, v13);
  // a line terminator in the key's name: "." does not match it, so these
  // are plain internal edges
  for (const nl of ['\n', '\u2028']) {
    const k = g.node('object', `Key${nl}Line`, 24);
    g.edge(keys[4], 'property', 'nl', k);
    g.ephemeron(t1, k, g.node('object', 'EphValueNewlineKey', 48));
  }
  // a value with a near name that does not match the pattern
  const nm = g.node('object', 'NotEph', 16);
  g.edge(t1, 'internal', `x / part of key (EphKey @${g.id(keys[0])}) -> value (NotEph @${g.id(nm)}) ` +
             `pair in WeakMap (table @${g.id(t1)})`, nm);
  // a WeakMap held only from the system roots, its key from the user part
  const t3 = mk(subs[2], 'wm3');
  const v9 = g.node('object', 'EphValueSys', 80);
  g.ephemeron(t3, keys[1], v9);
  // a WeakMap whose key is only in the system part: the value's distance is
  // set in the second BFS
  const sysKey = g.node('object', 'EphKeySys', 16);
  g.edge(subs[0], 'element', 5, sysKey);
  const v10 = g.node('object', 'EphValueSysKey', 80);
  g.ephemeron(t1, sysKey, v10);
  // the table also retained strongly (the table edge is still not essential)
  g.edge(glob, 'property', 'table1', t1);
  // ephemeron values that themselves are keys
  const v11 = g.node('object', 'EphValueChain', 32);
  g.ephemeron(t2, vals[0], v11);
  return g;
}

// ---------------------------------------------------------------------------
// distance filters: (map descriptors), NativeContext sloppy_function_map

function distanceFilters() {
  const g = new Graph('distance-filters', 37);
  const {globs: [glob]} = scaffold(g);
  // far: a path of 6 nodes to every target, so a skipped edge shows
  let prev = glob;
  const far = [];
  for (let i = 0; i < 6; i++) {
    const f = g.node('object', 'FarPath', 8);
    g.edge(prev, 'property', 'f', f);
    far.push(f);
    prev = f;
  }
  const targets = [];
  const tgt = (nm) => {
    const t = g.node('object', nm, 24);
    g.edge(far[5], 'property', 't' + targets.length, t);
    targets.push(t);
    return t;
  };
  const map = g.node('object shape', 'system / Map', 80);
  g.edge(glob, 'internal', 'map', map);
  const desc = g.node('array', '(map descriptors)', 200);
  g.edge(map, 'internal', 'descriptors', desc);
  for (let i = 0; i < 12; i++) {
    g.edge(desc, 'element', i, tgt('DescTarget' + i));
  }
  // hidden edges and named edges with numeric-looking names on a descriptor array
  g.edge(desc, 'hidden', 4, tgt('DescHidden4'));
  g.edge(desc, 'hidden', 5, tgt('DescHidden5'));
  for (const nm of ['7', '8', ' 10', '+13', '4abc', '-5', '0x10', 'len', '1e3']) {
    g.edge(desc, 'internal', nm, tgt('DescNamed'));
  }
  g.edge(desc, 'weak', '3', tgt('DescWeak'));
  // the same name on a hidden node and on an array with another name: not filtered
  const hidDesc = g.node('hidden', '(map descriptors)', 40);
  g.edge(map, 'internal', 'other', hidDesc);
  g.edge(hidDesc, 'element', 4, tgt('HiddenDescTarget'));
  const arrOther = g.node('array', '(map descriptors) ', 40);
  g.edge(map, 'internal', 'other2', arrOther);
  g.edge(arrOther, 'element', 4, tgt('OtherArrayTarget'));
  // two descriptor arrays sharing a target: one index filtered, one not
  const desc2 = g.node('array', '(map descriptors)', 100);
  g.edge(glob, 'internal', 'desc2', desc2);
  const shared = tgt('DescShared');
  g.edge(desc2, 'element', 4, shared);
  g.edge(desc2, 'element', 5, shared);
  // NativeContext: the sloppy_function_map edge is skipped (any edge type)
  const nc = g.node('hidden', 'system / NativeContext', 2000);
  g.edge(glob, 'internal', 'native_context', nc);
  g.edge(nc, 'internal', 'sloppy_function_map', tgt('SloppyMap'));
  g.edge(nc, 'property', 'sloppy_function_map', tgt('SloppyMapProp'));
  g.edge(nc, 'internal', 'strict_function_map', tgt('StrictMap'));
  const ncObj = g.node('object', 'system / NativeContext', 100);
  g.edge(glob, 'internal', 'nc_obj', ncObj);
  g.edge(ncObj, 'internal', 'sloppy_function_map', tgt('SloppyMapOfObject'));
  const ncNamed = g.node('hidden', 'system / NativeContext / https://x.example', 100);
  g.edge(glob, 'internal', 'nc_named', ncNamed);
  g.edge(ncNamed, 'internal', 'sloppy_function_map', tgt('SloppyMapOfNamed'));
  // the skipped edge's target has no other retainer: no distance in user BFS,
  // but other system-root paths may give one
  const lonely = g.node('object', 'SloppyOnly', 32);
  g.edge(nc, 'internal', 'sloppy_function_map', lonely);
  const lonelyKid = g.node('object', 'SloppyOnlyKid', 32);
  g.edge(lonely, 'property', 'k', lonelyKid);
  const lonelyDesc = g.node('object', 'DescOnly', 32);
  g.edge(desc, 'element', 13, lonelyDesc);
  // weak edges are not followed either
  const weakOnly = g.node('object', 'WeakOnlyDistance', 8);
  g.edge(glob, 'weak', 'w', weakOnly);
  return g;
}

// ---------------------------------------------------------------------------
// plain objects and interface inference; locations; class names

function interfaces() {
  const g = new Graph('interfaces', 41);
  const {globs: [glob]} = scaffold(g);
  const str = g.node('string', 'v', 16);
  g.edge(glob, 'property', 'v', str);
  const proto = g.node('object', 'Object', 0);
  g.edge(glob, 'property', 'proto', proto);
  let n = 0;
  const plain = (props, opts = {}) => {
    const o = g.node('object', 'Object', opts.size ?? 12 + 4 * (n % 5));
    g.edge(glob, 'element', n++, o);
    if (opts.protoFirst) {
      g.edge(o, 'property', '__proto__', proto);
    }
    props.forEach((p, i) => {
      if (opts.interleave && i === 1) {
        g.edge(o, 'internal', 'map', str);
        g.edge(o, 'element', 0, str);
      }
      g.edge(o, 'property', p, str);
    });
    if (opts.protoLast) {
      g.edge(o, 'property', '__proto__', proto);
    }
    return o;
  };
  for (let i = 0; i < 30; i++) {
    plain(['a', 'b'], {protoLast: i % 3 === 0, size: i % 7 === 0 ? 0 : undefined});
  }
  for (let i = 0; i < 8; i++) {
    plain(['b', 'a'], {protoFirst: i % 2 === 0});
  }
  for (let i = 0; i < 12; i++) {
    plain(['a', 'b', 'c'], {interleave: i % 4 === 0});
  }
  for (let i = 0; i < 5; i++) {
    plain(['a', 'b', 'z']);
  }
  plain(['x', 'y']);  // once: no interface
  for (let i = 0; i < 3; i++) {
    plain(['c', 'a', 'b', 'd']);
  }
  for (let i = 0; i < 4; i++) {
    plain(['b', 'c']);  // matches no longer definition
  }
  for (let i = 0; i < 3; i++) {
    plain(['has,comma', "it's", 'q"uote', '{brace}']);
  }
  for (let i = 0; i < 2; i++) {
    plain(['']);  // the empty property name
  }
  for (let i = 0; i < 3; i++) {
    plain(['Zeta', 'alpha', '\u00e9t\u00e9', '\uff21', '\ud835\udcb3']);  // sorting: UTF-16 order
  }
  const longNames = [];
  for (let i = 0; i < 12; i++) {
    longNames.push('property_name_number_' + String(i).padStart(2, '0'));
  }
  for (let i = 0; i < 4; i++) {
    plain(longNames);  // interface name cut at 120 characters
  }
  for (let i = 0; i < 2; i++) {
    plain(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
           'u', 'v', 'w', 'x2', 'y2', 'z2', 'aa', 'bb', 'cc', 'dd', 'ee', 'ff']);
  }
  plain([]);
  plain([], {protoFirst: true});
  plain(['a', 'b', 'c', 'z']);  // {a, b, c} and {a, b, z} both match with 3: earlier wins
  plain(['a', 'b', 'a']);  // a duplicate property
  for (let i = 0; i < 3; i++) {
    plain(['B', 'a'], {protoFirst: true});  // __proto__ sorts between them
  }
  // the 120- and 100-character cuts count UTF-16 code units: names of
  // 2-byte (é) and 4-byte (astral) UTF-8 characters
  const accented = [];
  const astral = [];
  for (let i = 0; i < 12; i++) {
    accented.push('\u00e9'.repeat(18) + String(i).padStart(2, '0'));
    astral.push('\ud835\udcb3'.repeat(9) + String(i).padStart(2, '0'));
  }
  for (let i = 0; i < 3; i++) {
    plain(accented);
    plain(astral);
  }
  // property names that formatPropertyName quotes with JSON escapes
  for (let i = 0; i < 2; i++) {
    plain(['a"b\\c', 'x,\ty', "{'}"]);
  }
  for (let i = 0; i < 2; i++) {
    plain(['B', 'a', 'Zeta']);
  }
  // plain objects of every kind as retainers of one target: the Retainers
  // view sorts them by their computed names ({a, b, …, y, z})
  const plainTarget = g.node('object', 'PlainTarget', 8);
  g.edge(glob, 'property', 'plainTarget', plainTarget);
  for (let o = 0; o < g.type.length; o++) {
    if (g.nameOf(o) === 'Object' && o !== proto) {
      g.edge(o, 'element', 7, plainTarget);
    }
  }
  // {a, b} objects with a location: same name, separate rows
  for (let i = 0; i < 3; i++) {
    const o = plain(['a', 'b']);
    g.loc(o, 5, 20, 3);
  }
  // same-named constructors at different locations
  const items = [];
  for (let i = 0; i < 9; i++) {
    const o = g.node('object', 'Item', 40);
    g.edge(glob, 'property', 'item' + i, o);
    if (i % 3 === 0) {
      g.loc(o, 1, 10, 4);
    } else if (i % 3 === 1) {
      g.loc(o, 2, 3, 0);
    }
    items.push(o);
  }
  g.edge(items[0], 'property', 'nested', items[1]);
  g.edge(items[1], 'property', 'nested', items[3]);  // same class key below in the dominator tree
  // closures with locations are not split by location
  for (let i = 0; i < 4; i++) {
    const f = g.node('closure', 'handler', 64);
    g.edge(glob, 'property', 'fn' + i, f);
    g.loc(f, 1, 30 + i, 2);
  }
  // class names from node names
  const names = ['<div id="x">', '<div>', '<', '<a b', 'Detached <span class="y">', 'Detached <span>',
                 'Detached x y', 'plain name'];
  for (const nm of names) {
    g.edge(glob, 'property', 'n' + g.out[glob].length, g.node('object', nm, 16));
    g.edge(glob, 'property', 'm' + g.out[glob].length, g.node('native', nm, 16));
  }
  // objects named like the class of another node type, or like an
  // interface: same text, but a class of their own
  for (const nm of ['(system)', 'Function', '(array)', '(compiled code)', 'RegExp', '(string)', '{a, b}',
                    'Detached <div>', '<div>']) {
    g.edge(glob, 'property', 'q' + g.out[glob].length, g.node('object', nm, 16));
  }
  // non-ASCII class names of equal retained size: the tie is broken by
  // name in UTF-16 order (U+1D4B3 sorts before U+FF38 there, after it in UTF-8)
  const uniTarget = g.node('object', 'UnicodeTarget', 8);
  g.edge(glob, 'property', 'uniTarget', uniTarget);
  for (const nm of ['\uff38', '\ud835\udcb3', '\u00e9', 'z', '\u00c9', 'Z']) {
    const o = g.node('object', nm, 24);
    g.edge(glob, 'property', 'u' + g.out[glob].length, o);
    g.edge(o, 'property', 't', uniTarget);
  }
  // every other node type, for the (type) class names
  for (const t of ['string', 'number', 'symbol', 'bigint', 'object shape', 'wasm object', 'code', 'regexp',
                   'concatenated string', 'sliced string', 'hidden', 'array', 'closure']) {
    g.edge(glob, 'property', 't' + g.out[glob].length, g.node(t, t === 'concatenated string' ? 'ab' : 'n', 20));
  }
  return g;
}

// ---------------------------------------------------------------------------
// a long chain, deep DFS

function longChain() {
  const g = new Graph('long-chain', 43, {descRuns: 0.01});
  const {globs: [glob]} = scaffold(g);
  const N = 10000;
  const chain = [];
  for (let i = 0; i < N; i++) {
    const hid = i % 250 >= 200 && i % 250 < 230;  // runs of hidden nodes owned up the chain
    chain.push(g.node(hid ? 'hidden' : 'object', hid ? 'system / Context' : i === N - 1 ? 'ChainEnd' : 'Link',
                      [0, 8, 16, 24][i % 4]));
  }
  g.edge(glob, 'property', 'head', chain[0]);
  for (let i = 0; i < N; i++) {
    const c = chain[i];
    if (i + 1 < N) {
      g.edge(c, g.type[chain[i + 1]] === 0 ? 'context' : 'property', 'next', chain[i + 1]);
    }
    if (i % 3 === 0 && i + 2 < N) {
      g.edge(c, 'property', 'skip', chain[i + 2]);  // idom of i+2 stays i
    }
    if (i % 97 === 0 && i > 500) {
      g.edge(c, 'property', 'back', chain[i - 500]);  // back edges: cycles
    }
    if (i % 1000 === 999) {
      g.edge(c, 'weak', 'weakback', chain[0]);
    }
  }
  // a second, shorter path to the middle of the chain from the global
  g.edge(glob, 'property', 'mid', chain[5001]);
  // a branch off the end
  const leafs = [];
  for (let i = 0; i < 50; i++) {
    const l = g.node('object', 'Leaf', 32);
    g.edge(chain[N - 1 - i * 7], 'property', 'leaf', l);
    leafs.push(l);
  }
  g.edge(leafs[0], 'property', 'up', chain[N - 2]);
  return g;
}

// a deep DFS: a tree whose every node reaches many deep descendants
function deepDfs() {
  const g = new Graph('deep-dfs', 47, {descRuns: 0.04});
  const {subs, globs: [glob]} = scaffold(g);
  const N = 15000;
  const nodes = [];
  for (let i = 0; i < N; i++) {
    nodes.push(g.node(i % 11 === 10 ? 'array' : 'object', i % 11 === 10 ? '' : 'Deep' + (i % 4), 8 + (i % 13) * 4));
  }
  g.edge(glob, 'property', 'start', nodes[0]);
  // the first edge of each node goes deep, so the DFS descends ~N levels;
  // the others jump back or sideways (cross and back edges)
  for (let i = 0; i < N; i++) {
    const o = nodes[i];
    if (i + 1 < N) {
      g.edge(o, 'property', 'down', nodes[i + 1]);
    }
    const k = g.rnd(3);
    for (let j = 0; j < k; j++) {
      const to = g.chance(0.5) ? nodes[g.rnd(N)] : nodes[Math.min(N - 1, i + 2 + g.rnd(50))];
      g.edge(o, g.chance(0.1) ? 'weak' : 'property', 'x', to);
    }
  }
  // second ways in: from the system roots and the middle
  for (let i = 0; i < 5; i++) {
    g.edge(subs[i], 'element', 1, nodes[3000 * i + 1500]);
  }
  return g;
}

// ---------------------------------------------------------------------------
// unusual edges at the root: weak, hidden, internal, shortcut to a synthetic
// node, a self edge, and an edge back to the root from a user object

function rootEdges() {
  const g = new Graph('root-edges', 53);
  const root = g.root();
  const gc = g.node('synthetic', '(GC roots)', 0);
  g.edge(root, 'element', 1, gc);
  const strong = g.node('synthetic', '(Strong roots)', 0);
  g.edge(gc, 'element', 1, strong);
  // the root's weak edge still makes a user root (distance 1)
  const weakRoot = g.node('object', 'WeakRootChild', 40);
  g.edge(root, 'weak', '1', weakRoot);
  const hiddenRoot = g.node('hidden', 'system / RootHidden', 64);
  g.edge(root, 'hidden', 2, hiddenRoot);
  const internalSyn = g.node('synthetic', '(Internal root)', 0);
  g.edge(root, 'internal', 'internal', internalSyn);
  const shortcutSyn = g.node('synthetic', '(Shortcut root)', 0);
  g.edge(root, 'shortcut', 'sc', shortcutSyn);  // a page-owned seed that is no user root
  g.edge(root, 'element', 5, root);  // self edge
  const a = [];
  for (let i = 0; i < 20; i++) {
    const o = g.node('object', 'A', 16 + i);
    g.edge(i ? a[i - 1] : weakRoot, 'property', 'a', o);
    a.push(o);
  }
  const b = [];
  for (let i = 0; i < 10; i++) {
    const o = g.node(i % 3 ? 'object' : 'array', i % 3 ? 'B' : '', 12 + i);
    g.edge(i ? b[i - 1] : hiddenRoot, 'internal', 'b', o);
    b.push(o);
  }
  const c = [];
  for (let i = 0; i < 10; i++) {
    const o = g.node('object', 'FromShortcutSyn', 20);
    g.edge(i ? c[i - 1] : shortcutSyn, 'property', 'c', o);
    c.push(o);
  }
  g.edge(c[4], 'property', 'a', a[10]);  // page-owned into non-page-owned
  g.edge(a[12], 'property', 'c', c[7]);  // non-page-owned into page-owned
  const sys = [];
  for (let i = 0; i < 10; i++) {
    const o = g.node('object', 'FromStrongRoots', 8);
    g.edge(i ? sys[i - 1] : strong, 'property', 's', o);
    sys.push(o);
  }
  g.edge(internalSyn, 'element', 1, g.node('object', 'FromInternalSyn', 8));
  // a user object pointing back at the root: the first BFS then walks the
  // system roots too
  const back = g.node('object', 'PointsAtRoot', 24);
  g.edge(a[3], 'property', 'back', back);
  g.edge(back, 'property', 'root', root);
  return g;
}

// sizes near 2^32: sums over 2^32, and a reassignment that overflows
// DevTools' 32-bit self sizes
function hugeSizes() {
  const g = new Graph('huge-sizes', 59, {extraNativeBytes: 5000000000});
  const {globs: [glob]} = scaffold(g);
  const big = [];
  for (let i = 0; i < 4; i++) {
    const o = g.node('object', 'Huge', 3000000000 + i);
    g.edge(i ? big[i - 1] : glob, 'property', 'h', o);
    big.push(o);
  }
  g.edge(big[3], 'property', 'native', g.node('native', 'Node / Huge', 4294967295));
  const str = g.node('string', 'huge string', 4000000000);
  g.edge(glob, 'property', 's', str);
  const owner = g.node('object', 'HugeOwner', 3000000000);
  g.edge(glob, 'property', 'o', owner);
  const owned = g.node('hidden', 'system / FixedArray', 2000000000);
  g.edge(owner, 'internal', 'elements', owned);
  const arr = g.node('object', 'Array', 4000000000);
  g.edge(glob, 'property', 'arr', arr);
  const store = g.node('array', '(object elements)', 1000000000);
  g.edge(arr, 'internal', 'elements', store);
  for (let i = 0; i < 20; i++) {
    g.edge(glob, 'element', i, g.node('object', 'Small', i));
  }
  return g;
}

const GRAPHS = {
  'random-a': () => randomGraph('random-a', 101, 3000, {globals: 2, shortcut: true, weak: 4, orphan: 0.02,
                                                          weakmaps: 2}),
  'random-b': () => randomGraph('random-b', 202, 4000, {globals: 1, shortcut: false, weak: 8, orphan: 0.04,
                                                          weakmaps: 1}),
  'random-c': () => randomGraph('random-c', 303, 2500, {globals: 1, shortcut: true, weak: 6, orphan: 0.06,
                                                          weakmaps: 3, dom: true}),
  'random-clusters': () => randomClusters('random-clusters', 404, 3000),
  'dup-edges': dupEdges,
  'weak': weakGraph,
  'clique': cliqueGraph,
  'page-owned': pageOwned,
  'system-roots': systemRoots,
  'no-user-roots': noUserRoots,
  'shallow-owners': shallowOwners,
  'weakmap': weakMapGraph,
  'distance-filters': distanceFilters,
  'interfaces': interfaces,
  'root-edges': rootEdges,
  'huge-sizes': hugeSizes,
  'long-chain': longChain,
  'deep-dfs': deepDfs,
};

function main() {
  const [outDir, ...names] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node gen-graphs.cjs OUTDIR [NAME...]\ngraphs: ' + Object.keys(GRAPHS).join(' '));
    process.exit(2);
  }
  const want = names.length ? names.map(n => n.replace(/^graph-/, '')) : Object.keys(GRAPHS);
  fs.mkdirSync(outDir, {recursive: true});
  for (const n of want) {
    if (!GRAPHS[n]) {
      console.error('gen-graphs: unknown graph ' + n);
      process.exit(2);
    }
    const g = GRAPHS[n]();
    const file = path.join(outDir, `graph-${n}.heapsnapshot`);
    fs.writeFileSync(file, g.serialize());
    console.log(`graph-${n}: ${g.type.length} nodes, ${g.edgeCount()} edges`);
  }
}

main();
