import { autoPairs, type Pairing } from '../../../../shared/index';
import { onLang, t } from '../../i18n/ui';
import type { ClassSnapshot, PlayerSnapshot } from '../../net/events';
import { h, ht, replace, tr } from '../dom';

/**
 * Who is here, and the pairs: one select per student ("Pair 1", "Pair 2", …). Students put in the
 * same pair play together; a student alone in a pair plays against the bot. Choices the host has
 * not applied yet survive the state updates that keep coming in.
 */
export class Roster {
  readonly el: HTMLElement;
  private readonly heading = h('h2', { id: 'roster-heading' });
  private readonly body = h('div', { class: 'roster-body' });
  private readonly error = h('p', { class: 'error', role: 'alert', 'data-testid': 'pairs-error' });
  private readonly chosen = new Map<string, number>();
  private snapshot: ClassSnapshot | undefined;
  private signature = '';
  private readonly offLang: () => void;

  constructor(private readonly setPairs: (pairs: Pairing[]) => void) {
    const apply = ht('button', 'host.applyPairs', { type: 'button', 'data-testid': 'apply-pairs' });
    const auto = ht('button', 'host.autoPairs', { type: 'button', 'data-testid': 'auto-pairs' });
    apply.addEventListener('click', () => this.apply());
    auto.addEventListener('click', () => {
      this.chosen.clear();
      this.error.textContent = '';
      this.setPairs(autoPairs(this.present().map((p) => p.id)));
    });
    this.el = h('section', { class: 'card roster', 'aria-labelledby': 'roster-heading', 'data-testid': 'roster' },
      this.heading, this.body, ht('p', 'host.pairsHint', { class: 'hint' }), this.error, h('div', { class: 'actions' }, apply, auto));
    this.offLang = onLang(() => this.render());
    this.render();
  }

  show(s: ClassSnapshot): void {
    this.snapshot = s;
    // The state changes every few hundred ms in a round; redraw only when the roster itself did.
    const sig = JSON.stringify(Object.values(s.players).map((p) => [p.id, p.nickname, p.connected, p.score, p.pairId]));
    if (sig === this.signature) return;
    this.signature = sig;
    this.render();
  }

  dispose(): void {
    this.offLang();
  }

  private players(): PlayerSnapshot[] {
    return Object.values(this.snapshot?.players ?? {});
  }

  private present(): PlayerSnapshot[] {
    return this.players().filter((p) => p.connected);
  }

  /** The pair number a student is in now: the host's pending choice, the published pair, or join order. */
  private pairOf(p: PlayerSnapshot, index: number): number {
    const pending = this.chosen.get(p.id);
    if (pending) return pending;
    const m = /^pair(\d+)$/.exec(p.pairId);
    return m ? Number(m[1]) : Math.floor(index / 2) + 1;
  }

  private render(): void {
    const players = this.players();
    tr(this.heading, 'host.students', { n: players.length });
    if (players.length === 0) return replace(this.body, ht('p', 'host.noStudents', { class: 'muted' }));
    const present = this.present();
    const slots = Math.max(1, present.length);
    const rows = players.map((p) => {
      const i = present.indexOf(p);
      let pairCell: HTMLElement = h('span', { class: 'muted', text: t('host.offline') });
      if (i >= 0) {
        const select = h('select', { 'data-testid': `pair-select-${p.id}`, 'aria-label': t('host.pairOf', { name: p.nickname }) });
        for (let n = 1; n <= slots; n++) select.append(h('option', { value: n, text: t('host.pairN', { n }) }));
        select.value = String(Math.min(this.pairOf(p, i), slots));
        select.addEventListener('change', () => this.chosen.set(p.id, Number(select.value)));
        pairCell = select;
      }
      return h('tr', { 'data-testid': `roster-${p.id}` },
        h('td', { class: p.connected ? '' : 'muted', text: p.nickname }),
        h('td', { class: 'num', text: String(p.score) }),
        h('td', {}, pairCell));
    });
    const focused = document.activeElement?.getAttribute('data-testid');
    replace(this.body, h('table', { class: 'roster-table' }, h('tbody', {}, ...rows)));
    if (focused) this.body.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  }

  private apply(): void {
    const groups = new Map<number, string[]>();
    this.present().forEach((p, i) => {
      const n = this.pairOf(p, i);
      groups.set(n, [...(groups.get(n) ?? []), p.id]);
    });
    const pairs: Pairing[] = [];
    for (const [n, ids] of [...groups].sort((a, b) => a[0] - b[0])) {
      if (ids.length > 2) {
        this.error.textContent = t('err.pairTooBig', { pair: t('host.pairN', { n }), n: ids.length });
        return;
      }
      pairs.push({ a: ids[0] as string, b: ids[1] ?? null });
    }
    this.error.textContent = '';
    this.chosen.clear();
    this.setPairs(pairs);
  }
}
