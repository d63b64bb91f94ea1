/**
 * Issue 16 in a class, in real browsers: retransmission backoff (the class setting, left on as it
 * is by default) in a class round of the lossy lifecycle (scenario 6). Two students join the
 * class the host's page created and play the round through the UI against the real server. The
 * scenario's fault plan loses the client's data twice, and nobody is told: the client's timer
 * fires after the class RTO, the resend's timer is said (in the timer words, the `timer-status`
 * live region) to run twice the RTO, and after the second timeout the third copy gets through.
 * Then both students play on to CLOSED and end by themselves, and the host's dashboard shows the
 * pair finished, with the lesson done. Needs `npm run build` first, and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/index';
import { HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, mod32, text, textPattern, useE2E, roundRoles } from './helpers';

const ISN_CLIENT = 5100;
const ISN_SERVER = 7300;
/** The class timers (seconds of network time): short, and 2×MSL outlasts the RTO and a round trip. */
const RTO_S = 2;
const MSL_S = 2;

describe.skipIf(!HAVE_CHROMIUM)(`retransmission backoff in a class${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  /** Note every rewrite of a page's timer words (the live region is rewritten with each piece of news). */
  async function listen(p: Player): Promise<() => Promise<string[]>> {
    await p.page.getByTestId('timer-status').evaluate((el) => {
      const said: string[] = [];
      (window as unknown as { timerSaid: string[] }).timerSaid = said;
      new MutationObserver(() => said.push(el.textContent ?? '')).observe(el, { childList: true, subtree: true, characterData: true });
    });
    return async () => (await p.page.evaluate(() => (window as unknown as { timerSaid: string[] }).timerSaid)).filter((l) => l !== '');
  }

  it('the client’s data is lost twice: its resend’s timer is said to run twice the class RTO, and the pair still ends by itself', async () => {
    const host = await HostPage.create(e2e.env);
    // Backoff is the class's default; this test leaves it so.
    expect(await host.page.getByTestId('backoff-input').isChecked()).toBe(true);
    // One fixed delay keeps segments sent at the same network time in order. No random loss: the
    // only losses are the scenario's. Losses are not shown: the timer is how the client finds out.
    await host.configure({ scenario: 'lossy-lifecycle', rtoS: RTO_S, mslS: MSL_S, delayMin: 120, delayMax: 120, showLosses: false, autoEnd: false });
    expect(await host.page.getByTestId('loss-input').inputValue()).toBe('0');
    const ann = await Player.join(e2e.env, host.code, 'Ann');
    const bo = await Player.join(e2e.env, host.code, 'Bo');
    await host.waitForStudents(['Ann', 'Bo']);
    await host.startRound(1);
    const scenario = findScenario('lossy-lifecycle')!;
    const { client, server } = await roundRoles(ann, bo, 1, scenario.title.en);
    const clientSaid = await listen(client);
    const status = () => client.page.getByTestId('timer-status').textContent();
    const timeouts = async () => (await client.inbox()).filter((e) => e.text.includes(text('inbox.timer.retransmit'))).length;
    const serverGotData = async () => (await server.inbox()).some((e) => e.kind === 'arrived' && (e.seg?.len ?? 0) > 0);

    // Handshake; the client's ACK goes on its own, before the data.
    await server.waitForLine('inbox.app.listen');
    await server.declareCorrect('LISTEN');
    await client.waitForLine('inbox.app.connect');
    await client.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    const syn = await server.nextArrival();
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: ISN_SERVER, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const synAck = await client.nextArrival();
    await client.sendCorrect({ flags: ['ACK'], seq: ISN_CLIENT + 1, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');

    // The client's app sends 100 bytes (the network clock stood still meanwhile: the ACK and the
    // data leave at the same network time). The first copy starts the timer with the class RTO.
    await client.waitForLine('inbox.app.send', { bytes: 100 });
    const data = { flags: ['ACK', 'PSH'] as const, seq: ISN_CLIENT + 1, ack: mod32(synAck.seq + 1), len: 100 };
    const sendData = () => client.sendCorrect({ ...data, flags: [...data.flags] }, 'ESTABLISHED');
    await sendData();
    // The ACK reaches the server; the data does not.
    const third = await server.nextArrival();
    expect(third).toMatchObject({ flags: ['ACK'], len: 0 });
    await server.declareCorrect('ESTABLISHED');
    await expect.poll(clientSaid, { timeout: WAIT }).toContain(text('timer.rtoStarted', { s: RTO_S }));

    // Lost, and nobody is told: the client's timer fires after the RTO; the same bytes go again.
    await expect.poll(timeouts, { timeout: WAIT }).toBe(1);
    expect(await serverGotData()).toBe(false);
    await sendData();
    // The resend's timer runs twice the class RTO, and the words say so.
    await expect.poll(status, { timeout: WAIT }).toMatch(textPattern('timer.rtoStartedBackedOff'));
    expect(await status()).toBe(text('timer.rtoStartedBackedOff', { n: 2, s: 2 * RTO_S }));

    // Lost again: found out after the doubled wait. The third copy arrives.
    await expect.poll(timeouts, { timeout: WAIT }).toBe(2);
    expect(await serverGotData()).toBe(false);
    await sendData();
    const got = await server.nextArrival((s) => s.len > 0);
    expect(got).toMatchObject({ seq: ISN_CLIENT + 1, len: 100 });

    // The server's app answers with 60 bytes, acknowledging the 100: the client's timer stops.
    await server.waitForLine('inbox.app.send', { bytes: 60 });
    await server.sendCorrect({ flags: ['ACK', 'PSH'], seq: ISN_SERVER + 1, ack: ISN_CLIENT + 101, len: 60 }, 'ESTABLISHED');
    const reply = await client.nextArrival((s) => s.len > 0);
    expect(reply).toMatchObject({ seq: ISN_SERVER + 1, ack: ISN_CLIENT + 101, len: 60 });
    await expect.poll(clientSaid, { timeout: WAIT }).toContain(text('timer.rtoStopped'));

    // The close: the client's FIN, the server's FIN, the last ACK, TIME_WAIT, CLOSED.
    await client.waitForLine('inbox.app.close');
    await client.sendCorrect({ flags: ['ACK', 'FIN'], seq: ISN_CLIENT + 101, ack: ISN_SERVER + 61, len: 0 }, 'FIN_WAIT_1');
    const fin = await server.nextArrival((s) => s.flags.includes('FIN'));
    await server.waitForLine('inbox.app.close');
    await server.sendCorrect({ flags: ['ACK', 'FIN'], seq: ISN_SERVER + 61, ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');
    const finAck = await client.nextArrival((s) => s.flags.includes('FIN'));
    expect(finAck.ack).toBe(ISN_CLIENT + 102);
    await client.sendCorrect({ flags: ['ACK'], seq: ISN_CLIENT + 102, ack: mod32(finAck.seq + 1), len: 0 }, 'TIME_WAIT');
    const last = await server.nextArrival();
    expect(last).toMatchObject({ flags: ['ACK'], len: 0 });
    await server.declareCorrect('CLOSED');
    await client.waitForLine('inbox.timer.time_wait');
    // The last answer of the round: its feedback is the round's end.
    await client.declare('CLOSED');

    // Both end by themselves, told what they achieved; the host sees the pair finished, lesson done.
    for (const p of [client, server]) expect(await p.expectDone()).toContain(scenario.achieved!.en);
    await host.expectStates('pair1', 'CLOSED', 'CLOSED');
    await host.expectFinished('pair1');
    expect(await host.page.getByTestId('pair-pair1-no-lesson').count()).toBe(0);
    await host.page.getByTestId('all-done').filter({ hasText: text('host.allDoneEnd') }).waitFor({ timeout: WAIT });

    // What the client's timer words said at each start, in order: the SYN's and the first data's
    // with the RTO, then the resends' backed off (the third copy's at four times, the cap), and
    // the FIN's with the plain RTO again (new data was acknowledged in between).
    const starts = (await clientSaid()).filter((l) => l.startsWith('Retransmission timer started'));
    expect(starts).toEqual([
      text('timer.rtoStarted', { s: RTO_S }),
      text('timer.rtoStarted', { s: RTO_S }),
      text('timer.rtoStartedBackedOff', { n: 2, s: 2 * RTO_S }),
      text('timer.rtoStartedBackedOff', { n: 4, s: 4 * RTO_S }),
      text('timer.rtoStarted', { s: RTO_S }),
    ]);
    // Two timeouts, no more; nobody was shown a loss.
    expect(await timeouts()).toBe(2);
    for (const p of [client, server]) expect((await p.inbox()).filter((e) => e.kind === 'lost')).toEqual([]);
    await host.endRound();
  }, 120_000);
});
