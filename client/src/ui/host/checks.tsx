import { signal } from '@preact/signals';
import { render } from 'preact';
import { BANK_LIMITS, CHECK_SIZE, type CheckBankResponse, type CheckResults, type CheckStage, type CheckStatus } from '../../../../shared/index';
import { pick, t } from '../../i18n/ui';
import type { BankLoad } from '../../net/check-bank';
import { CheckCount, CheckDistribution } from '../check';

export type CheckCommand = { kind: 'choose'; random: number } | { kind: 'pick'; questions: string[] } | { kind: 'open'; stage: CheckStage } | { kind: 'close' };

/** The class's bank over the HTTP API (net/check-bank.ts): read it, load a file's text as the class's own. */
export interface BankAccess {
  fetch(): Promise<CheckBankResponse | null>;
  load(text: string): Promise<BankLoad>;
}

/** What loading a bank file said last: loaded, refused with the server's problems, or not sent. */
type BankSaid = { kind: 'loading' } | { kind: 'loaded'; bank: CheckBankResponse } | { kind: 'refused'; errors: NonNullable<Extract<BankLoad, { ok: false }>['errors']> } | { kind: 'failed' } | { kind: 'too-large' };

/** At most this many of a refused file's problems are listed (the first ones). */
const SHOWN_ERRORS = 8;

/**
 * The host's concept-check controls (issue 17): the class's bank (the first bank, or a file of the
 * teacher's own, loaded before the check opens), its questions chosen by hand (5–10 checkboxes) or
 * N drawn at random (the same set before and after), open the pre-check before the first round
 * and the post-check after a round, close the open one; the count of answers while it is open,
 * then the distribution. A Preact panel mounted in `el`, a function of its signals (the server's
 * checkStatus / checkResults, where the class is, and the bank).
 */
export class CheckControls {
  readonly el: HTMLElement;
  private readonly status = signal<CheckStatus | null>(null);
  private readonly results = signal<CheckResults | null>(null);
  private readonly where = signal<{ phase: string; round: number }>({ phase: 'lobby', round: 0 });
  private readonly count = signal(8);
  private readonly bank = signal<CheckBankResponse | null>(null);
  private readonly bankSaid = signal<BankSaid | null>(null);
  /** Question ids ticked in the list (reset when the bank changes). */
  private readonly picked = signal<ReadonlySet<string>>(new Set());
  private readonly pickProblem = signal(false);

  constructor(private readonly run: (command: CheckCommand) => void, private readonly access: BankAccess | null = null) {
    this.el = document.createElement('div');
    this.el.className = 'check-controls';
    this.el.setAttribute('data-testid', 'check-controls');
    render(<this.View />, this.el);
    void access?.fetch().then((b) => {
      if (b && !this.bank.value) this.bank.value = b;
    });
  }

  showStatus(s: CheckStatus): void {
    this.status.value = s;
  }

  showResults(r: CheckResults): void {
    this.results.value = r;
  }

  show(round: number, phase: string): void {
    this.where.value = { phase, round };
  }

  dispose(): void {
    render(null, this.el);
  }

  /** A file chosen: refused here when it is larger than the server would read, else sent whole. */
  private async loadFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.access) return;
    if (file.size > BANK_LIMITS.fileChars * 3) {
      this.bankSaid.value = { kind: 'too-large' };
      return;
    }
    this.bankSaid.value = { kind: 'loading' };
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.bankSaid.value = { kind: 'failed' };
      return;
    }
    const r = await this.access.load(text);
    if (r.ok) {
      this.bank.value = r.bank;
      this.picked.value = new Set();
      this.bankSaid.value = { kind: 'loaded', bank: r.bank };
    } else {
      this.bankSaid.value = r.errors ? { kind: 'refused', errors: r.errors } : { kind: 'failed' };
    }
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.picked.value);
    if (on) next.add(id);
    else next.delete(id);
    this.picked.value = next;
    this.pickProblem.value = false;
  }

  private usePicked(): void {
    const bank = this.bank.value;
    const ids = (bank?.questions ?? []).map((q) => q.id).filter((id) => this.picked.value.has(id));
    if (ids.length < CHECK_SIZE.min || ids.length > CHECK_SIZE.max) {
      this.pickProblem.value = true;
      return;
    }
    this.pickProblem.value = false;
    this.run({ kind: 'pick', questions: ids });
  }

  private readonly BankPart = ({ lobby }: { lobby: boolean }) => {
    const bank = this.bank.value;
    const said = this.bankSaid.value;
    return (
      <div class="check-bank" data-testid="check-bank">
        {bank ? (
          <p data-testid="check-bank-title">{t(bank.own ? 'check.bank.own' : 'check.bank.first', { title: pick(bank.title), n: bank.questions.length })}</p>
        ) : null}
        {this.access ? (
          <div class="field">
            <label for="check-bank-file">{t('check.bank.load')}</label>
            <input id="check-bank-file" type="file" accept=".json,application/json" data-testid="check-bank-file" disabled={!lobby}
              aria-describedby="check-bank-help" onChange={(e) => void this.loadFile(e.currentTarget)} />
            <p class="hint" id="check-bank-help">{t('check.bank.help', { kb: Math.round(BANK_LIMITS.fileChars / 1024), min: CHECK_SIZE.min })}</p>
          </div>
        ) : null}
        <div role="status" data-testid="check-bank-status">
          {said?.kind === 'loading' ? <p>{t('check.bank.loading')}</p> : null}
          {said?.kind === 'loaded' ? <p class="ok">{t('check.bank.loaded', { title: pick(said.bank.title), n: said.bank.questions.length })}</p> : null}
        </div>
        <div role="alert" data-testid="check-bank-errors">
          {said?.kind === 'refused' ? (
            <>
              <p class="error">{t('check.bank.refused')}</p>
              <ul class="check-bank-problems">
                {said.errors.slice(0, SHOWN_ERRORS).map((e, i) => <li key={i} data-testid="check-bank-problem">{pick(e)}</li>)}
              </ul>
              {said.errors.length > SHOWN_ERRORS ? <p>{t('check.bank.more', { n: said.errors.length - SHOWN_ERRORS })}</p> : null}
            </>
          ) : null}
          {said?.kind === 'too-large' ? <p class="error">{t('check.bank.tooLarge', { kb: Math.round(BANK_LIMITS.fileChars / 1024) })}</p> : null}
          {said?.kind === 'failed' ? <p class="error">{t('check.bank.failed')}</p> : null}
        </div>
      </div>
    );
  };

  /** The bank's questions as checkboxes: the host ticks 5–10 and uses them (a native fieldset, usable by keyboard and screen reader). */
  private readonly PickPart = ({ lobby }: { lobby: boolean }) => {
    const bank = this.bank.value;
    if (!bank) return null;
    const n = bank.questions.filter((q) => this.picked.value.has(q.id)).length;
    return (
      <details class="check-pick" data-testid="check-pick">
        <summary>{t('check.pick.summary', { min: CHECK_SIZE.min, max: CHECK_SIZE.max })}</summary>
        <fieldset disabled={!lobby}>
          <legend>{t('check.pick.legend', { min: CHECK_SIZE.min, max: CHECK_SIZE.max })}</legend>
          <ul class="check-pick-list">
            {bank.questions.map((q) => (
              <li key={q.id}>
                <label class="check-option">
                  <input type="checkbox" data-testid={`check-pick-${q.id}`} checked={this.picked.value.has(q.id)} onChange={(e) => this.toggle(q.id, e.currentTarget.checked)} />
                  <span>{pick(q.prompt)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p role="status" data-testid="check-pick-count">{t('check.pick.count', { n })}</p>
        <p class="error" role="alert" data-testid="check-pick-problem">{this.pickProblem.value ? t('check.pick.problem', { min: CHECK_SIZE.min, max: CHECK_SIZE.max, n }) : ''}</p>
        <button type="button" data-testid="check-use-picked" disabled={!lobby} onClick={() => this.usePicked()}>{t('check.pick.use', { n })}</button>
      </details>
    );
  };

  private readonly View = () => {
    const s = this.status.value;
    const r = this.results.value;
    const { phase, round } = this.where.value;
    const lobby = phase === 'lobby';
    const chosen = (s?.questions.length ?? 0) > 0;
    const started = !!s && (s.open !== null || s.closed.length > 0);
    // Questions chosen before another bank was loaded are not from the class's bank: choose again first.
    const bank = this.bank.value;
    const stale = !started && chosen && !!bank && !(s?.questions ?? []).every((q) => bank.questions.some((b) => b.id === q.id));
    const can = (stage: CheckStage) => lobby && chosen && !stale && s?.open === null && !s.closed.includes(stage) && (stage === 'pre' ? round === 0 : round > 0);
    const sizes = Array.from({ length: CHECK_SIZE.max - CHECK_SIZE.min + 1 }, (_, i) => CHECK_SIZE.min + i);
    return (
      <>
        <h2 id="check-controls-heading">{t('check.host.heading')}</h2>
        {started ? null : <this.BankPart lobby={lobby} />}
        {started ? null : (
          <div class="actions">
            <div class="field inline">
              <label for="check-count">{t('check.host.count')}</label>
              <select id="check-count" data-testid="check-count-select" value={String(this.count.value)} disabled={!lobby}
                onChange={(e) => (this.count.value = Number(e.currentTarget.value))}>
                {sizes.map((n) => <option key={n} value={String(n)}>{n}</option>)}
              </select>
            </div>
            <button type="button" data-testid="check-choose" disabled={!lobby} onClick={() => this.run({ kind: 'choose', random: this.count.value })}>{t('check.host.choose')}</button>
          </div>
        )}
        {started ? null : <this.PickPart lobby={lobby} />}
        {stale ? <p class="error" data-testid="check-stale">{t('check.bank.chooseAgain')}</p> : null}
        {chosen && s ? (
          <details class="check-questions" data-testid="check-questions">
            <summary>{t('check.host.chosen', { n: s.questions.length })}</summary>
            <ol>{s.questions.map((q) => <li key={q.id}>{pick(q.prompt)}</li>)}</ol>
          </details>
        ) : <p class="muted" data-testid="check-none">{t('check.host.none')}</p>}
        <div class="actions">
          <button type="button" class="primary" data-testid="check-open-pre" disabled={!can('pre')} onClick={() => this.run({ kind: 'open', stage: 'pre' })}>{t('check.host.openPre')}</button>
          <button type="button" class="primary" data-testid="check-open-post" disabled={!can('post')} onClick={() => this.run({ kind: 'open', stage: 'post' })}>{t('check.host.openPost')}</button>
          <button type="button" data-testid="check-close" disabled={!s || s.open === null} onClick={() => this.run({ kind: 'close' })}>{t('check.host.close')}</button>
        </div>
        {s?.open ? (
          <>
            <p data-testid="check-open-status">{t('check.host.open', { stage: t(s.open === 'pre' ? 'check.stage.pre' : 'check.stage.post') })}</p>
            <CheckCount status={s} />
          </>
        ) : null}
        {r && s && s.open === null ? <CheckDistribution results={r} questions={s.questions} /> : null}
      </>
    );
  };
}
