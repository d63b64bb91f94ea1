import { describe, expect, it } from 'vitest';
import { isLoopbackHost, joinAddresses, parsePublicUrl, type Interfaces } from '../../../server/http/addresses';

/*
 * Which URLs the join link may use (server/http/addresses.ts): the interfaces are given as
 * os.networkInterfaces() lists them, so every rule is checked without a network.
 */

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4' as const, internal });
const v6 = (address: string, internal = false) => ({ address, family: 'IPv6' as const, internal });

/** A teacher's laptop: loopback, Wi-Fi with IPv4, a global and a link-local IPv6, and Docker's bridge. */
const LAPTOP: Interfaces = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  docker0: [v4('172.17.0.1')],
  wlan0: [v4('192.168.1.20'), v6('fe80::1c2b:3dff:fe4e:5f60'), v6('2001:db8::20')],
};
const urls = (list: { url: string }[]) => list.map((a) => a.url);

describe('parsePublicUrl', () => {
  it('takes http and https URLs, with a port or a path, and drops the trailing slash', () => {
    expect(parsePublicUrl('https://synack.example.edu/')).toEqual({ url: 'https://synack.example.edu' });
    expect(parsePublicUrl(' http://192.168.1.20:2567 ')).toEqual({ url: 'http://192.168.1.20:2567' });
    expect(parsePublicUrl('https://school.example/synack/')).toEqual({ url: 'https://school.example/synack' });
    expect(parsePublicUrl('HTTP://Class.Example:80')).toEqual({ url: 'http://class.example' });
  });

  it('refuses what is not an http(s) address, with the reason', () => {
    for (const bad of ['', '192.168.1.20:2567', 'synack.example.edu', 'ftp://x.example', 'javascript:alert(1)', 'ws://x.example:2567',
      'https://user:pw@x.example', 'https://x.example/?a=1', 'https://x.example/#top', 'https://x.example/?']) {
      const r = parsePublicUrl(bad);
      expect('error' in r, bad).toBe(true);
      if ('error' in r) expect(r.error).toMatch(/PUBLIC_URL/);
    }
  });
});

describe('joinAddresses', () => {
  it('lists the IPv4 addresses of real interfaces first, then virtual ones; no loopback, no IPv6 on 0.0.0.0', () => {
    const list = joinAddresses({ interfaces: LAPTOP, port: 2567, host: '0.0.0.0' });
    expect(urls(list)).toEqual(['http://192.168.1.20:2567', 'http://172.17.0.1:2567']);
    expect(list.every((a) => a.kind === 'lan' && !a.loopback)).toBe(true);
  });

  it('on :: adds the usable IPv6 addresses in brackets (not link-local), after the IPv4 of the same kind', () => {
    const list = joinAddresses({ interfaces: LAPTOP, port: 8080, host: '::' });
    expect(urls(list)).toEqual(['http://192.168.1.20:8080', 'http://[2001:db8::20]:8080', 'http://172.17.0.1:8080']);
    const ula = joinAddresses({ interfaces: { eth0: [v6('fd12:3456::7')] }, port: 1, host: '::' });
    expect(urls(ula)).toEqual(['http://[fd12:3456::7]:1']);
  });

  it('puts PUBLIC_URL first, then the network addresses', () => {
    const list = joinAddresses({ interfaces: LAPTOP, port: 2567, host: '0.0.0.0', publicUrl: 'https://synack.example.edu' });
    expect(list[0]).toEqual({ url: 'https://synack.example.edu', kind: 'public', loopback: false });
    expect(urls(list).slice(1)).toEqual(['http://192.168.1.20:2567', 'http://172.17.0.1:2567']);
  });

  it('does not list a PUBLIC_URL twice when it is also a network address', () => {
    const list = joinAddresses({ interfaces: LAPTOP, port: 2567, host: '0.0.0.0', publicUrl: 'http://192.168.1.20:2567' });
    expect(list.map((a) => [a.url, a.kind])).toEqual([['http://192.168.1.20:2567', 'public'], ['http://172.17.0.1:2567', 'lan']]);
  });

  it('gives loopback only when nothing else exists, and marks it', () => {
    const alone = joinAddresses({ interfaces: { lo: [v4('127.0.0.1', true), v6('::1', true)] }, port: 2567, host: '0.0.0.0' });
    expect(alone).toEqual([{ url: 'http://localhost:2567', kind: 'loopback', loopback: true }]);
    expect(joinAddresses({ interfaces: {}, port: 9, host: '::' })).toEqual([{ url: 'http://localhost:9', kind: 'loopback', loopback: true }]);
  });

  it('listening on loopback only, lists only loopback (the network addresses would not answer) unless PUBLIC_URL is set', () => {
    expect(joinAddresses({ interfaces: LAPTOP, port: 2567, host: '127.0.0.1' })).toEqual([{ url: 'http://localhost:2567', kind: 'loopback', loopback: true }]);
    expect(joinAddresses({ interfaces: LAPTOP, port: 2567, host: 'localhost', publicUrl: 'https://proxy.example' }))
      .toEqual([{ url: 'https://proxy.example', kind: 'public', loopback: false }]);
  });

  it('listening on one address lists that address', () => {
    expect(urls(joinAddresses({ interfaces: LAPTOP, port: 2567, host: '192.168.1.20' }))).toEqual(['http://192.168.1.20:2567']);
    expect(urls(joinAddresses({ interfaces: LAPTOP, port: 2567, host: '2001:db8::20' }))).toEqual(['http://[2001:db8::20]:2567']);
  });

  it('a PUBLIC_URL on loopback gives way to the network addresses, and stands alone as loopback without them', () => {
    expect(urls(joinAddresses({ interfaces: LAPTOP, port: 2567, host: '0.0.0.0', publicUrl: 'http://localhost:2567' })))
      .toEqual(['http://192.168.1.20:2567', 'http://172.17.0.1:2567']);
    expect(joinAddresses({ interfaces: {}, port: 2567, host: '0.0.0.0', publicUrl: 'http://127.0.0.1:3000' }))
      .toEqual([{ url: 'http://127.0.0.1:3000', kind: 'loopback', loopback: true }]);
  });

  it('skips interfaces os.networkInterfaces() lists as internal or without addresses, and takes numeric families', () => {
    const list = joinAddresses({ interfaces: { eth0: undefined, lo0: [v4('10.0.0.5', true)], en0: [{ address: '10.1.2.3', family: 4, internal: false }] }, port: 80, host: '0.0.0.0' });
    expect(urls(list)).toEqual(['http://10.1.2.3:80']);
  });
});

describe('isLoopbackHost', () => {
  it('knows localhost, 127/8 and ::1, and nothing else', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['192.168.1.20', '0.0.0.0', 'synack.example.edu', '::', '2001:db8::1', 'localhost.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
