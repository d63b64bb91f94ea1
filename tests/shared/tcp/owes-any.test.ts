import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advance, botSend, createRound, isFinished, nextDeadline, owedSends, owesAny, SCENARIOS, startRound,
  type Endpoint, type Round, type RoundSettings,
} from '../../../shared';
import { SIDES } from '../../../shared/tcp/types';

/*
 * `owesAny(ep)` answers what `owedSends(ep).length > 0` answers, without building the sends. It is
 * held equal here on every endpoint the rounds of every scenario reach over a bad network, and on
 * those endpoints with their debts, queue and close changed at random.
 */

const settings = (seed: number): RoundSettings => ({
  mode: seed % 2 === 0 ? 'practice' : 'assessment', rtoMs: 800, mslMs: 400, textbook: seed % 3 !== 0,
  net: { loss: 0.25, delayMin: 20, delayMax: 600, duplicate: 0.15, reorder: 0.15 },
});

/** Every endpoint of a round played by bots from start to end (or 400 moves). */
function reached(scenario: number, seed: number): Endpoint[] {
  const eps: Endpoint[] = [];
  let r: Round = startRound(createRound(SCENARIOS[scenario]!, settings(seed), seed)).round;
  const note = () => SIDES.forEach((s) => eps.push(r.eps[s]));
  note();
  for (let i = 0; i < 400 && !isFinished(r); i++) {
    let moved = false;
    for (const side of SIDES) {
      const res = botSend(r, side);
      if (!res) continue;
      r = res.round;
      moved = true;
      note();
    }
    if (moved) continue;
    const at = nextDeadline(r);
    if (at === null) break;
    r = advance(r, at).round;
    note();
  }
  return eps;
}

const agree = (ep: Endpoint) => expect(owesAny(ep), JSON.stringify({ state: ep.state, owe: ep.owe, queued: ep.queued, closeCalled: ep.closeCalled, finSeq: ep.finSeq })).toBe(owedSends(ep).length > 0);

describe('owesAny', () => {
  it('agrees with owedSends on every endpoint the rounds of every scenario reach', () => {
    let n = 0;
    let owing = 0;
    for (let scenario = 0; scenario < SCENARIOS.length; scenario++) {
      for (let seed = 0; seed < 12; seed++) {
        for (const ep of reached(scenario, seed)) {
          agree(ep);
          n += 1;
          if (owesAny(ep)) owing += 1;
        }
      }
    }
    // Both answers occur, many times over.
    expect(owing).toBeGreaterThan(500);
    expect(n - owing).toBeGreaterThan(500);
  });

  it('agrees with owedSends when an endpoint\'s debts, queue and close are changed at random (property)', () => {
    const pool = SCENARIOS.flatMap((_, i) => reached(i, 1000 + i));
    fc.assert(fc.property(
      fc.integer({ min: 0, max: pool.length - 1 }),
      fc.record({
        syn: fc.boolean(), synAck: fc.boolean(), ack: fc.boolean(), retransmit: fc.boolean(), synAckOrAck: fc.boolean(),
        queued: fc.constantFrom(0, 0, 1, 100, 70_000), closeCalled: fc.boolean(), finSet: fc.boolean(), unacked: fc.boolean(),
      }),
      (i, m) => {
        const base = pool[i]!;
        const ep: Endpoint = {
          ...base,
          owe: { ...base.owe, syn: m.syn, synAck: m.synAck, ack: m.ack, retransmit: m.retransmit, synAckOrAck: m.synAckOrAck },
          queued: m.queued,
          closeCalled: m.closeCalled,
          finSeq: m.finSet ? (base.finSeq ?? base.sndNxt) : null,
          unacked: m.unacked ? base.unacked : [],
        };
        agree(ep);
      },
    ), { numRuns: 3000 });
  });
});
