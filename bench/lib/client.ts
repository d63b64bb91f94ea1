import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './ipc';
import { median, round } from './stats';

export const DIST = path.join(ROOT, 'client/dist');

/** `npm run build` (vite), bounded; resolves with how it went (the bench goes on either way). */
export function buildClient(log: (line: string) => void, timeoutMs = 240_000): Promise<{ ok: boolean; ms: number; output: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const proc = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, env: { ...process.env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      log('client build: timed out, stopping it');
      if (proc.pid) process.kill(proc.pid, 'SIGKILL');
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, ms: Date.now() - t0, output: out.slice(-3000) });
    });
  });
}

/** Chunk name without its content hash: `phaser-C831z-fk.js` → `phaser.js`. */
export function chunkName(file: string): string {
  const ext = path.extname(file);
  const base = file.slice(0, -ext.length);
  const m = /^(.*)-[A-Za-z0-9_-]{8}$/.exec(base);
  return `${m ? m[1] : base}${ext}`;
}

export interface ClientSizes {
  /** chunk name (hash removed) → gzip bytes (level 9), JS and CSS of client/dist/assets. */
  chunks_gzip_bytes: Record<string, number>;
  chunks_raw_bytes: Record<string, number>;
  /** What the join page loads before it is usable: the entry, its static imports, modulepreloads and CSS. */
  initial_files: string[];
  initial_js_gzip_bytes: number;
  initial_js_gzip_bytes_excl_phaser: number;
  /** The student screen after joining: the initial set plus the student screen's chunks (dynamic import). */
  student_js_gzip_bytes_excl_phaser: number;
  phaser_gzip_bytes: number | null;
  /** Whether Phaser is loaded before the page is usable. */
  phaser_initial: boolean;
}

const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;

function staticClosure(assets: string, start: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (seen.has(f) || !existsSync(path.join(assets, f))) continue;
    seen.add(f);
    if (!f.endsWith('.js')) continue;
    const code = readFileSync(path.join(assets, f), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) todo.push(m[1] as string);
  }
  return seen;
}

/** Gzip size of every built chunk, and what the join page and the student screen load. */
export function clientSizes(dist = DIST): ClientSizes | { error: string } {
  const assets = path.join(dist, 'assets');
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(assets)) return { error: `no build in ${dist}` };
  const files = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css')).sort();
  const gz = new Map<string, number>();
  const chunks_gzip_bytes: Record<string, number> = {};
  const chunks_raw_bytes: Record<string, number> = {};
  for (const f of files) {
    const buf = readFileSync(path.join(assets, f));
    const g = gzipSync(buf, { level: 9 }).length;
    gz.set(f, g);
    let name = chunkName(f);
    while (name in chunks_gzip_bytes) name = `${name}~`;
    chunks_gzip_bytes[name] = g;
    chunks_raw_bytes[name] = buf.length;
  }
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1] as string);
  const initial = staticClosure(assets, refs);
  const isPhaser = (f: string) => chunkName(f) === 'phaser.js';
  const jsSum = (set: Iterable<string>, excludePhaser: boolean) => [...set].filter((f) => f.endsWith('.js') && !(excludePhaser && isPhaser(f))).reduce((n, f) => n + (gz.get(f) ?? 0), 0);
  // The student screen: the chunk(s) the entry imports dynamically for it (ui/student → student-*.js).
  const entry = /<script[^>]*type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
  const dynamic = new Set<string>();
  for (const f of initial) {
    if (!f.endsWith('.js')) continue;
    for (const m of readFileSync(path.join(assets, f), 'utf8').matchAll(DYNAMIC_IMPORT)) dynamic.add(m[1] as string);
  }
  const studentStart = [...dynamic].filter((f) => chunkName(f) === 'student.js');
  const student = staticClosure(assets, [...initial, ...studentStart]);
  const phaser = files.find(isPhaser);
  return {
    chunks_gzip_bytes,
    chunks_raw_bytes,
    initial_files: [...initial].map(chunkName).sort(),
    initial_js_gzip_bytes: jsSum(initial, false),
    initial_js_gzip_bytes_excl_phaser: jsSum(initial, true),
    student_js_gzip_bytes_excl_phaser: entry ? jsSum(student, true) : Number.NaN,
    phaser_gzip_bytes: phaser ? (gz.get(phaser) ?? null) : null,
    phaser_initial: [...initial].some(isPhaser),
  };
}

export interface PageTiming {
  runs: number;
  /** Navigation start → the join form (code filled in from the link) is on screen and can be submitted. */
  page_usable_ms: number | null;
  /** Submit → the student's lobby is shown (seated in the class). */
  page_seated_ms: number | null;
  dom_content_loaded_ms: number | null;
  load_ms: number | null;
  samples: { usable: number; seated: number | null; dcl: number; load: number }[];
  error?: string;
}

/** In the page from its first script on: note when the join form's submit button is in the document and enabled. */
const USABLE_PROBE = `(() => {
  const check = () => {
    const b = document.querySelector('[data-testid="join-submit"]');
    if (window.__usableAt === undefined && b && !b.disabled && b.isConnected) {
      window.__usableAt = performance.now();
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Headless Chromium (Debian's, through playwright-core) opens the join link on localhost with a
 * cold cache in a fresh context each run, and times the page until it is usable, then until the
 * student is seated.
 */
export async function pageTiming(baseUrl: string, code: string, runs: number, log: (line: string) => void): Promise<PageTiming> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return { runs: 0, page_usable_ms: null, page_seated_ms: null, dom_content_loaded_ms: null, load_ms: null, samples: [], error: `no Chromium at ${executablePath}` };
  const { chromium } = await import('playwright-core');
  // launch() gives Chromium a fresh temporary profile of its own, removed when it closes.
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  const samples: PageTiming['samples'] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh, cold context per run (no cache, no storage).
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        // Scripts for the page are strings: tsx's transform would add helpers (__name) the page lacks.
        await page.addInitScript({ content: USABLE_PROBE });
        await page.goto(`${baseUrl}/?code=${code}`, { waitUntil: 'load', timeout: 30_000 });
        await page.waitForFunction('window.__usableAt !== undefined', undefined, { timeout: 30_000 });
        const t = (await page.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          return { usable: window.__usableAt, dcl: nav ? nav.domContentLoadedEventEnd : NaN, load: nav ? nav.loadEventEnd : NaN };
        })()`)) as { usable: number; dcl: number; load: number };
        let seated: number | null = null;
        try {
          await page.fill('[data-testid="join-nickname"]', `web${i + 1}`);
          const t0 = (await page.evaluate('performance.now()')) as number;
          await page.click('[data-testid="join-submit"]');
          await page.waitForSelector('[data-testid="lobby-welcome"]', { timeout: 15_000 });
          seated = ((await page.evaluate('performance.now()')) as number) - t0;
        } catch (e) {
          log(`page: joining failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
        samples.push({ usable: t.usable, seated, dcl: t.dcl, load: t.load });
      } finally {
        await page.close().catch(() => undefined);
        await context.close().catch(() => undefined);
      }
    }
  } catch (e) {
    return { runs: samples.length, page_usable_ms: null, page_seated_ms: null, dom_content_loaded_ms: null, load_ms: null, samples, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    await browser.close().catch(() => undefined);
  }
  const seatedAll = samples.map((s) => s.seated).filter((x): x is number => x !== null);
  return {
    runs: samples.length,
    page_usable_ms: round(median(samples.map((s) => s.usable)), 1),
    page_seated_ms: seatedAll.length ? round(median(seatedAll), 1) : null,
    dom_content_loaded_ms: round(median(samples.map((s) => s.dcl)), 1),
    load_ms: round(median(samples.map((s) => s.load)), 1),
    samples: samples.map((s) => ({ usable: round(s.usable, 1) as number, seated: s.seated === null ? null : round(s.seated, 1), dcl: round(s.dcl, 1) as number, load: round(s.load, 1) as number })),
  };
}
