import { ERROR_TEXT, type ErrorCode } from '../../../shared/index';
import type { Lang } from '../i18n/ui';

/** Why joining (or creating, or reconnecting) failed: a server error code with its texts, or a local reason. */
export type JoinFailure =
  | { code: ErrorCode; text: Record<Lang, string> }
  | { code: 'network' }
  | { code: 'unknown'; message: string };

const ROOM_NOT_FOUND = 4212;

/**
 * Read a refusal from colyseus.js. The room refuses a join with a message that is a JSON string
 * `{"code", "en", "zh-CN"}`; the matchmaker answers an unknown room id with code 4212; a fetch that
 * never reached the server is a network failure.
 */
export function parseJoinError(e: unknown): JoinFailure {
  const err = e as { message?: unknown; code?: unknown; name?: unknown } | null;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  try {
    const parsed = JSON.parse(message) as { code?: unknown; en?: unknown; 'zh-CN'?: unknown };
    if (typeof parsed.code === 'string' && parsed.code in ERROR_TEXT) {
      const code = parsed.code as ErrorCode;
      const text = typeof parsed.en === 'string' && typeof parsed['zh-CN'] === 'string' ? { en: parsed.en, 'zh-CN': parsed['zh-CN'] } : ERROR_TEXT[code];
      return { code, text };
    }
  } catch {
    /* not JSON: look at the code instead */
  }
  if (err?.code === ROOM_NOT_FOUND || /not found|invalid room/i.test(message)) return { code: 'bad-code', text: ERROR_TEXT['bad-code'] };
  if (err?.name === 'TypeError' || /fetch|network|ECONNREFUSED|offline/i.test(message)) return { code: 'network' };
  return { code: 'unknown', message: message.slice(0, 200) };
}
