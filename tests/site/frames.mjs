// Main-thread work per frame, read from a Chromium trace over the DevTools protocol: the
// durations of the renderer main thread's tasks, summed per 16.7 ms frame slot. Shared by
// tests/site/perf.mjs and tests/bench/bench.mjs.

/** Slows the page's CPU `rate` times (DevTools' emulation; 1 is full speed) until changed. The
 * session stays attached: an emulation ends with the session that set it. */
export async function throttle(page, rate) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** The simulated clock's text as the session has it. Read paused: while time runs the clock shows
 * the last drawn tick, up to two seconds behind at one tick in twenty, and paused every view
 * shows the session. A playing page plays again after the reading, unless `resume` is false. */
export async function sessionClock(page, { resume = true } = {}) {
  const label = () => page.locator("[data-testid='play']").innerText();
  const playing = (await label()).trim() !== 'Play';
  if (playing) {
    await page.click("[data-testid='play']");
    await page.waitForFunction(() => document.querySelector("[data-testid='play']").textContent.trim() === 'Play', null, { timeout: 10000 });
  }
  await page.waitForTimeout(400);
  const text = await page.locator("[data-testid='clock']").innerText();
  if (playing && resume) {
    await page.click("[data-testid='play']");
    await page.waitForFunction(() => document.querySelector("[data-testid='play']").textContent.trim() !== 'Play', null, { timeout: 10000 });
  }
  return text;
}

/** Traces `seconds` of the page at CPU throttling `throttle` and returns per-frame figures. */
export async function traceFrames(page, seconds, throttle = 1) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const chunks = [];
  cdp.on('Tracing.dataCollected', (d) => chunks.push(...d.value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.waitForTimeout(seconds * 1000);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();

  const threadName = new Map();
  for (const e of chunks) if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  const onMain = (e) => threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain';
  const tasks = chunks.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e));
  const t0 = Math.min(...tasks.map((t) => t.ts)); const t1 = Math.max(...tasks.map((t) => t.ts + t.dur));
  const slot = 16_667; const n = Math.max(1, Math.ceil((t1 - t0) / slot));
  const work = new Float64Array(n);
  for (const t of tasks) {
    let s = t.ts; const end = t.ts + t.dur;
    while (s < end) { const i = Math.floor((s - t0) / slot); const e = Math.min(end, t0 + (i + 1) * slot); work[i] += e - s; s = e; }
  }
  const ms = [...work].map((x) => x / 1000).sort((a, b) => a - b);
  const pct = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return {
    seconds, throttle, frames: n,
    p50: pct(0.5), p95: pct(0.95), max: ms[ms.length - 1],
    // Slots with 16 ms of work or more: the p95 budget at 4x (<= 16 ms) holds while these stay
    // under one in twenty.
    full: ms.filter((x) => x >= 16).length,
    longTasks: tasks.filter((t) => t.dur > 50_000).length,
    chunks, threadName, work, t0, slot, onMain,
  };
}
