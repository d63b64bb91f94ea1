/**
 * Shared pieces of the browser tests: a real server in this process serving the built client, one
 * headless Chromium (playwright-core) with a fresh profile, and drivers that play the game through
 * the page the way people do — reading the inbox, typing numbers, pressing buttons or keys.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { unpack } from '@colyseus/msgpackr';
import { decode } from '@colyseus/schema';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startApp, type AppOptions, type RunningApp } from '../../server/app';
import { FLAGS, seqSpace, type Flag, type TcpState } from '../../shared/index';
import { textIn, UI_TEXT, type Lang, type TextKey } from '../../client/src/i18n/ui';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
export const SKIP_NOTE = `SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (!HAVE_CHROMIUM) console.warn(`[tests/e2e] ${SKIP_NOTE}`);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_DIR = join(ROOT, 'client', 'dist');
export const OUT_DIR = join(ROOT, 'test-output');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** How long the page may take to show something the network or a timer brings (generous: CI is slow). */
export const WAIT = 15_000;

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'en-US' };
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };

/**
 * The usual set-up of a browser test block, registered in the calling `describe`: one server and
 * one Chromium for the block (`E2E.start(opts)`), each test's pages closed after it with no errors
 * in them, everything closed at the end. Read `.env` inside the tests.
 */
export function useE2E(opts: Parameters<typeof E2E.start>[0] = {}): { readonly env: E2E } {
  let env: E2E | undefined;
  beforeAll(async () => {
    env = await E2E.start(opts);
  });
  afterEach(async () => {
    if (!env) return;
    expect(await env.endTest(), 'errors in the pages').toEqual([]);
  });
  afterAll(async () => {
    await env?.close();
  });
  return {
    get env(): E2E {
      if (!env) throw new Error('the browser test set-up did not start');
      return env;
    },
  };
}

/** The server and the browser for one test file, and the pages each test opens. */
export class E2E {
  private contexts: BrowserContext[] = [];
  /** Uncaught exceptions and console.error lines in the pages of the current test ("name: message"). */
  private errors: string[] = [];

  private constructor(readonly app: RunningApp, readonly browser: Browser, readonly base: string) {}

  /** `app`: more server options (e.g. `publicUrl`, `networkInterfaces`). */
  static async start(opts: { botDelayMs?: number; app?: AppOptions } = {}): Promise<E2E> {
    if (!existsSync(join(CLIENT_DIR, 'index.html'))) {
      throw new Error(`client/dist/index.html is missing: run npm run build (the browser tests serve the built client from ${CLIENT_DIR})`);
    }
    const app = await startApp({ port: 0, host: '127.0.0.1', clientDir: CLIENT_DIR, botDelayMs: opts.botDelayMs ?? 300, reconnectSeconds: 5, log: () => undefined, ...opts.app });
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    } catch (e) {
      await app.close();
      throw e;
    }
    return new E2E(app, browser, `http://127.0.0.1:${app.port}`);
  }

  /** A new browser context (its own storage, like another person's browser) with one page. */
  async page(name: string, options: BrowserContextOptions = DESKTOP): Promise<Page> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    context.on('page', (p) => this.watch(name, p));
    const page = await context.newPage();
    return page;
  }

  /** Every websocket frame each page has sent (binary frames as bytes). */
  readonly framesSent = new WeakMap<Page, Buffer[]>();

  private watch(name: string, page: Page): void {
    const frames: Buffer[] = [];
    this.framesSent.set(page, frames);
    page.on('websocket', (ws) => ws.on('framesent', (f) => frames.push(typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload)));
    page.on('pageerror', (e) => this.errors.push(`${name}: uncaught ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`${name}: console.error ${m.text()}`);
    });
  }

  /** Console errors the current test expects (a request it makes fail on purpose), each allowed once. */
  private expected: RegExp[] = [];

  /** The current test makes one request fail on purpose: the browser's console line about it (matching `line`) is not an error of the page. */
  expectConsoleError(line: RegExp): void {
    this.expected.push(line);
  }

  /** Close this test's pages; returns what went wrong in them (uncaught exceptions, console errors). */
  async endTest(): Promise<string[]> {
    const errors = this.errors.filter((e) => {
      const i = this.expected.findIndex((re) => re.test(e));
      if (i < 0) return true;
      this.expected.splice(i, 1);
      return false;
    });
    this.expected = [];
    await Promise.all(this.contexts.map((c) => c.close().catch(() => undefined)));
    this.contexts = [];
    this.errors = [];
    return errors;
  }

  async close(): Promise<void> {
    await this.endTest();
    await this.browser.close();
    await this.app.close();
  }
}

/** A colyseus.js message frame (ROOM_DATA: its type as a string, then the msgpack payload), or null for any other frame. */
export function decodeMessage(frame: Buffer): { type: string; payload: unknown } | null {
  if (frame[0] !== 13 || !decode.stringCheck(frame, { offset: 1 })) return null;
  const it = { offset: 1 };
  const type = decode.string(frame, it);
  return { type, payload: it.offset < frame.length ? unpack(frame.subarray(it.offset)) : undefined };
}

// ── texts ──

export function text(key: TextKey, params?: Record<string, string | number>, lang: Lang = 'en'): string {
  return textIn(lang, key, params);
}

/** A text of the interface as a pattern: each `{param}` matches anything. */
export function textPattern(key: TextKey, lang: Lang = 'en'): RegExp {
  const parts = UI_TEXT[key][lang].split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.*?'));
}

/** Switch the page's language with its switch (if it is not in `lang` already), and wait until it is. */
export async function switchTo(page: Page, lang: Lang): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT }).toBe(lang);
}

export async function testIdOfFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
}

/** The keyboard focus is on this control (focus moves synchronously with each key press). */
export async function expectFocus(page: Page, testId: string): Promise<void> {
  expect(await testIdOfFocus(page), 'keyboard focus').toBe(testId);
}

/** A screenshot in test-output/ (a page or one element); checks a real image was written. */
export async function screenshot(target: Page | ReturnType<Page['getByTestId']>, name: string, fullPage = false): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `e2e-${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage });
  else await target.screenshot({ path });
  expect(statSync(path).size).toBeGreaterThan(5_000);
  return path;
}

// ── the class, as the host sees it ──

export interface Settings {
  scenario?: string;
  mode?: 'practice' | 'assessment';
  /** Seconds, as the settings form asks for them (network time; the lessons need 2×MSL > RTO + a round trip). */
  rtoS?: number;
  mslS?: number;
  /** Milliseconds. */
  delayMin?: number;
  delayMax?: number;
  numbers?: 'auto' | 'textbook' | 'random';
  showLosses?: boolean;
  autoEnd?: boolean;
  /** Seconds; 0 never. */
  hintAfterS?: number;
}

export class HostPage {
  private constructor(readonly page: Page, readonly code: string) {}

  /** "Host a class" on the landing page; the dashboard opens with the class code. */
  static async create(env: E2E, options: BrowserContextOptions = DESKTOP): Promise<HostPage> {
    const page = await env.page('host', options);
    await page.goto(env.base);
    await page.getByTestId('host-create').click();
    const code = (await page.getByTestId('host-code').textContent({ timeout: WAIT }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{7}$/);
    // The settings form is filled once the server's configuration has arrived.
    await expect.poll(() => page.getByTestId('rto-input').inputValue(), { timeout: WAIT }).not.toBe('');
    return new HostPage(page, code);
  }

  async configure(s: Settings): Promise<void> {
    const p = this.page;
    if (s.scenario) {
      await p.getByTestId('scenario-select').selectOption(s.scenario);
      await p.getByTestId('settings-status').filter({ hasText: text('host.settingsSaved') }).waitFor({ timeout: WAIT });
    }
    if (s.mode) {
      await p.getByTestId('mode-select').selectOption(s.mode);
      await expect.poll(() => p.getByTestId('settings-status').textContent(), { timeout: WAIT }).toBe(text('host.settingsSaved'));
    }
    const fields: [string, number | undefined][] = [
      ['rto-input', s.rtoS], ['msl-input', s.mslS], ['delay-min-input', s.delayMin], ['delay-max-input', s.delayMax], ['hint-after-input', s.hintAfterS],
    ];
    for (const [id, v] of fields) if (v !== undefined) await p.getByTestId(id).fill(String(v));
    if (s.numbers) await p.getByTestId('numbers-select').selectOption(s.numbers);
    const checks: [string, boolean | undefined][] = [['show-losses-input', s.showLosses], ['auto-end-input', s.autoEnd]];
    for (const [id, v] of checks) if (v !== undefined) await p.getByTestId(id).setChecked(v);
    await p.getByTestId('apply-settings').click();
    await p.getByTestId('settings-status').filter({ hasText: text('host.settingsSaved') }).waitFor({ timeout: WAIT });
    // What the server holds comes back into the form.
    for (const [id, v] of fields) if (v !== undefined) await expect.poll(() => p.getByTestId(id).inputValue(), { timeout: WAIT }).toBe(String(v));
    for (const [id, v] of checks) if (v !== undefined) expect(await p.getByTestId(id).isChecked(), id).toBe(v);
    if (s.scenario) expect(await p.getByTestId('scenario-select').inputValue()).toBe(s.scenario);
    if (s.mode) expect(await p.getByTestId('mode-select').inputValue()).toBe(s.mode);
  }

  async waitForStudents(names: string[]): Promise<void> {
    for (const n of names) await this.page.getByTestId('roster').getByText(n, { exact: true }).waitFor({ timeout: WAIT });
  }

  /** The player id of the student the roster lists under this name (its rows are `roster-<playerId>`). */
  async playerId(name: string): Promise<string> {
    let id = '';
    await expect.poll(async () => {
      id = await this.page.getByTestId('roster').locator('.roster-row').evaluateAll((rows, n) => {
        const row = rows.find((r) => r.querySelector('.roster-name')?.textContent === n);
        return row?.getAttribute('data-testid')?.replace(/^roster-/, '') ?? '';
      }, name);
      return id;
    }, { timeout: WAIT }).not.toBe('');
    return id;
  }

  /** The names on the roster, in join order. */
  rosterNames(): Promise<string[]> {
    return this.page.getByTestId('roster').locator('.roster-name').allTextContents();
  }

  async startRound(round: number): Promise<void> {
    await this.page.getByTestId('start-round').click();
    await this.page.getByTestId('round-status').filter({ hasText: text('host.status', { n: round, phase: text('phase.running') }) }).waitFor({ timeout: WAIT });
  }

  async endRound(): Promise<void> {
    await this.page.getByTestId('end-round').click();
    await this.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
  }

  /** Wait until the dashboard shows this engine state for one side of the pair. */
  async expectState(pairId: string, side: 'client' | 'server', state: TcpState): Promise<void> {
    await expect.poll(() => this.page.getByTestId(`pair-${pairId}-${side}-state`).textContent(), { timeout: WAIT }).toBe(state);
  }

  async expectStates(pairId: string, client: TcpState, server: TcpState): Promise<void> {
    await this.expectState(pairId, 'client', client);
    await this.expectState(pairId, 'server', server);
  }

  async expectFinished(pairId: string): Promise<void> {
    await this.page.getByTestId(`pair-${pairId}`).getByText(text('host.finished'), { exact: true }).waitFor({ timeout: WAIT });
  }
}

// ── a player ──

export interface Seg {
  flags: Flag[];
  seq: number;
  ack: number;
  len: number;
}

export type EntryKind = 'arrived' | 'sent' | 'sentAuto' | 'lost' | 'other';

export interface InboxEntry {
  kind: EntryKind;
  text: string;
  seg?: Seg;
}

const SEG_RE = /flags\s*([A-Z+—]+)\s*seq\s*(\d+)\s*ack\s*(\d+|—)\s*len\s*(\d+)/;

/** Read a segment as the inbox prints it: `flags SYN+ACK seq 9000 ack 4022 len 0` (ack `—` without ACK). */
export function parseSegment(s: string): Seg | undefined {
  const m = SEG_RE.exec(s);
  if (!m) return undefined;
  const flags = m[1] === '—' ? [] : (m[1] as string).split('+') as Flag[];
  return { flags, seq: Number(m[2]), ack: m[3] === '—' ? 0 : Number(m[3]), len: Number(m[4]) };
}


export const mod32 = (n: number) => ((n % 2 ** 32) + 2 ** 32) % 2 ** 32;

/**
 * One student's page in a round (a class or homework). Answers with the mouse, or — `keyboard` —
 * with the keyboard alone: focus, Tab, Space, Enter and typing.
 */
export class Player {
  /** How many arrived segments this player has already answered. */
  private consumed = 0;

  constructor(readonly page: Page, readonly name: string, readonly keyboard = false, readonly lang: Lang = 'en') {}

  /** Join a class from the landing page. */
  static async join(env: E2E, code: string, name: string, keyboard = false, options: BrowserContextOptions = DESKTOP): Promise<Player> {
    const page = await env.page(name, options);
    await page.goto(env.base);
    if (keyboard) {
      // The landing page puts the cursor in the class code field.
      await expect.poll(() => testIdOfFocus(page), { timeout: WAIT }).toBe('join-code');
      await page.keyboard.type(code.toLowerCase());
      await page.keyboard.press('Tab');
      await expectFocus(page, 'join-nickname');
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
    } else {
      await page.getByTestId('join-code').fill(code);
      await page.getByTestId('join-nickname').fill(name);
      await page.getByTestId('join-submit').click();
    }
    await page.getByTestId('lobby-welcome').filter({ hasText: text('lobby.welcome', { name, code }) }).waitFor({ timeout: WAIT });
    return new Player(page, name, keyboard);
  }

  /** Try to join from the landing page of an open page (its browser's cookies kept); returns the refusal shown. */
  static async refusedJoin(env: E2E, page: Page, code: string, name: string): Promise<string> {
    await page.goto(env.base);
    await page.getByTestId('join-code').fill(code);
    await page.getByTestId('join-nickname').fill(name);
    await page.getByTestId('join-submit').click();
    const error = page.getByTestId('join-error');
    await error.filter({ hasText: /\S/ }).waitFor({ timeout: WAIT });
    return (await error.textContent()) ?? '';
  }

  t(key: TextKey, params?: Record<string, string | number>): string {
    return textIn(this.lang, key, params);
  }

  /** The inbox, oldest first. */
  async inbox(): Promise<InboxEntry[]> {
    const texts = await this.page.getByTestId('inbox-item').allTextContents();
    const kinds: [TextKey, EntryKind][] = [['inbox.arrived', 'arrived'], ['inbox.sentAuto', 'sentAuto'], ['inbox.sent', 'sent'], ['inbox.lost', 'lost']];
    return texts.reverse().map((t) => {
      const seg = parseSegment(t);
      const kind = seg ? kinds.find(([k]) => t.startsWith(this.t(k)))?.[1] ?? 'other' : 'other';
      return seg ? { kind, text: t, seg } : { kind, text: t };
    });
  }

  /** Wait until the inbox shows this line (an app call, a timer, a declaration). */
  async waitForLine(key: TextKey, params?: Record<string, string | number>): Promise<void> {
    await this.page.getByTestId('inbox-item').filter({ hasText: this.t(key, params) }).first().waitFor({ timeout: WAIT });
  }

  /** The next segment to arrive that this player has not answered yet (and that matches `pred`). */
  async nextArrival(pred: (s: Seg) => boolean = () => true): Promise<Seg> {
    let found: { seg: Seg; index: number } | undefined;
    await expect.poll(async () => {
      const arrived = (await this.inbox()).filter((e) => e.kind === 'arrived');
      const index = arrived.findIndex((e, i) => i >= this.consumed && pred(e.seg as Seg));
      found = index >= 0 ? { seg: arrived[index]?.seg as Seg, index } : undefined;
      return found !== undefined;
    }, { timeout: WAIT, interval: 50 }).toBe(true);
    const f = found as { seg: Seg; index: number };
    this.consumed = f.index + 1;
    return f.seg;
  }

  /** The last segment this player's endpoint sent (theirs, or played for them in an opening), from the inbox. */
  async lastSent(): Promise<Seg> {
    const sent = (await this.inbox()).filter((e) => e.kind === 'sent' || e.kind === 'sentAuto');
    const last = sent[sent.length - 1]?.seg;
    if (!last) throw new Error(`${this.name} has sent nothing yet`);
    return last;
  }

  /** Our next sequence number: just after the last segment we sent. */
  async nextSeq(): Promise<number> {
    const s = await this.lastSent();
    return mod32(s.seq + seqSpace(s));
  }

  /**
   * Wait until the round is over for this player by itself: "You are done!" with what they
   * achieved (the feedback's data-kind is "done"), and the composer closed. Returns the feedback.
   */
  async expectDone(): Promise<string> {
    const feedback = this.page.getByTestId('feedback');
    await expect.poll(() => feedback.getAttribute('data-kind'), { timeout: WAIT }).toBe('done');
    const said = (await feedback.textContent()) ?? '';
    expect(said).toContain(this.t('play.done'));
    expect(await this.page.getByTestId('send-segment').isDisabled()).toBe(true);
    return said;
  }

  /** A person thinking before they answer (human pace: the network clock does not run meanwhile). */
  async think(ms: number): Promise<void> {
    await this.page.waitForTimeout(ms);
  }

  /**
   * How many times the feedback area has been rewritten (it holds the answer to each move). Each
   * rewrite is also noted in the page as it happens — the feedback's text and the score shown
   * beside it — so an answer is read as it was, even when the round's end rewrites it again a
   * moment later.
   */
  private feedbackCount(): Promise<number> {
    return this.page.getByTestId('feedback').evaluate((el) => {
      const box = el as HTMLElement & { synackCount?: number; synackSeen?: { text: string; score: string | null }[] };
      if (box.synackCount === undefined) {
        box.synackCount = 0;
        box.synackSeen = [];
        new MutationObserver(() => {
          box.synackSeen?.push({ text: box.textContent ?? '', score: document.querySelector('[data-testid="score"]')?.textContent ?? null });
          box.synackCount = (box.synackCount ?? 0) + 1;
        }).observe(box, { childList: true, subtree: true, characterData: true });
      }
      return box.synackCount;
    });
  }

  /** The score shown when the last answer's feedback appeared. */
  scoreAtAnswer: string | null = null;

  /** Do `act` and return the feedback it brought. */
  private async answer(act: () => Promise<void>): Promise<string> {
    const t0 = Date.now();
    const before = await this.feedbackCount();
    await act();
    const t1 = Date.now();
    await expect.poll(() => this.feedbackCount(), { timeout: WAIT, interval: 20 }).toBeGreaterThan(before);
    if (process.env.E2E_DEBUG) console.log(`${this.name} act ${t1 - t0} ms, verdict ${Date.now() - t1} ms`);
    // The first rewrite after the act is its answer (a later one may already be the round's end).
    const seen = await this.page.getByTestId('feedback').evaluate((el, i) => (el as HTMLElement & { synackSeen?: { text: string; score: string | null }[] }).synackSeen?.[i], before);
    this.scoreAtAnswer = seen?.score ?? null;
    return seen?.text ?? (await this.page.getByTestId('feedback').textContent()) ?? '';
  }

  /** Compose and send a segment (and declare the state it leaves us in); returns the feedback. */
  send(seg: Seg, state?: TcpState): Promise<string> {
    return this.answer(() => (this.keyboard ? this.keyboardCompose(seg, state) : this.mouseCompose(seg, state)));
  }

  /** Declare a state without sending anything; returns the feedback. */
  declare(state: TcpState): Promise<string> {
    return this.answer(async () => {
      if (this.keyboard) {
        await this.page.getByTestId('state-select').focus();
        await this.keyboardSelect(state);
        await this.page.keyboard.press('Tab');
        await expectFocus(this.page, 'send-segment');
        await this.page.keyboard.press('Tab');
        await expectFocus(this.page, 'declare-state');
        await this.page.keyboard.press('Enter');
      } else {
        await this.page.getByTestId('state-select').selectOption(state);
        await this.page.getByTestId('declare-state').click();
      }
    });
  }

  async sendCorrect(seg: Seg, state?: TcpState): Promise<void> {
    expect(await this.send(seg, state), `${this.name} sends ${JSON.stringify(seg)} ${state ?? ''}`).toMatch(textPattern('feedback.correct', this.lang));
  }

  async declareCorrect(state: TcpState): Promise<void> {
    expect(await this.declare(state), `${this.name} declares ${state}`).toMatch(textPattern('feedback.correct', this.lang));
  }

  /** Which flag toggles are pressed now (one look at the page). */
  private flagStates(): Promise<Record<Flag, boolean>> {
    return this.page.getByTestId('composer').evaluate((el, flags) => Object.fromEntries(flags.map((f) => [
      f, el.querySelector(`[data-testid="flag-${f}"]`)?.getAttribute('aria-pressed') === 'true',
    ])) as Record<Flag, boolean>, [...FLAGS]);
  }

  private want(seg: Seg): Record<Flag, boolean> {
    return Object.fromEntries(FLAGS.map((f) => [f, seg.flags.includes(f)])) as Record<Flag, boolean>;
  }

  private async mouseCompose(seg: Seg, state?: TcpState): Promise<void> {
    const p = this.page;
    const pressed = await this.flagStates();
    for (const f of FLAGS) if (pressed[f] !== seg.flags.includes(f)) await p.getByTestId(`flag-${f}`).click();
    expect(await this.flagStates()).toEqual(this.want(seg));
    await p.getByTestId('seq-input').fill(String(seg.seq));
    await p.getByTestId('ack-input').fill(seg.flags.includes('ACK') ? String(seg.ack) : '');
    await p.getByTestId('len-input').fill(String(seg.len));
    await p.getByTestId('state-select').selectOption(state ?? '');
    await p.getByTestId('send-segment').click();
  }

  /**
   * The whole composer by keyboard: Space toggles a flag, Tab moves on, typing fills, Enter sends.
   * Checks on the way that Tab visits the controls in reading order.
   */
  private async keyboardCompose(seg: Seg, state?: TcpState): Promise<void> {
    const p = this.page;
    const pressed = await this.flagStates();
    await p.getByTestId('flag-SYN').focus();
    for (const f of FLAGS) {
      if (pressed[f] !== seg.flags.includes(f)) await p.keyboard.press('Space');
      await p.keyboard.press('Tab');
    }
    expect(await this.flagStates()).toEqual(this.want(seg));
    const numbers: [string, string][] = [
      ['seq-input', String(seg.seq)], ['ack-input', seg.flags.includes('ACK') ? String(seg.ack) : ''], ['len-input', String(seg.len)],
    ];
    for (const [id, value] of numbers) {
      await expectFocus(p, id);
      await p.keyboard.press('ControlOrMeta+A');
      if (value) await p.keyboard.type(value);
      else await p.keyboard.press('Backspace');
      await p.keyboard.press('Tab');
    }
    for (const [id, value] of numbers) expect(await p.getByTestId(id).inputValue(), id).toBe(value);
    await this.keyboardSelect(state);
    await p.keyboard.press('Tab');
    await expectFocus(p, 'send-segment');
    await p.keyboard.press('Enter');
  }

  /**
   * Choose an option of the focused state list from the keyboard: type its name (the browser's
   * type-ahead); should a slow machine stretch the typing past the type-ahead's one second, walk
   * the list with Home and the arrow keys instead. Home alone is "not declared".
   */
  private async keyboardSelect(state: TcpState | undefined): Promise<void> {
    const p = this.page;
    const select = p.getByTestId('state-select');
    await expectFocus(p, 'state-select');
    if (state) await p.keyboard.type(state);
    else await p.keyboard.press('Home');
    if ((await select.inputValue()) !== (state ?? '')) {
      if (process.env.E2E_DEBUG) console.log(`${this.name}: type-ahead missed ${state}, using the arrow keys`);
      const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      await p.keyboard.press('Home');
      for (let i = 0; i < values.indexOf(state ?? ''); i++) await p.keyboard.press('ArrowDown');
    }
    expect(await select.inputValue()).toBe(state ?? '');
  }
}

/**
 * Which of two students is the client in class round `n` (practice), from the round heading and
 * the role line of `a`'s page; fresh players (a new round, a new inbox to read).
 */
export async function roundRoles(a: Player, b: Player, n: number, title: string): Promise<{ client: Player; server: Player }> {
  for (const p of [a, b]) await p.page.getByTestId('round-title').filter({ hasText: text('play.round', { n, title }) }).waitFor({ timeout: WAIT });
  const says = (side: 'side.client' | 'side.server') => text('play.you', { side: text(side), mode: text('mode.practice'), partner: b.name });
  const role = a.page.getByTestId('round-role');
  await role.filter({ hasText: /\S/ }).waitFor({ timeout: WAIT });
  const fresh = (p: Player) => new Player(p.page, p.name, p.keyboard);
  if ((await role.textContent()) === says('side.client')) return { client: fresh(a), server: fresh(b) };
  expect(await role.textContent()).toBe(says('side.server'));
  return { client: fresh(b), server: fresh(a) };
}
