import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The SHA-256 of a secret (a host key, a replay token), hex: all the server stores of one, and
 * what the review API looks a bearer key up by (SECURITY.md).
 */
export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `secret` hashes to `hash` (hex), compared in constant time. */
export function keyMatches(secret: string, hash: string): boolean {
  const given = Buffer.from(hashKey(secret), 'hex');
  const want = Buffer.from(hash, 'hex');
  return given.length === want.length && timingSafeEqual(given, want);
}
