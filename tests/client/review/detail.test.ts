import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrace, explainRule, type Trace } from '../../../shared/index';
import { describeEvent, eventDetail, joinSentences, showValue } from '../../../client/src/review/detail';

const fixture = (name: string): Trace => JSON.parse(readFileSync(new URL(`../../fixtures/traces/${name}`, import.meta.url), 'utf8')) as Trace;

/** Assessment mode: the client's first SYN wrongly carries ACK; the engine carries the right SYN on. */
const WRONG: Trace = {
  format: 'synack-trace', version: 1, judge: ['client', 'server'],
  events: [
    { t: 0, type: 'app', side: 'server', call: 'listen' },
    { t: 0, type: 'app', side: 'client', call: 'connect' },
    { t: 5, type: 'send', side: 'client', id: 'c1', segment: { flags: ['ACK', 'SYN'], seq: 100, ack: 0, len: 0 }, state: 'SYN_SENT' },
    { t: 5, type: 'send', side: 'client', id: 'c2', segment: { flags: ['SYN'], seq: 100, ack: 0, len: 0 }, origin: 'auto' },
    { t: 40, type: 'deliver', id: 'c2' },
    { t: 60, type: 'state', side: 'server', state: 'ESTABLISHED' },
  ],
};

describe('eventDetail', () => {
  const report = checkTrace(WRONG);

  it('lists what the student chose against what was correct, field by field', () => {
    const d = eventDetail(WRONG, report, 2);
    expect(d).toMatchObject({ kind: 'send', id: 'c1', side: 'client', to: 'server', origin: 'player', declared: 'SYN_SENT' });
    if (d?.kind !== 'send') throw new Error('not a send');
    expect(d.verdict?.ok).toBe(false);
    const flags = d.fields.find((f) => f.field === 'flags')!;
    expect(flags).toMatchObject({ ok: false, got: ['SYN', 'ACK'] });
    expect(flags.expected).toBeDefined();
    expect(d.fields.filter((f) => f.field !== 'flags').every((f) => f.ok)).toBe(true);
    expect(d.fields.map((f) => f.field)).toEqual(['flags', 'seq', 'ack', 'len', 'state']);
  });

  it('says a refused answer never left, and which segment the engine carried on', () => {
    const d = eventDetail(WRONG, report, 2);
    expect(d).toMatchObject({ refused: true, deliveries: [], lost: null, carriedOn: { index: 3, label: 'SYN seq=100' } });
  });

  it('gives an engine send no verdict and its deliveries', () => {
    expect(eventDetail(WRONG, report, 3)).toMatchObject({ origin: 'auto', verdict: null, fields: [], deliveries: [{ index: 4, t: 40 }], refused: false });
  });

  it('judges a declared state on its own', () => {
    const d = eventDetail(WRONG, report, 5);
    expect(d).toMatchObject({ kind: 'state', declared: 'ESTABLISHED', verdict: { ok: false } });
    expect(d?.fields).toEqual([expect.objectContaining({ field: 'state', got: 'ESTABLISHED', ok: false })]);
    expect(d?.verdict?.errors[0]?.rule).toMatch(/^state\./);
  });

  it('reports a duplicate, a loss and a retransmission from the golden lossy trace', () => {
    const t = fixture('06-lossy-lifecycle.json');
    const r = checkTrace(t);
    const at = (id: string) => t.events.findIndex((e) => e.type === 'send' && e.id === id);
    expect(eventDetail(t, r, at('c3'))).toMatchObject({ lost: { t: 130 }, deliveries: [], refused: false, retransmit: false });
    expect(eventDetail(t, r, at('c4'))).toMatchObject({ deliveries: [{ t: 329 }, { t: 341 }], retransmit: true });
  });

  it('has nothing to say about other events', () => {
    expect(eventDetail(WRONG, report, 0)).toBeNull();
    expect(eventDetail(WRONG, report, 99)).toBeNull();
  });

  it('has a rule explanation for every error of the wrong send, in both languages', () => {
    const d = eventDetail(WRONG, report, 2)!;
    for (const e of d.verdict!.errors) {
      expect(explainRule(e.rule, 'en', e)).not.toMatch(/no explanation yet/);
      expect(explainRule(e.rule, 'zh-CN', e)).not.toMatch(/暂无说明/);
    }
  });
});

describe('describeEvent', () => {
  it('tells each event in words, in English and in Chinese', () => {
    const r = checkTrace(WRONG);
    expect(describeEvent(WRONG, r, 1, 'en')).toBe('The client’s app calls connect().');
    expect(describeEvent(WRONG, r, 1, 'zh-CN')).toBe('客户端的应用调用了 connect()。');
    expect(describeEvent(WRONG, r, 2, 'en')).toBe('The client sends SYN+ACK seq=100 ack=0. Wrong.');
    expect(describeEvent(WRONG, r, 2, 'zh-CN')).toBe('客户端发送了 SYN+ACK seq=100 ack=0。错误。');
    expect(describeEvent(WRONG, r, 3, 'en')).toBe('The engine sends SYN seq=100 for the client.');
    expect(describeEvent(WRONG, r, 4, 'en')).toBe('SYN seq=100 arrives at the server.');
  });

  it('names a second delivery a duplicate, a drop a loss, and a timer by its name', () => {
    const t = fixture('06-lossy-lifecycle.json');
    const r = checkTrace(t);
    const deliveries = t.events.flatMap((e, i) => (e.type === 'deliver' && e.id === 'c4' ? [i] : []));
    expect(describeEvent(t, r, deliveries[1]!, 'en')).toMatch(/again \(a duplicate\)/);
    expect(describeEvent(t, r, t.events.findIndex((e) => e.type === 'drop'), 'en')).toMatch(/is lost in the network/);
    expect(describeEvent(t, r, t.events.findIndex((e) => e.type === 'timeout'), 'zh-CN')).toBe('客户端的重传计时器超时。');
  });
});

describe('values and sentences', () => {
  it('prints flags, ranges and an undeclared state as the panel shows them', () => {
    expect(showValue('flags', ['SYN', 'ACK'], 'en')).toBe('SYN+ACK');
    expect(showValue('len', { min: 1, max: 100 }, 'en')).toBe('1–100');
    expect(showValue('state', undefined, 'en')).toBe('— not declared —');
    expect(showValue('state', undefined, 'zh-CN')).toBe('— 未声明 —');
  });

  it('joins sentences with a space in English and without one in Chinese', () => {
    expect(joinSentences('en', 'A.', '', 'B.')).toBe('A. B.');
    expect(joinSentences('zh-CN', '甲。', '乙。')).toBe('甲。乙。');
  });
});
