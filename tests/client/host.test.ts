import { describe, expect, it } from 'vitest';
import { owingFor, STUCK_AFTER_MS } from '../../client/src/ui/host/pair-grid';

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
