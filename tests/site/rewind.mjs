// Rewind, Play from here and fork in the built site (dist/ from `trunk build --release`), as
// people use them: act on the cluster (produce, crash a broker, start a group), noting what
// every panel said at each moment; then move the time slider back with the keyboard and compare
// every panel with what it said then; step forward through the recorded past to the live
// moment; act in the past (a fork), Undo fork, and find the recorded future again. Prints
// "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { check, expect, finish, openSite, panelTexts } from './harness.mjs';

const SHOTS = process.env.SHOTS;

const { server, url, browser, problems, newPage } = await openSite();
const page = await newPage();
const tid = (id) => page.locator(`[data-testid='${id}']`);

const panels = () => panelTexts(page);
const same = (a, b) => {
  for (const k of Object.keys(a)) {
    expect(JSON.stringify(a[k]) === JSON.stringify(b[k]), `${k} differs:\n${JSON.stringify(b[k]).slice(0, 300)}\n${JSON.stringify(a[k]).slice(0, 300)}`);
  }
};
const slider = () => page.getByRole('slider', { name: /time/i });
const clock = async () => tid('clock').innerText();

const seen = {};
try {
  await check('the time slider spans the session and marks what happened', async () => {
    await page.goto(`${url}?lang=en`);
    await page.getByRole('button', { name: 'Free play' }).click();
    await tid('produce-key').fill('alice');
    await tid('produce-submit').click();
    await tid('step-10s').click();
    await page.getByRole('button', { name: /^Crash broker 2/ }).click();
    seen[10] = await panels();
    await tid('step-10s').click();
    await tid('consumer-add').click();
    seen[20] = await panels();
    await tid('step-10s').click();
    seen[30] = await panels();
    await tid('step-10s').click();
    seen[40] = await panels();
    const s = slider();
    expect((await s.getAttribute('min')) === '0' && (await s.getAttribute('max')) === '40000', `${await s.getAttribute('min')}..${await s.getAttribute('max')}`);
    expect((await s.getAttribute('aria-valuetext')) === '40.0 s of 40.0 s', await s.getAttribute('aria-valuetext'));
    const marks = await page.locator('.scrub-marks path').evaluateAll((ps) => Object.fromEntries(ps.map((p) => [p.getAttribute('class'), p.getAttribute('d')])));
    expect(marks['mark-broker'].startsWith('M250 0v10'), `the crash at 10 s of 40: ${marks['mark-broker']}`);
    expect(marks['mark-election'].length > 0 && marks['mark-rebalance'].length > 0, JSON.stringify(marks));
    expect((await tid('scrub-status').innerText()) === '', 'live: no status');
  });

  await check('rewinding shows every panel as it was at that moment', async () => {
    await slider().focus();
    await page.keyboard.press('Home');
    expect((await clock()) === '0.0 s', await clock());
    expect((await tid('scrub-status').innerText()).includes('earlier moment'), await tid('scrub-status').innerText());
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    same(await panels(), seen[20]);
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowLeft');
    same(await panels(), seen[10]);
    expect((await slider().getAttribute('aria-valuetext')) === '10.0 s of 40.0 s', await slider().getAttribute('aria-valuetext'));
    expect(await page.getByRole('button', { name: 'Play from here' }).isVisible(), 'Play from here is offered');
    if (SHOTS) { fs.mkdirSync(SHOTS, { recursive: true }); await page.screenshot({ path: path.join(SHOTS, 'rewind-1280-en.png') }); }
  });

  await check('stepping on from the past replays what was done, to the live moment', async () => {
    await tid('step-10s').click();
    same(await panels(), seen[20]);
    await tid('step-10s').click();
    same(await panels(), seen[30]);
    await tid('step-10s').click();
    same(await panels(), seen[40]);
    expect((await tid('scrub-status').innerText()) === '', 'live again');
    expect((await page.getByRole('button', { name: 'Play from here' }).count()) === 0, 'nothing to play from: this is now');
  });

  await check('Play from here plays the recorded past on from the shown moment', async () => {
    await slider().focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Play from here' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1200);
    const t = parseFloat(await clock());
    expect(t > 0.4 && t < 40, `the clock runs from the start: ${t}`);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect((await tid('scrub-status').innerText()).includes('earlier moment'), 'still the recorded past');
    await page.getByRole('button', { name: 'Back to now' }).click();
    same(await panels(), seen[40]);
  });

  await check('acting in the past forks; Undo fork puts the recorded future back', async () => {
    await slider().focus();
    await page.keyboard.press('PageUp'); // the previous marked event
    const at = await clock();
    expect(at !== '40.0 s', at);
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
    const t = await clock();
    const shown = await panels();
    await page.getByRole('button', { name: /^Crash broker 3/ }).click();
    expect((await tid('scrub-status').innerText()) === '', 'a fork is live');
    expect((await slider().getAttribute('max')) === String(Math.round(parseFloat(t) * 1000)), `the future was dropped: max ${await slider().getAttribute('max')}`);
    const told = await tid('timeline').locator('li.fork').innerText();
    expect(told.includes('you acted in the past') && told.includes('40.0 s'), told);
    expect((await page.locator('.scrub-marks path.mark-fork').getAttribute('d')).length > 0, 'the fork is marked');
    await tid('step-10s').click();
    await page.getByRole('button', { name: 'Undo fork' }).click();
    expect((await clock()) === t, `back at the fork: ${await clock()} vs ${t}`);
    same(await panels(), shown);
    expect((await page.getByRole('button', { name: 'Undo fork' }).count()) === 0, 'one undo');
    await page.getByRole('button', { name: 'Back to now' }).click();
    same(await panels(), seen[40]);
  });

  await check('the slider and its buttons speak Korean', async () => {
    await tid('language').selectOption('ko');
    const s = page.getByRole('slider', { name: /시간/ });
    expect((await s.getAttribute('aria-valuetext')) === '40.0초 중 40.0초', await s.getAttribute('aria-valuetext'));
    await s.focus();
    await page.keyboard.press('Home');
    expect(await page.getByRole('button', { name: '여기서부터 재생' }).isVisible(), 'Play from here in Korean');
    expect(await page.getByRole('button', { name: '현재로 돌아가기' }).isVisible(), 'Back to now in Korean');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'rewind-1280-ko.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'rewind-390-ko.png') });
    await tid('language').selectOption('en');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'rewind-390-en.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await check('a broker stopped before the tick\'s chunk arrived is part of the start the slider goes back to', async () => {
    // The history's copy of a session comes with the tick's chunk: the first screen's start is
    // copied once it is here, before the first step, with what was done meanwhile.
    const q = await newPage();
    let release;
    const held = new Promise((r) => { release = r; });
    await q.route(/split_ticks-[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
    await q.goto(`${url}?lang=en`);
    await q.locator("[data-testid='cluster-view']").waitFor();
    expect(await q.locator("[data-testid='play']").isDisabled(), 'Play waits for the tick');
    await q.getByRole('button', { name: /^Stop broker 2/ }).click();
    await q.getByRole('button', { name: /^Restart broker 2/ }).waitFor();
    release();
    // The panels below the first screen come after the tick: the start as every panel shows it.
    await q.locator("[data-testid='step-10s']:not([disabled])").waitFor();
    await q.locator("[data-testid^='hw-']").first().waitFor();
    const start = await panelTexts(q);
    await q.locator("[data-testid='step-10s']").click();
    await q.getByRole('button', { name: /^Restart broker 2/ }).click();
    await q.locator("[data-testid='step-10s']").click();
    const s = q.getByRole('slider', { name: /time/i });
    expect((await s.getAttribute('max')) === '20000', `${await s.getAttribute('max')}`);
    await s.focus();
    await q.keyboard.press('Home');
    expect((await q.locator("[data-testid='clock']").innerText()) === '0.0 s', await q.locator("[data-testid='clock']").innerText());
    const back = await panelTexts(q);
    for (const k of Object.keys(start)) {
      expect(JSON.stringify(start[k]) === JSON.stringify(back[k]), `${k} differs at 0 s:\n${JSON.stringify(back[k]).slice(0, 300)}\n${JSON.stringify(start[k]).slice(0, 300)}`);
    }
    await q.close();
  });

  await check('no page errors', async () => expect(problems.length === 0, problems.join('\n')));
} finally {
  await browser.close();
  server.close();
}
finish('rewind');
