// Where the start time goes: loads the built site (DIST, default dist) with DevTools' slow-4G
// emulation and 4x CPU throttling (SLOW=0 for loopback at full speed) and prints each request's
// timing, when the app started (TrunkApplicationStarted) and the first render of the cluster
// view, as bench.mjs measures it. A diagnostic, not a test: `node tests/site/start.mjs`
// (ENCODING=br serves brotli instead of gzip; QUERY=?lang=ko adds a query to the URL).
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { FIRST_RENDER, newStartPage, startTimes } from './start-page.mjs';

const DIST = process.env.DIST || 'dist';
const SLOW = process.env.SLOW !== '0';
const RUNS = Number(process.env.RUNS || 3);
const { server, url } = await serveDist(DIST, '/sandbox/', { encoding: process.env.ENCODING || 'gzip' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'] });
for (let run = 0; run < RUNS; run++) {
  const { context, page } = await newStartPage(browser, FIRST_RENDER, SLOW);
  await page.goto(url + (process.env.QUERY || ""));
  await page.waitForFunction(() => window.__firstRender > 0, null, { timeout: 60_000 });
  const r = await page.evaluate(() => ({
    nav: performance.getEntriesByType('navigation').map((e) => ({ name: 'document', start: e.startTime, resp: e.responseStart, end: e.responseEnd, size: e.encodedBodySize })),
    res: performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: e.startTime, resp: e.responseStart, end: e.responseEnd, size: e.encodedBodySize })),
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    started: window.__started, inDom: window.__inDom,
  }));
  const { first, fcp } = await startTimes(page);
  console.log(`run ${run + 1}${SLOW ? ' (slow 4G + 4x CPU)' : ''}`);
  for (const e of [...r.nav, ...r.res]) {
    console.log(`  ${e.name.padEnd(34)} request ${e.start.toFixed(0).padStart(5)}  first byte ${e.resp.toFixed(0).padStart(5)}  done ${e.end.toFixed(0).padStart(5)} ms  ${(e.size / 1024).toFixed(1)} KB`);
  }
  console.log(`  first contentful paint ${fcp.toFixed(0)}, DOMContentLoaded ${r.dcl.toFixed(0)}, app started ${r.started?.toFixed(0)}, cluster view in DOM ${r.inDom.toFixed(0)}, first render ${first.toFixed(0)} ms`);
  await context.close();
}
await browser.close();
server.close();
