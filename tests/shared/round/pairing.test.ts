import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoPairs, sidesFor, validPairing } from '../../../shared/round/pairing';

describe('pairing (GAME.md)', () => {
  it('pairs students in join order and gives the odd one out the bot', () => {
    expect(autoPairs(['a', 'b', 'c'])).toEqual([{ a: 'a', b: 'b' }, { a: 'c', b: null }]);
    expect(autoPairs([])).toEqual([]);
  });

  it('puts every student in exactly one automatic pair', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 40 }), (ids) => {
      const pairs = autoPairs(ids);
      expect(validPairing(pairs, ids)).toBe(true);
      expect(pairs.length).toBe(Math.ceil(ids.length / 2));
    }));
  });

  it('refuses a pairing that leaves someone out, names a stranger or seats someone twice', () => {
    expect(validPairing([{ a: 'a', b: null }], ['a', 'b'])).toBe(false);
    expect(validPairing([{ a: 'a', b: 'x' }], ['a'])).toBe(false);
    expect(validPairing([{ a: 'a', b: 'b' }, { a: 'b', b: null }], ['a', 'b'])).toBe(false);
    expect(validPairing([{ a: 'b', b: null }, { a: 'a', b: null }], ['a', 'b'])).toBe(true);
  });

  it('swaps the roles every round', () => {
    const p = { a: 'a', b: 'b' };
    expect(sidesFor(p, 1)).toEqual({ client: 'a', server: 'b' });
    expect(sidesFor(p, 2)).toEqual({ client: 'b', server: 'a' });
    expect(sidesFor({ a: 'a', b: null }, 4)).toEqual({ client: null, server: 'a' });
  });
});
