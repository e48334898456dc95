// Layout and accessibility of the built site with a running scenario, as people use it: an
// instructor at 1280x720 and 1920x1080, a phone at 390x844, a keyboard, a screen reader (axe-core).
// The scenario: a 249-character topic, a consumer group, three producers (one lingering for 20 s,
// with a long client.id; one transactional, with a committed, an aborted and an open transaction),
// a load, one broker stopped and one crashed. Fails on any axe-core violation of serious or critical impact and on the layout
// faults people reported (issue 18). `node tests/site/layout.mjs` after `trunk build --release`;
// SHOTS=dir also writes screenshots there. Prints "N passed, N failed".
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDist } from './serve-dist.mjs';

const DIST = process.env.DIST || 'dist';
const SHOTS = process.env.SHOTS || '';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const axe = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });

const results = [];
async function check(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.message.split('\n').join('\n     ')}`); }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

// Legal: 249 characters of [a-zA-Z0-9._-] (Topic.MAX_NAME_LENGTH).
const LONG = 'customer-events-' + 'x'.repeat(249 - 'customer-events-'.length - 2) + '-1';

const { server, url } = await serveDist(DIST, '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });

async function scenario(page, lang = '') {
  const id = (t) => `[data-testid='${t}']`;
  await page.goto(lang ? `${url}?lang=${lang}` : url);
  await page.waitForSelector(`${id('describe-table')} tbody tr`);
  // A first visit offers the course; this scenario is free play, as an instructor's demo is.
  if (await page.isVisible(id('free-play'))) await page.click(id('free-play'));
  await page.fill(id('topic-name'), LONG);
  await page.fill(id('topic-partitions'), '2');
  await page.click(id('topic-create'));
  await page.waitForSelector(`${id('describe-table')} td:text("${LONG}")`);
  await page.click(id('consumer-add'));
  await page.click(id('consumer-add'));
  // Two producers: one from the Producers panel's form, the Produce form's console-producer.
  await page.fill(id('producer-config-linger-ms'), '20000');
  await page.fill(id('producer-config-client-id'), 'layout-check-' + 'y'.repeat(60));
  await page.click(id('producer-create'));
  await page.selectOption(id('produce-producer'), '1');
  await page.click(id('produce-submit'));
  await page.selectOption(id('produce-producer'), '');
  await page.click(id('produce-submit'));
  // A transactional producer (producer-3): one transaction committed, one aborted, one left open.
  await page.fill(id('producer-config-linger-ms'), '5');
  await page.fill(id('producer-config-client-id'), '');
  await page.fill(id('producer-config-transactional-id'), 'layout-check-tx');
  await page.click(id('producer-create'));
  await page.click(id('txn-init-3'));
  await page.click(id('step-10s'));
  await page.selectOption(id('produce-producer'), '3');
  for (const end of ['txn-commit-3', 'txn-abort-3', '']) {
    await page.click(id('txn-begin-3'));
    await page.click(id('produce-submit'));
    await page.click(id('step'));
    if (!end) break;
    await page.click(id(end));
    for (let i = 0; i < 50 && await page.isDisabled(id('txn-begin-3')); i++) await page.click(id('step'));
  }
  await page.selectOption(id('produce-producer'), '');
  await page.fill(id('load-rate'), '20');
  await page.click(id('load-toggle'));
  for (let i = 0; i < 3; i++) await page.click(id('step-10s'));
  await page.click(id('stop-3'));
  await page.click(id('crash-2'));
  await page.click(id('step-10s'));
}

async function axeCheck(page, label) {
  await page.addScriptTag({ content: axe });
  const v = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${x.id} (${x.impact}): ${x.nodes.length} node(s): ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
  expect(v.length === 0, `${label}: ${v.length} serious or critical axe violation(s):\n${v.join('\n')}`);
}

// Elements wider than their box (text spilling over a neighbour), among those people named.
async function overflowing(page) {
  return page.evaluate(() => {
    const bad = [];
    const sel = ".partition-head, .timeline li, select, table.describe td, .group td, .group th, .broker, .panel, .replica, .producer, .producer td, .producer th, .fates li, .producer-form label, .txn p, .member";
    for (const e of document.querySelectorAll(sel)) {
      if (e.closest('.table-scroll') && e.matches('td, th')) {
        // cells of a scrolling table may not spill into the next cell
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible') bad.push(`${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 30)}`);
        continue;
      }
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible') {
        bad.push(`${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 30)} (${e.scrollWidth} > ${e.clientWidth})`);
      }
    }
    return bad;
  });
}

// Korean (issue 21) at a projector's and a phone's size: longer and shorter words than English
// in every box, the same checks of overflow and accessibility.
for (const [w, h, lang] of [[1280, 720, ''], [1440, 900, ''], [1920, 1080, ''], [390, 844, ''], [1280, 720, 'ko'], [390, 844, 'ko']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const size = lang ? `${w}x${h} ${lang}` : `${w}x${h}`;
  await check(`${size}: the scenario runs (long topic, group, load, broker stopped and crashed)`, async () => {
    await scenario(page, lang);
    expect(errors.length === 0, errors.join('; '));
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    expect(htmlLang === (lang || 'en'), `<html lang="${htmlLang}">`);
  });
  if (lang) {
    await check(`${size}: the page's words are Korean (the timeline and the headings; tool names as typed)`, async () => {
      const texts = await page.$$eval("[data-testid='timeline'] li, h2", (els) => els.map((e) => e.textContent));
      // A heading that is a Kafka tool's command line (kafka-topics.sh --describe) stays as typed.
      const english = texts.filter((t) => !/[\uAC00-\uD7AF]/.test(t) && !/^kafka-[a-z-]+\.sh\b/.test(t.trim()));
      expect(texts.length > 0 && english.length === 0, `not Korean: ${english.slice(0, 5).join(' | ')}`);
    });
  }
  await check(`${size}: no serious or critical accessibility violation (axe-core) while it runs`, () => axeCheck(page, size));
  await check(`${size}: nothing spills out of its box, and the page does not scroll sideways`, async () => {
    const bad = await overflowing(page);
    expect(bad.length === 0, bad.slice(0, 8).join('\n'));
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways <= 0, `the page is ${sideways}px wider than the window`);
  });
  await check(`${size}: the long topic name is available whole (title)`, async () => {
    const titled = await page.locator(`[title="${LONG}"]`).count();
    expect(titled > 0, 'no element carries the whole name as its title');
  });
  await check(`${size}: every replica strip is drawn with room for records`, async () => {
    const widths = await page.$$eval('.log-strip', (cs) => cs.map((c) => c.clientWidth));
    expect(widths.length > 0 && Math.min(...widths) >= 100, `strip widths: ${widths.join(', ')}`);
  });
  if (w >= 1280 && !lang) {
    await check(`${size}: brokers, partitions and the timeline are all on the first screen`, async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      for (const sel of ["[aria-label='Brokers']", '.partition', "[data-testid='timeline'] li"]) {
        const box = await page.locator(sel).first().boundingBox();
        expect(box && box.y + Math.min(box.height, 60) <= h, `${sel} starts at y=${box && box.y} (window ${h})`);
      }
    });
    await check(`${size}: the header keeps its height when Play is pressed`, async () => {
      const header = page.locator('header.top');
      const before = (await header.boundingBox()).height;
      await page.click("[data-testid='play']");
      await page.waitForTimeout(1500);
      const after = (await header.boundingBox()).height;
      await page.click("[data-testid='play']");
      expect(Math.abs(after - before) < 1, `header ${before}px before Play, ${after}px while playing`);
    });
  }
  if (w >= 1280) {
    await check(`${size}: the header is one line (controls and the language switch), the time slider a row under it`, async () => {
      const tops = await page.$$eval('header.top > :not(.scrubber)', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(Math.max(...tops) - Math.min(...tops) < 20, `header items start at y = ${tops.join(', ')}`);
      const slider = await page.$eval('header.top > .scrubber', (e) => e.getBoundingClientRect().top);
      expect(slider > Math.max(...tops) + 20, `the slider row starts at y = ${slider}`);
    });
  }
  if (SHOTS) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `layout-${w}x${h}${lang ? '-' + lang : ''}.png`) });
    await page.screenshot({ path: path.join(SHOTS, `layout-${w}x${h}${lang ? '-' + lang : ''}-full.png`), fullPage: true });
  }
  await page.close();
}

await check('keyboard: a skip link leads past the header, and one tab stop per partition (arrow keys inside)', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForSelector("[data-testid='describe-table'] tbody tr");
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent.trim());
  expect(/skip/i.test(first), `first tab stop is "${first}", not a skip link`);
  const stops = await page.$$eval('.partition', (ps) => ps.map((p) => [...p.querySelectorAll('.log-strip')].filter((c) => c.tabIndex >= 0).length));
  expect(stops.every((n) => n === 1), `tab stops per partition: ${stops.join(', ')}`);
  await page.locator('.partition .log-strip[tabindex="0"]').first().focus();
  await page.keyboard.press('ArrowDown');
  const moved = await page.evaluate(() => {
    const a = document.activeElement;
    const all = [...a.closest('.partition').querySelectorAll('.log-strip')];
    return all.indexOf(a);
  });
  expect(moved === 1, `ArrowDown moved focus to strip ${moved} of the partition`);
  const timelineFocusable = await page.$eval("[data-testid='timeline']", (e) => e.tabIndex >= 0);
  expect(timelineFocusable, 'the timeline cannot take focus');
  await page.close();
});

await browser.close();
server.close();
const failed = results.filter(([, ok]) => !ok).length;
console.log(`layout: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
