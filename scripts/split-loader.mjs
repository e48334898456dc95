// The hosted site's chunk loader, with the chunks in packs (issue 26; used by split-wasm.mjs).
//
// wasm-split-cli writes one .wasm per split module (`split_ticks.wasm` ...) and one per set of
// split modules that share code (`chunk_N.wasm`, 58 of them in this app), and a loader that
// fetches each file on its own. Loading the engine's tick took 30 requests: on slow 4G, over the
// six connections HTTP/1.1 gives a host, they queued for ~0.9 s of round trips before the tick's
// own bytes came (tests/site/start.mjs's waterfall, docs/performance-history.md).
//
// Here each split module is one request: a pack holding the module and every shared chunk it
// needs that the tick's pack does not hold. The tick is loaded first on every page (src/chunks.rs,
// `load_ticks`), so its pack holds all of its shared chunks, and the others hold only the rest:
// a shared chunk is in the tick's pack or in the pack of each other module that needs it (every
// pack together is ~3 % larger than every file once, brotli). A chunk is instantiated once,
// from the first pack that brings it.
//
// A pack: u32 (little-endian) the number of parts, a u32 length per part, then the parts' bytes
// in that order. The loader checks both against the build's list before compiling anything.

/** The first module: loaded before the others on every page (src/chunks.rs). */
export const FIRST = 'ticks';

/**
 * What wasm-split-cli's `__wasm_split.js` says: the glue's module specifier, the names of the
 * shared imports `initSync` returns, each shared chunk's file, and each split module's file and
 * its shared chunks (in the loader's order). Throws if the loader is not in the shape this
 * parser knows (a new wasm-split-cli): every `makeLoad` must be read.
 */
export function parseSplitLoader(src) {
  const glue = src.match(/^import \{ initSync \} from "\.\/([^"]+)";/m);
  if (!glue) throw new Error('no `import { initSync } from "./…"`');
  const shared = src.match(/const \{([^}]*)\} = initSync\(undefined, undefined\);/);
  if (!shared) throw new Error('no `const { … } = initSync(undefined, undefined)`');
  const sharedNames = shared[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (!sharedNames.includes('memory') || !sharedNames.includes('__indirect_function_table')) throw new Error(`shared imports without the memory or the table: ${sharedNames}`);
  const fetched = (file) => String.raw`makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./(${file})", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*,\s*\[([^\]]*)\]\)`;
  const chunks = new Map();
  for (const m of src.matchAll(new RegExp(String.raw`const (__chunk_\d+) = ${fetched(String.raw`chunk_\d+\.wasm`)};`, 'g'))) {
    if (m[3].trim() !== '') throw new Error(`${m[1]} has dependencies: ${m[3]}`);
    chunks.set(m[1], m[2]);
  }
  const modules = new Map();
  for (const m of src.matchAll(new RegExp(String.raw`export const __wasm_split_load_(\w+) = wrapAsyncCb\(${fetched(String.raw`[\w.-]+\.wasm`)}\);`, 'g'))) {
    const deps = m[3].split(',').map((s) => s.trim()).filter(Boolean).map((d) => {
      if (!chunks.has(d)) throw new Error(`${m[1]} needs ${d}, which the loader does not define`);
      return chunks.get(d);
    });
    modules.set(m[1], { file: m[2], deps });
  }
  const loads = (src.match(/makeLoad\(/g) || []).length - 1; // and its own definition
  if (loads !== chunks.size + modules.size) throw new Error(`read ${chunks.size} chunks and ${modules.size} modules of ${loads} makeLoad calls`);
  if (modules.size === 0) throw new Error('no `export const __wasm_split_load_…`');
  return { glue: glue[1], sharedNames, chunks: [...chunks.values()], modules };
}

/**
 * Which parts each pack holds and which packs each module loads from, for `modules` (name →
 * { file, deps }, as parsed): { packs: name → [part files], loads: name → [[part, pack]...] }
 * with a module's shared chunks first and the module itself last.
 */
export function planPacks(modules, first = FIRST) {
  if (!modules.has(first)) throw new Error(`no split module "${first}"`);
  const firstParts = [...modules.get(first).deps, modules.get(first).file];
  const inFirst = new Set(firstParts);
  const packs = new Map([[first, firstParts]]);
  const loads = new Map();
  for (const [name, { file, deps }] of modules) {
    const parts = [...deps, file];
    if (name !== first) packs.set(name, parts.filter((p) => !inFirst.has(p)));
    loads.set(name, parts.map((p) => [p, name !== first && inFirst.has(p) ? first : name]));
  }
  return { packs, loads };
}

/** A pack of `bodies` (Uint8Arrays or Buffers), in the format above. */
export function packBytes(bodies) {
  const head = Buffer.alloc(4 + 4 * bodies.length);
  head.writeUInt32LE(bodies.length, 0);
  bodies.forEach((b, i) => head.writeUInt32LE(b.length, 4 + 4 * i));
  return Buffer.concat([head, ...bodies.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length))]);
}

/**
 * The loader's source. `glue`: the JS glue's file name; `sharedNames`: what `initSync` returns
 * that the chunks import; `packFiles`: pack name → its file; `packs`, `loads`: as planPacks
 * gives them. Exports `__wasm_split_load_<module>` for each module, as wasm-split-cli's does:
 * (callbackIndex, callbackData) → calls the table's callback with (data, success).
 */
export function loaderSource({ glue, sharedNames, packFiles, packs, loads, first = FIRST }) {
  const json = (x) => JSON.stringify(x);
  const packList = Object.fromEntries([...packs].map(([name, parts]) => [name, [packFiles.get(name), parts]]));
  const loadList = Object.fromEntries(loads);
  const exports = [...loads.keys()].map((name) => `export const __wasm_split_load_${name} = wrap(${json(name)});`).join('\n');
  return `import { initSync } from ${json(`./${glue}`)};
// Written by scripts/split-loader.mjs: every split module is one request, a pack of .wasm parts.
const PACKS = ${json(packList)};
const LOADS = ${json(loadList)};
let shared;
function imports() {
  if (shared === undefined) {
    const { ${sharedNames.join(', ')} } = initSync(undefined, undefined);
    shared = { __wasm_split: { ${sharedNames.join(', ')} } };
  }
  return shared;
}
// A failed fetch or instantiation is forgotten, so the next call tries again.
function once(map, key, make) {
  let p = map.get(key);
  if (p === undefined) {
    p = make();
    p.catch(() => { if (map.get(key) === p) map.delete(key); });
    map.set(key, p);
  }
  return p;
}
function unpack(buf, parts, file) {
  const n = parts.length;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const head = 4 + 4 * n;
  if (buf.length < head || view.getUint32(0, true) !== n) throw new Error(file + ": not a pack of " + n + " parts");
  const out = new Map();
  let at = head;
  for (let i = 0; i < n; i++) {
    const len = view.getUint32(4 + 4 * i, true);
    if (len > buf.length - at) throw new Error(file + ": part " + i + " runs past the end");
    out.set(parts[i], buf.subarray(at, at + len));
    at += len;
  }
  if (at !== buf.length) throw new Error(file + ": " + (buf.length - at) + " bytes after the last part");
  return out;
}
const fetched = new Map();
function pack(name) {
  return once(fetched, name, async () => {
    const [file, parts] = PACKS[name];
    const res = await fetch(new URL("./" + file, import.meta.url));
    if (!res.ok) throw new Error(file + ": HTTP " + res.status);
    return unpack(new Uint8Array(await res.arrayBuffer()), parts, file);
  });
}
const instances = new Map();
const sources = new Map();
// A shared chunk can be in several packs (each module's that needs it, but the first's). One
// under way from another pack is waited for, and if that pack fails, this one's copy is used:
// a failed download of one module must not fail another that brings the chunk itself.
function part(file, from) {
  const other = instances.get(file);
  if (other !== undefined && sources.get(file) !== from) return other.catch(() => part(file, from));
  return once(instances, file, () => {
    sources.set(file, from);
    return (async () => WebAssembly.instantiate((await pack(from)).get(file), imports()))();
  });
}
// The shared chunks first, then the module (as wasm-split-cli's loader orders them).
async function load(name) {
  const parts = LOADS[name];
  const last = parts.length - 1;
  // Every pack it needs is requested at once: the module's own may hold no shared chunk.
  for (const [, from] of parts) pack(from);
  await Promise.all(parts.slice(0, last).map(([file, from]) => part(file, from)));
  await part(parts[last][0], parts[last][1]);
}
function wrap(name) {
  return async (callbackIndex, callbackData) => {
    let success;
    try {
      await load(name);
      success = true;
    } catch (e) {
      console.error(e);
      success = false;
    } finally {
      imports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
    }
  };
}
// The first pack is needed on every page: it is fetched as soon as the main module's last byte
// has come (index.html's download progress says so), while the browser compiles that module and
// runs main(), when the network would otherwise be idle; the app's first call then finds it
// under way. (A resource-timing observer came too late: its callback waited for main().)
const early = () => { pack(${json(first)}); };
if (globalThis.__ksMainDownloaded) early();
else if (typeof globalThis.addEventListener === "function") globalThis.addEventListener("ks-main-downloaded", early, { once: true });
${exports}
`;
}
