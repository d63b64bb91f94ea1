/**
 * A capture on the review page in a real browser (issue 16): a pcapng chosen with the file input
 * (or dropped on the zone) is told from a trace by its first bytes and read in the page's worker,
 * nothing uploaded; its TCP connections are listed with what was skipped; the one picked with the
 * keyboard is shown as a ladder judged exactly as check-trace judges it, with the capture's notes,
 * in English and in Chinese. A file that is neither a trace nor a capture, and a capture without
 * any TCP connection, are said in both languages and change nothing else on the page.
 *
 * The two-connection pcapng is made here from bytes (always runs); real ones are recorded on
 * loopback by `dumpcap` (tests/support/loopback-capture.ts, as root; skipped with a note without):
 * a lifecycle, and a connection the client reopens on the same ports (one row, its second connect
 * drawn as a reconnect).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { pluralIn, textIn } from '../../client/src/i18n/ui';
import { judgeConnection, readCapture, type CaptureNote } from '../../shared/capture/index';
import { explainRule } from '../../shared/i18n/index';
import { ETH, ipv4, pcapngSection, type Seg } from '../shared/capture/bytes';
import { DESKTOP, HAVE_CHROMIUM, SKIP_NOTE, useE2E, WAIT } from './helpers';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

const T0 = 1_700_000_000_000_000_000n;
const c = (s: Omit<Seg, 'sport' | 'dport' | 'src' | 'dst'>): Seg => ({ ...s, sport: 40000, dport: 80, src: '10.0.0.1', dst: '10.0.0.2' });
const s = (x: Omit<Seg, 'sport' | 'dport' | 'src' | 'dst'>): Seg => ({ ...x, sport: 80, dport: 40000, src: '10.0.0.2', dst: '10.0.0.1' });
/** Handshake, 5 bytes, close: every send correct. */
const LIFECYCLE = [
  c({ seq: 100, flags: 'S' }), s({ seq: 9000, ack: 101, flags: 'SA' }), c({ seq: 101, ack: 9001, flags: 'A' }),
  c({ seq: 101, ack: 9001, flags: 'PA', len: 5 }), s({ seq: 9001, ack: 106, flags: 'FA' }), c({ seq: 106, ack: 9002, flags: 'FA' }), s({ seq: 9002, ack: 107, flags: 'A' }),
];
/** Caught mid-way (no SYN: the client is the lower port) and ended by a RST nobody owed (an abort). */
const MIDWAY: Seg[] = [
  { seq: 5000, ack: 7000, flags: 'A', len: 10, sport: 50000, dport: 443, src: '10.0.0.3', dst: '10.0.0.4' },
  // The RST comes before anything reached its sender (an answer to the ACK below would be owed).
  { seq: 5010, ack: 7000, flags: 'RA', sport: 50000, dport: 443, src: '10.0.0.3', dst: '10.0.0.4' },
  { seq: 7000, ack: 5010, flags: 'A', sport: 443, dport: 50000, src: '10.0.0.4', dst: '10.0.0.3' },
];
const UDP = ETH(ipv4({ sport: 53, dport: 53, seq: 0, flags: '' }, { proto: 17 }));

function pcapng(frames: Uint8Array[]): Buffer {
  return Buffer.from(pcapngSection([{ linkType: 1 }], frames.map((data, i) => ({ ns: T0 + BigInt(i) * 1_000_000n, data }))));
}
const TWO = pcapng([...LIFECYCLE, ...MIDWAY].map((x) => ETH(ipv4(x))).concat([UDP]));

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const DUMPCAP = process.getuid?.() === 0 && has('dumpcap');
const DUMPCAP_NOTE = 'SKIPPED: a real capture needs root and dumpcap (apt-get install -y tshark)';
if (!DUMPCAP) console.warn(`[review-capture] ${DUMPCAP_NOTE}`);
const dir = mkdtempSync(path.join(tmpdir(), 'synack-review-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The expected judgement of a capture's connection n, by the same code check-trace runs. */
function expected(bytes: Uint8Array, n: number) {
  const capture = readCapture(bytes);
  const { trace, report } = judgeConnection(capture, capture.connections[n - 1]!);
  return { trace, report, notes: (trace.meta?.notes ?? []) as CaptureNote[] };
}

describe.skipIf(!HAVE_CHROMIUM)(`a capture on the review page${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E();

  async function openImport(bypassCSP = false): Promise<Page> {
    const page = await b.env.page('review', { ...DESKTOP, bypassCSP });
    await page.goto(`${b.env.base}/review.html`);
    await page.getByTestId('tab-import').click();
    return page;
  }

  /** axe-core's serious and critical violations on the page as it is (axe injected past the CSP: `openImport(true)`). */
  async function axe(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const a = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { html: string }[] }[] }> } }).axe;
      return (await a.run(document, { resultTypes: ['violations'] })).violations;
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} [${v.impact}] at ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`);
  }

  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
  const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent()) ?? '';

  it('lists a pcapng’s connections, opens the one picked with the keyboard judged with its notes, in English and Chinese', async () => {
    const page = await openImport();
    // The name says JSON: the first bytes say pcapng, and they decide.
    await page.getByTestId('import-file').setInputFiles({ name: 'two.json', mimeType: 'application/json', buffer: TWO });
    const list = page.getByTestId('capture-list');
    await list.waitFor({ timeout: WAIT });
    await expect(text(page, 'capture-summary')).resolves.toBe('pcapng file, 11 packets, 10 of them TCP: 2 connections.');
    await expect(text(page, 'capture-skipped')).resolves.toBe('Skipped: IP packets that are not TCP (UDP, ICMP…): 1.');
    const row1 = page.getByTestId('capture-conn-1');
    const row2 = page.getByTestId('capture-conn-2');
    await expect(row1.locator('td').allTextContents()).resolves.toEqual(['10.0.0.1:40000', '10.0.0.2:80', '7', '0.000 s – 0.006 s', 'seen', 'FIN both ways', 'Open']);
    await expect(row2.locator('td').allTextContents()).resolves.toEqual(['10.0.0.4:443 (by the lower port: no SYN seen)', '10.0.0.3:50000', '3', '0.007 s – 0.009 s', 'not seen', 'RST', 'Open']);
    // Each Open button says which connection it opens to a screen reader.
    await expect(page.getByRole('button', { name: 'Open connection 2: client 10.0.0.4:443, server 10.0.0.3:50000' }).count()).resolves.toBe(1);
    // Nothing is shown yet: several connections wait for a pick.
    await expect(page.locator('#viewer-title').textContent()).resolves.toBe('Replays');

    // Picked with the keyboard: Tab from the first Open button to the second, Enter.
    await page.getByTestId('capture-open-1').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const want = expected(TWO, 2);
    const title = 'Capture “two.json” · connection 2: client 10.0.0.4:443, server 10.0.0.3:50000';
    await page.locator('#viewer-title', { hasText: title }).waitFor({ timeout: WAIT });
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('viewer-title');
    const sum = want.report.summary;
    expect(sum.correct).toBeLessThan(sum.judged);
    await expect(text(page, 'replay-summary')).resolves.toBe(pluralIn('en', 'review.viewer.summary', sum.judged, { correct: sum.correct }));
    expect(want.notes.map((n) => n.id)).toEqual(expect.arrayContaining(['capture.client-by-lower-port', 'capture.abort-rst']));
    await expect(page.getByTestId('replay-notes').locator('li').allTextContents()).resolves.toEqual(want.notes.map((n) => n.en));
    // The ladder is judged: the wrong send is marked, and its details explain the rule.
    const wrong = want.report.events.find((e) => e.verdict && !e.verdict.ok)!;
    const seg = page.getByTestId(`ladder-segment-${wrong.index}`);
    await expect(seg.getAttribute('class')).resolves.toMatch(/\bwrong\b/);
    await seg.click();
    const panel = page.getByTestId('detail-panel');
    await expect(panel.getByTestId('rule-explanation').allTextContents()).resolves.toEqual(wrong.verdict!.errors.map((e) => explainRule(e.rule, 'en', { expected: e.expected, got: e.got })));

    // 中文: the replay's heading, notes and rules, then the list.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('zh-CN');
    await expect(page.locator('#viewer-title').textContent()).resolves.toBe('抓包“two.json” · 第 2 个连接：客户端 10.0.0.4:443，服务器 10.0.0.3:50000');
    await expect(page.getByTestId('replay-notes').locator('strong').textContent()).resolves.toBe('关于这个抓包');
    await expect(page.getByTestId('replay-notes').locator('li').allTextContents()).resolves.toEqual(want.notes.map((n) => n.zh));
    await expect(text(page, 'replay-summary')).resolves.toBe(textIn('zh-CN', 'review.viewer.summary', { n: sum.judged, correct: sum.correct }));
    await expect(panel.getByTestId('rule-explanation').allTextContents()).resolves.toEqual(wrong.verdict!.errors.map((e) => explainRule(e.rule, 'zh-CN', { expected: e.expected, got: e.got })));
    await page.getByTestId('tab-import').click();
    await expect(text(page, 'capture-summary')).resolves.toBe('pcapng 文件，11 个数据包，其中 10 个是 TCP：2 个连接。');
    await expect(text(page, 'capture-skipped')).resolves.toBe('已跳过：不是 TCP 的 IP 数据包（UDP、ICMP 等）：1。');
    await expect(page.getByTestId('capture-connections').locator('thead th').allTextContents()).resolves.toEqual(['编号', '客户端', '服务器', '数据包', '第一个 – 最后一个数据包', '握手', '关闭', '打开']);
    await expect(row2.locator('td').allTextContents()).resolves.toEqual(['10.0.0.4:443 (按较小的端口判断：没有看到 SYN)', '10.0.0.3:50000', '3', '0.007 秒 – 0.009 秒', '未看到', 'RST（复位）', '打开 ✓ 已在“回放”中显示']);
    await expect(row2.getAttribute('aria-current')).resolves.toBe('true');
    await expect(row1.getAttribute('aria-current')).resolves.toBe(null);
    await expect(text(page, 'import-result')).resolves.toBe(textIn('zh-CN', 'review.capture.ok', { name: 'two.json', conn: 2, n: sum.judged, correct: sum.correct }));

    // The other connection, every send correct; back in English.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('capture-open-1').click();
    await page.locator('#viewer-title', { hasText: 'connection 1: client 10.0.0.1:40000' }).waitFor({ timeout: WAIT });
    const first = expected(TWO, 1).report.summary;
    expect(first.correct).toBe(first.judged);
    await expect(text(page, 'replay-summary')).resolves.toBe(pluralIn('en', 'review.viewer.summary', first.judged, { correct: first.correct }));
    await expect(page.getByTestId('replay-notes').count()).resolves.toBe(0);
  });

  it('says a file that is neither a trace nor a capture, and a capture with no TCP connection, in both languages, changing nothing else', async () => {
    const page = await openImport();
    await page.getByTestId('import-file').setInputFiles({ name: 'two.pcapng', mimeType: 'application/octet-stream', buffer: TWO });
    await page.getByTestId('capture-list').waitFor({ timeout: WAIT });
    await page.getByTestId('capture-open-1').click();
    const title = 'Capture “two.pcapng” · connection 1: client 10.0.0.1:40000, server 10.0.0.2:80';
    await page.locator('#viewer-title', { hasText: title }).waitFor({ timeout: WAIT });
    await page.getByTestId('tab-import').click();

    // Garbage, named like a capture: its first bytes are neither.
    await page.getByTestId('import-file').setInputFiles({ name: 'junk.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x01]) });
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent(), { timeout: WAIT }).toMatch(/neither a SYN\/ACK trace nor a capture: its first bytes are not those of a pcap or pcapng file, and it is not JSON/);
    await expect(result.getAttribute('role')).resolves.toBe('alert');
    await page.getByTestId('lang-switch').click();
    await expect(result.textContent()).resolves.toMatch(/既不是 SYN\/ACK 轨迹，也不是抓包文件：开头的字节不属于 pcap 或 pcapng 文件，它也不是 JSON/);
    await page.getByTestId('lang-switch').click();
    // Nothing else changed: the listed capture and the replay shown.
    await expect(page.getByTestId('capture-conn-1').getAttribute('aria-current')).resolves.toBe('true');
    await expect(page.locator('#viewer-title').textContent()).resolves.toBe(title);

    // A capture holding only UDP, dropped on the zone.
    const dns = [...pcapng([UDP, UDP])];
    await page.getByTestId('import-drop').evaluate((zone, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'dns.pcapng'));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dns);
    await expect.poll(() => result.textContent(), { timeout: WAIT }).toBe('“dns.pcapng” has nothing to show:no TCP connection in this capture (packets in the file: 2)IP packets that are not TCP (UDP, ICMP…): 2');
    await page.getByTestId('lang-switch').click();
    await expect(result.textContent()).resolves.toBe('“dns.pcapng” 没有可显示的内容：这个抓包里没有 TCP 连接（文件中的数据包：2）不是 TCP 的 IP 数据包（UDP、ICMP 等）：2');
    await expect(page.getByTestId('capture-summary').textContent()).resolves.toBe('pcapng 文件，11 个数据包，其中 10 个是 TCP：2 个连接。');
    await page.getByTestId('tab-replays').click();
    await expect(page.locator('#viewer-title').textContent()).resolves.toBe('抓包“two.pcapng” · 第 1 个连接：客户端 10.0.0.1:40000，服务器 10.0.0.2:80');
  });

  it.skipIf(!DUMPCAP)(`opens a real dumpcap capture of loopback at once: its one connection judged${DUMPCAP ? '' : ` — ${DUMPCAP_NOTE}`}`, async () => {
    const file = path.join(dir, 'lifecycle.pcapng');
    const args = ['tests/support/loopback-capture.ts', '--mode', 'lifecycle', '--tool', 'dumpcap', '--out', file];
    const ports = await new Promise<{ serverPort: number; clientPort: number }>((resolve, reject) => {
      execFile(path.join('node_modules', '.bin', 'tsx'), args, { timeout: 60_000 }, (e, out, err) => (e ? reject(new Error(`dumpcap capture failed: ${err}`)) : resolve(JSON.parse(out.trim()) as { serverPort: number; clientPort: number })));
    });
    const bytes = new Uint8Array(readFileSync(file));
    const want = expected(bytes, 1);
    expect(readCapture(bytes).connections).toHaveLength(1);
    const page = await openImport();
    await page.getByTestId('import-file').setInputFiles(file);
    const title = `Capture “lifecycle.pcapng” · connection 1: client 127.0.0.1:${ports.clientPort}, server 127.0.0.1:${ports.serverPort}`;
    await page.locator('#viewer-title', { hasText: title }).waitFor({ timeout: WAIT });
    const sum = want.report.summary;
    expect(sum.judged).toBeGreaterThan(5);
    await expect(text(page, 'replay-summary')).resolves.toBe(pluralIn('en', 'review.viewer.summary', sum.judged, { correct: sum.correct }));
    await expect(page.locator('[data-testid^="ladder-segment-"]').count()).resolves.toBe(want.trace.events.filter((e) => e.type === 'send').length);
    await page.getByTestId('tab-import').click();
    await expect(page.getByTestId('capture-conn-1').locator('td').nth(4).textContent()).resolves.toBe('seen');
    await expect(page.getByTestId('capture-conn-1').locator('td').nth(5).textContent()).resolves.toBe('FIN both ways');
    await expect(page.getByTestId('capture-conn-1').getAttribute('aria-current')).resolves.toBe('true');
  }, 90_000);

  it.skipIf(!DUMPCAP)(`shows a real capture of a connection reopened on the same ports as one connection, its second connect drawn as a reconnect, in English and Chinese${DUMPCAP ? '' : ` — ${DUMPCAP_NOTE}`}`, async () => {
    const file = path.join(dir, 'reopen.pcapng');
    const args = ['tests/support/loopback-capture.ts', '--mode', 'reopen', '--tool', 'dumpcap', '--out', file];
    await new Promise<void>((resolve, reject) => {
      execFile(path.join('node_modules', '.bin', 'tsx'), args, { timeout: 60_000 }, (e, _out, err) => (e ? reject(new Error(`dumpcap capture failed: ${err}`)) : resolve()));
    });
    const bytes = new Uint8Array(readFileSync(file));
    const want = expected(bytes, 1);
    expect(want.report.summary.correct).toBe(want.report.summary.judged);
    const reconnect = want.trace.events.findIndex((e) => e.type === 'app' && e.call === 'connect' && e.reuse === true);
    expect(reconnect).toBeGreaterThan(0);
    const page = await openImport();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.locator('#viewer-title', { hasText: 'Capture “reopen.pcapng” · connection 1' }).waitFor({ timeout: WAIT });
    await expect(text(page, 'replay-summary')).resolves.toBe(pluralIn('en', 'review.viewer.summary', want.report.summary.judged, { correct: want.report.summary.correct }));
    await expect(page.getByTestId('replay-notes').locator('li').allTextContents()).resolves.toEqual(want.notes.map((n) => n.en));
    const marks = page.getByTestId('ladder').locator('text.mark-text.app');
    await expect(marks.allTextContents()).resolves.toEqual(expect.arrayContaining(['connect()', 'connect() again, same ports']));
    await page.getByTestId('tab-import').click();
    await expect(text(page, 'capture-reopened-1')).resolves.toBe(' (reopened on the same ports: 2 connections)');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => htmlLang(page), { timeout: WAIT }).toBe('zh-CN');
    await expect(text(page, 'capture-reopened-1')).resolves.toBe(' (在同一对端口上重新打开：共 2 个连接)');
    await page.getByTestId('tab-replays').click();
    await expect(marks.allTextContents()).resolves.toEqual(expect.arrayContaining(['再次 connect()，端口相同']));
    await expect(page.getByTestId('replay-notes').locator('li').allTextContents()).resolves.toEqual(want.notes.map((n) => n.zh));
  }, 90_000);

  it('is accessible (axe): the connection list and the replay with its notes, in English and Chinese', async () => {
    const page = await openImport(true);
    await page.getByTestId('import-file').setInputFiles({ name: 'two.pcapng', mimeType: 'application/octet-stream', buffer: TWO });
    await page.getByTestId('capture-list').waitFor({ timeout: WAIT });
    for (const lang of ['en', 'zh-CN']) {
      if (lang === 'zh-CN') {
        await page.getByTestId('lang-switch').click();
        await page.getByTestId('tab-import').click();
      }
      await expect(axe(page), `import, ${lang}`).resolves.toEqual([]);
      await page.getByTestId('capture-open-2').click();
      await page.getByTestId('replay-notes').waitFor({ timeout: WAIT });
      await expect(axe(page), `replay, ${lang}`).resolves.toEqual([]);
    }
  });
});
