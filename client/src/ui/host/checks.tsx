import { signal } from '@preact/signals';
import { render } from 'preact';
import { CHECK_SIZE, type CheckResults, type CheckStage, type CheckStatus } from '../../../../shared/index';
import { pick, t } from '../../i18n/ui';
import { CheckCount, CheckDistribution } from '../check';

export type CheckCommand = { kind: 'choose'; random: number } | { kind: 'open'; stage: CheckStage } | { kind: 'close' };

/**
 * The host's concept-check controls (issue 17): draw N questions (the same set before and after),
 * open the pre-check before the first round and the post-check after a round, close the open one;
 * the count of answers while it is open, then the distribution. A Preact panel mounted in `el`,
 * a function of its signals (the server's checkStatus / checkResults and where the class is).
 */
export class CheckControls {
  readonly el: HTMLElement;
  private readonly status = signal<CheckStatus | null>(null);
  private readonly results = signal<CheckResults | null>(null);
  private readonly where = signal<{ phase: string; round: number }>({ phase: 'lobby', round: 0 });
  private readonly count = signal(8);

  constructor(private readonly run: (command: CheckCommand) => void) {
    this.el = document.createElement('div');
    this.el.className = 'check-controls';
    this.el.setAttribute('data-testid', 'check-controls');
    render(<this.View />, this.el);
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

  private readonly View = () => {
    const s = this.status.value;
    const r = this.results.value;
    const { phase, round } = this.where.value;
    const lobby = phase === 'lobby';
    const chosen = (s?.questions.length ?? 0) > 0;
    const started = !!s && (s.open !== null || s.closed.length > 0);
    const can = (stage: CheckStage) => lobby && chosen && s?.open === null && !s.closed.includes(stage) && (stage === 'pre' ? round === 0 : round > 0);
    const sizes = Array.from({ length: CHECK_SIZE.max - CHECK_SIZE.min + 1 }, (_, i) => CHECK_SIZE.min + i);
    return (
      <>
        <h2 id="check-controls-heading">{t('check.host.heading')}</h2>
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
