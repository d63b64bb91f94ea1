import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SCENARIO_ERRORS, parseScenarioFile, SCENARIO_LIMITS, SCENARIOS, toScenarioFile, validateScenarioFile,
  type Scenario, type ScenarioFile,
} from '../../../shared/index';

/** A built-in scenario as a teacher's file (its id moved into the custom namespace). */
function asFile(s: Scenario): ScenarioFile {
  return toScenarioFile({ ...s, id: `custom-${s.id}` });
}

const lifecycle = asFile(SCENARIOS.find((s) => s.id === 'lifecycle')!);

function errorsOf(value: unknown) {
  const r = validateScenarioFile(value);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('scenario files (issue 16)', () => {
  it('reads every built-in scenario written as a file back to the same scenario', () => {
    for (const s of SCENARIOS) {
      const r = parseScenarioFile(JSON.stringify(asFile(s)));
      expect(r.ok, s.id).toBe(true);
      if (r.ok) expect(r.scenario).toEqual({ ...s, id: `custom-${s.id}`, number: 0 });
    }
  });

  it('refuses ids that are not in the custom namespace, naming the field in both languages', () => {
    for (const id of ['handshake', 'lifecycle', 'Custom-x', 'custom-', 'x'.repeat(10)]) {
      const [e] = errorsOf({ ...lifecycle, id });
      expect(e!.path).toBe('id');
      expect(e!.en).toMatch(/^id: must be "custom-"/);
      expect(e!['zh-CN']).toMatch(/^id：必须以 "custom-" 开头/);
    }
  });

  it('needs the title and summary in both languages', () => {
    const e = errorsOf({ ...lifecycle, title: { en: 'Mine' }, summary: { en: 'x', 'zh-CN': '  ' } });
    expect(e.map((x) => x.path)).toEqual(['title.zh-CN', 'summary.zh-CN']);
    expect(e[0]!.en).toBe('title.zh-CN: is missing');
    expect(e[0]!['zh-CN']).toBe('title.zh-CN：缺失');
    expect(e[1]!.en).toBe('summary.zh-CN: is empty');
  });

  it('refuses another format or version', () => {
    expect(errorsOf({ ...lifecycle, version: 2 })[0]).toMatchObject({ path: 'version', en: 'version: must be 1' });
    expect(errorsOf({ ...lifecycle, format: 'synack-trace' })[0]!.path).toBe('format');
  });

  it('bounds counts and sizes', () => {
    const many = Array.from({ length: SCENARIO_LIMITS.callsPerSide + 1 }, () => ({ call: 'send', bytes: 1, when: { sentAll: true } }));
    expect(errorsOf({ ...lifecycle, calls: { ...lifecycle.calls, client: many } })[0]).toMatchObject({
      path: 'calls.client', en: `calls.client: has too many entries (at most ${SCENARIO_LIMITS.callsPerSide})`,
    });
    expect(errorsOf({ ...lifecycle, calls: { client: [{ call: 'send', bytes: SCENARIO_LIMITS.bytes + 1, when: { at: 'start' } }], server: [] } })[0]!.path).toBe('calls.client[0].bytes');
    const long = parseScenarioFile(' '.repeat(SCENARIO_LIMITS.fileChars + 1));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors[0]!.en).toMatch(/too large/);
    expect(parseScenarioFile('{').ok).toBe(false);
    const bad = { ...lifecycle, lesson: Array.from({ length: 200 }, () => ({ side: 'x', row: 5 })) };
    expect(errorsOf(bad).length).toBeLessThanOrEqual(MAX_SCENARIO_ERRORS);
  });

  it('checks what a schema cannot: rows of the table, bytes with send only, a release with hold only, a trigger in one form', () => {
    const e = errorsOf({
      ...lifecycle,
      calls: {
        client: [{ call: 'connect', when: { at: 'start' } }, { call: 'send', when: { state: 'ESTABLISHED' } }, { call: 'close', bytes: 3, when: { received: 60 } }],
        server: lifecycle.calls.server,
      },
      faults: { plan: [{ side: 'client', action: 'hold' }, { side: 'server', action: 'drop', release: { side: 'client', sent: 'FIN' } }, { side: 'server', action: 'hold', release: { side: 'client', row: 'no-such-row' } }] },
      lesson: [{ side: 'server', row: 'rcv-data' }, { side: 'client', row: 'made-up' }],
    });
    expect(e.map((x) => x.path)).toEqual([
      'calls.client[1].bytes', 'calls.client[2].bytes', 'faults.plan[0].release', 'faults.plan[1].release', 'faults.plan[2].release.row', 'lesson[1].row',
    ]);
    expect(e[4]!.en).toBe('faults.plan[2].release.row: "no-such-row" is not a row of the transition table');
    expect(e[4]!['zh-CN']).toBe('faults.plan[2].release.row："no-such-row" 不是状态转换表中的一行');
    const trig = errorsOf({ ...lifecycle, calls: { client: [{ call: 'connect', when: { at: 'start', state: 'LISTEN' } }], server: [] } });
    expect(trig[0]!.path).toBe('calls.client[0].when');
    expect(trig[0]!['zh-CN']).toMatch(/必须是一种触发条件/);
  });

  it('takes a reconnect on the same ports, fallback calls, a listen queue and forged addresses as the built-in scenarios use them, and only so', () => {
    const e = errorsOf({
      ...lifecycle,
      calls: {
        client: [{ call: 'connect', when: { at: 'start' } }, { call: 'close', reuse: true, when: { state: 'ESTABLISHED' } }],
        server: [{ call: 'listen', when: { at: 'start' }, optional: true }, { call: 'close', when: { state: 'CLOSE_WAIT' } }],
      },
    });
    expect(e.map((x) => x.path)).toEqual(['calls.client[1].reuse', 'calls.server[0].optional']);
    expect(e[0]!.en).toBe('calls.client[1].reuse: only a connect may reuse the ports of an earlier connection');
    expect(e[1]!['zh-CN']).toBe('calls.server[0].optional：只有一端最后的几个调用可以是可选的');
    expect(errorsOf({ ...lifecycle, faults: { inject: [{ side: 'client', flags: ['SYN'], seq: 'other' }] } })[0]!.path).toBe('faults.inject[0].seq');
    // A listen queue on a listen only; a forged address in a bounded plain form.
    const queue = errorsOf({ ...lifecycle, calls: { client: [{ call: 'connect', backlog: 2, when: { at: 'start' } }], server: lifecycle.calls.server } });
    expect(queue[0]!.en).toBe('calls.client[0].backlog: only a listen has a listen queue (backlog, SYN+ACK retries)');
    expect(errorsOf({ ...lifecycle, faults: { inject: [{ side: 'client', flags: ['SYN'], peer: '<script>' }] } })[0]!.path).toBe('faults.inject[0].peer');
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => {
      expect(typeof parseScenarioFile(t).ok).toBe('boolean');
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), (t) => {
      expect(typeof parseScenarioFile(t).ok).toBe('boolean');
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.anything(), (v) => {
      expect(typeof validateScenarioFile(v).ok).toBe('boolean');
    }), { numRuns: 200 });
  });

  it('never throws on a valid file with any part replaced by anything', () => {
    const paths: (string | number)[][] = [
      ['id'], ['title'], ['title', 'en'], ['calls'], ['calls', 'client'], ['calls', 'client', 1], ['calls', 'client', 1, 'when'],
      ['calls', 'server', 0, 'call'], ['faults'], ['faults', 'plan'], ['end'], ['end', 'client'], ['lesson'], ['lesson', 0, 'row'], ['prelude'], ['rtoFlights'],
    ];
    const base = asFile(SCENARIOS.find((s) => s.id === 'simultaneous-close')!);
    fc.assert(fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
      const copy = structuredClone(base) as unknown as Record<string | number, unknown>;
      let at: Record<string | number, unknown> = copy;
      for (const k of path.slice(0, -1)) {
        const next = at[k];
        if (next === null || typeof next !== 'object') return;
        at = next as Record<string | number, unknown>;
      }
      at[path[path.length - 1]!] = value;
      const r = validateScenarioFile(copy);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) for (const e of r.errors) expect(e.en.length > 0 && e['zh-CN'].length > 0).toBe(true);
      expect(typeof parseScenarioFile(JSON.stringify(copy)).ok).toBe('boolean');
    }), { numRuns: 500 });
  });
});
