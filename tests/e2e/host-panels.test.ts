/**
 * The host's panels as a teacher in front of a class uses them (issue 14, host side), in a real
 * browser against the real server with bot students over colyseus.js: settings that take effect
 * as they are changed, with the server's word beside each control; the scenario's description
 * under its picker (English and 简体中文); the whole round run from the keyboard (start, a drop,
 * a pair on the projector); the dashboard on a phone with nothing to scroll sideways; no "On the
 * projector" mark on the last round's cards between rounds; the projector's loopback warning with
 * the dashboard's address; the end of the class still shown after a reload. Needs `npm run build`.
 */
import { Client } from 'colyseus.js';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/index';
import { RemoteBot } from '../support/bots/index';
import { useE2E, HAVE_CHROMIUM, HostPage, PHONE, SKIP_NOTE, WAIT, screenshot, testIdOfFocus, text } from './helpers';

/** Press Tab (Shift+Tab backwards) until the element with this test id has the focus; fails after `max` presses. */
async function tabTo(page: Page, testId: string, max = 250, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await testIdOfFocus(page)) === testId) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} was not reached by keyboard in ${max} presses (focus on ${await testIdOfFocus(page)})`);
}

/** Whether the page scrolls sideways (its content is wider than the window). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.skipIf(!HAVE_CHROMIUM)(`the host's panels${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E({ botDelayMs: 50 });
  let bots: RemoteBot[] = [];
  afterEach(async () => {
    await Promise.all(bots.map((x) => x.leave().catch(() => undefined)));
    bots = [];
  });

  /** Students who take their time (seconds, like people), so a round is still running when the host acts. */
  async function students(code: string, names: string[], thinkMs: [number, number] = [2500, 3500]): Promise<void> {
    const client = new Client(b.env.base);
    for (const [i, nickname] of names.entries()) bots.push(await RemoteBot.join(client, code, { nickname, seed: i + 1, declareStates: true, thinkMs }));
  }

  it('a setting takes effect as it is changed, the server\'s confirmation beside it; the scenario picker says what each scenario teaches, in both languages', async () => {
    const host = await HostPage.create(b.env);
    const p = host.page;
    // A choice: sent at once, and marked saved when the server's configuration comes back with it.
    await p.getByTestId('mode-select').selectOption('assessment');
    await expect.poll(() => p.getByTestId('mode-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));
    // A typed number: not applied while typed (the mark says so), applied when the field is left.
    await p.getByTestId('loss-input').fill('25');
    expect(await p.getByTestId('loss-mark').textContent()).toBe(text('settings.mark.edited'));
    await p.keyboard.press('Tab');
    await expect.poll(() => p.getByTestId('loss-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));
    // …or when Enter is pressed in it.
    await p.getByTestId('hint-after-input').fill('12');
    await p.getByTestId('hint-after-input').press('Enter');
    await expect.poll(() => p.getByTestId('hint-after-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));
    // A tick, at once.
    await p.getByTestId('show-losses-input').setChecked(true);
    await expect.poll(() => p.getByTestId('show-losses-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));
    // Timers that would break the lesson are not sent: the mark says so, the reason is beside it.
    await p.getByTestId('rto-input').fill('60');
    await p.keyboard.press('Tab');
    expect(await p.getByTestId('rto-mark').textContent()).toBe(text('settings.mark.refused'));
    await p.getByTestId('rto-input').fill('5');
    await p.keyboard.press('Tab');
    await expect.poll(() => p.getByTestId('rto-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));

    // The server holds all of it: a reload shows the same values.
    await p.reload();
    await expect.poll(() => p.getByTestId('loss-input').inputValue(), { timeout: WAIT }).toBe('25');
    expect(await p.getByTestId('mode-select').inputValue()).toBe('assessment');
    expect(await p.getByTestId('hint-after-input').inputValue()).toBe('12');
    expect(await p.getByTestId('rto-input').inputValue()).toBe('5');
    expect(await p.getByTestId('show-losses-input').isChecked()).toBe(true);

    // The scenario's description under the picker, for the one chosen, in the page's language.
    const about = p.getByTestId('scenario-description');
    const sc = findScenario('data');
    if (!sc) throw new Error('no data scenario');
    await p.getByTestId('scenario-select').selectOption('data');
    await expect.poll(() => about.textContent(), { timeout: WAIT }).toBe(sc.summary.en);
    expect(await p.getByTestId('scenario-select').getAttribute('aria-describedby')).toContain('settings-scenario-about');
    await p.getByTestId('lang-switch').click();
    await expect.poll(() => about.textContent(), { timeout: WAIT }).toBe(sc.summary['zh-CN']);
    expect(await p.getByTestId('mode-mark').textContent()).toBe('');
    await p.getByTestId('scenario-mark').filter({ hasText: text('settings.mark.saved', undefined, 'zh-CN') }).waitFor({ timeout: WAIT });
    await screenshot(p.getByTestId('settings'), 'host-settings-zh');
    await p.getByTestId('lang-switch').click();
  }, 90_000);

  it('runs a round from the keyboard alone: start, a drop injected, a pair on the projector; between rounds no card says it is on the projector', async () => {
    const host = await HostPage.create(b.env);
    const p = host.page;
    await host.configure({ scenario: 'lifecycle', autoEnd: false });
    await students(host.code, ['Ana', 'Ben', 'Cho', 'Dan']);
    await host.waitForStudents(['Ana', 'Ben', 'Cho', 'Dan']);
    await p.locator('body').click({ position: { x: 2, y: 2 } });

    await tabTo(p, 'start-round');
    await p.keyboard.press('Enter');
    await p.getByTestId('round-status').filter({ hasText: text('host.status', { n: 1, phase: text('phase.running') }) }).waitFor({ timeout: WAIT });
    await p.getByTestId('pair-pair2').waitFor({ timeout: WAIT });

    // A drop on pair 2, by Tab and Space; the server's confirmation is said, and the button says armed.
    await tabTo(p, 'inject-drop-next-pair2');
    await p.keyboard.press('Space');
    await p.getByTestId('host-notice').filter({ hasText: text('host.faultSet', { what: text('inject.drop'), target: 'pair2' }) }).waitFor({ timeout: WAIT });
    expect(await testIdOfFocus(p)).toBe('inject-drop-next-pair2');

    // Pair 2 on the projector, by Tab and Enter; the focus stays on the button through the updates.
    await tabTo(p, 'watch-pair2');
    await p.keyboard.press('Enter');
    await p.getByTestId('watch-pair2').filter({ hasText: text('host.watching') }).waitFor({ timeout: WAIT });
    expect(await p.getByTestId('watch-pair2').getAttribute('aria-pressed')).toBe('true');
    await p.waitForTimeout(1500);
    expect(await testIdOfFocus(p)).toBe('watch-pair2');

    // The round ends (by keyboard too): the cards are the last round's, and none of them is marked.
    await tabTo(p, 'end-round', 250, true);
    await p.keyboard.press('Enter');
    await p.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
    await expect.poll(() => p.locator('[data-testid^="watch-pair"][aria-pressed="true"]').count(), { timeout: WAIT }).toBe(0);
    expect(await p.getByText(text('host.watching'), { exact: true }).count()).toBe(0);
    // Nor can one be chosen there: its pair number would name the coming round's students.
    expect(await p.getByTestId('watch-pair2').isVisible()).toBe(false);
  }, 120_000);

  it('fits a phone (390×844) with nothing to scroll sideways, in a round and between rounds', async () => {
    const page = await b.env.page('host-phone', PHONE);
    await page.goto(b.env.base);
    await page.getByTestId('host-create').click();
    const code = (await page.getByTestId('host-code').textContent({ timeout: WAIT }))?.trim() ?? '';
    await expect.poll(() => page.getByTestId('rto-input').inputValue(), { timeout: WAIT }).not.toBe('');
    expect(await sideways(page)).toBe(false);
    await students(code, ['Ana', 'Ben', 'Chen Xiaoming-Wang']);
    await page.getByTestId('roster').getByText('Ana', { exact: true }).waitFor({ timeout: WAIT });
    await page.getByTestId('start-round').click();
    await page.getByTestId('pair-pair2').waitFor({ timeout: WAIT });
    expect(await sideways(page)).toBe(false);
    await screenshot(page, 'host-dashboard-phone', true);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('round-status').filter({ hasText: text('phase.running', undefined, 'zh-CN') }).waitFor({ timeout: WAIT });
    expect(await sideways(page)).toBe(false);
    await page.getByTestId('end-round').click();
    await page.getByTestId('round-status').filter({ hasText: text('phase.lobby', undefined, 'zh-CN') }).waitFor({ timeout: WAIT });
    expect(await sideways(page)).toBe(false);
    await screenshot(page, 'host-dashboard-phone-zh', true);
  }, 90_000);

  it('the projector shows the dashboard\'s address with its QR code, and warns when only loopback exists', async () => {
    const host = await HostPage.create(b.env);
    const p = host.page;
    await p.getByTestId('host-address-warning').waitFor({ state: 'visible', timeout: WAIT });
    const link = await p.getByTestId('host-link').getAttribute('href');
    const [proj] = await Promise.all([p.context().waitForEvent('page'), p.getByTestId('open-projector').click()]);
    const warning = proj.getByTestId('projector-address-warning');
    await warning.waitFor({ state: 'visible', timeout: WAIT });
    const where = (link ?? '').replace(/^https?:\/\//, '').replace(/\/\?code=.*$/, '');
    expect(await warning.textContent()).toBe(text('join.loopbackWarnProjector', { host: where }));
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await proj.getByTestId('projector-link').getAttribute('href')).toBe(link);
    expect(await proj.getByTestId('projector-qr').getAttribute('aria-label')).toBe(text('host.qr', { code: host.code }));
    await proj.getByTestId('lang-switch').click();
    await expect.poll(() => warning.textContent(), { timeout: WAIT }).toBe(text('join.loopbackWarnProjector', { host: where }, 'zh-CN'));
    await screenshot(proj, 'projector-loopback-warning-zh');
  }, 60_000);

  it('a host who reloads after the class ended sees the end of the class again', async () => {
    const host = await HostPage.create(b.env);
    const p = host.page;
    await students(host.code, ['Ana', 'Ben'], [300, 500]);
    await host.waitForStudents(['Ana', 'Ben']);
    await host.startRound(1);
    await host.endRound();
    await p.getByTestId('end-class').click();
    await p.getByTestId('end-class-confirm').click();
    await p.getByTestId('host-class-ended').waitFor({ timeout: WAIT });
    await p.getByTestId('host-key-card').waitFor({ timeout: WAIT });

    await p.reload();
    const over = p.getByTestId('host-class-ended');
    await over.waitFor({ timeout: WAIT });
    expect(await p.getByTestId('class-over-note').textContent()).toBe(text('host.classOverNote', { n: 1 }));
    expect(await p.getByTestId('class-over-review').getAttribute('href')).toBe(`/review.html?code=${host.code}`);
    // Not an error, and the key is not shown again (it was shown once, and this browser forgot it).
    expect(await p.getByTestId('host-error').count()).toBe(0);
    expect(await p.getByTestId('host-key-card').count()).toBe(0);
    await expect.poll(() => p.evaluate(() => document.activeElement?.id), { timeout: WAIT }).toBe('class-over-heading');
  }, 90_000);
});
