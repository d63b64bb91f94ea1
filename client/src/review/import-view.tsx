import { h } from './dom';
import { pluralKey } from '../i18n/plural';
import { REVIEW_TEXT, rtIn, type Lang } from './i18n';
import type { ImportProgress, ImportRequest } from './import-worker';
import { readTraceText, type ImportResult } from './trace-import';

const SHOWN_ISSUES = 50;

/**
 * Import: a trace dropped on the zone (or anywhere on the page), chosen with the file input, or
 * pasted, is checked with checkTrace; a valid one goes to the viewer, an invalid one shows its
 * issues as `path: message`.
 */
export class ImportView {
  readonly el = h('section', { class: 'import card', 'aria-labelledby': 'import-title' });
  private result: ImportResult | null = null;
  private pasted = '';
  private empty = false;
  /** A check under way in a worker: what, how far, and how to stop it. */
  private busy: { name: string; done: number; total: number; worker: Worker } | null = null;
  private cancelled: string | null = null;

  constructor(private readonly lang: () => Lang, private readonly onValid: (r: ImportResult & { ok: true }) => void) {}

  /** Read a File (from a drop or the file input). */
  async readFile(file: File): Promise<void> {
    const text = await file.text();
    this.check(text, file.name);
  }

  /**
   * Check a trace's text in a worker (the page stays responsive, shows how far it got, and can
   * cancel); where workers are not available, here.
   */
  private check(text: string, name: string): void {
    this.stop();
    this.cancelled = null;
    if (typeof Worker === 'undefined') return this.accept(readTraceText(text, name, this.lang()));
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
    this.busy = { name, done: 0, total: 0, worker };
    worker.onmessage = (ev: MessageEvent<ImportProgress>) => {
      if (this.busy?.worker !== worker) return;
      const m = ev.data;
      if (m.kind === 'progress') {
        this.busy.done = m.done;
        this.busy.total = m.total;
        this.renderProgress();
        return;
      }
      this.stop();
      this.accept(m.result);
    };
    worker.onerror = () => {
      if (this.busy?.worker !== worker) return;
      this.stop();
      this.accept(readTraceText(text, name, this.lang()));
    };
    worker.postMessage({ text, name, lang: this.lang() } satisfies ImportRequest);
    this.result = null;
    this.render();
  }

  /** Stop a check under way (its worker ends at once). */
  cancel(): void {
    if (!this.busy) return;
    this.cancelled = this.busy.name;
    this.stop();
    this.render();
  }

  private stop(): void {
    this.busy?.worker.terminate();
    this.busy = null;
  }

  private accept(r: ImportResult): void {
    this.result = r;
    this.empty = false;
    this.render();
    if (r.ok) this.onValid(r);
  }

  /** Only the progress line changes while a check runs (the rest of the section keeps its focus). */
  private renderProgress(): void {
    const box = this.el.querySelector('[data-testid="import-result"]');
    if (box) box.replaceWith(this.resultEl(this.lang()));
  }

  render(): void {
    const lang = this.lang();
    const file = h('input', { type: 'file', accept: '.json,application/json', id: 'import-file', 'data-testid': 'import-file', class: 'sr-file' });
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f) void this.readFile(f);
    });
    const dropText = h('p', { class: 'drop-text', text: `⇣ ${rtIn(lang, 'import.drop')}` });
    const zone = h('div', { class: 'drop-zone', 'data-testid': 'import-drop' },
      dropText, h('label', { for: 'import-file', class: 'button' }, rtIn(lang, 'import.choose')), file);
    const active = (on: boolean) => {
      zone.classList.toggle('active', on);
      dropText.textContent = `⇣ ${rtIn(lang, on ? 'import.dropActive' : 'import.drop')}`;
    };
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      active(true);
    });
    zone.addEventListener('dragleave', () => active(false));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      e.stopPropagation();
      active(false);
      const f = e.dataTransfer?.files?.[0];
      if (f) void this.readFile(f);
      else {
        const text = e.dataTransfer?.getData('text/plain');
        if (text) this.check(text, rtIn(lang, 'import.pasted'));
      }
    });
    const area = h('textarea', { id: 'import-paste', 'data-testid': 'import-paste', rows: 6, spellcheck: 'false', class: 'mono' });
    area.value = this.pasted;
    area.addEventListener('input', () => (this.pasted = area.value));
    const check = h('button', { type: 'button', 'data-testid': 'import-check', text: rtIn(lang, 'import.check') });
    check.addEventListener('click', () => {
      if (!area.value.trim()) {
        this.result = null;
        this.empty = true;
        this.render();
        return;
      }
      this.check(area.value, rtIn(lang, 'import.pasted'));
    });
    this.el.replaceChildren(
      h('h2', { id: 'import-title', text: rtIn(lang, 'import.heading') }),
      h('p', { class: 'muted', text: rtIn(lang, 'import.intro') }),
      zone,
      h('label', { for: 'import-paste', class: 'paste-label', text: rtIn(lang, 'import.paste') }),
      area,
      h('div', { class: 'row' }, check),
      this.resultEl(lang),
    );
  }

  private resultEl(lang: Lang): HTMLElement {
    const r = this.result;
    const box = h('div', { class: 'import-result', 'data-testid': 'import-result', role: r && !r.ok ? 'alert' : 'status' });
    const busy = this.busy;
    if (busy) {
      const pct = busy.total > 0 ? Math.round((busy.done / busy.total) * 100) : 0;
      const cancel = h('button', { type: 'button', 'data-testid': 'import-cancel', text: rtIn(lang, 'import.cancel') });
      cancel.addEventListener('click', () => this.cancel());
      box.append(
        h('p', { text: busy.total > 0 ? rtIn(lang, 'import.checking', { name: busy.name, pct, events: busy.total }) : rtIn(lang, 'import.reading', { name: busy.name }) }),
        h('progress', { max: 100, value: pct, 'data-testid': 'import-progress', 'aria-label': rtIn(lang, 'import.checking', { name: busy.name, pct, events: busy.total }) }),
        cancel,
      );
      return box;
    }
    if (this.cancelled) {
      box.append(h('p', { text: rtIn(lang, 'import.cancelled', { name: this.cancelled }) }));
      return box;
    }
    if (!r) {
      if (this.empty) box.append(h('p', { class: 'error', text: rtIn(lang, 'import.empty') }));
      return box;
    }
    if (r.ok) {
      box.classList.add('ok');
      box.append(h('p', { text: rtIn(lang, 'import.ok', { name: r.name, correct: r.report.summary.correct, judged: r.report.summary.judged }) }));
      return box;
    }
    box.classList.add('bad');
    box.append(h('p', { class: 'error', text: rtIn(lang, pluralKey(REVIEW_TEXT, 'import.invalid', lang, r.issues.length), { name: r.name, n: r.issues.length }) }));
    const list = h('ul', { class: 'issues', 'data-testid': 'import-issues' });
    for (const i of r.issues.slice(0, SHOWN_ISSUES)) list.append(h('li', {}, h('code', { text: i.path }), `: ${i.message}`));
    if (r.issues.length > SHOWN_ISSUES) list.append(h('li', { text: rtIn(lang, 'import.more', { n: r.issues.length - SHOWN_ISSUES }) }));
    box.append(list);
    return box;
  }
}
