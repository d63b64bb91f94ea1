/**
 * Teachers' own scenarios in the browser (issue 16): the host writes a scenario in the editor on
 * the host page, "Check and save" has the server play it 100 times at the pace of people before it
 * is listed; the host chooses it in the settings and two students play it in their browsers; the
 * review page names the round by its title. A
 * scenario that cannot finish is refused with the reason shown; a bad file loads nothing; the
 * scenario downloads as the JSON file the server would accept. Needs `npm run build` first, and
 * Chromium.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../shared/index';
import { HAVE_CHROMIUM, HostPage, Player, SKIP_NOTE, WAIT, mod32, switchTo, text, textPattern, useE2E } from './helpers';

const TITLE = { en: 'Hello, handshake', 'zh-CN': '你好，握手' };
const ACHIEVED = { en: 'You opened a connection of your teacher’s own design.', 'zh-CN': '你们建立了一个由老师自己设计的连接。' };

describe.skipIf(!HAVE_CHROMIUM)(`the scenario editor${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const e2e = useE2E({ botDelayMs: 50 });

  const status = (p: Page) => p.getByTestId('editor-status');

  it('a scenario written in the editor is checked, saved, downloaded, chosen and played by two students; one that cannot finish is refused with the reason; a bad file changes nothing', { timeout: 120_000 }, async () => {
    const host = await HostPage.create(e2e.env);
    const p = host.page;
    const ed = p.getByTestId('scenario-editor');
    await ed.scrollIntoViewIfNeeded();
    await p.getByTestId('editor-id').fill('custom-hello');
    await p.getByTestId('editor-title-en').fill(TITLE.en);
    await p.getByTestId('editor-summary-en').fill('Both applications open; the handshake, in a scenario of our own.');
    await p.getByTestId('editor-summary-zh').fill('双方应用打开连接：我们自己的场景中的三次握手。');
    await p.getByTestId('editor-achieved-en').fill(ACHIEVED.en);
    await p.getByTestId('editor-achieved-zh').fill(ACHIEVED['zh-CN']);
    // The Chinese title is missing: the editor says so (nothing is sent).
    await p.getByTestId('editor-save').click();
    await expect.poll(() => status(p).getAttribute('data-status'), { timeout: WAIT }).toBe('invalid');
    expect(await status(p).textContent()).toContain('title.zh-CN: is empty');
    // Typed in, and saved with the keyboard.
    await p.getByTestId('editor-title-zh').fill(TITLE['zh-CN']);
    await p.getByTestId('editor-save').focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => status(p).getAttribute('data-status'), { timeout: WAIT }).toBe('saved');
    expect(await status(p).textContent()).toBe(text('editor.saved', { title: TITLE.en, runs: 100 }));
    // Listed in the settings, by title.
    await expect.poll(() => p.getByTestId('scenario-select').locator('option[value="custom-hello"]').textContent(), { timeout: WAIT }).toBe(`★ ${TITLE.en}`);

    // Downloaded: the file reads back as the same scenario.
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('editor-download').click()]);
    expect(download.suggestedFilename()).toBe('custom-hello.json');
    const saved = readFileSync((await download.path()) as string, 'utf8');
    const read = parseScenarioFile(saved);
    expect(read.ok && read.scenario).toMatchObject({ id: 'custom-hello', title: TITLE, achieved: ACHIEVED, end: { client: 'ESTABLISHED', server: 'ESTABLISHED' } });

    // Chosen for a round, and played by two students in their browsers.
    await host.configure({ scenario: 'custom-hello', delayMin: 200, delayMax: 300, autoEnd: false });
    await p.getByTestId('scenario-summary').filter({ hasText: TITLE.en }).waitFor({ timeout: WAIT });
    const ada = await Player.join(e2e.env, host.code, 'Ada');
    const bo = await Player.join(e2e.env, host.code, 'Bo');
    await host.waitForStudents(['Ada', 'Bo']);
    await host.startRound(1);
    // A student who joins while it runs is told the scenario by its title (students have no list of
    // custom scenarios: the synced state names it), in both languages.
    const late = await Player.join(e2e.env, host.code, 'Cy');
    const said = late.page.getByTestId('late-joiner');
    await said.filter({ hasText: text('stud.late', { n: 1, title: TITLE.en }) }).waitFor({ timeout: WAIT });
    await switchTo(late.page, 'zh-CN');
    await said.filter({ hasText: text('stud.late', { n: 1, title: TITLE['zh-CN'] }, 'zh-CN') }).waitFor({ timeout: WAIT });
    // Round 1 of an automatic pair: the first to join is the client.
    const client = ada;
    const server = bo;
    for (const s of [client, server]) await s.page.getByTestId('round-title').filter({ hasText: text('play.round', { n: 1, title: TITLE.en }) }).waitFor({ timeout: WAIT });
    await client.waitForLine('inbox.app.connect');
    await server.waitForLine('inbox.app.listen');
    await server.declareCorrect('LISTEN');
    await client.sendCorrect({ flags: ['SYN'], seq: 4021, ack: 0, len: 0 }, 'SYN_SENT');
    const syn = await server.nextArrival();
    await server.sendCorrect({ flags: ['SYN', 'ACK'], seq: 9000, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
    const synAck = await client.nextArrival();
    await client.sendCorrect({ flags: ['ACK'], seq: mod32(4022), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    await server.nextArrival();
    await server.declare('ESTABLISHED');
    for (const s of [client, server]) expect(await s.expectDone()).toContain(ACHIEVED.en);
    await host.endRound();
    // The review page names the round by the scenario's title, read from the file kept with the round.
    const review = await p.context().newPage();
    await review.goto(`${e2e.env.base}/review.html?code=${host.code}`);
    const listed = review.getByTestId('pair-1-pair1');
    await listed.waitFor({ timeout: WAIT });
    expect(await listed.textContent()).toContain(TITLE.en);
    await review.close();

    // A close that waits for 50 bytes the server never sends: refused, with the step that never happens.
    await p.getByTestId('editor-id').fill('custom-never');
    await p.getByTestId('editor-client-add').click();
    await p.getByTestId('editor-client-call-1-kind').selectOption('close');
    await p.getByTestId('editor-client-call-1-when').selectOption('received');
    await p.getByTestId('editor-client-call-1-value').fill('50');
    await p.getByTestId('editor-save').click();
    await expect.poll(() => status(p).getAttribute('data-status'), { timeout: WAIT }).toBe('refused');
    const refused = (await status(p).textContent()) ?? '';
    expect(refused).toContain('The scenario cannot be played to its end, so it was not saved.');
    expect(refused).toContain("The client's call 2 (close, when it has received 50 bytes) never happened: the client stayed in ESTABLISHED. (100 of 100 runs)");
    expect(await p.getByTestId('scenario-select').locator('option[value="custom-never"]').count()).toBe(0);

    // A bad file: a clear error, and the editor keeps what it had.
    await p.getByTestId('editor-load').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ "format": ') });
    await expect.poll(() => status(p).getAttribute('data-status'), { timeout: WAIT }).toBe('invalid');
    expect(await status(p).textContent()).toBe(`${text('editor.badFile')}The file is not valid JSON.`);
    expect(await p.getByTestId('editor-id').inputValue()).toBe('custom-never');
    // The downloaded file loads back in.
    await p.getByTestId('editor-load').setInputFiles({ name: 'custom-hello.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
    await expect.poll(() => status(p).getAttribute('data-status'), { timeout: WAIT }).toBe('loaded');
    expect(await p.getByTestId('editor-id').inputValue()).toBe('custom-hello');
    expect(await p.getByTestId('editor-client-calls').locator('fieldset.editor-row').count()).toBe(1);
    expect(await status(p).textContent()).toMatch(textPattern('editor.loaded'));
  });
});
