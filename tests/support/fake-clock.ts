import type { WallClock } from '../../client/src/net/homework';

/** A wall clock the test moves by hand (homework's in-page runner): timers fire in order when their time comes. */
export class FakeClock implements WallClock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private n = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.set(++this.n, { at: this.t + ms, fn });
    return this.n;
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete(h as number);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}
