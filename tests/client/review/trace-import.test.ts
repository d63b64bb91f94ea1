import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueText } from '../../../client/src/review/format';
import { MAX_IMPORT_BYTES, readTraceText } from '../../../client/src/review/trace-import';

const golden = readFileSync(new URL('../../fixtures/traces/02-data.json', import.meta.url), 'utf8');

describe('readTraceText', () => {
  it('accepts a golden trace and judges it', () => {
    const r = readTraceText(golden, '02-data.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.report.summary.judged).toBe(r.report.summary.correct);
  });

  it('accepts a file that starts with a byte-order mark', () => {
    expect(readTraceText(`\uFEFF${golden}`, 'bom.json').ok).toBe(true);
  });

  it('reports text that is not JSON at the root, worded by the page in its language (the check knows none)', () => {
    const r = readTraceText('{"format":', 'x.json');
    expect(r).toMatchObject({ ok: false, name: 'x.json', issues: [{ path: '(root)', text: { key: 'review.import.notJson' } }] });
    const issue = r.ok ? undefined : r.issues[0]!;
    expect(issue && issueText(issue, 'en')).toMatch(/^not valid JSON \(/);
    expect(issue && issueText(issue, 'zh-CN')).toMatch(/^不是有效的 JSON（/);
  });

  it('reports each schema problem with its path', () => {
    const bad = JSON.stringify({ format: 'synack-trace', version: 1, judge: ['client'], events: [{ t: 0, type: 'send', side: 'client', id: 'a', segment: { flags: ['SYN', 'FOO'], seq: -1, ack: 0, len: 0 } }] });
    const r = readTraceText(bad, 'bad.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['events[0].segment.flags[1]', 'events[0].segment.seq']);
  });

  it('reports what the schema cannot see: an unknown id, time going backwards', () => {
    const bad = JSON.stringify({ format: 'synack-trace', version: 1, judge: [], events: [{ t: 5, type: 'deliver', id: 'ghost' }, { t: 1, type: 'app', side: 'client', call: 'connect' }] });
    const r = readTraceText(bad, 'bad.json');
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['events[0].id', 'events[1].t']);
  });

  it('refuses a file larger than the page reads', () => {
    const r = readTraceText(' '.repeat(MAX_IMPORT_BYTES + 1), 'huge.json');
    expect(r).toMatchObject({ ok: false, issues: [{ path: '(root)', text: { key: 'review.import.tooBig', params: { max: 25 } } }] });
    expect(r.ok ? '' : issueText(r.issues[0]!, 'en')).toMatch(/^the file is too large \(25\.0 MB; at most 25 MB\)$/);
  });
});
