import { describe, expect, it } from 'vitest';
import { MAX_LEN, MAX_UINT32, parseNumberIn, parseUint } from '../../client/src/ui/parse';

describe('numbers typed into the composer', () => {
  it('accepts every whole number from 0 to 4294967295', () => {
    expect(parseUint('0', MAX_UINT32)).toBe(0);
    expect(parseUint(' 4021 ', MAX_UINT32)).toBe(4021);
    expect(parseUint('4294967295', MAX_UINT32)).toBe(4294967295);
  });

  it('forgives the separators people type in long numbers', () => {
    expect(parseUint('4 294 967 295', MAX_UINT32)).toBe(4294967295);
    expect(parseUint('4,294,967,295', MAX_UINT32)).toBe(4294967295);
  });

  it('refuses anything that is not a whole number in range', () => {
    for (const bad of ['', '-1', '1.5', '1e3', '0x10', 'abc', '4294967296', '99999999999']) expect(parseUint(bad, MAX_UINT32)).toBeNull();
    expect(parseUint('65536', MAX_LEN)).toBeNull();
  });

  it('reads settings numbers with decimals within their range', () => {
    expect(parseNumberIn('12.5', 0, 90)).toBe(12.5);
    expect(parseNumberIn('91', 0, 90)).toBeNull();
    expect(parseNumberIn('-1', 0, 90)).toBeNull();
  });
});
