// Input latency of the built site under load (figures, not a timed test): scenario R (5 brokers,
// 250 partitions at RF 3, 1,000 records/s, a 5-member group) playing at each speed the page
// offers; clicks on a broker's Slow button and hovers over a log strip. Latency = from the
// input event's timestamp to the first animation frame after the page changed in answer
// (what the person sees one paint later), like the browser's INP.
// Usage: node tests/site/latency.mjs [inputs per kind=12] [cpu-throttle=1]
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { setUpScenarioR } from './scenario-r.mjs';

const N = Number(process.argv[2] || 12);
const THROTTLE = Number(process.argv[3] || 1);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const tid = (id) => `[data-testid='${id}']`;

const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
if (THROTTLE > 1) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
}
await page.goto(url);
await setUpScenarioR(page, { retention: true, group: true });

// Arms a one-shot measurement: the next `type` event's timestamp, then the first frame after
// `target` (a selector) changes.
async function arm(type, target) {
  await page.evaluate(([type, target]) => {
    window.__done = null;
    let t0 = null;
    document.addEventListener(type, (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
    const el = document.querySelector(target);
    const mo = new MutationObserver(() => {
      if (t0 === null) return;
      mo.disconnect();
      requestAnimationFrame(() => { window.__done = performance.now() - t0; });
    });
    mo.observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
  }, [type, target]);
}
// The measured latency, or null when the page did not change (a hover that landed on the record
// the inspector already showed, as records slide along the strip while playing).
async function result() {
  try {
    await page.waitForFunction(() => window.__done !== null, null, { timeout: 5000 });
  } catch {
    return null;
  }
  return page.evaluate(() => window.__done);
}
const stats = (all) => {
  const xs = all.filter((x) => x !== null);
  if (xs.length === 0) return 'no answer seen';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const none = all.length - xs.length;
  return `median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms${none ? ` (${none} changed nothing)` : ''}`;
};

console.log(`| speed | clicks (Slow broker 2) | hovers (a log strip) |  (${N} each, CPU ${THROTTLE}x)`);
console.log('|---|---|---|');
for (const speed of ['1', '5', '10', '50']) {
  await page.selectOption(tid('speed'), speed);
  if ((await page.locator(tid('play')).innerText()).includes('Play')) await page.click(tid('play'));
  await page.waitForTimeout(3000);
  const clicks = [];
  const hovers = [];
  const strip = page.locator(".log-strip").first();
  for (let i = 0; i < N; i++) {
    await arm('pointerdown', tid('broker-2'));
    await page.click(tid('slow-2'));
    clicks.push(await result());
    await page.waitForTimeout(150);
    await strip.scrollIntoViewIfNeeded();
    const box = await strip.boundingBox();
    await arm('mousemove', tid('record-details'));
    // Alternate between two cells so every move changes the inspector.
    const x = box.x + box.width - 10 - (i % 2) * 39;
    await page.mouse.move(x, box.y + box.height / 2);
    hovers.push(await result());
    await page.waitForTimeout(150);
  }
  console.log(`| ${speed}x | ${stats(clicks)} | ${stats(hovers)} |`);
}
const clock = await page.locator(tid('clock')).innerText();
console.log(`simulated clock at the end: ${clock}${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`);
await browser.close();
server.close();
