import { describe, expect, it } from 'vitest';
import { checkScenario, SCENARIOS, type Scenario } from '../../../shared/index';

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
