// A program that does not leak: every tick allocates a batch of objects and
// drops it.  Two snapshots a few ticks apart should show (almost) no growth.
// usage: node clean.js OUTDIR
'use strict';
const v8 = require('v8');
const path = require('path');
const outDir = process.argv[2] || '.';

class TickBatch {
	constructor(tick) {
		this.tick = tick;
		this.items = [];
		for (let i = 0; i < 500; i++)
			this.items.push({ tick, i, text: 'item ' + i });
	}
}

class Totals {
	constructor() {
		this.ticks = 0;
		this.sum = 0;
	}
}
const totals = new Totals();        // the only thing kept: fixed size
globalThis.totals = totals;

function tick() {
	const batch = new TickBatch(totals.ticks); // garbage after this function
	for (const it of batch.items)
		totals.sum += it.i;
	totals.ticks++;
	if (totals.ticks === 3)
		v8.writeHeapSnapshot(path.join(outDir, 'clean0.heapsnapshot'));
	if (totals.ticks === 8) {
		v8.writeHeapSnapshot(path.join(outDir, 'clean1.heapsnapshot'));
		clearInterval(timer);
	}
}
const timer = setInterval(tick, 20);
