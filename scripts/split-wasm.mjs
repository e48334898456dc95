// Trunk post-build hook (Trunk.toml), for the hosted site's build only (`ks_site` in
// scripts/env.sh sets KS_SPLIT=1 and builds with `--cfg ks_split -Clink-args=--emit-relocs`):
// splits the app's .wasm into the first download and the chunks loaded when first used
// (src/chunks.rs says which), then puts the result where trunk's unsplit output was.
//
// Trunk 0.22 runs cargo, wasm-bindgen and wasm-opt itself and knows nothing of splitting, so this
// does what cargo-leptos does for `--split` (src/compile/front.rs there): wasm-split-cli on
// cargo's own output (it needs the relocations), wasm-bindgen with --keep-lld-exports on the
// main module, wasm-opt with index.html's settings on every part. Then, instead of
// wasm-split-cli's loader (a request per file), split-loader.mjs's: the files in one pack per
// split module. The parts are named with the build's hash, so a browser never mixes parts of two
// builds. Prints each part's size.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';
import { siteHook } from './site-hook.mjs';
import { FIRST, loaderSource, packBytes, parseSplitLoader, planPacks } from './split-loader.mjs';

const { fail, staging, root } = siteHook('split-wasm', 'nothing to split');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
// index.html: data-cargo-profile-release="site".
const raw = path.join(targetDir, 'wasm32-unknown-unknown', 'site', 'kafka-sandbox.wasm');
if (!fs.existsSync(raw)) fail(`no ${raw}: was this a --release build?`);

// Trunk names the glue and the .wasm each by its own hash.
const staged = fs.readdirSync(staging);
const wasmName = staged.find((f) => /^kafka-sandbox-[0-9a-f]+_bg\.wasm$/.test(f));
const jsName = staged.find((f) => /^kafka-sandbox-[0-9a-f]+\.js$/.test(f));
if (!wasmName || !jsName) fail(`no kafka-sandbox-<hash>_bg.wasm and kafka-sandbox-<hash>.js in ${staging}`);
const stem = jsName.replace(/\.js$/, '');
const hash = wasmName.replace(/^kafka-sandbox-|_bg\.wasm$/g, '');

// wasm-opt's settings are index.html's (one place).
const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
const rustLink = html.match(/<link\b[^>]*data-trunk[^>]*rel="rust"[^>]*>/);
if (!rustLink) fail('no <link data-trunk rel="rust"> in index.html');
const attr = (name) => (rustLink[0].match(new RegExp(`${name}="([^"]*)"`)) || [])[1];
const optLevel = attr('data-wasm-opt') || 's';
const optParams = (attr('data-wasm-opt-params') || '').split(/\s+/).filter(Boolean);
// KS_WASM_NAMES=1 keeps the functions' names (wasm-opt -g) for a profile of the shipped code;
// tests/site/profile.mjs says how.
if (process.env.KS_WASM_NAMES) optParams.push('-g');

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    fail(`${cmd} ${args.join(' ')} failed:\n${e.stderr || e.message}`);
  }
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-split-'));
const splitDir = path.join(tmp, 'split');
const bgDir = path.join(tmp, 'bindgen');
fs.mkdirSync(splitDir);
run('wasm-split-cli', [raw, splitDir, '--out-name', stem]);
const chunks = fs.readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
if (chunks.length === 0) fail('wasm-split-cli made no chunk: are the split points (src/chunks.rs) in this build?');
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle', '--out-dir', bgDir, '--out-name', stem, path.join(splitDir, `${stem}.wasm`)]);

const opt = (from, to) => run('wasm-opt', [`-O${optLevel}`, ...optParams, from, '-o', to]);
// Trunk minifies a release build's JS itself, but this hook replaces its output with the split
// build's glue and loader, which wasm-bindgen and wasm-split-cli write unminified: minified
// here (terser, as ES modules, so their exports and `import.meta` stay), 10.1 → 7.9 KiB gzip.
const minified = async (code, name) => {
  try {
    const out = await minify(code, { module: true, compress: true, mangle: true });
    if (typeof out.code !== 'string' || out.code.length === 0) fail(`terser gave nothing for ${name}`);
    return out.code;
  } catch (e) {
    fail(`terser could not minify ${name}: ${e.message}`);
  }
};
const linkJs = `__wasm_split-${hash}.js`;

// The main module and its JS glue replace trunk's; the glue imports the loader by its new name.
opt(path.join(bgDir, `${stem}_bg.wasm`), path.join(staging, wasmName));
const glue = fs.readFileSync(path.join(bgDir, `${stem}.js`), 'utf8');
if (!glue.includes('./__wasm_split.js')) fail(`${stem}.js does not import ./__wasm_split.js`);
// Only the module specifiers: the import object's keys stay the wasm's own module name.
const renamedGlue = glue.replace(/(\bfrom\s*)(["'])\.\/__wasm_split\.js\2/g, `$1$2./${linkJs}$2`);
if (renamedGlue === glue) fail(`${jsName}: no import from ./__wasm_split.js to rename`);
// Named by its own content: trunk's name hashes trunk's unsplit glue, which stays the same from
// build to build while this one (it imports the loader by the build's hash) does not, so a
// browser could keep an old glue under the same name beside a new .wasm.
const glueOut = await minified(renamedGlue, jsName);
const glueName = `kafka-sandbox-${crypto.createHash('sha256').update(glueOut).digest('hex').slice(0, 16)}.js`;
fs.rmSync(path.join(staging, jsName));
fs.writeFileSync(path.join(staging, glueName), glueOut);

// The chunks go in packs, one request per split module (split-loader.mjs says why), each named
// as the module's own file was (`split_ticks-<hash>.wasm`): a static host serves it compressed,
// as application/wasm, and the tests find each module's request by that name.
let split;
try {
  split = parseSplitLoader(fs.readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8'));
} catch (e) {
  fail(`wasm-split-cli's __wasm_split.js is not in the shape split-loader.mjs reads: ${e.message}`);
}
if (split.glue !== `${stem}.js`) fail(`__wasm_split.js imports ./${split.glue}, not ./${stem}.js`);
const listed = new Set([...split.chunks, ...[...split.modules.values()].map((m) => m.file)]);
const unlisted = chunks.filter((c) => !listed.has(c));
if (unlisted.length || listed.size !== chunks.length) fail(`the loader and wasm-split-cli's files differ: ${unlisted.join(', ') || `${listed.size} listed, ${chunks.length} written`}`);
const optDir = path.join(tmp, 'opt');
fs.mkdirSync(optDir);
for (const c of chunks) opt(path.join(splitDir, c), path.join(optDir, c));
const plan = planPacks(split.modules);
const packFiles = new Map();
for (const [name, parts] of plan.packs) {
  const file = split.modules.get(name).file.replace(/\.wasm$/, `-${hash}.wasm`);
  fs.writeFileSync(path.join(staging, file), packBytes(parts.map((p) => fs.readFileSync(path.join(optDir, p)))));
  packFiles.set(name, file);
}
const loader = loaderSource({ glue: glueName, sharedNames: split.sharedNames, packFiles, ...plan });
fs.writeFileSync(path.join(staging, linkJs), await minified(loader, linkJs));
const snippets = path.join(bgDir, 'snippets');
if (fs.existsSync(snippets)) fs.cpSync(snippets, path.join(staging, 'snippets'), { recursive: true });

// Trunk's index.html names the glue and the .wasm with integrity hashes of its own output.
const indexFile = path.join(staging, 'index.html');
let index = fs.readFileSync(indexFile, 'utf8');
if (!index.includes(jsName)) fail(`index.html does not name ${jsName}`);
index = index.split(jsName).join(glueName);
// The glue imports the loader, so without a preload of its own the loader's request waits for
// the glue's last byte and its parse, and instantiating the .wasm waits for the loader (a
// second round trip: on loopback the .wasm was in at 175 ms and its compilation started at
// 245, tests/site/start.mjs). Preloaded beside the glue (preload-first.mjs moves both to the
// top of <head>), the two come together.
const gluePreload = (index.match(/<link\b[^>]*\brel="?modulepreload"?[^>]*>/g) || []).find((l) => l.includes(glueName));
if (!gluePreload) fail(`index.html has no modulepreload of ${glueName}`);
index = index.replace(gluePreload, `${gluePreload}<link rel="modulepreload" crossorigin href="./${linkJs}">`);
for (const file of [glueName, wasmName]) {
  const sri = 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(staging, file))).digest('base64');
  index = index.replace(new RegExp(`(href="[^"]*${file}"[^>]*integrity=")[^"]*(")`, 'g'), `$1${sri}$2`);
}
fs.writeFileSync(indexFile, index);
fs.rmSync(tmp, { recursive: true, force: true });

const size = (f) => {
  const b = fs.readFileSync(path.join(staging, f));
  return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
};
const kb = (n) => (n / 1024).toFixed(1);
const first = [wasmName, glueName, linkJs].map(size);
const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
console.log(`split-wasm: first download ${kb(sum(first, 'gzip'))} KB gzip (${wasmName} ${kb(first[0].gzip)}, JS ${kb(first[1].gzip + first[2].gzip)})`);
for (const [name, file] of packFiles) {
  const s = size(file);
  console.log(`split-wasm: ${name} ${file} ${kb(s.gzip)} KB gzip (${kb(s.raw)} KB), ${plan.packs.get(name).length} parts${name === FIRST ? "" : `, besides what it shares with the ${FIRST} pack`}`);
}
