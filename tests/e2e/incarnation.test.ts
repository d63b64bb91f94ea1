/**
 * Issue 16's situations in a class, in real browsers: two students play a class round of Old
 * duplicates and a new incarnation (scenario 12), then a class round of Abort (scenario 11),
 * through the UI against the real server. Needs `npm run build` first, and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/index';
import { HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, mod32, text, useE2E, roundRoles } from './helpers';

const ISN_CLIENT = 4021;
const ISN_SERVER = 9000;

describe.skipIf(!HAVE_CHROMIUM)(`issue 16's scenarios in a class${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  it('plays a class round of Old duplicates and a new incarnation, then one of Abort: both pairs of seats end by themselves with what they achieved', async () => {
    const host = await HostPage.create(e2e.env);
    // Short timers (network time): 2×MSL = 4 s outlasts the RTO and a round trip. One fixed delay:
    // segments sent at the same network time arrive a millisecond apart, in the order sent.
    await host.configure({ scenario: 'incarnation', rtoS: 3, mslS: 2, delayMin: 120, delayMax: 120 });
    const ann = await Player.join(e2e.env, host.code, 'Ann');
    const bo = await Player.join(e2e.env, host.code, 'Bo');
    await host.waitForStudents(['Ann', 'Bo']);

    // ── Round 1: Old duplicates and a new incarnation ──
    await host.startRound(1);
    const incarnation = findScenario('incarnation')!;
    let { client, server } = await roundRoles(ann, bo, 1, incarnation.title.en);

    await server.waitForLine('inbox.app.listen');
    await server.declareCorrect('LISTEN');
    await client.waitForLine('inbox.app.connect');
    await client.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    const syn = await server.nextArrival();
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: ISN_SERVER, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const synAck = await client.nextArrival();
    await client.sendCorrect({ flags: ['ACK'], seq: ISN_CLIENT + 1, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');

    // The server's app closes first.
    await server.nextArrival();
    await server.waitForLine('inbox.app.close');
    await server.sendCorrect({ flags: ['ACK', 'FIN'], seq: ISN_SERVER + 1, ack: ISN_CLIENT + 1, len: 0 }, 'FIN_WAIT_1');
    const fin = await client.nextArrival((s) => s.flags.includes('FIN'));
    await client.waitForLine('inbox.app.close');
    await client.sendCorrect({ flags: ['ACK'], seq: ISN_CLIENT + 1, ack: mod32(fin.seq + 1), len: 0 }, 'CLOSE_WAIT');
    await client.sendCorrect({ flags: ['ACK', 'FIN'], seq: ISN_CLIENT + 1, ack: mod32(fin.seq + 1), len: 0 }, 'LAST_ACK');

    // The client's ACK of the server's FIN comes first (a path keeps its order, and a stack answers
    // one arrival before the next): FIN_WAIT_2, the server's to declare before anything else arrives.
    const acked = await server.nextArrival();
    expect(acked).toMatchObject({ flags: ['ACK'], ack: ISN_SERVER + 2 });
    await server.declareCorrect('FIN_WAIT_2');
    // Then the client's FIN reaches the server, and with it an old duplicate of the client's first SYN.
    await server.nextArrival((s) => s.flags.includes('FIN'));
    const old = await server.nextArrival((s) => s.flags.join() === 'SYN');
    expect(old).toMatchObject({ seq: ISN_CLIENT, len: 0 });
    await host.expectState('pair1', 'server', 'TIME_WAIT');
    // Below RCV.NXT: old. One ACK answers the FIN and the old SYN alike, and nothing changes.
    await server.sendCorrect({ flags: ['ACK'], seq: ISN_SERVER + 2, ack: ISN_CLIENT + 2, len: 0 }, 'TIME_WAIT');

    // The client is CLOSED after LAST_ACK and connects again on the same ports.
    await client.nextArrival((s) => s.flags.join() === 'ACK');
    await client.waitForLine('inbox.app.connectReuse');
    // The dashboard names the state as the game does: CLOSED until the new SYN goes out.
    await host.expectStates('pair1', 'CLOSED', 'TIME_WAIT');
    // An ISN inside the old connection's numbers is refused, with the rule that says why.
    const low = await client.send({ flags: ['SYN'], seq: ISN_CLIENT + 2, ack: 0, len: 0 }, 'SYN_SENT');
    expect(low).toContain(text('feedback.wrongSend'));
    await expect.poll(() => client.page.getByTestId('feedback-seq').getAttribute('data-rule')).toBe('seq.isn-above-last-connection');
    const isn2 = ISN_CLIENT + 64_000;
    await client.sendCorrect({ flags: ['SYN'], seq: isn2, ack: 0, len: 0 }, 'SYN_SENT');

    // Above RCV.NXT: the server, still in TIME_WAIT, opens a new connection.
    const fresh = await server.nextArrival((s) => s.flags.join() === 'SYN');
    expect(fresh.seq).toBe(isn2);
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: 777, ack: isn2 + 1, len: 0 }, 'SYN_RCVD');
    const synAck2 = await client.nextArrival((s) => s.flags.includes('SYN'));
    expect(synAck2).toMatchObject({ seq: 777, ack: isn2 + 1 });
    await client.sendCorrect({ flags: ['ACK'], seq: isn2 + 1, ack: 778, len: 0 }, 'ESTABLISHED');
    await server.nextArrival();
    // The last answer of the round: its feedback is the round's end.
    await server.declare('ESTABLISHED');
    for (const p of [client, server]) expect(await p.expectDone()).toContain(incarnation.achieved!.en);
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });

    // ── Round 2: Abort ──
    await host.configure({ scenario: 'abort' });
    await host.startRound(2);
    const abort = findScenario('abort')!;
    ({ client, server } = await roundRoles(ann, bo, 2, abort.title.en));
    await server.waitForLine('inbox.app.listen');
    await server.declareCorrect('LISTEN');
    await client.waitForLine('inbox.app.connect');
    await client.sendCorrect({ flags: ['SYN'], seq: ISN_CLIENT, ack: 0, len: 0 }, 'SYN_SENT');
    const syn3 = await server.nextArrival();
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: ISN_SERVER, ack: mod32(syn3.seq + 1), len: 0 }, 'SYN_RCVD');
    await client.nextArrival();
    // The third handshake segment carries the app's 100 bytes.
    await client.waitForLine('inbox.app.send', { bytes: 100 });
    await client.sendCorrect({ flags: ['ACK', 'PSH'], seq: ISN_CLIENT + 1, ack: ISN_SERVER + 1, len: 100 }, 'ESTABLISHED');
    const data = await server.nextArrival();
    expect(data.len).toBe(100);
    await server.waitForLine('inbox.app.send', { bytes: 60 });
    await server.sendCorrect({ flags: ['ACK', 'PSH'], seq: ISN_SERVER + 1, ack: ISN_CLIENT + 101, len: 60 }, 'ESTABLISHED');
    await client.nextArrival((s) => s.len === 60);
    // The client's app aborts: no FIN, a RST at SND.NXT, and the client is CLOSED at once.
    await client.waitForLine('inbox.app.abort');
    await client.sendCorrect({ flags: ['RST'], seq: ISN_CLIENT + 101, ack: 0, len: 0 }, 'CLOSED');
    const rst = await server.nextArrival((s) => s.flags.includes('RST'));
    expect(rst.seq).toBe(ISN_CLIENT + 101);
    await server.declare('CLOSED');
    await host.expectStates('pair1', 'CLOSED', 'CLOSED');
    for (const p of [client, server]) expect(await p.expectDone()).toContain(abort.achieved!.en);
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
  }, 240_000);
});
