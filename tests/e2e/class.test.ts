/**
 * A class in real browsers: the host and students on their own pages, playing through the UI
 * against the real server (in this process, serving client/dist). Needs `npm run build` first,
 * and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  E2E, HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, decodeMessage, mod32, screenshot, text, textPattern,
} from './helpers';

const ISN_CLIENT = 4021;
const ISN_SERVER = 9000;

describe.skipIf(!HAVE_CHROMIUM)(`a class in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  let env: E2E;

  beforeAll(async () => {
    env = await E2E.start({ botDelayMs: 50 });
  });
  afterEach(async () => {
    if (!env) return;
    const errors = await env.endTest();
    expect(errors, 'errors in the pages').toEqual([]);
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Which of the two is the client this round, from what the round heading says. */
  async function roles(a: Player, b: Player): Promise<{ client: Player; server: Player }> {
    const says = (side: 'side.client' | 'side.server') => text('play.you', { side: text(side), mode: text('mode.practice'), partner: b.name });
    const role = a.page.getByTestId('round-role');
    await role.filter({ hasText: /\S/ }).waitFor({ timeout: WAIT });
    if ((await role.textContent()) === says('side.client')) return { client: a, server: b };
    expect(await role.textContent()).toBe(says('side.server'));
    return { client: b, server: a };
  }

  it('plays the handshake: host creates the class, two students join (one by keyboard only), both reach ESTABLISHED; screenshots', async () => {
    const host = await HostPage.create(env);
    // Delays long enough to see an envelope fly in the scene; a retransmission timer that cannot fire.
    await host.configure({ scenario: 'handshake', delayMin: 900, delayMax: 1100, rtoS: 30, mslS: 5 });
    const ada = await Player.join(env, host.code, 'Ada');
    const bo = await Player.join(env, host.code, 'Bo', true);
    await host.waitForStudents(['Ada', 'Bo']);

    await host.startRound(1);
    const { client, server } = await roles(ada, bo);
    // Round 1 of an automatic pair: the first to join is the client (roles swap every round).
    expect(client.name).toBe('Ada');
    for (const p of [client, server]) {
      await p.page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
      await p.page.locator('[data-testid="scene"] canvas').waitFor({ timeout: WAIT });
    }
    await client.waitForLine('inbox.app.connect');
    await server.waitForLine('inbox.app.listen');

    await server.declareCorrect('LISTEN');

    // A wrong first segment: SYN+ACK is refused with the rule it broke, and nothing is sent.
    const wrong = await client.send({ flags: ['SYN', 'ACK'], seq: ISN_CLIENT, ack: 1, len: 0 }, 'SYN_SENT');
    expect(wrong).toContain(text('feedback.wrongSend'));
    await expect.poll(() => client.page.getByTestId('feedback-flags').getAttribute('data-rule')).toBe('flags.first-syn-no-ack');
    await screenshot(client.page.getByTestId('composer'), 'composer-feedback-after-wrong-send');
    expect((await client.inbox()).filter((e) => e.kind === 'sent')).toEqual([]);

    await client.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');

    const syn = await server.nextArrival();
    expect(syn.flags).toEqual(['SYN']);
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: ISN_SERVER, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    // The SYN+ACK is on its way (about a second): the client's scene mid-round.
    await screenshot(client.page, 'student-scene-mid-round');

    const synAck = await client.nextArrival();
    expect(synAck.flags).toEqual(['SYN', 'ACK']);
    expect(synAck.ack).toBe(mod32(ISN_CLIENT + 1));
    await client.sendCorrect({ flags: ['ACK'], seq: await client.nextSeq(), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');

    const ack = await server.nextArrival();
    expect(ack.flags).toEqual(['ACK']);
    await server.declareCorrect('ESTABLISHED');

    // Every answer said how many inputs to its endpoint the page had shown, so one that crossed an
    // arrival would be given back rather than judged.
    const seenIn = (p: typeof client, intent: string) => (env.framesSent.get(p.page) ?? [])
      .map(decodeMessage)
      .filter((m) => m?.type === intent)
      .map((m) => (m?.payload as { seen?: number }).seen);
    expect(seenIn(server, 'declareState')).toEqual([1, 3]);
    expect(seenIn(server, 'sendSegment')).toEqual([2]);
    // The client: connect() before both SYNs (the refused one, the right one); the SYN+ACK before the ACK.
    expect(seenIn(client, 'sendSegment')).toEqual([1, 1, 2]);

    await host.expectStates('pair1', 'ESTABLISHED', 'ESTABLISHED');
    await host.expectFinished('pair1');
    for (const p of [client, server]) await expect.poll(async () => Number(await p.page.getByTestId('score').textContent())).toBeGreaterThan(0);

    // The projector (a window of the host's browser): leaderboard and the live ladder of pair1.
    const [projector] = await Promise.all([host.page.context().waitForEvent('page'), host.page.getByTestId('open-projector').click()]);
    await projector.setViewportSize({ width: 1366, height: 768 });
    await projector.getByTestId('projector-pair-select').waitFor({ timeout: WAIT });
    await projector.getByTestId('projector-pair-select').selectOption('pair1');
    await expect.poll(() => projector.getByTestId('ladder-arrow').count(), { timeout: WAIT }).toBe(3);
    await expect.poll(() => projector.getByTestId('ladder-state').allTextContents(), { timeout: WAIT }).toContain('ESTABLISHED');
    for (const name of ['Ada', 'Bo']) await projector.getByTestId('leaderboard').getByText(name).waitFor();
    await host.page.getByTestId('watch-pair1').filter({ hasText: text('host.watching') }).waitFor({ timeout: WAIT });
    await screenshot(host.page, 'host-dashboard', true);
    await screenshot(projector, 'projector');

    await host.endRound();
    for (const p of [client, server]) {
      await p.page.getByTestId('feedback').filter({ hasText: text('play.finished') }).waitFor({ timeout: WAIT });
      expect(await p.page.getByTestId('send-segment').isDisabled()).toBe(true);
    }
  }, 90_000);

  it('plays the full lifecycle (scenario 5): handshake, 100 bytes, 60 bytes back, close, TIME_WAIT, CLOSED', async () => {
    const host = await HostPage.create(env);
    // TIME_WAIT lasts 2 × MSL = 8 s, counted from the FIN's arrival (so the client must answer
    // within that, even on a slow machine); no retransmission timer fires while people answer.
    await host.configure({ scenario: 'lifecycle', rtoS: 20, mslS: 4, delayMin: 100, delayMax: 150 });
    const cy = await Player.join(env, host.code, 'Cy');
    const di = await Player.join(env, host.code, 'Di', true);
    await host.waitForStudents(['Cy', 'Di']);
    await host.startRound(1);
    const { client, server } = await roles(cy, di);
    expect(client.name).toBe('Cy');
    for (const p of [client, server]) {
      await p.page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: 'Full lifecycle' }) }).waitFor({ timeout: WAIT });
    }

    // Handshake.
    await server.waitForLine('inbox.app.listen');
    await server.declareCorrect('LISTEN');
    await client.waitForLine('inbox.app.connect');
    await client.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    const syn = await server.nextArrival();
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: ISN_SERVER, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const synAck = await client.nextArrival();
    await client.sendCorrect({ flags: ['ACK'], seq: await client.nextSeq(), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');

    // The client's app sends 100 bytes.
    await client.waitForLine('inbox.app.send', { bytes: 100 });
    await client.sendCorrect({ flags: ['ACK', 'PSH'], seq: await client.nextSeq(), ack: mod32(synAck.seq + 1), len: 100 }, 'ESTABLISHED');
    const third = await server.nextArrival();
    expect(third).toMatchObject({ flags: ['ACK'], len: 0 });
    await server.declareCorrect('ESTABLISHED');
    const data = await server.nextArrival((s) => s.len > 0);
    expect(data.len).toBe(100);

    // The server's app answers with 60 bytes, acknowledging the 100 on the way.
    await server.waitForLine('inbox.app.send', { bytes: 60 });
    await server.sendCorrect({ flags: ['ACK', 'PSH'], seq: await server.nextSeq(), ack: mod32(data.seq + data.len), len: 60 }, 'ESTABLISHED');
    const reply = await client.nextArrival((s) => s.len > 0);
    expect(reply.len).toBe(60);
    expect(reply.ack).toBe(await client.nextSeq());

    // The client's app closes: FIN (acknowledging the 60 bytes).
    await client.waitForLine('inbox.app.close');
    await client.sendCorrect({ flags: ['ACK', 'FIN'], seq: await client.nextSeq(), ack: mod32(reply.seq + reply.len), len: 0 }, 'FIN_WAIT_1');
    const fin = await server.nextArrival((s) => s.flags.includes('FIN'));

    // The server's app closes as soon as it reads the end of the stream: one FIN+ACK, LAST_ACK.
    await server.waitForLine('inbox.app.close');
    await server.sendCorrect({ flags: ['ACK', 'FIN'], seq: await server.nextSeq(), ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');
    const finAck = await client.nextArrival((s) => s.flags.includes('FIN'));
    expect(finAck.ack).toBe(await client.nextSeq());
    await client.sendCorrect({ flags: ['ACK'], seq: await client.nextSeq(), ack: mod32(finAck.seq + 1), len: 0 }, 'TIME_WAIT');
    await host.expectState('pair1', 'client', 'TIME_WAIT');

    const last = await server.nextArrival();
    expect(last).toMatchObject({ flags: ['ACK'], len: 0 });
    await server.declareCorrect('CLOSED');

    // 2 × MSL later the client's TIME_WAIT is over.
    await client.waitForLine('inbox.timer.time_wait');
    await client.declareCorrect('CLOSED');
    await host.expectStates('pair1', 'CLOSED', 'CLOSED');
    await host.expectFinished('pair1');

    await host.endRound();
    for (const p of [client, server]) await p.page.getByTestId('feedback').filter({ hasText: text('play.finished') }).waitFor({ timeout: WAIT });
  }, 90_000);

  it('retransmits when the host drops a segment: the timer fires, a changed seq is refused, the same seq is accepted', async () => {
    const host = await HostPage.create(env);
    await host.configure({ scenario: 'handshake', rtoS: 2, mslS: 1, delayMin: 100, delayMax: 150 });
    // One student: plays the client against the bot.
    const eve = await Player.join(env, host.code, 'Eve');
    await host.waitForStudents(['Eve']);
    await host.startRound(1);
    await eve.page.getByTestId('round-role').filter({ hasText: text('play.you', { side: text('side.client'), mode: text('mode.practice'), partner: text('play.bot') }) }).waitFor({ timeout: WAIT });
    await eve.waitForLine('inbox.app.connect');

    await host.page.getByTestId('inject-drop-next-pair1').click();
    await host.page.getByTestId('host-notice').filter({ hasText: text('host.injected', { what: 'drop-next → pair1' }) }).waitFor({ timeout: WAIT });

    await eve.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    // The network loses it; then the retransmission timer fires.
    await expect.poll(async () => (await eve.inbox()).filter((e) => e.kind === 'lost').map((e) => e.seg?.seq), { timeout: WAIT }).toEqual([ISN_CLIENT]);
    await eve.waitForLine('inbox.timer.retransmit');
    expect((await eve.inbox()).filter((e) => e.kind === 'arrived')).toEqual([]);

    // A retransmission with another seq is refused with the rule; the same seq is accepted.
    const wrong = await eve.send({ flags: ['SYN'], seq: ISN_CLIENT + 1, ack: 0, len: 0 }, 'SYN_SENT');
    expect(wrong).toContain(text('feedback.wrongSend'));
    await expect.poll(() => eve.page.getByTestId('feedback-seq').getAttribute('data-rule')).toBe('seq.retransmit-same-seq');
    await eve.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    expect((await eve.inbox()).filter((e) => e.kind === 'sent').map((e) => e.seg?.seq)).toEqual([ISN_CLIENT, ISN_CLIENT]);

    // This time it gets through: the bot's SYN+ACK acknowledges it.
    const synAck = await eve.nextArrival();
    expect(synAck).toMatchObject({ flags: ['SYN', 'ACK'], ack: ISN_CLIENT + 1 });
    await expect.poll(() => host.page.getByTestId('pair-pair1-server-state').textContent(), { timeout: WAIT }).toMatch(/SYN_RCVD|ESTABLISHED/);
    expect(await eve.page.getByTestId('feedback').textContent()).toMatch(textPattern('feedback.correct'));
    await host.endRound();
  }, 60_000);
});
