import { describe, expect, it } from 'vitest';
import { drawsFrom, nextFloat, nextInt, nextUint32, seedRng } from '../../../shared/net/rng';

describe('drawsFrom', () => {
  it('draws the same values as threading the state by hand, in any mix of kinds', () => {
    const draw = drawsFrom(20261207);
    let state = seedRng(20261207);
    for (let i = 0; i < 300; i++) {
      const kind = i % 3;
      const d = kind === 0 ? nextFloat(state) : kind === 1 ? nextInt(state, 3, 40) : nextUint32(state);
      state = d.state;
      expect(kind === 0 ? draw.float() : kind === 1 ? draw.int(3, 40) : draw.uint32()).toBe(d.value);
    }
  });
});
