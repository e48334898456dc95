// The terminal in the built site (dist/ from `trunk build --release`), as people use it: type a
// session of Kafka's tools into the textbox named "Terminal" (create a topic, describe it,
// produce keyed lines with the console producer and end them with Ctrl-D, consume them with a
// group, describe the group, reset its offsets), read what the terminal's log says; Tab
// completes, ↑ recalls; the Ctrl-C button stops a running consumer; axe finds nothing; the
// Korean page at 390 px. Prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, expect, finish, openSite } from './harness.mjs';

const require = createRequire(import.meta.url);
const SHOTS = process.env.SHOTS;
const { server, url, browser, problems, newPage: open } = await openSite();
const BS = '--bootstrap-server localhost:9092';

try {
  const page = await open();
  const tid = (id) => page.locator(`[data-testid='${id}']`);
  const input = () => page.getByRole('textbox', { name: 'Terminal', exact: true });
  const log = () => page.getByRole('log', { name: 'Terminal output' });
  const type = async (line) => { await input().fill(line); await input().press('Enter'); };
  const waitLog = async (pattern, what) => {
    for (let i = 0; i < 60; i++) {
      const text = await log().innerText();
      if (pattern.test(text)) return text;
      await page.waitForTimeout(100);
    }
    throw new Error(`${what}: not in the terminal:\n${(await log().innerText()).slice(-1500)}`);
  };
  const runTime = async (n) => { for (let i = 0; i < n; i++) await tid('step-10s').click(); };

  await check('kafka-topics.sh creates and describes a topic as the tool prints it', async () => {
    await page.goto(`${url}?lang=en`);
    await page.getByRole('button', { name: 'Free play' }).click();
    await type(`kafka-topics.sh ${BS} --create --topic payments --partitions 2 --replication-factor 3`);
    await waitLog(/\$ kafka-topics\.sh .*--create.*\nCreated topic payments\.\n/, 'Created topic');
    await type(`kafka-topics.sh ${BS} --describe --topic payments`);
    const text = await waitLog(/Topic: payments\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: /, 'describe');
    expect(/\tTopic: payments\tPartition: 0\tLeader: \d\tReplicas: \d,\d,\d\tIsr: \d,\d,\d\tElr: \tLastKnownElr: /.test(text), text.slice(-400));
    // The describe table above shows the same topic.
    expect((await tid('describe-table').innerText()).includes('payments'), 'the describe table lists payments');
  });

  await check('the console producer reads lines until Ctrl-D, and its records reach the log', async () => {
    await type(`kafka-console-producer.sh ${BS} --topic payments --property parse.key=true --property key.separator=:`);
    await waitLog(/--property key\.separator=:\n>$/, 'the > prompt');
    expect((await page.locator('.terminal-line .prompt').innerText()) === '>', 'the prompt shows >');
    expect(await page.getByRole('button', { name: 'Ctrl-D: end the input of kafka-console-producer.sh' }).isVisible(), 'the Ctrl-D button');
    await type('alice:10 EUR');
    await type('bob:20 EUR');
    await type('alice:30 EUR');
    await input().press('Control+d');
    await runTime(1);
    await waitLog(/>alice:10 EUR\n>bob:20 EUR\n>alice:30 EUR\n>/, 'the typed records');
    expect((await page.locator('.terminal-line .prompt').innerText()) === '$', 'the shell prompt is back');
  });

  await check('a console consumer with a group prints the keyed records and stops at --max-messages', async () => {
    await type(`kafka-console-consumer.sh ${BS} --topic payments --group g1 --from-beginning --property print.key=true --max-messages 3`);
    await runTime(2);
    const text = await waitLog(/Processed a total of 3 messages\n/, 'the consumer\'s count');
    expect(/alice\t10 EUR\n(.*\n)*alice\t30 EUR\n/.test(text), text.slice(-300));
    expect(text.includes('bob\t20 EUR\n'), text.slice(-300));
  });

  await check('kafka-consumer-groups.sh describes the group and resets its offsets', async () => {
    await runTime(1);
    await type(`kafka-consumer-groups.sh ${BS} --describe --group g1`);
    const text = await waitLog(/\nGROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID\n/, 'the offsets table');
    expect(/Consumer group 'g1' has no active members\./.test(text), 'the group is empty after the consumer closed');
    expect(/\ng1 +payments +\d +\d +\d +0 +- +- +-/.test(text), text.slice(-600));
    await type(`kafka-consumer-groups.sh ${BS} --reset-offsets --group g1 --topic payments --to-earliest --execute`);
    const reset = await waitLog(/GROUP +TOPIC +PARTITION +NEW-OFFSET *\n(g1 +payments +\d +0 *\n){2}/, 'the reset table');
    expect(reset.length > 0, 'reset');
  });

  await check('Tab completes tools, options and topic names; ↑ recalls the last line', async () => {
    await input().fill('kafka-top');
    await input().press('Tab');
    expect((await input().inputValue()) === 'kafka-topics.sh ', await input().inputValue());
    await input().fill('kafka-topics.sh --describe --topic pay');
    await input().press('Tab');
    expect((await input().inputValue()) === 'kafka-topics.sh --describe --topic payments ', await input().inputValue());
    await input().fill('');
    await input().press('ArrowUp');
    expect((await input().inputValue()).includes('--reset-offsets'), await input().inputValue());
    await input().fill('');
  });

  await check('wrong options get the tool\'s own error; the Ctrl-C button stops a running consumer', async () => {
    await type('kafka-topics.sh --creat --topic x');
    await waitLog(/creat is not a recognized option/, 'joptsimple\'s message');
    await type(`kafka-console-consumer.sh ${BS} --topic payments`);
    const stop = page.getByRole('button', { name: 'Ctrl-C: stop kafka-console-consumer.sh' });
    await stop.waitFor();
    await stop.click();
    await waitLog(/\^C\n(.*\n)*Processed a total of 0 messages\n$/, 'the interrupt');
    await type('sandbox kill-broker 2');
    await waitLog(/# broker 2 crashed: on a real machine, kill -9 of its Java process/, 'the sandbox verb\'s note');
    if (SHOTS) { fs.mkdirSync(SHOTS, { recursive: true }); await page.locator("[data-testid='terminal']").screenshot({ path: path.join(SHOTS, 'terminal-1280-en.png') }); }
  });

  await check('a button\'s action is listed in the timeline as its real command, with a Copy button', async () => {
    await page.getByRole('button', { name: 'Crash broker 3 (kill -9)' }).click();
    const copy = page.getByRole('button', { name: 'Copy the command: sandbox kill-broker 3' });
    await copy.waitFor();
    const item = tid('timeline').locator('li.command').first();
    expect((await item.locator('code').innerText()) === '$ sandbox kill-broker 3', await item.innerText());
    // The typed commands are listed too, beside what they caused.
    const texts = await tid('timeline').locator('li.command code').allInnerTexts();
    expect(texts.some((t) => t.startsWith('$ kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments')), texts.slice(0, 8).join(' | '));
  });

  await check('the forms show their real command as they stand, and it runs in the terminal as it is', async () => {
    await tid('topic-name').fill('audit');
    const line = (await tid('topic-real-command').locator('code').innerText()).replace(/^\$ /, '');
    expect(line === 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 3 --replication-factor 3 --config min.insync.replicas=2', line);
    expect(await page.getByRole('button', { name: `Copy the command: ${line}` }).count() === 1, 'its Copy button');
    const consumer = await tid('consumer-real-command').locator('code').innerText();
    expect(consumer.startsWith('$ kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group orders-app --from-beginning'), consumer);
    await type(line);
    await waitLog(/\nCreated topic audit\.\n/, 'the form\'s command, typed');
    const produce = (await tid('produce-real-command').locator('code').innerText()).replace(/^\$ /, '');
    // The form's client has Kafka's defaults: its line names where they differ from the tool's.
    expect(produce === 'echo user-1:hello | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: --producer-property acks=all --producer-property retries=2147483647 --producer-property request.timeout.ms=30000 --producer-property linger.ms=5', produce);
    await type(produce);
    await runTime(1);
    const after = await log().innerText();
    expect(after.endsWith(`$ ${produce}\n`) || /\$ echo user-1:hello[^\n]*\n$/.test(after), after.slice(-300));
  });

  await check('the configs, partitions and load forms show their commands too, and they run as they are', async () => {
    // Brokers 2 and 3 are down, so the last record (acks=all, min.insync.replicas=2) is still
    // being retried, as Kafka's default producer retries until delivery.timeout.ms: stop it.
    await input().press('Control+c');
    await waitLog(/\^C\n[^$]*$/, 'the producer stopped');
    await tid('config-topic').selectOption('audit');
    await tid('config-add').fill('retention.ms=60000');
    const config = (await tid('config-real-command').locator('code').innerText()).replace(/^\$ /, '');
    expect(config === 'kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name audit --add-config retention.ms=60000', config);
    await type(config);
    await waitLog(/Completed updating config for topic audit\.\n/, 'the configs form\'s command, typed');
    await tid('config-add').fill('');
    expect(await tid('config-real-command').count() === 0, 'no command while the form sets nothing');
    await tid('alter-topic').selectOption('audit');
    await tid('alter-partitions').fill('5');
    const alter = (await tid('alter-real-command').locator('code').innerText()).replace(/^\$ /, '');
    expect(alter === 'kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic audit --partitions 5', alter);
    await type(alter);
    await type(`kafka-topics.sh ${BS} --describe --topic audit`);
    await waitLog(/PartitionCount: 5\t/, 'five partitions after the typed --alter');
    const load = await tid('load-real-command').locator('code').innerText();
    expect(load.startsWith('$ kafka-producer-perf-test.sh --topic ') && load.includes('--throughput 50 ') && load.includes('acks=all'), load);
  });

  await check('a lesson step shows its real command with a Copy button', async () => {
    const p = await open();
    await p.goto(`${url}?lesson=leader-election`);
    const step = p.locator("[data-testid='lesson-steps'] [data-testid='step-command'] code").first();
    await step.waitFor();
    const text = await step.innerText();
    expect(text === '$ kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders', text);
    expect(await p.getByRole('button', { name: `Copy the command: ${text.slice(2)}` }).count() >= 1, 'its Copy button');
    await p.close();
  });

  await check('axe finds no violation in the terminal', async () => {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const r = await page.evaluate(async () => {
      const res = await window.axe.run(document.querySelector("[data-testid='terminal']"));
      return res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
    });
    expect(r.length === 0, r.join(', '));
  });

  await check('in Korean the terminal is named in Korean and the tools still speak Kafka', async () => {
    const ko = await open();
    await ko.setViewportSize({ width: 390, height: 844 });
    await ko.goto(`${url}?lang=ko`);
    await ko.locator("[data-testid='produce-key']").waitFor();
    const free = ko.getByRole('button', { name: '자유 실습' });
    if (await free.count()) await free.click();
    const box = ko.getByRole('textbox', { name: '터미널', exact: true });
    await box.fill(`kafka-topics.sh ${BS} --list`);
    await box.press('Enter');
    const out = ko.getByRole('log', { name: '터미널 출력' });
    for (let i = 0; i < 30 && !(await out.innerText()).includes('orders'); i++) await ko.waitForTimeout(100);
    expect((await out.innerText()).includes('\norders\n'), await out.innerText());
    await box.fill('help');
    await box.press('Enter');
    expect((await out.innerText()).includes('토픽을 생성'), 'help in Korean');
    if (SHOTS) { await ko.locator("[data-testid='terminal']").screenshot({ path: path.join(SHOTS, 'terminal-390-ko.png') }); }
    await ko.close();
  });

  expect(problems.length === 0, problems.join('\n'));
} finally {
  await browser.close();
  server.close();
}
finish('terminal');
