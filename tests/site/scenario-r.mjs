// Issue 6's scenario R set up in the page by real clicks, shared by tests/site/perf.mjs and
// tests/bench/bench.mjs: 5 brokers; topic "bench" with 247 partitions (+ the default "orders"
// with 3 = 250) at RF 3, min.insync.replicas 2; load 1,000 records/s, 1,000 keys, acks=all.
// Options: `retention` bounds "bench" (retention.bytes 65536, 16 KiB segments); `group` adds
// one consumer group of 5 members reading it from the earliest offset.
const tid = (id) => `[data-testid='${id}']`;

export async function setUpScenarioR(page, { retention = true, group = true } = {}) {
  await page.waitForSelector(tid('cluster-view'));
  await page.selectOption(tid('brokers'), '5');
  await page.click(tid('reset'));
  await page.fill(tid('topic-name'), 'bench');
  await page.fill(tid('topic-partitions'), '247');
  await page.fill(tid('topic-rf'), '3');
  await page.fill(tid('topic-min-isr'), '2');
  if (retention) {
    await page.fill(tid('topic-retention-bytes'), '65536');
    await page.fill(tid('topic-segment-bytes'), '16384');
  }
  await page.click(tid('topic-create'));
  const created = await page.locator(tid('topic-message')).innerText();
  if (!created.startsWith('Created')) throw new Error(`creating R's topic: ${created}`);
  if (group) {
    await page.fill(tid('consumer-group'), 'bench-group');
    await page.selectOption(tid('consumer-topic'), 'bench');
    await page.selectOption(tid('consumer-reset'), 'earliest');
    for (let i = 0; i < 5; i++) await page.click(tid('consumer-add'));
  }
  await page.selectOption(tid('produce-topic'), 'bench');
  await page.fill(tid('load-rate'), '1000');
  await page.fill(tid('load-keys'), '1000');
  await page.click(tid('load-toggle'));
}
