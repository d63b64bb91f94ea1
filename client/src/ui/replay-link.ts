import { reviewSearch } from '../review/access';
import { Session } from '../net/session';

/**
 * Where a student opens their own replays: the review page with `mine=1` (it reads the replay
 * token this browser keeps for the class, net/session.ts), optionally opening one round.
 */
export function myReplayHref(code: string, open: { round: number; pairId: string } | null = null): string {
  return `/review.html${reviewSearch({ code, mine: true, open })}`;
}

/**
 * Whether another page of this browser can open the student's replays: the token is stored. On a
 * shared computer it lives in this page's memory only, and the review page would ask for it.
 */
export function canOpenReplays(code: string): boolean {
  return !Session.shared && Session.replayToken(code) !== null;
}
