/**
 * Issue 11, "Show it": a human-paced simulation in the pure round (virtual time): every scenario ×
 * both seats × {human pair, against the bot} × {practice, assessment} × 50 seeds, each answer after
 * a random 3–40 s of thinking, some answers wrong first, through the very answer pipeline a class
 * uses (shared/round/play.ts). Default class settings (delay 0.8–1.5 s, no loss), plus each
 * scenario's own faults. `npm run simulate` prints the same counts. Then the same at homework's
 * fast pace (delay 0.3–0.7 s, RTO 4 s, MSL 3 s), where the jitter is larger than the shortest
 * delay: a segment once overtook one its side had sent before, and the simultaneous open's bot
 * received the client's SYN+ACK before it had answered the client's SYN.
 */
import { describe, expect, it } from 'vitest';
import {
  addPaceCounts, DEFAULT_ROUND_CONFIG, describePace, emptyPaceCounts, SCENARIOS, simulatePace, textbookNumbers,
  type Mode, type PaceCounts, type RoundSettings, type Scenario,
} from '../../../shared/index';
import { HOMEWORK_PACE } from '../../../client/src/net/homework';

const SEEDS = 50;
const THINK: [number, number] = [3_000, 40_000];

function settingsFor(mode: Mode): RoundSettings {
  const c = { ...DEFAULT_ROUND_CONFIG, mode };
  return { mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: c.backoff, textbook: textbookNumbers(c) };
}

function fastSettingsFor(mode: Mode): RoundSettings {
  const c = { ...DEFAULT_ROUND_CONFIG, mode };
  const fast = HOMEWORK_PACE.fast;
  return { mode, net: fast.net, rtoMs: fast.rtoMs, mslMs: fast.mslMs, backoff: c.backoff, textbook: textbookNumbers(c) };
}

const PACES = { classroom: settingsFor, 'homework, fast': fastSettingsFor } as const;
type Pace = keyof typeof PACES;

/** The counts of one scenario at one pace, computed once (each test may also run alone). */
const computed = new Map<string, PaceCounts>();
function countsFor(scenario: Scenario, pace: Pace = 'classroom'): PaceCounts {
  let c = computed.get(`${pace} ${scenario.id}`);
  if (!c) {
    c = simulatePace(scenario, PACES[pace], SEEDS, THINK);
    computed.set(`${pace} ${scenario.id}`, c);
  }
  return c;
}

const CASES = (Object.keys(PACES) as Pace[]).flatMap((pace) => SCENARIOS.map((s) => [pace, s.id, s] as const));

describe('rounds at the pace of people (virtual time)', () => {
  it.each(CASES)('%s pace, %s: every round ends by itself, its lesson happens, no timer fires without a loss and no segment overtakes an earlier one', (pace, _, scenario) => {
    const counts = countsFor(scenario, pace);
    expect(counts.rounds).toBe(2 * 2 * 2 * SEEDS);
    expect(counts.stuck).toEqual([]);
    expect(counts.endedByThemselves).toBe(counts.rounds);
    expect(counts.lessons).toBe(counts.rounds);
    expect(counts.spuriousTimers).toBe(0);
    // No reordering is set: each side's segments arrive in the order sent, one instant after another.
    expect(counts.overtaken).toBe(0);
    expect(counts.wrongFirst).toBeGreaterThan(0);
    if (scenario.id === 'lost-final-ack') expect(counts.lostFinalAck.reAckInTimeWait).toBe(counts.lostFinalAck.rounds);
    if (scenario.id === 'simultaneous-open') expect(counts.simultaneousOpen.crossed).toBe(counts.simultaneousOpen.rounds);
    // Only the scenarios that lose a segment on purpose see a retransmission timer at all: a drop in
    // the fault plan, or a bounded listen queue that turns a SYN away (the SYN flood).
    const queued = [...scenario.calls.client, ...scenario.calls.server].some((c) => c.backlog !== undefined);
    if (!scenario.faults?.plan?.some((p) => p.action === 'drop') && !queued) expect(counts.retransmissionTimers).toBe(0);
    if (queued) expect(counts.retransmissionTimers).toBeGreaterThan(0);
  });

  it.each(Object.keys(PACES) as Pace[])('reports the counts over every scenario at the %s pace', (pace) => {
    const total = emptyPaceCounts();
    for (const scenario of SCENARIOS) addPaceCounts(total, countsFor(scenario, pace));
    console.log(`${pace} pace: ${describePace(total, SCENARIOS.length, SEEDS, THINK)}`);
    expect(total.rounds).toBe(SCENARIOS.length * 8 * SEEDS);
    expect(total.endedByThemselves).toBe(total.rounds);
    expect(total.spuriousTimers).toBe(0);
  });
});
