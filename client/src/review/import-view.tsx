import { signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { lang as langSignal, pluralIn, textIn, type Lang } from '../i18n/ui';
import { isCapture, SNIFF_BYTES } from './capture-import';
import { CaptureList, type CaptureState } from './capture-view';
import { issueText } from './format';
import { answer, type ImportAnswer, type ImportProgress, type ImportRequest } from './import-answer';
import { MAX_IMPORT_BYTES, type ImportResult } from './trace-import';

const SHOWN_ISSUES = 50;

/**
 * Import: a trace dropped on the zone (or anywhere on the page), chosen with the file input, or
 * pasted, is checked with checkTrace in a worker; a valid one goes to the viewer, an invalid one
 * shows its issues as `path: message`. A capture (pcap, pcapng: told by its first bytes, not its
 * name) is read in the worker too, nothing leaves the browser: its TCP connections are listed, and
 * the one picked (at once when there is only one) is converted, judged and goes to the viewer.
 * This class holds the section's signals (the page hands it files dropped anywhere);
 * `ImportView` draws them.
 */
export class Importer {
  readonly result = signal<ImportResult | null>(null);
  /** Check asked for with nothing to check. */
  readonly empty = signal(false);
  /** A check under way in a worker: what and how far (`capture`: a capture being read, not judged yet). */
  readonly busy = signal<{ name: string; done: number; total: number; capture?: boolean } | null>(null);
  readonly cancelled = signal<string | null>(null);
  /** The paste box's text (kept while the page redraws around it). */
  readonly pasted = signal('');
  /** The capture whose connections are listed (kept until another capture or a valid trace comes). */
  readonly capture = signal<CaptureState | null>(null);
  private worker: Worker | null = null;
  /** Each new check's number: an answer to an older one is dropped. */
  private run = 0;

  constructor(private readonly onValid: (r: ImportResult & { ok: true }) => void) {}

  /** Read a File (from a drop or the file input): a capture by its first bytes, else a trace's text. */
  async readFile(file: File): Promise<void> {
    const run = ++this.run;
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    if (run !== this.run) return;
    if (!isCapture(head)) {
      const text = await file.text();
      if (run === this.run) this.check(text, file.name, true);
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) return this.tooBig(file);
    this.start(file.name, true, async () => ({ kind: 'capture', bytes: await file.arrayBuffer(), name: file.name }), (a) => {
      if (a.kind !== 'listing') return this.accept(a.result);
      this.result.value = null;
      this.capture.value = { name: a.name, file, listing: a.listing, opened: null };
      if (a.listing.connections.length === 1) this.openConnection(a.listing.connections[0]!.index);
    });
  }

  /** Convert and judge connection `n` of the listed capture (its file is read again: nothing is kept in the worker). */
  openConnection(n: number): void {
    const cap = this.capture.value;
    if (!cap) return;
    this.start(cap.name, false, async () => ({ kind: 'capture', bytes: await cap.file.arrayBuffer(), name: cap.name, connection: n }), (a) => {
      if (a.kind !== 'result') return;
      if (a.result.ok && this.capture.value === cap) this.capture.value = { ...cap, opened: n };
      this.accept(a.result);
    });
  }

  /**
   * Check a trace's text in a worker (the page stays responsive, shows how far it got, and can
   * cancel); where workers are not available, here. `fromFile`: the text is a file's that is not a
   * capture (so a file that is not JSON is neither kind the page reads).
   */
  check(text: string, name: string, fromFile = false): void {
    this.start(name, false, () => Promise.resolve({ text, name, fromFile }), (a) => {
      if (a.kind === 'result') this.accept(a.result);
    });
  }

  /**
   * Run one request in a worker (its bytes transferred, not copied), showing how far it got, or
   * here where workers are not available (or the worker fails). `request` makes the request anew
   * each time it is called (a capture's bytes are read again from its file).
   */
  private start(name: string, capture: boolean, request: () => Promise<ImportRequest>, onAnswer: (a: ImportAnswer) => void): void {
    this.stop();
    const run = ++this.run;
    this.cancelled.value = null;
    this.empty.value = false;
    this.busy.value = { name, done: 0, total: 0, capture };
    this.result.value = null;
    const here = async () => {
      const a = answer(await request());
      if (run !== this.run) return;
      this.stop();
      onAnswer(a);
    };
    if (typeof Worker === 'undefined') return void here();
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<ImportProgress>) => {
      if (this.worker !== worker) return;
      const m = ev.data;
      if (m.kind === 'progress') {
        this.busy.value = { name, done: m.done, total: m.total, capture };
        return;
      }
      this.stop();
      onAnswer(m);
    };
    worker.onerror = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      worker.terminate();
      void here();
    };
    void request().then((req) => {
      if (this.worker !== worker) return;
      worker.postMessage(req, req.kind === 'capture' ? [req.bytes] : []);
    });
  }

  /** Stop a check under way (its worker ends at once). */
  cancel(): void {
    const busy = this.busy.value;
    if (!busy) return;
    this.stop();
    this.run++;
    this.cancelled.value = busy.name;
  }

  /** Nothing to check was asked to be checked. */
  nothing(): void {
    this.result.value = null;
    this.empty.value = true;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy.value = null;
  }

  private tooBig(file: File): void {
    this.stop();
    this.run++;
    const size = (file.size / 1024 / 1024).toFixed(1);
    const params = { size, max: MAX_IMPORT_BYTES / 1024 / 1024 };
    this.result.value = { ok: false, name: file.name, capture: true, issues: [{ path: '(file)', message: `the file is too large (${size} MB)`, text: { key: 'review.import.tooBig', params } }] };
  }

  private accept(r: ImportResult): void {
    this.result.value = r;
    if (!r.ok) return;
    // A valid trace of its own replaces the listed capture; a connection of it keeps the list.
    if (!r.capture) this.capture.value = null;
    this.onValid(r);
  }
}

/** What the check says: how far it got (with Cancel), cancelled, valid, or the issues. */
function ImportResultBox({ importer }: { importer: Importer }) {
  const lang = langSignal.value;
  const r = importer.result.value;
  const busy = importer.busy.value;
  const cancelled = importer.cancelled.value;
  let cls = 'import-result';
  let body = null;
  if (busy) {
    const pct = busy.total > 0 ? Math.round((busy.done / busy.total) * 100) : 0;
    const checking = pluralIn(lang, 'review.import.checking', busy.total, { name: busy.name, pct });
    body = (
      <>
        <p>{busy.total > 0 ? checking : textIn(lang, busy.capture ? 'review.capture.reading' : 'review.import.reading', { name: busy.name })}</p>
        <progress max={100} value={pct} data-testid="import-progress" aria-label={checking} />
        <button type="button" data-testid="import-cancel" onClick={() => importer.cancel()}>{textIn(lang, 'review.import.cancel')}</button>
      </>
    );
  } else if (cancelled) {
    body = <p>{textIn(lang, 'review.import.cancelled', { name: cancelled })}</p>;
  } else if (!r) {
    body = importer.empty.value ? <p class="error">{textIn(lang, 'review.import.empty')}</p> : null;
  } else if (r.ok) {
    cls += ' ok';
    const { judged, correct } = r.report.summary;
    body = <p>{r.capture ? pluralIn(lang, 'review.capture.ok', judged, { name: r.name, correct, conn: r.capture.connection }) : pluralIn(lang, 'review.import.ok', judged, { name: r.name, correct })}</p>;
  } else {
    cls += ' bad';
    body = (
      <>
        <p class="error">{r.capture ? textIn(lang, 'review.capture.failed', { name: r.name }) : pluralIn(lang, 'review.import.invalid', r.issues.length, { name: r.name })}</p>
        <ul class="issues" data-testid="import-issues">
          {/* A capture's problems are the page's own sentences; a trace's name the path at fault. */}
          {r.issues.slice(0, SHOWN_ISSUES).map((i, k) => <li key={k}>{r.capture ? issueText(i, lang) : <><code>{i.path}</code>{`: ${issueText(i, lang)}`}</>}</li>)}
          {r.issues.length > SHOWN_ISSUES ? <li>{textIn(lang, 'review.import.more', { n: r.issues.length - SHOWN_ISSUES })}</li> : null}
        </ul>
      </>
    );
  }
  return <div class={cls} data-testid="import-result" role={!busy && r && !r.ok ? 'alert' : 'status'}>{body}</div>;
}

/** What the page reads besides traces; the file types as code (they are not words to translate). */
function CaptureHint({ lang }: { lang: Lang }) {
  const [before, after] = textIn(lang, 'review.capture.hint', { formats: '\u0000' }).split('\u0000');
  return <p class="muted" data-testid="capture-hint">{before}<code>.pcap, .pcapng</code>{after}</p>;
}

/** The import section: the drop zone with its file input, the paste box, what the check says, and a capture's connections. */
export function ImportView({ importer }: { importer: Importer }) {
  const lang = langSignal.value;
  const [active, setActive] = useState(false);
  const pasted = importer.pasted.value;
  const fromPaste = () => {
    if (!pasted.trim()) importer.nothing();
    else importer.check(pasted, textIn(lang, 'review.import.pasted'));
  };
  return (
    <section class="import card" aria-labelledby="import-title">
      <h2 id="import-title">{textIn(lang, 'review.import.heading')}</h2>
      <p class="muted">{textIn(lang, 'review.import.intro')}</p>
      <CaptureHint lang={lang} />
      <div
        class={`drop-zone${active ? ' active' : ''}`} data-testid="import-drop"
        onDragOver={(e) => { e.preventDefault(); setActive(true); }}
        onDragLeave={() => setActive(false)}
        onDrop={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setActive(false);
          const f = e.dataTransfer?.files?.[0];
          if (f) void importer.readFile(f);
          else {
            const text = e.dataTransfer?.getData('text/plain');
            if (text) importer.check(text, textIn(lang, 'review.import.pasted'));
          }
        }}
      >
        <p class="drop-text">{`⇣ ${textIn(lang, active ? 'review.import.dropActive' : 'review.import.drop')}`}</p>
        <label for="import-file" class="button">{textIn(lang, 'review.import.choose')}</label>
        <input
          type="file" accept=".json,application/json,.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap" id="import-file" data-testid="import-file" class="sr-file"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const f = input.files?.[0];
            // Emptied, so that choosing the same file again is a new choice.
            input.value = '';
            if (f) void importer.readFile(f);
          }}
        />
      </div>
      <label for="import-paste" class="paste-label">{textIn(lang, 'review.import.paste')}</label>
      <textarea id="import-paste" data-testid="import-paste" rows={6} spellcheck={false} class="mono" value={pasted} onInput={(e) => (importer.pasted.value = (e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="row"><button type="button" data-testid="import-check" onClick={fromPaste}>{textIn(lang, 'review.import.check')}</button></div>
      <ImportResultBox importer={importer} />
      {importer.capture.value ? <CaptureList state={importer.capture.value} lang={lang} onOpen={(n) => importer.openConnection(n)} /> : null}
    </section>
  );
}
