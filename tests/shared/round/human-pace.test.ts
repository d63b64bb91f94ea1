/**
 * Issue 11, "Show it": a human-paced simulation in the pure round (virtual time): every scenario ×
 * both seats × {human pair, against the bot} × {practice, assessment} × 50 seeds, each answer after
 * a random 3–40 s of thinking, some answers wrong first, through the very answer pipeline a class
 * uses (shared/round/play.ts). Default class settings (delay 0.8–1.5 s, no loss), plus each
 * scenario's own faults.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUND_CONFIG, SCENARIOS, SIDES, simulatePeople, textbookNumbers,
  type Mode, type PeopleResult, type RoundSettings, type Scenario, type Side,
} from '../../../shared/index';

const SEEDS = 50;
const THINK: [number, number] = [3_000, 40_000];

interface Counts {
  rounds: number;
  endedByThemselves: number;
  lessons: number;
  /** Rounds where a retransmission timer fired although nothing was dropped and nothing injected. */
  spuriousTimers: number;
  retransmissionTimers: number;
  answers: number;
  wrongFirst: number;
  stale: number;
  hints: number;
  lostFinalAck: { rounds: number; reAckInTimeWait: number };
  simultaneousOpen: { rounds: number; crossed: number };
  wallMinutes: number[];
}

function settingsFor(mode: Mode): RoundSettings {
  const c = { ...DEFAULT_ROUND_CONFIG, mode };
  return { mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, textbook: textbookNumbers(c) };
}

/** The client acknowledged the server's repeated FIN while in TIME_WAIT (a send after that row fired). */
function reAckedInTimeWait(r: PeopleResult): boolean {
  const { round } = r.play;
  if (!round.fired.client.includes('time-wait-rcv-fin')) return false;
  const wrong = new Set(round.wrong);
  // Two accepted client ACKs declared (or sent) in TIME_WAIT: the first, lost; the second, the re-ACK.
  const acks = round.events.filter((e, i) => e.type === 'send' && e.side === 'client' && !wrong.has(i) && e.segment.flags.includes('ACK') && !e.segment.flags.includes('FIN') && e.segment.len === 0);
  return acks.length >= 2;
}

function crossed(r: PeopleResult): boolean {
  return SIDES.every((s) => r.play.round.fired[s].includes('syn-sent-rcv-syn'));
}

function run(scenario: Scenario, counts: Counts): void {
  for (const mode of ['practice', 'assessment'] as const) {
    for (const studied of SIDES) {
      for (const partner of ['human', 'bot'] as const) {
        for (let seed = 1; seed <= SEEDS; seed++) {
          const humans: Record<Side, boolean> = { client: studied === 'client' || partner === 'human', server: studied === 'server' || partner === 'human' };
          const r = simulatePeople(scenario, settingsFor(mode), seed * 7919 + (studied === 'server' ? 1 : 0), {
            humans, thinkMs: THINK, wrongRate: 0.25, seed: seed * 31 + (partner === 'bot' ? 7 : 0),
          });
          const events = r.play.round.events;
          const rtos = events.filter((e) => e.type === 'timeout' && e.timer === 'retransmit').length;
          counts.rounds += 1;
          if (r.done) counts.endedByThemselves += 1;
          else throw new Error(`${scenario.id} ${mode} ${studied} with a ${partner} partner, seed ${seed}: did not end (waiting for ${r.play.waiting.join(', ') || 'nobody'}, ${r.play.round.eps.client.state}/${r.play.round.eps.server.state})`);
          if (r.play.round.scenario.lesson?.every((l) => r.play.round.fired[l.side].includes(l.row))) counts.lessons += 1;
          counts.retransmissionTimers += rtos;
          if (rtos > 0 && !events.some((e) => e.type === 'drop')) counts.spuriousTimers += 1;
          counts.answers += r.answers;
          counts.wrongFirst += r.wrong;
          counts.stale += r.stale;
          counts.hints += r.notices.filter((n) => n.kind === 'hint').length;
          counts.wallMinutes.push(r.wallMs / 60_000);
          if (scenario.id === 'lost-final-ack') {
            counts.lostFinalAck.rounds += 1;
            if (reAckedInTimeWait(r)) counts.lostFinalAck.reAckInTimeWait += 1;
          }
          if (scenario.id === 'simultaneous-open') {
            counts.simultaneousOpen.rounds += 1;
            if (crossed(r)) counts.simultaneousOpen.crossed += 1;
          }
        }
      }
    }
  }
}

const emptyCounts = (): Counts => ({
  rounds: 0, endedByThemselves: 0, lessons: 0, spuriousTimers: 0, retransmissionTimers: 0, answers: 0, wrongFirst: 0, stale: 0, hints: 0,
  lostFinalAck: { rounds: 0, reAckInTimeWait: 0 }, simultaneousOpen: { rounds: 0, crossed: 0 }, wallMinutes: [],
});

/** The counts of one scenario, computed once (each test may also run alone). */
const computed = new Map<string, Counts>();
function countsFor(scenario: Scenario): Counts {
  let c = computed.get(scenario.id);
  if (!c) {
    c = emptyCounts();
    run(scenario, c);
    computed.set(scenario.id, c);
  }
  return c;
}

describe('rounds at the pace of people (virtual time)', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: every round ends by itself, its lesson happens, and no timer fires without a loss', (_, scenario) => {
    const counts = countsFor(scenario);
    expect(counts.rounds).toBe(2 * 2 * 2 * SEEDS);
    expect(counts.endedByThemselves).toBe(counts.rounds);
    expect(counts.lessons).toBe(counts.rounds);
    expect(counts.spuriousTimers).toBe(0);
    expect(counts.wrongFirst).toBeGreaterThan(0);
    if (scenario.id === 'lost-final-ack') expect(counts.lostFinalAck.reAckInTimeWait).toBe(counts.lostFinalAck.rounds);
    if (scenario.id === 'simultaneous-open') expect(counts.simultaneousOpen.crossed).toBe(counts.simultaneousOpen.rounds);
    // Only the scenarios that lose a segment on purpose see a retransmission timer at all.
    if (!scenario.faults?.plan?.some((p) => p.action === 'drop')) expect(counts.retransmissionTimers).toBe(0);
  });

  it('reports the counts over every scenario', () => {
    const total = emptyCounts();
    for (const scenario of SCENARIOS) {
      const c = countsFor(scenario);
      for (const k of ['rounds', 'endedByThemselves', 'lessons', 'spuriousTimers', 'retransmissionTimers', 'answers', 'wrongFirst', 'stale', 'hints'] as const) total[k] += c[k];
      total.lostFinalAck.rounds += c.lostFinalAck.rounds;
      total.lostFinalAck.reAckInTimeWait += c.lostFinalAck.reAckInTimeWait;
      total.simultaneousOpen.rounds += c.simultaneousOpen.rounds;
      total.simultaneousOpen.crossed += c.simultaneousOpen.crossed;
      total.wallMinutes.push(...c.wallMinutes);
    }
    const minutes = [...total.wallMinutes].sort((a, b) => a - b);
    const median = minutes[Math.floor(minutes.length / 2)] ?? 0;
    console.log(
      `human-pace simulation: ${total.rounds} rounds (${SCENARIOS.length} scenarios × 2 seats × {pair, bot} × {practice, assessment} × ${SEEDS} seeds, think ${THINK[0] / 1000}–${THINK[1] / 1000} s); ` +
      `ended by themselves ${total.endedByThemselves}, lesson happened ${total.lessons}, retransmission timers without a loss ${total.spuriousTimers} ` +
      `(timers in the lossy scenarios ${total.retransmissionTimers}); lost final ACK re-ACKed in TIME_WAIT ${total.lostFinalAck.reAckInTimeWait}/${total.lostFinalAck.rounds}; ` +
      `simultaneous open crossed ${total.simultaneousOpen.crossed}/${total.simultaneousOpen.rounds}; answers ${total.answers}, wrong first ${total.wrongFirst}, ` +
      `stale ${total.stale}, long-wait hints ${total.hints}; median round ${median.toFixed(1)} min of wall time`,
    );
    expect(total.rounds).toBe(SCENARIOS.length * 8 * SEEDS);
    expect(total.endedByThemselves).toBe(total.rounds);
    expect(total.spuriousTimers).toBe(0);
  });
});
