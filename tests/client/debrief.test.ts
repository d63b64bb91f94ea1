import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS, type Question } from '../../shared/index';
import {
  CONCEPTS_KEY, DEBRIEF_MAX, DEBRIEF_MIN, EMPTY_RECORD, RECORD_MAX_IDS, chooseDebrief, firstBankQuestions, mergeRecords, readRecord, withAnswer, writeRecord,
  type ConceptRecord,
} from '../../client/src/ui/debrief-model';

const BANK = firstBankQuestions();
const rec = (...right: string[]): ConceptRecord => ({ version: 1, right });
const ids = (items: { question: Question }[]) => items.map((i) => i.question.id);

describe('the homework debrief: which questions follow a scenario', () => {
  it('uses the first bank, which validates', () => {
    expect(BANK.length).toBeGreaterThanOrEqual(24);
  });

  it('offers the scenario’s own questions, in the bank’s order, at most four', () => {
    const handshake = BANK.filter((q) => q.scenario === 'handshake').map((q) => q.id);
    expect(handshake.length).toBeGreaterThan(DEBRIEF_MAX);
    const items = chooseDebrief(BANK, 'handshake', EMPTY_RECORD);
    expect(ids(items)).toEqual(handshake.slice(0, DEBRIEF_MAX));
    expect(items.every((i) => !i.rightBefore)).toBe(true);
  });

  it('prefers questions not yet right, and brings one already right back last as a reminder', () => {
    const handshake = BANK.filter((q) => q.scenario === 'handshake').map((q) => q.id);
    const first = handshake[0]!;
    const items = chooseDebrief(BANK, 'handshake', rec(first));
    expect(ids(items)).toEqual([...handshake.slice(1, DEBRIEF_MAX), first]);
    expect(items.map((i) => i.rightBefore)).toEqual([false, false, false, true]);
  });

  it('tops up with general questions when a scenario has too few of its own left', () => {
    const own = BANK.filter((q) => q.scenario === 'simultaneous-close');
    expect(own.length).toBeLessThan(DEBRIEF_MIN);
    const items = chooseDebrief(BANK, 'simultaneous-close', EMPTY_RECORD);
    expect(items.length).toBe(DEBRIEF_MIN);
    expect(items[0]!.question.scenario).toBe('simultaneous-close');
    expect(items[1]!.question.scenario).toBeUndefined();
    // Once the scenario's own is right, two general ones not yet right come first, and it last.
    const later = chooseDebrief(BANK, 'simultaneous-close', rec(own[0]!.id));
    expect(later.map((i) => [i.question.scenario, i.rightBefore])).toEqual([[undefined, false], [undefined, false], ['simultaneous-close', true]]);
  });

  it('offers between two and four questions after every scenario, each once', () => {
    for (const id of SCENARIO_IDS) {
      const items = chooseDebrief(BANK, id, EMPTY_RECORD);
      expect(items.length, id).toBeGreaterThanOrEqual(DEBRIEF_MIN);
      expect(items.length, id).toBeLessThanOrEqual(DEBRIEF_MAX);
      expect(new Set(ids(items)).size, id).toBe(items.length);
    }
  });

  it('still offers the scenario’s questions, marked, when all of them were right before', () => {
    const handshake = BANK.filter((q) => q.scenario === 'handshake').map((q) => q.id);
    const allGeneral = BANK.filter((q) => q.scenario === undefined).map((q) => q.id);
    const items = chooseDebrief(BANK, 'handshake', rec(...handshake, ...allGeneral));
    expect(ids(items)).toEqual(handshake.slice(0, DEBRIEF_MIN));
    expect(items.every((i) => i.rightBefore)).toBe(true);
  });
});

describe('the record of questions got right, in this browser', () => {
  it('is kept under a versioned key', () => {
    expect(CONCEPTS_KEY).toBe('synack.concepts.v1');
  });

  it('reads back what it wrote', () => {
    const r = withAnswer(withAnswer(EMPTY_RECORD, 'syn-space', true), 'after-syn-state', true);
    expect(readRecord(writeRecord(r))).toEqual(rec('after-syn-state', 'syn-space'));
  });

  it('remembers only right answers, and a wrong one later does not forget a right one', () => {
    let r = withAnswer(EMPTY_RECORD, 'syn-space', false);
    expect(r.right).toEqual([]);
    r = withAnswer(r, 'syn-space', true);
    r = withAnswer(r, 'syn-space', false);
    r = withAnswer(r, 'syn-space', true);
    expect(r.right).toEqual(['syn-space']);
  });

  it('ignores a missing, corrupt or foreign value without throwing', () => {
    for (const raw of [null, undefined, '', '{', 'null', '42', '[]', '{"version":2,"right":[]}', '{"version":1}', '{"version":1,"right":"syn-space"}',
      '{"version":1,"right":["Bad Id"]}', '{"version":1,"right":[],"extra":1}', JSON.stringify({ version: 1, right: Array(RECORD_MAX_IDS + 1).fill('a') })]) {
      expect(readRecord(raw), String(raw)).toEqual(EMPTY_RECORD);
    }
  });

  it('reads duplicates and any order as one sorted list', () => {
    expect(readRecord('{"version":1,"right":["b","a","b"]}')).toEqual(rec('a', 'b'));
  });

  it('merges two records into every id right in either', () => {
    expect(mergeRecords(rec('a', 'c'), rec('b', 'c'))).toEqual(rec('a', 'b', 'c'));
  });

  it('does not grow past its cap, and refuses ids a bank could not hold', () => {
    const full = rec(...Array.from({ length: RECORD_MAX_IDS }, (_, i) => `q${String(i).padStart(4, '0')}`));
    expect(withAnswer(full, 'zzz', true)).toBe(full);
    expect(withAnswer(EMPTY_RECORD, 'Not An Id', true)).toBe(EMPTY_RECORD);
  });
});
