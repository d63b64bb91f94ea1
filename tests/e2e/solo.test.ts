/**
 * One person in a real browser: the language switch (English / 简体中文, remembered) and homework
 * mode against the bot in the page. Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXT, findScenario, type Side } from '../../shared/index';
import { UI_TEXT, type Lang, type TextKey } from '../../client/src/i18n/ui';
import { DESKTOP, HAVE_CHROMIUM, PHONE, Player, SKIP_NOTE, WAIT, mod32, screenshot, text, textPattern, useE2E } from './helpers';

describe.skipIf(!HAVE_CHROMIUM)(`one player in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E();

  /** Texts of the landing page, by where they show. */
  const LANDING: [TextKey, (p: Page) => ReturnType<Page['getByTestId']>][] = [
    ['join.heading', (p) => p.locator('#join-heading')],
    ['join.submit', (p) => p.getByTestId('join-submit')],
    ['host.create', (p) => p.getByTestId('host-create')],
    ['hw.open', (p) => p.getByTestId('homework-open')],
    ['lang.switch', (p) => p.getByTestId('lang-switch')],
    ['app.tagline', (p) => p.locator('.tagline')],
  ];

  async function expectLanding(page: Page, lang: Lang): Promise<void> {
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe(lang);
    for (const [key, where] of LANDING) {
      expect(UI_TEXT[key].en, key).not.toBe(UI_TEXT[key]['zh-CN']);
      await expect.poll(() => where(page).textContent(), { timeout: WAIT }).toBe(text(key, undefined, lang));
    }
    // The class code field is labelled in the same language.
    expect(await page.getByLabel(text('join.code', undefined, lang), { exact: true }).getAttribute('data-testid')).toBe('join-code');
    expect(await page.getByTestId('lang-switch').getAttribute('aria-label')).toBe(text('lang.switchLabel', undefined, lang));
  }

  it('switches the interface to 简体中文 and back, and remembers the choice after a reload', async () => {
    const page = await e2e.env.page('lang', DESKTOP);
    await page.goto(e2e.env.base);
    await expectLanding(page, 'en');
    // A message already on the page is rewritten too: the refusal of an empty class code.
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('join-error').textContent()).toBe(ERROR_TEXT['bad-code'].en);

    await page.getByTestId('lang-switch').click();
    await expectLanding(page, 'zh-CN');
    expect(await page.getByTestId('join-error').textContent()).toBe(ERROR_TEXT['bad-code']['zh-CN']);
    expect(await page.getByTestId('join-submit').textContent()).toBe('加入');
    expect(await page.evaluate(() => localStorage.getItem('synack.lang'))).toBe('zh-CN');

    await page.reload();
    await expectLanding(page, 'zh-CN');
    // Another screen opens in Chinese as well.
    await page.getByTestId('homework-open').click();
    await page.getByTestId('homework-form').getByText(text('hw.heading2', undefined, 'zh-CN')).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('homework-start').textContent()).toBe(text('hw.start', undefined, 'zh-CN'));
    expect(await page.getByTestId('homework-scenario').locator('option').first().textContent()).toContain('三次握手');
    await screenshot(page, 'homework-form-zh');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('homework-form').getByText(text('hw.heading2')).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('homework-scenario').locator('option').first().textContent()).toContain('Handshake');
    await page.reload();
    await page.getByTestId('homework-start').filter({ hasText: text('hw.start') }).waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // A first visit from a Chinese browser starts in Chinese.
    const zh = await e2e.env.page('zh-browser', { ...DESKTOP, locale: 'zh-CN' });
    await zh.goto(e2e.env.base);
    await expectLanding(zh, 'zh-CN');
  }, 60_000);

  it('homework: plays the handshake as the server against the bot in the page, to the end', async () => {
    const page = await e2e.env.page('homework', PHONE);
    await page.goto(e2e.env.base);
    await page.getByTestId('homework-open').click();
    await page.getByTestId('homework-scenario').selectOption('handshake');
    await page.getByTestId('homework-side').selectOption('server');
    await page.getByTestId('homework-mode').selectOption('practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-start').click();

    const me = new Player(page, 'homework');
    // Practice uses textbook numbers: the composer says a small ISN will do.
    expect(await page.getByTestId('textbook-hint').isVisible()).toBe(true);
    await page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
    await page.getByTestId('round-role').filter({ hasText: text('play.you', { side: text('side.server'), mode: text('mode.practice'), partner: text('play.bot') }) }).waitFor();
    await me.waitForLine('inbox.app.listen');
    await me.declareCorrect('LISTEN');

    const syn = await me.nextArrival();
    expect(syn).toMatchObject({ flags: ['SYN'], len: 0 });
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 4294967000, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const ack = await me.nextArrival();
    expect(ack).toMatchObject({ flags: ['ACK'], seq: mod32(syn.seq + 1), ack: 4294967001, len: 0 });

    // Declaring ESTABLISHED ends the round by itself: "You are done!", what was achieved, the score.
    await page.getByTestId('state-select').selectOption('ESTABLISHED');
    await page.getByTestId('declare-state').click();
    const said = await me.expectDone();
    expect(said).toContain(findScenario('handshake')!.achieved!.en);
    expect(said).toMatch(textPattern('play.scoreAnswers'));
    expect(Number(await page.getByTestId('score').textContent())).toBeGreaterThan(0);
    await page.getByTestId('homework-again').waitFor();
    // A phone keeps the scene in view (sticky) while the player scrolls: a viewport shot shows what they see.
    await screenshot(page, 'homework-finished-phone');
  }, 60_000);

  /** Open homework mode with these choices and start; the page's player. */
  async function homework(page: Page, o: { scenario: string; side: Side; mode?: 'practice' | 'assessment'; numbers?: 'auto' | 'textbook' | 'random' }): Promise<Player> {
    if (!(await page.getByTestId('homework-form').isVisible().catch(() => false))) {
      await page.goto(e2e.env.base);
      await page.getByTestId('homework-open').click();
    }
    await page.getByTestId('homework-scenario').selectOption(o.scenario);
    await page.getByTestId('homework-side').selectOption(o.side);
    await page.getByTestId('homework-mode').selectOption(o.mode ?? 'practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-numbers').selectOption(o.numbers ?? 'auto');
    await page.getByTestId('homework-start').click();
    const title = findScenario(o.scenario)!.title.en;
    await page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title }) }).waitFor({ timeout: WAIT });
    return new Player(page, `homework-${o.scenario}-${o.side}`);
  }

  /** Keystrokes and clicks (or taps) as a person makes them, counted. */
  class Hands {
    n = 0;
    constructor(private readonly page: Page) {}
    async click(target: ReturnType<Page['getByTestId']>): Promise<void> {
      this.n += 1;
      await target.click();
    }
    async press(key: string): Promise<void> {
      this.n += 1;
      await this.page.keyboard.press(key);
    }
    async type(chars: string): Promise<void> {
      this.n += chars.length;
      await this.page.keyboard.type(chars);
    }
    /** Open the list and pick the entry: two taps. */
    async choose(target: ReturnType<Page['getByTestId']>, value: string): Promise<void> {
      this.n += 2;
      await target.selectOption(value);
    }
  }

  it('numbers people can type: a correct third-handshake ACK takes far fewer keystrokes with textbook numbers or pasting than typing random ones', async () => {
    const page = await e2e.env.page('keystrokes', PHONE);
    const counts: Record<string, number> = {};
    const carriedToFirst: Record<string, boolean> = {};
    const routes = [
      { name: 'typing, random ISNs', numbers: 'random', paste: false },
      { name: 'typing, textbook ISNs', numbers: 'textbook', paste: false },
      { name: 'pasting, textbook ISNs', numbers: 'textbook', paste: true },
      { name: 'pasting, random ISNs', numbers: 'random', paste: true },
    ] as const;
    for (const route of routes) {
      if (await page.getByTestId('homework-choose').isVisible().catch(() => false)) await page.getByTestId('homework-choose').click();
      const me = await homework(page, { scenario: 'handshake', side: 'client', numbers: route.numbers });
      await me.waitForLine('inbox.app.connect');
      // The student's own ISN: a textbook one when the round suggests it.
      const isn = route.numbers === 'textbook' ? 300 : 4021;
      await me.sendCorrect({ flags: ['SYN'], seq: isn, ack: 0, len: 0 }, 'SYN_SENT');
      const synAck = await me.nextArrival();
      if (route.numbers === 'textbook') expect(synAck.seq).toBeLessThan(1000);
      // The SYN's numbers went in by the last field the composer used; start from seq, as a person does.
      await page.getByTestId('seq-input').focus();
      const hands = new Hands(page);
      await hands.click(page.getByTestId('flag-ACK'));
      const peerIsn = String(synAck.seq);
      const wantAck = String(mod32(synAck.seq + 1));
      if (route.paste) {
        const arrived = page.getByTestId('inbox-item').filter({ hasText: text('inbox.arrived') }).first();
        // The SYN+ACK's ack is our next seq: tap it, it goes into seq (the field used last).
        await hands.click(arrived.locator('[data-testid="inbox-num"][data-field="ack"]'));
        expect(await page.getByTestId('seq-input').inputValue()).toBe(String(isn + 1));
        // Its seq, into ack: tap the ack field, then the number; the +1 is the student's to type.
        await hands.click(page.getByTestId('ack-input'));
        await hands.click(arrived.locator('[data-testid="inbox-num"][data-field="seq"]'));
        expect(await page.getByTestId('ack-input').inputValue()).toBe(peerIsn);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ack-input');
        let same = 0;
        while (same < peerIsn.length && peerIsn[same] === wantAck[same]) same++;
        carriedToFirst[route.name] = same === 0;
        for (let i = same; i < peerIsn.length; i++) await hands.press('Backspace');
        await hands.type(wantAck.slice(same));
      } else {
        await hands.click(page.getByTestId('seq-input'));
        await hands.press('ControlOrMeta+A');
        await hands.type(String(isn + 1));
        await hands.click(page.getByTestId('ack-input'));
        await hands.type(wantAck);
      }
      expect(await page.getByTestId('ack-input').inputValue()).toBe(wantAck);
      await hands.choose(page.getByTestId('state-select'), 'ESTABLISHED');
      const feedback = page.getByTestId('feedback');
      await hands.click(page.getByTestId('send-segment'));
      await expect.poll(() => feedback.getAttribute('data-kind'), { timeout: WAIT }).toBe('done');
      expect((await me.inbox()).filter((e) => e.kind === 'sent').at(-1)?.seg).toEqual({ flags: ['ACK'], seq: isn + 1, ack: Number(wantAck), len: 0 });
      counts[route.name] = hands.n;
    }
    console.log(`[keystrokes] a correct third-handshake ACK (keys + taps): ${JSON.stringify(counts)}`);
    expect(counts['typing, random ISNs']).toBeGreaterThan(counts['typing, textbook ISNs']!);
    // Pasting saves typing the numbers, except the digits the +1 changes: when it carries into the
    // first digit (a peer ISN of 199, 299, … 999: 1 % of textbook rounds) every digit is erased and
    // typed again, one more than typing them (999 → 1000: 3 erased, 4 typed), against a typing round
    // whose own peer ISN had no such carry.
    if (carriedToFirst['pasting, textbook ISNs']) expect(counts['pasting, textbook ISNs']).toBeLessThanOrEqual(counts['typing, textbook ISNs']! + 1);
    else expect(counts['pasting, textbook ISNs']).toBeLessThan(counts['typing, textbook ISNs']!);
    // Pasting does not depend on how long the numbers are (only a carry in the +1 adds a key or two).
    expect(counts['pasting, random ISNs']).toBeLessThanOrEqual(12);
    expect(counts['pasting, random ISNs']).toBeLessThan(counts['typing, random ISNs']!);
  }, 90_000);

  it('assessment: only "answer recorded" and no score, streak or correctness until the round ends', async () => {
    const page = await e2e.env.page('assessment', DESKTOP);
    const me = await homework(page, { scenario: 'handshake', side: 'client', mode: 'assessment' });
    expect(await page.getByTestId('score-held').isVisible()).toBe(true);
    await me.waitForLine('inbox.app.connect');
    // A wrong first segment: recorded, carried on by the network, and nothing says it was wrong.
    const said = await me.send({ flags: ['SYN', 'ACK'], seq: 4021, ack: 1, len: 0 }, 'SYN_SENT');
    expect(said).toBe(text('feedback.recorded'));
    expect(await page.getByTestId('feedback-flags').count()).toBe(0);
    expect([await page.getByTestId('score').textContent(), await page.getByTestId('streak').textContent()]).toEqual(['0', '0']);
    // The player's own segment is shown as sent; nothing is labelled as sent for them.
    expect((await me.inbox()).filter((e) => e.kind === 'sent' || e.kind === 'sentAuto').map((e) => [e.kind, e.seg?.flags])).toEqual([['sent', ['SYN', 'ACK']]]);
    const synAck = await me.nextArrival();
    expect(await me.send({ flags: ['ACK'], seq: 4022, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED')).toBe(text('feedback.recorded'));
    // Read as the answer came (the round may end a moment later and show the score then).
    expect(me.scoreAtAnswer).toBe('0');
    // The round is over: now, and only now, the score.
    await me.expectDone();
    await expect.poll(async () => Number(await page.getByTestId('score').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('score-held').isVisible()).toBe(false);
  }, 60_000);

  it('close(): a pure ACK declared LAST_ACK is refused (LAST_ACK begins with the FIN); the FIN+ACK is accepted and the round plays to the end', async () => {
    const page = await e2e.env.page('close-rule', DESKTOP);
    const me = await homework(page, { scenario: 'lost-final-ack', side: 'server' });
    await me.waitForLine('inbox.declaredAuto', { state: 'ESTABLISHED' });
    const fin = await me.nextArrival((seg) => seg.flags.includes('FIN'));
    await me.waitForLine('inbox.app.close');
    const seq = await me.nextSeq();
    const wrong = await me.send({ flags: ['ACK'], seq, ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');
    expect(wrong).toContain(text('feedback.wrongSend'));
    await expect.poll(() => page.getByTestId('feedback-state').getAttribute('data-rule')).toBe('state.close-waits-for-fin');
    await me.sendCorrect({ flags: ['ACK', 'FIN'], seq, ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');
    // The client's last ACK is lost (the scenario): the server's timer finds out, and it sends its FIN again.
    await me.waitForLine('inbox.timer.retransmit');
    await me.sendCorrect({ flags: ['ACK', 'FIN'], seq, ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');
    await me.nextArrival((s) => s.flags.join() === 'ACK');
    await me.declareCorrect('CLOSED');
    // The client's TIME_WAIT runs out (2×MSL of network time), and the pair is done.
    expect(await me.expectDone()).toContain(findScenario('lost-final-ack')!.achieved!.en);
  }, 60_000);

  it('abort (issue 16): homework lists it; the client\'s app aborts after the data, a FIN is refused, the RST at SND.NXT ends the round', async () => {
    const page = await e2e.env.page('abort', DESKTOP);
    const me = await homework(page, { scenario: 'abort', side: 'client' });
    await me.waitForLine('inbox.app.connect');
    await me.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    const synAck = await me.nextArrival();
    await me.waitForLine('inbox.app.send', { bytes: 100 });
    await me.sendCorrect({ flags: ['ACK', 'PSH'], seq: 301, ack: mod32(synAck.seq + 1), len: 100 }, 'ESTABLISHED');
    const reply = await me.nextArrival((s) => s.len > 0);
    expect(reply).toMatchObject({ len: 60, ack: 401 });
    await me.waitForLine('inbox.app.abort');
    // An abort is no close: the FIN is refused, with the abort's own rule.
    const fin = await me.send({ flags: ['ACK', 'FIN'], seq: 401, ack: mod32(reply.seq + 60), len: 0 });
    expect(fin).toContain(text('feedback.wrongSend'));
    await expect.poll(() => page.getByTestId('feedback-flags').getAttribute('data-rule')).toBe('flags.abort-sends-rst');
    await me.sendCorrect({ flags: ['RST'], seq: 401, ack: 0, len: 0 }, 'CLOSED');
    expect(await me.expectDone()).toContain(findScenario('abort')!.achieved!.en);
  }, 60_000);

  it('incarnation (issue 16): homework as the server: an old duplicate SYN comes with the client’s FIN and gets the one ACK; the client’s new SYN opens a new connection from TIME_WAIT', async () => {
    const page = await e2e.env.page('incarnation', DESKTOP);
    const me = await homework(page, { scenario: 'incarnation', side: 'server' });
    await me.waitForLine('inbox.app.listen');
    await me.declareCorrect('LISTEN');
    const syn = await me.nextArrival();
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 900, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    await me.nextArrival();
    await me.waitForLine('inbox.app.close');
    await me.sendCorrect({ flags: ['ACK', 'FIN'], seq: 901, ack: mod32(syn.seq + 1), len: 0 }, 'FIN_WAIT_1');
    await me.nextArrival((s) => s.flags.includes('FIN'));
    const old = await me.nextArrival((s) => s.flags.join() === 'SYN');
    expect(old.seq).toBe(syn.seq);
    await me.sendCorrect({ flags: ['ACK'], seq: 902, ack: mod32(syn.seq + 2), len: 0 }, 'TIME_WAIT');
    const fresh = await me.nextArrival((s) => s.flags.join() === 'SYN');
    expect(((fresh.seq - mod32(syn.seq + 2)) | 0) > 0).toBe(true);
    // Still thinking of TIME_WAIT: the new row explains where this SYN put us.
    const stale = await me.send({ flags: ['SYN', 'ACK'], seq: 5000, ack: mod32(fresh.seq + 1), len: 0 }, 'TIME_WAIT');
    expect(stale).toContain(text('feedback.wrongSend'));
    await expect.poll(() => page.getByTestId('feedback-state').getAttribute('data-rule')).toBe('state.time-wait-rcv-new-syn');
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 5000, ack: mod32(fresh.seq + 1), len: 0 }, 'SYN_RCVD');
    await me.nextArrival();
    await me.declare('ESTABLISHED');
    expect(await me.expectDone()).toContain(findScenario('incarnation')!.achieved!.en);
  }, 60_000);

  /** Human pace: a few seconds of thinking before every answer — longer than the retransmission timeout. */
  const THINK_MS = 5000;

  it('lost final ACK at human pace against the bot: no timer fires while the student thinks, the FIN comes again once, the re-ACK in TIME_WAIT, done by itself', async () => {
    const page = await e2e.env.page('human-lost-final-ack', DESKTOP);
    const me = await homework(page, { scenario: 'lost-final-ack', side: 'client' });
    await me.waitForLine('inbox.app.close');
    // The opening was played for us: our next seq follows it; the peer's, its SYN+ACK.
    const synAck = await me.nextArrival();
    const seq = await me.nextSeq();
    await expect.poll(() => page.getByTestId('clock-status').getAttribute('data-status'), { timeout: WAIT }).toBe('you');
    await me.think(THINK_MS);
    await me.sendCorrect({ flags: ['ACK', 'FIN'], seq, ack: mod32(synAck.seq + 1), len: 0 }, 'FIN_WAIT_1');
    const finAck = await me.nextArrival((s) => s.flags.includes('FIN'));
    expect(finAck.ack).toBe(mod32(seq + 1));
    await me.think(THINK_MS);
    await me.sendCorrect({ flags: ['ACK'], seq: mod32(seq + 1), ack: mod32(finAck.seq + 1), len: 0 }, 'TIME_WAIT');
    // Our ACK is lost; nobody tells us. The server's timer sends its FIN again, in TIME_WAIT we ACK again.
    const again = await me.nextArrival((s) => s.flags.includes('FIN'));
    expect(again).toEqual(finAck);
    await me.think(THINK_MS);
    await me.sendCorrect({ flags: ['ACK'], seq: mod32(seq + 1), ack: mod32(finAck.seq + 1), len: 0 }, 'TIME_WAIT');
    await me.waitForLine('inbox.timer.time_wait');
    await me.think(THINK_MS);
    await me.declare('CLOSED');
    expect(await me.expectDone()).toContain(findScenario('lost-final-ack')!.achieved!.en);
    const inbox = await me.inbox();
    // The FIN came exactly twice (the lesson), however long we thought; we never saw a loss; no timer of ours fired.
    expect(inbox.filter((e) => e.kind === 'arrived' && e.seg?.flags.includes('FIN'))).toHaveLength(2);
    expect(inbox.filter((e) => e.kind === 'lost' || e.text === text('inbox.timer.retransmit'))).toEqual([]);
  }, 120_000);

  it('simultaneous open at human pace against the bot: the SYNs cross, and the round is done by itself', async () => {
    const page = await e2e.env.page('human-simultaneous-open', PHONE);
    const me = await homework(page, { scenario: 'simultaneous-open', side: 'client' });
    await me.waitForLine('inbox.app.connect');
    await me.think(THINK_MS);
    await me.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    // The bot's own SYN crosses ours.
    const syn = await me.nextArrival();
    expect(syn.flags).toEqual(['SYN']);
    await me.think(THINK_MS);
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 300, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const synAck = await me.nextArrival();
    expect(synAck).toMatchObject({ flags: ['SYN', 'ACK'], seq: syn.seq, ack: 301 });
    await me.think(THINK_MS);
    await me.declare('ESTABLISHED');
    expect(await me.expectDone()).toContain(findScenario('simultaneous-open')!.achieved!.en);
    expect((await me.inbox()).filter((e) => /timer/.test(e.text))).toEqual([]);
  }, 90_000);
});
