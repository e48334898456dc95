// Diagnostic (prints figures, not a test): which DOM nodes live R changes, counted over 2 s of
// a MutationObserver (10 ticks at 1x), grouped by the node and its three nearest ancestors.
// Each kind is a layout/paint cost per tick: see the README's Performance section.
// Usage: node tests/site/mutations.mjs   Env: DIST (default dist), PERF_GROUP=1 adds R's group.
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { setUpScenarioR } from './scenario-r.mjs';
const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url);
await setUpScenarioR(page, { retention: false, group: Boolean(process.env.PERF_GROUP) });
await page.waitForTimeout(2000);
const r = await page.evaluate(() => new Promise((res) => {
  const counts = new Map();
  const label = (n) => { let e = n.nodeType === 1 ? n : n.parentElement; const parts = []; for (let i = 0; e && i < 4; i++, e = e.parentElement) parts.push(e.tagName.toLowerCase() + (e.getAttribute('data-testid') ? '[' + e.getAttribute('data-testid').replace(/\d+/g, 'N') + ']' : (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))); return parts.join(' < '); };
  const mo = new MutationObserver((ms) => { for (const m of ms) { const k = m.type + ' ' + (m.attributeName || '') + ' ' + label(m.target); counts.set(k, (counts.get(k) || 0) + 1); } });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  setTimeout(() => { mo.disconnect(); res([...counts].sort((a, b) => b[1] - a[1]).slice(0, 40)); }, 2000);
}));
for (const [k, v] of r) console.log(v, k);
await browser.close(); server.close();
