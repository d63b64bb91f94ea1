/**
 * The join link and QR code in a real browser (issue 14, "a reachable address"): the dashboard
 * builds them from the addresses the server gives (PUBLIC_URL, its network addresses), not from
 * the page's own 127.0.0.1; the teacher can pick another and the projector follows; with nothing
 * but loopback the dashboard says that phones cannot open the link, in both languages. The
 * servers listen on loopback only: the network interface is given to the app (networkInterfaces).
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { E2E, HAVE_CHROMIUM, HostPage, SKIP_NOTE, WAIT, screenshot, text } from './helpers';

/**
 * Whether the QR code on the page (`testId`) is the one of `url`: each module of the code made
 * for `url` is read back from the canvas's pixels (error correction M, a margin of 2 modules, as
 * client/src/ui/qr.ts draws it). Any other text gives another pattern.
 */
async function qrShows(page: Page, testId: string, url: string): Promise<boolean> {
  const modules = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const n = modules.size;
  const want: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) want.push(modules.get(r, c) ? 1 : 0);
  const got = await page.getByTestId(testId).evaluate((el, size) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return [];
    const scale = canvas.width / (size + 4);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const out: number[] = [];
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const x = Math.floor((c + 2.5) * scale);
        const y = Math.floor((r + 2.5) * scale);
        out.push(px[(y * canvas.width + x) * 4]! < 128 ? 1 : 0);
      }
    }
    return out;
  }, n);
  return got.length === want.length && got.every((v, i) => v === want[i]);
}

const href = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('href');
const isLoopback = (link: string | null) => /^https?:\/\/(localhost|127\.|\[::1\])/.test(link ?? '');

describe.skipIf(!HAVE_CHROMIUM)(`the join address in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  describe('a server with PUBLIC_URL and a network address', () => {
    let env: E2E;
    beforeAll(async () => {
      env = await E2E.start({
        app: {
          publicUrl: 'https://synack.example.edu',
          networkInterfaces: () => ({
            lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
            wlan0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }],
          }),
        },
      });
    });
    afterEach(async () => {
      if (!env) return;
      expect(await env.endTest(), 'errors in the pages').toEqual([]);
    });
    afterAll(async () => {
      await env?.close();
    });

    it('the dashboard\'s join link and QR code are PUBLIC_URL, not the page\'s 127.0.0.1; the teacher picks the network address and the projector and a reload follow', async () => {
      const host = await HostPage.create(env);
      const page = host.page;
      expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const publicLink = `https://synack.example.edu/?code=${host.code}`;
      const lanLink = `http://192.168.1.20:${env.app.port}/?code=${host.code}`;

      await expect.poll(() => href(page, 'host-link'), { timeout: WAIT }).toBe(publicLink);
      expect(isLoopback(await href(page, 'host-link'))).toBe(false);
      expect(await page.getByTestId('host-link').textContent()).toBe(`synack.example.edu/?code=${host.code}`);
      await expect.poll(() => qrShows(page, 'host-qr', publicLink), { timeout: WAIT }).toBe(true);
      // The QR code is not the page's own address (the check can tell them apart).
      expect(await qrShows(page, 'host-qr', `${env.base}/?code=${host.code}`)).toBe(false);
      expect(await page.getByTestId('host-address-warning').isVisible()).toBe(false);

      // The choice: both addresses, labelled, in the page's language.
      const select = page.getByTestId('host-address-select');
      expect(await select.locator('option').allTextContents()).toEqual([
        text('join.opt.public', { url: 'synack.example.edu' }),
        text('join.opt.lan', { url: `192.168.1.20:${env.app.port}` }),
      ]);
      expect(await page.getByLabel(text('join.pick'), { exact: true }).getAttribute('data-testid')).toBe('host-address-select');
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => href(page, 'host-link'), { timeout: WAIT }).toBe(lanLink);
      await expect.poll(() => qrShows(page, 'host-qr', lanLink), { timeout: WAIT }).toBe(true);
      await screenshot(page.locator('.share'), 'address-share-lan');

      // The projector (a window of the host's browser) shows the chosen address.
      const [projector] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('open-projector').click()]);
      await expect.poll(() => href(projector, 'projector-link'), { timeout: WAIT }).toBe(lanLink);
      await expect.poll(() => qrShows(projector, 'projector-qr', lanLink), { timeout: WAIT }).toBe(true);
      // …and follows a change made on the dashboard while it is open.
      await select.selectOption('https://synack.example.edu');
      await expect.poll(() => href(page, 'host-link'), { timeout: WAIT }).toBe(publicLink);
      await expect.poll(() => href(projector, 'projector-link'), { timeout: WAIT }).toBe(publicLink);
      await expect.poll(() => qrShows(projector, 'projector-qr', publicLink), { timeout: WAIT }).toBe(true);

      // A reload keeps the choice.
      await select.selectOption(`http://192.168.1.20:${env.app.port}`);
      await page.reload();
      await expect.poll(() => href(page, 'host-link'), { timeout: WAIT }).toBe(lanLink);
      expect(await page.getByTestId('host-address-select').inputValue()).toBe(`http://192.168.1.20:${env.app.port}`);

      // In Chinese, the same choice with Chinese labels.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.getByTestId('host-address-select').locator('option').allTextContents(), { timeout: WAIT }).toEqual([
        text('join.opt.public', { url: 'synack.example.edu' }, 'zh-CN'),
        text('join.opt.lan', { url: `192.168.1.20:${env.app.port}` }, 'zh-CN'),
      ]);
      expect(await page.getByLabel(text('join.pick', undefined, 'zh-CN'), { exact: true }).count()).toBe(1);
      await page.getByTestId('lang-switch').click();
    });
  });

  describe('a server with nothing but loopback', () => {
    let env: E2E;
    beforeAll(async () => {
      env = await E2E.start();
    });
    afterEach(async () => {
      if (!env) return;
      expect(await env.endTest(), 'errors in the pages').toEqual([]);
    });
    afterAll(async () => {
      await env?.close();
    });

    it('the dashboard warns that phones cannot open the link, says how to fix it, in English and 简体中文', async () => {
      const host = await HostPage.create(env);
      const page = host.page;
      const link = `http://localhost:${env.app.port}/?code=${host.code}`;
      await expect.poll(() => href(page, 'host-link'), { timeout: WAIT }).toBe(link);
      await expect.poll(() => qrShows(page, 'host-qr', link), { timeout: WAIT }).toBe(true);
      const warning = page.getByTestId('host-address-warning');
      await warning.waitFor({ state: 'visible', timeout: WAIT });
      expect(await warning.textContent()).toBe(text('join.loopbackWarn', { host: `localhost:${env.app.port}` }));
      expect(await warning.textContent()).toMatch(/PUBLIC_URL/);
      expect(await warning.getAttribute('role')).toBe('alert');
      // Nothing to pick from.
      expect(await page.getByTestId('host-address-select').isVisible()).toBe(false);
      await screenshot(page.locator('.share'), 'address-loopback-warning-en');

      await page.getByTestId('lang-switch').click();
      await expect.poll(() => warning.textContent(), { timeout: WAIT }).toBe(text('join.loopbackWarn', { host: `localhost:${env.app.port}` }, 'zh-CN'));
      await screenshot(page.locator('.share'), 'address-loopback-warning-zh');
      await page.getByTestId('lang-switch').click();
    });
  });
});
