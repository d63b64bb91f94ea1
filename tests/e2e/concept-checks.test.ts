/**
 * Concept checks in class (issue 17), through the real pages: the host draws five questions and
 * opens the pre-check; two students answer on their own screens (Ana with the mouse, Ben with the
 * keyboard only); the projector shows the count of answers, then the distribution; after a round
 * the post-check; the review page shows the class's gain. No page shows an answer or an
 * explanation before the student answered and the check closed. Screenshots in test-output/.
 * Needs `npm run build` first, and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BANK_LIMITS, correctAnswer, FIRST_BANK, validateBank, type Question } from '../../shared/index';
import { MINE, OURS } from '../support/own-bank';
import { DESKTOP, HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, screenshot, testIdOfFocus, text, useE2E } from './helpers';

const AXE = readFileSync(join(fileURLToPath(new URL('../../', import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core on one part of a page (a CSS selector): its serious and critical violations, one line each. */
async function axeOn(page: Page, selector: string, what: string): Promise<string[]> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: Element, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { html: string }[] }[] }> } }).axe;
    const el = document.querySelector(sel);
    if (!el) return [{ id: 'missing', impact: 'critical', help: `nothing matches ${sel}`, nodes: [] }];
    return (await axe.run(el, { resultTypes: ['violations'] })).violations;
  }, selector);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`);
}

const bank = (() => {
  const r = validateBank(FIRST_BANK);
  if (!r.ok) throw new Error('the first bank does not validate');
  return new Map(r.bank.questions.map((q) => [q.id, q]));
})();

/** The question ids in the order this page shows them. */
async function shownIds(page: Page): Promise<string[]> {
  const ids = await page.getByTestId('check').locator('form.check-q').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^check-q-/, ''));
}

const wrong = (q: Question): number => (q.kind === 'multiple-choice' ? (correctAnswer(q) + 1) % q.options.length : correctAnswer(q) + 1);

/** Ana answers with the mouse: an option clicked (or a number typed), then the button. */
async function answerByMouse(page: Page, answers: (q: Question, i: number) => number, from: ReadonlyMap<string, Question> = bank): Promise<void> {
  const ids = await shownIds(page);
  for (const [i, id] of ids.entries()) {
    const q = from.get(id) as Question;
    const a = answers(q, i);
    if (q.kind === 'numeric') await page.getByTestId(`check-number-${id}`).fill(String(a));
    else await page.getByTestId(`check-option-${id}-${a}`).check();
    await page.getByTestId(`check-submit-${id}`).click();
    await page.getByTestId(`check-q-${id}`).getByTestId('check-recorded').waitFor({ timeout: WAIT });
  }
}

/**
 * Ben answers with the keyboard only: Tab into the first question, arrows (or Space) in a radio
 * group, Tab to the button and Enter (or a number and Enter); once an answer is stored the focus is
 * on the next question by itself.
 */
async function answerByKeyboard(page: Page, answers: (q: Question, i: number) => number, from: ReadonlyMap<string, Question> = bank): Promise<void> {
  const ids = await shownIds(page);
  const first = ids[0] as string;
  for (let tabs = 0; tabs < 40; tabs++) {
    const at = await page.evaluate(() => document.activeElement?.closest('form.check-q')?.getAttribute('data-testid') ?? '');
    if (at === `check-q-${first}`) break;
    await page.keyboard.press('Tab');
  }
  for (const [i, id] of ids.entries()) {
    const q = from.get(id) as Question;
    const a = answers(q, i);
    // The focus is in this question's first control.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form.check-q')?.getAttribute('data-testid') ?? ''), { timeout: WAIT }).toBe(`check-q-${id}`);
    if (q.kind === 'numeric') {
      await page.keyboard.type(String(a));
      await page.keyboard.press('Enter');
    } else {
      if (a === 0) await page.keyboard.press('Space');
      for (let k = 0; k < a; k++) await page.keyboard.press('ArrowDown');
      expect(await page.getByTestId(`check-option-${id}-${a}`).isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      expect(await testIdOfFocus(page)).toBe(`check-submit-${id}`);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId(`check-q-${id}`).getByTestId('check-recorded').waitFor({ timeout: WAIT });
  }
}

/** No explanation of any question of the check is anywhere on the page (nor the words "right answer"). */
async function expectNoAnswerShown(page: Page, ids: string[]): Promise<void> {
  const body = (await page.locator('body').textContent()) ?? '';
  for (const id of ids) {
    const q = bank.get(id) as Question;
    expect(body.includes(q.explanation.en), `explanation of ${id}`).toBe(false);
  }
  expect(body.includes(text('check.answerIs', { answer: '' }).trim())).toBe(false);
}

describe.skipIf(!HAVE_CHROMIUM)(`concept checks in class${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  it('a pre-check answered by mouse and keyboard, the projector\'s count and distribution, a post-check after a round, the gain in the review', async () => {
    const host = await HostPage.create(e2e.env);
    const projector = await host.page.context().newPage();
    await projector.goto(`${e2e.env.base}/#projector=${host.code}`);
    await projector.getByTestId('projector-title').waitFor({ timeout: WAIT });
    const ana = await Player.join(e2e.env, host.code, 'Ana');
    const ben = await Player.join(e2e.env, host.code, 'Ben', true);
    await host.waitForStudents(['Ana', 'Ben']);

    // The host draws five questions; the post-check cannot open before a round.
    await host.page.getByTestId('check-count-select').selectOption('5');
    await host.page.getByTestId('check-choose').click();
    await host.page.getByTestId('check-questions').waitFor({ timeout: WAIT });
    expect(await host.page.getByTestId('check-open-post').isDisabled()).toBe(true);
    await host.page.getByTestId('check-open-pre').click();
    await host.page.getByTestId('check-open-status').waitFor({ timeout: WAIT });

    for (const p of [ana, ben]) await p.page.getByTestId('check').and(p.page.locator('[data-stage="pre"]')).waitFor({ timeout: WAIT });
    const ids = await shownIds(ana.page);
    expect(ids).toHaveLength(5);
    expect([...await shownIds(ben.page)].sort()).toEqual([...ids].sort());
    await expectNoAnswerShown(ana.page, ids);
    const benFirst = (await shownIds(ben.page))[0] as string;
    await screenshot(ben.page, 'check-pre-open', true);

    // Ana: all right. Ben: only his first question right.
    await answerByMouse(ana.page, (q) => correctAnswer(q));
    await answerByKeyboard(ben.page, (q, i) => (i === 0 ? correctAnswer(q) : wrong(q)));
    // Answered, not yet closed: still nothing tells an answer.
    for (const p of [ana, ben]) {
      await p.page.getByTestId('check-progress').filter({ hasText: text('check.waitClose') }).waitFor({ timeout: WAIT });
      await expectNoAnswerShown(p.page, ids);
    }
    const count = text('check.count', { answers: 10, answering: 2, students: 2, complete: 2 });
    await host.page.getByTestId('check-count').filter({ hasText: count }).waitFor({ timeout: WAIT });
    await projector.getByTestId('projector-check').getByTestId('check-count').filter({ hasText: count }).waitFor({ timeout: WAIT });
    await screenshot(projector, 'check-projector-count');

    // Closed: the projector's distribution, each student's own result.
    await host.page.getByTestId('check-close').click();
    const dist = projector.getByTestId('projector-check').getByTestId('check-results');
    await dist.waitFor({ timeout: WAIT });
    for (const id of ids) {
      const right = id === benFirst ? 2 : 1;
      expect(await dist.getByTestId(`check-dist-${id}`).getByTestId('check-right-count').textContent(), id).toBe(text('check.rightCount', { right, answers: 2 }));
    }
    await screenshot(projector, 'check-projector-distribution');
    await ana.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 5, max: 5 }) }).waitFor({ timeout: WAIT });
    await ben.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 1, max: 5 }) }).waitFor({ timeout: WAIT });
    expect(await ben.page.getByTestId('check-verdict').allTextContents()).toEqual([text('check.right'), ...Array(4).fill(text('check.wrong'))]);
    await screenshot(ben.page, 'check-pre-result', true);

    // A round (started and ended by the host), then the post-check.
    await host.startRound(1);
    await host.endRound();
    await host.page.getByTestId('check-open-post').click();
    for (const p of [ana, ben]) await p.page.getByTestId('check').and(p.page.locator('[data-stage="post"][data-state="open"]')).waitFor({ timeout: WAIT });
    await answerByMouse(ana.page, (q) => correctAnswer(q));
    await answerByKeyboard(ben.page, (q, i) => (i === 4 ? wrong(q) : correctAnswer(q)));
    await host.page.getByTestId('check-count').filter({ hasText: count }).waitFor({ timeout: WAIT });
    await host.page.getByTestId('check-close').click();
    await ben.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 4, max: 5 }) }).waitFor({ timeout: WAIT });

    // The review: before 3 (5 and 1), after 4.5 (5 and 4), out of 5: g = (4.5 − 3) / (5 − 3) = 0.750; Ben's own (4 − 1) / (5 − 1) = 0.750, Ana's undefined.
    const review = await host.page.context().newPage();
    await review.goto(`${e2e.env.base}/review.html?code=${host.code}`);
    await review.getByTestId('tab-stats').click();
    const section = review.getByTestId('stats-concepts');
    await section.waitFor({ timeout: WAIT });
    expect(await section.getByTestId('concepts-gain').textContent()).toBe(text('review.concepts.gain' as never, { g: '0.750' }));
    const rows = await section.getByTestId('concepts-student').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([['Ana', '5', '5', '—'], ['Ben', '1', '4', '0.750']]);
    expect(await section.getByTestId('concepts-questions').locator('tbody tr').count()).toBe(5);
    await screenshot(review, 'check-review-gain', true);
  }, 120_000);

  it('a teacher\'s own bank: a bad file refused with its problems, a good one loaded; five of its questions ticked by keyboard; a student answers in 简体中文; axe on every check view', async () => {
    // bypassCSP: axe is injected as a script.
    const host = await HostPage.create(e2e.env, { ...DESKTOP, bypassCSP: true });
    const hp = host.page;
    const projector = await hp.context().newPage();
    await projector.goto(`${e2e.env.base}/#projector=${host.code}`);
    await projector.getByTestId('projector-title').waitFor({ timeout: WAIT });
    const lin = await Player.join(e2e.env, host.code, 'Lin', true, { ...DESKTOP, bypassCSP: true });
    const ana = await Player.join(e2e.env, host.code, 'Ana');
    await host.waitForStudents(['Lin', 'Ana']);
    const problems: string[] = [];
    const mine = new Map(MINE.map((q) => [q.id, q]));

    // The first bank until a file is loaded.
    const title = hp.getByTestId('check-bank-title');
    await title.filter({ hasText: text('check.bank.first', { title: FIRST_BANK.title.en, n: bank.size }) }).waitFor({ timeout: WAIT });
    const file = hp.getByTestId('check-bank-file');
    // A bad file: its problems listed (question and field named), nothing changed.
    const bad = structuredClone(OURS) as { questions: { prompt: Record<string, string> }[] };
    delete bad.questions[1]?.prompt['zh-CN'];
    e2e.env.expectConsoleError(/^host: console\.error Failed to load resource: the server responded with a status of 400/);
    await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const refused = hp.getByTestId('check-bank-errors');
    await refused.filter({ hasText: text('check.bank.refused') }).waitFor({ timeout: WAIT });
    expect(await refused.getByTestId('check-bank-problem').allTextContents()).toEqual(['Question 2 ("ours-ack-of-syn"), prompt.zh-CN: is missing']);
    await screenshot(hp.getByTestId('check-controls'), 'check-bank-refused');
    // Larger than the server reads: refused in the page, nothing sent.
    await file.setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(BANK_LIMITS.fileChars * 3 + 1, 32) });
    await refused.filter({ hasText: text('check.bank.tooLarge', { kb: BANK_LIMITS.fileChars / 1024 }) }).waitFor({ timeout: WAIT });
    expect(await title.textContent()).toBe(text('check.bank.first', { title: FIRST_BANK.title.en, n: bank.size }));
    // Questions drawn from the first bank, then the good file: they are not from the class's bank any more, so the check cannot open until they are chosen again.
    await hp.getByTestId('check-count-select').selectOption('5');
    await hp.getByTestId('check-choose').click();
    await hp.getByTestId('check-questions').waitFor({ timeout: WAIT });
    await file.setInputFiles({ name: 'ours.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(OURS, null, 2)) });
    await hp.getByTestId('check-stale').filter({ hasText: text('check.bank.chooseAgain') }).waitFor({ timeout: WAIT });
    expect(await hp.getByTestId('check-open-pre').isDisabled()).toBe(true);
    await hp.getByTestId('check-bank-status').filter({ hasText: text('check.bank.loaded', { title: OURS.title.en, n: MINE.length }) }).waitFor({ timeout: WAIT });
    expect(await refused.textContent()).toBe('');
    await title.filter({ hasText: text('check.bank.own', { title: OURS.title.en, n: MINE.length }) }).waitFor({ timeout: WAIT });

    // Chosen by hand with the keyboard: the list opened, four ticked (too few, said), then a fifth.
    await hp.getByTestId('check-pick').locator('summary').focus();
    await hp.keyboard.press('Enter');
    const ticks = MINE.map((q) => hp.getByTestId(`check-pick-${q.id}`));
    const chosen = [0, 1, 2, 4, 5];
    for (const i of chosen.slice(0, 4)) {
      await ticks[i]!.focus();
      await hp.keyboard.press('Space');
    }
    await hp.getByTestId('check-use-picked').focus();
    await hp.keyboard.press('Enter');
    await hp.getByTestId('check-pick-problem').filter({ hasText: text('check.pick.problem', { min: 5, max: 10, n: 4 }) }).waitFor({ timeout: WAIT });
    await ticks[5]!.focus();
    await hp.keyboard.press('Space');
    await hp.getByTestId('check-pick-count').filter({ hasText: text('check.pick.count', { n: 5 }) }).waitFor({ timeout: WAIT });
    problems.push(...await axeOn(hp, '[data-testid="check-controls"]', 'host checks panel, choosing'));
    await screenshot(hp.getByTestId('check-controls'), 'check-bank-pick');
    await hp.getByTestId('check-use-picked').focus();
    await hp.keyboard.press('Enter');
    const ids = chosen.map((i) => MINE[i]!.id);
    await expect.poll(() => hp.getByTestId('check-questions').locator('li').allTextContents(), { timeout: WAIT }).toEqual(ids.map((id) => mine.get(id)!.prompt.en));
    expect(await hp.getByTestId('check-stale').count()).toBe(0);
    await hp.getByTestId('check-open-pre').click();
    await hp.getByTestId('check-open-status').waitFor({ timeout: WAIT });

    // Lin answers in 简体中文, by keyboard; Ana in English, by mouse.
    await lin.page.getByTestId('check').and(lin.page.locator('[data-stage="pre"]')).waitFor({ timeout: WAIT });
    await lin.page.getByTestId('lang-switch').click();
    await expect.poll(() => lin.page.locator('#check-heading').textContent(), { timeout: WAIT }).toBe(text('check.heading.pre', undefined, 'zh-CN'));
    const linFirst = (await shownIds(lin.page))[0] as string;
    expect([...await shownIds(lin.page)].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await lin.page.getByTestId(`check-q-${id}`).locator('legend').textContent()).toBe(mine.get(id)!.prompt['zh-CN']);
    problems.push(...await axeOn(lin.page, '[data-testid="check"]', 'student check panel (zh-CN), open'));
    await screenshot(lin.page, 'check-own-bank-zh', true);
    await answerByKeyboard(lin.page, (q, i) => (i === 0 ? correctAnswer(q) : wrong(q)), mine);
    await lin.page.getByTestId('check-progress').filter({ hasText: text('check.waitClose', undefined, 'zh-CN') }).waitFor({ timeout: WAIT });
    await ana.page.getByTestId('check').and(ana.page.locator('[data-stage="pre"]')).waitFor({ timeout: WAIT });
    await answerByMouse(ana.page, (q) => correctAnswer(q), mine);
    const count = text('check.count', { answers: 10, answering: 2, students: 2, complete: 2 });
    await projector.getByTestId('projector-check').getByTestId('check-count').filter({ hasText: count }).waitFor({ timeout: WAIT });
    problems.push(...await axeOn(hp, '[data-testid="check-controls"]', 'host checks panel, open'));
    problems.push(...await axeOn(projector, '[data-testid="projector-check"]', 'projector check view, count'));
    await hp.getByTestId('check-close').click();
    await projector.getByTestId('projector-check').getByTestId('check-results').waitFor({ timeout: WAIT });
    problems.push(...await axeOn(projector, '[data-testid="projector-check"]', 'projector check view, distribution'));
    // Lin's result in Chinese: the score, and why, in the bank's own words.
    await lin.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 1, max: 5 }, 'zh-CN') }).waitFor({ timeout: WAIT });
    expect(await lin.page.getByTestId(`check-result-${linFirst}`).locator('.check-why').textContent()).toBe(text('check.why', { explanation: mine.get(linFirst)!.explanation['zh-CN'] }, 'zh-CN'));
    problems.push(...await axeOn(lin.page, '[data-testid="check"]', 'student check panel (zh-CN), result'));
    // Ana reloads her page after the close: back in the class, her own result again, with the questions' words.
    await ana.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 5, max: 5 }) }).waitFor({ timeout: WAIT });
    await ana.page.reload();
    await ana.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 5, max: 5 }) }).waitFor({ timeout: WAIT });
    expect(await ana.page.getByTestId(`check-result-${ids[0]}`).locator('.check-prompt').textContent()).toBe(mine.get(ids[0]!)!.prompt.en);

    // After a round the post-check has the same questions (nothing to choose again).
    await host.startRound(1);
    await host.endRound();
    await hp.getByTestId('check-open-post').click();
    await ana.page.getByTestId('check').and(ana.page.locator('[data-stage="post"][data-state="open"]')).waitFor({ timeout: WAIT });
    expect([...await shownIds(ana.page)].sort()).toEqual([...ids].sort());
    await answerByMouse(ana.page, (q) => correctAnswer(q), mine);
    await answerByKeyboard(lin.page, (q) => correctAnswer(q), mine);
    await hp.getByTestId('check-close').click();
    await lin.page.getByTestId('check-score').filter({ hasText: text('check.score', { score: 5, max: 5 }, 'zh-CN') }).waitFor({ timeout: WAIT });

    // The review words the teacher's questions as the check ran them: pre 3 (5 and 1), post 5, g = 1.000.
    const review = await hp.context().newPage();
    await review.goto(`${e2e.env.base}/review.html?code=${host.code}`);
    await review.getByTestId('tab-stats').click();
    const section = review.getByTestId('stats-concepts');
    await section.waitFor({ timeout: WAIT });
    expect(await section.getByTestId('concepts-gain').textContent()).toBe(text('review.concepts.gain' as never, { g: '1.000' }));
    for (const id of ids) expect(await section.getByTestId(`concepts-q-${id}`).locator('th').textContent()).toContain(mine.get(id)!.prompt.en);
    problems.push(...await axeOn(review, '[data-testid="stats-concepts"]', 'review concepts section'));
    // …and in Chinese, in the bank's Chinese words.
    await review.getByTestId('lang-switch').click();
    await section.locator('h3').filter({ hasText: text('review.concepts.heading' as never, undefined, 'zh-CN') }).waitFor({ timeout: WAIT });
    for (const id of ids) expect(await section.getByTestId(`concepts-q-${id}`).locator('th').textContent()).toContain(mine.get(id)!.prompt['zh-CN']);
    problems.push(...await axeOn(review, '[data-testid="stats-concepts"]', 'review concepts section (zh-CN)'));
    await screenshot(review, 'check-own-bank-review', true);
    expect(problems).toEqual([]);
  }, 120_000);
});
