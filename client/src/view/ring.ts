/** Timer rings and countdowns: pure arithmetic on times in ms. */

/** The share of a timer still to run: 1 at its start, 0 when it is due (clamped). */
export function remaining(now: number, start: number, duration: number): number {
  if (duration <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - (now - start) / duration));
}

/**
 * The arc of a ring that empties clockwise from twelve o'clock: start and end angles in radians
 * (Phaser and canvas measure from three o'clock, clockwise). A full ring spans 2π; an empty one 0.
 */
export function ringArc(now: number, start: number, duration: number): { from: number; to: number } {
  return shareArc(remaining(now, start, duration));
}

/** The arc of a ring with `share` (0..1) of it left. */
export function shareArc(share: number): { from: number; to: number } {
  const from = -Math.PI / 2;
  return { from, to: from + 2 * Math.PI * Math.min(1, Math.max(0, share)) };
}

/** Whole seconds left, rounded up (a countdown shows 1 until the very end). */
export function secondsLeft(now: number, start: number, duration: number): number {
  return Math.max(0, Math.ceil((start + duration - now) / 1000));
}

/** A colour that warns as the timer runs out: green, then amber, then red in the last fifth. */
export function ringColor(share: number): number {
  if (share > 0.5) return 0x2e9e5b;
  if (share > 0.2) return 0xd08a00;
  return 0xd0342c;
}
