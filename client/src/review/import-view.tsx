import { signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { lang as langSignal, pluralIn, textIn } from '../i18n/ui';
import { issueText } from './format';
import type { ImportProgress, ImportRequest } from './import-worker';
import { readTraceText, type ImportResult } from './trace-import';

const SHOWN_ISSUES = 50;

/**
 * Import: a trace dropped on the zone (or anywhere on the page), chosen with the file input, or
 * pasted, is checked with checkTrace in a worker; a valid one goes to the viewer, an invalid one
 * shows its issues as `path: message`. This class holds the section's signals (the page hands it
 * files dropped anywhere); `ImportView` draws them.
 */
export class Importer {
  readonly result = signal<ImportResult | null>(null);
  /** Check asked for with nothing to check. */
  readonly empty = signal(false);
  /** A check under way in a worker: what and how far. */
  readonly busy = signal<{ name: string; done: number; total: number } | null>(null);
  readonly cancelled = signal<string | null>(null);
  /** The paste box's text (kept while the page redraws around it). */
  readonly pasted = signal('');
  private worker: Worker | null = null;

  constructor(private readonly onValid: (r: ImportResult & { ok: true }) => void) {}

  /** Read a File (from a drop or the file input). */
  async readFile(file: File): Promise<void> {
    this.check(await file.text(), file.name);
  }

  /**
   * Check a trace's text in a worker (the page stays responsive, shows how far it got, and can
   * cancel); where workers are not available, here.
   */
  check(text: string, name: string): void {
    this.stop();
    this.cancelled.value = null;
    this.empty.value = false;
    if (typeof Worker === 'undefined') return this.accept(readTraceText(text, name));
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    this.busy.value = { name, done: 0, total: 0 };
    this.result.value = null;
    worker.onmessage = (ev: MessageEvent<ImportProgress>) => {
      if (this.worker !== worker) return;
      const m = ev.data;
      if (m.kind === 'progress') {
        this.busy.value = { name, done: m.done, total: m.total };
        return;
      }
      this.stop();
      this.accept(m.result);
    };
    worker.onerror = () => {
      if (this.worker !== worker) return;
      this.stop();
      this.accept(readTraceText(text, name));
    };
    worker.postMessage({ text, name } satisfies ImportRequest);
  }

  /** Stop a check under way (its worker ends at once). */
  cancel(): void {
    const busy = this.busy.value;
    if (!busy) return;
    this.stop();
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

  private accept(r: ImportResult): void {
    this.result.value = r;
    if (r.ok) this.onValid(r);
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
        <p>{busy.total > 0 ? checking : textIn(lang, 'review.import.reading', { name: busy.name })}</p>
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
    body = <p>{pluralIn(lang, 'review.import.ok', r.report.summary.judged, { name: r.name, correct: r.report.summary.correct })}</p>;
  } else {
    cls += ' bad';
    body = (
      <>
        <p class="error">{pluralIn(lang, 'review.import.invalid', r.issues.length, { name: r.name })}</p>
        <ul class="issues" data-testid="import-issues">
          {r.issues.slice(0, SHOWN_ISSUES).map((i, k) => <li key={k}><code>{i.path}</code>{`: ${issueText(i, lang)}`}</li>)}
          {r.issues.length > SHOWN_ISSUES ? <li>{textIn(lang, 'review.import.more', { n: r.issues.length - SHOWN_ISSUES })}</li> : null}
        </ul>
      </>
    );
  }
  return <div class={cls} data-testid="import-result" role={!busy && r && !r.ok ? 'alert' : 'status'}>{body}</div>;
}

/** The import section: the drop zone with its file input, the paste box, and what the check says. */
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
          type="file" accept=".json,application/json" id="import-file" data-testid="import-file" class="sr-file"
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
    </section>
  );
}
