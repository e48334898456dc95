// The course in the built site (dist/ from `trunk build --release`), driven as a learner drives
// it: the first visit's course list, a lesson opened by its link, a prediction answered, the
// leader crashed with its own button, the checklist turning goal by goal and the completion
// message; progress kept across visits; a bad lesson link; the lesson in Korean; "Show solution".
// Prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDist } from './serve-dist.mjs';
import { check, expect, finish, launch } from './harness.mjs';

const axe = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const DIST = process.env.DIST || 'dist';
const SHOTS = process.env.SHOTS;
const courseIndex = JSON.parse(fs.readFileSync('lessons/index.json', 'utf8'));
const lessonCount = courseIndex.lessons.length;
// The lesson files the page requests (the course index excluded), by id.
const lessonFetches = [];
const lessonFile = /\/lessons\/([a-z0-9-]+)\.json$/;

const { server, url } = await serveDist(DIST, '/sandbox/');
const browser = await launch();
// One context: localStorage (the course's progress) carries from one visit to the next.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
const tid = (id) => page.locator(`[data-testid='${id}']`);
const shot = async (name) => { if (SHOTS) { fs.mkdirSync(SHOTS, { recursive: true }); await page.screenshot({ path: path.join(SHOTS, name) }); } };
page.on('request', (r) => { const m = lessonFile.exec(new URL(r.url()).pathname); if (m && m[1] !== 'index') lessonFetches.push(m[1]); });
const goals = () => tid('lesson-goals').getByRole('checkbox').evaluateAll((els) => els.map((e) => [e.textContent.trim(), e.getAttribute('aria-checked'), e.getAttribute('aria-readonly')]));

try {
  await check('a first visit offers the course and free play, and lists every lesson as not started, from the index alone', async () => {
    lessonFetches.length = 0;
    await page.goto(url);
    await tid('course-list').locator('li').nth(lessonCount - 1).waitFor({ timeout: 20000 });
    const summaries = await tid('course-list').locator('.lesson-summary').allInnerTexts();
    expect(JSON.stringify(summaries) === JSON.stringify(courseIndex.lessons.map((l) => l.summary.en)), `summaries: ${summaries.slice(0, 2)}`);
    expect(lessonFetches.length === 0, `the list fetched lesson files: ${lessonFetches}`);
    // Where the build is split: once the panels below are drawn too, the code a lesson needs
    // (the files' and the lessons' chunks) is fetched ahead of the learner's click.
    if (fs.readdirSync(DIST).some((f) => /^split_lesson-/.test(f))) {
      await page.locator('a.skip-link[href="#timeline"]').waitFor({ state: 'attached', timeout: 20000 });
      await page.waitForFunction(() => ['split_files-', 'split_lesson-'].every((c) => performance.getEntriesByType('resource').some((e) => e.name.includes(c))), null, { timeout: 20000 });
    }
    expect(await page.getByRole('button', { name: 'Start the course' }).isVisible(), 'no "Start the course"');
    expect(await page.getByRole('button', { name: 'Free play' }).isVisible(), 'no "Free play"');
    const items = await tid('course-list').locator('li').count();
    expect(items === lessonCount, `${items} lessons listed, the index has ${lessonCount}`);
    const statuses = await tid('course-list').locator('.lesson-status').allInnerTexts();
    expect(statuses.every((s) => s === 'not started'), `statuses: ${statuses}`);
    expect(await page.getByRole('button', { name: 'Open the lesson Leader election and leader epochs' }).isVisible(), 'no lesson link by its title');
    await shot('course-1280-en.png');
  });

  await check('in free play (no course list) nothing of the lessons is fetched', async () => {
    if (!fs.readdirSync(DIST).some((f) => /^split_lesson-/.test(f))) return; // linked in: nothing to fetch
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await own.newPage();
    await p.goto(url);
    await p.getByRole('button', { name: 'Free play' }).click();
    await p.reload();
    await p.locator('a.skip-link[href="#timeline"]').waitFor({ state: 'attached', timeout: 20000 });
    await p.waitForTimeout(1500);
    const got = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => /^split_(files|lesson|course)-|^(?!index)[a-z0-9-]+\.json$/.test(n)));
    await own.close();
    expect(got.length === 0, `fetched in free play: ${got}`);
  });

  await check('a lesson opened by its link: predict, crash the leader, the checklist turns, the lesson completes', async () => {
    lessonFetches.length = 0;
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    expect(JSON.stringify(lessonFetches) === '["leader-election"]', `lesson files fetched: ${lessonFetches}`);
    expect((await tid('lesson-title').innerText()) === 'Leader election and leader epochs', 'title');
    let g = await goals();
    expect(g.length === 3 && g.every(([, checked, ro]) => checked === 'false' && ro === 'true'), `goals at the start: ${JSON.stringify(g)}`);
    const choices = await tid('lesson-prediction').getByRole('button').allInnerTexts();
    expect(JSON.stringify(choices) === JSON.stringify(['Broker 3', 'Broker 1', 'No leader (offline)']), `choices: ${choices}`);
    await page.getByRole('button', { name: 'Broker 3', exact: true }).click();
    expect((await tid('prediction-status').innerText()).startsWith('You answered Broker 3.'), await tid('prediction-status').innerText());
    await page.getByRole('button', { name: 'Crash broker 2 (kill -9)' }).click();
    g = await goals();
    expect(g[0][1] === 'true' && g[1][1] === 'false', `after the crash: ${JSON.stringify(g)}`);
    await shot('lesson-midway-1280-en.png');
    await page.click("[data-testid='step-10s']");
    await page.click("[data-testid='step-10s']");
    g = await goals();
    expect(g.every(([, checked]) => checked === 'true'), `after 20 s: ${JSON.stringify(g)}`);
    const done = page.getByRole('status').filter({ hasText: 'Lesson complete.' });
    expect(await done.isVisible(), 'no completion status');
    expect((await tid('prediction-status').innerText()) === 'Your prediction held: Broker 3.', await tid('prediction-status').innerText());
  });

  await check('the course remembers the lesson as done on the next visit', async () => {
    await page.goto(url);
    await tid('course-list').locator('li').nth(lessonCount - 1).waitFor({ timeout: 20000 });
    const item = tid('course-list').locator('li', { hasText: 'Leader election and leader epochs' });
    expect((await item.locator('.lesson-status').innerText()) === 'done', await item.locator('.lesson-status').innerText());
  });

  await check('an unknown lesson link shows the course with a message, not a blank page', async () => {
    await page.goto(`${url}?lesson=no-such-lesson`);
    await tid('lesson-message').waitFor({ timeout: 20000 });
    expect((await tid('lesson-message').innerText()).includes('There is no lesson "no-such-lesson"'), await tid('lesson-message').innerText());
    await tid('course-list').locator('li').first().waitFor();
    await page.goto(`${url}?lesson=%3Cimg%20src%3Dx%3E`);
    await tid('lesson-message').waitFor({ timeout: 20000 });
    expect((await tid('lesson-message').innerText()).includes('<img src=x>'), 'the id is shown as text');
    expect((await page.locator("img[src='x']").count()) === 0, 'markup in the link is never rendered');
  });

  await check('the lesson in Korean (a link with &lang=ko)', async () => {
    await page.goto(`${url}?lesson=leader-election&lang=ko`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    expect((await tid('lesson-title').innerText()) === '리더 선출과 리더 에포크', await tid('lesson-title').innerText());
    const g = await goals();
    expect(g.every(([t]) => /[\uAC00-\uD7A3]/.test(t)), `goals: ${JSON.stringify(g)}`);
    expect(await page.getByRole('button', { name: '풀이 보기' }).isVisible(), 'no "Show solution" in Korean');
    await shot('lesson-1280-ko.png');
  });

  await check('"Show solution" resets the lesson and plays its solution until every goal holds', async () => {
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    await page.selectOption("[data-testid='speed']", '10');
    await tid('lesson-solution').click();
    await page.getByRole('status').filter({ hasText: 'Lesson complete.' }).waitFor({ timeout: 20000 });
    const g = await goals();
    expect(g.every(([, checked]) => checked === 'true'), JSON.stringify(g));
    await tid('lesson-reset').click();
    const again = await goals();
    expect(again.every(([, checked]) => checked === 'false'), `after reset: ${JSON.stringify(again)}`);
  });

  await check('"Next lesson" opens the course\'s next lesson, and "Course list" closes it to the list', async () => {
    const ids = courseIndex.lessons.map((l) => l.id);
    const at = ids.indexOf('leader-election');
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    const next = JSON.parse(fs.readFileSync(`lessons/${ids[at + 1]}.json`, 'utf8'));
    await tid('lesson-next').click();
    await page.waitForFunction((id) => new URL(location.href).searchParams.get('lesson') === id, ids[at + 1], { timeout: 20000 });
    await page.waitForFunction((t) => document.querySelector("[data-testid='lesson-title']")?.textContent === t, next.title.en, { timeout: 20000 });
    expect((await tid('lesson-panel').getAttribute('aria-label')).includes(next.title.en), await tid('lesson-panel').getAttribute('aria-label'));
    await tid('lesson-course').click();
    await tid('course-list').locator('li').nth(lessonCount - 1).waitFor({ timeout: 20000 });
    expect((await tid('lesson-title').count()) === 0, 'the lesson is closed');
    expect(new URL(page.url()).searchParams.get('lesson') === null, `the link still names a lesson: ${page.url()}`);
    expect((await tid('lesson-panel').getAttribute('aria-label')) === 'Course', await tid('lesson-panel').getAttribute('aria-label'));
  });

  await check('a lesson whose code cannot be downloaded says so, and opens on the next try', async () => {
    const split = fs.readdirSync(DIST).some((f) => /^split_lesson-/.test(f));
    if (!split) return; // the code is linked in: nothing to download
    await page.goto(url);
    await tid('course-list').locator('li').nth(lessonCount - 1).waitFor({ timeout: 20000 });
    const block = (route) => route.abort();
    await page.route(/split_lesson-[0-9a-f]+\.wasm$/, block);
    await page.getByRole('button', { name: 'Open the lesson Leader election and leader epochs' }).click();
    await tid('lesson-message').waitFor({ timeout: 20000 });
    expect((await tid('lesson-message').innerText()).includes('could not be downloaded'), await tid('lesson-message').innerText());
    expect((await tid('lesson-title').count()) === 0, 'no lesson opened without its code');
    await page.unroute(/split_lesson-[0-9a-f]+\.wasm$/, block);
    await page.getByRole('button', { name: 'Open the lesson Leader election and leader epochs' }).click();
    await tid('lesson-title').waitFor({ timeout: 20000 });
    expect((await tid('lesson-title').innerText()) === 'Leader election and leader epochs', 'title');
  });

  await check('a lesson file that cannot be downloaded says so, and opens on the next try; a version-1 index lists titles from the files', async () => {
    await page.goto(url);
    await tid('course-list').locator('li').nth(lessonCount - 1).waitFor({ timeout: 20000 });
    const file = /\/lessons\/leader-election\.json$/;
    const block = (route) => route.abort();
    await page.route(file, block);
    const open = page.getByRole('button', { name: 'Open the lesson Leader election and leader epochs' });
    await open.click();
    await tid('lesson-message').waitFor({ timeout: 20000 });
    expect((await tid('lesson-message').innerText()).startsWith('The lesson could not be loaded'), await tid('lesson-message').innerText());
    expect((await tid('lesson-title').count()) === 0, 'no lesson opened without its file');
    await page.unroute(file, block);
    await open.click();
    await tid('lesson-title').waitFor({ timeout: 20000 });
    // An instructor's own course written before version 2: ids alone, so the list reads each file.
    const v1 = JSON.stringify({ format: 'kafka-sandbox-course', version: 1, lessons: ['leader-election', 'log-compaction'] });
    const index = /\/lessons\/index\.json$/;
    const serve = (route) => route.fulfill({ status: 200, contentType: 'application/json', body: v1 });
    await page.route(index, serve);
    lessonFetches.length = 0;
    await page.goto(url);
    await tid('course-list').getByRole('button', { name: 'Open the lesson Log compaction' }).waitFor({ timeout: 20000 });
    expect((await tid('course-list').locator('li').count()) === 2, 'the version-1 index lists two lessons');
    expect(JSON.stringify([...lessonFetches].sort()) === '["leader-election","log-compaction"]', `lesson files fetched: ${lessonFetches}`);
    await page.unroute(index, serve);
  });

  await check('a lesson whose start compresses opens once the codecs have arrived, and its solution completes it', async () => {
    const codecs = [];
    const onRequest = (r) => { if (/split_bytes-[0-9a-f]+\.wasm$/.test(r.url())) codecs.push(r.url()); };
    page.on('request', onRequest);
    await page.goto(`${url}?lesson=compression-and-batch-size`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    const split = fs.readdirSync(process.env.DIST || 'dist').some((f) => /^split_bytes-/.test(f));
    expect(!split || codecs.length === 1, `the codecs were fetched ${codecs.length} times`);
    expect((await page.locator("[data-testid='producer-config-1']").innerText()).includes('compression.type=lz4'), 'the lesson\'s lz4 producer');
    await page.selectOption("[data-testid='speed']", '10');
    await tid('lesson-solution').click();
    await page.getByRole('status').filter({ hasText: 'Lesson complete.' }).waitFor({ timeout: 30000 });
    page.off('request', onRequest);
  });

  await check('at-most-once: a consumer that commits before processing crashes mid-batch, and its records are never processed', async () => {
    await page.goto(`${url}?lesson=offsets-and-commits`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    await page.getByRole('button', { name: 'Crash consumer-3 (no LeaveGroup)' }).click();
    expect((await tid('timeline').innerText()).includes('consumer-3 stopped in the middle of processing'), 'no interrupted-processing line');
    await page.click("[data-testid='step-10s']");
    await page.click("[data-testid='step-10s']");
    const g = await goals();
    const skipped = g.find(([t]) => t.includes('alerts skipped'));
    expect(skipped && skipped[1] === 'true', `goals: ${JSON.stringify(g)}`);
    const n = Number(await tid('group-skipped-alerts').innerText());
    expect(n > 0, `never processed: ${n}`);
    expect((await tid('timeline').innerText()).includes('Nobody will process them (at-most-once)'), 'no skipped line');
    await shot('at-most-once-1280-en.png');
  });

  await check('presenter mode: larger type, and keys that act on the page but never in a field', async () => {
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await size();
    await page.getByRole('button', { name: 'Presenter' }).click();
    expect((await tid('presenter').getAttribute('aria-pressed')) === 'true', 'not pressed');
    expect((await size()) > before * 1.15, `type ${before} -> ${await size()}`);
    expect(page.url().includes('present=1'), page.url());
    const current = () => tid('lesson-steps').locator('li[aria-current="step"]').evaluate((li) => [...li.parentNode.children].indexOf(li));
    expect((await current()) === 0, 'step 1 is current at the start');
    // Typing in a field: nothing fires.
    await tid('consumer-group').fill('');
    await tid('consumer-group').type('n ?');
    expect((await current()) === 0, 'N fired while typing');
    expect((await tid('keys-dialog').count()) === 0, '? fired while typing');
    await page.locator('h1').click();
    await page.keyboard.press('n');
    expect((await current()) === 1, 'N did not move to step 2');
    const clock = await tid('clock').innerText();
    await page.keyboard.press('ArrowRight');
    expect((await tid('clock').innerText()) !== clock, '→ did not step');
    await page.keyboard.press(' ');
    expect((await tid('play').innerText()).includes('Pause'), 'Space did not play');
    await page.keyboard.press(' ');
    expect((await tid('play').innerText()).includes('Play'), 'Space did not pause');
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keys in presenter mode' });
    expect(await dialog.isVisible(), 'no list of keys');
    expect((await dialog.getByRole('row').count()) === 5, 'a table of four keys');
    await page.keyboard.press('Escape');
    expect((await tid('keys-dialog').count()) === 0, 'Escape did not close the list');
    await shot('presenter-1280-en.png');
    await page.getByRole('button', { name: 'Presenter' }).click();
    expect((await size()) === before, 'type back to normal');
    await page.keyboard.press('n');
    expect((await current()) === 1, 'keys act only in presenter mode');
  });

  await check('Open lesson file: a bad file is a message and the cluster stays; a good one opens', async () => {
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    await tid('lesson-maker').locator('summary').click();
    const input = page.getByLabel('Open lesson file');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "kafka-sandbox-lesson", "version": 1, "title": ') });
    await tid('maker-message').filter({ hasText: 'broken.json was not opened' }).waitFor({ timeout: 5000 });
    expect((await tid('lesson-title').innerText()) === 'Leader election and leader epochs', 'the lesson stayed');
    const future = JSON.parse(fs.readFileSync('lessons/leader-election.json', 'utf8'));
    future.version = 99;
    await input.setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(future)) });
    await tid('maker-message').filter({ hasText: 'version 99' }).waitFor({ timeout: 5000 });
    await input.setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(3 << 20, 32) });
    await tid('maker-message').filter({ hasText: 'at most' }).waitFor({ timeout: 5000 });
    await input.setInputFiles('lessons/log-compaction.json');
    await tid('maker-message').filter({ hasText: 'Opened log-compaction.json' }).waitFor({ timeout: 5000 });
    expect((await tid('lesson-title').innerText()) !== 'Leader election and leader epochs', 'the file opened');
  });

  await check('Save as lesson: the cluster now, the texts and a goal; the file opens again as a lesson', async () => {
    await page.goto(`${url}?lesson=leader-election`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    await page.click("[data-testid='step-10s']");
    await tid('lesson-maker').locator('summary').click();
    await tid('maker-save').click();
    expect((await tid('maker-message').innerText()) === 'Not saved: goal 1: leader_is_not: topic is needed', await tid('maker-message').innerText());
    await tid('maker-id').fill('my-election');
    await tid('maker-title-en').fill('My election');
    await tid('maker-title-ko').fill('나의 선출');
    await tid('maker-intro-en').fill('Broker 2 leads orders-0. Stop it and watch.');
    await tid('maker-steps-en').fill('Crash broker 2.\nWait 10 s.');
    await tid('maker-learned-en').fill('Another replica of the ISR leads.');
    await tid('maker-goal-kind-1').selectOption('leader_is_not');
    await tid('maker-goal-1-topic').fill('orders');
    await tid('maker-goal-1-partition').fill('0');
    await tid('maker-goal-1-broker').fill('2');
    await tid('maker-goal-1-en').fill('Broker 2 no longer leads orders-0');
    // A second goal, added and removed again with its own named button.
    await page.getByRole('button', { name: 'Add a goal' }).click();
    await tid('maker-goal-2-topic').waitFor();
    await page.getByRole('button', { name: 'Remove goal 2' }).click();
    expect((await tid('maker-goal-2').count()) === 0, 'goal 2 removed');
    const [download] = await Promise.all([page.waitForEvent('download'), tid('maker-save').click()]);
    expect(download.suggestedFilename() === 'my-election.json', download.suggestedFilename());
    const file = await download.path();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.format === 'kafka-sandbox-lesson' && saved.start.end_ms > 0, `start at ${saved.start.end_ms}`);
    expect(saved.goals[0].check.goal === 'leader_is_not' && saved.goals[0].check.broker === 2, JSON.stringify(saved.goals));
    expect((await tid('maker-message').innerText()).startsWith('Saved my-election.json'), await tid('maker-message').innerText());
    await page.getByLabel('Open lesson file').setInputFiles({ name: 'my-election.json', mimeType: 'application/json', buffer: fs.readFileSync(file) });
    await tid('lesson-title').filter({ hasText: 'My election' }).waitFor({ timeout: 5000 });
    expect(await tid('lesson-solution').isDisabled(), 'no solution to show');
  });

  await check('a lesson on a phone (390x844, Korean): no serious or critical axe violation, nothing wider than the screen', async () => {
    const phone = await context.newPage({ viewport: { width: 390, height: 844 } });
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${url}?lesson=acks-and-min-isr&lang=ko`);
    await phone.locator("[data-testid='lesson-title']").waitFor({ timeout: 20000 });
    // The instructors' panel open too, so its form is checked with the rest.
    await phone.locator("[data-testid='lesson-maker'] summary").click();
    await phone.addScriptTag({ content: axe });
    const v = await phone.evaluate(async () => (await window.axe.run(document)).violations
      .filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.nodes.length}`));
    expect(v.length === 0, `axe: ${v.join(', ')}`);
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(wide <= 390, `the page is ${wide} px wide`);
    if (SHOTS) await phone.screenshot({ path: path.join(SHOTS, 'lesson-390-ko.png') });
    if (SHOTS) await phone.locator("[data-testid='lesson-maker']").screenshot({ path: path.join(SHOTS, 'maker-390-ko.png') });
    await phone.close();
  });

  await check('no page errors', async () => { expect(problems.length === 0, problems.join('; ')); });
} finally {
  await browser.close();
  server.close();
}
finish('lessons');
