import { describe, expect, it } from 'vitest';
import {
  answer, botSegment, createPlay, findScenario, handToBot, injectPlay, nextWakeup, owedSends, pausePlay, playHistory, playView,
  resumePlay, seatOwes, startPlay, tickPlay, POINTS,
  type Play, type PlayOptions, type PlayStep, type RoundSettings, type Scenario, type SeatEvent, type Segment, type Side,
} from '../../../shared/index';


const NET = { loss: 0, delayMin: 1000, delayMax: 1000, duplicate: 0, reorder: 0 };
const settings = (over: Partial<RoundSettings> = {}): RoundSettings => ({ mode: 'practice', net: NET, rtoMs: 5000, mslMs: 4000, textbook: true, ...over });
const scenario = (id: string): Scenario => findScenario(id) as Scenario;

/** A play with both seats people, started at wall 0. */
function people(id: string, over: Partial<RoundSettings> = {}, options: Partial<PlayOptions> = {}, humans: Record<Side, boolean> = { client: true, server: true }): Play {
  return startPlay(createPlay(scenario(id), settings(over), 7, humans, options), 0).play;
}

/** The segment a correct stack sends now for `side` (the client picks ISN 300, the server 700). */
function correct(play: Play, side: Side): Segment {
  return botSegment(play.round.eps[side], side === 'client' ? 300 : 700) as Segment;
}

const events = (s: PlayStep, side: Side | 'host') => playView(s.play, s.out, side);

describe('the network clock', () => {
  it('stands still while a person owes an answer, however long they think', () => {
    let p = people('handshake', {}, { hintAfterMs: 0 });
    // The client owes its SYN, the server its LISTEN: nothing can happen in the network.
    expect(seatOwes(p, 'client')).toBe('send');
    expect(seatOwes(p, 'server')).toBe('declare');
    expect(p.clock.running).toBe(false);
    expect(nextWakeup(p)).toBeNull();
    p = tickPlay(p, 600_000).play;
    expect(p.round.now).toBe(0);
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 620_000).play;
    expect(p.clock.running).toBe(false);
    const sent = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 645_000);
    p = sent.play;
    // Now nobody owes anything: the clock runs from wall 645 s, and the SYN is due 1 s of network time later.
    expect(p.clock).toMatchObject({ running: true, net: 0, wall: 645_000 });
    expect(nextWakeup(p)).toBe(646_000);
    const arrived = tickPlay(p, 646_000);
    expect(arrived.out.map((o) => o.event)).toContainEqual(expect.objectContaining({ type: 'deliver', t: 1000, wall: 646_000 }));
    // The server owes its SYN+ACK: the clock stops at network time 1 s.
    expect(arrived.play.clock).toMatchObject({ running: false, net: 1000 });
    expect(arrived.notices).toContainEqual({ kind: 'clock', net: 1000, running: false, paused: false, waiting: ['server'] });
  });

  it('keeps a retransmission timer from firing while the partner thinks, and fires it after a loss', () => {
    let p = people('handshake');
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 1000).play;
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 2000).play;
    p = tickPlay(p, 3000).play; // the SYN arrives at network time 1 s
    // The server thinks for 10 minutes: the client's RTO (5 s) does not move.
    p = tickPlay(p, 603_000).play;
    expect(p.round.events.some((e) => e.type === 'timeout')).toBe(false);
    p = answer(p, 'server', { kind: 'send', segment: correct(p, 'server'), state: 'SYN_RCVD' }, 603_000).play;
    const back = tickPlay(p, 604_000);
    expect(back.out.some((o) => o.event.type === 'deliver')).toBe(true);
    expect(back.play.round.events.some((e) => e.type === 'timeout')).toBe(false);

    // The same with the SYN+ACK dropped: the timer fires RTO after the SYN left, in network time.
    let q = people('handshake');
    q = answer(q, 'server', { kind: 'declare', state: 'LISTEN' }, 1000).play;
    q = injectPlay(q, { kind: 'drop-next', flag: 'SYN' }, 1500).play;
    q = answer(q, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 2000).play;
    const fired = tickPlay(q, 2000 + 5000);
    expect(fired.out.map((o) => o.event)).toContainEqual(expect.objectContaining({ type: 'timeout', side: 'client', timer: 'retransmit', t: 5000 }));
  });

  it("counts a bot's thinking as no network time either", () => {
    let p = people('handshake', {}, { botDelayMs: 3000 }, { client: true, server: false });
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 500).play;
    p = tickPlay(p, 1500).play; // delivered at network 1 s; the bot owes the SYN+ACK
    expect(p.clock).toMatchObject({ running: false, net: 1000 });
    expect(nextWakeup(p)).toBe(4500);
    const bot = tickPlay(p, 4500);
    expect(bot.out.map((o) => o.event)).toContainEqual(expect.objectContaining({ type: 'send', side: 'server', t: 1000, wall: 4500 }));
    expect(bot.play.clock.running).toBe(true);
  });

  it('stops when paused, and the waits of the bot and of the hint resume where they were', () => {
    let p = people('handshake', {}, { botDelayMs: 3000, hintAfterMs: 60_000 }, { client: true, server: false });
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 0).play;
    p = tickPlay(p, 1000).play; // the bot owes from wall 1 s
    const paused = pausePlay(p, 2000);
    expect(paused.notices).toContainEqual(expect.objectContaining({ kind: 'clock', paused: true, running: false }));
    expect(nextWakeup(paused.play)).toBeNull();
    expect(answer(paused.play, 'client', { kind: 'declare', state: 'SYN_SENT' }, 2500).reply).toEqual({ kind: 'refused', code: 'round-paused' });
    const resumed = resumePlay(tickPlay(paused.play, 50_000).play, 50_000);
    // One of the bot's three seconds had passed before the pause: two are left.
    expect(nextWakeup(resumed.play)).toBe(52_000);
  });
});

describe('scoring and what a player is told (practice)', () => {
  it('refuses a wrong answer, hints at the first mistake on a rule without the number, and shows the number at the second', () => {
    let p = people('handshake');
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    const wrongSyn = { kind: 'send' as const, segment: { flags: ['SYN', 'ACK'] as Segment['flags'], seq: 300, ack: 5, len: 0 } };
    const first = answer(p, 'client', wrongSyn, 10_000);
    expect(first.reply).toEqual({ kind: 'verdict', recorded: false, ok: false, points: 0, score: 0, streak: 0, errors: [{ field: 'flags', rule: 'flags.first-syn-no-ack', got: ['SYN', 'ACK'], hint: true }] });
    // Refused: nothing went onto the network, and the seat still owes its SYN.
    expect(first.play.round.net.due).toEqual([]);
    expect(seatOwes(first.play, 'client')).toBe('send');
    const second = answer(first.play, 'client', wrongSyn, 20_000);
    expect(second.reply).toMatchObject({ ok: false, errors: [{ rule: 'flags.first-syn-no-ack', expected: ['SYN'] }] });
    expect(JSON.stringify(second.reply)).not.toContain('hint');
    // A right answer earns its fields and clears the hints given.
    const right = answer(second.play, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 30_000);
    expect(right.reply).toMatchObject({ ok: true, errors: [], points: 5 * POINTS.perField, streak: 1 });
    expect(right.play.seats.client).toMatchObject({ tried: [], declared: 'SYN_SENT', settled: 'SYN_SENT', answers: 3, correct: 1 });
  });

  it('shows the number at once when the host chose so', () => {
    let p = people('handshake', {}, { answerAtOnce: true });
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    const r = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN', 'ACK'], seq: 300, ack: 5, len: 0 } }, 1000).reply;
    expect(r).toMatchObject({ errors: [{ rule: 'flags.first-syn-no-ack', expected: ['SYN'] }] });
  });

  it('gives points for a declaration only when one was owed, and nothing for a redundant ACK', () => {
    let p = people('handshake');
    const first = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0);
    expect(first.reply).toMatchObject({ ok: true, points: POINTS.perField });
    const again = answer(first.play, 'server', { kind: 'declare', state: 'LISTEN' }, 500);
    expect(again.reply).toMatchObject({ ok: true, points: 0, streak: 1 });
    p = again.play;
    // Play the handshake to ESTABLISHED, then the client sends an ACK nobody asked for.
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 1000).play;
    p = tickPlay(p, 2000).play;
    p = answer(p, 'server', { kind: 'send', segment: correct(p, 'server'), state: 'SYN_RCVD' }, 3000).play;
    p = tickPlay(p, 4000).play;
    p = answer(p, 'client', { kind: 'send', segment: correct(p, 'client'), state: 'ESTABLISHED' }, 5000).play;
    const extra = answer(p, 'client', { kind: 'send', segment: { flags: ['ACK'], seq: 301, ack: 701, len: 0 } }, 5500);
    expect(extra.reply).toMatchObject({ ok: true, points: 0 });
  });

  it('adds the streak bonus for answers right in a row, and the time bonus only when on, from the wall time the seat owed', () => {
    const run = (timeBonus: boolean) => {
      let p = people('handshake', {}, { timeBonus });
      p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 4000).play;
      return answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 9000).reply;
    };
    expect(run(false)).toMatchObject({ points: 50 });
    expect(run(true)).toMatchObject({ points: 50 + POINTS.timeBonus });
    let p = people('handshake', {}, { timeBonus: true });
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    expect(answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 30_000).reply).toMatchObject({ points: 50 });
  });

  it("gives back an answer that crossed an input the player had not been shown yet ('stale'), unjudged", () => {
    let p = people('handshake');
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 0).play;
    const seenBefore = p.seats.server.inputs;
    p = tickPlay(p, 1000).play; // the SYN reaches the server
    expect(p.seats.server.inputs).toBe(seenBefore + 1);
    const crossed = answer(p, 'server', { kind: 'declare', state: 'LISTEN', seen: seenBefore }, 1200);
    expect(crossed.reply).toEqual({ kind: 'refused', code: 'stale' });
    expect(crossed.play).toBe(p);
    // Based on what it had been shown, the same player says SYN_RCVD: judged (and right).
    expect(answer(p, 'server', { kind: 'declare', state: 'SYN_RCVD', seen: seenBefore + 1 }, 1300).reply).toMatchObject({ ok: true });
  });
});

describe('assessment', () => {
  it('tells the player nothing but "recorded", carries the correct segment on, and keeps the score for the end', () => {
    let p = people('handshake', { mode: 'assessment' });
    p = answer(p, 'server', { kind: 'declare', state: 'SYN_RCVD' }, 0).play; // wrong: it listens
    const wrong = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN', 'ACK'], seq: 300, ack: 9, len: 0 }, state: 'SYN_SENT' }, 1000);
    expect(wrong.reply).toEqual({ kind: 'verdict', recorded: true });
    // The wrong declaration was answered (settled): the clock runs on; the carried-on SYN flies.
    expect(seatOwes(wrong.play, 'server')).toBeNull();
    expect(seatOwes(wrong.play, 'client')).toBeNull();
    const sends = wrong.play.round.events.filter((e) => e.type === 'send');
    expect(sends.map((e) => [e.segment.flags.join('+'), e.origin ?? 'player'])).toEqual([['SYN+ACK', 'player'], ['SYN', 'auto']]);
    // The sender sees its own answer, as sent, and not the carried-on correction; the host sees the network.
    expect(events(wrong, 'client').filter((e) => e.kind === 'sent')).toEqual([expect.objectContaining({ origin: 'player', segment: expect.objectContaining({ flags: ['SYN', 'ACK'] }) })]);
    expect(events(wrong, 'host').filter((e) => e.kind === 'sent')).toEqual([expect.objectContaining({ origin: 'auto', segment: expect.objectContaining({ flags: ['SYN'] }) })]);
    // The score is kept (partial credit for right fields), for the end of the round.
    expect(wrong.play.seats.client.score).toBeGreaterThan(0);
    expect(wrong.play.seats.client.answers).toBe(1);
    expect(wrong.play.seats.client.correct).toBe(0);
  });
});

describe('what an endpoint can know', () => {
  /** The client's SYN is lost; its timer fires 5 s (network time) later. Both steps' events together. */
  function lossyHandshake(showLosses: boolean): PlayStep {
    let p = people('handshake', {}, { showLosses });
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    p = injectPlay(p, { kind: 'drop-next', flag: 'SYN' }, 0).play;
    const sent = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 0);
    const fired = tickPlay(sent.play, 5000);
    return { play: fired.play, out: [...sent.out.filter((o) => o.event.type !== 'send'), ...fired.out], notices: [] };
  }

  it('never tells an endpoint that a segment was lost: the sender learns it from its timer, the receiver never', () => {
    const s = lossyHandshake(false);
    expect(s.out.map((o) => o.event.type)).toEqual(['drop', 'timeout']);
    expect(events(s, 'client').map((e) => e.kind)).toEqual(['timer']);
    expect(events(s, 'server')).toEqual([]);
    expect(events(s, 'host').map((e) => e.kind)).toEqual(['lost', 'timer']);
    // Nor in the history a reconnecting player gets: the client sees its SYN leave, nothing of its fate.
    expect(playHistory(s.play, 'client').map((e) => e.kind)).toEqual(['app', 'sent', 'timer']);
    expect(playHistory(s.play, 'server').map((e) => e.kind)).toEqual(['app', 'declared']);
  });

  it('shows the whole network to the players of a class whose host chose "show losses"', () => {
    const s = lossyHandshake(true);
    expect(events(s, 'client').map((e) => e.kind)).toEqual(['lost', 'timer']);
    expect(events(s, 'server').map((e) => e.kind)).toEqual(['lost']);
  });

  it("shows a player the partner's segments only when they arrive", () => {
    let p = people('handshake');
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    const sent = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 0);
    expect(events(sent, 'server')).toEqual([]);
    const arrived = tickPlay(sent.play, 1000);
    expect(events(arrived, 'server')).toEqual([expect.objectContaining({ kind: 'delivered', to: 'server' })]);
    expect(events(arrived, 'client')).toEqual([]);
  });
});

describe('the prelude, long waits and the bot', () => {
  it('plays the opening itself, refuses answers meanwhile, then sets both states for the players', () => {
    let p = people('close');
    expect(answer(p, 'client', { kind: 'declare', state: 'SYN_SENT' }, 0).reply).toEqual({ kind: 'refused', code: 'prelude' });
    let told: SeatEvent[] = [];
    for (let wall = 0; wall < 10_000 && !p.preludeSettled; wall += 250) {
      const s = tickPlay(p, wall);
      told = [...told, ...events(s, 'client')];
      p = s.play;
    }
    expect(p.preludeSettled).toBe(true);
    expect(told.filter((e) => e.kind === 'declared')).toEqual([expect.objectContaining({ state: 'ESTABLISHED', origin: 'auto' })]);
    expect(p.seats.client).toMatchObject({ declared: 'ESTABLISHED', settled: 'ESTABLISHED' });
    // The auto states are recorded, not judged.
    expect(p.round.events.filter((e) => e.type === 'state')).toEqual([expect.objectContaining({ origin: 'auto' }), expect.objectContaining({ origin: 'auto' })]);
    // close() is called at the end of the prelude: the client owes its FIN.
    expect(seatOwes(p, 'client')).toBe('send');
  });

  it('hints once to a person who owes an answer for long, saying what kind, never which', () => {
    const p = people('handshake', {}, { hintAfterMs: 90_000 });
    expect(nextWakeup(p)).toBe(90_000);
    const s = tickPlay(p, 100_000);
    expect(s.notices.filter((n) => n.kind === 'hint')).toEqual([
      { kind: 'hint', side: 'client', owes: 'send', waitedMs: 90_000 },
      { kind: 'hint', side: 'server', owes: 'declare', waitedMs: 90_000 },
    ]);
    expect(tickPlay(s.play, 500_000).notices).toEqual([]);
  });

  it('lets the bot finish a seat the host hands over; the bot owes no declarations', () => {
    let p = people('handshake', {}, { botDelayMs: 1000 });
    p = handToBot(p, 'server', 5000).play;
    expect(p.seats.server.human).toBe(false);
    expect(seatOwes(p, 'server')).toBeNull();
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 6000).play;
    expect(answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 6000).reply).toEqual({ kind: 'refused', code: 'no-round' });
    for (let wall = 6000; wall < 20_000 && !p.done; wall += 500) {
      p = tickPlay(p, wall).play;
      if (seatOwes(p, 'client')) {
        const owes = seatOwes(p, 'client');
        p = owes === 'send'
          ? answer(p, 'client', { kind: 'send', segment: correct(p, 'client'), state: 'ESTABLISHED' }, wall).play
          : answer(p, 'client', { kind: 'declare', state: 'ESTABLISHED' }, wall).play;
      }
    }
    expect(p.done).toBe(true);
    expect(owedSends(p.round.eps.server)).toEqual([]);
  });

  it('ends by itself once both ends reach the goal with nothing owed or in flight, and says whether the lesson happened', () => {
    let p = people('handshake');
    p = answer(p, 'server', { kind: 'declare', state: 'LISTEN' }, 0).play;
    p = answer(p, 'client', { kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' }, 0).play;
    p = tickPlay(p, 1000).play;
    p = answer(p, 'server', { kind: 'send', segment: correct(p, 'server'), state: 'SYN_RCVD' }, 1000).play;
    p = tickPlay(p, 2000).play;
    p = answer(p, 'client', { kind: 'send', segment: correct(p, 'client'), state: 'ESTABLISHED' }, 2000).play;
    // The ACK is still in flight, and the server has not said it is ESTABLISHED: not done yet.
    expect(p.done).toBe(false);
    p = tickPlay(p, 3000).play;
    expect(p.done).toBe(false);
    const last = answer(p, 'server', { kind: 'declare', state: 'ESTABLISHED' }, 3000);
    expect(last.play.done).toBe(true);
    expect(last.notices).toContainEqual({ kind: 'done', lesson: true });
    expect(answer(last.play, 'client', { kind: 'declare', state: 'ESTABLISHED' }, 3500).reply).toEqual({ kind: 'refused', code: 'no-round' });
  });
});
