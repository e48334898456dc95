// Screenshots of the built site for a person to look at (not a test): 1280x720 (a projector)
// and 390x844 (a phone), after a controlled shutdown and a crash, with ELR on, and with axe-core's
// accessibility check of the page. `node tests/site/screens.mjs` after `trunk build --release`;
// writes OUT (default test-results/) screen-*.png and prints axe's violations.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDist } from './serve-dist.mjs';

const DIST = process.env.DIST || 'dist';
const OUT = process.env.OUT || 'test-results';
fs.mkdirSync(OUT, { recursive: true });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// axe-core is not a project dependency: AXE=path/to/axe.min.js, or an `npm install axe-core` here.
const axe = fs.readFileSync(process.env.AXE || createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { server, url } = await serveDist(DIST, '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
for (const [w, h] of [[1280, 720], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(url);
  await page.waitForSelector("[data-testid='describe-table'] tbody tr");
  const text = (id) => page.locator(`[data-testid='${id}']`).innerText().then((t) => t.trim());
  await page.click("[data-testid='elr']");
  await page.click("[data-testid='reset']");
  await page.fill("[data-testid='load-rate']", '20');
  await page.click("[data-testid='load-toggle']");
  await page.click("[data-testid='play']");
  for (let i = 0; i < 20; i++) await page.click("[data-testid='step']");
  const leader = await text('leader-orders-0');
  const followers = (await text('replicas-orders-0')).split(',').filter((b) => b !== leader);
  await page.click(`[data-testid='stop-${followers[0]}']`);
  await page.click("[data-testid='step-10s']");
  await page.click(`[data-testid='stop-${followers[1]}']`);
  await page.click(`[data-testid='crash-${leader}']`);
  await page.click("[data-testid='step-10s']");
  await page.screenshot({ path: path.join(OUT, `screen-${w}-top.png`) });
  await page.locator("[data-testid='describe-table']").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUT, `screen-${w}-describe.png`) });
  await page.screenshot({ path: path.join(OUT, `screen-${w}-full.png`), fullPage: true });
  await page.addScriptTag({ content: axe });
  const v = await page.evaluate(async () => (await window.axe.run(document)).violations.map((x) => `${x.id} (${x.impact}): ${x.nodes.length} node(s): ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`));
  console.log(`${w}x${h}: ${v.length} axe violation(s)${v.length ? '\n  ' + v.join('\n  ') : ''}`);
  await page.close();
}
await browser.close();
server.close();
