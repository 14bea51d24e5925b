// Takes heap snapshots of detached.html in headless Chromium through the
// DevTools protocol (HeapProfiler.takeHeapSnapshot + addHeapSnapshotChunk).
// usage: node chrome-snapshot.mjs OUTDIR
// Needs `ws` (npm install ws in a scratch dir; run with NODE_PATH or from it)
// and Debian's `chromium`.  Only loopback traffic: the page is a file:// URL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.cwd(), 'x.js'));
const WebSocket = require('ws');
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] || '.';
const page = pathToFileURL(path.join(here, 'detached.html')).href;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'heaptui-chrome-'));
const chrome = spawn(process.env.CHROMIUM || 'chromium', [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-extensions', '--disable-default-apps',
	`--user-data-dir=${profile}`, '--remote-debugging-address=127.0.0.1',
	'--remote-debugging-port=0', page,
], { stdio: ['ignore', 'ignore', 'pipe'] });
chrome.stderr.on('data', () => {});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function devtoolsPort() {
	const f = path.join(profile, 'DevToolsActivePort');
	for (let i = 0; i < 200; i++) {
		if (fs.existsSync(f)) {
			const port = fs.readFileSync(f, 'utf8').split('\n')[0];
			if (port)
				return port;
		}
		await sleep(100);
	}
	throw new Error('chromium did not open a DevTools port');
}

async function main() {
	const port = await devtoolsPort();
	let target;
	for (let i = 0; i < 100 && !target; i++) {
		const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
		target = list.find((t) => t.type === 'page' && t.url.startsWith('file:'));
		if (!target)
			await sleep(100);
	}
	const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
	await new Promise((res, rej) => { ws.on('open', res); ws.on('error', rej); });
	let nextId = 1;
	const pending = new Map();
	let chunks = null;
	ws.on('message', (data) => {
		const msg = JSON.parse(data);
		if (msg.id && pending.has(msg.id)) {
			const { res, rej } = pending.get(msg.id);
			pending.delete(msg.id);
			msg.error ? rej(new Error(JSON.stringify(msg.error))) : res(msg.result);
		} else if (msg.method === 'HeapProfiler.addHeapSnapshotChunk' && chunks) {
			chunks.push(msg.params.chunk);
		}
	});
	const send = (method, params = {}) => new Promise((res, rej) => {
		const id = nextId++;
		pending.set(id, { res, rej });
		ws.send(JSON.stringify({ id, method, params }));
	});
	const evaluate = async (expr) =>
		(await send('Runtime.evaluate', { expression: expr, returnByValue: true })).result.value;

	await send('Runtime.enable');
	for (let i = 0; i < 100 && !(await evaluate('window.ready === true')); i++)
		await sleep(100);
	await send('HeapProfiler.enable');
	async function snapshot(name) {
		await send('HeapProfiler.collectGarbage');
		chunks = [];
		await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
		fs.writeFileSync(path.join(outDir, name), chunks.join(''));
		console.log(`${name}: ${chunks.length} chunks`);
		chunks = null;
	}
	// Console/Runtime keep evaluated results alive; release them.
	await send('Runtime.releaseObjectGroup', { objectGroup: 'console' }).catch(() => {});
	await snapshot('chrome0.heapsnapshot');
	console.log('detachMore ->', await evaluate('detachMore()'));
	await snapshot('chrome1.heapsnapshot');
	ws.close();
}

try {
	await main();
} finally {
	chrome.kill('SIGTERM');
	await new Promise((r) => chrome.once('exit', r));
	fs.rmSync(profile, { recursive: true, force: true });
}
