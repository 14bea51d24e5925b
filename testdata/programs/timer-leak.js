// Leaks through a setInterval callback and through EventEmitter listeners:
// each tick registers a new 'data' listener whose closure holds a fresh
// TimerPayload, and the interval callback pushes into an array it closes
// over.  Nothing is ever removed.  usage: node timer-leak.js OUTDIR
'use strict';
const v8 = require('v8');
const path = require('path');
const { EventEmitter } = require('events');
const outDir = process.argv[2] || '.';

class TimerPayload {
	constructor(n) {
		this.n = n;
		this.bytes = new Array(200).fill(n);
	}
}
class CacheEntry {
	constructor(n) {
		this.n = n;
		this.key = 'entry-' + n;
	}
}

const bus = new EventEmitter();
bus.setMaxListeners(0);

function startPolling() {
	const cache = [];           // closed over by the interval callback only
	let ticks = 0;
	const timer = setInterval(function poll() {
		for (let i = 0; i < 50; i++)
			cache.push(new CacheEntry(ticks * 50 + i));
		const payload = new TimerPayload(ticks);
		bus.on('data', function onData(x) {   // a listener per tick, never removed
			return payload.n + x;
		});
		ticks++;
		if (ticks === 10) {
			v8.writeHeapSnapshot(path.join(outDir, 'timer-leak.heapsnapshot'));
			clearInterval(timer);
		}
	}, 10);
	timer.ref();
}
startPolling();
