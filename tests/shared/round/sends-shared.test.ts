import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advance, botSend, createRound, injectFault, isFinished, nextDeadline, SCENARIOS, sendSegment, startRound,
  type HostInjection, type Round, type RoundSettings,
} from '../../../shared';
import { SIDES } from '../../../shared/tcp/types';

/*
 * A round's table of segments put on the wire (`sends`) is shared by the rounds each step makes
 * from the one before; an id is written once. Two lines of play from one round (a fork: the
 * runner's step whose store failed, a simulation's probe, a test) each issue the same ids next,
 * and neither may ever see the other's segment under its own id.
 */

const settings = (mode: 'practice' | 'assessment'): RoundSettings => ({
  mode, rtoMs: 1_000, mslMs: 500, textbook: true, net: { loss: 0.2, delayMin: 50, delayMax: 400, duplicate: 0.2, reorder: 0.1 },
});

/** Every segment event of the round names the segment the round remembers under its id. */
function consistent(r: Round): void {
  for (const e of r.events) {
    if (e.type !== 'send') continue;
    const s = r.sends[e.id];
    if (s) expect(s.segment, `${e.id} in ${r.scenario.id}`).toEqual(e.segment);
  }
}

/** Bots play on from `r` for at most `moves` moves (sends and waits). */
function playOn(r: Round, moves: number): Round {
  for (let i = 0; i < moves && !isFinished(r); i++) {
    let moved = false;
    for (const side of SIDES) {
      const res = botSend(r, side);
      if (res) {
        r = res.round;
        moved = true;
      }
    }
    if (moved) continue;
    const at = nextDeadline(r);
    if (at === null) break;
    r = advance(r, at).round;
  }
  return r;
}

describe('the rounds of a play share their segments by id, written once', () => {
  it('keeps each fork\'s own segment under an id both forks issued', () => {
    const r0 = startRound(createRound(SCENARIOS.find((s) => s.id === 'handshake')!, settings('practice'), 7)).round;
    const a = sendSegment(r0, 'client', { flags: ['SYN'], seq: 100, ack: 0, len: 0 });
    const b = sendSegment(r0, 'client', { flags: ['SYN'], seq: 200, ack: 0, len: 0 });
    const idA = a.out.find((o) => o.event.type === 'send')!.event;
    const idB = b.out.find((o) => o.event.type === 'send')!.event;
    expect(idA.type === 'send' && idB.type === 'send' && idA.id === idB.id).toBe(true);
    const id = idA.type === 'send' ? idA.id : '';
    expect(a.round.sends[id]!.segment.seq).toBe(100);
    expect(b.round.sends[id]!.segment.seq).toBe(200);
    // The round both came from names neither in its events, and its events are its own.
    expect(r0.events.some((e) => e.type === 'send' && e.id === id)).toBe(false);
    consistent(a.round);
    consistent(b.round);
  });

  it('keeps every line of play consistent when many fork from one another (property)', () => {
    const injections: HostInjection[] = [{ kind: 'drop-next' }, { kind: 'delay-next', ms: 700 }, { kind: 'stale-syn' }];
    fc.assert(fc.property(
      fc.integer({ min: 0, max: SCENARIOS.length - 1 }), fc.integer(), fc.constantFrom<'practice' | 'assessment'>('practice', 'assessment'),
      fc.array(fc.record({ at: fc.integer({ min: 0, max: 12 }), inject: fc.integer({ min: 0, max: injections.length - 1 }) }), { minLength: 1, maxLength: 4 }),
      (scenario, seed, mode, forks) => {
        const trunk = startRound(createRound(SCENARIOS[scenario]!, settings(mode), seed >>> 0)).round;
        // Each fork starts from a round of the trunk (or of an earlier fork) and diverges by an injection.
        const lines: Round[] = [playOn(trunk, 40)];
        let from = trunk;
        for (const f of forks) {
          from = playOn(from, f.at);
          lines.push(playOn(injectFault(from, injections[f.inject]!).round, 40));
        }
        // And one more played from the trunk again, last: every id it issues was issued by others first.
        lines.push(playOn(trunk, 40));
        for (const r of [trunk, from, ...lines]) consistent(r);
      },
    ), { numRuns: 200 });
  });
});
