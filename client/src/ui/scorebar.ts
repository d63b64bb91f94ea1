import { onLang, t, type TextKey } from '../i18n/ui';
import { h, ht } from './dom';

/** Score, streak and the partner's status, always in view above the composer. */
export class ScoreBar {
  private readonly score = h('output', { 'data-testid': 'score', 'aria-labelledby': 'score-label', text: '0' });
  private readonly streak = h('output', { 'data-testid': 'streak', 'aria-labelledby': 'streak-label', text: '0' });
  private readonly partner = h('span', { class: 'partner-status', role: 'status', 'data-testid': 'partner-status' });
  private partnerKey: TextKey | null = null;
  private readonly offLang = onLang(() => this.showPartner());
  readonly el = h('div', { class: 'scorebar' },
    h('span', { class: 'stat' }, ht('span', 'score.label', { id: 'score-label' }), this.score),
    h('span', { class: 'stat' }, ht('span', 'streak.label', { id: 'streak-label' }), this.streak),
    this.partner,
  );

  set(score: number, streak: number): void {
    this.score.textContent = String(score);
    this.streak.textContent = String(streak);
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
