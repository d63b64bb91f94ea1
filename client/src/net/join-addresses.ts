import { AddressesResponseSchema, type JoinAddressInfo } from '../../../shared/messages/review-api';

/**
 * The addresses a class's join link and QR code may use: the server's answer
 * (`GET /api/classes/:code/addresses`, host key; server/http/addresses.ts), and which one the
 * teacher picked (kept in localStorage per class, so the projector tab shows the same).
 */
export type { JoinAddressInfo } from '../../../shared/messages/review-api';

export const JOIN_ADDRESS_PREFIX = 'synack.joinAddress.';

const LOOPBACK = /^(localhost|.*\.localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|\[::ffff:127\..*\])$/i;

/** Whether only this computer can open `url` (localhost, 127/8, ::1). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The page's own origin as an address (when the server's answer is not to be had). */
export function ownAddress(origin: string): JoinAddressInfo {
  const loopback = isLoopbackUrl(origin);
  return { url: origin, kind: loopback ? 'loopback' : 'lan', loopback };
}

/**
 * The server's addresses with this page's own: a page opened at an address students can reach
 * (a reverse proxy's name, a host name on the network) that the server does not know of is offered
 * too — last, or alone when the server knows only loopback (it listens behind the proxy).
 */
export function withOwnAddress(server: readonly JoinAddressInfo[], origin: string): JoinAddressInfo[] {
  const own = ownAddress(origin);
  if (own.loopback || server.some((a) => a.url === own.url)) return [...server];
  return server.every((a) => a.loopback) ? [own] : [...server, own];
}

/** The address to show: the one picked before when the server still lists it, else the server's first. */
export function pickAddress(list: readonly JoinAddressInfo[], saved: string | null): JoinAddressInfo | undefined {
  return list.find((a) => a.url === saved) ?? list[0];
}

/** The server's addresses for class `code` (host key), or null when it cannot say (no key, refused, offline). */
export async function fetchJoinAddresses(code: string, hostKey: string | null, f: typeof fetch = fetch): Promise<JoinAddressInfo[] | null> {
  if (!hostKey) return null;
  try {
    const res = await f(`/api/classes/${encodeURIComponent(code)}/addresses`, { headers: { authorization: `Bearer ${hostKey}`, accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) return null;
    const parsed = AddressesResponseSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.urls : null;
  } catch {
    return null;
  }
}

const local = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/** The address the teacher picked for class `code` (null: the server's first). */
export function savedAddress(code: string): string | null {
  try {
    return local()?.getItem(`${JOIN_ADDRESS_PREFIX}${code}`) ?? null;
  } catch {
    return null;
  }
}

export function saveAddress(code: string, url: string): void {
  try {
    local()?.setItem(`${JOIN_ADDRESS_PREFIX}${code}`, url);
  } catch {
    /* not kept: this tab still shows it */
  }
}
