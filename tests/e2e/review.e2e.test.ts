import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'colyseus.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app';
import { RemoteBot, RemoteHost } from '../support/bots/index';
import { checkTrace, explainRule, type Trace } from '../../shared/index';
import { longTrace } from '../support/trace-gen';
import { LADDER_WINDOW } from '../../client/src/ladder/svg';
import { fixture, lostFinalAckDelivered } from '../shared/review/mutations';

/**
 * The after-class review page in a real browser (headless Chromium via playwright-core): a class
 * plays one assessment round with one deliberately wrong send, then the host opens the review,
 * steps through the pair's replay, clicks the wrong segment and reads the rule's explanation,
 * opens the statistics and downloads the gradebook. Two more rounds of lost final ACK are stored
 * as if played (one stored as not having had its lesson, one stored before results had a lesson,
 * its trace without the re-ACK in TIME_WAIT): the page says their lesson did not happen. Needs the built client (`npm run build`,
 * with review.html as a second input) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 * REVIEW_DIST points at another build folder. Screenshots go to test-output/.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = process.env.REVIEW_DIST ? path.resolve(process.env.REVIEW_DIST) : path.join(ROOT, 'client/dist');
const OUT = path.join(ROOT, 'test-output');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const missing = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`
  : !existsSync(path.join(DIST, 'review.html'))
    ? `${path.join(DIST, 'review.html')} is not built (run npm run build with review.html as a Vite input, or set REVIEW_DIST)`
    : null;
if (missing) console.warn(`[review e2e] skipped: ${missing}`);

describe.skipIf(missing !== null)(`the review page in a browser${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let app: RunningApp;
  let host: RemoteHost;
  let bots: RemoteBot[] = [];
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  let trace: Trace;
  let wrongIndex: number;
  /** Script errors in the pages (a refused request's console line is expected in the 403 test, not these). */
  const pageErrors: string[] = [];
  const watch = (p: Page) => p.on('pageerror', (e) => pageErrors.push(e.message));

  beforeAll(async () => {
    app = await startApp({ port: 0, host: '127.0.0.1', clientDir: DIST, botDelayMs: 20, log: () => undefined });
    const url = `http://127.0.0.1:${app.port}`;
    const client = new Client(url);
    host = await RemoteHost.create(client, url);
    // One deliberate mistake: the first send of the first student is a wrong variant.
    bots = [
      await RemoteBot.join(client, host.code, { nickname: 'alice', declareStates: true, settleMs: 150, mistakes: 1 }),
      await RemoteBot.join(client, host.code, { nickname: 'bob', declareStates: true, settleMs: 150 }),
    ];
    await host.configureRound({ scenario: 'handshake', mode: 'assessment', rtoMs: 1000, mslMs: 1000, net: { loss: 0, delayMin: 20, delayMax: 40, duplicate: 0, reorder: 0 } });
    const started = await host.startRound();
    await host.waitAllFinished(started.round, 20_000);
    await host.endRound();
    trace = await host.fetchTrace(1, 'pair1');
    const report = checkTrace(trace);
    wrongIndex = report.events.findIndex((e) => e.verdict && !e.verdict.ok && trace.events[e.index]?.type === 'send');
    await storeLessonRounds();
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(path.join(tmpdir(), 'synack-review-e2e-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'en-US', viewport: { width: 1440, height: 1000 }, acceptDownloads: true,
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    watch(page);
  }, 60_000);

  /** Round 2: pair1 stored as not having had its lesson, pair2 stored before results had one. */
  async function storeLessonRounds(): Promise<void> {
    const store = async (pairId: string, t: Trace, result: { finished: boolean; lesson?: boolean }) => {
      const key = { code: host.code, round: 2, pairId };
      await app.recorder.openRound({
        ...key, scenario: 'lost-final-ack', mode: 'practice', seed: 1, settings: {}, players: { client: 'alice', server: 'bob' },
        playerIds: { client: null, server: null }, judge: ['client', 'server'], startedAt: new Date().toISOString(),
      });
      await app.recorder.append(key, t.events);
      await app.recorder.closeRound(key, { ...result, scores: { client: 0, server: 0 }, endedAt: new Date().toISOString() });
    };
    await store('pair1', fixture('07-lost-final-ack.json'), { finished: true, lesson: false });
    await store('pair2', lostFinalAckDelivered(), { finished: true });
  }

  afterEach(() => {
    expect(pageErrors, 'script errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await ctx?.close();
    await Promise.all(bots.map((b) => b.leave()));
    await host?.leave();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('recorded a wrong send that assessment mode carried on', () => {
    expect(wrongIndex).toBeGreaterThanOrEqual(0);
    const wrong = trace.events[wrongIndex];
    expect(wrong?.type).toBe('send');
    const next = trace.events.slice(wrongIndex + 1).find((e) => e.type === 'send' && wrong?.type === 'send' && e.side === wrong.side);
    expect(next).toMatchObject({ origin: 'auto' });
  });

  it('asks for the host key, then lists the round and its pair', async () => {
    await page.goto(`http://127.0.0.1:${app.port}/review.html?code=${host.code}`);
    await page.getByTestId('review-key-input').fill(host.hostKey);
    await page.getByTestId('review-load').click();
    const pair = page.getByTestId('pair-1-pair1');
    await pair.waitFor();
    await expect(pair.textContent()).resolves.toMatch(/Handshake/);
    await expect(pair.textContent()).resolves.toMatch(/alice|bob/);
    await expect(pair.textContent()).resolves.toMatch(new RegExp(`${trace.events.length} events`));
  });

  it('steps through the replay event by event', async () => {
    await page.getByTestId('pair-1-pair1').click();
    await page.getByTestId('ladder').waitFor();
    const n = trace.events.length;
    await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${n} of ${n}`);
    await page.getByTestId('scrub').fill('0');
    await expect(page.locator('[data-testid^="ladder-segment-"]').count()).resolves.toBe(0);
    for (let i = 1; i <= n; i++) {
      await page.getByTestId('step-forward').click();
      await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${i} of ${n}`);
      const shown = await page.getByTestId(`ladder-segment-${wrongIndex}`).count();
      expect(shown).toBe(i > wrongIndex ? 1 : 0);
    }
    await expect(page.getByTestId('step-forward').isDisabled()).resolves.toBe(true);
    await page.getByTestId('step-back').click();
    await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${n - 1} of ${n}`);
    // Keyboard: End on the diagram shows everything again.
    await page.locator('.ladder-box').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${n} of ${n}`);
  });

  it('opens the wrong segment’s details: what was chosen, what was correct and the rule explained', async () => {
    const report = checkTrace(trace);
    const errors = report.events[wrongIndex]!.verdict!.errors;
    const seg = page.getByTestId(`ladder-segment-${wrongIndex}`);
    await expect(seg.getAttribute('class')).resolves.toMatch(/\bwrong\b/);
    await expect(seg.textContent()).resolves.toContain('✗');
    await seg.click();
    const panel = page.getByTestId('detail-panel');
    await expect(panel.getByTestId('detail-verdict').textContent()).resolves.toMatch(/Wrong/);
    const shown = await panel.getByTestId('rule-explanation').allTextContents();
    expect(shown).toEqual(errors.map((e) => explainRule(e.rule, 'en', { expected: e.expected, got: e.got })));
    for (const e of errors) await expect(panel.textContent()).resolves.toContain(e.rule);
    // The hint a practising student gets first is there too, after the full text.
    await expect(panel.getByTestId('rule-hint').allTextContents()).resolves.toEqual(errors.map((e) => `A first mistake on this rule in practice gets this hint instead: ${explainRule(e.rule, 'en', { got: e.got }, { hint: true })}`));
    // The round records wall time beside network time: the panel says how long the answer took.
    expect(trace.events[wrongIndex]?.wall).toBeTypeOf('number');
    await expect(panel.getByTestId('detail-answered').textContent()).resolves.toMatch(/^Answered after \d+(\.\d)? m?s /);
    await expect(page.getByTestId('ladder').textContent()).resolves.toContain('ESTABLISHED');
    await page.screenshot({ path: path.join(OUT, 'review-e2e-ladder.png'), fullPage: true });
    await page.getByTestId('ladder').screenshot({ path: path.join(OUT, 'review-e2e-ladder-only.png') });
  });

  it('downloads the raw trace of the selected round', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trace').click()]);
    expect(download.suggestedFilename()).toBe(`synack-${host.code}-round1-pair1.json`);
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Trace;
    expect(saved).toEqual(trace);
  });

  it('opens the details from the keyboard too (Enter on a focused segment)', async () => {
    await page.getByTestId('detail-close').click();
    await expect(page.getByTestId('detail-panel').getByTestId('rule-explanation').count()).resolves.toBe(0);
    await page.getByTestId(`ladder-segment-${wrongIndex}`).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail-panel').getByTestId('rule-explanation').count()).resolves.toBeGreaterThan(0);
  });

  it('shows the class statistics and downloads the gradebook CSV', async () => {
    await page.getByTestId('tab-stats').click();
    await page.getByTestId('students-table').waitFor();
    const report = checkTrace(trace);
    const rule = report.events[wrongIndex]!.verdict!.errors[0]!.rule;
    await expect(page.getByTestId('stats-mistakes').textContent()).resolves.toContain(rule);
    await expect(page.getByTestId('stats-mistakes-chart').getAttribute('role')).resolves.toBe('img');
    await expect(page.getByTestId('students-table').locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.getByTestId('stats-scenarios').textContent()).resolves.toMatch(/Handshake/);
    await page.screenshot({ path: path.join(OUT, 'review-e2e-stats.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`synack-${host.code}.csv`);
  });

  it('says in the list and over the replay that a round’s lesson did not happen', async () => {
    await page.getByTestId('tab-replays').click();
    // The handshake round had its lesson: no note.
    await page.getByTestId('pair-1-pair1').click();
    await page.locator('#viewer-title', { hasText: 'Round 1 · pair1' }).waitFor();
    await expect(page.getByTestId('replay-lesson').count()).resolves.toBe(0);
    await expect(page.getByTestId('pair-1-pair1').getByTestId('pair-no-lesson').count()).resolves.toBe(0);
    // Stored as not having had it: the list says so, and so does the replay.
    const stored = page.getByTestId('pair-2-pair1');
    await expect(stored.getByTestId('pair-no-lesson').textContent()).resolves.toContain('the lesson did not happen');
    await expect(stored.textContent()).resolves.not.toContain('✓');
    await stored.click();
    await page.locator('#viewer-title', { hasText: 'Round 2 · pair1' }).waitFor();
    await expect(page.getByTestId('replay-lesson').textContent()).resolves.toMatch(/^⚠ The lesson did not happen/);
    // Stored before results had a lesson: the replay reads it from the trace, and the list learns it then.
    const old = page.getByTestId('pair-2-pair2');
    await expect(old.getByTestId('pair-no-lesson').count()).resolves.toBe(0);
    await old.click();
    await page.locator('#viewer-title', { hasText: 'Round 2 · pair2' }).waitFor();
    const note = page.getByTestId('replay-lesson');
    await expect(note.textContent()).resolves.toContain('a retransmission timeout at the server');
    await expect(note.textContent()).resolves.toContain('the repeated FIN reaching the client in TIME_WAIT');
    await expect(page.getByTestId('pair-2-pair2').getByTestId('pair-no-lesson').textContent()).resolves.toContain('the lesson did not happen');
    await page.screenshot({ path: path.join(OUT, 'review-e2e-no-lesson.png'), fullPage: true });
    // In Chinese too.
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('replay-lesson').textContent()).resolves.toMatch(/^⚠ 教学环节没有发生/);
    await expect(page.getByTestId('pair-2-pair1').getByTestId('pair-no-lesson').textContent()).resolves.toBe('已完成 · ⚠ 教学环节没有发生 · 25 个事件');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('replay-lesson').textContent()).resolves.toMatch(/^⚠ The lesson did not happen/);
  });

  it('counts the rounds without their lesson in the statistics', async () => {
    await page.getByTestId('tab-stats').click();
    await page.getByTestId('stats-scenarios-chart').waitFor();
    await expect(page.getByTestId('stats-scenarios').textContent()).resolves.toMatch(/Lost final ACK[\s\S]*0% · 0 of 2 pairs · ⚠ no lesson in 2/);
  });

  it('checks a large trace in a worker: progress while the page stays usable, Cancel stops it, a second try finishes and shows it', async () => {
    // A long, correct conversation (many small writes, loss, duplicates, reordering): megabytes of JSON.
    const big = longTrace({ events: 200_000, loss: 0.1, duplicate: 0.05, reorder: 0.2, writeBytes: 200, seed: 12 });
    const file = path.join(profile, 'big-trace.json');
    writeFileSync(file, JSON.stringify(big));
    const mb = statSync(file).size / 2 ** 20;
    expect(mb).toBeGreaterThan(15);
    const chunk = page.getByTestId('import-progress');
    await page.goto(`http://127.0.0.1:${app.port}/review.html`);
    await page.getByTestId('tab-import').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await chunk.waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('import-result').textContent()).resolves.toMatch(/big-trace\.json/);
    // Cancelled: the worker ends, the page says so, nothing is shown as imported.
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('import-result').textContent()).resolves.toBe('The check of “big-trace.json” was cancelled.');
    await expect(chunk.count()).resolves.toBe(0);
    // Again, to the end: the progress bar moves on while the page still answers (the language switch
    // relabels it while the check runs), and the result names the answers judged.
    await page.getByTestId('import-file').setInputFiles(file);
    await chunk.waitFor({ timeout: 30_000 });
    const seen = new Set<string>();
    let switched = false;
    await expect.poll(async () => {
      const value = await chunk.getAttribute('value', { timeout: 200 }).catch(() => null);
      if (value !== null) seen.add(value);
      if (!switched && seen.size >= 2) {
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('import-result').textContent()).resolves.toMatch(/正在检查|正在读取|有效的轨迹/);
        await page.getByTestId('lang-switch').click();
        switched = true;
      }
      return (await page.getByTestId('import-result').textContent()) ?? '';
    }, { timeout: 120_000, interval: 50 }).toMatch(/is a valid trace/);
    const report = checkTrace(big);
    expect(report.valid).toBe(true);
    if (!report.valid) return;
    await expect(page.getByTestId('import-result').textContent()).resolves.toContain(`${report.summary.correct} of ${report.summary.judged} judged answers correct`);
    expect(seen.size, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(switched).toBe(true);
    // Shown in Replays as the window of events that ends at the last one, saying what it leaves out.
    await page.getByTestId('tab-replays').click();
    await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${big.events.length} of ${big.events.length}`);
    await expect(page.getByTestId('ladder-window').textContent()).resolves.toContain(`${big.events.length - LADDER_WINDOW} earlier events are not drawn`);
    await expect(page.locator('[data-testid^="ladder-segment-"]').count()).resolves.toBeLessThanOrEqual(LADDER_WINDOW);
    await page.getByTestId('step-back').click();
    await expect(page.getByTestId('replay-position').textContent()).resolves.toContain(`Event ${big.events.length - 1} of ${big.events.length}`);
    await page.screenshot({ path: path.join(OUT, 'review-e2e-import.png') });
  }, 180_000);

  it('refuses a wrong key with a message in both languages and shows nothing else', async () => {
    const other = await ctx.newPage();
    watch(other);
    // Forget the key this browser saved, on a page that opens no class (so nothing saves it again).
    await other.goto(`http://127.0.0.1:${app.port}/review.html`);
    await other.evaluate(() => localStorage.clear());
    await other.goto(`http://127.0.0.1:${app.port}/review.html?code=${host.code}`);
    await other.getByTestId('review-key-input').fill('x'.repeat(32));
    await other.getByTestId('review-load').click();
    const denied = other.getByTestId('review-denied');
    await denied.waitFor();
    await expect(denied.textContent()).resolves.toMatch(/Access denied[\s\S]*拒绝访问/);
    await expect(other.getByTestId('round-list').count()).resolves.toBe(0);
    await expect(other.getByTestId('tab-stats').count()).resolves.toBe(0);
    await other.close();
  });
});
