// Where the page's own code spends its time: V8's sampling profiler over live scenario R, as
// self and inclusive time per function (not a test: it prints figures). Wasm functions have
// names only in a build that keeps them; make one beside dist/ (the shipped code, optimised as
// usual, with its name section: scripts/split-wasm.mjs adds wasm-opt -g) with
//   bash -c 'source scripts/env.sh; KS_WASM_NAMES=1 ks_site trunk build --release --dist target/dist-prof'
//   DIST=target/dist-prof node tests/site/profile.mjs 15
// "(program)" is the browser's own work (style, layout, paint, compositing), "(idle)" is idle.
// Usage: node tests/site/profile.mjs [seconds=15]. Env: DIST (dist), PROFILE_TOP (40),
// PROFILE_CPU (a CPU slowdown for the sampled seconds, e.g. 4).
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
  const self = new Map(); const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] || 0;
    total += d;
    self.set(name(byId.get(id)), (self.get(name(byId.get(id))) || 0) + d);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur));
      if (!seen.has(k)) { seen.add(k); inclusive.set(k, (inclusive.get(k) || 0) + d); }
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms  ${k.slice(0, 160)}`).join('\n');
  console.log(`profile: ${(total / 1000).toFixed(0)} ms sampled\n-- self --\n${top(self)}\n-- inclusive --\n${top(inclusive)}`);
} finally {
  await browser.close();
  server.close();
}
