/**
 * Issue 12, item 1: one request once ended the process — an upgrade request whose `sessionId` held
 * a malformed percent escape (`%E0%A4%A`) made decodeURIComponent throw inside the upgrade check,
 * nothing caught it, and Colyseus shut everything down. Here the real server (`server/index.ts`,
 * as `npm start` runs it) gets that request, then requests from a grammar that puts malformed
 * escapes, bad UTF-8 and huge or repeated parameters in every path segment, query parameter,
 * header and cookie, as plain requests and as websocket upgrades. Every one must be answered (a
 * status, or the connection closed), none may be fatal, and the log may hold no stack trace.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteHost } from '../support/bots/remote-host';
import { Client } from 'colyseus.js';
import { BAD_ESCAPES, rawRequest, requestBytes, sendRaw } from './lib/http-grammar';
import { startGameServer, type Proc } from '../support/procs';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
let server: Proc & { port: number; url: string };

beforeAll(async () => {
  server = await startGameServer({ name: 'escapes' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const upgrade = (target: string) => Buffer.from(
  `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
  'latin1',
);

async function healthy(): Promise<void> {
  expect(server.running, server.output.slice(-2000)).toBe(true);
  const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
}

describe('requests that arrive before a message', () => {
  it('answers the upgrade request that once ended the process, and every bad escape in sessionId', async () => {
    const first = await sendRaw(server.port, upgrade('/any/path?sessionId=%E0%A4%A'));
    expect(first.answered).toBe(true);
    await healthy();
    for (const bad of BAD_ESCAPES) {
      for (const target of [`/any/path?sessionId=${bad}`, `/abc/DEF?sessionId=ok&sessionId=${bad}`, `/abc/${bad}?reconnectionToken=${bad}`]) {
        expect((await sendRaw(server.port, upgrade(target))).answered, target).toBe(true);
      }
    }
    await healthy();
  }, 60_000);

  it('answers malformed escapes in route parameters with a short 400 or 404, no stack, nothing echoed', async () => {
    for (const target of ['/api/classes/%/rounds', '/api/classes/%E0%A4%A/stats', '/api/classes/ABCDEFG/rounds/%/pairs/%FF/trace', '/api/my/rounds/%G1/pairs/x/trace', '/assets/%E0%A4%A']) {
      const r = await fetch(`${server.url}${target}`, { headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }, signal: AbortSignal.timeout(5000) });
      const body = await r.text();
      expect([400, 401, 403, 404], target).toContain(r.status);
      expect(body.length, target).toBeLessThan(200);
      expect(body, target).not.toMatch(/\bat |node_modules|\/work\/|URIError|%E0|%G1/);
    }
    await healthy();
  });

  it('survives a grammar of hostile requests in every path segment, query parameter, header and cookie', async () => {
    let n = 0;
    let unanswered = 0;
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(rawRequest, { minLength: 20, maxLength: 20 }), async (batch) => {
        const answers = await Promise.all(batch.map((r) => sendRaw(server.port, requestBytes(r, `127.0.0.1:${server.port}`))));
        for (const a of answers) {
          n += 1;
          if (!a.answered) unanswered += 1;
          const k = a.status === null ? 'closed' : String(a.status);
          statuses.set(k, (statuses.get(k) ?? 0) + 1);
        }
        expect(server.running, server.output.slice(-2000)).toBe(true);
      }),
      { seed: SEED, numRuns: 60 },
    );
    console.log(`escapes (seed ${SEED}): ${n} raw requests; answers ${[...statuses].sort().map(([k, v]) => `${k}×${v}`).join(', ')}; unanswered within 5 s: ${unanswered}`);
    expect(unanswered).toBe(0);
    await healthy();
    // The game still works: a class is created and a student joins it.
    const client = new Client(server.url);
    const host = await RemoteHost.create(client, server.url);
    const student = await client.joinById(host.code, { nickname: 'after-the-storm' });
    await student.leave();
    await host.leave();
    // No stack trace reached the log, and no uncaught error.
    expect(server.output).not.toMatch(/\n\s+at [^\n]+\(|uncaught/i);
  }, 180_000);
});
