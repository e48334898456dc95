// What the first download would lose if some functions moved to a chunk (issue 26): a diagnostic,
// not a test. It splits the hosted build's raw .wasm as scripts/split-wasm.mjs does
// (wasm-split-cli), reads the main module's function sizes and names (before wasm-opt, so the
// sizes are larger than what ships), demangles them (llvm-cxxfilt) and takes binaryen's call
// graph (`wasm-opt --print-call-graph`). From the roots (exports, which include what the chunks
// call, and indirect-call targets) it counts the code each pattern's functions alone reach: cut
// their incoming calls and see what is no longer reachable. Functions reached only through a
// table that the cut code fills stay counted, so the figures are lower bounds; inlined code is
// counted with its caller. In session 28 a lesson's code read 54 KB here and took 18 KB of gzip
// from the first download; the groups' read 35 KB and took 35 KB (their code was inlined into
// `Cluster::step`). Build the site first (`ks_site trunk build --release`), then:
//   node tests/site/main-reach.mjs 'Cluster>::step_groups$' 'ui::presenter'
// With no pattern it prints main's code by crate (and with MODULES=1 the app's by module; MODULES=<regex> adds the largest functions matching it). Env: WASM (the raw .wasm; default the
// site profile's), DEBUG=1 (the counts read). Needs wasm-split-cli (scripts/setup.sh), binaryen
// (npm ci) and llvm-cxxfilt (Debian's llvm).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const raw = process.env.WASM || path.join(root, 'target/wasm32-unknown-unknown/site/kafka-sandbox.wasm');
if (!fs.existsSync(raw)) throw new Error(`no ${raw}: build the hosted site first (ks_site trunk build --release)`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-reach-'));
execFileSync('wasm-split-cli', [raw, tmp, '--out-name', 'main'], { stdio: 'ignore' });
const main = path.join(tmp, 'main.wasm');

// Function bodies' sizes and the name section's names, in index order after the imports.
const b = fs.readFileSync(main);
let p = 8;
const u = () => { let r = 0; let s = 0; let x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
let imports = 0; const sizes = []; const names = new Map();
while (p < b.length) {
  const id = b[p++]; const len = u(); const end = p + len;
  if (id === 2) {
    for (let n = u(), i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) { const l = u(); p += l; } // module and field names
      const kind = b[p++];
      if (kind === 0) { u(); imports++; } else if (kind === 1) { p++; if (b[p++] & 1) { u(); u(); } else u(); } else if (kind === 2) { if (b[p++] & 1) { u(); u(); } else u(); } else if (kind === 3) p += 2;
    }
  } else if (id === 10) {
    for (let n = u(), i = 0; i < n; i++) { const l = u(); sizes.push(l); p += l; }
  } else if (id === 0) {
    const nl = u(); const custom = b.slice(p, p + nl).toString(); p += nl;
    if (custom === 'name') {
      while (p < end) {
        const sub = b[p++]; const sl = u(); const se = p + sl;
        if (sub === 1) for (let n = u(), i = 0; i < n; i++) { const idx = u(); const l = u(); names.set(idx, b.slice(p, p + l).toString()); p += l; }
        p = se;
      }
    }
  }
  p = end;
}
const mangled = sizes.map((_, i) => names.get(i + imports) || `f${i + imports}`);
const demangled = execFileSync('llvm-cxxfilt', { input: mangled.join('\n'), maxBuffer: 1 << 28 }).toString().split('\n');
const size = new Map(mangled.map((m, i) => [m, sizes[i]]));
const shown = new Map(mangled.map((m, i) => [m, demangled[i] || m]));

// binaryen's call graph: direct calls, exports (gray) and indirect targets (rounded) as roots.
const wasmOpt = path.join(root, 'node_modules/binaryen/bin/wasm-opt');
const dot = execFileSync(wasmOpt, [main, '--print-call-graph', '-o', os.devNull], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
const calls = new Map(); const roots = new Set();
for (const line of dot.split('\n')) {
  let m = /^\s*"([^"]+)" -> "([^"]+)"; \/\/ call/.exec(line);
  if (m) { if (!calls.has(m[1])) calls.set(m[1], []); calls.get(m[1]).push(m[2]); continue; }
  m = /^\s*"([^"]+)" \[style="filled(?:, rounded)?", fillcolor="gray"\]/.exec(line) || /^\s*"([^"]+)" \[style="filled, rounded"\]/.exec(line);
  if (m) roots.add(m[1]);
}
fs.rmSync(tmp, { recursive: true, force: true });

if (process.env.DEBUG) console.log({ roots: roots.size, callers: calls.size, functions: size.size, imports, named: names.size });
const described = (f) => /__wbindgen_describe/.test(f);
const reach = (cut) => {
  const seen = new Set(); const todo = [...roots].filter((f) => !cut(f));
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    for (const g of calls.get(f) || []) if (!seen.has(g) && !cut(g)) todo.push(g);
  }
  return [...seen].reduce((s, f) => s + (described(f) ? 0 : size.get(f) || 0), 0);
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const all = reach(() => false);
console.log(`main module before wasm-opt: ${kb(all)} of code reachable (wasm-bindgen's descriptors aside)`);
const patterns = process.argv.slice(2);
if (patterns.length === 0) {
  const byCrate = new Map();
  for (const [m, s] of size) {
    if (described(m)) continue;
    const crate = (/^<?&?(?:mut |dyn )?([A-Za-z_][A-Za-z0-9_]*)::/.exec(shown.get(m).replace(/\[[0-9a-f]+\]/g, '')) || [, '(other)'])[1];
    byCrate.set(crate, (byCrate.get(crate) || 0) + s);
  }
  for (const [c, s] of [...byCrate].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`  ${kb(s).padStart(9)}  ${c}`);
  // MODULES=1: the app's own code by module (a function's own size, where its name says it lives).
  if (process.env.MODULES) {
    const byModule = new Map();
    for (const [m, s] of size) {
      const mod = /kafka_sandbox::(?:ui::)?[a-z_0-9]+/.exec(shown.get(m));
      if (mod) byModule.set(mod[0], (byModule.get(mod[0]) || 0) + s);
    }
    for (const [c, s] of [...byModule].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(`  ${kb(s).padStart(9)}  ${c}`);
    // MODULES=<regex>: that module's largest functions.
    if (process.env.MODULES !== '1') {
      const rx = new RegExp(process.env.MODULES);
      const fns = [...size].filter(([m]) => rx.test(shown.get(m))).sort((x, y) => y[1] - x[1]).slice(0, 25);
      for (const [m, s] of fns) console.log(`  ${kb(s).padStart(9)}  ${shown.get(m).replace(/::h[0-9a-f]{16}$/, '').slice(0, 160)}`);
    }
  }
}
for (const pattern of patterns) {
  const rx = new RegExp(pattern);
  console.log(`  -${kb(all - reach((f) => rx.test(shown.get(f) || f))).padStart(9)}  ${pattern}`);
}
