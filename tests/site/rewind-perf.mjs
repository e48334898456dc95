// How long the page takes to show an earlier moment of a long session of scenario R (issue 23):
// R (5 brokers, 250 partitions at RF 3, 1,000 records/s, a group of 5) runs at 50x until
// `simSecs` of simulated time, then pauses; the time slider is moved to `seeks` random moments
// (seeded), each as a learner's drag does it (an input event). A seek's time is the page's own
// figure (data-last-seek-ms: from the input event to the next animation frame, engine and render);
// a seek whose replay is longer than one part (`SEEK_STEPS_MAX`) shows its first part that fast
// and replays on over the next ticks ("Replaying to…"): the time until it is done is reported
// apart. Used by tests/bench/bench.mjs (the Performance table); run alone it prints the figures:
//   node tests/site/rewind-perf.mjs [simulated seconds=600] [seeks=40]
import { setUpScenarioR } from './scenario-r.mjs';

const tid = (id) => `[data-testid='${id}']`;
const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function measureRewind(page, { simSecs = 600, seeks = 40, seed = 7 } = {}) {
  await setUpScenarioR(page);
  // setUpScenarioR starts the load and plays.
  await page.selectOption(tid('speed'), '50');
  const started = Date.now();
  await page.waitForFunction((s) => parseFloat(document.querySelector("[data-testid='clock']").innerText) >= s,
    simSecs, { timeout: 1_800_000, polling: 1000 });
  const runSecs = (Date.now() - started) / 1000;
  await page.getByRole('button', { name: 'Pause' }).click();
  const end = Number(await page.locator(tid('scrubber')).getAttribute('max'));
  const memory = await page.evaluate(() => (window.__wasm ? window.__wasm.memory.buffer.byteLength : -1));
  let x = seed;
  const rand = () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  const shown = []; const settled = []; let long = 0;
  for (let i = 0; i < seeks; i++) {
    const t = Math.floor((rand() * end) / 100) * 100;
    const before = await page.locator(tid('scrubber-group')).getAttribute('data-seeks');
    const t0 = Date.now();
    await page.evaluate((v) => {
      const s = document.querySelector("[data-testid='scrubber']");
      s.value = String(v);
      s.dispatchEvent(new Event('input', { bubbles: true }));
    }, t);
    await page.waitForFunction((b) => document.querySelector("[data-testid='scrubber-group']").getAttribute('data-seeks') !== b,
      before, { timeout: 60_000 });
    shown.push(Number(await page.locator(tid('scrubber-group')).getAttribute('data-last-seek-ms')));
    if ((await page.locator(tid('scrub-status')).innerText()).startsWith('Replaying')) {
      long += 1;
      await page.locator(tid('scrub-status')).filter({ hasNotText: 'Replaying' }).waitFor({ timeout: 600_000 });
      settled.push(Date.now() - t0);
    }
  }
  const sorted = [...shown].sort((a, b) => a - b);
  const checkpoints = await page.locator(tid('scrubber-group')).getAttribute('data-checkpoints');
  return {
    simSecs: end / 1000, runSecs, seeks, memory, checkpoints,
    p50: q(sorted, 0.5), p95: q(sorted, 0.95), max: sorted[sorted.length - 1],
    long, settledMax: settled.length ? Math.max(...settled) : 0,
    denseFrom: Number(await page.locator(tid('scrubber-group')).getAttribute('data-dense-from-ms')) / 1000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launch } = await import('./harness.mjs');
  const { serveDist } = await import('./serve-dist.mjs');
  const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    const { FIRST_RENDER } = await import('./start-page.mjs');
    await page.addInitScript(FIRST_RENDER);
    await page.goto(`${url}?lang=en`);
    const r = await measureRewind(page, { simSecs: Number(process.argv[2] || 600), seeks: Number(process.argv[3] || 40) });
    console.log(JSON.stringify(r));
  } finally {
    await browser.close();
    server.close();
  }
}
