/**
 * How long a person thinks before an answer, for the classroom-pace bench (issue 15): a
 * log-normal with a median of 8 s, clipped to 2–40 s, and how many of a round's sends a student
 * first gets wrong. Seeded (shared/net/rng.ts), so a bot student's pace replays from its seed.
 */
import { nextFloat, seedRng } from '../../shared/index';

export interface ThinkModel {
  /** Median think time, ms. */
  medianMs: number;
  /** σ of ln(think time): 0.6 puts 90% of answers between about 3 and 21 s at a median of 8 s. */
  sigma: number;
  minMs: number;
  maxMs: number;
  /** Chance that each of a round's first `wrongTries` sends is first given wrong (practice). */
  wrongRate: number;
  wrongTries: number;
}

export const CLASSROOM_PACE: ThinkModel = { medianMs: 8000, sigma: 0.6, minMs: 2000, maxMs: 40_000, wrongRate: 0.2, wrongTries: 5 };

/** A seeded source of think times and mistakes for one student. */
export class Thinker {
  private state: number;

  constructor(seed: number, readonly model: ThinkModel = CLASSROOM_PACE) {
    this.state = seedRng(seed);
  }

  private float(): number {
    const d = nextFloat(this.state);
    this.state = d.state;
    return d.value;
  }

  /** One think time, ms: exp(ln(median) + σ·z), z standard normal (Box–Muller), clipped. */
  thinkMs(): number {
    const u1 = Math.max(this.float(), 1e-12);
    const u2 = this.float();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const ms = this.model.medianMs * Math.exp(this.model.sigma * z);
    return Math.round(Math.min(this.model.maxMs, Math.max(this.model.minMs, ms)));
  }

  /** How many of the next round's sends this student first gets wrong. */
  mistakes(): number {
    let n = 0;
    for (let i = 0; i < this.model.wrongTries; i++) if (this.float() < this.model.wrongRate) n += 1;
    return n;
  }
}
