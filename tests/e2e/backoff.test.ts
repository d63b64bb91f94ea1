/**
 * Issue 16 in a real browser: retransmission backoff as a student sees it. Homework, the lossy
 * lifecycle as the client at the fast pace (RTO 4 s): the data is lost twice. The first time the
 * timer starts with the RTO; after the first timeout the resend's timer starts with the timeout
 * doubled (8 s), and the words for the timer ring say so. Needs `npm run build` first, and
 * Chromium (CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { HOMEWORK_PACE } from '../../client/src/net/homework';
import { DESKTOP, HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, mod32, text, textPattern, useE2E } from './helpers';

describe.skipIf(!HAVE_CHROMIUM)(`retransmission backoff in the browser${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E();
  const RTO_S = HOMEWORK_PACE.fast.rtoMs / 1000;

  /**
   * Homework, the lossy lifecycle as the client at the fast pace, played up to the first data
   * segment sent (lost by the scenario): the player, the timer words and the count of timeouts.
   */
  async function lossyClient(name: string, backoff: boolean) {
    const page = await e2e.env.page(name, DESKTOP);
    await page.goto(e2e.env.base);
    await page.getByTestId('homework-open').click();
    const box = page.getByTestId('homework-backoff');
    expect(await box.isChecked()).toBe(true);
    expect(await page.locator('label[for="hw-backoff"]').textContent()).toBe(text('host.backoff'));
    await box.setChecked(backoff);
    await page.getByTestId('homework-scenario').selectOption('lossy-lifecycle');
    await page.getByTestId('homework-side').selectOption('client');
    await page.getByTestId('homework-mode').selectOption('practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-start').click();
    const me = new Player(page, name);
    const status = () => page.getByTestId('timer-status').textContent();
    const timeouts = async () => (await me.inbox()).filter((e) => e.text.includes(text('inbox.timer.retransmit'))).length;
    await page.getByTestId('timer-status').evaluate((el) => {
      const said: string[] = [];
      (window as unknown as { timerSaid: string[] }).timerSaid = said;
      new MutationObserver(() => said.push(el.textContent ?? '')).observe(el, { childList: true, subtree: true, characterData: true });
    });
    /** Everything the timer words said, in order (the live region is rewritten with each piece of news). */
    const allSaid = () => page.evaluate(() => (window as unknown as { timerSaid: string[] }).timerSaid);
    await me.waitForLine('inbox.app.connect');
    await me.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    const synAck = await me.nextArrival();
    await me.sendCorrect({ flags: ['ACK'], seq: 301, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    await me.waitForLine('inbox.app.send', { bytes: 100 });
    const data = { flags: ['ACK', 'PSH'] as const, seq: 301, ack: mod32(synAck.seq + 1), len: 100 };
    const sendData = () => me.sendCorrect({ ...data, flags: [...data.flags] }, 'ESTABLISHED');
    await sendData();
    return { me, status, timeouts, allSaid, sendData };
  }

  it('the data lost twice: the resend’s timer is said to run twice the RTO, the next one four times', async () => {
    const { me, status, timeouts, allSaid, sendData } = await lossyClient('backoff-lossy-lifecycle', true);
    // The first run of the timer: the class's RTO, said plainly.
    await expect.poll(status, { timeout: WAIT }).toBe(text('timer.rtoStarted', { s: RTO_S }));

    // Lost (we are never told): the timer fires after the RTO; we send the same bytes again.
    await expect.poll(timeouts, { timeout: WAIT + 2 * HOMEWORK_PACE.fast.rtoMs }).toBe(1);
    await sendData();
    // The resend's timer runs twice as long, and the words say it doubled.
    await expect.poll(status, { timeout: WAIT }).toMatch(textPattern('timer.rtoStartedBackedOff'));
    expect(await status()).toBe(text('timer.rtoStartedBackedOff', { n: 2, s: 2 * RTO_S }));

    // Lost again: found out after the doubled wait; the next resend's timer is four times the RTO (the cap).
    await expect.poll(timeouts, { timeout: WAIT + 4 * HOMEWORK_PACE.fast.rtoMs }).toBe(2);
    await sendData();
    // This one arrives: the server's ACK stops the timer (everything is acknowledged).
    await me.nextArrival((s) => s.ack === mod32(301 + 100));
    await expect.poll(status, { timeout: WAIT }).toBe(text('timer.rtoStopped'));
    const said = (await allSaid()).filter((l) => l !== '');
    expect(said).toContain(text('timer.rtoStartedBackedOff', { n: 4, s: 4 * RTO_S }));
    // Every start of the timer, in order: the SYN's and the data's with the RTO, then the resends'.
    const starts = said.filter((l) => l.startsWith('Retransmission timer started'));
    expect(starts).toEqual([
      text('timer.rtoStarted', { s: RTO_S }),
      text('timer.rtoStarted', { s: RTO_S }),
      text('timer.rtoStartedBackedOff', { n: 2, s: 2 * RTO_S }),
      text('timer.rtoStartedBackedOff', { n: 4, s: 4 * RTO_S }),
    ]);
  }, 120_000);

  it('homework without backoff (the student’s own choice): the resend’s timer runs the plain RTO again', async () => {
    const { status, timeouts, allSaid, sendData } = await lossyClient('backoff-off-homework', false);
    await expect.poll(timeouts, { timeout: WAIT + 2 * HOMEWORK_PACE.fast.rtoMs }).toBe(1);
    await sendData();
    // Without backoff the resend's timer is said with the class's RTO, as the first one was.
    const starts = async () => (await allSaid()).filter((l) => l.startsWith('Retransmission timer started'));
    await expect.poll(async () => (await starts()).length, { timeout: WAIT }).toBe(3);
    expect(await starts()).toEqual([1, 2, 3].map(() => text('timer.rtoStarted', { s: RTO_S })));
    expect(await status()).toBe(text('timer.rtoStarted', { s: RTO_S }));
  }, 90_000);

  it('the host’s setting: on by default, explained in both languages, turned off at once and kept by the server', async () => {
    const host = await HostPage.create(e2e.env);
    const p = host.page;
    const box = p.getByTestId('backoff-input');
    const about = p.getByTestId('backoff-about');
    expect(await box.isChecked()).toBe(true);
    expect(await about.textContent()).toBe(text('host.backoffAbout'));
    expect(await box.getAttribute('aria-describedby')).toContain('settings-backoff-about');
    expect(await p.locator('label[for="settings-backoff"]').textContent()).toBe(text('host.backoff'));
    await box.setChecked(false);
    await expect.poll(() => p.getByTestId('backoff-mark').textContent(), { timeout: WAIT }).toBe(text('settings.mark.saved'));
    // The server holds it: a reload shows it off.
    await p.reload();
    await expect.poll(() => p.getByTestId('backoff-input').isChecked(), { timeout: WAIT }).toBe(false);
    await p.getByTestId('lang-switch').click();
    await expect.poll(() => p.getByTestId('backoff-about').textContent(), { timeout: WAIT }).toBe(text('host.backoffAbout', undefined, 'zh-CN'));
    expect(await p.locator('label[for="settings-backoff"]').textContent()).toBe(text('host.backoff', undefined, 'zh-CN'));
    await p.getByTestId('lang-switch').click();
  }, 60_000);
});
