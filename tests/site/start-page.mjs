// A fresh page for measuring start time, shared by tests/bench/bench.mjs, start.mjs and
// start-ab.mjs: its own browser context (nothing cached), `initScript` installed before the
// page's scripts, the HTTP cache off, and with `slow` DevTools' "Slow 4G" (150 ms RTT, 1.6 Mbps
// down, 750 kbps up) plus 4x CPU slowdown.

// Init script: navigation start to the end of the first frame that renders the cluster view
// (`__firstRender`; `__inDom` when it appeared in the DOM), when the app started (`__started`)
// and its wasm exports (`__wasm`, for the linear memory). The frame's style, layout and paint
// run in the same task after its animation-frame callbacks, so the time is taken in a task
// queued from that callback: the callback alone would leave out the first frame's rendering
// (~100 ms at 1x, ~270 ms at 4x CPU for this page; README, Performance).
export const FIRST_RENDER = () => {
  const seen = () => {
    if (window.__firstRender === undefined && document.querySelector("[data-testid='cluster-view']")) {
      window.__firstRender = -1;
      window.__inDom = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__firstRender = performance.now(); }, 0));
      return true;
    }
    return false;
  };
  new MutationObserver((_, o) => { if (seen()) o.disconnect(); }).observe(document, { childList: true, subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__started = performance.now(); window.__wasm = e.detail.wasm; });
};

/** What a start page measured once `__firstRender` is set: the first rendered frame, and the
 * first contentful paint (index.html's static first view; NaN if the browser did not report
 * one), both in ms from navigation. */
export const startTimes = (page) => page.evaluate(() => ({
  first: window.__firstRender,
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
}));

export async function newStartPage(browser, initScript, slow) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(initScript);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (slow) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  return { context, page };
}
