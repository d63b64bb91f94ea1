import { describe, expect, it } from 'vitest';
import { joinLink, parseRoute, routeHash } from '../../client/src/route';

describe('routes', () => {
  it('opens the landing page with the code of a join link filled in, normalized', () => {
    expect(parseRoute('?code=abc-de23', '')).toEqual({ name: 'landing', code: 'ABCDE23' });
    expect(parseRoute('', '#join=k7m2pq9')).toEqual({ name: 'landing', code: 'K7M2PQ9' });
    expect(parseRoute('', '')).toEqual({ name: 'landing', code: '' });
  });

  it('names the screen in the hash', () => {
    expect(parseRoute('', '#play=ABCDEFG')).toEqual({ name: 'play', code: 'ABCDEFG' });
    expect(parseRoute('', '#host=ABCDEFG')).toEqual({ name: 'host', code: 'ABCDEFG' });
    expect(parseRoute('', '#projector=ABCDEFG')).toEqual({ name: 'projector', code: 'ABCDEFG' });
    expect(parseRoute('?code=XYZ', '#homework')).toEqual({ name: 'homework' });
  });

  it('falls back to the landing page for a screen without a usable code', () => {
    expect(parseRoute('', '#play=')).toEqual({ name: 'landing', code: '' });
    expect(parseRoute('', '#host=<script>')).toEqual({ name: 'landing', code: '' });
  });

  it('round-trips every route through its hash', () => {
    for (const r of [{ name: 'play', code: 'ABCDEFG' }, { name: 'homework' }, { name: 'landing', code: 'ABCDEFG' }] as const) {
      expect(parseRoute('', routeHash(r))).toEqual(r);
    }
  });

  it('builds the join link the QR code encodes', () => {
    expect(joinLink('http://class.example:2567', 'ABCDEFG')).toBe('http://class.example:2567/?code=ABCDEFG');
  });
});
