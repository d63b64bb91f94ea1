import { ERROR_TEXT, type ErrorCode } from '../../../shared/index';
import { getLang, t, type Lang } from '../i18n/ui';
import type { JoinFailure } from '../net/join-error';

/** A refusal as the student reads it, in the current language. */
export function failureText(f: JoinFailure): string {
  if (f.code === 'network') return t('err.network');
  if (f.code === 'unknown') return t('err.unknown', { message: f.message });
  return f.text[getLang()];
}

/** A server error code as text (server texts come in both languages). */
export function codeText(code: ErrorCode, text?: Record<Lang, string>): string {
  return (text ?? ERROR_TEXT[code])[getLang()];
}
