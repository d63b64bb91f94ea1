/**
 * The student page on a throttled phone: headless Chromium (through playwright-core) with the
 * network and CPU slowed through the Chrome DevTools Protocol, a 390×844 viewport and a cold cache
 * (a fresh context per run). A host (colyseus.js in this process) opens a class for each run; the
 * page joins it by its link, waits in the lobby as a student does while the class gathers, and the
 * host starts a round (the student plays against the server's bot).
 */
import { existsSync } from 'node:fs';
import { Client } from 'colyseus.js';
import type { Page } from 'playwright-core';
import { RemoteHost } from '../../tests/support/bots/remote-host';
import { median, round, sleep, withTimeout } from './stats';

/** The phone: a slow mobile network (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and a CPU 4× slower. */
export const PHONE = {
  downloadBitsPerS: 1_600_000,
  uploadBitsPerS: 750_000,
  latencyMs: 150,
  cpuSlowdown: 4,
  viewport: { width: 390, height: 844 },
} as const;

export interface PhoneSample {
  /** Navigation start → the join form can be submitted. */
  usable: number;
  /** Submit → the lobby is shown. */
  seated: number | null;
  /** The host's start of the round → the composer's buttons can be pressed. */
  composer: number | null;
  /** The host's start of the round → the round scene has drawn its first frame. */
  scene: number | null;
  /** Bytes of JavaScript the page received before it was usable (on the wire: after compression, headers included). */
  initialJsBytes: number;
  /** Bytes of JavaScript received in all, once the scene was drawn. */
  allJsBytes: number | null;
}

export interface PhoneTiming {
  runs: number;
  network: string;
  lobby_wait_ms: number;
  phone_usable_ms: number | null;
  phone_seated_ms: number | null;
  phone_round_composer_ms: number | null;
  phone_round_scene_ms: number | null;
  phone_initial_js_bytes: number | null;
  phone_all_js_bytes: number | null;
  samples: PhoneSample[];
  error?: string;
}

/**
 * In the page from its first script on: when the join form can be submitted, and — once the bench
 * arms it at the round's start — when the composer can be used and when the scene has drawn
 * (`data-scene="drawn"` on its box, set after Phaser's first frame with the scene in it).
 * Wall-clock times (Date.now) for the round: the host's start is taken in the bench process.
 */
const PROBE = `(() => {
  const jsBytes = () => performance.getEntriesByType('resource')
    .filter((e) => /\\.js(\\?|$)/.test(e.name))
    .reduce((n, e) => n + (e.transferSize || 0), 0);
  const check = () => {
    const b = document.querySelector('[data-testid="join-submit"]');
    if (window.__usableAt === undefined && b && !b.disabled && b.isConnected) {
      window.__usableAt = performance.now();
      window.__initialJs = jsBytes();
    }
    if (!window.__armed) return;
    const syn = document.querySelector('[data-testid="flag-SYN"]');
    if (window.__composerAt === undefined && syn && !syn.disabled && syn.checkVisibility && syn.checkVisibility()) window.__composerAt = Date.now();
    if (window.__sceneAt === undefined && document.querySelector('[data-scene="drawn"]')) {
      window.__sceneAt = Date.now();
      window.__allJs = jsBytes();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  window.__check = check;
})();`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const empty = (runs: number, lobbyMs: number, samples: PhoneSample[], error?: string): PhoneTiming => ({
  runs,
  network: networkLabel(),
  lobby_wait_ms: lobbyMs,
  phone_usable_ms: null,
  phone_seated_ms: null,
  phone_round_composer_ms: null,
  phone_round_scene_ms: null,
  phone_initial_js_bytes: null,
  phone_all_js_bytes: null,
  samples,
  ...(error ? { error } : {}),
});

function networkLabel(): string {
  return `${PHONE.downloadBitsPerS / 1e6} Mbit/s down, ${PHONE.uploadBitsPerS / 1e3} kbit/s up, ${PHONE.latencyMs} ms RTT, CPU ×${PHONE.cpuSlowdown}, ${PHONE.viewport.width}×${PHONE.viewport.height}`;
}

/** Poll an expression in the page (through the DevTools protocol, which the page's CSP does not limit) until it is true. */
async function until(page: Page, expr: string, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await page.evaluate(expr)) === true) return;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const numbers = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
const med = (xs: (number | null)[], digits = 0) => {
  const n = numbers(xs);
  return n.length ? round(median(n), digits) : null;
};

/**
 * `runs` first visits on the throttled phone. `lobbyMs`: how long the student waits in the lobby
 * before the host starts the round (a class gathering; the page may use it to fetch the scene).
 */
export async function phoneTiming(baseUrl: string, runs: number, lobbyMs: number, log: (line: string) => void): Promise<PhoneTiming> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return empty(0, lobbyMs, [], `no Chromium at ${executablePath}`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  const samples: PhoneSample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const host = await withTimeout(RemoteHost.create(new Client(baseUrl), baseUrl), 20_000, 'create class');
      const context = await browser.newContext({ viewport: PHONE.viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: PHONE.latencyMs,
          downloadThroughput: PHONE.downloadBitsPerS / 8,
          uploadThroughput: PHONE.uploadBitsPerS / 8,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
        await page.addInitScript({ content: PROBE });
        await page.goto(`${baseUrl}/?code=${host.code}`, { waitUntil: 'commit', timeout: 60_000 });
        await until(page, 'window.__usableAt !== undefined', 60_000, 'join form usable');
        const landing = (await page.evaluate('({ usable: window.__usableAt, js: window.__initialJs })')) as { usable: number; js: number };
        await page.fill('[data-testid="join-nickname"]', `phone${i + 1}`);
        const t0 = (await page.evaluate('performance.now()')) as number;
        await page.click('[data-testid="join-submit"]');
        await page.waitForSelector('[data-testid="lobby-welcome"]', { timeout: 30_000 });
        const seated = ((await page.evaluate('performance.now()')) as number) - t0;
        // The class gathers: the student waits in the lobby.
        await sleep(lobbyMs);
        await page.evaluate('window.__armed = true; window.__check()');
        const start = Date.now();
        await withTimeout(host.startRound(), 20_000, 'start round');
        let composer: number | null = null;
        let scene: number | null = null;
        let allJs: number | null = null;
        try {
          await until(page, 'window.__composerAt !== undefined && window.__sceneAt !== undefined', 60_000, 'composer and scene');
        } catch (e) {
          log(`phone: the round did not show in time: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
        const r = (await page.evaluate('({ composer: window.__composerAt, scene: window.__sceneAt, js: window.__allJs })')) as { composer?: number; scene?: number; js?: number };
        if (r.composer !== undefined) composer = r.composer - start;
        if (r.scene !== undefined) scene = r.scene - start;
        if (r.js !== undefined) allJs = r.js;
        samples.push({ usable: landing.usable, seated, composer, scene, initialJsBytes: landing.js, allJsBytes: allJs });
        log(`phone run ${i + 1}: usable ${Math.round(landing.usable)} ms, seated ${Math.round(seated)} ms, round start → composer ${composer ?? '—'} ms, → scene ${scene ?? '—'} ms, JS ${landing.js} B initial, ${allJs ?? '—'} B in all`);
      } finally {
        await page.close().catch(() => undefined);
        await context.close().catch(() => undefined);
        await withTimeout(host.endRound(), 10_000, 'end round').catch(() => undefined);
        await withTimeout(host.leave(), 10_000, 'leave').catch(() => undefined);
      }
    }
  } catch (e) {
    return empty(samples.length, lobbyMs, samples, e instanceof Error ? e.message.split('\n')[0] : String(e));
  } finally {
    await browser.close().catch(() => undefined);
  }
  return {
    runs: samples.length,
    network: networkLabel(),
    lobby_wait_ms: lobbyMs,
    phone_usable_ms: med(samples.map((s) => s.usable)),
    phone_seated_ms: med(samples.map((s) => s.seated)),
    phone_round_composer_ms: med(samples.map((s) => s.composer)),
    phone_round_scene_ms: med(samples.map((s) => s.scene)),
    phone_initial_js_bytes: med(samples.map((s) => s.initialJsBytes)),
    phone_all_js_bytes: med(samples.map((s) => s.allJsBytes)),
    samples: samples.map((s) => ({ ...s, usable: round(s.usable, 0) as number, seated: s.seated === null ? null : round(s.seated, 0) })),
  };
}
