import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryRecorder } from '../../../server/replay/recorder';
import { Lesson } from '../../../server/rooms/lesson';
import type { PairHost } from '../../../server/rooms/PairRunner';
import type { Effect } from '../../../server/rooms/effects';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios', 'server-first.json'), 'utf8')) as Record<string, unknown>;

/** A class whose model runs no round here: only its scenarios are used. */
function classAt(clock: { now: number }, checkMs: number): Lesson {
  const host: PairHost = {
    setTimeout: () => ({ clear: () => undefined }),
    recorder: new MemoryRecorder(),
    now: () => clock.now,
    toSeat: () => undefined,
    toHost: () => undefined,
    changed: () => undefined,
    pairDone: () => undefined,
  };
  return new Lesson('ABCDEFG', host, 100, [], checkMs);
}

/** The effects with every `after` carried out (a check runs in slices, then says its result), as the outbox does. */
async function settle(effects: Effect[] | Promise<Effect[]>): Promise<Effect[]> {
  const out: Effect[] = [];
  for (const e of await effects) {
    if (e.kind === 'after') out.push(...(await settle(e.run())));
    else out.push(e);
  }
  return out;
}

const codeOf = (effects: Effect[]) => effects.map((e) => (e.kind === 'send' ? (e.type === 'error' ? e.message.code : e.type) : e.kind));

describe('scenarios of a class of its own, in the class model (issue 16)', () => {
  it('stops a check at its bound and says so, then refuses more checks until a minute has passed', async () => {
    const clock = { now: 1_000_000 };
    // 1 ms per check: no check of 100 rounds ends in time.
    const lesson = classAt(clock, 1);
    const first = await settle(lesson.addScenario(file));
    expect(codeOf(first)).toEqual(['scenario-cannot-finish']);
    const e = first[0] as Extract<Effect, { kind: 'send' }>;
    expect(e.type === 'error' && e.message.issues?.[0]?.text?.en).toMatch(/^The check took too long and was stopped after \d+ of 100 runs\.$/);
    // Each stopped check spent a millisecond or more: after at most three, the class must wait.
    let refused: string[] = [];
    for (let i = 0; i < 5 && refused[0] !== 'scenario-check-busy'; i++) refused = codeOf(await settle(lesson.addScenario(file)));
    expect(refused).toEqual(['scenario-check-busy']);
    clock.now += 60_001;
    expect(codeOf(await settle(lesson.addScenario(file)))).toEqual(['scenario-cannot-finish']);
    expect(lesson.scenarioFiles()).toEqual([]);
  });

  it('with the default bound, lists the scenario and tells every host seat', async () => {
    const lesson = classAt({ now: 0 }, 5000);
    expect(codeOf(await settle(lesson.addScenario(file)))).toEqual(['scenarioAdded', 'scenarios']);
    expect(lesson.scenarioFiles()).toEqual([file]);
    expect(lesson.scenario('custom-server-first')?.title).toEqual(file.title);
  });

  it('refuses to replace the chosen scenario with one its timers do not suit, and keeps the old one', async () => {
    const lesson = classAt({ now: 0 }, 5000);
    await settle(lesson.addScenario(file));
    expect(codeOf(lesson.configure({ scenario: 'custom-server-first', rtoMs: 3500, mslMs: 6000 }))).toEqual(['patch', 'config']);
    // Five one-way delays of up to 1.5 s need an RTO over 7.5 s.
    const slow = await settle(lesson.addScenario({ ...file, rtoFlights: 5 }));
    expect(codeOf(slow)).toEqual(['bad-timers']);
    expect(lesson.scenario('custom-server-first')?.rtoFlights).toBeUndefined();
  });

  it('checks in slices: the event loop turns while a check runs, and a second check of the class waits its turn', async () => {
    const lesson = classAt({ now: 0 }, 5000);
    const effects = lesson.addScenario(file);
    expect(codeOf(effects)).toEqual(['after']);
    // Another check of the same class while this one runs is refused, and changes nothing.
    expect(codeOf(lesson.addScenario({ ...file, id: 'custom-other' }))).toEqual(['scenario-check-busy']);
    // Count the turns of the event loop while the check runs, and the longest gap between two.
    let turns = 0;
    let longest = 0;
    let last = performance.now();
    let going = true;
    const tick = () => {
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
      turns += 1;
      if (going) setImmediate(tick);
    };
    setImmediate(tick);
    const t0 = performance.now();
    const done = await settle(effects);
    const took = performance.now() - t0;
    going = false;
    expect(codeOf(done)).toEqual(['scenarioAdded', 'scenarios']);
    console.log(`scenario check: ${took.toFixed(0)} ms in all, ${turns} turns of the event loop meanwhile, longest gap ${longest.toFixed(1)} ms`);
    // Run in one piece, the check would let no turn through until it ended.
    expect(turns).toBeGreaterThan(2);
    // Once it is over, the class may check again.
    expect(codeOf(await settle(lesson.addScenario({ ...file, id: 'custom-other' })))).toEqual(['scenarioAdded', 'scenarios']);
  });
});
