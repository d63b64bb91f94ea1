/**
 * The instructor's dashboard tells the truth (issue 14, item 3), in a real browser against the
 * real server: 0 % and CLOSED before anyone acts, a fault button that says armed, then used when
 * its segment is lost (cancelled when the round ends first, forgotten the round after), a mistake
 * in words of the page's language with the rule id only in the tooltip, the scenario and the
 * round's time, and an end-of-class screen that leads to the review. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import { shortRule } from '../../shared/index';
import { useE2E, HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, screenshot, text, textPattern } from './helpers';

const ISN = 4021;

describe.skipIf(!HAVE_CHROMIUM)(`the host's dashboard${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E({ botDelayMs: 50 });

  it('shows 0 % before anyone acts, armed → used for an injected drop, a mistake in words (both languages), the timer and scenario, cancelled faults, and the end of class', async () => {
    const host = await HostPage.create(b.env);
    const p = host.page;
    await host.configure({ scenario: 'handshake', rtoS: 2, mslS: 2, delayMin: 300, delayMax: 400, autoEnd: false });
    // Between rounds the dashboard names the coming scenario with its description.
    await p.getByTestId('scenario-summary').filter({ hasText: text('host.scenarioNext', { n: 1, title: 'Handshake', summary: 'connect / listen: the three-way handshake only.' }) }).waitFor({ timeout: WAIT });
    const eve = await Player.join(b.env, host.code, 'Eve');
    await host.waitForStudents(['Eve']);
    await host.startRound(1);
    await eve.waitForLine('inbox.app.connect');

    // Nobody has acted: 0 %, and the client — whose app called connect() — has sent nothing, so it is CLOSED.
    const card = p.getByTestId('pair-pair1');
    await card.waitFor({ timeout: WAIT });
    expect(await card.getByText(text('host.progress', { p: 0 })).count()).toBe(1);
    expect(await p.getByTestId('pair-pair1-progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(0);
    await host.expectState('pair1', 'client', 'CLOSED');
    await p.getByTestId('scenario-summary').filter({ hasText: text('host.scenarioNow', { n: 1, title: 'Handshake', summary: 'connect / listen: the three-way handshake only.' }) }).waitFor({ timeout: WAIT });
    await expect.poll(() => p.getByTestId('round-timer').textContent(), { timeout: WAIT }).toMatch(/^Round time 0:0[1-9]$/);

    // A drop on this pair: its button says armed at once, the line says it in words.
    const status = p.getByTestId('inject-drop-next-pair1-status');
    expect(await status.textContent()).toBe('');
    await p.getByTestId('inject-drop-next-pair1').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('armed');
    expect(await status.textContent()).toBe(text('fault.armed'));
    expect(await p.getByTestId('host-notice').textContent()).toBe(text('host.faultSet', { what: text('inject.drop'), target: 'pair1' }));
    expect(await p.getByTestId('inject-drop-next-pair1').getAttribute('aria-describedby')).toBe(await status.getAttribute('id'));

    // A wrong answer is refused and goes nowhere: the drop is still armed, the mistake is in words.
    expect(await eve.send({ flags: ['SYN', 'ACK'], seq: ISN, ack: 1, len: 0 }, 'SYN_SENT')).toContain(text('feedback.wrongSend'));
    const mistake = p.getByTestId('pair-pair1-mistake');
    await mistake.waitFor({ timeout: WAIT });
    const rule = (await mistake.getAttribute('title')) ?? '';
    expect(rule).toMatch(/^(flags|seq|ack|len)\.[a-z-]+$/);
    expect(await mistake.textContent()).toBe(shortRule(rule, 'en'));
    expect(await card.textContent()).not.toContain(rule);
    expect(await status.getAttribute('data-status')).toBe('armed');
    await screenshot(card, 'dashboard-armed-en');

    // 中文: the same mistake and status in Chinese words, the id still only in the tooltip.
    await p.getByTestId('lang-switch').click();
    await expect.poll(() => mistake.textContent(), { timeout: WAIT }).toBe(shortRule(rule, 'zh-CN'));
    expect(await mistake.getAttribute('title')).toBe(rule);
    expect(await card.textContent()).not.toContain(rule);
    expect(await status.textContent()).toBe(text('fault.armed', undefined, 'zh-CN'));
    expect(await p.getByTestId('round-timer').textContent()).toMatch(textPattern('host.roundTime', 'zh-CN'));
    await screenshot(card, 'dashboard-armed-zh');
    await p.getByTestId('lang-switch').click();
    await expect.poll(() => mistake.textContent(), { timeout: WAIT }).toBe(shortRule(rule, 'en'));

    // The right SYN goes out and is lost: the drop is used; the pair has done something now.
    await eve.sendCorrect({ flags: ['SYN'], seq: ISN, ack: 0, len: 0 }, 'SYN_SENT');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('used');
    expect(await status.textContent()).toBe(text('fault.used'));
    await host.expectState('pair1', 'client', 'SYN_SENT');
    await expect.poll(() => p.getByTestId('pair-pair1-progress').evaluate((el) => (el as HTMLProgressElement).value), { timeout: WAIT }).toBeGreaterThan(0);
    await screenshot(card, 'dashboard-used-en');

    // A drop of a FIN the handshake never sends: cancelled when the round ends unused.
    const fin = p.getByTestId('inject-drop-next-FIN-pair1-status');
    await p.getByTestId('inject-drop-next-FIN-pair1').click();
    await expect.poll(() => fin.getAttribute('data-status'), { timeout: WAIT }).toBe('armed');
    await host.endRound();
    await expect.poll(() => fin.getAttribute('data-status'), { timeout: WAIT }).toBe('cancelled');
    expect(await fin.textContent()).toBe(text('fault.cancelled'));
    expect(await status.getAttribute('data-status')).toBe('used');
    expect(await p.getByTestId('round-timer').isHidden()).toBe(true);

    // The next round starts clean: no fault status and no notice from the last one.
    await host.startRound(2);
    await expect.poll(() => fin.getAttribute('data-status'), { timeout: WAIT }).toBe('');
    expect(await status.textContent()).toBe('');
    expect(await p.getByTestId('host-notice').textContent()).toBe('');
    expect(await card.getByText(text('host.progress', { p: 0 })).count()).toBe(1);

    // The end of the class: a screen that says so and leads to the review; nothing left to start.
    await p.getByTestId('end-class').click();
    await p.getByTestId('end-class-confirm').click();
    const over = p.getByTestId('host-class-ended');
    await over.waitFor({ timeout: WAIT });
    expect(await over.getByRole('heading', { level: 2 }).textContent()).toBe(text('host.classOver'));
    expect(await p.getByTestId('class-over-note').textContent()).toBe(text('host.classOverNote', { n: 2 }));
    expect(await p.getByTestId('class-over-review').getAttribute('href')).toBe(`/review.html?code=${host.code}`);
    expect(await p.getByTestId('start-round').isVisible()).toBe(false);
    expect(await p.getByTestId('pair-grid').isVisible()).toBe(false);
    expect(await p.getByTestId('host-key-card').isVisible()).toBe(true);
    // The closed connection after the end is not reported as a failure.
    await p.waitForTimeout(300);
    expect(await p.getByTestId('host-notice').textContent()).toBe(text('play.classEnded'));
    await screenshot(p, 'dashboard-class-ended-en', true);
  }, 90_000);
});
