import { t, type TextKey } from '../i18n/ui';
import { Panel } from './panel';

interface Shown {
  score: number;
  streak: number;
  held: boolean;
  partner: TextKey | null;
}

function ScoreView({ s }: { s: Shown }) {
  return (
    <>
      <span class="stat"><span id="score-label">{t('score.label')}</span><output data-testid="score" aria-labelledby="score-label">{String(s.score)}</output></span>
      <span class="stat"><span id="streak-label">{t('streak.label')}</span><output data-testid="streak" aria-labelledby="streak-label">{String(s.streak)}</output></span>
      <span class="hint" data-testid="score-held" hidden={!s.held}>{t('score.held')}</span>
      <span class={s.partner === 'partner.reconnecting' ? 'partner-status warn' : 'partner-status'} role="status" data-testid="partner-status">{s.partner ? t(s.partner) : ''}</span>
    </>
  );
}

/**
 * Score, streak and the partner's status, always in view above the composer. During an assessment
 * round it is held: nothing about correctness reaches the student before the round ends, so the
 * numbers stay as they were and a note says when they will move. A Preact panel drawn into `el`
 * whenever it changes (and by itself on a language switch).
 */
export class ScoreBar extends Panel<Shown> {
  constructor() {
    super(document.createElement('div'), { score: 0, streak: 0, held: false, partner: null });
    this.el.className = 'scorebar';
    this.draw();
  }

  /** Show these numbers (ignored while held). */
  set(score: number, streak: number): void {
    if (this.s.held) return;
    this.update({ score, streak });
  }

  /** Hold the numbers (an assessment round is on) or let them move again (it is over). */
  hold(on: boolean): void {
    this.update({ held: on });
  }

  /** The numbers shown now. */
  get shown(): { score: number; streak: number } {
    return { score: this.s.score, streak: this.s.streak };
  }

  /** null clears the line. */
  setPartner(key: TextKey | null): void {
    this.update({ partner: key });
  }

  protected view() {
    return <ScoreView s={this.s} />;
  }
}
