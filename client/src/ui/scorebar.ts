import { onLang, t, type TextKey } from '../i18n/ui';
import { h, ht } from './dom';

/**
 * Score, streak and the partner's status, always in view above the composer. During an assessment
 * round it is held: nothing about correctness reaches the student before the round ends, so the
 * numbers stay as they were and a note says when they will move.
 */
export class ScoreBar {
  private readonly score = h('output', { 'data-testid': 'score', 'aria-labelledby': 'score-label', text: '0' });
  private readonly streak = h('output', { 'data-testid': 'streak', 'aria-labelledby': 'streak-label', text: '0' });
  private readonly partner = h('span', { class: 'partner-status', role: 'status', 'data-testid': 'partner-status' });
  private readonly heldNote = ht('span', 'score.held', { class: 'hint', 'data-testid': 'score-held', hidden: true });
  private partnerKey: TextKey | null = null;
  private held = false;
  private readonly offLang = onLang(() => this.showPartner());
  readonly el = h('div', { class: 'scorebar' },
    h('span', { class: 'stat' }, ht('span', 'score.label', { id: 'score-label' }), this.score),
    h('span', { class: 'stat' }, ht('span', 'streak.label', { id: 'streak-label' }), this.streak),
    this.heldNote,
    this.partner,
  );

  /** Show these numbers (ignored while held). */
  set(score: number, streak: number): void {
    if (this.held) return;
    this.score.textContent = String(score);
    this.streak.textContent = String(streak);
  }

  /** Hold the numbers (an assessment round is on) or let them move again (it is over). */
  hold(on: boolean): void {
    this.held = on;
    this.heldNote.hidden = !on;
  }

  /** The numbers shown now. */
  get shown(): { score: number; streak: number } {
    return { score: Number(this.score.textContent), streak: Number(this.streak.textContent) };
  }

  /** null clears the line. */
  setPartner(key: TextKey | null): void {
    this.partnerKey = key;
    this.showPartner();
  }

  dispose(): void {
    this.offLang();
  }

  private showPartner(): void {
    this.partner.textContent = this.partnerKey ? t(this.partnerKey) : '';
    this.partner.classList.toggle('warn', this.partnerKey === 'partner.reconnecting');
  }
}
