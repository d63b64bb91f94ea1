import { ClassCodeSchema } from '../../../shared/messages/index';
import { REPLAY_TOKEN_PREFIX, Session } from '../net/session';
import type { Access } from './api';

/**
 * Where the review page finds its keys: the ones the main client keeps per class (net/session.ts):
 * the host key (`synack.hostKey.CODE` in localStorage, forgotten when the host ends the class in
 * that browser), or a student's replay token from their welcome (`synack.replayToken.CODE`, dropped
 * once its end has passed); else the form. On a shared computer nothing is kept.
 */
export { REPLAY_TOKEN_PREFIX };

/** What the page's URL asks for: `/review.html?code=CODE[&mine=1][&round=N&pair=pairK]`. */
export interface ReviewRoute {
  code: string;
  mine: boolean;
  open: { round: number; pairId: string } | null;
}

/** A class code as the server spells it, or '' when `raw` is not one. */
export function classCode(raw: string | null | undefined): string {
  const r = ClassCodeSchema.safeParse(raw ?? '');
  return r.success ? r.data : '';
}

export function parseReviewRoute(search: string): ReviewRoute {
  const q = new URLSearchParams(search);
  const round = Number(q.get('round'));
  const pairId = q.get('pair') ?? '';
  return {
    code: classCode(q.get('code')),
    mine: q.get('mine') === '1',
    open: Number.isInteger(round) && round > 0 && /^pair\d{1,4}$/.test(pairId) ? { round, pairId } : null,
  };
}

export function reviewSearch(r: ReviewRoute): string {
  const q = new URLSearchParams();
  if (r.code) q.set('code', r.code);
  if (r.mine) q.set('mine', '1');
  if (r.open) {
    q.set('round', String(r.open.round));
    q.set('pair', r.open.pairId);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The key this browser keeps for the class (host key, or the student's replay token). */
export function storedAccess(code: string, mine: boolean): Access | null {
  if (!code) return null;
  if (!mine) {
    const key = Session.hostKey(code);
    return key ? { kind: 'host', code, key } : null;
  }
  const token = Session.replayToken(code);
  return token ? { kind: 'student', code, token } : null;
}

/** Remember a key that opened the class, so the next visit needs no typing. */
export function rememberAccess(a: Access): void {
  if (a.kind === 'host') Session.saveHostKey(a.code, a.key);
  else Session.saveReplayToken(a.code, a.token);
}
