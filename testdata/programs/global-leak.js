// An accidental global: a sloppy-mode function assigns to an undeclared
// name, so `leak` becomes a property of the global object and everything
// pushed into it stays alive.  usage: node global-leak.js OUTDIR
// (no 'use strict' on purpose)
const v8 = require('v8');
const path = require('path');
const outDir = process.argv[2] || '.';

function LeakedRecord(i) {
	this.index = i;
	this.label = 'record #' + i;
	this.payload = new Array(50).fill(i);
}

function f() {
	leak = [];                      // oops: no let/const/var
	for (let i = 0; i < 1000; i++)
		leak.push(new LeakedRecord(i));
}

f();
v8.writeHeapSnapshot(path.join(outDir, 'global-leak.heapsnapshot'));
