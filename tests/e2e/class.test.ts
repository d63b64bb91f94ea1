/**
 * A class in real browsers: the host and students on their own pages, playing through the UI
 * against the real server (in this process, serving client/dist). Needs `npm run build` first,
 * and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXT, findScenario } from '../../shared/index';
import { newReplayToken } from '../../server/http/api';
import { HAVE_CHROMIUM, HostPage, PHONE, Player, SKIP_NOTE, WAIT, decodeMessage, expectFocus, mod32, screenshot, text, textPattern, useE2E } from './helpers';

const ISN_CLIENT = 4021;
const ISN_SERVER = 9000;

describe.skipIf(!HAVE_CHROMIUM)(`a class in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  /** Which of the two is the client this round, from what the round heading says. */
  async function roles(a: Player, b: Player): Promise<{ client: Player; server: Player }> {
    const says = (side: 'side.client' | 'side.server') => text('play.you', { side: text(side), mode: text('mode.practice'), partner: b.name });
    const role = a.page.getByTestId('round-role');
    await role.filter({ hasText: /\S/ }).waitFor({ timeout: WAIT });
    if ((await role.textContent()) === says('side.client')) return { client: a, server: b };
    expect(await role.textContent()).toBe(says('side.server'));
    return { client: b, server: a };
  }

  it('plays the handshake: host creates the class, two students join (one by keyboard only), both reach ESTABLISHED and are told they are done; the lobby names the next role; screenshots', async () => {
    const host = await HostPage.create(e2e.env);
    // Delays long enough to see an envelope fly in the scene (timers: the defaults, RTO 8 s and MSL
    // 6 s of network time); the round waits for the host to end it.
    await host.configure({ scenario: 'handshake', delayMin: 900, delayMax: 1100, autoEnd: false });
    const ada = await Player.join(e2e.env, host.code, 'Ada');
    const bo = await Player.join(e2e.env, host.code, 'Bo', true);
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
    // Both owe an answer: the network clock waits for each of them.
    for (const p of [client, server]) await expect.poll(() => p.page.getByTestId('clock-status').getAttribute('data-status'), { timeout: WAIT }).toBe('both');

    await server.declareCorrect('LISTEN');
    await expect.poll(() => server.page.getByTestId('clock-status').textContent(), { timeout: WAIT }).toBe(text('clock.partner'));

    // A wrong first segment: SYN+ACK is refused with the rule it broke, and nothing is sent. The
    // first mistake on a rule is a hint: the principle, not the answer.
    const wrong = await client.send({ flags: ['SYN', 'ACK'], seq: ISN_CLIENT, ack: 1, len: 0 }, 'SYN_SENT');
    expect(wrong).toContain(text('feedback.wrongSend'));
    await expect.poll(() => client.page.getByTestId('feedback-flags').getAttribute('data-rule')).toBe('flags.first-syn-no-ack');
    expect(await client.page.getByTestId('feedback-flags').getAttribute('data-hint')).toBe('true');
    expect(wrong).toContain(text('feedback.hintNote'));
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
    // The last answer brings both ends to the goal with nothing owed: each student is told, in
    // words, and the composer closes (the end, which counts the answer, stays in view).
    await server.declare('ESTABLISHED');
    for (const p of [client, server]) expect(await p.expectDone()).toContain(findScenario('handshake')!.achieved!.en);

    // Every answer said how many inputs to its endpoint the page had shown, so one that crossed an
    // arrival would be given back rather than judged.
    const seenIn = (p: typeof client, intent: string) => (e2e.env.framesSent.get(p.page) ?? [])
      .map(decodeMessage)
      .filter((m) => m?.type === intent)
      .map((m) => (m?.payload as { seen?: number }).seen);
    expect(seenIn(server, 'declareState')).toEqual([1, 3]);
    expect(seenIn(server, 'sendSegment')).toEqual([2]);
    // The client: connect() before both SYNs (the refused one, the right one); the SYN+ACK before the ACK.
    expect(seenIn(client, 'sendSegment')).toEqual([1, 1, 2]);

    await host.expectStates('pair1', 'ESTABLISHED', 'ESTABLISHED');
    await host.expectFinished('pair1');
    // Every pair is done, and the round does not end by itself: the host is offered to end it.
    await host.page.getByTestId('all-done').filter({ hasText: text('host.allDoneEnd') }).waitFor({ timeout: WAIT });
    expect(await host.page.getByTestId('all-done-end').isVisible()).toBe(true);
    // No one saw a loss, and no timer fired.
    for (const p of [client, server]) expect((await p.inbox()).filter((e) => e.kind === 'lost' || /timer/.test(e.text))).toEqual([]);
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

    await host.page.getByTestId('all-done-end').click();
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
    // The lobby now shows the coming round: roles swap, so Ada plays the server next.
    await client.page.getByTestId('lobby-role').filter({ hasText: text('lobby.next.server') }).waitFor({ timeout: WAIT });
    await server.page.getByTestId('lobby-role').filter({ hasText: text('lobby.next.client') }).waitFor({ timeout: WAIT });
    for (const p of [client, server]) {
      // Ending the round after the pair was done tells them nothing new.
      expect(await p.page.getByTestId('feedback').getAttribute('data-kind')).toBe('done');
      expect(await p.page.getByTestId('send-segment').isDisabled()).toBe(true);
    }
  }, 90_000);

  it('plays the full lifecycle (scenario 5): handshake, 100 bytes, 60 bytes back, close, TIME_WAIT, CLOSED', async () => {
    const host = await HostPage.create(e2e.env);
    // Short timers: they count network time only, so no retransmission timer fires while people
    // answer, and TIME_WAIT (2 × MSL = 4 s) begins with the client's last ACK. One fixed delay: the
    // third ACK and the first data leave at the same network time (the clock stood still while the
    // client composed the data), so equal delays keep them in order.
    await host.configure({ scenario: 'lifecycle', rtoS: 3, mslS: 2, delayMin: 120, delayMax: 120 });
    const cy = await Player.join(e2e.env, host.code, 'Cy');
    const di = await Player.join(e2e.env, host.code, 'Di', true);
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
    await client.declare('CLOSED');
    await host.expectStates('pair1', 'CLOSED', 'CLOSED');

    // The pair is done by itself, and (the host's default) the round then ends by itself.
    for (const p of [client, server]) expect(await p.expectDone()).toContain(findScenario('lifecycle')!.achieved!.en);
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
    expect((await client.inbox()).filter((e) => /retransmission/.test(e.text))).toEqual([]);
  }, 90_000);

  it('retransmits when the host drops a segment: nobody is told of the loss, the timer fires, a changed seq is refused, the same seq is accepted', async () => {
    const host = await HostPage.create(e2e.env);
    await host.configure({ scenario: 'handshake', rtoS: 2, mslS: 2, delayMin: 100, delayMax: 150 });
    // One student: plays the client against the bot.
    const eve = await Player.join(e2e.env, host.code, 'Eve');
    await host.waitForStudents(['Eve']);
    await host.startRound(1);
    await eve.page.getByTestId('round-role').filter({ hasText: text('play.you', { side: text('side.client'), mode: text('mode.practice'), partner: text('play.bot') }) }).waitFor({ timeout: WAIT });
    await eve.waitForLine('inbox.app.connect');

    await host.page.getByTestId('inject-drop-next-pair1').click();
    await host.page.getByTestId('host-notice').filter({ hasText: text('host.faultSet', { what: text('inject.drop'), target: 'pair1' }) }).waitFor({ timeout: WAIT });

    await eve.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    // The network loses it — a secret no endpoint learns: only the retransmission timer tells.
    await eve.waitForLine('inbox.timer.retransmit');
    expect((await eve.inbox()).filter((e) => e.kind === 'arrived' || e.kind === 'lost')).toEqual([]);

    // A retransmission with another seq is refused with the rule (a hint first, without the
    // number); the same seq is accepted.
    const wrong = await eve.send({ flags: ['SYN'], seq: ISN_CLIENT + 1, ack: 0, len: 0 }, 'SYN_SENT');
    expect(wrong).toContain(text('feedback.wrongSend'));
    await expect.poll(() => eve.page.getByTestId('feedback-seq').getAttribute('data-rule')).toBe('seq.retransmit-same-seq');
    expect(await eve.page.getByTestId('feedback-seq').textContent()).not.toContain(String(ISN_CLIENT));
    await eve.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    expect((await eve.inbox()).filter((e) => e.kind === 'sent').map((e) => e.seg?.seq)).toEqual([ISN_CLIENT, ISN_CLIENT]);

    // This time it gets through: the bot's SYN+ACK acknowledges it.
    const synAck = await eve.nextArrival();
    expect(synAck).toMatchObject({ flags: ['SYN', 'ACK'], ack: ISN_CLIENT + 1 });
    await expect.poll(() => host.page.getByTestId('pair-pair1-server-state').textContent(), { timeout: WAIT }).toMatch(/SYN_RCVD|ESTABLISHED/);
    expect(await eve.page.getByTestId('feedback').textContent()).toMatch(textPattern('feedback.correct'));
    // The ACK ends the round as soon as it arrives: the end (which counts it) replaces its verdict.
    await eve.send({ flags: ['ACK'], seq: ISN_CLIENT + 1, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    expect(await eve.expectDone()).toMatch(textPattern('play.scoreAnswers'));
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
  }, 60_000);

  it('a stuck student: timers that would break the lesson are refused with the reason, the student gets a nudge, the host sees what the seat owes and lets the bot finish it', async () => {
    const host = await HostPage.create(e2e.env);
    // 2×MSL must outlast the RTO plus a round trip: the form says why before anything is sent.
    await host.page.getByTestId('rto-input').fill('30');
    await host.page.getByTestId('msl-input').fill('5');
    await expect.poll(() => host.page.getByTestId('msl-error').textContent(), { timeout: WAIT }).toContain('2×MSL must be longer than the RTO');
    expect(await host.page.getByTestId('msl-input').getAttribute('aria-invalid')).toBe('true');
    await host.page.getByTestId('apply-settings').click();
    expect(await host.page.getByTestId('settings-status').textContent()).toBe(text('host.settingsRefused'));
    expect(await host.page.getByTestId('rto-input').inputValue()).toBe('30');
    await host.configure({ rtoS: 8, mslS: 6, hintAfterS: 3 });
    expect(await host.page.getByTestId('msl-error').textContent()).toBe('');

    const fay = await Player.join(e2e.env, host.code, 'Fay');
    await host.waitForStudents(['Fay']);
    await host.startRound(1);
    await fay.waitForLine('inbox.app.connect');
    // Fay owes her SYN and does nothing: a polite nudge says what kind of answer is owed, not which.
    await fay.page.getByTestId('feedback').filter({ hasText: text('hint.send') }).waitFor({ timeout: WAIT });
    expect(await fay.page.getByTestId('clock-status').getAttribute('data-status')).toBe('you');
    // After 30 s the dashboard says what the seat owes, and offers the bot.
    const owes = host.page.getByTestId('pair-pair1-client-owes');
    await expect.poll(() => owes.textContent(), { timeout: 45_000, interval: 500 }).toMatch(textPattern('host.owes.send'));
    await host.page.getByTestId('hand-to-bot-pair1-client').click();
    await expect.poll(() => fay.page.getByTestId('feedback').getAttribute('data-kind'), { timeout: WAIT }).toBe('handed-to-bot');
    expect(await fay.page.getByTestId('feedback').textContent()).toContain(text('play.handedToBot'));
    expect(await fay.page.getByTestId('send-segment').isDisabled()).toBe(true);
    // The bot plays her seat to the end, and the round ends by itself.
    await host.expectStates('pair1', 'ESTABLISHED', 'ESTABLISHED');
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
  }, 90_000);

  // ── the roster, the class size, the end of the class, a shared computer ──

  /** Everything a page keeps in localStorage and sessionStorage. */
  const storage = (page: Page) => page.evaluate(() => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.fromEntries(Object.entries(sessionStorage)),
  }));

  it('removes a student (asked first; a double click or Escape removes nobody), who may join again; removes and blocks another, who cannot, with another nickname either', async () => {
    const host = await HostPage.create(e2e.env);
    const ana = await Player.join(e2e.env, host.code, 'Ana');
    const ben = await Player.join(e2e.env, host.code, 'Ben');
    await host.waitForStudents(['Ana', 'Ben']);
    const anaId = await host.playerId('Ana');
    const benId = await host.playerId('Ben');
    const p = host.page;

    // A double click on Remove only asks (whatever its second click lands on); Cancel takes it back.
    await p.getByTestId(`remove-${anaId}`).dblclick();
    await p.getByTestId(`confirm-${anaId}`).filter({ hasText: text('roster.confirmRemove', { name: 'Ana' }) }).waitFor({ timeout: WAIT });
    await screenshot(p.getByTestId('roster'), 'roster-confirm-remove');
    expect(await p.getByTestId(`roster-${benId}`).innerText()).not.toContain(text('roster.removed'));
    await p.getByTestId(`confirm-cancel-${anaId}`).click();
    await expectFocus(p, `remove-${anaId}`);
    // Asked again: Cancel has the focus (a second Enter would cancel), and Escape takes the question back.
    await p.keyboard.press('Enter');
    await expectFocus(p, `confirm-cancel-${anaId}`);
    await p.keyboard.press('Escape');
    expect(await p.getByTestId(`confirm-${anaId}`).isHidden()).toBe(true);
    await expectFocus(p, `remove-${anaId}`);
    expect(await ana.page.getByTestId('class-ended').count()).toBe(0);
    expect(await host.rosterNames()).toEqual(['Ana', 'Ben']);

    // Asked and answered: Ana is told, and leaves the roster.
    await p.getByTestId(`remove-${anaId}`).click();
    await p.getByTestId(`confirm-remove-${anaId}`).click();
    await ana.page.getByTestId('class-ended').filter({ hasText: text('play.removed') }).waitFor({ timeout: WAIT });
    await p.getByTestId('host-notice').filter({ hasText: text('roster.removedNotice', { name: 'Ana' }) }).waitFor({ timeout: WAIT });
    await expect.poll(() => host.rosterNames(), { timeout: WAIT }).toEqual(['Ben']);

    // Ben, by keyboard: Remove and block, Tab from Cancel to the yes, Enter.
    await p.getByTestId(`block-${benId}`).focus();
    await p.keyboard.press('Enter');
    expect(await p.getByTestId(`confirm-${benId}`).textContent()).toContain(text('roster.confirmBlock', { name: 'Ben' }));
    await expectFocus(p, `confirm-cancel-${benId}`);
    await p.keyboard.press('Tab');
    await expectFocus(p, `confirm-remove-${benId}`);
    await p.keyboard.press('Enter');
    await ben.page.getByTestId('class-ended').filter({ hasText: text('play.removed') }).waitFor({ timeout: WAIT });
    await expect.poll(() => host.rosterNames(), { timeout: WAIT }).toEqual([]);

    // Blocked: not from his browser, not with another nickname either.
    expect(await Player.refusedJoin(e2e.env, ben.page, host.code, 'Ben')).toBe(ERROR_TEXT.blocked.en);
    expect(await Player.refusedJoin(e2e.env, ben.page, host.code, 'Benjamin')).toBe(ERROR_TEXT.blocked.en);
    // Ana was only removed: she may come back.
    await ana.page.goto(e2e.env.base);
    await ana.page.getByTestId('join-code').fill(host.code);
    await ana.page.getByTestId('join-nickname').fill('Ana');
    await ana.page.getByTestId('join-submit').click();
    await ana.page.getByTestId('lobby-welcome').filter({ hasText: text('lobby.welcome', { name: 'Ana', code: host.code }) }).waitFor({ timeout: WAIT });
    await host.waitForStudents(['Ana']);
  }, 60_000);

  it('renames a student: the student’s page and the roster show the new name; a taken name is refused in the row, and Escape leaves the name as it was', async () => {
    const host = await HostPage.create(e2e.env);
    const cai = await Player.join(e2e.env, host.code, 'Cai');
    await Player.join(e2e.env, host.code, 'Dan');
    await host.waitForStudents(['Cai', 'Dan']);
    const id = await host.playerId('Cai');
    const p = host.page;
    // The host on a phone-sized window: the row's controls wrap, and still work.
    await p.setViewportSize({ width: 390, height: 844 });

    // A name another student has (in other letters' case): refused, next to the row.
    await p.getByTestId(`rename-${id}`).click();
    await expectFocus(p, `rename-input-${id}`);
    await p.getByTestId(`rename-input-${id}`).fill('DAN');
    await p.keyboard.press('Enter');
    await p.getByTestId(`roster-error-${id}`).filter({ hasText: ERROR_TEXT['nickname-taken'].en }).waitFor({ timeout: WAIT });
    await screenshot(p.getByTestId('roster'), 'roster-rename-refused-phone');
    expect(await p.getByTestId(`rename-input-${id}`).getAttribute('aria-invalid')).toBe('true');
    await expectFocus(p, `rename-input-${id}`);
    await p.keyboard.press('Escape');
    await expectFocus(p, `rename-${id}`);
    expect(await p.getByTestId(`roster-error-${id}`).textContent()).toBe('');
    expect(await host.rosterNames()).toEqual(['Cai', 'Dan']);

    await p.getByTestId(`rename-${id}`).click();
    await p.getByTestId(`rename-input-${id}`).fill('  Cai   Wen ');
    await p.getByTestId(`rename-save-${id}`).click();
    await expect.poll(() => host.rosterNames(), { timeout: WAIT }).toEqual(['Cai Wen', 'Dan']);
    expect(await p.getByTestId(`rename-input-${id}`).isHidden()).toBe(true);
    await p.getByTestId('host-notice').filter({ hasText: text('roster.renamed', { old: 'Cai', name: 'Cai Wen' }) }).waitFor({ timeout: WAIT });
    await cai.page.getByTestId('lobby-welcome').filter({ hasText: text('lobby.welcome', { name: 'Cai Wen', code: host.code }) }).waitFor({ timeout: WAIT });
  }, 60_000);

  it('sets the class size: the host sees how many joined of how many, and a latecomer is told the class is full', async () => {
    const host = await HostPage.create(e2e.env);
    const p = host.page;
    const status = p.getByTestId('class-size-status');
    expect(await p.getByTestId('class-size-input').inputValue()).toBe('60');
    expect(await status.textContent()).toBe(text('roster.joinedOf', { n: 0, max: 60 }));
    // Not a size: said next to the field, nothing sent.
    await p.getByTestId('class-size-input').fill('0');
    await p.getByTestId('class-size-apply').click();
    expect(await p.getByTestId('class-size-error').textContent()).toBe(text('err.number', { field: text('roster.classSize'), min: 1, max: 240 }));
    await p.getByTestId('class-size-input').fill('2');
    await p.keyboard.press('Enter');
    await p.getByTestId('host-notice').filter({ hasText: text('roster.classSizeSaved', { n: 2 }) }).waitFor({ timeout: WAIT });
    await status.filter({ hasText: text('roster.joinedOf', { n: 0, max: 2 }) }).waitFor({ timeout: WAIT });
    expect(await p.getByTestId('class-size-error').textContent()).toBe('');

    await Player.join(e2e.env, host.code, 'Eli');
    await Player.join(e2e.env, host.code, 'Fei', false, PHONE);
    await status.filter({ hasText: text('roster.full', { n: 2, max: 2 }) }).waitFor({ timeout: WAIT });
    const late = await e2e.env.page('Gus', PHONE);
    expect(await Player.refusedJoin(e2e.env, late, host.code, 'Gus')).toBe(ERROR_TEXT['class-full'].en);
    // A size the settings form sends back unchanged (it holds the whole configuration).
    await host.configure({ mode: 'assessment' });
    expect(await p.getByTestId('class-size-input').inputValue()).toBe('2');
  }, 60_000);

  it('ends the class: this tab shows the host key once, Copy copies it (or selects it), and the browser no longer keeps it; the projector never shows it', async () => {
    const host = await HostPage.create(e2e.env);
    const p = host.page;
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.env.base });
    const keyName = `synack.hostKey.${host.code}`;
    const key = (await storage(p)).local[keyName] ?? '';
    expect(key).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
    expect(await p.getByTestId('host-key-card').count()).toBe(0);
    const [projector] = await Promise.all([p.context().waitForEvent('page'), p.getByTestId('open-projector').click()]);
    await projector.getByTestId('projector-code').waitFor({ timeout: WAIT });

    await p.getByTestId('end-class').click();
    await p.getByTestId('end-class-confirm').click();
    const shown = p.getByTestId('ended-host-key');
    await shown.waitFor({ timeout: WAIT });
    expect(await shown.inputValue()).toBe(key);
    expect(await p.getByTestId('host-key-card').textContent()).toContain(text('ended.keyNote'));
    await expectFocus(p, 'copy-host-key');
    await screenshot(p.getByTestId('host-key-card'), 'host-key-card');
    expect((await storage(p)).local[keyName]).toBeUndefined();
    expect(await p.getByTestId('host-key-note').isHidden()).toBe(true);

    await p.getByTestId('copy-host-key').click();
    await p.getByTestId('copy-status').filter({ hasText: text('ended.copied') }).waitFor({ timeout: WAIT });
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(key);
    // Where the clipboard API is not offered (a school server on plain http), the key is selected.
    await p.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    await p.evaluate(() => document.getSelection()?.removeAllRanges());
    await p.getByTestId('copy-host-key').click();
    // The line is said again for this click (emptied first), in words of the page's language.
    await expect.poll(async () => [text('ended.copied'), text('ended.copyManual')].includes((await p.getByTestId('copy-status').textContent()) ?? '')).toBe(true);
    expect(await shown.evaluate((el) => {
      const input = el as HTMLInputElement;
      return document.activeElement === input ? input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0) : '';
    })).toBe(key);

    // The projector (same browser, told of the end as this tab was) shows nothing of the key.
    expect(await projector.getByTestId('host-key-card').count()).toBe(0);
    expect(await projector.content()).not.toContain(key);
    // The review page has no stored access any more: it asks for the key.
    const review = await p.context().newPage();
    await review.goto(`${e2e.env.base}/review.html?code=${host.code}`);
    await review.getByTestId('review-key-input').waitFor({ timeout: WAIT });
    expect(await review.getByTestId('review-key-input').inputValue()).toBe('');
    expect(Object.keys((await storage(review)).local).filter((k) => k.startsWith('synack.hostKey.'))).toEqual([]);
  }, 60_000);

  it('on a shared computer keeps nothing personal in either storage (the host’s key neither), and says what that means', async () => {
    const personal = /nickname|token|hostKey|replay/i;
    const leftIn = async (page: Page, ...secrets: string[]) => {
      const s = await storage(page);
      const all = { ...s.local, ...s.session };
      return [...Object.keys(all).filter((k) => personal.test(k)), ...Object.values(all).filter((v) => secrets.some((x) => v.includes(x)))];
    };

    // The host, on the lab computer.
    const hostPage = await e2e.env.page('shared-host');
    await hostPage.goto(e2e.env.base);
    await hostPage.getByTestId('join-shared').check();
    await hostPage.getByTestId('host-create').click();
    const code = (await hostPage.getByTestId('host-code').textContent({ timeout: WAIT }))?.trim() ?? '';
    expect(await hostPage.getByTestId('host-key-note').textContent()).toBe(text('host.keyNoteShared'));
    expect(await leftIn(hostPage, code)).toEqual([]);

    // A student: the box, with its hint.
    const page = await e2e.env.page('shared-student', PHONE);
    await page.goto(e2e.env.base);
    const box = page.getByTestId('join-shared');
    expect(await box.isChecked()).toBe(false);
    expect(await page.locator('#join-shared-hint').textContent()).toBe(text('join.sharedHint'));
    expect(await box.getAttribute('aria-describedby')).toBe('join-shared-hint');
    await page.getByLabel(text('join.shared')).check();
    await page.getByTestId('join-code').fill(code);
    await page.getByTestId('join-nickname').fill('Hana');
    await screenshot(page.getByTestId('join-form'), 'join-form-shared-phone');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('lobby-welcome').filter({ hasText: text('lobby.welcome', { name: 'Hana', code }) }).waitFor({ timeout: WAIT });
    // The welcome (with its replay token) has been handled by now: nothing of it was stored.
    expect(await leftIn(page, 'Hana', code)).toEqual([]);
    expect((await storage(page)).session).toEqual({ 'synack.sharedComputer': '1' });

    // A refresh does not rejoin on its own; the choice stays for this tab, the name does not.
    await page.reload();
    await page.getByTestId('join-error').filter({ hasText: text('err.sessionLost', { code }) }).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('join-shared').isChecked()).toBe(true);
    expect(await page.getByTestId('join-nickname').inputValue()).toBe('');

    // Ending the class still shows the host its key (from this page's memory), and stores nothing.
    await hostPage.getByTestId('end-class').click();
    await hostPage.getByTestId('end-class-confirm').click();
    expect(await hostPage.getByTestId('ended-host-key').inputValue({ timeout: WAIT })).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
    expect(await leftIn(hostPage, code)).toEqual([]);
  }, 60_000);

  it('drops stored replay tokens whose end has passed, on load of the game and of the review page; tokens without an end stay', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const random = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx';
    const tokens = { AAAAAAA: newReplayToken(random, now, -1), BBBBBBB: newReplayToken(random, now, 30), CCCCCCC: random, DDDDDDD: newReplayToken(random, now - 2 * day, 1) };
    const page = await e2e.env.page('tokens');
    const stored = async () => Object.keys((await storage(page)).local).filter((k) => k.startsWith('synack.replayToken.')).sort();
    for (const url of [e2e.env.base, `${e2e.env.base}/review.html`]) {
      await page.goto(url);
      await page.evaluate((ts) => {
        for (const [c, t] of Object.entries(ts)) localStorage.setItem(`synack.replayToken.${c}`, t);
      }, tokens);
      await page.reload();
      await expect.poll(stored, { timeout: WAIT }).toEqual(['synack.replayToken.BBBBBBB', 'synack.replayToken.CCCCCCC']);
      await page.evaluate(() => localStorage.clear());
    }
  }, 30_000);
});
