import type { Fate } from '../net/faults';
import type { Segment, Side } from '../tcp/types';
import { SIDES } from '../tcp/types';
import { advance, botSend, createRound, isFinished, nextDeadline, startRound, type Round, type RoundSettings } from './round';
import type { Scenario } from './scenarios';

/** Chooses the fate of each transmission (tests use it to script loss, delay and duplication). */
export type FateSource = (info: { side: Side; segment: Segment; n: number }) => Fate | undefined;

export interface SimulationResult {
  round: Round;
  finished: boolean;
  sends: number;
}

export interface SimulateOptions {
  fates?: FateSource;
  /** Stop (unfinished) after this many trace events. */
  maxEvents?: number;
  /** Sends are judged as a player's (true) or marked as the engine's own (false). */
  judged?: boolean;
}

/**
 * Two bots play a scenario to the end over the round's network: each sends what the engine says
 * it owes, as soon as it owes it; time jumps to the next delivery or timer. Pure and deterministic.
 */
export function simulate(scenario: Scenario, settings: RoundSettings, seed: number, opts: SimulateOptions = {}): SimulationResult {
  const maxEvents = opts.maxEvents ?? 5000;
  let r = startRound(createRound(scenario, settings, seed)).round;
  let sends = 0;
  while (r.events.length < maxEvents) {
    let moved = true;
    while (moved && r.events.length < maxEvents) {
      moved = false;
      for (const side of SIDES) {
        const probe = botSend(r, side, { origin: opts.judged === false ? 'auto' : 'player' });
        if (!probe) continue;
        // Replay the same move with the scripted fate, if the test supplies one.
        const fate = opts.fates?.({ side, segment: probe.segment, n: sends });
        const res = fate ? botSend(r, side, { origin: opts.judged === false ? 'auto' : 'player', fate }) : probe;
        if (!res) continue;
        r = res.round;
        sends += 1;
        moved = true;
      }
    }
    if (isFinished(r)) return { round: r, finished: true, sends };
    const at = nextDeadline(r);
    if (at === null) break;
    r = advance(r, at).round;
  }
  return { round: r, finished: isFinished(r), sends };
}
