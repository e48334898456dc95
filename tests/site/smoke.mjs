// Browser checks of the built site (dist/ from `trunk build --release`): serves it under a
// sub-path on loopback, loads it in headless Chromium and drives it with real clicks.
// Prints the gzip sizes of the .wasm and JS glue, and "N passed, N failed".
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { parts, totals } from './parts.mjs';
import { serveDist } from './serve-dist.mjs';

const DIST = process.env.DIST || 'dist';
const OUT = process.env.OUT || 'test-results';
const SCREENSHOT = process.env.SCREENSHOT || path.join(OUT, 'failover.png');
fs.mkdirSync(OUT, { recursive: true });

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];


const results = [];
async function check(name, fn) {
  // ONLY=text runs the checks whose name contains it (while working on one).
  if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.message}`); }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

/** Up to 8 trials, until 3 count: the page scrolled to its top for 700 ms while time runs, then
 * the element `target` picks (`css`, its `last` match or its first; its `section` or itself
 * scrolled into view at `block`) brought back, counting the clock's changes (ticks) and the ms
 * until the element changes. A trial counts only if the element was behind the clock as it
 * came back: if it changed after the clock's last change, it already shows the latest tick and
 * has nothing to catch up (seen in CI: the events away ended "…cccL", then 3 ticks). */
async function catchUpTrials(bench, target) {
  const lags = [];
  let current = 0;
  for (let i = 0; i < 8 && lags.length < 3; i++) {
    await bench.evaluate((t) => {
      const all = document.querySelectorAll(t.css);
      const watch = (el, mark) => {
        const o = new MutationObserver(() => window.__ksAway.push(mark));
        o.observe(el, { characterData: true, childList: true, subtree: true });
        return o;
      };
      window.__ksAway = [];
      window.__ksAwayObservers = [watch(document.querySelector("[data-testid='clock']"), 'c'), watch(t.last ? all[all.length - 1] : all[0], 'L')];
      window.scrollTo(0, 0);
    }, target);
    await bench.waitForTimeout(700);
    const lag = await bench.evaluate((t) => new Promise((done) => {
      window.__ksAwayObservers.forEach((o) => o.disconnect());
      // The clock changes in a tick's first frames, the element in later ones: it followed the latest tick if it changed last.
      const behind = window.__ksAway.lastIndexOf('c') > window.__ksAway.lastIndexOf('L');
      const all = document.querySelectorAll(t.css);
      const el = t.last ? all[all.length - 1] : all[0];
      const clock = document.querySelector("[data-testid='clock']");
      const t0 = performance.now();
      let ticks = 0;
      const c = new MutationObserver(() => ticks++);
      c.observe(clock, { characterData: true, childList: true, subtree: true });
      const o = new MutationObserver(() => { o.disconnect(); c.disconnect(); done({ behind, ticks, ms: performance.now() - t0 }); });
      o.observe(el, { characterData: true, childList: true, subtree: true });
      (t.section ? el.closest('section') : el).scrollIntoView({ block: t.block });
      setTimeout(() => { o.disconnect(); c.disconnect(); done({ behind, ticks: Infinity, ms: Infinity }); }, 4000);
    }), target);
    if (lag.behind) lags.push(lag); else current++;
  }
  return { lags, current };
}

const { server, url } = await serveDist(DIST, '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
page.on('request', (r) => { if (!r.url().startsWith(url)) problems.push(`off-site request: ${r.url()}`); });
const fetched = [];
page.on('request', (r) => fetched.push(r.url().split('/').pop()));
const text = (id) => page.locator(`[data-testid='${id}']`).innerText().then((t) => t.trim());
// Clicks Step (0.1 s) until `done()` holds, at most 50 times: a record waits in its producer's
// batch (linger.ms) and in flight before it is in the log and acknowledged.
async function stepUntil(done, what) {
  for (let i = 0; i < 50; i++) {
    if (await done()) return;
    await page.click("[data-testid='step']");
  }
  expect(await done(), `not within 5 simulated seconds: ${what}`);
}

/** The split build's chunk whose name matches `re` (none where the build is not split). */
const chunkNamed = (re) => fs.readdirSync(DIST).find((f) => re.test(f));
/** As `chunkNamed`, checking that the first page fetched it exactly once. */
function fetchedOnce(re) {
  const chunk = chunkNamed(re);
  const n = fetched.filter((f) => f === chunk).length;
  if (chunk) expect(n === 1, `the first page fetched ${chunk} ${n} times`);
  return chunk;
}
/** A new page on which `chunk` fails to download until `serve()`; then it comes after `delayMs`. */
async function pageFailing(chunk, delayMs) {
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  let failing = true;
  await p.route(`**/${chunk}`, (r) => (failing ? r.fulfill({ status: 404, body: '' }) : setTimeout(() => r.continue(), delayMs)));
  return { p, errors, serve: () => { failing = false; } };
}

try {
  /** The load's and the producer's counts, and each card's HW against the describe table's (R). */
  const pacedCounts = (bench) => bench.evaluate(() => {
    const n = (s, re) => (s.match(re) || [])[1];
    const load = document.querySelector("[data-testid='load-stats']").textContent;
    const producer = document.querySelector("[data-testid='producer-stats-1']").textContent;
    const cards = [...document.querySelectorAll("[data-testid^='partition-bench-']")].map((c) => n(c.textContent, /HW (\d+)/));
    const table = [...document.querySelectorAll("[data-testid^='partition-bench-']")]
      .map((c) => document.querySelector(`[data-testid='hw-${c.dataset.testid.slice('partition-'.length)}']`)?.textContent);
    return { load: [n(load, /([\d,]+) sent/), n(load, /([\d,]+) acknowledged/)], producer: [n(producer, /sent ([\d,]+)/), n(producer, /acknowledged ([\d,]+)/)], cards, table };
  });
  /** Whether every view shows the same tick (`pacedCounts`). */
  const countsAgree = (c) => c.load.join() === c.producer.join() && c.cards.length === 12 && c.cards.join() === c.table.join();
  /** Pauses `bench` and waits up to 3 s for every view to show one tick: the last counts read. */
  const pauseAndSettle = async (bench) => {
    await bench.click("[data-testid='play']");
    await bench.waitForFunction(() => document.querySelector("[data-testid='play']").textContent.trim() === 'Play', null, { timeout: 10000 });
    let c = await pacedCounts(bench);
    for (let i = 0; i < 30 && !countsAgree(c); i++) {
      await bench.waitForTimeout(100);
      c = await pacedCounts(bench);
    }
    return c;
  };

  await check('the release site loads from a sub-path and renders the cluster view', async () => {
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    console.log(`     first render ${Date.now() - t0} ms after navigation`);
    for (const b of [1, 2, 3]) expect((await text(`broker-status-${b}`)) === 'running', `broker ${b} not running`);
    // The describe table is below the first screen: it comes with the panels' and the groups' chunks, fetched once the page is drawn.
    await page.waitForSelector("[data-testid='describe-table'] tbody tr", { timeout: 20000 });
    expect((await page.locator("[data-testid='describe-table'] tbody tr").count()) === 3, 'describe table has 3 rows');
  });

  await check('the start downloads no code it does not use: the terminal\'s and the bytes view\'s chunks wait to be used (the lessons\' is fetched ahead once the course list and the panels are drawn: lessons.mjs)', async () => {
    // Where the build is split (scripts/split-wasm.mjs); an unsplit build has no chunks.
    const chunks = parts(DIST).filter((p) => !p.first).map((p) => p.file);
    if (chunks.length === 0) return;
    await page.waitForTimeout(1000);
    const early = fetched.filter((f) => /^split_(terminal|bytes)-/.test(f));
    expect(early.length === 0, `fetched at start: ${early.join(', ')}`);
    await page.locator('#terminal-input').focus();
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /split_terminal-/.test(e.name)), null, { timeout: 10000 });
    expect(fetched.some((f) => /^split_terminal-/.test(f)), 'focusing the terminal did not fetch its chunk');
  });

  await check('the start\'s code is requested with the first bytes of index.html: the .wasm, its JS glue and every module the glue imports are preloaded at the top of <head>, so none waits for another\'s download', async () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const head = html.slice(0, html.search(/<(style|script)\b/i));
    const preloaded = [...head.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((l) => /\brel="?(modulepreload|preload)"?/.test(l)).map((l) => l.match(/\bhref="?\.\/([^"\s>]+)/)?.[1]);
    const glue = preloaded.find((f) => /^kafka-sandbox-[0-9a-f]+\.js$/.test(f));
    expect(glue && preloaded.some((f) => /_bg\.wasm$/.test(f)), `preloaded before the first style or script: ${preloaded.join(', ')}`);
    // The glue's static imports (a split build's chunk loader): fetched only once the glue is
    // parsed unless preloaded, and the .wasm's instantiation waits for them.
    const imports = [...new Set([...fs.readFileSync(path.join(DIST, glue), 'utf8').matchAll(/\bfrom\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]))];
    const waiting = imports.filter((f) => !preloaded.includes(f));
    expect(waiting.length === 0, `the glue imports ${waiting.join(', ')} without a preload`);
  });

  await check('an English page fetches the 2-KB font of the language switch\'s "한국어", not the Korean font; a Korean page\'s first view fetches its own small face, and the large one only once the .wasm has arrived', async () => {
    expect(fetched.includes('sandbox-kr-names.woff2'), `the names' font was not fetched: ${fetched.filter((f) => f.endsWith('.woff2'))}`);
    expect(!fetched.includes('sandbox-kr.woff2'), 'an English page fetched the Korean font');
    expect(!fetched.includes('sandbox-kr-first.woff2'), 'an English page fetched the Korean first view\'s font');
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const fonts = [];
    p.on('request', (r) => { if (r.url().endsWith('.woff2')) fonts.push(r.url().split('/').pop()); });
    // The .wasm held back for 2 s: the first view is all there is meanwhile.
    let release;
    const held = new Promise((r) => { release = r; });
    await p.route(/kafka-sandbox-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await p.goto(`${url}?lang=ko`);
    await p.waitForFunction(() => [...document.fonts].some((f) => /Sandbox KR/.test(f.family) && f.status === 'loaded'), null, { timeout: 10000 });
    await p.waitForTimeout(1500);
    const duringFirstView = [...fonts];
    release();
    await p.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    await p.waitForFunction(() => document.fonts.status === 'loaded' && [...document.fonts].some((f) => f.status === 'loaded'), null, { timeout: 10000 });
    await p.close();
    expect(duringFirstView.includes('sandbox-kr-first.woff2'), `the Korean first view did not fetch its face: ${duringFirstView}`);
    expect(!duringFirstView.includes('sandbox-kr.woff2'), `the Korean first view fetched the large face beside the .wasm: ${duringFirstView}`);
    expect(fonts.includes('sandbox-kr.woff2'), `a Korean page did not fetch the Korean font: ${fonts}`);
    // A machine with a Korean font downloads none: this one has NanumGothic (scripts/setup.sh
    // installs fonts-nanum), named here where the CSS names the systems' Korean fonts.
    const q = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const withFont = [];
    q.on('request', (r) => { if (r.url().endsWith('.woff2')) withFont.push(r.url().split('/').pop()); });
    await q.route(/\/sandbox\/(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/--ko-system:\s*"Apple SD Gothic Neo"/, '--ko-system:"NanumGothic","Apple SD Gothic Neo"');
      await route.fulfill({ response, body, headers: { ...response.headers(), 'content-encoding': 'identity' } });
    });
    await q.goto(`${url}?lang=ko`);
    await q.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    await q.waitForTimeout(1500);
    const named = await q.evaluate(() => getComputedStyle(document.body).fontFamily);
    await q.close();
    expect(named.includes('NanumGothic'), `the CSS was not changed: ${named}`);
    expect(withFont.length === 0, `a Korean page on a machine with a Korean font downloaded: ${withFont}`);
  });

  await check('a producer that compresses waits for the codecs\' chunk: a failed download says why and starts nothing, the next try starts it', async () => {
    const chunk = chunkNamed(/^split_bytes-[0-9a-f]+\.wasm$/);
    if (!chunk) return;
    // The retry's download takes 1.5 s: the form says what it waits for meanwhile.
    const { p, serve } = await pageFailing(chunk, 1500);
    const got = [];
    p.on('request', (r) => { if (r.url().endsWith(chunk)) got.push(r.url()); });
    await p.goto(`${url}?lang=en`);
    await p.waitForSelector("[data-testid='producer-create']", { timeout: 20000 });
    await p.waitForTimeout(500);
    expect(got.length === 0, 'the start fetched the codecs');
    // Only what differs from the defaults is passed: linger.ms alone needs no codec.
    await p.fill("[data-testid='producer-config-linger-ms']", '10');
    await p.click("[data-testid='producer-create']");
    await p.waitForFunction(() => document.querySelector("[data-testid='producer-create-message']").textContent.includes('producer-1'));
    expect(got.length === 0, 'a producer without compression fetched the codecs');
    await p.fill("[data-testid='producer-config-compression-type']", 'zstd');
    await p.click("[data-testid='producer-create']");
    await p.waitForFunction(() => /download/.test(document.querySelector("[data-testid='producer-create-message']").textContent), null, { timeout: 10000 });
    expect((await p.locator("[data-testid='producer-2']").count()) === 0, 'a producer started without its codec');
    serve();
    await p.click("[data-testid='producer-create']");
    const waiting = await p.locator("[data-testid='producer-create-message']").innerText();
    expect(waiting.startsWith("Loading Kafka's codecs"), `while the codecs download: ${waiting}`);
    await p.waitForFunction(() => document.querySelector("[data-testid='producer-create-message']").textContent.includes('producer-2'), null, { timeout: 10000 });
    const config = await p.locator("[data-testid='producer-config-2']").innerText();
    expect(config.includes('compression.type=zstd'), `producer-2's config: ${config}`);
    expect(got.length === 2, `the codecs were requested ${got.length} times (one failure, one download)`);
    await p.close();
  });

  await check('the words are data: the page\'s language\'s fetched once as the page opens, another only when switched to, a failed download falls back to English, and with no words the first view says so', async () => {
    // Where they are data (scripts/catalogues.mjs, the split build); elsewhere built in.
    const words = (lang) => fs.readdirSync(DIST).find((f) => new RegExp(`^locales-${lang}-[0-9a-f]+\\.txt$`).test(f));
    const [enFile, koFile] = [words('en'), words('ko')];
    if (!enFile || !koFile) return;
    expect(fetched.filter((f) => f === enFile).length === 1 && !fetched.includes(koFile), `the English start fetched ${fetched.filter((f) => f.startsWith('locales-')).join(', ')}`);
    const skip = (p) => p.locator('.skip-link').first().innerText();
    const open = async (query, failing = [], mounts = true, slow = []) => {
      const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const got = { en: 0, ko: 0 };
      p.on('request', (r) => { if (r.url().endsWith(enFile)) got.en++; if (r.url().endsWith(koFile)) got.ko++; });
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      for (const f of failing) await p.route(`**/${f}`, (r) => r.fulfill({ status: 404, body: '' }));
      for (const f of slow) await p.route(`**/${f}`, async (r) => { await new Promise((z) => setTimeout(z, 1500)); await r.continue(); });
      await p.goto(url + query);
      if (mounts) await p.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
      return { p, got, errors };
    };
    // Opened in Korean: index.html's request is the one the app takes (not a second), and no
    // English words are downloaded (every key is in both catalogues: nothing falls back).
    const ko = await open('?lang=ko');
    expect((await skip(ko.p)) === '클러스터로 건너뛰기', `?lang=ko shows: ${await skip(ko.p)}`);
    expect(await ko.p.evaluate(() => document.documentElement.lang) === 'ko', '<html lang> is not ko');
    expect(ko.got.ko === 1 && ko.got.en === 0, `a Korean start fetched ${JSON.stringify(ko.got)}`);
    // Switched to English: fetched then, and the page follows.
    await ko.p.selectOption("[data-testid='language']", 'en');
    await ko.p.waitForFunction(() => document.querySelector('.skip-link').textContent === 'Skip to the cluster', null, { timeout: 10000 });
    expect(ko.got.en === 1 && ko.got.ko === 1, `after the switch to English: ${JSON.stringify(ko.got)}`);
    await ko.p.close();
    // Words that arrive after the app has started: it waits for them behind the first view.
    const late = await open('?lang=en', [], true, [enFile]);
    expect(late.got.en === 1 && (await skip(late.p)) === 'Skip to the cluster' && late.errors.length === 0, `late words: ${JSON.stringify(late.got)} ${late.errors.join('; ')}`);
    await late.p.close();
    // Switched to Korean: fetched then, and the page follows.
    const en = await open('?lang=en');
    expect(en.got.en === 1 && en.got.ko === 0 && (await skip(en.p)) === 'Skip to the cluster', 'the English page');
    await en.p.selectOption("[data-testid='language']", 'ko');
    await en.p.waitForFunction(() => document.querySelector('.skip-link').textContent === '클러스터로 건너뛰기', null, { timeout: 10000 });
    expect(en.got.ko === 1 && (await en.p.locator("[data-testid='language-status']").innerText()) === '', 'after the switch');
    await en.p.close();
    // A failed download: the page opened in Korean starts in English; a switch says why and stays.
    const down = await open('?lang=ko', [koFile]);
    expect((await skip(down.p)) === 'Skip to the cluster', `without its words the page shows: ${await skip(down.p)}`);
    await down.p.selectOption("[data-testid='language']", 'ko');
    await down.p.waitForFunction(() => document.querySelector("[data-testid='language-status']").textContent.includes('could not be loaded'), null, { timeout: 10000 });
    expect((await down.p.inputValue("[data-testid='language']")) === 'en', 'the switch shows the page\'s language again');
    expect((await skip(down.p)) === 'Skip to the cluster' && down.errors.length === 0, `errors: ${down.errors.join('; ')}`);
    await down.p.close();
    // No words at all: the first view (in the page's language) says so and offers a reload.
    for (const [query, text, button] of [['?lang=en', 'could not be downloaded', 'Reload the page'], ['?lang=ko', '문구를 불러오지 못했습니다', '페이지 다시 불러오기']]) {
      const none = await open(query, [enFile, koFile], false);
      const alert = none.p.getByRole('alert').filter({ hasText: text });
      await alert.waitFor({ timeout: 20000 });
      expect(await none.p.getByRole('button', { name: button }).isVisible(), `${query}: no "${button}" button`);
      expect((await none.p.locator('#first-view-progress').count()) === 0, `${query}: the download's bar is still there`);
      expect((await none.p.locator("[data-testid='cluster-view']").count()) === 0, `${query}: a page without words was mounted`);
      expect(none.errors.length === 0, `${query}: errors: ${none.errors.join('; ')}`);
      await none.p.close();
    }
  });

  await check('the panels below the first screen are a chunk fetched once the page is mounted; a failed download says why and its button tries again', async () => {
    // Where the build is split (src/ui/later.rs, scripts/split-wasm.mjs).
    const chunk = fetchedOnce(/^split_panels-[0-9a-f]+\.wasm$/);
    if (!chunk) return;
    // The retry's download takes 1.5 s: the form says what it waits for meanwhile.
    const { p, errors, serve } = await pageFailing(chunk, 1500);
    await p.goto(url);
    await p.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    // The first screen works without it: brokers, partitions, the lesson, Step.
    await p.waitForSelector('#later-failed', { timeout: 10000 });
    expect((await p.locator("[data-testid='broker-status-1']").innerText()) === 'running', 'the brokers are not drawn');
    expect(await p.locator("[data-testid='describe-table']").count() === 0, 'the describe table is drawn without its code');
    const alert = await p.getByRole('alert').filter({ hasText: 'could not be downloaded' }).count();
    expect(alert === 1, `alerts saying so: ${alert}`);
    const skip = () => p.locator('a.skip-link[href="#timeline"]').count();
    expect(await skip() === 0, 'a skip link leads to the timeline, which is not there');
    serve();
    await p.getByRole('button', { name: 'Download the rest of the page again' }).click();
    await p.waitForSelector("[data-testid='describe-table']", { timeout: 10000 });
    await p.waitForSelector("[data-testid='timeline']", { timeout: 10000 });
    expect(await p.locator('.later').count() === 0, 'a status line stayed after the panels came');
    // The panels are mounted one per frame (src/ui/later.rs): the link comes once all are.
    await p.locator('a.skip-link[href="#timeline"]').waitFor({ state: 'attached', timeout: 10000 });
    expect(await skip() === 1, 'no skip link to the timeline once it is there');
    await p.locator('a.skip-link[href="#timeline"]').focus();
    await p.keyboard.press('Enter');
    const at = await p.evaluate(() => document.activeElement?.id);
    expect(at === 'timeline', `the skip link moved focus to ${at}`);
    expect(errors.length === 0, `errors: ${errors.join('; ')}`);
    await p.close();
  });

  await check('the cluster\'s tick is a chunk fetched once the page is mounted; until it is here Play and the steps wait, and a failed download says why and the retry brings it', async () => {
    // Where the build is split (src/chunks.rs `load_ticks`, engine/src/cluster/tick_code.rs).
    const chunk = fetchedOnce(/^split_ticks-[0-9a-f]+\.wasm$/);
    if (!chunk) return;
    const { p, errors, serve } = await pageFailing(chunk, 0);
    await p.goto(url);
    await p.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    await p.waitForSelector('#later-failed', { timeout: 10000 });
    for (const name of ['Play', 'Step 0.1 s', '+10 s']) {
      const b = p.getByRole('button', { name, exact: true });
      expect(await b.isDisabled(), `${name} is enabled without the tick's code`);
    }
    // The first screen answers meanwhile: a broker stops (a command, not a tick).
    await p.getByRole('button', { name: 'Stop broker 2' }).click();
    await p.waitForFunction(() => document.querySelector("[data-testid='broker-status-2']")?.textContent.trim() !== 'running', null, { timeout: 5000 });
    expect((await p.locator("[data-testid='clock']").innerText()) === '0.0 s', 'time moved without the tick');
    serve();
    await p.getByRole('button', { name: 'Download the rest of the page again' }).click();
    await p.waitForFunction(() => !document.querySelector("[data-testid='step-10s']").disabled, null, { timeout: 10000 });
    await p.click("[data-testid='step-10s']");
    const clock = await p.locator("[data-testid='clock']").innerText();
    expect(clock === '10.0 s', `the clock after +10 s: ${clock}`);
    expect(errors.length === 0, `errors: ${errors.join('; ')}`);
    await p.close();
  });

  await check('the consumer groups\' code is a chunk fetched with the panels; while it fails the panels wait and say why, and the retry brings both', async () => {
    // Where the build is split (src/chunks.rs `load_groups`, engine/src/cluster/groups/code.rs).
    const chunk = fetchedOnce(/^split_groups-[0-9a-f]+\.wasm$/);
    if (!chunk) return;
    const { p, errors, serve } = await pageFailing(chunk, 0);
    await p.goto(url);
    await p.waitForSelector("[data-testid='cluster-view']", { timeout: 20000 });
    await p.waitForSelector('#later-failed', { timeout: 10000 });
    expect(await p.locator("[data-testid='consumer-add']").count() === 0, 'the consumer form is drawn without the groups\' code');
    serve();
    await p.getByRole('button', { name: 'Download the rest of the page again' }).click();
    await p.waitForSelector("[data-testid='consumer-add']", { timeout: 10000 });
    await p.fill("[data-testid='consumer-group']", 'g-late');
    await p.click("[data-testid='consumer-add']");
    await p.click("[data-testid='step-10s']");
    const state = await p.locator("[data-testid='group-state-g-late']").innerText();
    expect(state === 'Stable', `the group's state: ${state}`);
    expect(errors.length === 0, `errors: ${errors.join('; ')}`);
    await p.close();
  });

  await check('a keyed record lands on its murmur2 partition and is committed', async () => {
    await page.fill("[data-testid='produce-key']", 'user-2');
    expect((await text('key-partition')).endsWith('partition 2'), `explanation: ${await text('key-partition')}`);
    await page.click("[data-testid='produce-submit']");
    await stepUntil(async () => (await text('produce-result')).startsWith('acknowledged'), 'the record acknowledged');
    expect((await text('produce-result')) === 'acknowledged at orders-2 offset 0', `result: ${await text('produce-result')}`);
    expect((await text('leo-orders-2')) === '1', `LEO of orders-2 is ${await text('leo-orders-2')}`);
    expect((await text('hw-orders-2')) === '1', `HW of orders-2 is ${await text('hw-orders-2')}`);
  });

  await check('the record inspector keeps its size whatever it shows (the strips never move under the mouse)', async () => {
    // orders-2 holds offset 0 (committed); produce a long value as offset 1, not yet committed.
    await page.fill("[data-testid='produce-key']", 'user-2');
    await page.fill("[data-testid='produce-value']", 'v'.repeat(400));
    await page.click("[data-testid='produce-submit']");
    // In the leader's log, not yet fetched by the followers (the HW moves a step later).
    await stepUntil(async () => (await text('leo-orders-2')) === '2', 'the long record in the log');
    const strip = page.locator("[data-testid='partition-orders-2'] .log-strip").first();
    const inspector = page.locator("[data-testid='record-details']");
    await strip.scrollIntoViewIfNeeded(); // a mouse outside the viewport hovers nothing
    const hover = async (fromRight) => {
      // Cells are 36 CSS px wide with 3 px gaps, right-aligned.
      const b = await strip.boundingBox();
      await page.mouse.move(b.x + b.width - (18 + fromRight * 39), b.y + b.height / 2);
      const t = await inspector.innerText();
      const box = await inspector.evaluate((e) => ({ h: e.getBoundingClientRect().height, wide: e.scrollWidth > e.clientWidth }));
      return { t, ...box };
    };
    await page.waitForTimeout(200); // the strip redraws in the next frames
    const long = await hover(0);
    expect(long.t.includes('offset 1') && long.t.includes('not yet committed'), `newest record: ${long.t}`);
    const short = await hover(1);
    expect(short.t.includes('offset 0') && !short.t.includes('not yet committed'), `older record: ${short.t}`);
    expect(Math.abs(long.h - short.h) < 0.5, `inspector height ${short.h} px for a committed record, ${long.h} px for a long uncommitted one`);
    expect(!long.wide && !short.wide, 'a long value wraps inside the inspector');
    for (let i = 0; i < 3; i++) await page.click("[data-testid='step']");
    await page.fill("[data-testid='produce-value']", 'hello'); // the form's default, for the screenshot
  });

  await check('a card\'s strips are drawn on one canvas over its strip column, where their elements are, and again where they move', async () => {
    // Opacity of the card's canvas at page points: the newest record's cell (right-aligned, 36
    // CSS px), the strip's empty left end, the replica's label, and any extra points asked for.
    const probe = (extra = []) => page.evaluate((extra) => {
      const card = document.querySelector("[data-testid='partition-orders-2']");
      const canvas = card.querySelector('canvas.strip-canvas');
      const c = canvas.getBoundingClientRect();
      const ctx = canvas.getContext('2d');
      const alpha = ([x, y]) => {
        const px = Math.floor((x - c.left) * canvas.width / c.width); const py = Math.floor((y - c.top) * canvas.height / c.height);
        return px < 0 || py < 0 || px >= canvas.width || py >= canvas.height ? 0 : ctx.getImageData(px, py, 1, 1).data[3];
      };
      const strips = [...card.querySelectorAll('.log-strip')].map((s) => {
        const b = s.getBoundingClientRect(); const y = b.top + b.height / 2;
        return { newest: [b.right - 18, y], empty: [b.left + 3, y], label: [b.left - 30, y] };
      });
      // The canvas' extent against the strips' (a canvas costs every painting frame in
      // proportion to its pixels: it covers the strips and a few pixels either side, not the card).
      const rects = [...card.querySelectorAll('.log-strip')].map((s) => s.getBoundingClientRect());
      const over = { left: Math.min(...rects.map((r) => r.left)) - c.left, right: c.right - Math.max(...rects.map((r) => r.right)),
        top: Math.min(...rects.map((r) => r.top)) - c.top, bottom: c.bottom - Math.max(...rects.map((r) => r.bottom)) };
      return { canvases: card.querySelectorAll('canvas').length, over, strips: strips.map((s) => ({ ...s, a: [alpha(s.newest), alpha(s.empty), alpha(s.label)] })), extra: extra.map(alpha) };
    }, extra);
    const check = async (when) => {
      await page.waitForTimeout(300); // drawn within a few frames
      const r = await probe();
      expect(r.canvases === 1, `${when}: ${r.canvases} canvases in the card (one for all its strips)`);
      expect(r.strips.length === 3, `${when}: ${r.strips.length} strips`);
      // 2-8 px either side of the strips (the cursor's frame reaches past their ends); 0-8 px
      // above and below: it lies over the rows, not the card's head (the old canvas: 285 px left).
      const { left, right, top, bottom } = r.over;
      expect(left >= 2 && left <= 8 && right >= 2 && right <= 8 && top >= -0.5 && top <= 8 && bottom >= -0.5 && bottom <= 8,
        `${when}: the canvas reaches past the strips by ${JSON.stringify(r.over)} CSS px (a few px, not the whole card)`);
      for (const [i, s] of r.strips.entries()) {
        expect(s.a[0] > 0 && s.a[1] === 0 && s.a[2] === 0, `${when}: strip ${i} opacity at its newest cell, its empty end, its label: ${s.a.join(', ')}`);
      }
      return r;
    };
    const before = await check('at 1280 px');
    await page.setViewportSize({ width: 1000, height: 900 });
    const after = await check('at 1000 px');
    // Where the newest cells were drawn before is clear now, unless a strip stands there now.
    const moved = before.strips.map((s) => s.newest).filter((p) => !after.strips.some((t) => Math.abs(t.newest[0] - p[0]) < 20 && Math.abs(t.newest[1] - p[1]) < 10));
    expect(moved.length === 3, `the strips moved: ${JSON.stringify(before.strips.map((s) => s.newest))} -> ${JSON.stringify(after.strips.map((s) => s.newest))}`);
    const left = (await probe(moved)).extra;
    expect(left.every((a) => a === 0), `old drawings left behind: opacity ${left.join(', ')}`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await check('crashing the leader elects a new one after the session timeout and shrinks the ISR', async () => {
    // A little keyed load first, so the log strips show records coloured by key.
    await page.fill("[data-testid='load-rate']", '20');
    await page.fill("[data-testid='load-keys']", '4');
    await page.click("[data-testid='load-toggle']");
    await page.click("[data-testid='play']"); // pause: time moves only by the steps below
    for (let i = 0; i < 30; i++) await page.click("[data-testid='step']");
    const leader = await text('leader-orders-2');
    await page.click(`[data-testid='crash-${leader}']`);
    for (let i = 0; i < 40; i++) await page.click("[data-testid='step']"); // 4 s: not yet fenced
    expect((await text('leader-orders-2')) === leader, 'leader kept until the session times out');
    await page.click("[data-testid='step-10s']");
    const now = await text('leader-orders-2');
    const isr = await text('isr-orders-2');
    expect(now !== leader && now !== 'none', `leader still ${now}`);
    expect(!isr.split(',').includes(leader) && isr.split(',').length === 2, `ISR ${isr}`);
    expect((await text('timeline')).includes(`broker ${leader} crashed`), 'timeline narrates the crash');
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    console.log(`     screenshot ${SCREENSHOT}`);
  });

  await check('two consumers share the topic, a third joins, a crashed one is replaced after its session timeout', async () => {
    await page.fill("[data-testid='consumer-group']", 'orders-app');
    await page.selectOption("[data-testid='consumer-assignor']", 'cooperative-sticky');
    await page.fill("[data-testid='consumer-session']", '10000');
    for (let i = 0; i < 2; i++) await page.click("[data-testid='consumer-add']");
    await page.click("[data-testid='step-10s']");
    expect((await text('group-state-orders-app')) === 'Stable', `state ${await text('group-state-orders-app')}`);
    const owned = async (c) => (await text(`consumer-owned-${c}`)).replace('owns ', '').split(', ').filter((p) => p.startsWith('orders'));
    expect((await owned(1)).length + (await owned(2)).length === 3, 'three partitions between two consumers');
    await page.click("[data-testid='consumer-add']");
    await page.click("[data-testid='step-10s']");
    const counts = [await owned(1), await owned(2), await owned(3)].map((o) => o.length);
    expect(counts.join() === '1,1,1', `cooperative-sticky spreads 3 partitions: ${counts}`);
    expect((await text('timeline')).includes('withheld until their owners revoke them'), 'the first cooperative round withholds the moving partition');
    await page.click("[data-testid='crash-consumer-2']");
    await page.click("[data-testid='step-10s']");
    await page.click("[data-testid='step-10s']");
    const after = [await owned(1), await owned(3)].map((o) => o.length);
    expect(after[0] + after[1] === 3, `survivors own everything: ${after}`);
    expect((await text('consumer-status-2')) === 'crashed', 'consumer-2 shown as crashed');
    const chart = await page.locator("[data-testid='lag-chart-orders-app']").getAttribute('aria-label');
    expect(chart.includes('records now'), `lag chart label: ${chart}`);
    await page.locator("[data-testid='group-orders-app']").screenshot({ path: path.join(OUT, 'group.png') });
    console.log(`     screenshot ${path.join(OUT, 'group.png')}`);
  });

  await check('a static first view shows before the wasm arrives, in the browser\'s language, and the app replaces it', async () => {
    const html = await (await fetch(url)).text();
    expect(/id="?first-view"?[ >]/.test(html) && html.includes('<progress'), 'index.html carries the first view');
    expect((await page.locator("[data-testid='first-view']").count()) === 0, 'gone once the app is mounted');
    const ko = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' });
    // Hold the .wasm back to see the first view as a slow network shows it.
    let release;
    const held = new Promise((r) => { release = r; });
    await ko.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
    await ko.goto(url);
    const label = await ko.locator('#first-view-label').innerText();
    expect(label === '샌드박스를 불러오는 중…', label);
    expect((await ko.locator('html').getAttribute('lang')) === 'ko', 'html lang ko');
    release();
    await ko.waitForSelector("[data-testid='cluster-view']");
    expect((await ko.locator("[data-testid='first-view']").count()) === 0, 'replaced by the app');
    const value = await ko.evaluate(() => document.getElementById('first-view-progress'));
    expect(value === null, 'the progress bar went with it');
    await ko.close();
  });

  await check('?bench=R starts scenario R live: 5 brokers, 250 partitions, the load and the group running', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (bench): ${e.message}`));
    await bench.goto(`${url}?bench=R`);
    await bench.waitForSelector("[data-testid='cluster-view']");
    await bench.waitForFunction(() => {
      const c = document.querySelector("[data-testid='clock']");
      return c && parseFloat(c.textContent) >= 3;
    }, null, { timeout: 30000 });
    const brokers = await bench.locator('.broker').count();
    expect(brokers === 5, `${brokers} brokers`);
    const info = await bench.locator("[data-testid='page-info']").innerText();
    expect(/of 250/.test(info), info);
    const group = await bench.locator("[data-testid='group-state-bench-group']").innerText();
    expect(group.length > 0, 'the group shows');
    // The new-cluster fields say how the shown cluster was made (they said 3 beside five).
    const made = await bench.locator("[data-testid='brokers']").inputValue();
    expect(made === '5', `the Brokers field shows ${made}`);
    await bench.close();
  });

  await check('while time runs the producers\' panel and the describe table follow every third tick; paused, they show what the load generator and the cards show', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (paced): ${e.message}`));
    await bench.goto(`${url}?bench=R`);
    await bench.waitForSelector("[data-testid='producer-stats-1']", { timeout: 30000 });
    // "3,600 sent, 3,321 acknowledged, ..." (read every tick) against "sent 3,600 · acknowledged
    // 3,321 · ..." (the paced panel): the same two counts once time stands still.
    // The same for each partition's high watermark: its card's "HW 123" (every tick) against the
    // describe table's HW column (paced).
    const counts = () => pacedCounts(bench);
    const agree = countsAgree;
    let behind = 0;
    // Pauses at five moments a few ticks apart: at least one falls after a tick the panel
    // skipped (each does with chance 2/3), which only `Views::settle` brings up to date.
    for (const ms of [450, 330, 560, 410, 370]) {
      await bench.waitForTimeout(ms);
      if (!agree(await counts())) behind++;
      const c = await pauseAndSettle(bench);
      if (!agree(c)) throw new Error(`paused, the panels disagree: ${JSON.stringify(c)}`);
      await bench.click("[data-testid='play']");
    }
    console.log(`     (while playing, the paced panels differed from the cards or the load's line at ${behind} of 5 moments)`);
    // Paused, a language switch redraws both halves of the producers' panel (the second, its
    // requests in flight and fates, follows its own signal) and the groups (a stage of their
    // own): everything in Korean, the same numbers.
    await bench.click("[data-testid='play']");
    await bench.waitForFunction(() => document.querySelector("[data-testid='play']").textContent.trim() === 'Play');
    const halves = () => bench.evaluate(() => {
      const q = (sel) => document.querySelector(sel)?.textContent || '';
      return { caption: q("[data-testid='producer-inflight-1'] caption"), fates: q("[data-testid='producer-fates-1'] li"), lag: q("[data-testid='group-lag-bench-group']") };
    });
    // The frames a tick's updates are queued in (six) and the timer's settling pass are over.
    await bench.waitForTimeout(400);
    const before = await halves();
    await bench.selectOption("[data-testid='language']", 'ko');
    await bench.waitForFunction(() => /[가-힣]/.test(document.querySelector("[data-testid='producer-stats-1']").closest('.producer').querySelector('h4').textContent));
    const after = await halves();
    const digits = (s) => s.replace(/[^0-9]/g, '');
    expect(/[가-힣]/.test(after.caption) && /[가-힣]/.test(after.fates), `in Korean: ${JSON.stringify(after)}`);
    expect(digits(after.caption) === digits(before.caption) && after.lag === before.lag, `the same numbers: ${JSON.stringify({ before, after })}`);
    await bench.close();
  });

  await check('at 6x CPU, where one tick in two or three is drawn and its work spread over the next ticks, a pause brings every view up to the session', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (6x): ${e.message}`));
    await bench.goto(`${url}?bench=R`);
    await bench.waitForSelector("[data-testid='producer-stats-1']", { timeout: 30000 });
    const cdp = await bench.context().newCDPSession(bench);
    // 6x, not 4x: in a fast hour of this host, R at 4x kept the main thread only ~33 % busy (a
    // clean-clone CI run) with few frames full, and the budget skips ticks only above 80 % busy
    // or 10 % of frames without idle time (src/render_budget.rs).
    const rate = 6;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    try {
      // The render budget learns once a second.
      const readout = () => bench.locator("[data-testid='debug-readout']").innerText();
      let every = 1;
      for (let i = 0; i < 40 && every < 2; i++) {
        await bench.waitForTimeout(500);
        every = Number(((await readout()).match(/drawn every (\d+) ticks/) || [0, 1])[1]);
      }
      expect(every >= 2, `the budget never skipped a tick at ${rate}x: ${await readout()}`);
      console.log(`     (at ${rate}x: ${await readout()})`);
      // Cards of even and of odd partitions (different parts of a spread tick), the describe
      // table and the producers' panel (paced), the load's line (late): one tick once paused.
      for (const ms of [370, 520, 290]) {
        await bench.waitForTimeout(ms);
        const c = await pauseAndSettle(bench);
        expect(countsAgree(c), `paused at ${rate}x, the views disagree: ${JSON.stringify(c)}`);
        await bench.click("[data-testid='play']");
      }
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await bench.close();
    }
  });

  await check('a paced panel scrolled out of view follows a running simulation about once a second, and catches up as it comes back', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (off screen): ${e.message}`));
    await bench.goto(`${url}?bench=R`);
    await bench.waitForSelector("[data-testid='producer-stats-1']", { timeout: 30000 });
    await bench.waitForTimeout(1000);
    // Counts the changes of the producer's line over `ms`, with the panel in view or not.
    const changes = (inView, ms) => bench.evaluate(([inView, ms]) => new Promise((done) => {
      const stats = document.querySelector("[data-testid='producer-stats-1']");
      const panel = stats.closest('section');
      if (inView) panel.scrollIntoView({ block: 'start' }); else window.scrollTo(0, 0);
      const r = panel.getBoundingClientRect();
      const seen = r.bottom > 0 && r.top < innerHeight;
      let n = 0;
      let ticks = 0;
      // The first 300 ms let a scroll's catch-up land before counting starts. The clock changes
      // once per drawn tick.
      setTimeout(() => {
        const o = new MutationObserver(() => n++);
        o.observe(stats, { characterData: true, childList: true, subtree: true });
        const c = new MutationObserver(() => ticks++);
        c.observe(document.querySelector("[data-testid='clock']"), { characterData: true, childList: true, subtree: true });
        setTimeout(() => { o.disconnect(); c.disconnect(); done({ seen, n, ticks }); }, ms);
      }, 300);
    }), [inView, ms]);
    const away = await changes(false, 3600);
    const shown = await changes(true, 3600);
    console.log(`     (in 3.6 s the producer's line changed ${away.n} times out of view over ${away.ticks} drawn ticks, ${shown.n} in view over ${shown.ticks})`);
    expect(!away.seen && shown.seen, `scrolled: ${JSON.stringify({ away, shown })}`);
    // One turn in four of every third drawn tick: one change in twelve drawn ticks. A slow host
    // draws fewer (seen in CI: 9 in 3 s, and no change out of view), so the count follows them.
    const turns = away.ticks / 12;
    expect(away.n >= (turns >= 2 ? 1 : 0) && away.n <= Math.ceil(turns) + 1, `out of view about once a second (one turn in four of every third drawn tick): ${away.n} over ${away.ticks} drawn ticks`);
    // In view: every third drawn tick, by the same count (a clean-clone CI on a slow host drew 13
    // ticks in 3.6 s, and the line rightly changed 4 times, where a fixed bar of 7 failed).
    const shownTurns = shown.ticks / 3;
    expect(shown.n >= Math.max(2, Math.floor(shownTurns) - 1) && shown.n <= Math.ceil(shownTurns) + 2, `in view every third drawn tick: ${shown.n} over ${shown.ticks} drawn ticks`);
    // Back into view: it catches up at once (within a frame or two), not at its next turn
    // (every third tick in view, one in twelve out of it). Counted in ticks (the clock's changes before the line
    // changed), not milliseconds: a busy host slows the ticks and the catch-up alike. A line
    // whose out-of-view turn (one tick in twelve) was the last tick has nothing to catch up.
    const { lags, current } = await catchUpTrials(bench, { css: "[data-testid='producer-stats-1']", last: false, section: true, block: 'start' });
    console.log(`     (scrolled back, the line changed after ${lags.map((l) => `${l.ticks} ticks/${l.ms.toFixed(0)} ms`).join(', ')}; ${current} trial(s) where it already showed the latest tick)`);
    expect(lags.length === 3, `three trials where the line was behind as it came back, of 8: ${JSON.stringify(lags)}`);
    // At its next in-view turn (every third tick) the clock would change 1-3 times first; a
    // tick may slip in while a busy host stalls, so one catch-up of three must see none.
    expect(lags.every((l) => l.ticks <= 2) && lags.some((l) => l.ticks === 0), `caught up at once: ${JSON.stringify(lags)}`);
    await bench.close();
  });

  await check('a partition card scrolled out of view shows one change in four of a running simulation, and catches up as it comes into view', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (card off screen): ${e.message}`));
    await bench.goto(`${url}?bench=R`);
    await bench.waitForSelector('.partitions > .partition:nth-child(12)', { timeout: 30000 });
    await bench.waitForTimeout(1000);
    // The page's last card (out of view at the top of the page) and its first (in view there):
    // their changes over `ms`, at the top of the page or with the last card scrolled into view.
    const changes = (lastInView, ms) => bench.evaluate(([lastInView, ms]) => new Promise((done) => {
      const cards = document.querySelectorAll('.partitions > .partition');
      const last = cards[cards.length - 1];
      if (lastInView) last.scrollIntoView({ block: 'center' }); else window.scrollTo(0, 0);
      const r = last.getBoundingClientRect();
      const seen = r.bottom > 0 && r.top < innerHeight;
      const n = { last: 0, clock: 0 };
      setTimeout(() => {
        const watch = (el, k) => { const o = new MutationObserver(() => n[k]++); o.observe(el, { characterData: true, childList: true, subtree: true }); return o; };
        const os = [watch(last, 'last'), watch(document.querySelector("[data-testid='clock']"), 'clock')];
        setTimeout(() => { os.forEach((o) => o.disconnect()); done({ seen, n }); }, ms);
      }, 300);
    }), [lastInView, ms]);
    const away = await changes(false, 3000);
    const shown = await changes(true, 3000);
    console.log(`     (in 3 s the last card changed ${away.n.last} times out of view over ${away.n.clock} ticks, ${shown.n.last} in view over ${shown.n.clock})`);
    expect(!away.seen && shown.seen, `scrolled: ${JSON.stringify({ away, shown })}`);
    // A drawn tick changes the card in view in several mutations (its head, its replicas'
    // rows); out of view it shows one drawn tick in four, and not never.
    expect(away.n.last >= 1 && away.n.last * 2 <= shown.n.last, `out of view one change in four: ${JSON.stringify({ away, shown })}`);
    // Back into view it catches up at once, before the next tick, when it was behind: as for the
    // paced panels above, a trial counts if the clock changed after the card's last change.
    const { lags } = await catchUpTrials(bench, { css: '.partitions > .partition', last: true, section: false, block: 'center' });
    console.log(`     (scrolled into view, the last card changed after ${lags.map((l) => `${l.ticks} ticks`).join(', ')})`);
    expect(lags.length === 3, `three trials where the card was behind as it came into view, of 8: ${JSON.stringify(lags)}`);
    // A tick may slip in while a busy host stalls, so one catch-up of three must see none and two
    // at most one; the third may stall longer (a clean-clone CI saw 1, 4 and 0 ticks, the 4 in 409
    // ms), but not past the four drawn ticks a card out of view waits for its turn.
    const quick = lags.filter((l) => l.ticks <= 1).length;
    expect(quick >= 2 && lags.some((l) => l.ticks === 0) && lags.every((l) => l.ticks <= 4), `caught up at once: ${JSON.stringify(lags)}`);
    // Paused, every card shows the session: the last card, scrolled away, is not left behind.
    await bench.evaluate(() => window.scrollTo(0, 0));
    await bench.waitForTimeout(500);
    await bench.click("[data-testid='play']");
    await bench.waitForTimeout(400);
    const away2 = await bench.evaluate(() => { const cards = document.querySelectorAll('.partitions > .partition'); return cards[cards.length - 1].innerText; });
    await bench.evaluate(() => { const cards = document.querySelectorAll('.partitions > .partition'); cards[cards.length - 1].scrollIntoView({ block: 'center' }); });
    await bench.waitForTimeout(400);
    const seen2 = await bench.evaluate(() => { const cards = document.querySelectorAll('.partitions > .partition'); return cards[cards.length - 1].innerText; });
    expect(away2 === seen2, `paused, the card out of view already showed the session: ${JSON.stringify({ away2, seen2 })}`);
    await bench.close();
  });

  await check('the footer\'s readout follows a running simulation once a second, not every tick (a text change costs a frame\'s layout and paint)', async () => {
    const bench = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bench.on('pageerror', (e) => problems.push(`page error (readout): ${e.message}`));
    // The default cluster, light enough that every tick is drawn even on a slow host: under
    // scenario R a clean-clone CI's render budget drew one tick in seven, 4 clock changes in 3 s,
    // and a readout that follows once a second could not be told from one that follows the ticks.
    await bench.goto(`${url}?lang=en`);
    await bench.waitForSelector("[data-testid='cluster-view']", { timeout: 30000 });
    await bench.click("[data-testid='play']");
    await bench.waitForFunction(() => /steps\/s/.test(document.querySelector("[data-testid='debug-readout']")?.textContent || ''), null, { timeout: 30000 });
    const counts = await bench.evaluate(() => new Promise((done) => {
      const n = { readout: 0, clock: 0 };
      const watch = (id, k) => {
        const o = new MutationObserver(() => n[k]++);
        o.observe(document.querySelector(`[data-testid='${id}']`), { characterData: true, childList: true, subtree: true });
        return o;
      };
      const os = [watch('debug-readout', 'readout'), watch('clock', 'clock')];
      setTimeout(() => { os.forEach((o) => o.disconnect()); done(n); }, 3000);
    }));
    console.log(`     (in 3 s the clock changed ${counts.clock} times, the readout ${counts.readout})`);
    // The clock must change more often than a readout that followed once a second could (4 in
    // 3 s), or the check says nothing: it follows every drawn tick, ten a second here.
    expect(counts.clock >= 12, `the clock follows the drawn ticks: ${counts.clock}`);
    expect(counts.readout >= 1 && counts.readout <= 4, `the readout about once a second: ${counts.readout}`);
    await bench.close();
  });

  await check('the console shows no error and nothing is fetched from another host', async () => {
    expect(problems.length === 0, problems.join('\n     '));
  });

  await check('a trap of the wasm module (a panic) shows a banner asking to reload', async () => {
    expect((await page.locator("[data-testid='crash-banner']").count()) === 0, 'no banner while the app runs');
    // Thrown from a timer like a trap out of a wasm callback: reported to window 'error'.
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
    await page.waitForSelector("[data-testid='crash-banner']", { timeout: 5000 });
    const t = await text('crash-banner');
    expect(t.includes('internal error (unreachable)') && t.includes('Reload'), `banner: ${t}`);
    expect((await page.getAttribute("[data-testid='crash-banner']", 'role')) === 'alert', 'announced as an alert');
  });
} finally {
  await browser.close();
  server.close();
}

const rows = parts(DIST);
for (const s of rows) {
  console.log(`size ${s.first ? 'first' : 'chunk'} ${s.file}: ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(1)} KiB gzip`);
}
const t = totals(rows, 'gzip');
const en = rows.find((r) => /^locales-en-/.test(r.file));
console.log(`size first download gzip (wasm + js): ${(t.first / 1024).toFixed(1)} KiB${en ? ` (+ ${(en.gzip / 1024).toFixed(1)} KiB of English words fetched beside it)` : ''}; loaded when used: ${(t.chunks / 1024).toFixed(1)} KiB`);
const passed = results.filter((r) => r[1]).length;
console.log(`site: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
