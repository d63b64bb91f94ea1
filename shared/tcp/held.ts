/** Data (and maybe a FIN) that arrived ahead of a gap, held until the gap fills (RFC 9293 §3.10.7.4). */
export interface Held {
  seq: number;
  len: number;
  fin: boolean;
}

/**
 * The segments an endpoint holds ahead of a gap, in seq order (RFC 9293 §3.10.7.4). One array
 * spliced at each arrival made long reordered traces quadratic: with thousands held, an arrival
 * lands anywhere among them (a reordered trace of 100,000 events took 4.6× as long as one of
 * 50,000). Linux keeps its out-of-order queue in a tree for the same reason; this keeps it in
 * sorted chunks of at most 2×CHUNK: an arrival is placed by two binary searches and moves at most
 * one chunk; the first leaves by moving `head` in the first chunk.
 */
const CHUNK = 128;

export class HeldQueue implements Iterable<Held> {
  private chunks: Held[][] = [];
  /** Where the first chunk's live segments begin. */
  private head = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  first(): Held | undefined {
    return this.chunks[0]?.[this.head];
  }

  /** Remove the first. */
  shift(): Held | undefined {
    const c = this.chunks[0];
    if (!c) return undefined;
    const h = c[this.head++];
    this.n -= 1;
    if (this.head === c.length) {
      this.chunks.shift();
      this.head = 0;
    }
    return h;
  }

  /** Insert `h` after every held segment whose key is at most its own (keys: seq from RCV.NXT). */
  insert(h: Held, key: (x: Held) => number): void {
    this.n += 1;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([h]);
      this.head = 0;
      return;
    }
    const k = key(h);
    const from = (i: number) => (i === 0 ? this.head : 0);
    // The chunk: the last one whose first segment's key is at most k (else the first chunk).
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = chunks[mid] as Held[];
      if (key(c[from(mid)] as Held) <= k) lo = mid + 1;
      else hi = mid;
    }
    const ci = Math.max(0, lo - 1);
    const c = chunks[ci] as Held[];
    // Within it: after every key at most k (the last place first: in-order arrivals go there).
    let a = from(ci);
    let b = c.length;
    if (key(c[b - 1] as Held) <= k) a = b;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (key(c[mid] as Held) <= k) a = mid + 1;
      else b = mid;
    }
    c.splice(a, 0, h);
    if (c.length - from(ci) > 2 * CHUNK) {
      const live = ci === 0 ? c.slice(this.head) : c;
      if (ci === 0) this.head = 0;
      const half = live.length >> 1;
      chunks.splice(ci, 1, live.slice(0, half), live.slice(half));
    }
  }

  /** Whether any held segment satisfies `pred`, looking from the last (highest seq) first. */
  someFromEnd(pred: (h: Held) => boolean): boolean {
    for (let ci = this.chunks.length - 1; ci >= 0; ci--) {
      const c = this.chunks[ci] as Held[];
      for (let i = c.length - 1; i >= (ci === 0 ? this.head : 0); i--) if (pred(c[i] as Held)) return true;
    }
    return false;
  }

  clone(): HeldQueue {
    const q = new HeldQueue();
    q.chunks = this.chunks.map((c, ci) => (ci === 0 ? c.slice(this.head) : c).map((h) => ({ ...h })));
    q.n = this.n;
    return q;
  }

  *[Symbol.iterator](): Iterator<Held> {
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const c = this.chunks[ci] as Held[];
      for (let i = ci === 0 ? this.head : 0; i < c.length; i++) yield c[i] as Held;
    }
  }

  /** As a plain array in seq order (what JSON.stringify writes). */
  toJSON(): Held[] {
    return [...this];
  }
}
