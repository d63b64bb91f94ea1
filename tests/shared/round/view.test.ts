import { describe, expect, it } from 'vitest';
import {
  advance, botSend, countInputs, createRound, historyFor, isFinished, nextDeadline, owedSends, owesAnySend, SCENARIOS, startRound, viewFor,
  SIDES, type Round, type RoundSettings, type SeatEvent, type Side, type StepOut,
} from '../../../shared/index';

const LOSSY: RoundSettings = { mode: 'practice', net: { loss: 0.2, delayMin: 10, delayMax: 200, duplicate: 0.15, reorder: 0.2 }, rtoMs: 400, mslMs: 300 };

/**
 * Bot against bot over a lossy network, step by step: what each seat was shown live, and at every
 * step the history a reconnecting seat would get instead.
 */
function playLive(scenarioIndex: number, seed: number, check: (round: Round, live: Record<Side, SeatEvent[]>) => void): Round {
  let round = createRound(SCENARIOS[scenarioIndex]!, LOSSY, seed);
  const live: Record<Side, SeatEvent[]> = { client: [], server: [] };
  const apply = (step: StepOut) => {
    round = step.round;
    for (const side of SIDES) live[side].push(...viewFor(step.out, side, round));
    check(round, live);
  };
  apply(startRound(round));
  for (let i = 0; i < 500 && !isFinished(round); i++) {
    const side = SIDES.find((s) => owesAnySend(round, s));
    const sent = side ? botSend(round, side) : null;
    if (sent) apply(sent);
    else {
      const at = nextDeadline(round);
      if (at === null) break;
      apply(advance(round, at));
    }
  }
  return round;
}

describe('countInputs: what an answer says it had seen', () => {
  it('counts the same inputs in the live events a seat was shown as in its reconnection history, at every step of every scenario', () => {
    let steps = 0;
    for (let k = 0; k < SCENARIOS.length; k++) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const end = playLive(k, seed, (round, live) => {
          steps++;
          for (const side of SIDES) expect(countInputs(live[side], side), `${SCENARIOS[k]!.id} seed ${seed} ${side}`).toBe(countInputs(historyFor(round, side), side));
        });
        expect(isFinished(end), `${SCENARIOS[k]!.id} seed ${seed}`).toBe(true);
      }
    }
    expect(steps).toBeGreaterThan(500);
  });

  it('counts deliveries to the seat, its timers and its app calls, and nothing it did itself', () => {
    const seg = { flags: ['SYN' as const], seq: 1, ack: 0, len: 0 };
    const events: SeatEvent[] = [
      { kind: 'app', t: 0, call: 'connect' },
      { kind: 'sent', t: 1, id: 'c1', side: 'client', segment: seg, origin: 'player' },
      { kind: 'lost', t: 2, id: 'c1' },
      { kind: 'timer', t: 3, timer: 'retransmit', action: 'fired' },
      { kind: 'sent', t: 4, id: 'c2', side: 'client', segment: seg, origin: 'player' },
      { kind: 'delivered', t: 5, id: 'c2', to: 'server', segment: seg },
      { kind: 'sent', t: 6, id: 's1', side: 'server', segment: { ...seg, flags: ['SYN', 'ACK'] }, origin: 'player' },
      { kind: 'delivered', t: 7, id: 's1', to: 'client', segment: { ...seg, flags: ['SYN', 'ACK'] } },
      { kind: 'declared', t: 8, side: 'client', state: 'ESTABLISHED' },
    ];
    expect(countInputs(events, 'client')).toBe(3);
    expect(countInputs(events.slice(0, 7), 'client')).toBe(2);
  });
});
