/**
 * The review page switched between English and Chinese in a real browser, on a replay and on the
 * statistics: every text comes from the one table through the `lang` signal, so a switch redraws
 * the page in the other language, plural forms included (Intl.PluralRules: "1 event", "1 of 1
 * pair" in English; Chinese has one form). Two rounds are stored as if played: a handshake cut
 * after the client's first SYN (one judged answer), and a lost final ACK cut after its first event.
 */
import { Client } from 'colyseus.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { textIn } from '../../client/src/i18n/ui';
import type { Trace } from '../../shared/index';
import { RemoteHost } from '../support/bots/index';
import { fixture } from '../shared/review/mutations';
import { HAVE_CHROMIUM, SKIP_NOTE, useE2E, WAIT } from './helpers';

describe.skipIf(!HAVE_CHROMIUM)(`the review page in two languages${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E();

  /** A class with two stored rounds; the review page opened on it with the host key, in English. */
  async function openReview(): Promise<{ page: Page; host: RemoteHost }> {
    const host = await RemoteHost.create(new Client(b.env.base), b.env.base);
    const store = async (round: number, scenario: string, t: Trace, result: { finished: boolean; lesson?: boolean }) => {
      const key = { code: host.code, round, pairId: 'pair1' };
      await b.env.app.recorder.openRound({
        ...key, scenario, mode: 'practice', seed: 1, settings: {}, players: { client: 'alice', server: 'bot' },
        playerIds: { client: null, server: null }, judge: ['client', 'server'], startedAt: new Date().toISOString(),
      });
      await b.env.app.recorder.append(key, t.events);
      await b.env.app.recorder.closeRound(key, { ...result, scores: { client: 0, server: 0 }, endedAt: new Date().toISOString() });
    };
    const handshake = fixture('01-handshake.json');
    await store(1, 'handshake', { ...handshake, events: handshake.events.slice(0, 3) }, { finished: true, lesson: true });
    const lost = fixture('07-lost-final-ack.json');
    await store(2, 'lost-final-ack', { ...lost, events: lost.events.slice(0, 1) }, { finished: false, lesson: false });
    const page = await b.env.page('review');
    await page.goto(`${b.env.base}/review.html?code=${host.code}`);
    await page.getByTestId('review-key-input').fill(host.hostKey);
    await page.getByTestId('review-load').click();
    await page.getByTestId('round-list').waitFor({ timeout: WAIT });
    return { page, host };
  }

  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  it('switches a replay to Chinese and back: headings, controls, the round list and its plurals', async () => {
    const { page, host } = await openReview();
    const oneEvent = page.getByTestId('pair-2-pair1').locator('.pair-meta');
    await expect(oneEvent.textContent()).resolves.toMatch(/ · 1 event$/);
    await page.getByTestId('pair-1-pair1').click();
    await page.getByTestId('ladder').waitFor({ timeout: WAIT });
    await expect(page.getByTestId('replay-summary').textContent()).resolves.toBe('1 of 1 judged answer correct.');
    await expect(page.getByTestId('pair-1-pair1').locator('.pair-meta').textContent()).resolves.toMatch(/ · 3 events$/);

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('zh-CN');
    await expect(page.getByTestId('replay-summary').textContent()).resolves.toBe(textIn('zh-CN', 'review.viewer.summary', { n: 1, correct: 1 }));
    await expect(page.getByTestId('replay-summary').textContent()).resolves.toBe('1 个被评判的答案中有 1 个正确。');
    await expect(oneEvent.textContent()).resolves.toBe('未完成 · ⚠ 教学环节没有发生 · 1 个事件');
    await expect(page.getByTestId('tab-replays').textContent()).resolves.toBe('回放');
    await expect(page.getByTestId('step-back').textContent()).resolves.toBe('◀ 后退一步');
    await expect(page.locator('#viewer-title').textContent()).resolves.toBe('第 1 回合 · 第 1 组 · 三次握手（练习）');
    await expect(page.getByTestId('ladder').getAttribute('aria-label')).resolves.toMatch(/^时序图/);
    await expect(page.evaluate(() => document.title)).resolves.toBe('SYN/ACK · 课后回顾');
    // The round list is still one Tab stop, on the chosen pair, after the page was redrawn.
    await expect(page.getByTestId('pair-1-pair1').getAttribute('tabindex')).resolves.toBe('0');
    await expect(page.getByTestId('pair-2-pair1').getAttribute('tabindex')).resolves.toBe('-1');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('en');
    await expect(page.getByTestId('replay-summary').textContent()).resolves.toBe('1 of 1 judged answer correct.');
    await expect(oneEvent.textContent()).resolves.toMatch(/ · 1 event$/);
    await host.leave();
  });

  it('switches the statistics to Chinese and back, the per-scenario bars with their plural', async () => {
    const { page, host } = await openReview();
    await page.getByTestId('tab-stats').click();
    const scenarios = page.getByTestId('stats-scenarios');
    await page.getByTestId('stats-scenarios-chart').waitFor({ timeout: WAIT });
    await expect(scenarios.textContent()).resolves.toMatch(/Lost final ACK[\s\S]*0% · 0 of 1 pair · ⚠ no lesson in 1/);
    await expect(scenarios.textContent()).resolves.not.toMatch(/of 1 pairs/);

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('zh-CN');
    await expect(scenarios.textContent()).resolves.toContain('0% · 1 组中 0 组 · ⚠ 1 组没有教学环节');
    await expect(page.locator('#stats-title').textContent()).resolves.toBe('统计');
    await expect(page.getByTestId('tab-stats').textContent()).resolves.toBe('统计');
    await expect(page.getByTestId('export-csv').textContent()).resolves.toBe('⬇ 下载成绩表（CSV）');
    await expect(page.getByTestId('stats-mistakes').locator('h3').textContent()).resolves.toBe('最常见的错误（按规则）');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('en');
    await expect(scenarios.textContent()).resolves.toMatch(/0 of 1 pair · ⚠ no lesson in 1/);
    await expect(page.locator('#stats-title').textContent()).resolves.toBe('Statistics');
    await host.leave();
  });
});
