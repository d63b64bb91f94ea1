/**
 * The replay's transport as a pure reducer: `step` events of `total` are shown (0 = none). Play
 * advances one event per tick and stops at the end; playing from the end starts over; stepping or
 * seeking by hand pauses, so the hand always wins over the clock.
 */
export interface PlayerState {
  step: number;
  total: number;
  playing: boolean;
}

export type PlayerAction =
  | { type: 'forward' }
  | { type: 'back' }
  | { type: 'seek'; step: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'tick' };

const clamp = (n: number, total: number) => Math.max(0, Math.min(total, Math.round(Number.isFinite(n) ? n : 0)));

export function initialPlayer(total: number): PlayerState {
  // A review opens on the whole conversation; play starts it over.
  return { step: Math.max(0, total), total: Math.max(0, total), playing: false };
}

export function playerReduce(s: PlayerState, a: PlayerAction): PlayerState {
  switch (a.type) {
    case 'forward':
      return { ...s, step: clamp(s.step + 1, s.total), playing: false };
    case 'back':
      return { ...s, step: clamp(s.step - 1, s.total), playing: false };
    case 'seek':
      return { ...s, step: clamp(a.step, s.total), playing: false };
    case 'home':
      return { ...s, step: 0, playing: false };
    case 'end':
      return { ...s, step: s.total, playing: false };
    case 'play':
      if (s.total === 0) return { ...s, playing: false };
      return { ...s, step: s.step >= s.total ? 0 : s.step, playing: true };
    case 'pause':
      return { ...s, playing: false };
    case 'toggle':
      return playerReduce(s, { type: s.playing ? 'pause' : 'play' });
    case 'tick': {
      if (!s.playing) return s;
      const step = clamp(s.step + 1, s.total);
      return { ...s, step, playing: step < s.total };
    }
  }
}
