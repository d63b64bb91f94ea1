/**
 * A student on a phone (390×844) in a class whose partner is the server's bot: the newest arrival
 * stays on screen while they compose, the focus follows each screen change, the round's end links
 * to their own replay (which opens), the class's end is calm and links to their replays, and a
 * student who joins while a round runs is told what happens and when they play. Both languages.
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../client/src/i18n/ui';
import {
  HAVE_CHROMIUM, HostPage, PHONE, Player, SKIP_NOTE, WAIT, mod32, screenshot, switchTo, testIdOfFocus, text, useE2E, type Seg,
} from './helpers';

const ISN = 4021;
const VIEW = PHONE.viewport as { width: number; height: number };

describe.skipIf(!HAVE_CHROMIUM)(`a student on a phone${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E({ botDelayMs: 300 });

  /** Whether the element is wholly inside the viewport as it is scrolled now, and on top there (nothing covers its middle). */
  async function onScreen(page: Page, testId: string, nth = 0): Promise<{ box: { y: number; height: number } | null; inView: boolean; onTop: boolean }> {
    const el = page.getByTestId(testId).nth(nth);
    const box = await el.boundingBox();
    const inView = box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= VIEW.height && box.x + box.width <= VIEW.width;
    const onTop = box !== null && await el.evaluate((node, p) => {
      const hit = document.elementFromPoint(p.x, p.y);
      return hit !== null && (hit === node || node.contains(hit));
    }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    return { box, inView, onTop };
  }

  /**
   * The arrival just read from the inbox is its first (newest) line, and that line is on screen,
   * uncovered, together with the control the student used last — without anyone scrolling.
   */
  async function expectArrivalInView(p: Player, seg: Seg, used: string): Promise<void> {
    const scrollBefore = await p.page.evaluate(() => window.scrollY);
    const first = p.page.getByTestId('inbox-item').first();
    expect(await first.textContent()).toContain(p.t('inbox.arrived'));
    expect(await first.textContent()).toContain(`seq ${seg.seq}`);
    const line = await onScreen(p.page, 'inbox-item');
    const control = await onScreen(p.page, used);
    if (process.env.E2E_DEBUG) console.log(used, JSON.stringify({ line, control, scrollY: scrollBefore }));
    expect({ line: line.inView && line.onTop, control: control.inView, box: line.box }, `the arrival and ${used} on screen together`)
      .toMatchObject({ line: true, control: true });
    // Checking scrolled nothing.
    expect(await p.page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  }

  it('sees each arrival without scrolling while composing, gets the focus after every screen change, and opens their replay from the round end; both languages, screenshots', async () => {
    const host = await HostPage.create(b.env);
    // Delays long enough to see envelopes fly; the round ends by itself once the pair is done.
    await host.configure({ scenario: 'handshake', delayMin: 500, delayMax: 700, numbers: 'textbook', autoEnd: true });
    const me = await Player.join(b.env, host.code, 'Pip', false, PHONE);
    // After Join the lobby's heading has the focus (the lobby has no control of its own), not the page.
    await expect.poll(() => testIdOfFocus(me.page), { timeout: WAIT }).toBe('lobby-heading');
    await host.waitForStudents(['Pip']);

    // Round 1, in English: Pip plays the client, the bot the server.
    await host.startRound(1);
    await me.page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
    await expect.poll(() => testIdOfFocus(me.page), { timeout: WAIT }).toBe('flag-SYN');
    await me.waitForLine('inbox.app.connect');
    await me.sendCorrect({ flags: ['SYN'], seq: ISN, ack: 0, len: 0 }, 'SYN_SENT');
    const synAck = await me.nextArrival();
    expect(synAck.flags).toEqual(['SYN', 'ACK']);
    await expectArrivalInView(me, synAck, 'send-segment');
    // The lowest control of the composer too: the line stays in view wherever the student is in it.
    await me.page.getByTestId('declare-state').scrollIntoViewIfNeeded();
    await expectArrivalInView(me, synAck, 'declare-state');
    await me.page.locator('[data-testid="scene"] canvas').waitFor({ timeout: WAIT });
    await screenshot(me.page, 'student-phone-round-en');

    await me.sendCorrect({ flags: ['ACK'], seq: mod32(ISN + 1), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    await me.expectDone();
    // The round is over: its end offers the student's replay, and that link has the focus.
    const link = me.page.getByTestId('my-replay');
    await link.filter({ hasText: text('stud.replayRound') }).waitFor({ timeout: WAIT });
    await expect.poll(() => testIdOfFocus(me.page), { timeout: WAIT }).toBe('my-replay');
    expect((await onScreen(me.page, 'my-replay')).inView).toBe(true);
    await screenshot(me.page, 'student-phone-round-end-en');
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });

    // It opens in a new tab (the class goes on in this one) and shows the round, from the start to its end.
    const [replay] = await Promise.all([me.page.context().waitForEvent('page'), link.click()]);
    await replay.waitForLoadState();
    expect(new URL(replay.url()).search).toBe(`?code=${host.code}&mine=1&round=1&pair=pair1`);
    await replay.getByTestId('ladder').waitFor({ timeout: WAIT });
    await expect.poll(() => replay.getByTestId('replay-position').textContent(), { timeout: WAIT }).toMatch(/Event (\d+) of \1/);
    expect(Number(/of (\d+)/.exec((await replay.getByTestId('replay-position').textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(4);
    expect(await replay.locator('[data-testid^="ladder-segment-"]').count()).toBeGreaterThanOrEqual(3);
    await screenshot(replay, 'student-phone-own-replay');
    await replay.close();
    // The class page is still in the class.
    expect(await me.page.getByTestId('lobby').isVisible()).toBe(true);

    // Round 2, in Chinese: Pip plays the server (roles swap), and sees both arrivals.
    await switchTo(me.page, 'zh-CN');
    const zh = new Player(me.page, 'Pip', false, 'zh-CN');
    await host.startRound(2);
    await zh.page.getByTestId('round-title').filter({ hasText: zh.t('play.round', { n: 2, title: '三次握手' }) }).waitFor({ timeout: WAIT });
    await expect.poll(() => testIdOfFocus(zh.page), { timeout: WAIT }).toBe('flag-SYN');
    await zh.waitForLine('inbox.app.listen');
    await zh.declareCorrect('LISTEN');
    const syn = await zh.nextArrival();
    expect(syn.flags).toEqual(['SYN']);
    await expectArrivalInView(zh, syn, 'declare-state');
    await zh.sendCorrect({ flags: ['SYN', 'ACK'], seq: 9000, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    // The student scrolls down to read the feedback under the composer: the next arrival is still seen there.
    await zh.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => zh.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const ack = await zh.nextArrival();
    expect(ack.flags).toEqual(['ACK']);
    await expectArrivalInView(zh, ack, 'feedback');
    await expectArrivalInView(zh, ack, 'send-segment');
    await screenshot(zh.page, 'student-phone-round-zh');
    await zh.declare('ESTABLISHED');
    await zh.expectDone();
    await zh.page.getByTestId('my-replay').filter({ hasText: zh.t('stud.replayRound') }).waitFor({ timeout: WAIT });
    await expect.poll(() => testIdOfFocus(zh.page), { timeout: WAIT }).toBe('my-replay');
    expect(await zh.page.getByTestId('my-replay').getAttribute('href')).toBe(`/review.html?code=${host.code}&mine=1&round=2&pair=pair1`);
    await screenshot(zh.page, 'student-phone-round-end-zh');
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });

    // The class ends: a calm screen (no error, no round), the focus on "Your replays", which lists both rounds.
    await host.page.getByTestId('end-class').click();
    await host.page.getByTestId('end-class-confirm').click();
    const end = zh.page.getByTestId('class-ended-screen');
    await end.waitFor({ timeout: WAIT });
    expect(await zh.page.getByTestId('class-ended').textContent()).toBe(zh.t('stud.ended.text'));
    expect(await zh.page.getByTestId('connection-status').textContent()).toBe('');
    expect(await zh.page.getByTestId('round').isVisible()).toBe(false);
    expect(await zh.page.getByTestId('lobby').isVisible()).toBe(false);
    await expect.poll(() => testIdOfFocus(zh.page), { timeout: WAIT }).toBe('my-replays');
    await screenshot(zh.page, 'student-phone-class-ended-zh');
    await switchTo(zh.page, 'en');
    expect(await zh.page.getByTestId('class-ended').textContent()).toBe(text('stud.ended.text'));
    await screenshot(zh.page, 'student-phone-class-ended-en');
    await zh.page.getByTestId('my-replays').click();
    await zh.page.getByTestId('pair-1-pair1').waitFor({ timeout: WAIT });
    await zh.page.getByTestId('pair-2-pair1').waitFor({ timeout: WAIT });

    // Homework in this browser links to the class's replays too.
    await zh.page.goto(`${b.env.base}/#homework`);
    const hw = zh.page.getByTestId(`homework-replay-${host.code}`);
    await hw.waitFor({ timeout: WAIT });
    expect(await hw.getAttribute('href')).toBe(`/review.html?code=${host.code}&mine=1`);
  }, 120_000);

  /** What each host box in the scene says (its role, who plays it, the name), as the scene wrote it last. */
  async function sceneHosts(page: Page): Promise<Record<'client' | 'server', string[]> | null> {
    const hosts = await page.locator('[data-testid="scene"] canvas').getAttribute('data-hosts');
    return hosts ? (JSON.parse(hosts) as Record<'client' | 'server', string[]>) : null;
  }

  /**
   * The language switch as a click that does not move the keyboard focus (a synthetic click on the
   * switch): what the page redraws must leave the focus, and what was typed, where they were.
   */
  async function switchKeepingFocus(page: Page, lang: Lang): Promise<void> {
    await page.getByTestId('lang-switch').dispatchEvent('click');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe(lang);
  }

  it('switches language in the middle of a round on a phone: composer, timer words, the round end and the bot\'s name in the scene follow, and the focus stays where it was', async () => {
    const host = await HostPage.create(b.env);
    await host.configure({ scenario: 'handshake', delayMin: 500, delayMax: 700, numbers: 'textbook', autoEnd: true });
    const me = await Player.join(b.env, host.code, 'Mei', false, PHONE);
    await host.waitForStudents(['Mei']);
    await host.startRound(1);
    const page = me.page;
    await me.waitForLine('inbox.app.connect');
    await page.locator('[data-testid="scene"][data-scene="drawn"] canvas').waitFor({ timeout: WAIT });
    // The partner is the bot: the scene names it in English.
    await expect.poll(() => sceneHosts(page), { timeout: WAIT }).toEqual({
      client: [text('side.client'), text('scene.you'), 'Mei'],
      server: [text('side.server'), text('scene.partner'), text('play.bot')],
    });
    await me.sendCorrect({ flags: ['SYN'], seq: ISN, ack: 0, len: 0 }, 'SYN_SENT');
    // The timer's words (started, or already stopped by the SYN+ACK), in English.
    await expect.poll(() => page.getByTestId('timer-status').textContent(), { timeout: WAIT }).toMatch(/^Retransmission timer (started|stopped)/);

    // Half-way through the next segment: ACK on, a number typed, the cursor in the seq field.
    await page.getByTestId('seq-input').focus();
    await page.keyboard.type('a4022');
    expect(await page.getByTestId('flag-ACK').getAttribute('aria-pressed')).toBe('true');
    await switchKeepingFocus(page, 'zh-CN');
    const zh = new Player(page, 'Mei', false, 'zh-CN');
    expect(await testIdOfFocus(page), 'the focus after the switch').toBe('seq-input');
    expect(await page.getByTestId('seq-input').inputValue()).toBe('4022');
    expect(await page.getByTestId('flag-ACK').getAttribute('aria-pressed')).toBe('true');
    // The composer in Chinese.
    expect(await page.locator('#composer-heading').textContent()).toBe(zh.t('composer.heading'));
    expect(await page.getByTestId('send-segment').textContent()).toBe(zh.t('composer.send'));
    expect(await page.getByTestId('declare-state').textContent()).toBe(zh.t('composer.declare'));
    expect(await page.getByTestId('composer-keys').textContent()).toBe(zh.t('composer.keys'));
    expect(await page.getByTestId('state-select').locator('option').first().textContent()).toBe(zh.t('composer.stateNone'));
    expect(await page.getByLabel(zh.t('composer.seq'), { exact: true }).getAttribute('data-testid')).toBe('seq-input');
    // The timers' words: the same news, now in Chinese.
    expect(await page.getByTestId('timer-status').textContent()).toMatch(/计时器/);
    expect(await page.getByTestId('timer-status').textContent()).not.toMatch(/[a-z]{4,}/);
    // The round's heading, and the bot's name in the scene.
    expect(await page.getByTestId('round-title').textContent()).toBe(zh.t('play.round', { n: 1, title: '三次握手' }));
    await expect.poll(() => sceneHosts(page), { timeout: WAIT }).toEqual({
      client: [zh.t('side.client'), zh.t('scene.you'), 'Mei'],
      server: [zh.t('side.server'), zh.t('scene.partner'), zh.t('play.bot')],
    });
    await screenshot(page, 'student-phone-switched-mid-round-zh');

    // The round played to its end in Chinese.
    const synAck = await zh.nextArrival();
    // The last ACK ends the round once the bot has it: the end may come before this page has read the verdict.
    await zh.send({ flags: ['ACK'], seq: mod32(ISN + 1), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    const said = await zh.expectDone();
    expect(said).toContain(zh.t('play.done'));
    expect(said).not.toMatch(/[a-z]{4,}/);
    await expect.poll(() => testIdOfFocus(page), { timeout: WAIT }).toBe('my-replay');
    expect(await page.getByTestId('my-replay').textContent()).toBe(zh.t('stud.replayRound'));

    // …and switched back: the end of the round in English, the focus still on the replay link.
    await switchKeepingFocus(page, 'en');
    expect(await testIdOfFocus(page), 'the focus after the switch').toBe('my-replay');
    const back = (await page.getByTestId('feedback').textContent()) ?? '';
    expect(back).toContain(text('play.done'));
    expect(back).not.toContain(zh.t('play.done'));
    expect(await page.getByTestId('my-replay').textContent()).toBe(text('stud.replayRound'));
    expect(await page.getByTestId('send-segment').textContent()).toBe(text('composer.send'));
    await expect.poll(() => sceneHosts(page), { timeout: WAIT }).toEqual({
      client: [text('side.client'), text('scene.you'), 'Mei'],
      server: [text('side.server'), text('scene.partner'), text('play.bot')],
    });
  }, 90_000);

  it('a student who joins while a round runs is told what happens and that they play from the next round, in both languages', async () => {
    const host = await HostPage.create(b.env);
    await host.configure({ scenario: 'handshake', autoEnd: false });
    await Player.join(b.env, host.code, 'Ann', false, PHONE);
    await host.waitForStudents(['Ann']);
    await host.startRound(1);

    const late = await Player.join(b.env, host.code, 'Lu', false, PHONE);
    const said = late.page.getByTestId('late-joiner');
    await said.filter({ hasText: text('stud.late', { n: 1, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
    // Not in the round: no round screen, no composer.
    expect(await late.page.getByTestId('round').isVisible()).toBe(false);
    await expect.poll(() => testIdOfFocus(late.page), { timeout: WAIT }).toBe('lobby-heading');
    await screenshot(late.page, 'student-phone-late-joiner-en');
    await switchTo(late.page, 'zh-CN');
    await said.filter({ hasText: text('stud.late', { n: 1, title: '三次握手' }, 'zh-CN') }).waitFor({ timeout: WAIT });
    await screenshot(late.page, 'student-phone-late-joiner-zh');
    await switchTo(late.page, 'en');

    // The round ends: the lobby names Lu's partner and role for the next round, and Lu plays it.
    await host.endRound();
    await late.page.getByTestId('lobby-role').waitFor({ timeout: WAIT });
    expect(await said.count()).toBe(0);
    await host.startRound(2);
    await late.page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 2, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
    await expect.poll(() => testIdOfFocus(late.page), { timeout: WAIT }).toBe('flag-SYN');
  }, 90_000);
});
