import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrace, explainRule, type Trace } from '../../../shared/index';
import { answerWallMs, describeEvent, eventDetail, joinSentences, rfcStateAt, showValue } from '../../../client/src/review/detail';
import { ladderLayout } from '../../../client/src/ladder/layout';
import { textIn } from '../../../client/src/i18n/ui';

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

/** A handshake at human pace: `t` is network time, `wall` the clock on the classroom wall. */
const PACED: Trace = {
  format: 'synack-trace', version: 1, judge: ['client', 'server'],
  events: [
    { t: 0, wall: 0, type: 'app', side: 'server', call: 'listen' },
    { t: 0, wall: 0, type: 'app', side: 'client', call: 'connect' },
    { t: 0, wall: 4_000, type: 'send', side: 'client', id: 'c1', segment: { flags: ['SYN'], seq: 300, ack: 0, len: 0 }, state: 'SYN_SENT' },
    { t: 30, wall: 4_030, type: 'deliver', id: 'c1' },
    { t: 30, wall: 27_030, type: 'send', side: 'server', id: 's1', segment: { flags: ['SYN', 'ACK'], seq: 700, ack: 301, len: 0 }, state: 'SYN_RCVD' },
    { t: 60, wall: 27_060, type: 'deliver', id: 's1' },
    { t: 60, wall: 30_060, type: 'send', side: 'client', id: 'c2', segment: { flags: ['ACK'], seq: 301, ack: 701, len: 0 }, state: 'ESTABLISHED' },
    { t: 90, wall: 30_090, type: 'deliver', id: 'c2' },
    { t: 90, wall: 35_090, type: 'state', side: 'server', state: 'ESTABLISHED' },
  ],
};

/** The golden close trace with a pure ACK of the client's between its close() and its FIN. */
function ackAfterClose(): { trace: Trace; ack: number; fin: number } {
  const base = fixture('03-close.json');
  const close = base.events.findIndex((e) => e.type === 'app' && e.side === 'client' && e.call === 'close');
  const fin = base.events.findIndex((e, i) => i > close && e.type === 'send' && e.side === 'client');
  const f = base.events[fin] as Extract<Trace['events'][number], { type: 'send' }>;
  const ack = { t: f.t, type: 'send' as const, side: 'client' as const, id: 'c-ack', segment: { flags: ['ACK' as const], seq: f.segment.seq, ack: f.segment.ack, len: 0 }, state: 'ESTABLISHED' as const };
  return { trace: { ...base, events: [...base.events.slice(0, fin), ack, ...base.events.slice(fin)] }, ack: fin, fin: fin + 1 };
}

describe('the states an answer shows', () => {
  it('are the game’s: a pure ACK after close() keeps ESTABLISHED, and FIN_WAIT_1 begins with the FIN', () => {
    const { trace, ack, fin } = ackAfterClose();
    const r = checkTrace(trace);
    expect(eventDetail(trace, r, ack)).toMatchObject({ verdict: { ok: true }, states: { before: 'ESTABLISHED', after: 'ESTABLISHED' } });
    expect(eventDetail(trace, r, fin)).toMatchObject({ verdict: { ok: true }, states: { before: 'ESTABLISHED', after: 'FIN_WAIT_1' } });
  });

  it('keep RFC 9293’s state beside them where it differs: FIN_WAIT_1 from the close() call', () => {
    const { trace, ack, fin } = ackAfterClose();
    const r = checkTrace(trace);
    const rfc = { state: 'FIN_WAIT_1', call: 'close', carrier: 'FIN' };
    expect(eventDetail(trace, r, ack)?.rfc).toEqual(rfc);
    expect(eventDetail(trace, r, fin)?.rfc).toEqual(rfc);
    // Once the FIN is out, the two agree again.
    expect(rfcStateAt(trace, r, fin + 1, 'client')).toBeNull();
  });

  it('date CLOSED from the abort() call in RFC 9293 and from the RST in the game', () => {
    const abort = fixture('11-abort.json');
    const r = checkTrace(abort);
    const call = abort.events.findIndex((e) => e.type === 'app' && e.call === 'abort');
    const rst = abort.events.findIndex((e) => e.type === 'send' && e.segment.flags.includes('RST'));
    expect(rst).toBe(call + 1);
    expect(rfcStateAt(abort, r, call, 'client')).toEqual({ state: 'CLOSED', call: 'abort', carrier: 'RST' });
    expect(eventDetail(abort, r, rst)).toMatchObject({ verdict: { ok: true }, states: { after: 'CLOSED' }, rfc: { state: 'CLOSED', call: 'abort', carrier: 'RST' } });
    expect(rfcStateAt(abort, r, rst + 1, 'client')).toBeNull();
  });

  it('date SYN_SENT from the connect() call in RFC 9293 and from the SYN in the game', () => {
    const r = checkTrace(PACED);
    expect(eventDetail(PACED, r, 2)).toMatchObject({ states: { before: 'CLOSED', after: 'SYN_SENT' }, rfc: { state: 'SYN_SENT', call: 'connect', carrier: 'SYN' } });
    expect(eventDetail(PACED, r, 4)?.rfc).toBeNull();
  });
});

describe('how long an answer took', () => {
  it('is the wall time from the last input to that side until the answer', () => {
    expect([2, 4, 6, 8].map((i) => answerWallMs(PACED, i))).toEqual([4_000, 23_000, 3_000, 5_000]);
    expect(eventDetail(PACED, checkTrace(PACED), 4)?.answeredAfterMs).toBe(23_000);
  });

  it('is not known for a trace without wall time, nor for the engine’s sends or events that are not answers', () => {
    const plain: Trace = { ...PACED, events: PACED.events.map(({ wall: _wall, ...e }) => e as Trace['events'][number]) };
    expect(checkTrace(plain).valid).toBe(true);
    expect(answerWallMs(plain, 4)).toBeNull();
    expect(eventDetail(plain, checkTrace(plain), 4)?.answeredAfterMs).toBeNull();
    expect(answerWallMs(WRONG, 3)).toBeNull();
    expect(answerWallMs(PACED, 3)).toBeNull();
    expect(answerWallMs({ ...PACED, judge: ['client'] }, 4)).toBeNull();
  });

  it('does not count the side’s own segment reaching the peer as an input to it', () => {
    // After c2 (the client's ACK) reaches the server, the client's next answer still counts from s1.
    const t: Trace = { ...PACED, events: [...PACED.events, { t: 90, wall: 40_000, type: 'state', side: 'client', state: 'ESTABLISHED' }] };
    expect(answerWallMs(t, t.events.length - 1)).toBe(40_000 - 27_060);
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

describe('describeEvent in a SYN flood', () => {
  it('names the forged address a segment comes from or goes to, and the half-open connection whose timer fires', () => {
    const t = fixture('13-syn-flood.json');
    const r = checkTrace(t);
    const at = (id: string, type: string) => t.events.findIndex((e) => e.type === type && 'id' in e && e.id === id);
    expect(describeEvent(t, r, at('spoof-a', 'send'), 'en')).toBe('A SYN flood: SYN seq=1697061320 comes from the forged address 198.51.100.7 to the server.');
    expect(describeEvent(t, r, at('s1', 'send'), 'en')).toBe('The server sends SYN+ACK seq=918273645 ack=1697061321 to 198.51.100.7. Correct.');
    expect(describeEvent(t, r, at('s1', 'send'), 'zh-CN')).toBe('服务器向 198.51.100.7 发送了 SYN+ACK seq=918273645 ack=1697061321。正确。');
    expect(describeEvent(t, r, at('s1', 'deliver'), 'en')).toBe('SYN+ACK seq=918273645 ack=1697061321 reaches 198.51.100.7, where nobody answers.');
    expect(describeEvent(t, r, at('spoof-a', 'deliver'), 'en')).toBe('SYN seq=1697061320 arrives at the server.');
    expect(describeEvent(t, r, t.events.findIndex((e) => e.type === 'timeout'), 'en')).toBe('The timer of the server’s half-open connection from 198.51.100.7 fires.');
    expect(describeEvent(t, r, t.events.findIndex((e) => e.type === 'timeout' && e.side === 'client'), 'en')).toBe('The client’s retransmission timer fires.');
  });
});

describe('a connect on the same ports (reuse)', () => {
  const t = fixture('12-incarnation.json');
  const r = checkTrace(t);
  const connects = t.events.flatMap((e, i) => (e.type === 'app' && e.call === 'connect' ? [i] : []));

  it('is told as a new connection on the ports of the one that ended, not as a plain connect, in both languages', () => {
    expect(connects).toHaveLength(2);
    const [first, again] = connects as [number, number];
    expect(describeEvent(t, r, first, 'en')).toBe('The client’s app calls connect().');
    expect(describeEvent(t, r, again, 'en')).toBe('The client’s app calls connect() again, on the same ports as its connection that ended: a new connection, whose ISN must lie above the old one’s.');
    expect(describeEvent(t, r, again, 'zh-CN')).toBe('客户端的应用再次调用了 connect()，使用与已结束的连接相同的端口：这是一个新的连接，它的初始序列号必须高于旧连接的序列号。');
    // The same event without reuse is an ordinary connect again.
    const { reuse: _r, ...plain } = t.events[again] as Extract<Trace['events'][number], { type: 'app' }>;
    const without: Trace = { ...t, events: t.events.map((e, i) => (i === again ? plain : e)) };
    expect(describeEvent(without, checkTrace(without), again, 'zh-CN')).toBe('客户端的应用调用了 connect()。');
  });

  it('marks the ladder’s connect as a reconnect (only that one), with room for its longer label', () => {
    const L = ladderLayout(t, r);
    const marks = L.marks.filter((m) => m.kind === 'app' && m.call === 'connect');
    expect(marks.map((m) => [m.index, m.reuse ?? false])).toEqual([[connects[0], false], [connects[1], true]]);
    expect(textIn('en', 'review.ladder.reconnect')).toMatch(/^connect\(\) again/);
    expect(textIn('zh-CN', 'review.ladder.reconnect')).toMatch(/^再次 connect\(\)/);
  });

  it('dates RFC 9293’s SYN_SENT from the reconnect until its SYN, as for a first connect', () => {
    const again = connects[1]!;
    expect(r.events[again]?.states.client).toBe('SYN_SENT');
    expect(rfcStateAt(t, r, again, 'client')).toEqual({ state: 'SYN_SENT', call: 'connect', carrier: 'SYN' });
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
