/**
 * The homework's "why" debrief (issue 17): after a homework scenario ends, the concept bank's
 * questions about it, answered one by one (one by keyboard and right, one wrong), each then told
 * right or wrong with its explanation; a switch to Chinese re-words it all and keeps the answers;
 * after a reload, the question got right is remembered ("already right before"). On a phone's
 * width, no sideways scroll, axe-core clean in both languages.
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_BANK, type Lang } from '../../shared/index';
import { HAVE_CHROMIUM, Player, SKIP_NOTE, WAIT, expectFocus, mod32, screenshot, text, useE2E } from './helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** A phone's width; axe is injected as a script, past the page's CSP. */
const PHONE_WIDE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, locale: 'en-US', bypassCSP: true };

const question = (id: string) => {
  const q = FIRST_BANK.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id} in the first bank`);
  return q;
};

describe.skipIf(!HAVE_CHROMIUM)(`the homework debrief${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E();

  /** The handshake as the client against the bot, to its end (textbook numbers, fast timers). */
  async function playHandshake(page: Page): Promise<void> {
    await page.goto(`${e2e.env.base}/#homework`);
    await page.getByTestId('homework-scenario').selectOption('handshake');
    await page.getByTestId('homework-side').selectOption('client');
    await page.getByTestId('homework-mode').selectOption('practice');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-numbers').selectOption('textbook');
    await page.getByTestId('homework-start').click();
    const me = new Player(page, 'debrief');
    await me.waitForLine('inbox.app.connect');
    // No debrief while the round is played.
    expect(await page.getByTestId('debrief').count()).toBe(0);
    await me.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    const synAck = await me.nextArrival();
    await me.sendCorrect({ flags: ['ACK'], seq: 301, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    await me.expectDone();
    await page.getByTestId('debrief').waitFor({ timeout: WAIT });
  }

  /** axe-core on the debrief: violations of impact serious or critical, one line each. */
  async function axeOnDebrief(page: Page, lang: Lang): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Element, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { html: string }[] }[] }> } }).axe;
      return (await axe.run(document.querySelector('[data-testid="debrief"]')!, { resultTypes: ['violations'] })).violations;
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${lang}: ${v.id} ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`);
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('asks why after the handshake, tells right and wrong with the explanation, in both languages, and remembers the right one', async () => {
    const page = await e2e.env.page('debrief', PHONE_WIDE);
    // A corrupt record is ignored, not fatal (the page reports no error, useE2E checks).
    await page.goto(e2e.env.base);
    await page.evaluate(() => localStorage.setItem('synack.concepts.v1', '{"version":1,"right":[1,2'));
    await playHandshake(page);

    const debrief = page.getByTestId('debrief');
    const forms = debrief.locator('form');
    expect(await forms.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-testid')))).toEqual(
      ['after-syn-state', 'listen-rcv-syn-state', 'handshake-ack', 'handshake-third-ack'].map((id) => `debrief-q-${id}`));
    expect(await debrief.getByTestId('debrief-right-before').count()).toBe(0);
    // Nothing tells an answer before it is given.
    const choice = question('after-syn-state');
    const numeric = question('handshake-ack');
    expect(await debrief.textContent()).not.toContain(choice.explanation.en);
    expect(await debrief.getByTestId('debrief-answer').count()).toBe(0);

    // A multiple-choice question by keyboard: into the radio group, arrows to SYN_SENT, Tab to the button, Enter.
    const mc = page.getByTestId('debrief-q-after-syn-state');
    await expect.poll(() => mc.locator('legend').textContent()).toBe(choice.prompt.en);
    await mc.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await mc.getByRole('radio', { name: 'SYN_SENT' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'debrief-check');
    await page.keyboard.press('Enter');
    await expect.poll(() => mc.getAttribute('data-answered'), { timeout: WAIT }).toBe('right');
    expect(await mc.getByTestId('debrief-result').textContent()).toBe(text('debrief.right') + text('debrief.why', { explanation: choice.explanation.en }));
    // The answer is given: the group is closed, and the focus is on what the answer says.
    expect(await mc.getByRole('radio', { name: 'SYN_SENT' }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('debrief-result');

    // A numeric question answered wrong (the SYN's own seq, forgetting the +1).
    const num = page.getByTestId('debrief-q-handshake-ack');
    await num.getByTestId('debrief-check').click();
    expect(await num.getByTestId('debrief-problem').textContent()).toBe(text('debrief.badNumber'));
    await num.getByLabel(text('debrief.number')).fill('2847391053');
    await num.getByTestId('debrief-check').click();
    await expect.poll(() => num.getAttribute('data-answered'), { timeout: WAIT }).toBe('wrong');
    expect(await num.getByTestId('debrief-problem').textContent()).toBe('');
    expect(await num.getByTestId('debrief-answer').textContent()).toBe(text('debrief.answerIs', { answer: 2847391054 }));
    expect(await num.getByTestId('debrief-explanation').textContent()).toBe(text('debrief.why', { explanation: numeric.explanation.en }));
    // Only the right one is remembered.
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('synack.concepts.v1'))) ?? 'null')).toEqual({ version: 1, right: ['after-syn-state'] });

    expect(await noSidewaysScroll(page), 'no sideways scroll at 390 px').toBe(true);
    const problems = await axeOnDebrief(page, 'en');
    await screenshot(debrief, 'homework-debrief-en');

    // 中文: every text of the debrief re-worded, the answers kept.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('#debrief-heading').textContent(), { timeout: WAIT }).toBe(text('debrief.heading', undefined, 'zh-CN'));
    expect(await mc.locator('legend').textContent()).toBe(choice.prompt['zh-CN']);
    expect(await mc.getByTestId('debrief-result').textContent()).toBe(text('debrief.right', undefined, 'zh-CN') + text('debrief.why', { explanation: choice.explanation['zh-CN'] }, 'zh-CN'));
    expect(await mc.getByRole('radio', { name: 'SYN_SENT' }).isChecked()).toBe(true);
    expect(await num.getByTestId('debrief-number').inputValue()).toBe('2847391053');
    expect(await num.getByTestId('debrief-explanation').textContent()).toBe(text('debrief.why', { explanation: numeric.explanation['zh-CN'] }, 'zh-CN'));
    expect(await num.getByTestId('debrief-answer').textContent()).toBe(text('debrief.answerIs', { answer: 2847391054 }, 'zh-CN'));
    expect(await page.getByTestId('debrief-q-listen-rcv-syn-state').getByTestId('debrief-check').textContent()).toBe(text('debrief.check', undefined, 'zh-CN'));
    expect(await noSidewaysScroll(page), 'no sideways scroll at 390 px in Chinese').toBe(true);
    problems.push(...await axeOnDebrief(page, 'zh-CN'));
    await screenshot(debrief, 'homework-debrief-zh');
    expect(problems, problems.join('\n')).toEqual([]);

    // Another visit (in Chinese, as chosen): the question got right comes back last, marked, the others first.
    await page.reload();
    await playHandshakeIn(page);
    expect(await forms.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-testid')))).toEqual(
      ['listen-rcv-syn-state', 'handshake-ack', 'handshake-third-ack', 'after-syn-state'].map((id) => `debrief-q-${id}`));
    const before = page.getByTestId('debrief-q-after-syn-state').getByTestId('debrief-right-before');
    expect(await before.textContent()).toBe(text('debrief.rightBefore', undefined, 'zh-CN'));
    expect(await debrief.getByTestId('debrief-right-before').count()).toBe(1);
  }, 120_000);

  /** The handshake again after the reload, the page now in Chinese. */
  async function playHandshakeIn(page: Page): Promise<void> {
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe('zh-CN');
    const me = new Player(page, 'debrief-zh', false, 'zh-CN');
    await page.getByTestId('homework-scenario').selectOption('handshake');
    await page.getByTestId('homework-side').selectOption('client');
    await page.getByTestId('homework-speed').selectOption('fast');
    await page.getByTestId('homework-numbers').selectOption('textbook');
    await page.getByTestId('homework-start').click();
    await me.waitForLine('inbox.app.connect');
    await me.sendCorrect({ flags: ['SYN'], seq: 300, ack: 0, len: 0 }, 'SYN_SENT');
    const synAck = await me.nextArrival();
    await me.sendCorrect({ flags: ['ACK'], seq: 301, ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    await me.expectDone();
    await page.getByTestId('debrief').waitFor({ timeout: WAIT });
  }
});
