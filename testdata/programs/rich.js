// Builds a heap with most kinds of things a V8 snapshot can hold, writes
// rich0.heapsnapshot, grows the heap (adds some objects, frees others) and
// writes rich1.heapsnapshot.  usage: node rich.js OUTDIR
'use strict';
const v8 = require('v8');
const path = require('path');
const lib = require('./rich-lib.js');
const outDir = process.argv[2] || '.';

// --- two classes named Item, in two scripts ------------------------------
class Item {
	constructor(n) {
		this.main = n;
	}
}
// ...and a third one, nested in a function: same name, another line.
function makeNestedItem() {
	class Item {
		constructor(n) {
			this.nested = n;
			this.extra = null;
		}
	}
	return Item;
}
const NestedItem = makeNestedItem();

class RichHolder {
	constructor() {
		this.items = [];
	}
}
const holder = new RichHolder();
for (let i = 0; i < 30; i++)
	holder.items.push(new Item(i));
for (let i = 0; i < 20; i++)
	holder.items.push(new lib.Item(i));
for (let i = 0; i < 10; i++)
	holder.items.push(new NestedItem(i));

// --- objects whose class name is hostile terminal text --------------------
// V8 names an object after its constructor, or (for plain objects) after a
// string Symbol.toStringTag found on its prototype chain.
const evilTitleProto = { [Symbol.toStringTag]: 'Evil\u001b]0;PWNED\u0007Title' };
const clearScreenProto = { [Symbol.toStringTag]: 'Clear\u001b[2J\u009b2JScreen\u202eRtl' };
holder.evil = [Object.create(evilTitleProto), Object.create(evilTitleProto),
	Object.create(clearScreenProto)];

// --- Maps, Sets, WeakMaps with live keys, WeakRefs -------------------------
class MapKey {
	constructor(k) {
		this.k = k;
	}
}
class MapValue {
	constructor(v) {
		this.v = v;
		this.payload = new Array(8).fill(v);
	}
}
const map = new Map();
const mapKeys = [];
for (let i = 0; i < 40; i++) {
	const key = new MapKey(i);
	mapKeys.push(key);
	map.set(key, new MapValue(i));
}
map.set('string-key', 'string-value');
const set = new Set();
for (let i = 0; i < 25; i++)
	set.add({ setMember: i });

class WeakKey {
	constructor(i) {
		this.wk = i;
	}
}
class WeakVal {
	constructor(i) {
		this.wv = i;
		this.blob = new Uint8Array(64);
	}
}
const weakMap = new WeakMap();
const weakKeys = []; // keeps the keys alive, so the ephemeron edges exist
for (let i = 0; i < 20; i++) {
	const k = new WeakKey(i);
	weakKeys.push(k);
	weakMap.set(k, new WeakVal(i));
}
const weakSet = new WeakSet(weakKeys.slice(0, 5));

class WeakTarget {
	constructor(i) {
		this.target = i;
	}
}
const weakTargets = [];
const weakRefs = [];
for (let i = 0; i < 10; i++) {
	const t = new WeakTarget(i);
	weakTargets.push(t);
	weakRefs.push(new WeakRef(t));
}
const registry = new FinalizationRegistry(() => {});
registry.register(weakTargets[0], 'held');

// --- typed arrays and buffers --------------------------------------------
const sharedBuf = new ArrayBuffer(4096);
const typed = {
	u8: new Uint8Array(sharedBuf, 0, 1024),
	f64: new Float64Array(sharedBuf, 1024, 128),
	view: new DataView(sharedBuf),
	big: new Float32Array(50000),          // 200 kB backing store
	i32: Int32Array.from([1, 2, 3, 4, 5]),
	u8c: new Uint8ClampedArray(16),
	b64: new BigInt64Array(4),
	ab: new ArrayBuffer(100000),
};

// --- closures sharing one context ----------------------------------------
class ClosureKept {
	constructor() {
		this.note = 'kept alive only by a closure context';
		this.data = new Array(100).fill(7);
	}
}
function makeCounter() {
	const kept = new ClosureKept();
	let count = 0;
	return {
		inc() { count++; return kept.data.length; },
		get() { return count + kept.note.length; },
	};
}
const counters = [makeCounter(), makeCounter()];

// --- strings --------------------------------------------------------------
const strings = {
	cjk: '漢字テキスト한국어中文',
	emoji: 'emoji 😀👍🏽👨‍👩‍👧 flags 🇫🇷',
	combining: 'e\u0301 a\u0308 n\u0303 Zalgo Z\u0351\u0352\u0353',
	oscTitle: 'title \u001b]0;PWNED\u0007 after',
	clear: 'clear \u001b[2J\u001b[H after',
	c1csi: 'c1 csi \u009b31m red',
	bidi: 'bidi \u202egnp.exe\u202c txt',
	nul: 'nul \u0000 inside',
	lone: 'lone surrogate \ud800 end',
	newline: 'line1\nline2\tTabbed\r\n',
	longFlat: 'L'.repeat(20000),
	latin1: 'caf\u00e9 na\u00efve \u00ff',
};
// a cons string and a sliced string
strings.cons = strings.longFlat + strings.cjk + Date.now();
strings.sliced = strings.longFlat.concat('xyz').slice(10, 15000);
// a property name with escapes: shows up as an edge name
strings['key\u001b[31mred\u001b[0m'] = 'value with key escapes';

// --- symbols, bigints ---------------------------------------------------
const sym = Symbol('rich-symbol');
const regSym = Symbol.for('rich.registered');
const symbols = { [sym]: 'by symbol', [regSym]: 42, list: [Symbol('a'), Symbol(), Symbol('\u001b[2J')] };
const bigints = [2n ** 200n, -(10n ** 50n), 123n, BigInt(Number.MAX_SAFE_INTEGER) * 3n];

// --- shared shapes: DevTools infers {a, b} --------------------------------
const shaped = [];
for (let i = 0; i < 300; i++)
	shaped.push({ a: 'a' + i, b: [i] });
const shaped3 = [];
for (let i = 0; i < 100; i++)
	shaped3.push({ x: 'x' + i, y: [i], z: null });

// --- arrays ---------------------------------------------------------------
const arrays = {
	smi: [1, 2, 3, 4, 5, 6, 7, 8],
	doubles: [1.5, 2.5, 3.5],
	holey: [1, , 3, , 5],
	nested: [[1, [2, [3, [4]]]]],
	mixed: [1, 'two', { three: 3 }, null, undefined, 4.5],
	big: new Array(5000).fill(0).map((_, i) => i * 1.1),
};

// --- misc ---------------------------------------------------------------
const misc = {
	re: /ab+c\u001b[0-9]/gi,
	date: new Date(0),
	err: new Error('rich error'),
	promise: Promise.resolve(1),
	pending: new Promise(() => {}),
	proxy: new Proxy({}, {}),
	bound: function named() {}.bind(null),
	gen: (function* g() { yield 1; })(),
	nullProto: Object.create(null),
};
misc.nullProto.only = 1;

globalThis.rich = {
	holder, map, mapKeys, set, weakMap, weakKeys, weakSet, weakTargets, weakRefs, registry,
	typed, counters, strings, symbols, bigints, shaped, shaped3, arrays, misc,
};

v8.writeHeapSnapshot(path.join(outDir, 'rich0.heapsnapshot'));

// --- growth between rich0 and rich1 ---------------------------------------
class Grown {
	constructor(i) {
		this.grown = i;
		this.buf = new Array(20).fill(i);
	}
}
globalThis.rich.grown = [];
for (let i = 0; i < 200; i++)
	globalThis.rich.grown.push(new Grown(i));
for (let i = 0; i < 30; i++)
	holder.items.push(new Item(100 + i));
for (let i = 0; i < 150; i++)
	shaped.push({ a: 'new' + i, b: [-i] });
// free: half the map entries, the nested Items, some shaped objects, the set
for (let i = 0; i < 20; i++)
	map.delete(mapKeys[i]);
mapKeys.splice(0, 20);
holder.items = holder.items.filter((x) => !(x instanceof NestedItem));
shaped3.length = 0;
set.clear();
delete strings.longFlat;
delete strings.cons;

v8.writeHeapSnapshot(path.join(outDir, 'rich1.heapsnapshot'));
