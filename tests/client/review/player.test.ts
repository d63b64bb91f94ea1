import { describe, expect, it } from 'vitest';
import { initialPlayer, playerReduce, type PlayerAction, type PlayerState } from '../../../client/src/review/player';

const run = (s: PlayerState, ...actions: PlayerAction[]) => actions.reduce(playerReduce, s);

describe('the replay transport', () => {
  it('opens on the whole conversation, paused', () => {
    expect(initialPlayer(12)).toEqual({ step: 12, total: 12, playing: false });
  });

  it('steps back and forward one event, never past either end', () => {
    const s = initialPlayer(3);
    expect(run(s, { type: 'back' }).step).toBe(2);
    expect(run(s, { type: 'forward' }).step).toBe(3);
    expect(run(s, { type: 'home' }, { type: 'back' }).step).toBe(0);
    expect(run(s, { type: 'home' }, { type: 'forward' }, { type: 'forward' }).step).toBe(2);
  });

  it('seeks to a whole step inside the range', () => {
    const s = initialPlayer(10);
    expect(run(s, { type: 'seek', step: 4.4 }).step).toBe(4);
    expect(run(s, { type: 'seek', step: -3 }).step).toBe(0);
    expect(run(s, { type: 'seek', step: 99 }).step).toBe(10);
    expect(run(s, { type: 'seek', step: Number.NaN }).step).toBe(0);
  });

  it('plays from the start when at the end, one event per tick, and stops at the end', () => {
    let s = run(initialPlayer(2), { type: 'play' });
    expect(s).toEqual({ step: 0, total: 2, playing: true });
    s = run(s, { type: 'tick' });
    expect(s).toEqual({ step: 1, total: 2, playing: true });
    s = run(s, { type: 'tick' });
    expect(s).toEqual({ step: 2, total: 2, playing: false });
    expect(run(s, { type: 'tick' })).toEqual(s);
  });

  it('plays on from the middle, and a hand step pauses it', () => {
    const s = run(initialPlayer(5), { type: 'seek', step: 2 }, { type: 'play' });
    expect(s).toEqual({ step: 2, total: 5, playing: true });
    expect(run(s, { type: 'forward' })).toEqual({ step: 3, total: 5, playing: false });
    expect(run(s, { type: 'back' }).playing).toBe(false);
    expect(run(s, { type: 'toggle' }).playing).toBe(false);
    expect(run(s, { type: 'toggle' }, { type: 'toggle' }).playing).toBe(true);
  });

  it('ignores ticks while paused and never plays an empty trace', () => {
    expect(run(initialPlayer(4), { type: 'home' }, { type: 'tick' }).step).toBe(0);
    expect(run(initialPlayer(0), { type: 'play' }).playing).toBe(false);
  });
});
