import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, ownAddress, pickAddress, withOwnAddress, type JoinAddressInfo } from '../../client/src/net/join-addresses';

/* Which address the join link uses (client/src/net/join-addresses.ts), given the server's list and this page's origin. */

const PUBLIC: JoinAddressInfo = { url: 'https://synack.example.edu', kind: 'public', loopback: false };
const LAN: JoinAddressInfo = { url: 'http://192.168.1.20:2567', kind: 'lan', loopback: false };
const LOOP: JoinAddressInfo = { url: 'http://localhost:2567', kind: 'loopback', loopback: true };

describe('the join address in the page', () => {
  it('knows a loopback URL', () => {
    for (const u of ['http://localhost:2567', 'http://127.0.0.1:5173', 'http://[::1]:2567', 'http://app.localhost']) expect(isLoopbackUrl(u), u).toBe(true);
    for (const u of ['http://192.168.1.20:2567', 'https://synack.example.edu', 'http://[2001:db8::1]:80', 'not a url']) expect(isLoopbackUrl(u), u).toBe(false);
    expect(ownAddress('http://127.0.0.1:2567')).toEqual({ url: 'http://127.0.0.1:2567', kind: 'loopback', loopback: true });
  });

  it('shows the address picked before while the server still lists it, else the server\'s first', () => {
    expect(pickAddress([PUBLIC, LAN], null)).toEqual(PUBLIC);
    expect(pickAddress([PUBLIC, LAN], LAN.url)).toEqual(LAN);
    expect(pickAddress([PUBLIC, LAN], 'http://10.0.0.9:2567')).toEqual(PUBLIC);
    expect(pickAddress([], null)).toBeUndefined();
  });

  it('offers the page\'s own address when students could reach it and the server does not list it', () => {
    // Opened on loopback, or at an address the server lists: the server's list as it is.
    expect(withOwnAddress([PUBLIC, LAN], 'http://127.0.0.1:2567')).toEqual([PUBLIC, LAN]);
    expect(withOwnAddress([PUBLIC, LAN], LAN.url)).toEqual([PUBLIC, LAN]);
    expect(withOwnAddress([LOOP], 'http://localhost:2567')).toEqual([LOOP]);
    // Opened by a name on the network: offered last.
    expect(withOwnAddress([LAN], 'http://teacher-pc.local:2567')).toEqual([LAN, { url: 'http://teacher-pc.local:2567', kind: 'lan', loopback: false }]);
    // Behind a reverse proxy (the server knows only loopback): the page's address alone, no warning.
    expect(withOwnAddress([LOOP], 'https://synack.school.example')).toEqual([{ url: 'https://synack.school.example', kind: 'lan', loopback: false }]);
  });
});
