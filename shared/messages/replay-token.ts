/**
 * A replay token with its end written in it: `<random>.<end, seconds since 1970, base 36>`. The
 * server stores only the hash of the whole token, so the end cannot be changed; the browser reads
 * the end to drop tokens that no longer open anything. One definition for both. Pure.
 */
export function newReplayToken(random: string, nowMs: number, days: number): string {
  return `${random}.${Math.floor(nowMs / 1000 + days * 86_400).toString(36)}`;
}

/**
 * When a replay token stops opening replays, in ms since 1970; null for a token without an end
 * (one from before tokens ended), 0 for an end that does not read as a number (taken as passed).
 */
export function replayTokenExpiry(token: string): number | null {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return null;
  const end = parseInt(token.slice(dot + 1), 36);
  return Number.isFinite(end) ? end * 1000 : 0;
}

/** Whether a replay token's written end has passed (a token without one never ends). */
export function replayTokenExpired(token: string, nowMs: number): boolean {
  const end = replayTokenExpiry(token);
  return end !== null && end <= nowMs;
}
