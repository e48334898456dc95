// Share links and session files in the built site (dist/ from `trunk build --release`), as
// people use them: act on the cluster (produce, stop a broker, start a group), press Share, open
// the link in a new page and compare what every panel says; a lesson shared mid-way opens with
// its checklist where it was; Save session file and Open session file; bad links and files are
// a message and leave a working page. Prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { check, expect, finish, openSite, panelTexts } from './harness.mjs';

const SHOTS = process.env.SHOTS;

const { server, url, browser, problems, newPage: open } = await openSite();
const panels = panelTexts;

let link = '';
let before = null;
try {
  const page = await open();
  const tid = (id) => page.locator(`[data-testid='${id}']`);
  await check('act, then Share puts the whole session in a link', async () => {
    await page.goto(`${url}?lang=en`);
    await page.getByRole('button', { name: 'Free play' }).click();
    await tid('produce-key').fill('alice');
    await tid('produce-submit').click();
    await tid('step-10s').click();
    await page.getByRole('button', { name: /^Stop broker 2/ }).click();
    await tid('consumer-add').click();
    await tid('step-10s').click();
    await tid('step-10s').click();
    await tid('share').click();
    // The link is made by the files' chunk: on a page that has not loaded it yet, a moment later.
    const linkBox = page.getByRole('textbox', { name: 'Share link' });
    await page.waitForFunction((el) => el.value !== '', await linkBox.elementHandle(), { timeout: 20000 });
    link = await linkBox.inputValue();
    expect(link.includes('#s='), link);
    expect(link.length < 2048, `${link.length} characters`);
    expect((await tid('share-message').innerText()).includes('characters'), await tid('share-message').innerText());
    before = await panels(page);
  });

  await check('pointing at the share panel fetches the code Share needs, before the click', async () => {
    const DIST = process.env.DIST || 'dist';
    if (!fs.readdirSync(DIST).some((f) => /^split_files-/.test(f))) return; // linked in: nothing to fetch
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Free play from the start: no course list, so nothing has fetched the files' chunk.
    await own.addInitScript(() => localStorage.setItem('kafka-sandbox-free-play', '1'));
    const p = await own.newPage();
    const files = () => p.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('split_files-')).length);
    await p.goto(`${url}?lang=en`);
    await p.locator('a.skip-link[href="#timeline"]').waitFor({ state: 'attached', timeout: 20000 });
    await p.waitForTimeout(1000);
    const before = await files();
    await p.locator("[data-testid='share']").hover();
    await p.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('split_files-')), null, { timeout: 10000 });
    await p.locator("[data-testid='share']").click();
    const box = p.getByRole('textbox', { name: 'Share link' });
    await p.waitForFunction((el) => el.value.includes('#s='), await box.elementHandle(), { timeout: 20000 });
    await own.close();
    expect(before === 0, `the files' chunk was fetched before the pointer came: ${before}`);
  });

  await check('while the code Share needs downloads, the panel says the link is being made; then the link comes', async () => {
    const DIST = process.env.DIST || 'dist';
    if (!fs.readdirSync(DIST).some((f) => /^split_files-/.test(f))) return; // linked in: nothing to wait for
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await own.addInitScript(() => localStorage.setItem('kafka-sandbox-free-play', '1'));
    const p = await own.newPage();
    // The files' chunk held back until released: a slow network.
    let release;
    const held = new Promise((r) => { release = r; });
    await p.route(/split_files-[0-9a-f]+\.wasm$/, async (r) => { await held; await r.continue(); });
    await p.goto(`${url}?lang=en`);
    await p.locator('a.skip-link[href="#timeline"]').waitFor({ state: 'attached', timeout: 20000 });
    await p.locator("[data-testid='share']").click();
    const message = p.locator("[data-testid='share-message']");
    await message.filter({ hasText: 'Making the link…' }).waitFor({ timeout: 5000 });
    const box = p.getByRole('textbox', { name: 'Share link' });
    const empty = await box.inputValue();
    release();
    await p.waitForFunction((el) => el.value.includes('#s='), await box.elementHandle(), { timeout: 20000 });
    const after = await message.innerText();
    await own.close();
    expect(empty === '', `a link before the code came: ${empty}`);
    expect(after.includes('characters') && !after.includes('Making'), after);
  });

  await check('the link opens the same cluster at the same moment in a new page', async () => {
    const other = await open();
    await other.goto(link);
    await other.locator("[data-testid='share-message']").filter({ hasText: 'replayed' }).waitFor({ timeout: 20000 });
    const after = await panels(other);
    for (const k of Object.keys(before)) {
      expect(JSON.stringify(after[k]) === JSON.stringify(before[k]), `${k} differs:\n${JSON.stringify(before[k]).slice(0, 400)}\n${JSON.stringify(after[k]).slice(0, 400)}`);
    }
    expect(before.timeline.length > 3 && before.groups.length > 0, 'the comparison saw the panels');
    if (SHOTS) { fs.mkdirSync(SHOTS, { recursive: true }); await other.screenshot({ path: path.join(SHOTS, 'shared-1280-en.png') }); }
    await other.close();
  });

  await check('a lesson shared mid-way opens in its language with its checklist where it was', async () => {
    await page.goto(`${url}?lesson=leader-election&lang=ko`);
    await tid('lesson-title').waitFor({ timeout: 20000 });
    await page.getByRole('button', { name: /브로커 2 강제 종료/ }).click();
    const goals = (p) => p.locator("[data-testid='lesson-goals'] [role='checkbox']").evaluateAll((els) => els.map((e) => e.getAttribute('aria-checked')));
    const held = await goals(page);
    expect(held.includes('true'), `goals: ${held}`);
    await tid('share').click();
    const lessonBox = page.getByRole('textbox', { name: '공유 링크' });
    await page.waitForFunction((el) => el.value !== '', await lessonBox.elementHandle(), { timeout: 20000 });
    const lessonLink = await lessonBox.inputValue();
    const other = await open();
    // A slow download of the Korean words (the hosted build fetches them) must not show the
    // shared lesson in English meanwhile.
    await other.route('**/locales-ko-*.txt', async (r) => { await new Promise((z) => setTimeout(z, 1500)); await r.continue(); });
    await other.goto(lessonLink.replace('?lesson=leader-election&lang=ko', ''));
    await other.locator("[data-testid='lesson-title']").waitFor({ timeout: 20000 });
    expect((await other.locator("[data-testid='lesson-title']").innerText()) === '리더 선출과 리더 에포크', 'the lesson, in Korean');
    expect(JSON.stringify(await goals(other)) === JSON.stringify(held), `goals ${await goals(other)} vs ${held}`);
    await other.close();
  });

  await check('Save session file, then Open session file replays it', async () => {
    await page.goto(`${url}?lang=en`);
    await tid('step-10s').click();
    const clock = await tid('clock').innerText();
    const [download] = await Promise.all([page.waitForEvent('download'), tid('save-session').click()]);
    const file = await download.path();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.format === 'kafka-sandbox-session' && saved.end_ms === 10000, JSON.stringify(saved).slice(0, 200));
    await tid('reset').click();
    expect((await tid('clock').innerText()) !== clock, 'reset');
    await page.getByLabel('Open session file').setInputFiles(file);
    await tid('share-message').filter({ hasText: 'was replayed' }).waitFor({ timeout: 10000 });
    expect((await tid('clock').innerText()) === clock, `${await tid('clock').innerText()} vs ${clock}`);
  });

  await check('bad files and links are a message, and the page keeps working', async () => {
    const clock = await tid('clock').innerText();
    await page.getByLabel('Open session file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "kafka-sandbox-session", "version": 9') });
    await tid('share-message').filter({ hasText: 'bad.json was not opened' }).waitFor({ timeout: 5000 });
    expect((await tid('clock').innerText()) === clock, 'the session stayed');
    const future = { format: 'kafka-sandbox-session', version: 9, config: {}, end_ms: 0, commands: [] };
    await page.getByLabel('Open session file').setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(future)) });
    await tid('share-message').filter({ hasText: 'newer Kafka Sandbox' }).waitFor({ timeout: 5000 });
    for (const bad of [link.slice(0, link.length - 40), link.replace('#s=', '#s=@@'), `${url}#s=${'A'.repeat(70000)}`]) {
      const other = await open();
      await other.goto(bad);
      const msg = other.locator("[data-testid='share-message']");
      await msg.filter({ hasText: 'The link was not opened' }).waitFor({ timeout: 20000 });
      expect(await other.getByRole('alert').filter({ hasText: 'The link was not opened' }).isVisible(), 'an alert');
      await other.locator("[data-testid='step-10s']").click();
      expect((await other.locator("[data-testid='clock']").innerText()).startsWith('10'), 'the page still runs');
      await other.close();
    }
  });

  await check('no page errors', async () => { expect(problems.length === 0, problems.join('; ')); });
} finally {
  await browser.close();
  server.close();
}
finish('share');
