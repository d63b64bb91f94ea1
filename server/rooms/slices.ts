import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs a long computation that yields between its steps (a generator) a slice at a time: steps for
 * up to `sliceMs`, then lets the event loop through (other classes' answers, deliveries, pings),
 * then goes on. `spent()`, given to the computation, is the time it has run so far (not counting
 * the waits between slices), for a bound of its own. A teacher's scenario check (100 rounds of the
 * human-paced simulation, up to seconds) no longer holds every class of the process meanwhile.
 */
export async function inSlices<T>(make: (spent: () => number) => Generator<void, T, void>, sliceMs = 8): Promise<{ value: T; spentMs: number }> {
  let spentMs = 0;
  let sliceStart = 0;
  const gen = make(() => spentMs + (performance.now() - sliceStart));
  for (;;) {
    sliceStart = performance.now();
    let r = gen.next();
    while (!r.done && performance.now() - sliceStart < sliceMs) r = gen.next();
    spentMs += performance.now() - sliceStart;
    if (r.done) return { value: r.value, spentMs };
    await nextTurn();
  }
}
