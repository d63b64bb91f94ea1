import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_CALLS, checkScenario, FLAGS, SCENARIOS, SIDES, TCP_STATES, type Scenario } from '../../../shared/index';
import { TRANSITIONS } from '../../../shared/tcp/table';

const byId = (id: string): Scenario => SCENARIOS.find((s) => s.id === id)!;

describe('checkScenario: a person in each seat against the bot, at human pace, 50 seeds (issue 16)', () => {
  it('passes every built-in scenario: 100 runs each end by themselves with the lesson', () => {
    const minutes: string[] = [];
    for (const s of SCENARIOS) {
      const c = checkScenario(s);
      expect(c.reasons, s.id).toEqual([]);
      expect(c).toMatchObject({ ok: true, runs: 100, finished: 100, stopped: false });
      minutes.push(`${s.id} ${c.longestMinutes.toFixed(1)}`);
    }
    console.log(`longest run per scenario (virtual minutes): ${minutes.join(', ')}`);
  });

  it('names the scripted call that never happens: a close waiting for data never sent', () => {
    const s: Scenario = {
      ...byId('close'),
      id: 'custom-close-waits',
      calls: {
        client: [{ call: 'connect', when: { at: 'start' } }, { call: 'close', when: { received: 50 } }],
        server: [{ call: 'listen', when: { at: 'start' } }],
      },
    };
    const c = checkScenario(s);
    expect(c.ok).toBe(false);
    expect(c.finished).toBe(0);
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatchObject({
      en: "The client's call 2 (close, when it has received 50 bytes) never happened: the client stayed in ESTABLISHED.",
      'zh-CN': '客户端的第 2 个调用（close，收到 50 字节后）始终没有发生：客户端停在 ESTABLISHED。',
      runs: 100,
      example: { seat: 'client', seed: 1 },
    });
  });

  it('names the goal state never reached: a fault plan dropping every SYN', () => {
    const s: Scenario = { ...byId('handshake'), id: 'custom-no-syn', faults: { plan: [{ side: 'client', flags: ['SYN'], action: 'drop', count: 100 }] } };
    const c = checkScenario(s);
    expect(c.ok).toBe(false);
    expect(c.finished).toBe(0);
    expect(c.reasons.map((r) => r.en)).toEqual([
      'The client never reached ESTABLISHED (it stayed in SYN_SENT).',
      'The server never reached ESTABLISHED (it stayed in LISTEN).',
    ]);
    expect(c.reasons[0]!['zh-CN']).toBe('客户端始终没有进入 ESTABLISHED（停在 SYN_SENT）。');
  });

  it('names a hold never released', () => {
    const s: Scenario = {
      // The client closes first; its FIN is held until the server sends its own, which the server
      // only does after the client's FIN arrives.
      ...byId('close'),
      id: 'custom-held',
      faults: { plan: [{ side: 'client', flags: ['FIN'], count: 100, action: 'hold', release: { side: 'server', sent: 'FIN' } }] },
    };
    const c = checkScenario(s, 5);
    expect(c).toMatchObject({ ok: false, finished: 0 });
    expect(c.reasons.map((r) => r.en)).toEqual([
      "The server's call 2 (send 20, when it reaches CLOSE_WAIT) never happened: the server stayed in ESTABLISHED.",
      'Fault rule 1 holds a segment of the client until the server sends its FIN, which never happened.',
    ]);
    expect(c.reasons[1]!['zh-CN']).toBe('故障规则 1 扣留了客户端的一个报文段，要等到服务器发出它的 FIN，但这一直没有发生。');
  });

  it('names a lesson step that never happens although the round ends', () => {
    const s: Scenario = { ...byId('lifecycle'), id: 'custom-no-loss', lesson: [{ side: 'client', row: 'retransmission-timeout' }] };
    const c = checkScenario(s, 10);
    expect(c).toMatchObject({ ok: false, runs: 20, finished: 0 });
    expect(c.reasons[0]).toMatchObject({
      en: 'The lesson step "retransmission-timeout" on the client never happened.',
      'zh-CN': '教学步骤 "retransmission-timeout"（客户端）始终没有发生。',
      runs: 20,
    });
  });

  it('stops when asked and fails, saying so', () => {
    let asked = 0;
    const c = checkScenario(byId('lifecycle'), 50, { stop: () => ++asked > 7 });
    expect(c).toMatchObject({ ok: false, stopped: true, runs: 7 });
    expect(c.reasons[0]!.en).toBe('The check took too long and was stopped after 7 of 100 runs.');
  });
});

describe('checkScenario on any valid scenario', () => {
  const side = fc.constantFrom(...SIDES);
  const state = fc.constantFrom(...TCP_STATES);
  const trigger = fc.oneof(
    fc.constant({ at: 'start' as const }),
    state.map((s) => ({ state: s })),
    fc.integer({ min: 1, max: 300 }).map((n) => ({ received: n })),
    fc.constant({ sentAll: true as const }),
    fc.constant({ ackedAll: true as const }),
  );
  const call = fc.constantFrom(...APP_CALLS).chain((c) => fc.record({ call: fc.constant(c), when: trigger, ...(c === 'send' ? { bytes: fc.integer({ min: 1, max: 300 }) } : {}) }));
  const release = fc.oneof(fc.record({ side, sent: fc.constantFrom('SYN' as const, 'FIN' as const) }), fc.record({ side, row: fc.constantFrom(...TRANSITIONS.map((r) => r.id)) }));
  const rule = fc.record({
    side, flags: fc.subarray([...FLAGS]), withData: fc.boolean(), state: fc.option(state, { nil: undefined }), count: fc.integer({ min: 1, max: 5 }),
    action: fc.constantFrom('drop' as const, 'hold' as const), release,
  }).map((r) => {
    const { release: rel, state: st, ...rest } = r;
    return { ...rest, ...(st ? { state: st } : {}), ...(r.action === 'hold' ? { release: rel } : {}) };
  });
  const scenario = fc.record({
    calls: fc.record({ client: fc.array(call, { maxLength: 4 }), server: fc.array(call, { maxLength: 4 }) }),
    plan: fc.array(rule, { maxLength: 3 }),
    inject: fc.array(fc.record({ side, arrives: fc.constantFrom('now' as const, undefined) }), { maxLength: 2 }),
    end: fc.record({ client: state, server: state }),
    prelude: fc.boolean(),
  });

  it('never throws and always says why a run did not finish (random valid scenarios, 2 seeds each)', () => {
    let unfinished = 0;
    fc.assert(fc.property(scenario, (g) => {
      const s: Scenario = {
        id: 'custom-random', number: 0, title: { en: 'r', 'zh-CN': '随' }, summary: { en: 'r', 'zh-CN': '随' },
        calls: g.calls as Scenario['calls'], end: g.end, faults: { plan: g.plan as NonNullable<Scenario['faults']>['plan'], inject: g.inject.map((i) => (i.arrives ? { side: i.side, flags: ['SYN'], arrives: i.arrives } : { side: i.side, flags: ['SYN'] })) },
        ...(g.prelude ? { prelude: 'handshake' as const } : {}),
      };
      const c = checkScenario(s, 2, { maxWallMs: 5 * 60_000 });
      expect(c.runs).toBe(4);
      if (!c.ok) {
        unfinished += 1;
        expect(c.reasons.length).toBeGreaterThan(0);
      }
      for (const r of c.reasons) expect(r.en.length > 0 && r['zh-CN'].length > 0).toBe(true);
    }), { numRuns: 150 });
    // Most random scenarios cannot finish: the property is about the reasons, not luck.
    expect(unfinished).toBeGreaterThan(50);
  });
});
