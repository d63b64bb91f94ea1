import { describe, expect, it } from 'vitest';
import { classCode, parseReviewRoute, reviewSearch } from '../../../client/src/review/access';

describe('the review page’s URL', () => {
  it('reads the class code (forgiving case and separators), mine and a pair to open', () => {
    expect(parseReviewRoute('?code=a7av-b3v&mine=1&round=2&pair=pair10')).toEqual({ code: 'A7AVB3V', mine: true, open: { round: 2, pairId: 'pair10' } });
    expect(parseReviewRoute('?code=A7AVB3V')).toEqual({ code: 'A7AVB3V', mine: false, open: null });
  });

  it('drops what is not a class code or not a pair', () => {
    expect(parseReviewRoute('?code=<script>&round=x&pair=../etc')).toEqual({ code: '', mine: false, open: null });
    expect(classCode('ABC')).toBe('');
  });

  it('writes back what it reads', () => {
    for (const s of ['?code=A7AVB3V', '?code=A7AVB3V&mine=1', '?code=A7AVB3V&round=3&pair=pair2']) expect(reviewSearch(parseReviewRoute(s))).toBe(s);
    expect(reviewSearch({ code: '', mine: false, open: null })).toBe('');
  });
});
