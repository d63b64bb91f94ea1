/**
 * Issue 14's small things a teacher meets on day one, in the browser: a student who arrives by the
 * join link sees the join form first (hosting and homework a link away); the nickname field takes
 * as many characters as a nickname may have; an accepted send empties the composer, so no old
 * seq, ack or state is sent again; "The round is paused." gives way when the host resumes.
 */
import { describe, expect, it } from 'vitest';
import { NICKNAME_MAX } from '../../shared/index';
import { useE2E, HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, text } from './helpers';

describe.skipIf(!HAVE_CHROMIUM)(`day one${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E();

  it('a join link shows the join form first, and the nickname field takes 24 characters (an emoji is one)', async () => {
    const host = await HostPage.create(b.env);
    const page = await b.env.page('link');
    await page.goto(`${b.env.base}#join=${host.code}`);
    await page.getByTestId('join-form').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('join-code').inputValue()).toBe(host.code);
    expect(await page.getByTestId('host-create').isVisible()).toBe(false);
    const other = page.getByTestId('not-student');
    expect(await other.textContent()).toBe(text('join.notStudent'));
    await other.click();
    expect(await page.getByTestId('host-create').isVisible()).toBe(true);
    expect(await other.isVisible()).toBe(false);

    // Typed one by one: the 25th character and later do not go in.
    const nick = page.getByTestId('join-nickname');
    await nick.fill('');
    await nick.pressSequentially(`Ana${'x'.repeat(18)}😀😀😀😀`);
    expect([...(await nick.inputValue())]).toEqual([...`Ana${'x'.repeat(18)}😀😀😀`]);
    expect([...(await nick.inputValue())]).toHaveLength(NICKNAME_MAX);

    // Without a join link, the start page offers everything at once.
    await page.goto(b.env.base);
    await page.reload();
    await page.getByTestId('host-create').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('not-student').isVisible()).toBe(false);
  });

  it('an accepted send empties the composer; Resume replaces "paused"', async () => {
    const host = await HostPage.create(b.env);
    const ana = await Player.join(b.env, host.code, 'Ana');
    await host.waitForStudents(['Ana']);
    await host.startRound(1);
    await ana.waitForLine('inbox.app.connect');
    await ana.sendCorrect({ flags: ['SYN'], seq: 4021, ack: 0, len: 0 }, 'SYN_SENT');
    const p = ana.page;
    expect(await p.getByTestId('seq-input').inputValue()).toBe('');
    expect(await p.getByTestId('ack-input').inputValue()).toBe('');
    expect(await p.getByTestId('len-input').inputValue()).toBe('0');
    expect(await p.getByTestId('state-select').inputValue()).toBe('');
    expect(await p.getByTestId('flag-SYN').getAttribute('aria-pressed')).toBe('false');

    await host.page.getByTestId('pause-round').click();
    await p.getByTestId('feedback').filter({ hasText: text('play.paused') }).waitFor({ timeout: WAIT });
    await host.page.getByTestId('resume-round').click();
    await p.getByTestId('feedback').filter({ hasText: text('play.resumed') }).waitFor({ timeout: WAIT });
    expect(await p.getByTestId('feedback').textContent()).not.toContain(text('play.paused'));
  });
});
