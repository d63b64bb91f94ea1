import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../shared/index';
import { LANGS, REVIEW_TEXT, textIn } from '../../../client/src/i18n/ui';
import { formatDuration, formatTime, issueText, lessonNote, lessonStepText, playerName } from '../../../client/src/review/format';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u3400-\u9fff]/;

describe('the review page’s texts', () => {
  it('exist in every language, non-empty, with the same parameters', () => {
    for (const [key, text] of Object.entries(REVIEW_TEXT)) {
      for (const lang of LANGS) expect(text[lang].trim(), `${key} ${lang}`).not.toBe('');
      expect(params(text['zh-CN']), key).toEqual(params(text.en));
    }
  });

  it('are written in Chinese in zh-CN (except names and symbols kept as they are)', () => {
    const same = Object.entries(REVIEW_TEXT).filter(([, t]) => !CJK.test(t['zh-CN'])).map(([k]) => k);
    // A time, Hake's gain's symbol g, and the dash of an empty cell.
    expect(same.sort()).toEqual(['review.concepts.col.g', 'review.concepts.none', 'review.detail.at']);
  });

  it('are all under review., beside the game’s texts in the one table', () => {
    expect(Object.keys(REVIEW_TEXT).filter((k) => !k.startsWith('review.'))).toEqual([]);
  });

  it('fill in their parameters', () => {
    expect(textIn('en', 'review.rounds.round', { n: 3 })).toBe('Round 3');
    expect(textIn('zh-CN', 'review.rounds.round', { n: 3 })).toBe('第 3 回合');
  });
});

describe('the lesson in words', () => {
  it('has its own words for every step of every scenario’s lesson, in both languages', () => {
    for (const sc of SCENARIOS) {
      for (const step of sc.lesson ?? []) {
        for (const lang of LANGS) {
          const text = lessonStepText(step, lang);
          expect(text, `${sc.id} ${step.row} ${lang}`).not.toContain(step.row);
          expect(text).toContain(textIn(lang, `side.${step.side}`));
        }
      }
    }
  });

  it('names a step it has no words for by its table row', () => {
    expect(lessonStepText({ side: 'server', row: 'made-up-row' }, 'en')).toBe('table row made-up-row on the server');
  });

  it('says nothing of a lesson that happened, and lists what was missing of one that did not', () => {
    expect(lessonNote({ happened: true, missing: [] }, 'en')).toBeNull();
    const missing = [{ side: 'server' as const, row: 'retransmission-timeout' }, { side: 'client' as const, row: 'time-wait-rcv-fin' }];
    expect(lessonNote({ happened: false, missing }, 'en')).toBe(
      '⚠ The lesson did not happen, so this round does not count as a success. Missing: a retransmission timeout at the server; the repeated FIN reaching the client in TIME_WAIT, to be ACKed again.',
    );
    expect(lessonNote({ happened: false, missing }, 'zh-CN')).toBe('⚠ 教学环节没有发生，因此本回合不算成功完成。缺少的是：服务器的重传超时；重传的 FIN 到达处于 TIME_WAIT 的客户端，并被再次确认。');
    expect(lessonNote({ happened: false, missing: [] }, 'en')).toMatch(/^⚠ The lesson did not happen/);
    expect(lessonNote({ happened: false, missing: [] }, 'zh-CN')).toMatch(/^⚠ 教学环节没有发生/);
  });
});

describe('formatting', () => {
  it('prints times in seconds, with minutes for long ones', () => {
    expect([formatTime(0), formatTime(289), formatTime(12_345), formatTime(60_459), formatTime(125_999)]).toEqual(['0.000 s', '0.289 s', '12.3 s', '1 min 00 s', '2 min 05 s']);
  });

  it('prints how long an answer took: milliseconds under 1 s, tenths under 10 s, whole seconds, then minutes', () => {
    expect([formatDuration(0), formatDuration(9), formatDuration(1_000), formatDuration(4_240), formatDuration(23_400), formatDuration(59_600), formatDuration(65_000), formatDuration(-5), formatDuration(9_960)])
      .toEqual(['0 ms', '9 ms', '1.0 s', '4.2 s', '23 s', '1 min 00 s', '1 min 05 s', '0 ms', '10 s']);
  });

  it('calls the engine “the bot” in each language and leaves nicknames alone', () => {
    expect(playerName('bot', 'en')).toBe('the bot');
    expect(playerName('bot', 'zh-CN')).toBe('机器人');
    expect(playerName('小明', 'en')).toBe('小明');
  });

  it('words a file that is not a trace in the language of the moment, and a checker’s issue as it is', () => {
    const notJson = { path: '(root)', message: 'Unexpected end', text: { key: 'review.import.notJson' as const, params: { message: 'Unexpected end' } } };
    expect(issueText(notJson, 'en')).toBe('not valid JSON (Unexpected end)');
    expect(issueText(notJson, 'zh-CN')).toBe('不是有效的 JSON（Unexpected end）');
    expect(issueText({ path: 'events[0].t', message: 'time goes backwards' }, 'zh-CN')).toBe('time goes backwards');
  });
});
