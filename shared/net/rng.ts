/**
 * A seeded pseudo-random generator whose whole state is one uint32 (mulberry32), so the state
 * travels inside a round and every round replays exactly. Pure: returns the value and the next state.
 */
export interface Draw {
  value: number;
  state: number;
}

/** A state from any integer seed. */
export function seedRng(seed: number): number {
  return (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
}

/** A float in [0, 1) and the next state. */
export function nextFloat(state: number): Draw {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: s };
}

/** An integer in [min, max] (inclusive) and the next state. */
export function nextInt(state: number, min: number, max: number): Draw {
  const d = nextFloat(state);
  return { value: min + Math.floor(d.value * (max - min + 1)), state: d.state };
}

/** A uint32 (e.g. an ISN) and the next state. */
export function nextUint32(state: number): Draw {
  const d = nextFloat(state);
  return { value: Math.floor(d.value * 4294967296) >>> 0, state: d.state };
}

/** The draws of one seeded sequence, for code that keeps its generator to itself (generators of test traces, the people simulation). */
export interface Draws {
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** A uint32 (e.g. an ISN). */
  uint32(): number;
}

/** One sequence from `seed`: each call draws the next value (the same values as threading the state by hand). */
export function drawsFrom(seed: number): Draws {
  let state = seedRng(seed);
  const take = (d: Draw): number => {
    state = d.state;
    return d.value;
  };
  return {
    float: () => take(nextFloat(state)),
    int: (min, max) => take(nextInt(state, min, max)),
    uint32: () => take(nextUint32(state)),
  };
}
