/**
 * The check of issue 3 item 8 ("a student never receives an answer before it is due"), shared by
 * tests/server/secrets.test.ts and tests/hostile/secrets.test.ts (issue 7 item 4, which extends it
 * to every scenario in both modes, to reconnections of either side, and to the review API).
 * Bot students play a whole round while every message and every state patch they receive is
 * recorded; each bot makes one deliberate mistake so that refused segments and explained verdicts
 * exist. Then, for each student:
 *  (a) only message types of EVENTS arrive, each in its schema's shape;
 *  (b) an `expected` key appears only inside a practice verdictGiven answering the student's own
 *      intent, and only for a rule it was already given a hint on (the first mistake on a rule
 *      gets the hint and no number); never in assessment mode, nor in the synced state;
 *  (c) the synced state holds no seq/ack number of the round, no TCP state, no unknown key;
 *  (d) what an endpoint can know: no partner's segment before it arrives, no loss (the network's
 *      secret), deliveries only of segments to this student, each at the time it happened;
 *  (e) no message holds a segment the student owes and has not sent yet: the student's own
 *      `sent` events are for segments it sent, as it sent them (or the engine sent for it in a
 *      prelude); the assessment carry-on of its own wrong send is not shown as a correction;
 *  (f) assessment: every verdict is `{ recorded: true }` and nothing more (but the answer's own request id), and the student's score
 *      in the synced state does not move until the round is over for it.
 */
import { expect } from 'vitest';
import type { RunningApp } from '../../server/app';
import type { JournalEntry } from '../support/bots/journal';
import type { RemoteBot } from '../support/bots/remote-bot';
import {
  checkTrace, EVENTS, findScenario, otherSide, TCP_STATES,
  type CheckAnswered, type CheckClosed, type CheckStage, type Question, type Mode, type RoundStarted, type SeatEvent, type Segment, type Side, type Trace, type TraceReport,
} from '../../shared/index';
import { closeClass, FAST, openClass, playRound, sleep, until } from './helpers';

export interface SecretRun {
  scenario: string;
  mode: Mode;
  /** The student on this side drops mid-round and comes back. */
  drop?: Side;
  how?: string;
}

type Send = Extract<Trace['events'][number], { type: 'send' }>;

/** Every [path, value] in a JSON-like value (objects, arrays, leaves). */
function walk(v: unknown, path: string[] = [], out: [string[], unknown][] = []): [string[], unknown][] {
  out.push([path, v]);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k], out);
  return out;
}

const isSegment = (v: unknown): v is Segment =>
  !!v && typeof v === 'object' && Array.isArray((v as Segment).flags) && typeof (v as Segment).seq === 'number' && typeof (v as Segment).ack === 'number' && typeof (v as Segment).len === 'number';

/** Same segment on the wire: same flags (as a set), seq, len, and ack when ACK is set. */
function sameSegment(a: Segment, b: { flags: readonly string[]; seq: number | null; ack: number; len: number }): boolean {
  const fa = [...a.flags].sort().join('+');
  const fb = [...b.flags].sort().join('+');
  return fa === fb && a.seq === b.seq && a.len === b.len && (!a.flags.includes('ACK') || a.ack === b.ack);
}

const STATE_KEYS = {
  root: ['code', 'phase', 'round', 'scenario', 'scenarioTitleEn', 'scenarioTitleZh', 'mode', 'hostConnected', 'watched', 'players', 'pairs'],
  player: ['id', 'nickname', 'connected', 'score', 'streak', 'pairId', 'side'],
  pair: ['id', 'client', 'server', 'finished', 'progress'],
};

export interface Tally {
  explained: number;
  partnerRefused: number;
  owedChecked: number;
}

export function checkStudent(bot: RemoteBot, trace: Trace, report: TraceReport, mode: Mode, scenarioId: string, tally: Tally): void {
  const me = bot.side as Side;
  const them = otherSide(me);
  const who = `${scenarioId}/${mode}/${bot.nickname} (${me})`;
  const sends = new Map<string, { e: Send; ok: boolean | undefined }>();
  trace.events.forEach((e, i) => {
    if (e.type === 'send') sends.set(e.id, { e, ok: report.events[i]?.verdict?.ok });
  });
  const happened = new Set(trace.events.filter((e) => e.type === 'deliver' || e.type === 'drop').map((e) => `${e.type}:${e.id}:${e.t}`));
  const journal: JournalEntry[] = bot.journal;
  expect(journal.length, who).toBeGreaterThan(5);

  // (a) only EVENTS, each in its shape.
  for (const m of journal) {
    expect(Object.keys(EVENTS), `${who}: message type ${m.type}`).toContain(m.type);
    const parsed = EVENTS[m.type as keyof typeof EVENTS].safeParse(m.message);
    expect(parsed.success, `${who}: ${m.type} ${JSON.stringify(m.message)}`).toBe(true);
  }

  // (b) `expected` only in a practice verdict answering this student's own intent, and only for a
  // rule already hinted (the first mistake on a rule gets a hint, no number); never in assessment.
  const hinted = new Set<string>();
  for (const m of journal) {
    if (m.type === 'verdictGiven') {
      expect(m.outstanding, `${who}: a verdict on nothing this student sent`).not.toBeNull();
      const v = m.message as { recorded: boolean; errors?: { rule: string; hint?: true; expected?: unknown }[] };
      for (const e of v.errors ?? []) {
        if (e.hint) {
          expect('expected' in e, `${who}: a hint with the answer ${JSON.stringify(e)}`).toBe(false);
          hinted.add(e.rule);
        } else {
          expect(hinted.has(e.rule), `${who}: the number of ${e.rule} at the first mistake on it`).toBe(true);
        }
        tally.explained += 1;
      }
    }
    for (const [path] of walk(m.message)) {
      if (path.at(-1) !== 'expected') continue;
      const allowed = mode === 'practice' && m.type === 'verdictGiven' && m.outstanding !== null && path.length === 3 && path[0] === 'errors';
      expect(allowed, `${who}: 'expected' at ${m.type}.${path.join('.')}`).toBe(true);
    }
  }

  // (f) assessment: "recorded", nothing more; the synced score stays until the round is over.
  if (mode === 'assessment') {
    for (const m of journal) if (m.type === 'verdictGiven') expect(m.message, `${who}: assessment verdict`).toEqual({ recorded: true, rid: expect.any(Number) });
    const over = journal.findIndex((m) => m.type === 'roundEnded');
    const scoreAt = (json: string) => (JSON.parse(json) as { players: Record<string, { score: number }> }).players[bot.id]?.score;
    const before = bot.statePatches.filter((_, i) => over < 0 || (bot.patchMarks[i] ?? 0) <= over).map(scoreAt);
    expect(new Set(before.filter((x) => x !== undefined)).size, `${who}: score moved during an assessment round: ${before.join(',')}`).toBeLessThanOrEqual(1);
  }

  // (c) the synced state: no seq/ack of the round, no TCP state, no key beyond the public ones.
  const secrets = new Set<number>();
  for (const { e } of sends.values()) {
    if (e.segment.seq >= 65_536) secrets.add(e.segment.seq);
    if (e.segment.flags.includes('ACK') && e.segment.ack >= 65_536) secrets.add(e.segment.ack);
  }
  expect(secrets.size, who).toBeGreaterThan(0);
  expect(bot.statePatches.length, who).toBeGreaterThan(2);
  for (const json of new Set(bot.statePatches)) {
    const state = JSON.parse(json) as { players: Record<string, object>; pairs: Record<string, object> };
    expect(Object.keys(state).sort(), who).toEqual([...STATE_KEYS.root].sort());
    for (const p of Object.values(state.players)) expect(STATE_KEYS.player, who).toEqual(expect.arrayContaining(Object.keys(p)));
    for (const p of Object.values(state.pairs)) expect(STATE_KEYS.pair, who).toEqual(expect.arrayContaining(Object.keys(p)));
    for (const [path, v] of walk(state)) {
      if (typeof v === 'number') expect(secrets.has(v), `${who}: state ${path.join('.')} = ${v}`).toBe(false);
      if (typeof v === 'string') expect((TCP_STATES as readonly string[]).includes(v), `${who}: state ${path.join('.')} = ${v}`).toBe(false);
    }
  }

  // (d) the partner's segments only once they went onto the network; fates only once they happened
  // (live, and in the history a reconnecting student is given).
  const seat = journal.flatMap((m) => m.type === 'seatEvent' ? [m.message as SeatEvent] : m.type === 'roundStarted' ? ((m.message as RoundStarted).history ?? []) : []);
  for (const e of seat) {
    expect(e.kind === 'sent' && e.side === them, `${who}: the partner's segment ${JSON.stringify(e)} shown before it arrived`).toBe(false);
    expect(e.kind, `${who}: a loss was told to an endpoint`).not.toBe('lost');
    if (e.kind === 'delivered') {
      expect(e.to, `${who}: a delivery to the partner was shown`).toBe(me);
      expect(happened.has(`deliver:${e.id}:${e.t}`), `${who}: delivered ${e.id} at ${e.t}`).toBe(true);
      const s = sends.get(e.id);
      expect(s && sameSegment(e.segment, s.e.segment), `${who}: delivered ${e.id} is not what was sent`).toBe(true);
    }
  }
  tally.partnerRefused += [...sends.values()].filter((s) => s.e.side === them && s.ok === false).length;

  // (e) nothing this student owes and has not sent appears in any message.
  const prelude = findScenario(scenarioId)?.prelude === 'handshake';
  const traceSends = [...sends.values()].map((s) => s.e);
  /** The engine sent it for this student: in the prelude (before any send of its own). */
  const playedForMe = (id: string): boolean => {
    const i = traceSends.findIndex((s) => s.id === id);
    const before = traceSends.slice(0, i);
    return prelude && !before.some((s) => s.side === me && (s.origin ?? 'player') === 'player');
  };
  const ownOnWire: Segment[] = [];
  for (const m of journal) {
    if (m.type === 'seatEvent' && (m.message as SeatEvent).kind === 'sent' && (m.message as { side: Side }).side === me) {
      const e = m.message as Extract<SeatEvent, { kind: 'sent' }>;
      if (e.origin === 'player') {
        const mine = bot.sent.slice(0, m.sentCount).filter((s) => s.round === m.round);
        expect(mine.some((s) => sameSegment(e.segment, s.segment)), `${who}: own 'sent' ${JSON.stringify(e)} that it never sent`).toBe(true);
      } else {
        expect(playedForMe(e.id), `${who}: own 'sent' with origin ${e.origin} ${JSON.stringify(e)}`).toBe(true);
      }
      ownOnWire.push(e.segment);
      continue;
    }
    if (m.type === 'verdictGiven') continue; // (b) covers its explanations
    const owed = [...m.owedBefore, ...m.owedAfter].filter((o) => o.segment.seq !== null && !ownOnWire.some((s) => sameSegment(s, o.segment)));
    if (owed.length === 0) continue;
    tally.owedChecked += 1;
    for (const [path, v] of walk(m.message)) {
      if (!isSegment(v)) continue;
      for (const o of owed) expect(sameSegment(v, o.segment), `${who}: ${m.type}.${path.join('.')} reveals the owed ${JSON.stringify(o)}`).toBe(false);
    }
  }
}

/** Play one round of `run` with two recording bot students and check what each received. */
export async function playAndCheckSecrets(app: RunningApp, { scenario, mode, drop }: SecretRun): Promise<Trace> {
  const c = await openClass(app, 2, { record: true, mistakes: 1, declareStates: true });
  try {
    const [a, b] = c.bots as [RemoteBot, RemoteBot];
    let trace: Trace;
    if (!drop) {
      // Random 32-bit ISNs, so that a number of the round in the synced state cannot be a coincidence.
      trace = (await playRound(c.host, { scenario, mode, net: { duplicate: 0.2 }, numbers: 'random' })).traces.pair1 as Trace;
    } else {
      await c.host.configureRound({ ...FAST, scenario, mode, net: { ...FAST.net, duplicate: 0.2 }, numbers: 'random' });
      const started = await c.host.startRound();
      const who = a.side === drop ? a : b;
      // Once the client's deliberate mistake is behind it and this student answered once.
      await until(() => who.verdicts.some((v) => v.recorded || v.ok) && who.idle, 'the student has answered');
      await who.dropConnection();
      await until(() => (c.host.room.state as { players: Map<string, { connected: boolean }> }).players.get(who.id)?.connected === false, 'the class sees the student gone');
      await who.reconnect();
      await c.host.waitAllFinished(started.round, 15_000);
      await c.host.endRound();
      trace = await c.host.fetchTrace(started.round, 'pair1');
      expect(who.journal.some((m) => m.type === 'roundStarted' && ((m.message as RoundStarted).history?.length ?? 0) > 0)).toBe(true);
    }
    const report = checkTrace(trace);
    expect(report.valid).toBe(true);
    const tally: Tally = { explained: 0, partnerRefused: 0, owedChecked: 0 };
    checkStudent(a, trace, report, mode, scenario, tally);
    checkStudent(b, trace, report, mode, scenario, tally);
    // The checks had something to catch: deliberate mistakes were made and explained (practice)
    // or recorded (assessment), and messages came while something was owed.
    expect(report.summary.correct).toBeLessThan(report.summary.judged);
    if (mode === 'practice') {
      expect(tally.explained).toBeGreaterThan(0);
      expect(tally.partnerRefused).toBeGreaterThan(0);
    } else {
      expect(c.bots.flatMap((x) => x.verdicts).length).toBeGreaterThan(0);
    }
    expect(tally.owedChecked).toBeGreaterThan(0);
    return trace;
  } finally {
    await closeClass(c);
  }
}

/**
 * Issue 17: what a student receives of a concept check. In every message it got before a check
 * closed: no `correct`, `right`, `explanation` or `score` key in a check message, and no explanation
 * of any question of the check in any message, in either language. In its `checkClosed`: a result
 * only if it had an answer acknowledged, and the right answer and explanation only of questions it
 * had an answer acknowledged for, before the close. Returns how many answers were revealed, per stage.
 */
export function checkConceptSecrets(bot: RemoteBot, questions: readonly Question[]): Record<CheckStage, number> {
  const who = `concept check, ${bot.nickname}`;
  const explanations = new Set(questions.flatMap((q) => [q.explanation.en, q.explanation['zh-CN']]));
  const acked: Record<CheckStage, Set<string>> = { pre: new Set(), post: new Set() };
  const revealed: Record<CheckStage, number> = { pre: 0, post: 0 };
  for (const m of bot.inbox.messages) {
    if (m.type === 'checkAnswered') {
      const a = m.message as CheckAnswered;
      acked[a.stage].add(a.question);
    }
    if (m.type === 'checkClosed') {
      const c = m.message as CheckClosed;
      expect(EVENTS.checkClosed.safeParse(c).success, who).toBe(true);
      if (acked[c.stage].size === 0) expect(c.result, `${who}: a result without an answer`).toBeUndefined();
      for (const item of c.result?.questions ?? []) {
        if (item.answer === null) {
          expect(Object.keys(item).sort(), `${who}: an unanswered question's result`).toEqual(['answer', 'id']);
          continue;
        }
        expect(acked[c.stage].has(item.id), `${who}: the answer to ${item.id}, never answered`).toBe(true);
        revealed[c.stage] += 1;
      }
      continue;
    }
    for (const [path, v] of walk(m.message)) {
      const key = path.at(-1);
      if (m.type.startsWith('check')) expect(['correct', 'right', 'explanation', 'score'].includes(key ?? ''), `${who}: ${m.type}.${path.join('.')}`).toBe(false);
      if (typeof v === 'string') expect(explanations.has(v), `${who}: an explanation in ${m.type}.${path.join('.')}`).toBe(false);
    }
  }
  return revealed;
}
