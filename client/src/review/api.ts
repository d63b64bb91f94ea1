import { z } from 'zod';
import { RoundsResponseSchema, StatsResponseSchema, type RoundListing, type RoundsResponse, type StatsResponse } from '../../../shared/messages/review-api';

/**
 * The review API (server/http/api.ts), as the page uses it. The host's routes take the class's
 * host key, a student's routes take their replay token, both as `Authorization: Bearer …`.
 * Responses are checked with the API's zod schemas (shared/messages/review-api.ts), so a server
 * change shows as a clear error.
 */
export type Access = { kind: 'host'; code: string; key: string } | { kind: 'student'; code: string; token: string };

/** Why a request failed: `auth` (401/403) is shown as an access message and nothing else. */
export class ApiError extends Error {
  constructor(readonly reason: 'auth' | 'not-found' | 'http' | 'network' | 'data', readonly status = 0, message: string = reason) {
    super(message);
  }
}

/** A pair's round as the listing shows it. */
export type RoundSummary = RoundListing;
export { type StatsResponse } from '../../../shared/messages/review-api';

/** The token this page sends for an access. */
export function bearerOf(a: Access): string {
  return a.kind === 'host' ? a.key : a.token;
}

type Fetch = typeof fetch;

async function get(a: Access, path: string, f: Fetch): Promise<Response> {
  let res: Response;
  try {
    res = await f(path, { headers: { authorization: `Bearer ${bearerOf(a)}`, accept: 'application/json, text/csv' }, cache: 'no-store' });
  } catch (e) {
    throw new ApiError('network', 0, e instanceof Error ? e.message : String(e));
  }
  if (res.status === 401 || res.status === 403) throw new ApiError('auth', res.status);
  if (res.status === 404) throw new ApiError('not-found', 404);
  if (!res.ok) throw new ApiError('http', res.status);
  return res;
}

async function json<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError('data', res.status, 'not JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError('data', res.status, parsed.error.issues[0]?.message ?? 'unexpected data');
  return parsed.data;
}

const enc = encodeURIComponent;

export function roundsPath(a: Access): string {
  return a.kind === 'host' ? `/api/classes/${enc(a.code)}/rounds` : '/api/my/rounds';
}

export function tracePath(a: Access, round: number, pairId: string): string {
  const tail = `rounds/${enc(String(round))}/pairs/${enc(pairId)}/trace`;
  return a.kind === 'host' ? `/api/classes/${enc(a.code)}/${tail}` : `/api/my/${tail}`;
}

export function listRounds(a: Access, f: Fetch = fetch): Promise<RoundsResponse> {
  return get(a, roundsPath(a), f).then((r) => json(r, RoundsResponseSchema));
}

/** A recorded trace, unparsed: the page judges it with checkTrace, as it does an imported one. */
export async function fetchTrace(a: Access, round: number, pairId: string, f: Fetch = fetch): Promise<unknown> {
  return json(await get(a, tracePath(a, round, pairId), f), z.unknown());
}

export async function fetchStats(a: Access & { kind: 'host' }, f: Fetch = fetch): Promise<StatsResponse> {
  return json(await get(a, `/api/classes/${enc(a.code)}/stats`, f), StatsResponseSchema);
}

export async function fetchCsv(a: Access & { kind: 'host' }, f: Fetch = fetch): Promise<Blob> {
  return (await get(a, `/api/classes/${enc(a.code)}/export.csv`, f)).blob();
}
