import { describe, expect, it } from 'vitest';
import { classStats, csvCell, statsCsv, type ReviewRound, type Trace } from '../../../shared/index';
import { fixture, lostFinalAckDelivered, lostFinalAckTimeWaitRanOut, simultaneousOpenNotCrossed } from './mutations';

const round = (pairId: string, scenario: string, trace: Trace, extra: Partial<ReviewRound> = {}): ReviewRound => ({
  round: 1, pairId, scenario, mode: 'practice', players: { client: `${pairId}-c`, server: `${pairId}-s` }, scores: { client: 10, server: 10 }, finished: true, trace, ...extra,
});

/** The golden lost-final-ACK trace with the server's first declared state wrong (a state event changes nothing else). */
function withWrongAnswer(): Trace {
  const t = fixture('07-lost-final-ack.json');
  const i = t.events.findIndex((e) => e.type === 'state' && e.side === 'server');
  const events = [...t.events];
  events[i] = { ...(t.events[i] as Extract<Trace['events'][number], { type: 'state' }>), state: 'SYN_RCVD' };
  return { ...t, events };
}

describe('classStats and the lesson', () => {
  it('counts a pair flawless only when it finished, had the lesson and answered everything right', () => {
    const stats = classStats([
      round('pair1', 'lost-final-ack', fixture('07-lost-final-ack.json')),
      round('pair2', 'lost-final-ack', lostFinalAckDelivered()),
      round('pair3', 'lost-final-ack', lostFinalAckTimeWaitRanOut()),
      round('pair4', 'lost-final-ack', fixture('07-lost-final-ack.json'), { finished: false }),
    ]);
    expect(stats.scenarios).toEqual([{ scenario: 'lost-final-ack', pairs: 4, finished: 3, lessons: 2, flawless: 1, share: 0.25 }]);
  });

  it('no longer counts a round without its lesson as finished without error', () => {
    const stats = classStats([round('pair1', 'simultaneous-open', simultaneousOpenNotCrossed())]);
    expect(stats.scenarios).toEqual([{ scenario: 'simultaneous-open', pairs: 1, finished: 1, lessons: 0, flawless: 0, share: 0 }]);
    expect(stats.mistakesByRule).toEqual([]);
  });

  it('does not count a pair with a wrong answer as flawless, even with its lesson', () => {
    const stats = classStats([round('pair1', 'lost-final-ack', withWrongAnswer())]);
    expect(stats.mistakesByRule.length).toBeGreaterThan(0);
    expect(stats.scenarios[0]).toMatchObject({ finished: 1, lessons: 1, flawless: 0 });
  });

  it('takes the stored lesson over the trace’s rows when the round has one', () => {
    const stats = classStats([
      round('pair1', 'lost-final-ack', fixture('07-lost-final-ack.json'), { lesson: false }),
      round('pair2', 'lost-final-ack', lostFinalAckDelivered(), { lesson: true }),
    ]);
    expect(stats.scenarios[0]).toMatchObject({ pairs: 2, lessons: 1, flawless: 1 });
    expect(stats.rows.filter((r) => r.pairId === 'pair1').map((r) => r.lesson)).toEqual([false, false]);
  });

  it('puts finished and lesson on each student’s row, and leaves finished out for a round without a result', () => {
    const stats = classStats([
      round('pair1', 'lost-final-ack', lostFinalAckDelivered()),
      round('pair2', 'handshake', fixture('01-handshake.json'), { finished: undefined, scores: undefined }),
    ]);
    expect(stats.rows.filter((r) => r.pairId === 'pair1').map((r) => [r.finished, r.lesson])).toEqual([[true, false], [true, false]]);
    const open = stats.rows.filter((r) => r.pairId === 'pair2');
    expect(open.map((r) => r.lesson)).toEqual([true, true]);
    expect(open.every((r) => !('finished' in r))).toBe(true);
  });
});

describe('statsCsv', () => {
  it('ends every row with whether the pair finished and whether its lesson happened', () => {
    const csv = statsCsv(classStats([
      round('pair1', 'lost-final-ack', fixture('07-lost-final-ack.json')),
      round('pair2', 'lost-final-ack', lostFinalAckDelivered()),
      round('pair3', 'handshake', fixture('01-handshake.json'), { finished: undefined }),
    ]));
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toBe('nickname,role,round,pair,scenario,mode,score,correct,total,mistakes_by_rule,finished,lesson');
    const tail = (pair: string) => rows.filter((r) => r.split(',')[3] === pair).map((r) => r.split(',').slice(-2).join(','));
    expect(tail('pair1')).toEqual(['yes,yes', 'yes,yes']);
    expect(tail('pair2')).toEqual(['yes,no', 'yes,no']);
    expect(tail('pair3')).toEqual([',yes', ',yes']);
  });
});

describe('csvCell', () => {
  it('neutralises every cell a spreadsheet would read as a formula, for either separator, and quotes what needs it', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}SUM(A1)`).startsWith(`"'${lead}`)).toBe(true);
    expect(csvCell(';=1+1;')).toBe(`";'=1+1;"`);
    expect(csvCell('a,@b')).toBe(`"a,'@b"`);
    expect(csvCell('x,"y"')).toBe(`"x,""y"""`);
    expect(csvCell('two\nlines')).toBe(`"two\nlines"`);
  });
});
