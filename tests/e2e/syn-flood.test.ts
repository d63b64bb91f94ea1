/**
 * Issue 16 in real browsers: the SYN flood (scenario 13) as a class round, two students on their
 * own pages against the real server. The server's student sees two SYNs from forged addresses
 * fill its listen queue, answers each with a SYN+ACK sent to that address, is told the client's
 * SYN was dropped, resends the SYN+ACKs when their timers fire, and sees the places freed; the
 * client's student resends its SYN until it gets in. Needs `npm run build` first, and Chromium
 * (CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/index';
import { HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, mod32, parseSegment, screenshot, text, useE2E } from './helpers';

const A = '198.51.100.7';
const B = '203.0.113.40';

describe.skipIf(!HAVE_CHROMIUM)(`the SYN flood in a class${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  it('two students play it to the end: the queue fills, the client’s SYN is dropped and resent, the half-open connections expire, the handshake completes', async () => {
    const host = await HostPage.create(e2e.env);
    await host.configure({ scenario: 'syn-flood', rtoS: 3, mslS: 2, delayMin: 100, delayMax: 150, autoEnd: false });
    // Round 1: the first to join is the client.
    const ada = await Player.join(e2e.env, host.code, 'Ada');
    const bo = await Player.join(e2e.env, host.code, 'Bo');
    await host.waitForStudents(['Ada', 'Bo']);
    await host.startRound(1);

    const queue = bo.page.getByTestId('listen-queue');
    /** How many times the client's retransmission timer has fired, from its inbox. */
    const timeouts = async () => (await ada.page.getByTestId('inbox-item').allTextContents()).filter((l) => l === text('inbox.timer.retransmit')).length;
    /** The forged address's ISN, as the server's inbox shows its SYN. */
    const isnOf = async (peer: string) => {
      const line = bo.page.getByTestId('inbox-item').filter({ hasText: text('inbox.arrivedFrom', { peer }) }).first();
      await line.waitFor({ timeout: WAIT });
      return (parseSegment((await line.textContent()) ?? '') as { seq: number }).seq;
    };

    // The server listens with room for two; the client sends its SYN.
    await bo.waitForLine('inbox.app.listenBacklog', { n: 2 });
    await bo.declareCorrect('LISTEN');
    await ada.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');

    // Two forged SYNs take both places at once: the panel shows them in SYN_RCVD, owing a SYN+ACK.
    await expect.poll(() => queue.getByTestId('queue-entry').count(), { timeout: WAIT }).toBe(2);
    expect(await queue.getByTestId('queue-used').textContent()).toBe(text('queue.used', { used: 2, backlog: 2 }));
    expect(await queue.getByTestId('queue-full').textContent()).toBe(text('queue.full'));
    const isnA = await isnOf(A);
    const isnB = await isnOf(B);
    await screenshot(bo.page, 'syn-flood-queue-full');

    // Answered to their addresses, with the rule for a wrong ack first.
    await bo.page.getByTestId('to-select').selectOption(A);
    const wrong = await bo.send({ flags: ['SYN', 'ACK'], seq: 700, ack: isnA, len: 0 }, 'SYN_RCVD');
    expect(wrong).not.toContain(text('feedback.correct'));
    await bo.page.getByTestId('to-select').selectOption(A);
    await bo.sendCorrect({ flags: ['SYN', 'ACK'], seq: 700, ack: mod32(isnA + 1), len: 0 }, 'SYN_RCVD');
    await bo.page.getByTestId('to-select').selectOption(B);
    await bo.sendCorrect({ flags: ['SYN', 'ACK'], seq: 800, ack: mod32(isnB + 1), len: 0 }, 'SYN_RCVD');
    await expect.poll(() => queue.getByTestId('queue-entry').allTextContents(), { timeout: WAIT }).toEqual([
      `${text('queue.entry', { peer: A, irs: isnA })} — ${text('queue.sent', { iss: 700, retries: 0 })}`,
      `${text('queue.entry', { peer: B, irs: isnB })} — ${text('queue.sent', { iss: 800, retries: 0 })}`,
    ]);

    // The client's SYN finds the queue full: dropped, and the server is told so.
    await bo.waitForLine('inbox.synDropped');
    // The timers fire: the client resends its SYN, the server its two SYN+ACKs.
    await expect.poll(() => timeouts(), { timeout: WAIT }).toBe(1);
    await ada.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    await bo.waitForLine('inbox.timer.halfOpen', { peer: A });
    await bo.waitForLine('inbox.timer.halfOpen', { peer: B });
    for (const [peer, iss, isn] of [[A, 700, isnA], [B, 800, isnB]] as const) {
      await bo.page.getByTestId('to-select').selectOption(peer);
      await bo.sendCorrect({ flags: ['SYN', 'ACK'], seq: iss, ack: mod32(isn + 1), len: 0 }, 'SYN_RCVD');
    }

    // Their retries are spent at the next timeout: the places are freed, and the client's next SYN gets in.
    await expect.poll(() => timeouts(), { timeout: WAIT }).toBe(2);
    await ada.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    await expect.poll(() => queue.getByTestId('queue-entry').getAttribute('data-peer'), { timeout: WAIT }).toBe('');
    expect(await queue.getByTestId('queue-entry').textContent()).toContain(text('queue.entry', { peer: text('queue.partner'), irs: 300 }));
    // Only the partner is left: "Send to" is gone.
    expect(await bo.page.getByTestId('to-select').count()).toBe(0);
    await bo.sendCorrect({ flags: ['SYN', 'ACK'], seq: 900, ack: 301, len: 0 }, 'SYN_RCVD');
    const synAck = await ada.nextArrival((s) => s.flags.includes('SYN') && s.flags.includes('ACK'));
    expect(synAck).toMatchObject({ seq: 900, ack: 301 });
    await ada.sendCorrect({ flags: ['ACK'], seq: 301, ack: 901, len: 0 }, 'ESTABLISHED');
    await expect.poll(() => queue.getByTestId('queue-entry').count(), { timeout: WAIT }).toBe(0);
    // The last answer ends the round: each student is told what they achieved (the end, which counts it, stays in view).
    await bo.declare('ESTABLISHED');
    for (const p of [ada, bo]) expect(await p.expectDone()).toContain(findScenario('syn-flood')!.achieved!.en);
    await host.expectFinished('pair1');
    await screenshot(bo.page, 'syn-flood-done');
  }, 180_000);

  it('homework lists it; played as the server against the bot in the page (in Chinese): the queue panel and Send to, to the end', async () => {
    const page = await e2e.env.page('syn-flood-homework');
    await page.goto(e2e.env.base);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe('zh-CN');
    await page.getByTestId('homework-open').click();
    await page.getByTestId('homework-scenario').selectOption('syn-flood');
    await page.getByTestId('homework-side').selectOption('server');
    await page.getByTestId('homework-mode').selectOption('practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-start').click();
    const me = new Player(page, 'homework', false, 'zh-CN');
    const queue = page.getByTestId('listen-queue');
    const isnOf = async (peer: string) => {
      const line = page.getByTestId('inbox-item').filter({ hasText: text('inbox.arrivedFrom', { peer }, 'zh-CN') }).first();
      await line.waitFor({ timeout: WAIT });
      return (parseSegment((await line.textContent()) ?? '') as { seq: number }).seq;
    };

    await me.waitForLine('inbox.app.listenBacklog', { n: 2 });
    await me.declareCorrect('LISTEN');
    await expect.poll(() => queue.getByTestId('queue-entry').count(), { timeout: WAIT }).toBe(2);
    expect(await queue.getByTestId('queue-used').textContent()).toBe(text('queue.used', { used: 2, backlog: 2 }, 'zh-CN'));
    const isns = { [A]: await isnOf(A), [B]: await isnOf(B) };
    const answerAll = async () => {
      for (const [peer, iss] of [[A, 700], [B, 800]] as const) {
        await page.getByTestId('to-select').selectOption(peer);
        await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: iss, ack: mod32((isns[peer] as number) + 1), len: 0 }, 'SYN_RCVD');
      }
    };
    await answerAll();
    await me.waitForLine('inbox.synDropped');
    await me.waitForLine('inbox.timer.halfOpen', { peer: B });
    await answerAll();
    // The half-open connections give up; the bot's retransmitted SYN gets in.
    await expect.poll(() => queue.getByTestId('queue-entry').getAttribute('data-peer'), { timeout: 3 * WAIT }).toBe('');
    const text0 = (await queue.getByTestId('queue-entry').textContent()) ?? '';
    const clientIsn = Number(/(\d+)/.exec(text0.split('：')[1] ?? '')?.[1]);
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 900, ack: mod32(clientIsn + 1), len: 0 }, 'SYN_RCVD');
    await me.nextArrival((s) => s.flags.length === 1 && s.flags[0] === 'ACK' && s.ack === 901);
    await me.declare('ESTABLISHED');
    expect(await me.expectDone()).toContain(findScenario('syn-flood')!.achieved!['zh-CN']);
    await screenshot(page, 'syn-flood-homework-zh');
  }, 180_000);
});
