// Frame-time measurement of the built site (not a test: it prints figures). Scenario: 5
// brokers, topics totalling 250 partitions at RF 3, continuous load of 1,000 records/s
// (acks=all, 1,000 keys), playing at 1x. Main-thread work is read from a Chromium trace: the
// durations of the renderer main thread's tasks, summed per 16.7 ms frame slot.
// Usage: node tests/site/perf.mjs [seconds=20] [cpu-throttle=1]
// Env: PERF_GROUP=1 adds scenario R's 5-member consumer group; PERF_EARLY=1 throttles before
// PERF_WAIT (the budget settled, as bench.mjs measures) instead of as the trace begins; PERF_BREAKDOWN=1, PERF_SLOTS=N;
// HIDE=selector hides elements, PERF_CSS adds any style sheet (try CSS without a rebuild);
// PERF_LAYOUT=N prints the first N layouts' dirty/total objects (PERF_LAYOUT_RAW=1: roots too);
// PERF_LONG=N lists the N longest tasks and what they did; PERF_INIT=js runs before the page's
// scripts (try a browser API change without a rebuild), PERF_EVAL=js runs in the page once the
// scenario is set up (try a DOM change without a rebuild);
// PERF_TICK=N: rendered frames by their place after a tick (0 = the tick's own; a frame ends
// with its compositor commit), median and p90 of each place, then N frames in a row: whether
// the page spreads a tick's work evenly (the heaviest place sets the p95); PERF_TICK_KINDS=1
// adds each place's mean time by kind (script in TimerFire/rAF, Layout, Paint, Commit...);
// PERF_WORST=N lists the N heaviest frames and what they spent their time on, with per-kind
// percentiles of the trace events (Layout, Commit, TimerFire...: how often and how long).
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';
import { sessionClock, throttle, traceFrames } from './frames.mjs';
import { setUpScenarioR } from './scenario-r.mjs';

const SECONDS = Number(process.argv[2] || 20);
const THROTTLE = Number(process.argv[3] || 1);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const { server, url } = await serveDist(process.env.DIST || 'dist', '/sandbox/');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
/** The `p` quantile of an ascending array. */
const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const tid = (id) => `[data-testid='${id}']`;
try {
  if (process.env.PERF_INIT) await page.addInitScript(process.env.PERF_INIT);
  await page.goto(url);
  // Without retention or the group unless asked: the figures stay comparable with earlier runs.
  await setUpScenarioR(page, { retention: false, group: Boolean(process.env.PERF_GROUP) });
  if (process.env.HIDE) await page.addStyleTag({ content: process.env.HIDE + '{display:none}' });
  if (process.env.PERF_CSS) await page.addStyleTag({ content: process.env.PERF_CSS });
  if (process.env.PERF_EVAL) await page.evaluate(process.env.PERF_EVAL);
  // PERF_EARLY=1 slows the CPU before the wait, not as the trace begins: the render budget has
  // settled by then, as on a laptop that was slow from the start (bench.mjs measures so).
  if (process.env.PERF_EARLY) await throttle(page, THROTTLE);
  // PERF_WAIT=ms before measuring (5000 lets the group's first rebalance settle, as bench.mjs).
  await page.waitForTimeout(Number(process.env.PERF_WAIT || 2000));

  const clock0 = await sessionClock(page);
  const f = await traceFrames(page, SECONDS, THROTTLE);
  // Both ends read paused (`sessionClock`): while the render budget skips ticks the clock shows
  // the last drawn one, up to two seconds behind.
  const clock1 = await sessionClock(page, { resume: false });
  const { chunks, threadName, work, t0, slot } = f;
  const n = work.length;
  const long = f.longTasks;
  const tasks = chunks.filter((e) => e.name === 'RunTask' && e.ph === 'X' && f.onMain(e));
  if (process.env.PERF_BREAKDOWN) {
    const by = new Map();
    for (const e of chunks) if (e.ph === 'X' && threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain') by.set(e.name, (by.get(e.name) || 0) + e.dur);
    console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}ms`).join(', '));
  }
  if (process.env.PERF_SLOTS) {
    // A strip of consecutive frame slots, each with its work and the events that made it up.
    const evs = chunks.filter((e) => e.ph === 'X' && threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.name !== 'RunTask' && e.dur > 200);
    const first = Math.floor(n / 2);
    for (let i = first; i < first + Number(process.env.PERF_SLOTS); i++) {
      const a = t0 + i * slot; const b = a + slot;
      const names = new Map();
      for (const e of evs) if (e.ts >= a && e.ts < b) names.set(e.name, (names.get(e.name) || 0) + e.dur);
      const top = [...names].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
      console.log(`slot ${i}: ${(work[i] / 1000).toFixed(2)} ms  ${top}`);
    }
  }
  if (process.env.PERF_TICK) {
    const kinds = new Set(['TimerFire', 'FireAnimationFrame', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit',
      'IntersectionObserverController::computeIntersections', 'MajorGC', 'MinorGC']);
    const evs = chunks.filter((e) => e.ph === 'X' && f.onMain(e) && kinds.has(e.name) && e.dur > 100).sort((a, b) => a.ts - b.ts);
    const frames = []; let frame = [];
    for (const e of evs) { frame.push(e); if (e.name === 'Commit') { frames.push(frame); frame = []; } }
    // Paint events nest (a paint of a canvas inside the document's): counted once via Layerize/Commit.
    const work = (fr) => fr.reduce((s, e) => s + (e.name === 'Paint' ? 0 : e.dur), 0) / 1000;
    const places = []; let place = -1;
    for (const fr of frames) {
      place = fr.some((e) => e.name === 'TimerFire') ? 0 : place < 0 ? -1 : place + 1;
      if (place >= 0) (places[place] ||= []).push(work(fr));
    }
    // Each place's median time by kind (PERF_TICK_KINDS=1): script (timer, rAF), layout, paint...
    const byKind = [];
    place = -1;
    for (const fr of frames) {
      place = fr.some((e) => e.name === 'TimerFire') ? 0 : place < 0 ? -1 : place + 1;
      if (place < 0) continue;
      const k = (byKind[place] ||= new Map());
      const sums = new Map();
      for (const e of fr) sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
      for (const name of kinds) (k.get(name) || k.set(name, []).get(name)).push(sums.get(name) || 0);
    }
    places.forEach((a, i) => {
      a.sort((x, y) => x - y);
      let kindsText = '';
      if (process.env.PERF_TICK_KINDS && byKind[i]) {
        kindsText = ' | ' + [...byKind[i]].map(([name, v]) => [name, v.sort((x, y) => x - y), v.reduce((s, x) => s + x, 0) / v.length])
          .filter(([, , mean]) => mean >= 0.05).map(([name, , mean]) => `${name.replace('IntersectionObserverController::computeIntersections', 'IO').replace('FireAnimationFrame', 'rAF')} ${mean.toFixed(2)}`).join(', ');
      }
      console.log(`frame ${i} after a tick: ${a.length} frames, median ${q(a, 0.5).toFixed(2)} ms, p90 ${q(a, 0.9).toFixed(2)} ms${kindsText}`);
    });
    const short = (n) => n.replace('IntersectionObserverController::computeIntersections', 'IO').replace('FireAnimationFrame', 'rAF');
    for (const fr of frames.slice(frames.length >> 1, (frames.length >> 1) + Number(process.env.PERF_TICK))) {
      console.log(`${fr.some((e) => e.name === 'TimerFire') ? 'tick ' : '     '}${work(fr).toFixed(2)} ms  ${fr.map((e) => `${short(e.name)} ${(e.dur / 1000).toFixed(1)}`).join(', ')}`);
    }
  }
  if (process.env.PERF_LAYOUT) {
    // What each layout had to do: dirty and total layout objects, and whether it was partial.
    const lay = chunks.filter((e) => e.name === 'Layout' && f.onMain(e) && e.args && e.args.beginData);
    const rows = lay.slice(0, Number(process.env.PERF_LAYOUT)).map((e) => {
      const b = e.args.beginData;
      return `${(e.dur / 1000).toFixed(2)} ms dirty ${b.dirtyObjects}/${b.totalObjects}${b.partialLayout ? ' partial' : ''} ${process.env.PERF_LAYOUT_RAW ? JSON.stringify(e.args) : ''}`;
    });
    console.log(`layouts (first ${rows.length}):\n  ${rows.join('\n  ')}`);
  }
  if (process.env.PERF_WORST) {
    const main = chunks.filter((e) => e.ph === 'X' && f.onMain(e));
    for (const name of ['TimerFire', 'FireAnimationFrame', 'FunctionCall', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'MajorGC']) {
      const d = main.filter((e) => e.name === name).map((e) => e.dur / 1000).sort((a, b) => a - b);
      if (d.length) console.log(`${name}: ${(d.length / SECONDS).toFixed(1)}/s, p50 ${q(d, 0.5).toFixed(2)} ms, p90 ${q(d, 0.9).toFixed(2)}, p99 ${q(d, 0.99).toFixed(2)}, max ${d[d.length - 1].toFixed(2)}`);
    }
    const worst = [...work.keys()].sort((a, b) => work[b] - work[a]).slice(0, Number(process.env.PERF_WORST));
    for (const i of worst) {
      const a = t0 + i * slot; const b = a + slot; const names = new Map();
      for (const e of main) if (e.ts >= a && e.ts < b && e.name !== 'RunTask' && e.dur > 100) names.set(e.name, (names.get(e.name) || 0) + e.dur);
      const top = [...names].sort((x, y) => y[1] - x[1]).slice(0, 7).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
      console.log(`worst slot ${i}: ${(work[i] / 1000).toFixed(1)} ms  ${top}`);
    }
  }
  if (process.env.PERF_LONG) {
    // The longest main-thread tasks and the events inside them (what makes a long task).
    const main = chunks.filter((e) => e.ph === 'X' && f.onMain(e) && e.name !== 'RunTask');
    for (const t of [...tasks].sort((a, b) => b.dur - a.dur).slice(0, Number(process.env.PERF_LONG))) {
      const names = new Map();
      for (const e of main) if (e.ts >= t.ts && e.ts < t.ts + t.dur && e.dur > 100) names.set(e.name, (names.get(e.name) || 0) + e.dur);
      const top = [...names].sort((x, y) => y[1] - x[1]).slice(0, 7).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
      console.log(`long task at ${((t.ts - t0) / 1e6).toFixed(2)} s: ${(t.dur / 1000).toFixed(1)} ms  ${top}`);
    }
  }
  const busy = tasks.filter((t) => t.dur > 2_000).map((t) => t.dur / 1000).sort((a, b) => a - b);
  if (busy.length) console.log(`perf: ${busy.length} tasks over 2 ms: median ${busy[busy.length >> 1].toFixed(1)} ms, max ${busy[busy.length - 1].toFixed(1)} ms`);
  const stats = await page.locator(tid('load-stats')).innerText();
  console.log(`perf: ${SECONDS} s, CPU throttle ${THROTTLE}x, simulated clock ${clock0} -> ${clock1}`);
  // Slots of 16 ms or more in each second of the trace: how long the budget took to settle.
  const perSecond = [];
  for (let i = 0; i < n; i += 60) perSecond.push(work.slice(i, i + 60).filter((x) => x >= 16_000).length);
  console.log(`perf: slots >= 16 ms in each second: ${perSecond.join(' ')}`);
  console.log(`perf: main-thread work per 16.7 ms frame: p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms, max ${f.max.toFixed(2)} ms; tasks > 50 ms: ${long}; slots >= 16 ms: ${f.full} of ${f.frames} (${(100 * f.full / f.frames).toFixed(1)} %)`);
  console.log(`perf: load ${stats}`);
  console.log(`perf: readout ${await page.locator(tid('debug-readout')).innerText()}`);
  if (errors.length) console.log(`perf: page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.close();
}
