/**
 * The round scene's code (Phaser, its own chunk) on a phone: fetched while the student waits in the
 * lobby, before any round starts; sent compressed and marked immutable; drawn when the round
 * starts without being fetched again; and on the next visit taken from the browser's cache.
 * Behaviour only: how fast this is on a throttled phone is the bench's (bench/lib/phone.ts).
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2E, HAVE_CHROMIUM, HostPage, PHONE, SKIP_NOTE, WAIT, text } from './helpers';

/** The chunks of the scene: Phaser's, and the scene's own module that imports it. */
const PHASER_CHUNK = /\/assets\/phaser-[\w-]+\.js$/;
const SCENE_CHUNK = /\/assets\/game-[\w-]+\.js$/;

/** How the page received a resource (Resource Timing): bytes over the wire (0 from the cache) and decoded. */
async function received(page: Page, pattern: RegExp): Promise<{ name: string; transferSize: number; decodedBodySize: number }[]> {
  const all = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => {
    const r = e as PerformanceResourceTiming;
    return { name: r.name, transferSize: r.transferSize, decodedBodySize: r.decodedBodySize };
  }));
  return all.filter((e) => pattern.test(e.name));
}

describe.skipIf(!HAVE_CHROMIUM)(`the round scene's code on a phone${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E();

  it('is fetched in the lobby before the round starts, drawn at the start without a new fetch, and comes from the cache on the next visit', async () => {
    const host = await HostPage.create(b.env);
    const page = await b.env.page('Pip', PHONE);
    const responses: Response[] = [];
    page.on('response', (r) => {
      if (PHASER_CHUNK.test(r.url()) || SCENE_CHUNK.test(r.url())) responses.push(r);
    });
    // The landing page alone does not fetch the scene: a teacher who only hosts never loads Phaser.
    await page.goto(`${b.env.base}/?code=${host.code}`);
    await page.getByTestId('join-nickname').fill('Pip');
    await expect.poll(async () => (await received(page, /\.js$/)).length, { timeout: WAIT }).toBeGreaterThan(0);
    expect(await received(page, PHASER_CHUNK)).toEqual([]);
    await page.getByTestId('join-submit').click();
    await page.getByTestId('lobby-welcome').filter({ hasText: text('lobby.welcome', { name: 'Pip', code: host.code }) }).waitFor({ timeout: WAIT });
    await host.waitForStudents(['Pip']);

    // In the lobby, no round started: both chunks have arrived.
    await expect.poll(async () => (await received(page, PHASER_CHUNK)).length, { timeout: WAIT }).toBe(1);
    await expect.poll(async () => (await received(page, SCENE_CHUNK)).length, { timeout: WAIT }).toBe(1);
    expect(await page.getByTestId('round').isHidden()).toBe(true);
    expect(await page.locator('[data-testid="scene"] canvas').count()).toBe(0);
    expect(responses.length).toBe(2);
    for (const r of responses) {
      const headers = r.headers();
      expect(r.status(), r.url()).toBe(200);
      expect(headers['cache-control'], r.url()).toBe('public, max-age=31536000, immutable');
      // Chromium accepts gzip (and brotli on secure origins): the chunk travels compressed.
      expect(['gzip', 'br'], r.url()).toContain(headers['content-encoding']);
      expect(headers['content-type'], r.url()).toMatch(/^text\/javascript/);
    }
    const phaser = (await received(page, PHASER_CHUNK))[0]!;
    // Compressed on the wire: well under half of what the browser decoded.
    expect(phaser.transferSize).toBeGreaterThan(0);
    expect(phaser.transferSize).toBeLessThan(phaser.decodedBodySize / 2);

    // The round starts: the scene is drawn, from the code already there.
    await host.startRound(1);
    await page.locator('[data-testid="scene"][data-scene="drawn"] canvas').waitFor({ timeout: WAIT });
    expect(await received(page, PHASER_CHUNK)).toHaveLength(1);
    expect(responses.length).toBe(2);

    // The next visit, in the same browser (homework this time): the chunks come from its cache.
    const again = await page.context().newPage();
    await again.goto(`${b.env.base}/#homework`);
    await again.getByTestId('homework-form').waitFor({ timeout: WAIT });
    await expect.poll(async () => (await received(again, PHASER_CHUNK)).length, { timeout: WAIT }).toBe(1);
    for (const pattern of [PHASER_CHUNK, SCENE_CHUNK]) {
      await expect.poll(async () => (await received(again, pattern)).length, { timeout: WAIT }).toBe(1);
      const [entry] = await received(again, pattern);
      expect(entry!.name).toBe((await received(page, pattern))[0]!.name);
      // Nothing over the network (not even a revalidation): the bytes come from the cache.
      expect(entry!.transferSize, entry!.name).toBe(0);
      expect(entry!.decodedBodySize, entry!.name).toBeGreaterThan(0);
    }
    await again.close();
  });
});
