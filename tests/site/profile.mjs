// Where the page's own code spends its time: V8's sampling profiler over live scenario R, as
// self and inclusive time per function (not a test: it prints figures). Wasm functions have
// names only in a build that keeps them; make one beside dist/ (the shipped code, optimised as
// usual, with its name section: scripts/split-wasm.mjs adds wasm-opt -g) with
//   bash -c 'source scripts/env.sh; KS_WASM_NAMES=1 ks_site trunk build --release --dist target/dist-prof'
//   DIST=target/dist-prof node tests/site/profile.mjs 15
// "(program)" is the browser's own work (style, layout, paint, compositing), "(idle)" is idle.
// Usage: node tests/site/profile.mjs [seconds=15]. Env: DIST (dist), PROFILE_TOP (40),
// PROFILE_CPU (a CPU slowdown for the sampled seconds, e.g. 4), PROFILE_CALLERS=regex (where
// the functions matching it are called from: the callers' chains, PROFILE_DEPTH deep (6), by
// the time spent in them, the Rust names demangled), PROFILE_UNDER=regex (the self and inclusive
// tables of only the samples under a function matching it).
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { setUpScenarioR } from './scenario-r.mjs';

const SECONDS = Number(process.argv[2] || 15);
const TOP = Number(process.env.PROFILE_TOP || 40);
const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await setUpScenarioR(page);
  await page.waitForTimeout(8000); // the group's first rebalance settles
  const cdp = await page.context().newCDPSession(page);
  if (process.env.PROFILE_CPU) await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.PROFILE_CPU) });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(SECONDS * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
  /** Rust names demangled (llvm-cxxfilt, Debian's llvm), without their generic arguments and
   * closures' suffixes; anything else as it is. */
  const demangled = new Map();
  const short = (s) => {
    if (!s.startsWith('_R')) return s;
    if (!demangled.has(s)) {
      let d = s;
      try { d = execFileSync('llvm-cxxfilt', [s], { encoding: 'utf8' }).trim(); } catch { /* as it is */ }
      let flat = '';
      for (let depth = 0, i = 0; i < d.length; i++) { // drop <...> generic arguments
        if (d[i] === '<' && /[\w>]$/.test(flat)) depth++;
        else if (d[i] === '>' && depth > 0) depth--;
        else if (depth === 0) flat += d[i];
      }
      demangled.set(s, flat.replace(/^</, '').slice(-120));
    }
    return demangled.get(s);
  };
  const self = new Map(); const inclusive = new Map();
  let total = 0;
  const under = process.env.PROFILE_UNDER && new RegExp(process.env.PROFILE_UNDER);
  const isUnder = (id) => { for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (under.test(name(byId.get(cur)))) return true; return false; };
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] || 0;
    if (under && !isUnder(id)) return;
    total += d;
    self.set(name(byId.get(id)), (self.get(name(byId.get(id))) || 0) + d);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur));
      if (!seen.has(k)) { seen.add(k); inclusive.set(k, (inclusive.get(k) || 0) + d); }
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms  ${short(k).slice(0, 160)}`).join('\n');
  console.log(`profile: ${(total / 1000).toFixed(0)} ms sampled\n-- self --\n${top(self)}\n-- inclusive --\n${top(inclusive)}`);
  if (process.env.PROFILE_CALLERS) {
    const want = new RegExp(process.env.PROFILE_CALLERS);
    const depth = Number(process.env.PROFILE_DEPTH || 6);
    const chains = new Map();
    profile.samples.forEach((id, i) => {
      const path = [];
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) path.push(name(byId.get(cur)));
      const at = path.findIndex((k) => want.test(k));
      if (at < 0) return;
      const key = path.slice(at, at + 1 + depth).map(short).join(' < ');
      chains.set(key, (chains.get(key) || 0) + (profile.timeDeltas[i] || 0));
    });
    console.log(`-- callers of /${process.env.PROFILE_CALLERS}/ --\n${top(chains)}`);
  }
} finally {
  await browser.close();
  server.close();
}
