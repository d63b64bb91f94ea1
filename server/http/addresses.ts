/**
 * The addresses students can open the game at (the join link and QR code are built from one of
 * them): `PUBLIC_URL` when it is set, then this machine's network addresses with the port, and
 * `localhost` only when there is nothing else. Pure: the network interfaces are given (the server
 * passes `os.networkInterfaces()`), so every rule here is tested without a network.
 */

/** Where an address comes from: `PUBLIC_URL`, one of this machine's network interfaces, or loopback. */
export type AddressKind = 'public' | 'lan' | 'loopback';

export interface JoinAddress {
  /** The site as students open it, without a trailing slash (`http://192.168.1.20:2567`). */
  url: string;
  kind: AddressKind;
  /** Only this machine can open it: phones and other computers cannot. */
  loopback: boolean;
}

/** One address of a network interface, as `os.networkInterfaces()` lists it. */
export interface InterfaceAddress {
  address: string;
  family: 'IPv4' | 'IPv6' | 4 | 6;
  internal: boolean;
}

export type Interfaces = Record<string, readonly InterfaceAddress[] | undefined>;

/**
 * Check `PUBLIC_URL`: an absolute http or https URL without a user name, password, query or
 * fragment (a path is kept, for a server behind a reverse proxy under a folder). Returns the URL
 * without its trailing slash, or why it cannot be used.
 */
export function parsePublicUrl(raw: string): { url: string } | { error: string } {
  const text = raw.trim();
  const notUrl = { error: `PUBLIC_URL must be a full address starting with http:// or https:// (e.g. http://192.168.1.20:2567), not "${text.slice(0, 80)}"` };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return notUrl;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !/^https?:\/\//i.test(text)) return notUrl;
  if (u.username || u.password) return { error: 'PUBLIC_URL must not carry a user name or password' };
  if (u.search || u.hash || text.includes('?') || text.includes('#')) return { error: 'PUBLIC_URL must not carry a query (?) or fragment (#)' };
  return { url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

const isV4 = (a: InterfaceAddress) => a.family === 'IPv4' || a.family === 4;

/** A loopback host name or address (`localhost`, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
}

/**
 * An IPv6 address a browser can open: global unicast (2000::/3) and unique local (fc00::/7). Not
 * link-local (fe80::/10, whose zone id no browser takes in a URL), loopback or mapped IPv4.
 */
function usableV6(address: string): boolean {
  const a = address.toLowerCase();
  return /^[23][0-9a-f]{0,3}:/.test(a) || /^f[cd][0-9a-f]{0,2}:/.test(a);
}

/**
 * Interfaces that are usually not the classroom's network: containers, virtual machines' host-only
 * networks and VPN tunnels. Their addresses are listed after the others.
 */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|podman|tun|tap|utun|wg|zt|tailscale)/i;

/** The URL of `address` (IPv6 in brackets) on `port`. */
function urlOf(address: string, family: 'IPv4' | 'IPv6', port: number): string {
  return family === 'IPv6' ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

export interface AddressOptions {
  /** The interfaces of this machine (`os.networkInterfaces()`). */
  interfaces: Interfaces;
  port: number;
  /**
   * The address the server listens on (`HOST`): `0.0.0.0` (every IPv4 address), `::` (every
   * address, IPv4 and IPv6), a loopback address (this machine only) or one address (that one).
   */
  host: string;
  /** `PUBLIC_URL`, already checked by parsePublicUrl. */
  publicUrl?: string;
}

/**
 * Every URL students can use, best first: `PUBLIC_URL`, then IPv4 addresses of real interfaces,
 * then their IPv6 addresses (when listening on `::`), then those of virtual interfaces (containers,
 * VPNs); `http://localhost:PORT` (loopback) only when the list would otherwise be empty.
 */
export function joinAddresses(o: AddressOptions): JoinAddress[] {
  const out: JoinAddress[] = [];
  const add = (url: string, kind: AddressKind) => {
    if (!out.some((a) => a.url === url)) out.push({ url, kind, loopback: kind === 'loopback' });
  };
  if (o.publicUrl) add(o.publicUrl, isLoopbackHost(new URL(o.publicUrl).hostname) ? 'loopback' : 'public');
  const host = o.host.trim().replace(/^\[|\]$/g, '');
  const every = host === '' || host === '0.0.0.0' || host === '::';
  if (every) {
    const found: { url: string; rank: number }[] = [];
    for (const [name, list] of Object.entries(o.interfaces)) {
      for (const a of list ?? []) {
        if (a.internal || isLoopbackHost(a.address)) continue;
        const v4 = isV4(a);
        // `0.0.0.0` is IPv4 only; `::` (or no host) takes IPv6 too.
        if (!v4 && (host === '0.0.0.0' || !usableV6(a.address))) continue;
        found.push({ url: urlOf(a.address, v4 ? 'IPv4' : 'IPv6', o.port), rank: (VIRTUAL.test(name) ? 2 : 0) + (v4 ? 0 : 1) });
      }
    }
    // A stable sort: the system's order within a rank.
    for (const f of found.sort((a, b) => a.rank - b.rank)) add(f.url, 'lan');
  } else if (!isLoopbackHost(host)) {
    add(urlOf(host, host.includes(':') ? 'IPv6' : 'IPv4', o.port), 'lan');
  }
  // A public URL that is itself loopback counts as nothing: fall back to the interfaces first.
  if (out.some((a) => !a.loopback)) return out.filter((a) => !a.loopback);
  if (out.length === 0) add(`http://localhost:${o.port}`, 'loopback');
  return out;
}
