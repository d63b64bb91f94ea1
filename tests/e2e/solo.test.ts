/**
 * One person in a real browser: the language switch (English / 简体中文, remembered) and homework
 * mode against the bot in the page. Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../../shared/index';
import { UI_TEXT, type Lang, type TextKey } from '../../client/src/i18n/ui';
import { DESKTOP, E2E, HAVE_CHROMIUM, PHONE, Player, SKIP_NOTE, WAIT, mod32, screenshot, text, textPattern } from './helpers';

describe.skipIf(!HAVE_CHROMIUM)(`one player in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  let env: E2E;

  beforeAll(async () => {
    env = await E2E.start();
  });
  afterEach(async () => {
    if (!env) return;
    const errors = await env.endTest();
    expect(errors, 'errors in the pages').toEqual([]);
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Texts of the landing page, by where they show. */
  const LANDING: [TextKey, (p: Page) => ReturnType<Page['getByTestId']>][] = [
    ['join.heading', (p) => p.locator('#join-heading')],
    ['join.submit', (p) => p.getByTestId('join-submit')],
    ['host.create', (p) => p.getByTestId('host-create')],
    ['hw.open', (p) => p.getByTestId('homework-open')],
    ['lang.switch', (p) => p.getByTestId('lang-switch')],
    ['app.tagline', (p) => p.locator('.tagline')],
  ];

  async function expectLanding(page: Page, lang: Lang): Promise<void> {
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe(lang);
    for (const [key, where] of LANDING) {
      expect(UI_TEXT[key].en, key).not.toBe(UI_TEXT[key]['zh-CN']);
      await expect.poll(() => where(page).textContent(), { timeout: WAIT }).toBe(text(key, undefined, lang));
    }
    // The class code field is labelled in the same language.
    expect(await page.getByLabel(text('join.code', undefined, lang), { exact: true }).getAttribute('data-testid')).toBe('join-code');
    expect(await page.getByTestId('lang-switch').getAttribute('aria-label')).toBe(text('lang.switchLabel', undefined, lang));
  }

  it('switches the interface to 简体中文 and back, and remembers the choice after a reload', async () => {
    const page = await env.page('lang', DESKTOP);
    await page.goto(env.base);
    await expectLanding(page, 'en');
    // A message already on the page is rewritten too: the refusal of an empty class code.
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('join-error').textContent()).toBe(ERROR_TEXT['bad-code'].en);

    await page.getByTestId('lang-switch').click();
    await expectLanding(page, 'zh-CN');
    expect(await page.getByTestId('join-error').textContent()).toBe(ERROR_TEXT['bad-code']['zh-CN']);
    expect(await page.getByTestId('join-submit').textContent()).toBe('加入');
    expect(await page.evaluate(() => localStorage.getItem('synack.lang'))).toBe('zh-CN');

    await page.reload();
    await expectLanding(page, 'zh-CN');
    // Another screen opens in Chinese as well.
    await page.getByTestId('homework-open').click();
    await page.getByTestId('homework-form').getByText(text('hw.heading2', undefined, 'zh-CN')).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('homework-start').textContent()).toBe(text('hw.start', undefined, 'zh-CN'));
    expect(await page.getByTestId('homework-scenario').locator('option').first().textContent()).toContain('三次握手');
    await screenshot(page, 'homework-form-zh');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('homework-form').getByText(text('hw.heading2')).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('homework-scenario').locator('option').first().textContent()).toContain('Handshake');
    await page.reload();
    await page.getByTestId('homework-start').filter({ hasText: text('hw.start') }).waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // A first visit from a Chinese browser starts in Chinese.
    const zh = await env.page('zh-browser', { ...DESKTOP, locale: 'zh-CN' });
    await zh.goto(env.base);
    await expectLanding(zh, 'zh-CN');
  }, 60_000);

  it('homework: plays the handshake as the server against the bot in the page, to the end', async () => {
    const page = await env.page('homework', PHONE);
    await page.goto(env.base);
    await page.getByTestId('homework-open').click();
    await page.getByTestId('homework-scenario').selectOption('handshake');
    await page.getByTestId('homework-side').selectOption('server');
    await page.getByTestId('homework-mode').selectOption('practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-start').click();

    const me = new Player(page, 'homework');
    await page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: 'Handshake' }) }).waitFor({ timeout: WAIT });
    await page.getByTestId('round-role').filter({ hasText: text('play.you', { side: text('side.server'), mode: text('mode.practice'), partner: text('play.bot') }) }).waitFor();
    await me.waitForLine('inbox.app.listen');
    await me.declareCorrect('LISTEN');

    const syn = await me.nextArrival();
    expect(syn).toMatchObject({ flags: ['SYN'], len: 0 });
    await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: 4294967000, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const ack = await me.nextArrival();
    expect(ack).toMatchObject({ flags: ['ACK'], seq: mod32(syn.seq + 1), ack: 4294967001, len: 0 });

    // Declaring ESTABLISHED ends the round: the verdict, then "Round over".
    await page.getByTestId('state-select').selectOption('ESTABLISHED');
    await page.getByTestId('declare-state').click();
    await page.getByTestId('feedback').filter({ hasText: text('play.finished') }).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('feedback').textContent()).toMatch(textPattern('play.ended'));
    expect(Number(await page.getByTestId('score').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('send-segment').isDisabled()).toBe(true);
    await page.getByTestId('homework-again').waitFor();
    // A phone keeps the scene in view (sticky) while the player scrolls: a viewport shot shows what they see.
    await screenshot(page, 'homework-finished-phone');
  }, 60_000);
});
