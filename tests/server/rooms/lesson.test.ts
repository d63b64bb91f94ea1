import { describe, expect, it } from 'vitest';
import {
  answer as playAnswer, botSegment, expectedAfterSend, HOST_INTENTS, INTENTS, mergeDashboard, namedState, seatOwes, stepParts, STUDENT_INTENTS,
  type Dashboard, type ErrorCode, type IntentType, type PlayerAnswer, type Segment, type Side,
} from '../../../shared/index';
import { MemoryRecorder } from '../../../server/replay/recorder';
import { ASKER, type Effect, type Outgoing, type Send } from '../../../server/rooms/effects';
import { answerOf, PHASES, refusalIn, roleOf, type Phase } from '../../../server/rooms/intents';
import { Lesson } from '../../../server/rooms/lesson';
import type { PairHost } from '../../../server/rooms/PairRunner';

const CODE = 'TEST234';

/** What the synced state shows (ClassState's fields), read from the model. */
function publicView(l: Lesson) {
  return structuredClone({
    code: l.code, phase: l.phase, round: l.round, scenario: l.config.scenario, mode: l.config.mode, hostConnected: l.hostConnected, watched: l.watched ?? '',
    players: [...l.students.values()].map(({ arrived: _, ...p }) => p),
    pairs: [...l.pairs.values()],
  });
}

const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * The class model on a clock the test moves, its runners' port wired back to it as the room wires
 * it, and an outbox that records: what was sent to whom, and the synced state as the last 'patch'
 * left it. Every transition is carried out to its end, and then the synced state must show what
 * the model holds (a transition that changes the public part and forgets to patch fails here).
 */
class Classroom {
  now = 1_700_000_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  readonly recorder = new MemoryRecorder();
  readonly sent: Send[] = [];
  readonly other: Effect[] = [];
  synced: ReturnType<typeof publicView>;
  readonly lesson: Lesson;

  constructor(botDelayMs = 400) {
    const host: PairHost = {
      setTimeout: (fn, ms) => {
        const t = { at: this.now + ms, fn };
        this.timers.push(t);
        return { clear: () => (this.timers = this.timers.filter((x) => x !== t)) };
      },
      recorder: this.recorder,
      now: () => this.now,
      toSeat: (pairId, side, type, messages) => void this.carry(this.lesson.toSeat(pairId, side, type, messages)),
      toHost: (pairId, events) => void this.carry(this.lesson.ladder(pairId, events)),
      changed: (pairId) => void this.carry(this.lesson.pairChanged(pairId)),
      pairDone: (pairId) => void this.carry(this.lesson.pairDone(pairId)),
    };
    this.lesson = new Lesson(CODE, host, botDelayMs);
    this.synced = publicView(this.lesson);
  }

  /** Carry out effects like the outbox (continuations included); all of them, flattened. */
  async carry(effects: Effect[] | Promise<Effect[]> | null): Promise<Effect[]> {
    const all: Effect[] = [];
    for (const e of (await effects) ?? []) {
      all.push(e);
      if (e.kind === 'send') this.sent.push(e);
      else if (e.kind === 'patch') this.synced = publicView(this.lesson);
      else if (e.kind === 'after') all.push(...(await this.carry(e.run())));
      else this.other.push(e);
    }
    return all;
  }

  async do(effects: Effect[] | Promise<Effect[]> | null): Promise<Effect[]> {
    const all = await this.carry(effects);
    await settle();
    expect(this.synced).toEqual(publicView(this.lesson));
    return all;
  }

  /** Move the clock by `ms`, firing the runners' timers as they fall due. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = next.at;
      next.fn();
      await settle();
    }
    this.now = end;
    expect(this.synced).toEqual(publicView(this.lesson));
  }

  /** Students who joined (claimed a seat, and their connection came). */
  async join(...nicknames: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const n of nicknames) {
      const id = `p${this.lesson.students.size + 1}`;
      await this.do(this.lesson.enrol(id, n));
      await this.do(this.lesson.arrive(id));
      ids.push(id);
    }
    return ids;
  }

  start(seed = 7): Promise<Effect[]> {
    return this.do(this.lesson.startRound(seed, this.now));
  }

  /** Messages of `type` sent to a student; a seat's steps taken apart as the page takes them (events, clock, hint). */
  to<K extends keyof Outgoing>(id: string, type: K): Outgoing[K][] {
    const out: unknown[] = [];
    for (const s of this.sent) {
      if (s.to.to !== 'player' || s.to.id !== id) continue;
      if (s.type === type) out.push(s.message);
      else if (s.type === 'step') for (const part of stepParts(s.message as Outgoing['step'])) if (part.type === type) out.push(part.message);
    }
    return out as Outgoing[K][];
  }

  toHosts<K extends keyof Outgoing>(type: K): Outgoing[K][] {
    return this.sent.filter((s) => s.to.to === 'hosts' && s.type === type).map((s) => s.message as Outgoing[K]);
  }

  seatOf(id: string): { pairId: string; side: Side } {
    for (const [pairId, r] of this.lesson.runners) for (const side of ['client', 'server'] as const) if (r.seats[side].playerId === id) return { pairId, side };
    throw new Error(`${id} has no seat`);
  }

  /** What a student who knows TCP answers now, or null when they owe nothing. */
  correct(id: string): { intent: 'sendSegment' | 'declareState'; answer: PlayerAnswer } | null {
    const { pairId, side } = this.seatOf(id);
    const play = this.lesson.runners.get(pairId)!.play;
    const owes = seatOwes(play, side);
    const ep = play.round.eps[side];
    if (owes === 'send') {
      const segment = botSegment(ep, side === 'client' ? 300 : 700) as Segment;
      return { intent: 'sendSegment', answer: { kind: 'send', segment, state: expectedAfterSend(ep, segment).state } };
    }
    return owes === 'declare' ? { intent: 'declareState', answer: { kind: 'declare', state: namedState(ep) } } : null;
  }

  /** Students answer right whenever they owe something; the clock moves when nobody does. */
  async playOn(until: () => boolean = () => this.lesson.phase !== 'running'): Promise<void> {
    for (let i = 0; i < 400 && !until(); i++) {
      const id = [...this.lesson.students.keys()].find((s) => this.lesson.live && this.hasSeat(s) && this.correct(s));
      if (id) {
        const { intent, answer } = this.correct(id)!;
        await this.do(this.lesson.answer(id, intent, answer));
      } else await this.advance(250);
    }
    expect(until()).toBe(true);
  }

  private hasSeat(id: string): boolean {
    return [...this.lesson.runners.values()].some((r) => r.seats.client.playerId === id || r.seats.server.playerId === id);
  }
}

const refusals = (fx: Effect[]) => fx.filter((e): e is Send => e.kind === 'send' && e.type === 'error').map((e) => (e.message as Outgoing['error']).code);
const toAsker = <K extends keyof Outgoing>(fx: Effect[], type: K) => fx.filter((e): e is Send => e.kind === 'send' && e.to.to === 'asker' && e.type === type).map((e) => e.message as Outgoing[K]);

describe('the phases of a class', () => {
  it('allow each intent in the phases the table lists, and refuse the others with their code', () => {
    // Concept checks (issue 17) are run and answered in the lobby only.
    const checksInRound: Partial<Record<IntentType, ErrorCode>> = { configureCheck: 'round-running', openCheck: 'round-running', closeCheck: 'no-check', answerCheck: 'no-check' };
    const refused: Record<Phase, Partial<Record<IntentType, ErrorCode>>> = {
      lobby: { pauseRound: 'no-round', resumeRound: 'no-round', endRound: 'no-round', handToBot: 'unknown-pair', sendSegment: 'no-round', declareState: 'no-round' },
      running: { startRound: 'round-running', setPairs: 'round-running', resumeRound: 'no-round', ...checksInRound },
      paused: { startRound: 'round-running', setPairs: 'round-running', pauseRound: 'no-round', ...checksInRound },
      ended: {
        startRound: 'class-ended', pauseRound: 'no-round', resumeRound: 'no-round', endRound: 'no-round', handToBot: 'unknown-pair', sendSegment: 'no-round', declareState: 'no-round',
        configureCheck: 'class-ended', openCheck: 'class-ended', closeCheck: 'class-ended', answerCheck: 'class-ended',
      },
    };
    for (const phase of Object.keys(PHASES) as Phase[]) {
      for (const intent of Object.keys(INTENTS) as IntentType[]) {
        expect(refusalIn(phase, intent), `${intent} in ${phase}`).toBe(refused[phase][intent] ?? null);
      }
    }
  });

  it('are live (a round is being played) exactly while running or paused', () => {
    expect(Object.entries(PHASES).filter(([, p]) => p.live).map(([k]) => k)).toEqual(['running', 'paused']);
  });

  it("give every intent to exactly one role, as shared/messages says", () => {
    for (const intent of Object.keys(INTENTS) as IntentType[]) {
      expect(HOST_INTENTS.includes(intent) !== STUDENT_INTENTS.includes(intent), intent).toBe(true);
      expect(roleOf(intent)).toBe(HOST_INTENTS.includes(intent) ? 'host' : 'student');
    }
  });
});

describe('the roster', () => {
  it('holds a claimed nickname at once, drops a claim whose connection never came, keeps one that came', async () => {
    const c = new Classroom();
    await c.do(c.lesson.enrol('p1', 'ana'));
    await c.do(c.lesson.enrol('p2', 'ben'));
    expect(c.synced.players.map((p) => [p.nickname, p.connected])).toEqual([['ana', false], ['ben', false]]);
    await c.do(c.lesson.arrive('p2'));
    expect(await c.do(c.lesson.expire('p1'))).toContainEqual({ kind: 'forget', playerIds: ['p1'] });
    expect(await c.do(c.lesson.expire('p2'))).toEqual([]);
    expect(c.synced.players.map((p) => p.nickname)).toEqual(['ben']);
    expect(c.lesson.arrive('p1')).toBeNull();
  });

  it('shows in the lobby who plays with whom in the coming round, the odd student against the bot', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben', 'cho');
    expect(c.synced.pairs.map((p) => [p.id, p.client, p.server])).toEqual([['pair1', 'p1', 'p2'], ['pair2', 'p3', 'bot']]);
    expect(c.synced.players.map((p) => [p.id, p.pairId, p.side])).toEqual([['p1', 'pair1', 'client'], ['p2', 'pair1', 'server'], ['p3', 'pair2', 'client']]);
    // The host pairs them otherwise; a bad pairing changes nothing.
    expect(refusals(await c.do(c.lesson.setPairs([{ a: 'p1', b: 'p9' }])))).toEqual(['bad-pairs']);
    await c.do(c.lesson.setPairs([{ a: 'p3', b: 'p1' }, { a: 'p2', b: null }]));
    expect(c.synced.pairs.map((p) => [p.client, p.server])).toEqual([['p3', 'p1'], ['p2', 'bot']]);
    // A student who leaves the lobby leaves the roster (no ghosts), and the lobby pairs again.
    await c.do(c.lesson.left('p3', false));
    expect(await c.do(c.lesson.forget('p3'))).toContainEqual({ kind: 'forget', playerIds: ['p3'] });
    expect(c.synced.players.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(c.synced.pairs.map((p) => [p.client, p.server])).toEqual([['p1', 'p2']]);
  });

  it('removes a student (blocking them on request), and a claim whose connection has not come yet', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    expect(refusals(await c.do(c.lesson.remove('p9', false)))).toEqual(['unknown-student']);
    const fx = await c.do(c.lesson.remove('p1', true));
    expect(fx).toContainEqual({ kind: 'block', playerId: 'p1', nickname: 'ana' });
    expect(fx).toContainEqual({ kind: 'kick', playerId: 'p1' });
    expect(c.to('p1', 'classEnded')).toEqual([{ reason: 'removed' }]);
    expect(c.synced.players.find((p) => p.id === 'p1')?.connected).toBe(false);
    await c.do(c.lesson.enrol('p3', 'cho'));
    expect(await c.do(c.lesson.remove('p3', false))).toContainEqual({ kind: 'forget', playerIds: ['p3'] });
    expect(c.lesson.students.has('p3')).toBe(false);
  });

  it('renames a student as a join would name them, in the roster and in the round', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    expect(refusals(await c.do(c.lesson.rename('p1', '  ')))).toEqual(['nickname-empty']);
    expect(refusals(await c.do(c.lesson.rename('p1', 'BEN')))).toEqual(['nickname-taken']);
    expect(refusals(await c.do(c.lesson.rename('p9', 'x')))).toEqual(['unknown-student']);
    await c.do(c.lesson.rename('p1', 'anna'));
    expect(c.synced.players[0]?.nickname).toBe('anna');
    expect(c.lesson.runners.get('pair1')?.seats[c.seatOf('p1').side].name).toBe('anna');
    expect(c.toHosts('dashboard').at(-1)?.pairs[0]?.[c.seatOf('p1').side].name).toBe('anna');
  });
});

describe('a round', () => {
  it('needs students; then each pair is in the store, and each student told their side and partner', async () => {
    const c = new Classroom();
    expect(refusals(await c.start())).toEqual(['not-enough-players']);
    expect(c.synced.round).toBe(0);
    await c.join('ana', 'ben');
    await c.start(41);
    expect(c.synced).toMatchObject({ phase: 'running', round: 1 });
    const [stored] = c.recorder.listRounds(CODE);
    expect(stored).toMatchObject({ round: 1, pairId: 'pair1', scenario: 'handshake', mode: 'practice', seed: 42, players: { client: 'ana', server: 'ben' }, playerIds: { client: 'p1', server: 'p2' } });
    expect(c.to('p1', 'roundStarted')).toEqual([expect.objectContaining({ round: 1, side: 'client', partner: 'ben', scenario: 'handshake' })]);
    expect(c.to('p2', 'roundStarted')).toEqual([expect.objectContaining({ round: 1, side: 'server', partner: 'ana' })]);
    // The runners started after the students were told: their first events, then the dashboard.
    expect(c.to('p1', 'seatEvent')[0]).toMatchObject({ kind: 'app', call: 'connect' });
    expect(c.toHosts('dashboard').at(-1)).toMatchObject({ round: 1, allDone: false, pairs: [{ id: 'pair1' }] });
  });

  it("judges a student's answer and scores it (practice); a wrong one is refused with the rule and changes no score", async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    const right = await c.do(c.lesson.answer('p2', 'declareState', { kind: 'declare', state: 'LISTEN' }));
    const [verdict] = toAsker(right, 'verdictGiven');
    expect(verdict).toMatchObject({ recorded: false, ok: true, errors: [], streak: 1 });
    const points = (verdict as { points: number }).points;
    expect(points).toBeGreaterThan(0);
    expect(c.synced.players[1]).toMatchObject({ score: points, streak: 1 });
    const wrong = await c.do(c.lesson.answer('p1', 'sendSegment', { kind: 'send', segment: { flags: ['ACK'], seq: 1, ack: 1, len: 0 } }));
    const [refusal] = toAsker(wrong, 'verdictGiven');
    expect(refusal).toMatchObject({ recorded: false, ok: false, points: 0, score: 0, streak: 0 });
    expect((refusal as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    // A student without a seat has no round to answer in.
    await c.join('cho');
    expect(refusals(await c.do(c.lesson.answer('p3', 'declareState', { kind: 'declare', state: 'LISTEN' })))).toEqual(['no-round']);
  });

  it('plays to the end by itself: each student is told they are done, the round ends, and the lobby swaps the roles', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    await c.playOn();
    for (const id of ['p1', 'p2']) expect(c.to(id, 'roundEnded')).toEqual([expect.objectContaining({ round: 1, done: true, finished: true, lesson: true })]);
    expect(c.synced.phase).toBe('lobby');
    expect(c.recorder.listRounds(CODE)[0]?.result).toMatchObject({ finished: true, lesson: true });
    expect(c.toHosts('dashboard').some((d) => d.allDone === true)).toBe(true);
    expect(c.synced.pairs).toEqual([{ id: 'pair1', client: 'p2', server: 'p1', finished: false, progress: 0 }]);
    expect(c.synced.players.every((p) => p.score > 0)).toBe(true);
  });

  it('leaves the round running when every pair is done, if the host turned auto end off', async () => {
    const c = new Classroom();
    await c.do(c.lesson.configure({ autoEnd: false }));
    await c.join('ana', 'ben');
    await c.start();
    await c.playOn(() => c.lesson.runners.get('pair1')!.finished);
    await c.advance(5_000);
    expect(c.synced).toMatchObject({ phase: 'running', pairs: [{ finished: true, progress: 1 }] });
    expect(c.toHosts('dashboard').at(-1)).toMatchObject({ allDone: true });
    await c.do(c.lesson.endRound());
    expect(c.synced.phase).toBe('lobby');
    // Each student was told once, when their pair was done.
    expect(c.to('p1', 'roundEnded')).toHaveLength(1);
  });

  it('keeps assessment scores out of the roster until the pair is over, and tells a student only "recorded"', async () => {
    const c = new Classroom();
    await c.do(c.lesson.configure({ mode: 'assessment', autoEnd: false }));
    await c.join('ana', 'ben');
    await c.start();
    const fx = await c.do(c.lesson.answer('p2', 'declareState', { kind: 'declare', state: 'LISTEN' }));
    expect(toAsker(fx, 'verdictGiven')).toEqual([{ recorded: true }]);
    expect(c.synced.players.map((p) => p.score)).toEqual([0, 0]);
    await c.playOn(() => c.lesson.runners.get('pair1')!.finished);
    // The pair is over (the round is not: auto end is off): its scores are shown, once.
    expect(c.synced.phase).toBe('running');
    const scores = c.synced.players.map((p) => p.score);
    expect(scores.every((s) => s > 0)).toBe(true);
    await c.do(c.lesson.endRound());
    expect(c.synced.players.map((p) => p.score)).toEqual(scores);
  });

  it('tells each seat one message per step with one clock, the last: on a network with no delay a send stops one wait and starts the other', async () => {
    const c = new Classroom();
    await c.do(c.lesson.configure({ net: { delayMin: 0, delayMax: 0 } }));
    await c.join('ana', 'ben');
    await c.start();
    let several = 0;
    for (let i = 0; i < 80 && c.lesson.phase === 'running'; i++) {
      const id = ['p1', 'p2'].find((s) => c.correct(s));
      if (!id) {
        await c.advance(250);
        continue;
      }
      const { pairId, side } = c.seatOf(id);
      const runner = c.lesson.runners.get(pairId)!;
      const { intent, answer } = c.correct(id)!;
      // How many clock notices the play makes for this answer (the same pure step, on the side).
      if (playAnswer(runner.play, side, answer, runner.elapsed()).notices.filter((n) => n.kind === 'clock').length > 1) several += 1;
      const before = { p1: c.to('p1', 'clock').length, p2: c.to('p2', 'clock').length };
      const seatMessages = (p: string) => c.sent.filter((m) => m.to.to === 'player' && m.to.id === p && ['step', 'seatEvent', 'clock', 'hint'].includes(m.type)).length;
      const framesBefore = { p1: seatMessages('p1'), p2: seatMessages('p2') };
      await c.do(c.lesson.answer(id, intent, answer));
      for (const p of ['p1', 'p2'] as const) {
        const told = c.to(p, 'clock').slice(before[p]);
        expect(told.length).toBeLessThanOrEqual(1);
        // What was told is the clock as it stands after the step.
        if (told.length === 1) expect(told[0]).toEqual(runner.clockFor(c.seatOf(p).side));
        // The whole step in one message to each seat: its events and the clock together.
        expect(seatMessages(p) - framesBefore[p]).toBeLessThanOrEqual(1);
      }
    }
    expect(c.to('p1', 'roundEnded')).toHaveLength(1);
    expect(several).toBeGreaterThan(0);
  });

  it('pauses and resumes every pair', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    await c.do(c.lesson.pause());
    expect(c.synced.phase).toBe('paused');
    expect(c.lesson.runners.get('pair1')?.play.paused).toBe(true);
    expect(c.to('p1', 'clock').at(-1)).toMatchObject({ paused: true });
    expect(refusals(await c.do(c.lesson.answer('p2', 'declareState', { kind: 'declare', state: 'LISTEN' })))).toEqual(['round-paused']);
    await c.do(c.lesson.resume());
    expect(c.synced.phase).toBe('running');
    expect(c.lesson.runners.get('pair1')?.play.paused).toBe(false);
  });

  it('hands a seat to the bot: its student is told the round is over for them, the partner that the bot plays', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    expect(refusals(await c.do(c.lesson.handToBot('pair9', 'client')))).toEqual(['unknown-pair']);
    await c.do(c.lesson.handToBot('pair1', 'client'));
    expect(c.to('p1', 'roundEnded')).toEqual([expect.objectContaining({ round: 1, handedToBot: true })]);
    expect(c.to('p2', 'partnerStatus').at(-1)).toEqual({ connected: true, bot: true });
    // A seat the bot plays already: nothing more.
    expect(await c.do(c.lesson.handToBot('pair1', 'client'))).toEqual([]);
    await c.playOn();
    expect(c.to('p1', 'roundEnded')).toHaveLength(1);
    expect(c.to('p2', 'roundEnded')).toEqual([expect.objectContaining({ done: true })]);
  });

  it('ends once, however often the end is asked for', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    const [first, second] = await Promise.all([c.do(c.lesson.endRound()), c.do(c.lesson.endRound())]);
    expect(second).toEqual([]);
    expect(first.some((e) => e.kind === 'send' && e.type === 'roundEnded')).toBe(true);
    expect(c.to('p1', 'roundEnded')).toEqual([expect.objectContaining({ round: 1, done: false, finished: false })]);
    expect(c.synced.phase).toBe('lobby');
    expect(c.recorder.listRounds(CODE)[0]?.result).toMatchObject({ finished: false });
  });

  it('keeps a student who leaves mid-round in the roster until the round ends, while the bot plays their seat', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    await c.do(c.lesson.left('p1', false));
    expect(c.to('p2', 'partnerStatus').at(-1)).toEqual({ connected: false, bot: false });
    await c.do(c.lesson.abandon('p1'));
    expect(c.to('p2', 'partnerStatus').at(-1)).toEqual({ connected: true, bot: true });
    expect(await c.do(c.lesson.forget('p1'))).toEqual([]);
    expect(c.synced.players.map((p) => p.id)).toEqual(['p1', 'p2']);
    const fx = await c.do(c.lesson.endRound());
    expect(fx).toContainEqual({ kind: 'forget', playerIds: ['p1'] });
    expect(c.synced.players.map((p) => p.id)).toEqual(['p2']);
  });

  it('gives a student back within the window the same seat, with everything it had seen', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    await c.do(c.lesson.answer('p2', 'declareState', { kind: 'declare', state: 'LISTEN' }));
    const seen = c.to('p2', 'seatEvent');
    await c.do(c.lesson.left('p2', false));
    await c.do(c.lesson.back('p2'));
    expect(c.to('p2', 'welcome').at(-1)).toEqual({ you: { id: 'p2', nickname: 'ben', role: 'student' }, code: CODE });
    const resumed = c.to('p2', 'roundStarted').at(-1);
    expect(resumed).toMatchObject({ round: 1, side: 'server', declared: 'LISTEN', score: c.synced.players[1]?.score, clock: { paused: false } });
    expect(resumed?.history).toEqual(seen);
    expect(c.to('p2', 'partnerStatus').at(-1)).toEqual({ connected: true, bot: false });
    expect(c.to('p1', 'partnerStatus').at(-1)).toEqual({ connected: true, bot: false });
  });

  it('ends the class: the round ends, everyone is told, the class closes, and no round starts again', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    await c.start();
    const fx = await c.do(c.lesson.endClass());
    expect(c.to('p1', 'roundEnded')).toHaveLength(1);
    expect(fx).toContainEqual({ kind: 'send', to: { to: 'everyone' }, type: 'classEnded', message: { reason: 'host' } });
    expect(fx.at(-1)).toEqual({ kind: 'close' });
    expect(c.synced.phase).toBe('ended');
    expect(c.lesson.refusal('startRound')).toBe('class-ended');
  });
});

describe('the host', () => {
  it('is welcomed with the key the first time, then the configuration, the dashboard and the watched ladder', async () => {
    const c = new Classroom();
    const first = await c.do(c.lesson.hostArrived('the-key'));
    expect(toAsker(first, 'welcome')).toEqual([{ you: { id: 'host', nickname: 'host', role: 'host' }, code: CODE, hostKey: 'the-key' }]);
    expect(toAsker(first, 'config')).toEqual([c.lesson.config]);
    expect(toAsker(first, 'dashboard')).toEqual([{ round: 0, pairs: [], totals: {} }]);
    expect(c.synced.hostConnected).toBe(true);
    await c.join('ana', 'ben');
    await c.start();
    await c.do(c.lesson.watch('pair1'));
    await c.do(c.lesson.hostPresent(false));
    expect(c.synced.hostConnected).toBe(false);
    const back = await c.do(c.lesson.hostArrived(null));
    expect(toAsker(back, 'welcome')[0]).not.toHaveProperty('hostKey');
    expect(toAsker(back, 'ladder')).toEqual([expect.objectContaining({ pairId: 'pair1', reset: true })]);
  });

  it('is sent what changed on the dashboard: the pairs that moved and the totals that changed, which added to the whole one make the whole one', async () => {
    const c = new Classroom();
    await c.do(c.lesson.hostArrived('the-key'));
    await c.join('ana', 'ben', 'cho', 'dan', 'eve', 'fay');
    await c.start();
    const starts = c.toHosts('dashboard');
    // The round starts with the whole dashboard to every host: three pairs, no delta.
    let held: Dashboard = starts.at(-1)!;
    expect(held.delta).toBeUndefined();
    expect(held.pairs).toHaveLength(3);
    const untimed = (d: Dashboard) => ({
      ...d,
      pairs: d.pairs.map(({ elapsedMs: _, ...p }) => ({ ...p, client: { ...p.client, owingMs: undefined }, server: { ...p.server, owingMs: undefined } })),
    });
    let deltas = 0;
    for (let i = 0; i < 60 && c.lesson.phase === 'running'; i++) {
      const id = [...c.lesson.students.keys()].find((s) => c.correct(s));
      if (!id) {
        await c.advance(250);
        continue;
      }
      const { pairId } = c.seatOf(id);
      const pair = c.lesson.runners.get(pairId)!;
      const ids = [pair.seats.client.playerId, pair.seats.server.playerId];
      // What moved while the clock ran (other pairs' segments arriving) is sent first.
      const [earlier] = (await c.do(c.lesson.dashboardChanges())).filter((e): e is Send => e.kind === 'send').map((e) => e.message as Dashboard);
      if (earlier) held = mergeDashboard(held, earlier, 0);
      const { intent, answer } = c.correct(id)!;
      await c.do(c.lesson.answer(id, intent, answer));
      const fx = await c.do(c.lesson.dashboardChanges());
      const [changes] = fx.filter((e): e is Send => e.kind === 'send' && e.type === 'dashboard').map((e) => e.message as Dashboard);
      if (c.lesson.phase !== 'running') break;
      // Only the answering student's pair moved, and only its students' totals can have changed.
      expect(changes).toMatchObject({ round: 1, delta: true });
      expect(changes!.pairs.map((p) => p.id)).toEqual([pairId]);
      for (const t of Object.keys(changes!.totals ?? {})) expect(ids).toContain(t);
      deltas += 1;
      // Added to what the hosts held, it is the whole dashboard a host joining now is sent (times apart).
      held = mergeDashboard(held, changes!, 0);
      expect(untimed(held)).toEqual(untimed(c.lesson.dashboard(ASKER).message as Dashboard));
      // Nothing moved since: nothing is sent.
      expect(await c.do(c.lesson.dashboardChanges())).toEqual([]);
    }
    expect(deltas).toBeGreaterThan(10);
  });

  it('refuses settings that would break the lesson with the reason in both languages, and shares good ones with every host', async () => {
    const c = new Classroom();
    const bad = await c.do(c.lesson.configure({ rtoMs: 1000 }));
    const [error] = toAsker(bad, 'error');
    expect(error).toMatchObject({ code: 'bad-timers', intent: 'configureRound' });
    expect(error?.issues?.[0]?.text).toEqual({ en: expect.any(String), 'zh-CN': expect.any(String) });
    await c.do(c.lesson.configure({ scenario: 'lifecycle', mode: 'assessment', net: { loss: 0.1 } }));
    expect(c.synced).toMatchObject({ scenario: 'lifecycle', mode: 'assessment' });
    expect(c.toHosts('config').at(-1)).toMatchObject({ scenario: 'lifecycle', net: { loss: 0.1, delayMin: 800 } });
  });

  it("watches one pair's ladder: its history at once, then its events as they happen, and no other pair's", async () => {
    const c = new Classroom();
    await c.join('ana', 'ben', 'cho', 'dan');
    await c.start();
    expect(refusals(await c.do(c.lesson.watch('pair9')))).toEqual(['unknown-pair']);
    await c.do(c.lesson.watch('pair2'));
    expect(c.toHosts('ladder').at(-1)).toMatchObject({ pairId: 'pair2', reset: true, events: [{ kind: 'app' }, { kind: 'app' }] });
    const before = c.toHosts('ladder').length;
    await c.do(c.lesson.answer('p1', 'declareState', { kind: 'declare', state: 'CLOSED' })); // pair1: not watched
    await c.do(c.lesson.answer('p4', 'declareState', { kind: 'declare', state: 'LISTEN' }));
    expect(c.toHosts('ladder').slice(before)).toEqual([{ pairId: 'pair2', round: 1, reset: false, events: [expect.objectContaining({ kind: 'declared', side: 'server', state: 'LISTEN' })] }]);
    await c.do(c.lesson.watch(null));
    expect(c.toHosts('ladder').at(-1)).toEqual({ pairId: '', round: 1, events: [], reset: true });
    expect(c.synced.watched).toBe('');
  });

  it('injects a fault into one pair or all, and says when there is none to inject into', async () => {
    const c = new Classroom();
    expect(refusals(await c.do(c.lesson.injectFault({ target: 'all', kind: 'drop-next' })))).toEqual(['no-round']);
    expect(refusals(await c.do(c.lesson.injectFault({ target: 'pair1', kind: 'drop-next' })))).toEqual(['unknown-pair']);
    await c.join('ana', 'ben');
    await c.start();
    await c.do(c.lesson.watch('pair1'));
    // The host is told the fault is set (and on how many pairs).
    expect(toAsker(await c.do(c.lesson.injectFault({ target: 'pair1', kind: 'drop-next', flag: 'SYN' })), 'faultInjected')).toEqual([{ target: 'pair1', kind: 'drop-next', flag: 'SYN', pairs: 1 }]);
    await c.playOn(() => c.toHosts('ladder').some((l) => l.events.some((e) => e.kind === 'lost')));
    // Loss is the network's secret: the students were never told.
    expect([...c.to('p1', 'seatEvent'), ...c.to('p2', 'seatEvent')].some((e) => e.kind === 'lost')).toBe(false);
    expect(toAsker(await c.do(c.lesson.injectFault({ target: 'all', kind: 'delay-next' })), 'faultInjected')).toEqual([{ target: 'all', kind: 'delay-next', ms: 5000, pairs: 1 }]);
  });
});

describe('the projector (the watched pair)', () => {
  /** The last whole ladder every host seat was sent. */
  const lastReset = (c: Classroom) => c.toHosts('ladder').filter((l) => l.reset).at(-1);

  it("follows the host's choice round after round: the same students' pair, with each new round's ladder from its start", async () => {
    const c = new Classroom();
    await c.join('ana', 'ben', 'cho', 'dan');
    await c.start();
    await c.do(c.lesson.watch('pair2'));
    expect(c.synced.watched).toBe('pair2');
    await c.playOn(() => c.lesson.runners.get('pair2')!.finished);
    const round1 = c.lesson.runners.get('pair2')!.history('host');
    await c.playOn();
    expect(c.synced).toMatchObject({ phase: 'lobby', watched: 'pair2' });
    // The host pairs them otherwise in the lobby: Cho and Dan are now pair1, and the projector follows them.
    await c.do(c.lesson.setPairs([{ a: 'p3', b: 'p4' }, { a: 'p1', b: 'p2' }]));
    expect(c.synced.watched).toBe('pair1');
    await c.start();
    expect(c.synced).toMatchObject({ round: 2, watched: 'pair1', pairs: [{ id: 'pair1', client: 'p4', server: 'p3' }, { id: 'pair2' }] });
    // Told before any event of the new round: a whole ladder of round 2, none of round 1's events.
    const reset = lastReset(c)!;
    expect(reset).toMatchObject({ pairId: 'pair1', round: 2, events: [] });
    await c.playOn(() => c.lesson.runners.get('pair1')!.finished);
    const live = c.toHosts('ladder').slice(c.toHosts('ladder').indexOf(reset) + 1);
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((l) => l.pairId === 'pair1' && l.round === 2 && !l.reset)).toBe(true);
    expect(live.flatMap((l) => l.events)).toEqual(c.lesson.runners.get('pair1')!.history('host'));
    expect(live.flatMap((l) => l.events)).not.toEqual(round1);
    await c.playOn();
    await c.start();
    expect(c.synced).toMatchObject({ round: 3, watched: 'pair1' });
    expect(lastReset(c)).toMatchObject({ pairId: 'pair1', round: 3 });
  });

  it('gives a host seat that arrives (a projector reloaded) the watched pair and its ladder of this round from the start', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben', 'cho', 'dan');
    await c.do(c.lesson.watch('pair2'));
    await c.start();
    await c.playOn(() => c.lesson.runners.get('pair2')!.history('host').some((e) => e.kind === 'delivered'));
    const history = c.lesson.runners.get('pair2')!.history('host');
    const back = await c.do(c.lesson.hostArrived(null));
    expect(toAsker(back, 'ladder')).toEqual([{ pairId: 'pair2', round: 1, events: history, reset: true }]);
    expect(c.synced.watched).toBe('pair2');
    // Between rounds: the choice, and no ladder to draw.
    await c.do(c.lesson.endRound());
    expect(toAsker(await c.do(c.lesson.hostArrived(null)), 'ladder')).toEqual([{ pairId: 'pair2', round: 1, events: [], reset: true }]);
  });

  it('is chosen in the lobby among the coming pairs, refused for a pair not shown, and nothing chosen watches nothing', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben');
    expect(refusals(await c.do(c.lesson.watch('pair2')))).toEqual(['unknown-pair']);
    expect(toAsker(await c.do(c.lesson.hostArrived(null)), 'ladder')).toEqual([]);
    await c.start();
    expect(c.synced.watched).toBe('');
    expect(lastReset(c)).toEqual({ pairId: '', round: 1, events: [], reset: true });
    await c.do(c.lesson.endRound());
    await c.do(c.lesson.watch('pair1'));
    expect(c.synced.watched).toBe('pair1');
    await c.start();
    expect(lastReset(c)).toMatchObject({ pairId: 'pair1', round: 2 });
  });

  it('keeps to the chosen pair number when its students are gone, else the first pair, and comes back to them', async () => {
    const c = new Classroom();
    await c.join('ana', 'ben', 'cho', 'dan', 'eve', 'fay');
    await c.do(c.lesson.watch('pair3'));
    // Eve and Fay leave the lobby (their connections close): the pairs are made again without them.
    await c.do(c.lesson.left('p5', false));
    await c.do(c.lesson.left('p6', false));
    expect(c.synced.pairs.map((p) => p.id)).toEqual(['pair1', 'pair2']);
    expect(c.synced.watched).toBe('pair1');
    await c.do(c.lesson.back('p6'));
    expect(c.synced.pairs.find((p) => p.id === c.synced.watched)).toMatchObject({ client: 'p6', server: 'bot' });
    await c.do(c.lesson.back('p5'));
    expect(c.synced.watched).toBe('pair3');
    expect(c.synced.pairs[2]).toMatchObject({ client: 'p5', server: 'p6' });
  });
});

describe("a student's answer", () => {
  it('is read from the intent as the play takes it', () => {
    expect(answerOf({ flags: ['SYN'], seq: 300, ack: 0, len: 0, state: 'SYN_SENT', seen: 2 })).toEqual({ kind: 'send', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT', seen: 2 });
    expect(answerOf({ flags: ['ACK'], seq: 1, ack: 1, len: 0 })).toEqual({ kind: 'send', segment: { flags: ['ACK'], seq: 1, ack: 1, len: 0 } });
    expect(answerOf({ state: 'LISTEN' })).toEqual({ kind: 'declare', state: 'LISTEN' });
    // The request id is the room's business, not the play's.
    expect(answerOf({ state: 'LISTEN', rid: 7 })).toEqual({ kind: 'declare', state: 'LISTEN' });
  });
});
