/**
 * Issue 7, item 3, with the defaults (no ALLOWED_ORIGINS, the shipped limits): an anonymous
 * script guessing class codes is stopped after its address's budget (which a class of 60 behind
 * one address never reaches: impostors.test.ts), a browser flooding the matchmaker after its own
 * budget, and any Origin is answered when no allowlist is set.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'colyseus.js';
import { describe, expect } from 'vitest';
import { RemoteHost } from '../support/bots/remote-host';
import { CLASS_CODE_ALPHABET } from '../../shared/index';
import { serverTest } from '../server/helpers';
import { browserCookie, matchmake, refusalCode } from './lib/raw';

const it = serverTest();

const EVIL = 'http://evil.example';

const randomCode = () => Array.from(randomBytes(7), (b) => CLASS_CODE_ALPHABET[b % CLASS_CODE_ALPHABET.length]).join('');

describe('limits with the defaults (issue 7 item 3)', () => {
  it('without ALLOWED_ORIGINS, answers any Origin (the documented default)', async ({ app }) => {
      const host = await RemoteHost.create(new Client(app.url), app.url);
      const evil = await new Client(app.url, { headers: { origin: EVIL } }).joinById(host.code, { nickname: 'anywhere' });
      const pre = await fetch(`${app.url}/matchmake/joinById/${host.code}`, { method: 'OPTIONS', headers: { origin: EVIL } });
      expect(pre.headers.get('access-control-allow-origin')).toBe(EVIL);
      await evil.leave();
      await host.leave();
  });

  it('lets anonymous clients of one address hold at most 120 unused seat reservations (more than a class joining at once)', async ({ app }) => {
    const host = await RemoteHost.create(new Client(app.url, { headers: { cookie: await browserCookie(app.url) } }), app.url);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 130; i++) statuses.push((await matchmake(app.url, 'joinById', host.code, { nickname: `seat-${i}` }, {}, '127.0.0.3')).status);
      expect(statuses.filter((x) => x === 200).length).toBe(120);
      expect(statuses.slice(120).every((x) => x === 429)).toBe(true);
    } finally {
      await host.leave();
    }
  });
  it('stops an anonymous guessing script after its address budget, and a browser flooding the matchmaker after its own', async ({ app }) => {
    
      let tries = 0;
      let status = 0;
      while (tries < 500) {
        tries += 1;
        const r = await matchmake(app.url, 'joinById', randomCode(), { nickname: 'g' }, {}, '127.0.0.2');
        status = r.status;
        if (r.status === 429) {
          expect(refusalCode(r.body)).toBe('too-many-attempts');
          break;
        }
        expect(r.body.code).toBe(4212);
      }
      expect(status).toBe(429);
      expect(tries).toBeGreaterThan(100);
      expect(tries).toBeLessThan(120);
      console.log(`limits: an anonymous guessing script was stopped after ${tries - 1} wrong codes`);
      // Another address (another school) is not affected.
      expect((await matchmake(app.url, 'joinById', randomCode(), { nickname: 'g' }, {}, '127.0.0.4')).body.code).toBe(4212);
      // A browser's requests: 30 at once, then one a second (whatever they ask).
      const cookie = await browserCookie(app.url);
      let answered = 0;
      let refused: string | undefined;
      for (let i = 0; i < 60 && !refused; i++) {
        const r = await matchmake(app.url, 'create', 'class', 'null', { cookie });
        if (r.status === 429) refused = refusalCode(r.body);
        else answered += 1;
      }
      expect(refused).toBe('too-many-requests');
      expect(answered).toBeGreaterThanOrEqual(30);
      expect(answered).toBeLessThan(35);
  });

});
