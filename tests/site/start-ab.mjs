// Start time of two builds of the site, A and B, measured in turn (A B A B ...) so that the
// machine's drift falls on both alike: loopback, and slow 4G + 4x CPU. Not a test: it prints
// the medians, of the first rendered frame and of the first contentful paint (the static first
// view). Usage: node tests/site/start-ab.mjs DIST_A DIST_B [RUNS]; ENCODING=br serves brotli,
// QUERY=?lang=ko adds a query to the URL.
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { FIRST_RENDER, newStartPage, startTimes } from './start-page.mjs';

const [distA, distB, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 7);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const encoding = { encoding: process.env.ENCODING || 'gzip' };
const a = await serveDist(distA, '/sandbox/', encoding);
const b = await serveDist(distB, '/sandbox/', encoding);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
async function once(url, slow) {
  const { context, page } = await newStartPage(browser, FIRST_RENDER, slow);
  await page.goto(url + (process.env.QUERY || ""));
  await page.waitForFunction(() => window.__firstRender > 0, null, { timeout: 60_000 });
  const t = await startTimes(page);
  await context.close();
  return t;
}
for (const slow of [false, true]) {
  const ta = []; const tb = [];
  for (let i = 0; i < RUNS; i++) { ta.push(await once(a.url, slow)); tb.push(await once(b.url, slow)); }
  const f = (xs) => `median ${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;
  const at = (xs, k) => xs.map((x) => x[k]);
  console.log(`${slow ? 'slow 4G + 4x CPU' : 'loopback'}: A ${f(at(ta, 'first'))}; B ${f(at(tb, 'first'))}`);
  console.log(`  first contentful paint: A ${f(at(ta, 'fcp'))}; B ${f(at(tb, 'fcp'))}`);
}
await browser.close();
a.server.close(); b.server.close();
