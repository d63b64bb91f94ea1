/**
 * Issue 11, "Show it": a human-paced simulation in the pure round (virtual time): every scenario ×
 * both seats × {human pair, against the bot} × {practice, assessment} × 50 seeds, each answer after
 * a random 3–40 s of thinking, some answers wrong first, through the very answer pipeline a class
 * uses (shared/round/play.ts). Default class settings (delay 0.8–1.5 s, no loss), plus each
 * scenario's own faults. `npm run simulate` prints the same counts.
 */
import { describe, expect, it } from 'vitest';
import {
  addPaceCounts, DEFAULT_ROUND_CONFIG, describePace, emptyPaceCounts, SCENARIOS, simulatePace, textbookNumbers,
  type Mode, type PaceCounts, type RoundSettings, type Scenario,
} from '../../../shared/index';

const SEEDS = 50;
const THINK: [number, number] = [3_000, 40_000];

function settingsFor(mode: Mode): RoundSettings {
  const c = { ...DEFAULT_ROUND_CONFIG, mode };
  return { mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: c.backoff, textbook: textbookNumbers(c) };
}

/** The counts of one scenario, computed once (each test may also run alone). */
const computed = new Map<string, PaceCounts>();
function countsFor(scenario: Scenario): PaceCounts {
  let c = computed.get(scenario.id);
  if (!c) {
    c = simulatePace(scenario, settingsFor, SEEDS, THINK);
    computed.set(scenario.id, c);
  }
  return c;
}

describe('rounds at the pace of people (virtual time)', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: every round ends by itself, its lesson happens, and no timer fires without a loss', (_, scenario) => {
    const counts = countsFor(scenario);
    expect(counts.rounds).toBe(2 * 2 * 2 * SEEDS);
    expect(counts.stuck).toEqual([]);
    expect(counts.endedByThemselves).toBe(counts.rounds);
    expect(counts.lessons).toBe(counts.rounds);
    expect(counts.spuriousTimers).toBe(0);
    expect(counts.wrongFirst).toBeGreaterThan(0);
    if (scenario.id === 'lost-final-ack') expect(counts.lostFinalAck.reAckInTimeWait).toBe(counts.lostFinalAck.rounds);
    if (scenario.id === 'simultaneous-open') expect(counts.simultaneousOpen.crossed).toBe(counts.simultaneousOpen.rounds);
    // Only the scenarios that lose a segment on purpose see a retransmission timer at all: a drop in
    // the fault plan, or a bounded listen queue that turns a SYN away (the SYN flood).
    const queued = [...scenario.calls.client, ...scenario.calls.server].some((c) => c.backlog !== undefined);
    if (!scenario.faults?.plan?.some((p) => p.action === 'drop') && !queued) expect(counts.retransmissionTimers).toBe(0);
    if (queued) expect(counts.retransmissionTimers).toBeGreaterThan(0);
  });

  it('reports the counts over every scenario', () => {
    const total = emptyPaceCounts();
    for (const scenario of SCENARIOS) addPaceCounts(total, countsFor(scenario));
    console.log(describePace(total, SCENARIOS.length, SEEDS, THINK));
    expect(total.rounds).toBe(SCENARIOS.length * 8 * SEEDS);
    expect(total.endedByThemselves).toBe(total.rounds);
    expect(total.spuriousTimers).toBe(0);
  });
});
