import { describe, expect, it } from 'vitest';
import { MAX_CLASS_SIZE } from '../../shared/index';
import { owingFor, STUCK_AFTER_MS } from '../../client/src/ui/host/pair-grid';
import { classSizeText, parseClassSize } from '../../client/src/ui/host/roster';

describe('a seat that owes an answer, on the host’s dashboard', () => {
  it('counts on from the dashboard’s figure, since a stuck seat changes nothing that would send a new one', () => {
    expect(owingFor(12_000, 1000, 1000)).toBe(12_000);
    expect(owingFor(12_000, 1000, 21_000)).toBe(32_000);
    expect(owingFor(12_000, 1000, 21_000)! >= STUCK_AFTER_MS).toBe(true);
  });

  it('owes nothing when the dashboard says nothing, and never counts backwards', () => {
    expect(owingFor(undefined, 0, 50_000)).toBeNull();
    expect(owingFor(5000, 2000, 1000)).toBe(5000);
  });
});

describe('the class size on the host’s roster', () => {
  it('says how many joined of how many, and that newcomers are refused once the class is full (or made smaller than it is)', () => {
    expect(classSizeText(3, 30)).toEqual({ key: 'roster.joinedOf', params: { n: 3, max: 30 } });
    expect(classSizeText(30, 30).key).toBe('roster.full');
    expect(classSizeText(12, 10).key).toBe('roster.full');
  });

  it('reads a size from 1 to the most a class may seat, and nothing else', () => {
    expect(parseClassSize(' 25 ')).toBe(25);
    expect(parseClassSize('1')).toBe(1);
    expect(parseClassSize(String(MAX_CLASS_SIZE))).toBe(MAX_CLASS_SIZE);
    for (const bad of ['0', '', '-3', '2.5', String(MAX_CLASS_SIZE + 1), 'thirty', '1e2']) expect(parseClassSize(bad), bad).toBeNull();
  });
});
