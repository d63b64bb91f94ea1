/**
 * Accessibility and language (issue 14), the parts without a page: plural forms, pair names, one
 * form of address in Chinese, durations in Chinese, the composer's keys, when timers are told in
 * words, and the bundled CJK font covering every Chinese character of the interface.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cjkChars } from '../../client/fonts/cjk-chars';
import { pairName, pluralCategory, pluralKey } from '../../client/src/i18n/plural';
import { REVIEW_TEXT, textIn, UI_TEXT } from '../../client/src/i18n/ui';
import { formatDuration, formatTime } from '../../client/src/review/format';
import { segmentLabel } from '../../client/src/ladder/layout';
import { composerKey, type KeyPlace } from '../../client/src/ui/composer-keys';
import { NO_TIMERS, type PlayerTimers } from '../../client/src/view/rto';
import { QUIET, timerNews, type SpeechState } from '../../client/src/view/timer-speech';
import { RULE_HINT, RULE_TEXT } from '../../shared/i18n/index';
import { SCENARIOS } from '../../shared/index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('plural forms', () => {
  it('English has one and other, Chinese only other (Intl.PluralRules)', () => {
    expect([0, 1, 2].map((n) => pluralCategory('en', n))).toEqual(['other', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralCategory('zh-CN', n))).toEqual(['other', 'other', 'other']);
  });

  it('says "1 student has joined", "1 pt", "1 event" and the plural for other counts', () => {
    const ui = (n: number, key: 'proj.waiting' | 'proj.points') => textIn('en', pluralKey(UI_TEXT, key, 'en', n), { n });
    expect([ui(1, 'proj.waiting'), ui(2, 'proj.waiting'), ui(0, 'proj.waiting')]).toEqual(['1 student has joined', '2 students have joined', '0 students have joined']);
    expect([ui(1, 'proj.points'), ui(40, 'proj.points')]).toEqual(['1 pt', '40 pts']);
    const ev = (n: number) => textIn('en', pluralKey(REVIEW_TEXT, 'review.rounds.events', 'en', n), { n });
    expect([ev(1), ev(25)]).toEqual(['1 event', '25 events']);
    expect(textIn('zh-CN', pluralKey(REVIEW_TEXT, 'review.rounds.events', 'zh-CN', 1), { n: 1 })).toBe('1 个事件');
    expect(textIn('zh-CN', pluralKey(UI_TEXT, 'proj.waiting', 'zh-CN', 1), { n: 1 })).toBe('已有 1 名学生加入');
  });

  it('each .one form is a form of a text that exists, with the same parameters', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const table of [UI_TEXT, REVIEW_TEXT] as Record<string, Record<string, string>>[]) {
      for (const key of Object.keys(table).filter((k) => k.endsWith('.one'))) {
        const base = table[key.slice(0, -4)];
        expect(base, key).toBeDefined();
        expect(params(table[key]!.en!), key).toEqual(params(base!.en!));
      }
    }
  });
});

describe('Chinese pages', () => {
  it('name a pair 第 n 组 (the id stays in English)', () => {
    expect(pairName('pair1', 'zh-CN')).toBe('第 1 组');
    expect(pairName('pair12', 'zh-CN')).toBe('第 12 组');
    expect(pairName('pair1', 'en')).toBe('pair1');
    expect(pairName('odd', 'zh-CN')).toBe('odd');
  });

  it('address the player as 你 only, never 您', () => {
    const all = [UI_TEXT, REVIEW_TEXT, RULE_TEXT, RULE_HINT].flatMap((t) => Object.values(t as Record<string, Record<string, string>>).map((x) => x['zh-CN'] ?? ''));
    all.push(...SCENARIOS.flatMap((s) => [s.title['zh-CN'], s.summary['zh-CN']]));
    expect(all.filter((s) => s.includes('您'))).toEqual([]);
    expect(all.some((s) => s.includes('你'))).toBe(true);
  });

  it('print durations and times in Chinese units (English unchanged)', () => {
    expect([formatTime(289, 'zh-CN'), formatTime(125_999, 'zh-CN')]).toEqual(['0.289 秒', '2 分 05 秒']);
    expect([formatDuration(9, 'zh-CN'), formatDuration(65_000, 'zh-CN')]).toEqual(['9 毫秒', '1 分 05 秒']);
    expect([formatTime(125_999), formatDuration(65_000, 'en')]).toEqual(['2 min 05 s', '1 min 05 s']);
  });

  it('label a segment without flags with a dash, not "(none)"', () => {
    expect(segmentLabel({ flags: [], seq: 5, ack: 0, len: 0 })).toBe('— seq=5');
    expect(segmentLabel({ flags: ['SYN'], seq: 5, ack: 0, len: 0 })).toBe('SYN seq=5');
  });
});

describe('composer keys', () => {
  const key = (k: string, place: KeyPlace, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing', boolean>> = {}) =>
    composerKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...mods }, place);

  it('switch a flag by its letter from a button or a number field, either case', () => {
    expect(key('s', 'number')).toEqual({ kind: 'flag', flag: 'SYN' });
    expect(key('A', 'button')).toEqual({ kind: 'flag', flag: 'ACK' });
    expect(['f', 'r', 'p'].map((k) => key(k, 'number'))).toEqual([{ kind: 'flag', flag: 'FIN' }, { kind: 'flag', flag: 'RST' }, { kind: 'flag', flag: 'PSH' }]);
  });

  it('leave digits, other keys, the state list, modifiers and input methods alone', () => {
    for (const k of ['0', '5', '9', 'Backspace', 'Tab', 'x', ' ', 'Shift']) expect(key(k, 'number'), k).toBeNull();
    expect(key('s', 'select')).toBeNull();
    expect(key('s', 'other')).toBeNull();
    expect(key('a', 'number', { ctrlKey: true })).toBeNull();
    expect(key('a', 'number', { metaKey: true })).toBeNull();
    expect(key('f', 'button', { altKey: true })).toBeNull();
    expect(key('s', 'number', { isComposing: true })).toBeNull();
  });

  it('send with Ctrl+Enter or ⌘+Enter anywhere; a plain Enter is the control’s own', () => {
    for (const place of ['number', 'button', 'select', 'other'] as KeyPlace[]) {
      expect(key('Enter', place, { ctrlKey: true })).toEqual({ kind: 'send' });
      expect(key('Enter', place, { metaKey: true })).toEqual({ kind: 'send' });
      expect(key('Enter', place)).toBeNull();
    }
    expect(key('Enter', 'number', { ctrlKey: true, altKey: true })).toBeNull();
  });
});

describe('timers in words', () => {
  const RTO = 6000;
  const MSL = 5000;
  const timers = (over: Partial<PlayerTimers>): PlayerTimers => ({ ...NO_TIMERS, ...over });
  /** The news at each network time, carrying what was said along. */
  function run(steps: [number, PlayerTimers][]): string[][] {
    let said: SpeechState = QUIET;
    return steps.map(([now, t]) => {
      const r = timerNews(said, t, now, RTO, MSL);
      said = r.state;
      return r.news.map((n) => `${n.timer} ${n.step} ${n.seconds}`);
    });
  }

  it('says when the retransmission timer starts, at half time, when it restarts and when it stops — nothing in between', () => {
    const on = (start: number) => timers({ rtoStart: start, unacked: [{ seq: 1, end: 2, segment: { flags: ['SYN'], seq: 1, ack: 0, len: 0 } }] });
    expect(run([
      [0, NO_TIMERS],
      [100, on(100)],
      [1100, on(100)],
      [2900, on(100)],
      [3100, on(100)],
      [5000, on(100)],
      [6200, timers({ ...on(100), rtoFired: true })],
      [7000, on(7000)],
      [7500, NO_TIMERS],
      [8000, NO_TIMERS],
    ])).toEqual([[], ['rto started 6'], [], [], ['rto half 3'], [], [], ['rto started 6'], ['rto stopped 0'], []]);
  });

  it('says a timer met already past half once, as half; and the 2×MSL wait of TIME_WAIT', () => {
    expect(run([[0, timers({ timeWaitStart: 0 })], [4000, timers({ timeWaitStart: 0 })], [5000, timers({ timeWaitStart: 0 })], [9000, timers({ timeWaitStart: 0 })], [10_500, NO_TIMERS]]))
      .toEqual([['msl started 10'], [], ['msl half 5'], [], []]);
    expect(run([[7000, timers({ timeWaitStart: 0 })], [8000, timers({ timeWaitStart: 0 })]])).toEqual([['msl half 3'], []]);
  });
});

describe('the bundled CJK fallback font', () => {
  it('covers every CJK character of the interface (else: run client/fonts/subset-cjk.ts)', () => {
    const covered = new Set([...readFileSync(join(ROOT, 'client/src/fonts/synack-cjk.txt'), 'utf8').trim()]);
    const missing = cjkChars(ROOT).filter((c) => !covered.has(c));
    expect(missing.join(''), 'characters the font subset lacks').toBe('');
    expect(cjkChars(ROOT)).toContain('中');
  });

  it('is a WOFF2 file of a modest size', () => {
    const path = join(ROOT, 'client/src/fonts/synack-cjk.woff2');
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(statSync(path).size).toBeLessThan(400_000);
  });

  it('has a second WOFF2 file for the common characters names use, fetched only when a name needs it', () => {
    const path = join(ROOT, 'client/src/fonts/synack-cjk-names.woff2');
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(statSync(path).size).toBeLessThan(1_200_000);
    const css = readFileSync(join(ROOT, 'client/src/style.css'), 'utf8');
    expect(css).toContain('url("./fonts/synack-cjk-names.woff2")');
    expect(css).toMatch(/--sans: "SynAck CJK", "SynAck CJK Names",/);
  });
});
