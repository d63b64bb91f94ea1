import { Client } from 'colyseus.js';
import { describe, expect } from 'vitest';
import { startApp } from '../../server/app';
import { AddressesResponseSchema, ApiErrorSchema } from '../../shared/index';
import type { Welcome } from '../../shared/index';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { serverTest, startTestServer } from './helpers';

/*
 * GET /api/classes/:code/addresses: the URLs the dashboard builds the join link and QR code from.
 * A real server with PUBLIC_URL and a Wi-Fi interface given to it (the server itself listens on
 * loopback only), and one with nothing but loopback.
 */

const it = serverTest({
  publicUrl: 'https://synack.example.edu/',
  networkInterfaces: () => ({
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    wlan0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }],
  }),
});
const openHost = (url: string) => RemoteHost.create(new Client(url), url);
const get = (url: string, key: string | null) => fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe('the join addresses', () => {
  it('are PUBLIC_URL first, then the network address with the port; never loopback when another exists', async ({ app }) => {
    const host = await openHost(app.url);
    const res = await get(`${app.url}/api/classes/${host.code}/addresses`, host.hostKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = AddressesResponseSchema.parse(await res.json());
    expect(body.urls).toEqual([
      { url: 'https://synack.example.edu', kind: 'public', loopback: false },
      { url: `http://192.168.1.20:${app.port}`, kind: 'lan', loopback: false },
    ]);
    expect(app.addresses()).toEqual(body.urls);
    await host.leave();
  });

  it('are for the class host only: 401 without a key, 403 with a student\'s replay token, another class\'s key or for an unknown class', async ({ app }) => {
    const a = await openHost(app.url);
    const b = await openHost(app.url);
    const student = await RemoteBot.join(new Client(app.url), a.code, { nickname: 'Ada', seed: 1 });
    const replayToken = student.inbox.all<Welcome>('welcome')[0]?.replayToken ?? '';
    expect(replayToken).not.toBe('');
    const path = `${app.url}/api/classes/${a.code}/addresses`;
    const none = await get(path, null);
    expect(none.status).toBe(401);
    ApiErrorSchema.parse(await none.json());
    expect((await get(path, replayToken)).status).toBe(403);
    const other = await get(path, b.hostKey);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'forbidden' });
    expect((await get(`${app.url}/api/classes/ZZZZZZZ/addresses`, a.hostKey)).status).toBe(403);
    expect((await get(`${app.url}/api/classes/${b.code}/addresses`, b.hostKey)).status).toBe(200);
    await Promise.all([student.leave(), a.leave(), b.leave()]);
  });

  it('count against the key\'s rate limit like every API request', async () => {
    const app = await startTestServer({ apiLimits: { perKey: { burst: 3, perSecond: 0.01 } } });
    try {
      const host = await RemoteHost.create(new Client(app.url), app.url);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await get(`${app.url}/api/classes/${host.code}/addresses`, host.hostKey)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      await host.leave();
    } finally {
      await app.close();
    }
  });

  it('are loopback alone, and marked so, on a server that listens on loopback only', async () => {
    const app = await startTestServer();
    try {
      const host = await RemoteHost.create(new Client(app.url), app.url);
      const res = await get(`${app.url}/api/classes/${host.code}/addresses`, host.hostKey);
      expect(AddressesResponseSchema.parse(await res.json()).urls).toEqual([{ url: `http://localhost:${app.port}`, kind: 'loopback', loopback: true }]);
      await host.leave();
    } finally {
      await app.close();
    }
  });

  it('startApp refuses a PUBLIC_URL that is not an http(s) address, saying why', async () => {
    await expect(startApp({ port: 0, publicUrl: 'synack.example.edu:2567', log: () => undefined })).rejects.toThrow(/PUBLIC_URL must be a full address starting with http:\/\/ or https:\/\/.*synack\.example\.edu:2567/);
    await expect(startApp({ port: 0, publicUrl: 'ftp://synack.example.edu', log: () => undefined })).rejects.toThrow(/PUBLIC_URL must be a full address/);
  });
});
