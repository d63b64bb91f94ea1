import { BankRefusalSchema, CheckBankResponseSchema, type BankRefusal, type CheckBankResponse } from '../../../shared/index';

/**
 * The class's concept-check bank over the HTTP API (issue 17; server/http/api.ts): which bank the
 * class's checks draw from, and loading the teacher's own file. A bank file can be far larger than
 * a game message may be, so it goes over HTTP with the host key, and the server checks it whole.
 */

export type BankLoad =
  | { ok: true; bank: CheckBankResponse }
  /** Refused by the server: every problem in both languages; nothing changed. */
  | { ok: false; errors: BankRefusal['errors'] }
  /** Not sent or not answered (no key, offline, an answer we cannot read). */
  | { ok: false; errors: null };

const path = (code: string) => `/api/classes/${encodeURIComponent(code)}/check-bank`;

/** The bank of class `code`, or null when it cannot be had (no key, refused, offline). */
export async function fetchCheckBank(code: string, hostKey: string | null, f: typeof fetch = fetch): Promise<CheckBankResponse | null> {
  if (!hostKey) return null;
  try {
    const res = await f(path(code), { headers: { authorization: `Bearer ${hostKey}`, accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) return null;
    const parsed = CheckBankResponseSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Send a bank file's text as the class's own bank. */
export async function loadCheckBank(code: string, hostKey: string | null, text: string, f: typeof fetch = fetch): Promise<BankLoad> {
  if (!hostKey) return { ok: false, errors: null };
  try {
    const res = await f(path(code), { method: 'PUT', headers: { authorization: `Bearer ${hostKey}`, 'content-type': 'application/json', accept: 'application/json' }, body: text, cache: 'no-store' });
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const bank = CheckBankResponseSchema.safeParse(body);
      return bank.success ? { ok: true, bank: bank.data } : { ok: false, errors: null };
    }
    const refusal = BankRefusalSchema.safeParse(body);
    return { ok: false, errors: refusal.success ? refusal.data.errors : null };
  } catch {
    return { ok: false, errors: null };
  }
}
