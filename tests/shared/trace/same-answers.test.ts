/**
 * checkTrace is a contract (TRACE.md): making it faster must not change one answer. Every trace of
 * a fixed corpus (corpus.ts: the golden traces and their mutations, 300 random traces right and
 * wrong, the long-trace shapes cut short) must get the report whose digest was recorded before the
 * checker was made linear (tests/fixtures/check-digests.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../shared/trace/check';
import { corpus, digest, DIGESTS_FILE } from './corpus';

const recorded = JSON.parse(readFileSync(DIGESTS_FILE, 'utf8')) as Record<string, string>;
const traces = corpus();

describe('checkTrace gives the answers it gave before it was made linear', () => {
  it('has the same corpus as the recording', () => {
    expect(traces.map(([name]) => name)).toEqual(Object.keys(recorded));
    expect(traces.length).toBeGreaterThan(600);
  });

  it('gives the recorded report on every trace of the corpus', () => {
    const changed = traces.filter(([name, trace]) => digest(checkTrace(trace)) !== recorded[name]).map(([name]) => name);
    expect(changed).toEqual([]);
  });

  it('tells reports apart that differ only by a property left undefined', () => {
    const [, trace] = traces[0] as [string, unknown];
    const report = checkTrace(trace);
    const i = report.events.findIndex((e) => !('rows' in e));
    expect(i).toBeGreaterThanOrEqual(0);
    const events = [...report.events];
    events[i] = { ...(events[i] as (typeof events)[number]), rows: undefined };
    expect(digest({ ...report, events })).not.toBe(digest(report));
  });
});
