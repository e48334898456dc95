// What the site checks share: headless Chromium as CI runs it, named checks that print "ok" or
// "FAIL" with the reason, and the closing "<suite>: N passed, N failed" line and exit code.
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });

// The built site (DIST, default dist/) served at /sandbox/, a browser and a context at
// `viewport`; `newPage()` opens a page whose errors are collected in `problems`.
export async function openSite(viewport = { width: 1280, height: 900 }) {
  const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
  const browser = await launch();
  const context = await browser.newContext({ viewport });
  const problems = [];
  const newPage = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return page;
  };
  return { server, url, browser, context, problems, newPage };
}

const results = [];

export async function check(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.message}`); }
}

export function expect(cond, msg) { if (!cond) throw new Error(msg); }

/// Prints the suite's line and exits 0 only when every check passed.
export function finish(suite) {
  const passed = results.filter((r) => r[1]).length;
  console.log(`${suite}: ${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}

/// What the page says, panel by panel: the texts a reader sees (the share and rewind checks
/// compare two moments or two pages with it).
export const panelTexts = (page) => page.evaluate(() => {
  const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText.replace(/\s+/g, ' ').trim());
  return {
    clock: text("[data-testid='clock']"),
    brokers: text('.broker-name, .broker-status, .broker-leads'),
    describe: text("[data-testid='describe-table']"),
    partitions: text('.partition-head'),
    groups: text('.group-table, .group-head, .members'),
    timeline: text("[data-testid='timeline'] li"),
    producers: text('.producer'),
  };
});
