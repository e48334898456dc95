// Diagnostic (prints figures): composited layers of the built site in the perf scenario.
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const tid = (id) => `[data-testid='${id}']`;
try {
  await page.goto(url);
  await page.waitForSelector(tid('cluster-view'));
  const cdp = await page.context().newCDPSession(page);
  let layers = [];
  cdp.on('LayerTree.layerTreeDidChange', (e) => { if (e.layers) layers = e.layers; });
  await cdp.send('LayerTree.enable');
  await page.click(tid('play'));
  await page.waitForTimeout(1500);
  console.log(`layers: ${layers.length}, of which ${layers.filter((l) => l.drawsContent).length} draw content`);
} finally { await browser.close(); server.close(); }
