// The hosted site's chunk loader (scripts/split-loader.mjs) run in Node against tiny hand-made
// wasm modules and a counting fetch: one request per pack, every part instantiated once, a
// module's shared chunks before it, a failed download or a damaged pack reported to the caller
// (and tried again on the next call), never thrown. The real loader on the real build is
// clicked through by smoke.mjs; this checks what a page cannot easily make happen.
//   node tests/site/split-loader.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loaderSource, packBytes, parseSplitLoader, planPacks } from '../../scripts/split-loader.mjs';

let passed = 0; let failed = 0;
const check = (ok, what) => {
  if (ok) passed += 1; else { failed += 1; console.log(`FAIL ${what}`); }
};

// A module that imports the shared memory and, when instantiated, records the order:
// memory[10 + id] = memory[0]; memory[0] += 1. (Hand-encoded: type, import, function, start, code.)
const u8 = (...b) => Uint8Array.from(b);
function recorder(id) {
  if (id < 0 || id > 50) throw new Error('id out of the one-byte range');
  const str = (s) => [s.length, ...Buffer.from(s)];
  const section = (n, body) => [n, body.length, ...body];
  const code = [0x00, 0x41, 10 + id, 0x41, 0, 0x2d, 0, 0, 0x3a, 0, 0, 0x41, 0, 0x41, 0, 0x2d, 0, 0, 0x41, 1, 0x6a, 0x3a, 0, 0, 0x0b];
  return u8(0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [1, ...str('__wasm_split'), ...str('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(8, [0]),
    ...section(10, [1, code.length, ...code]));
}

// wasm-split-cli's loader, in the shape it writes (three modules, three shared chunks; chunk_3 is
// needed by two modules that are not the first, so it is in both their packs).
const fetchBlock = (file) => `makeLoad(() => {
    const src = fetch(new URL("./${file}", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, `;
const cliLoader = `import { initSync } from "./glue.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory,  });
    }
    return sharedImports;
}
function makeLoad(fetcher, deps) {}
/* a, ticks */
const __chunk_1 = ${fetchBlock('chunk_1.wasm')}[]);
/* ticks */
const __chunk_2 = ${fetchBlock('chunk_2.wasm')}[]);
/* a, b */
const __chunk_3 = ${fetchBlock('chunk_3.wasm')}[]);
export const __wasm_split_load_ticks = wrapAsyncCb(${fetchBlock('split_ticks.wasm')}[__chunk_1, __chunk_2]));
export const __wasm_split_load_a = wrapAsyncCb(${fetchBlock('split_a.wasm')}[__chunk_1, __chunk_3]));
export const __wasm_split_load_b = wrapAsyncCb(${fetchBlock('split_b.wasm')}[__chunk_3]));
`;

const split = parseSplitLoader(cliLoader);
check(split.glue === 'glue.js', `the glue: ${split.glue}`);
check(split.sharedNames.join() === '__indirect_function_table,__wasm_split_shared0,memory', `the shared imports: ${split.sharedNames}`);
check(split.chunks.join() === 'chunk_1.wasm,chunk_2.wasm,chunk_3.wasm', `the chunks: ${split.chunks}`);
check(JSON.stringify([...split.modules]) === JSON.stringify([['ticks', { file: 'split_ticks.wasm', deps: ['chunk_1.wasm', 'chunk_2.wasm'] }], ['a', { file: 'split_a.wasm', deps: ['chunk_1.wasm', 'chunk_3.wasm'] }], ['b', { file: 'split_b.wasm', deps: ['chunk_3.wasm'] }]]), 'the modules');
let threw = false;
try { parseSplitLoader(cliLoader.replace('[__chunk_1, __chunk_3]', '[__chunk_1, __chunk_9]')); } catch { threw = true; }
check(threw, 'a module needing an undefined chunk is refused');
threw = false;
try { parseSplitLoader(cliLoader.replace('const __chunk_3 = makeLoad', 'const __chunk_3 = makeLoad2')); } catch { threw = true; }
check(threw, 'a makeLoad the parser cannot read is refused');

const plan = planPacks(split.modules);
check(JSON.stringify([...plan.packs]) === JSON.stringify([['ticks', ['chunk_1.wasm', 'chunk_2.wasm', 'split_ticks.wasm']], ['a', ['chunk_3.wasm', 'split_a.wasm']], ['b', ['chunk_3.wasm', 'split_b.wasm']]]), `the packs: ${JSON.stringify([...plan.packs])}`);
check(JSON.stringify(plan.loads.get('a')) === JSON.stringify([['chunk_1.wasm', 'ticks'], ['chunk_3.wasm', 'a'], ['split_a.wasm', 'a']]), 'module a loads chunk_1 from the first pack');

const ids = { 'chunk_1.wasm': 1, 'chunk_2.wasm': 2, 'chunk_3.wasm': 3, 'split_ticks.wasm': 4, 'split_a.wasm': 5, 'split_b.wasm': 6 };
const packFiles = new Map([['ticks', 'split_ticks-h.wasm'], ['a', 'split_a-h.wasm'], ['b', 'split_b-h.wasm']]);
const packs = new Map([...plan.packs].map(([name, parts]) => [packFiles.get(name), packBytes(parts.map((p) => recorder(ids[p])))]));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-split-loader-'));
fs.writeFileSync(path.join(dir, 'glue.js'), 'export const initSync = () => globalThis.__shared;\n');
fs.writeFileSync(path.join(dir, 'loader.mjs'), loaderSource({ glue: 'glue.js', sharedNames: split.sharedNames, packFiles, ...plan }));

// One page: a fresh loader module, memory, fetch and callback table. `serve(file, n)` gives the
// n-th request's body (a Buffer) or HTTP status (a number).
let page = 0;
async function newPage(serve) {
  page += 1;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const callbacks = [];
  globalThis.__shared = { memory, __indirect_function_table: { get: (i) => (data, ok) => callbacks.push({ i, data, ok }) }, __wasm_split_shared0: 0 };
  const requests = [];
  globalThis.fetch = async (url) => {
    const file = path.basename(new URL(url).pathname);
    requests.push(file);
    const body = serve(file, requests.filter((f) => f === file).length);
    return typeof body === 'number' ? new Response('', { status: body }) : new Response(body);
  };
  const loader = await import(`${pathToFileURL(path.join(dir, 'loader.mjs'))}?page=${page}`);
  const bytes = new Uint8Array(memory.buffer);
  const order = (id) => bytes[10 + id];
  const count = () => bytes[0];
  const load = async (name, i) => { await loader[`__wasm_split_load_${name}`](i, name); return callbacks.find((c) => c.i === i); };
  return { load, requests, order, count };
}
const errors = [];
console.error = (e) => errors.push(String(e?.message ?? e));

{
  // The other module first: both packs in one go, its own parts only, its chunks before it.
  const p = await newPage((file) => packs.get(file));
  const a = await p.load('a', 1);
  check(a?.ok === true && a.data === 'a', `module a loaded: ${JSON.stringify(a)}`);
  check(p.requests.sort().join() === 'split_a-h.wasm,split_ticks-h.wasm', `requests for a: ${p.requests}`);
  check(p.count() === 3, `parts instantiated for a: ${p.count()} (chunk_1, chunk_3, split_a)`);
  check(p.order(5) === 2 && p.order(1) < 2 && p.order(3) < 2, 'a\'s shared chunks come before it');
  const t = await p.load('ticks', 2);
  check(t?.ok === true, 'the ticks loaded after a');
  check(p.requests.length === 2, `no new request for the ticks: ${p.requests}`);
  check(p.count() === 5 && p.order(4) === 4, `chunk_1 instantiated once; the ticks' module last (${p.count()})`);
  const again = await p.load('a', 3);
  check(again?.ok === true && p.count() === 5 && p.requests.length === 2, 'loading a again does nothing');
}
{
  // A failed download: reported, then tried again.
  const p = await newPage((file, n) => (file === 'split_ticks-h.wasm' && n === 1 ? 503 : packs.get(file)));
  const t = await p.load('ticks', 1);
  check(t?.ok === false, `a failed download is reported: ${JSON.stringify(t)}`);
  check(p.count() === 0, 'nothing instantiated from a failed download');
  const t2 = await p.load('ticks', 2);
  check(t2?.ok === true && p.count() === 3, `the next call tries again: ${JSON.stringify(t2)}, ${p.count()} parts`);
  check(p.requests.length === 2, `two requests: ${p.requests}`);
}
{
  // Two modules that both bring chunk_3, loaded at once, and the first one's pack fails: the other
  // still loads (its own copy of the chunk), and the failed one loads on its next call.
  const p = await newPage((file, n) => (file === 'split_a-h.wasm' && n === 1 ? 404 : packs.get(file)));
  const [a, b] = await Promise.all([p.load('a', 1), p.load('b', 2)]);
  check(a?.ok === false, `a's failed pack is reported: ${JSON.stringify(a)}`);
  check(b?.ok === true, `b loads though a's pack, which it waited on for chunk_3, failed: ${JSON.stringify(b)}`);
  check(p.count() === 3 && p.order(6) === 2, `chunk_1, chunk_3 and split_b instantiated once each, b last (${p.count()})`);
  const a2 = await p.load('a', 3);
  check(a2?.ok === true && p.count() === 4, `a loads on its next call, chunk_3 not instantiated again (${p.count()} parts)`);
}
{
  // Damaged packs: never thrown, never half-read.
  const good = packs.get('split_ticks-h.wasm');
  const damaged = [
    ['a byte too many', Buffer.concat([good, u8(0)])],
    ['cut short', good.subarray(0, good.length - 1)],
    ['a wrong count', Buffer.concat([u8(9, 0, 0, 0), good.subarray(4)])],
    ['a length past the end', Buffer.concat([good.subarray(0, 4), u8(0xff, 0xff, 0xff, 0x7f), good.subarray(8)])],
    ['empty', Buffer.alloc(0)],
    ['not wasm', packBytes([u8(1, 2, 3), u8(4), u8(5)])],
  ];
  for (const [what, body] of damaged) {
    const p = await newPage((file) => (file === 'split_ticks-h.wasm' ? body : packs.get(file)));
    const t = await p.load('ticks', 1);
    check(t?.ok === false, `a pack ${what} is reported as a failure: ${JSON.stringify(t)}`);
    if (what !== 'not wasm') check(p.count() === 0, `nothing instantiated from a pack ${what}`);
  }
  check(errors.some((e) => /bytes after the last part/.test(e)) && errors.some((e) => /runs past the end/.test(e)) && errors.some((e) => /not a pack of 3 parts/.test(e)), `the console says what was wrong: ${errors.join(' | ')}`);
}
{
  // The main module's last byte has come (index.html): the first pack is fetched before any
  // load, and the first load uses that request.
  globalThis.__ksMainDownloaded = true;
  const p = await newPage((file) => packs.get(file));
  delete globalThis.__ksMainDownloaded;
  await new Promise((r) => setTimeout(r, 10));
  check(p.requests.join() === 'split_ticks-h.wasm' && p.count() === 0, `the first pack is fetched early, nothing instantiated: ${p.requests}`);
  const t = await p.load('ticks', 1);
  check(t?.ok === true && p.requests.length === 1 && p.count() === 3, `the load uses the early request: ${p.requests}`);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`split loader: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
