/**
 * The projector follows the class (issue 14): the host (a real page) puts a pair on the projector
 * (a window of the host's browser); three rounds are played by bot students over colyseus.js; the
 * projector shows that pair's ladder of each current round, keeps it after a reload, and between
 * rounds shows the names in the lobby and the results (a podium of the round's points, with the
 * class totals beside). Screenshots at 1920×1080 and 1280×720.
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { Client } from 'colyseus.js';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { pluralIn } from '../../client/src/i18n/ui';
import { RemoteBot } from '../support/bots/index';
import { HAVE_CHROMIUM, HostPage, SKIP_NOTE, WAIT, screenshot, text, useE2E } from './helpers';

const FULL_HD = { width: 1920, height: 1080 };
const HD = { width: 1280, height: 720 };
const plural = (key: 'proj.points', n: number) => pluralIn('en', key, n);

describe.skipIf(!HAVE_CHROMIUM)(`the projector${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });
  let bots: RemoteBot[] = [];
  // Registered after the set-up, so run before it: the bots leave before the pages are checked.
  afterEach(async () => {
    await Promise.all(bots.map((b) => b.leave().catch(() => undefined)));
    bots = [];
  });

  /** The same screen at both projector sizes (back at 1920×1080 after). */
  async function shots(page: Page, name: string): Promise<void> {
    // The names' entrance and the podium's reveal have played out.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await screenshot(page, `projector-${name}-1920x1080`);
    await page.setViewportSize(HD);
    await screenshot(page, `projector-${name}-1280x720`);
    await page.setViewportSize(FULL_HD);
  }

  /** The projector shows the ladder of round `round` of pair2, Cho and Dan's, with `client` on the left. */
  async function expectLadder(proj: Page, host: HostPage, round: number, client: string, server: string): Promise<void> {
    await expect.poll(() => proj.getByTestId('projector').getAttribute('data-view'), { timeout: WAIT }).toBe('round');
    const view = proj.getByTestId('projector-ladder');
    await expect.poll(() => view.getAttribute('data-round'), { timeout: WAIT }).toBe(String(round));
    expect(await view.getAttribute('data-pair')).toBe('pair2');
    expect(await proj.getByTestId('projector-ladder-title').textContent()).toBe(text('proj.ladderOf', { n: round, pair: 'pair2' }));
    const names = await view.locator('.ladder-names .who').allTextContents();
    expect(names).toEqual([`${client} (${text('side.client')})`, `${server} (${text('side.server')})`]);
    // The selector and the dashboard say the same: pair2 is on the projector.
    expect(await proj.getByTestId('projector-pair-select').inputValue()).toBe('pair2');
    await host.page.getByTestId('watch-pair2').filter({ hasText: text('host.watching') }).waitFor({ timeout: WAIT });
    expect(await host.page.getByTestId('watch-pair1').textContent()).toBe(text('host.watch'));
  }

  /** The handshake of the watched pair, drawn to its end: three segments, both ends ESTABLISHED. */
  async function expectHandshakeDrawn(proj: Page): Promise<void> {
    await expect.poll(() => proj.getByTestId('ladder-arrow').count(), { timeout: WAIT }).toBe(3);
    await expect.poll(async () => (await proj.getByTestId('ladder-state').allTextContents()).filter((s) => s === 'ESTABLISHED').length, { timeout: WAIT }).toBe(2);
  }

  /** Each student's class total after the last round checked (the points of a round are the difference). */
  const before = new Map<string, number>();

  /**
   * Between rounds: the results of round `round` (a podium of the points scored in that round,
   * each with the class total beside it) and the four names.
   */
  async function expectResults(proj: Page, round: number): Promise<void> {
    await expect.poll(() => proj.getByTestId('projector').getAttribute('data-view'), { timeout: WAIT }).toBe('results');
    await proj.getByTestId('results-title').filter({ hasText: text('proj.results', { n: round }) }).waitFor({ timeout: WAIT });
    expect(await proj.getByTestId('projector-ladder').isVisible()).toBe(false);
    const podium = await proj.getByTestId('podium').locator('.name').allTextContents();
    expect(podium).toHaveLength(3);
    expect(await proj.getByTestId('podium-title').textContent()).toBe(text('proj.podiumTitle', { n: round }));
    const rank = () => bots.map((b) => ({ name: b.nickname, total: b.score, points: b.score - (before.get(b.nickname) ?? 0) }))
      .sort((a, b) => b.points - a.points || b.total - a.total || a.name.localeCompare(b.name)).slice(0, 3);
    const shown = async () => {
      const names = await proj.getByTestId('podium').locator('.name').allTextContents();
      const points = await proj.getByTestId('podium').locator('.points').allTextContents();
      const totals = await proj.getByTestId('podium').locator('.total').allTextContents();
      return names.map((name, i) => [name, points[i], totals[i]]);
    };
    await expect.poll(shown, { timeout: WAIT }).toEqual(rank().map((r) => [r.name, plural('proj.points', r.points), text('proj.classTotal', { points: plural('proj.points', r.total) })]));
    expect(await proj.getByTestId('leaderboard').locator('li').count()).toBe(4);
    expect((await proj.getByTestId('projector-names').locator('li').allTextContents()).sort()).toEqual(['Ana', 'Ben', 'Cho', 'Dan']);
    for (const b of bots) before.set(b.nickname, b.score);
  }

  it('follows the watched pair across three rounds and after a reload; lobby names and the results between rounds; 1920×1080 and 1280×720', async () => {
    const host = await HostPage.create(e2e.env);
    await host.configure({ scenario: 'handshake', delayMin: 400, delayMax: 600, autoEnd: false });
    const [proj] = await Promise.all([host.page.context().waitForEvent('page'), host.page.getByTestId('open-projector').click()]);
    await proj.setViewportSize(FULL_HD);
    await proj.getByTestId('projector-code').waitFor({ timeout: WAIT });
    expect(await proj.getByTestId('projector').getAttribute('data-view')).toBe('join');

    // Students join: their names appear on the projector, large.
    const client = new Client(e2e.env.base);
    for (const [i, nickname] of ['Ana', 'Ben', 'Cho', 'Dan'].entries()) {
      bots.push(await RemoteBot.join(client, host.code, { nickname, seed: i + 1, declareStates: true, thinkMs: [300, 700] }));
      await proj.getByTestId('projector-names').getByText(nickname, { exact: true }).waitFor({ timeout: WAIT });
    }
    await proj.getByTestId('projector-joined').filter({ hasText: text('proj.waiting', { n: 4 }) }).waitFor({ timeout: WAIT });
    await host.waitForStudents(['Ana', 'Ben', 'Cho', 'Dan']);
    await shots(proj, 'lobby');

    // Round 1: the host shows pair2 (Cho and Dan) from the dashboard.
    await host.startRound(1);
    await host.page.getByTestId('watch-pair2').click();
    await expectLadder(proj, host, 1, 'Cho', 'Dan');
    await expectHandshakeDrawn(proj);
    await shots(proj, 'round');
    await host.endRound();
    await expectResults(proj, 1);
    await shots(proj, 'results');

    // Round 2: nobody chooses again; the projector is on Cho and Dan's new round at once (roles swapped).
    await host.startRound(2);
    await expectLadder(proj, host, 2, 'Dan', 'Cho');
    await expectHandshakeDrawn(proj);
    // A reload: the same pair, and its ladder of this round from the start (the round is over for them).
    await proj.reload();
    await expectLadder(proj, host, 2, 'Dan', 'Cho');
    await expectHandshakeDrawn(proj);
    await host.endRound();
    await expectResults(proj, 2);

    // Round 3, on a projector in Chinese.
    await host.startRound(3);
    await expectLadder(proj, host, 3, 'Cho', 'Dan');
    await proj.getByTestId('lang-switch').click();
    await proj.getByTestId('projector-title').filter({ hasText: text('proj.roundTitle', { n: 3 }, 'zh-CN') }).waitFor({ timeout: WAIT });
    // In Chinese the pair is named 第 2 组 (issue 14: no "pair2" on a Chinese page).
    expect(await proj.getByTestId('projector-ladder-title').textContent()).toBe(text('proj.ladderOf', { n: 3, pair: '第 2 组' }, 'zh-CN'));
    await expectHandshakeDrawn(proj);
    await shots(proj, 'round-zh');
    await host.endRound();
    await proj.getByTestId('results-title').filter({ hasText: text('proj.results', { n: 3 }, 'zh-CN') }).waitFor({ timeout: WAIT });
    await shots(proj, 'results-zh');
  }, 180_000);
});
