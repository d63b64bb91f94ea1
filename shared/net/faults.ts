import { z } from 'zod';
import { nextFloat, nextInt } from './rng';

/** The network the instructor sets for a round (GAME.md). */
export const NetSettingsObject = z.object({
  /** Probability that a segment is lost. */
  loss: z.number().min(0).max(0.9),
  /** One-way delay range, ms. */
  delayMin: z.number().int().min(0).max(60_000),
  delayMax: z.number().int().min(0).max(60_000),
  /** Probability that a segment arrives twice. */
  duplicate: z.number().min(0).max(0.9),
  /** Probability that a segment is held back long enough for later ones to overtake it. */
  reorder: z.number().min(0).max(0.9),
});
export const NetSettingsSchema = NetSettingsObject.refine((s) => s.delayMin <= s.delayMax, { message: 'delayMin must not exceed delayMax', path: ['delayMax'] });
export type NetSettings = z.infer<typeof NetSettingsSchema>;

export const PERFECT_NETWORK: NetSettings = { loss: 0, delayMin: 0, delayMax: 0, duplicate: 0, reorder: 0 };

/**
 * What the network does with one segment: lost (and where along the way, 0..1 of its delay), or
 * delivered once or more, each copy after its own delay.
 */
export type Fate =
  | { kind: 'drop'; after: number }
  /**
   * `reordered`: the first copy was drawn to be overtaken (the settings' reorder rate); any other
   * copy keeps its place behind the segments its side sent before it.
   */
  | { kind: 'deliver'; delays: number[]; reordered?: true };

export interface FateDraw {
  fate: Fate;
  rng: number;
}

/** A fate drawn from the settings with the round's RNG (pure: returns the next RNG state). */
export function drawFate(settings: NetSettings, rng: number): FateDraw {
  let r = rng;
  const roll = () => {
    const d = nextFloat(r);
    r = d.state;
    return d.value;
  };
  const delay = () => {
    const d = nextInt(r, settings.delayMin, settings.delayMax);
    r = d.state;
    return d.value;
  };
  const lost = roll() < settings.loss;
  const first = delay();
  if (lost) return { fate: { kind: 'drop', after: Math.round(first / 2) }, rng: r };
  const reordered = roll() < settings.reorder;
  const delays = [first + (reordered ? settings.delayMax + 1 : 0)];
  if (roll() < settings.duplicate) delays.push(delay());
  return { fate: { kind: 'deliver', delays, ...(reordered ? { reordered: true as const } : {}) }, rng: r };
}
