import { SIDES, type PairSummary } from '../../../../shared/index';
import { explainRule } from '../../../../shared/i18n/index';
import { getLang, onLang, t, type TextKey } from '../../i18n/ui';
import { h, ht, replace, tr } from '../dom';

/** A fault the host can inject (shared/messages InjectFaultSchema). */
export interface Injection {
  kind: 'drop-next' | 'delay-next' | 'stale-syn';
  flag?: 'SYN' | 'ACK' | 'FIN';
  ms?: number;
}

export interface PairGridHandlers {
  inject(target: string, injection: Injection): void;
  watch(pairId: string): void;
}

const BUTTONS: { key: TextKey; id: string; injection: Injection }[] = [
  { key: 'inject.drop', id: 'drop-next', injection: { kind: 'drop-next' } },
  { key: 'inject.drop.SYN', id: 'drop-next-SYN', injection: { kind: 'drop-next', flag: 'SYN' } },
  { key: 'inject.drop.ACK', id: 'drop-next-ACK', injection: { kind: 'drop-next', flag: 'ACK' } },
  { key: 'inject.drop.FIN', id: 'drop-next-FIN', injection: { kind: 'drop-next', flag: 'FIN' } },
  { key: 'inject.delay', id: 'delay-next', injection: { kind: 'delay-next', ms: 5000 } },
  { key: 'inject.stale', id: 'stale-syn', injection: { kind: 'stale-syn' } },
];

/** The fault buttons for one pair or for "all"; test ids `inject-<kind>-<target>`. */
export function injectButtons(target: string, handlers: PairGridHandlers): HTMLElement {
  const box = h('div', { class: 'inject', role: 'group', 'aria-label': t(target === 'all' ? 'host.injectAll' : 'host.inject') });
  tr(box, target === 'all' ? 'host.injectAll' : 'host.inject', undefined, 'aria-label');
  for (const b of BUTTONS) {
    const button = ht('button', b.key, { type: 'button', class: 'small', 'data-testid': `inject-${b.id}-${target}` });
    button.addEventListener('click', () => handlers.inject(target, b.injection));
    box.append(button);
  }
  return box;
}

/** One pair's live card; its buttons are made once so that keyboard focus survives updates. */
class PairCard {
  readonly el: HTMLElement;
  private readonly info = h('div', { class: 'pair-info' });
  private readonly watch: HTMLButtonElement;
  private last: PairSummary;

  constructor(p: PairSummary, handlers: PairGridHandlers) {
    this.last = p;
    this.watch = h('button', { type: 'button', class: 'small watch', 'data-testid': `watch-${p.id}` });
    this.watch.addEventListener('click', () => handlers.watch(p.id));
    this.el = h('article', { class: 'pair-card', 'data-testid': `pair-${p.id}` }, this.info, h('div', { class: 'pair-actions' }, injectButtons(p.id, handlers), this.watch));
    this.update(p, false);
  }

  update(p: PairSummary, watched: boolean): void {
    this.last = p;
    const sides = SIDES.map((s) => {
      const x = p[s];
      const declared = x.declared ? t('host.declared', { state: x.declared }) : '';
      return h('tr', { class: x.connected ? '' : 'offline' },
        h('th', { scope: 'row', text: `${x.name} (${t(s === 'client' ? 'side.client' : 'side.server')})` }),
        h('td', { class: 'state', 'data-testid': `pair-${p.id}-${s}-state`, text: x.state }),
        h('td', { class: 'muted', text: [declared, x.connected ? '' : t('host.offline')].filter(Boolean).join(' · ') }));
    });
    const mistake = p.lastMistake
      ? h('details', { class: 'mistake' },
        h('summary', {}, `${t('host.lastMistake', { side: t(p.lastMistake.side === 'client' ? 'side.client' : 'side.server') })} `, h('code', { text: p.lastMistake.rule })),
        h('p', { text: explainRule(p.lastMistake.rule, getLang()) }))
      : ht('p', 'host.noMistake', { class: 'muted' });
    replace(this.info,
      h('header', {},
        h('h3', { text: p.id }),
        h('span', { class: 'score', text: t('host.score', { n: p.score }) }),
        p.finished ? h('span', { class: 'badge ok', text: t('host.finished') }) : null),
      h('table', { class: 'pair-sides' }, h('tbody', {}, ...sides)),
      h('label', { class: 'progress' }, t('host.progress', { p: Math.round(p.progress * 100) }), h('progress', { max: 1, value: p.progress })),
      mistake,
    );
    tr(this.watch, watched ? 'host.watching' : 'host.watch');
    this.watch.setAttribute('aria-pressed', String(watched));
  }

  relabel(watched: boolean): void {
    this.update(this.last, watched);
  }
}

/** The live grid of pairs: both states, progress, score, last mistake, and the fault buttons. */
export class PairGrid {
  readonly el: HTMLElement;
  private readonly grid = h('div', { class: 'pair-grid', 'data-testid': 'pair-grid' });
  private readonly cards = new Map<string, PairCard>();
  private watched = '';
  private readonly offLang: () => void;

  constructor(private readonly handlers: PairGridHandlers) {
    this.el = h('section', { class: 'card wide', 'aria-labelledby': 'pairs-heading' },
      ht('h2', 'host.pairs', { id: 'pairs-heading' }), this.grid, h('div', { class: 'inject-all' }, ht('h3', 'host.injectAll'), injectButtons('all', handlers)));
    this.offLang = onLang(() => {
      for (const c of this.cards.values()) c.relabel(false);
      this.markWatched(this.watched);
    });
    this.show([]);
  }

  show(pairs: readonly PairSummary[]): void {
    for (const [id, card] of this.cards) {
      if (pairs.some((p) => p.id === id)) continue;
      card.el.remove();
      this.cards.delete(id);
    }
    for (const p of pairs) {
      const card = this.cards.get(p.id) ?? new PairCard(p, this.handlers);
      if (!this.cards.has(p.id)) this.cards.set(p.id, card);
      card.update(p, p.id === this.watched);
      // Appending an element already in place would move it and drop the keyboard focus inside.
      if (card.el.parentNode !== this.grid) this.grid.append(card.el);
    }
    this.grid.querySelector('[data-testid="no-pairs"]')?.remove();
    if (pairs.length === 0) this.grid.append(ht('p', 'host.noPairs', { class: 'muted', 'data-testid': 'no-pairs' }));
  }

  markWatched(pairId: string): void {
    this.watched = pairId;
    for (const [id, card] of this.cards) card.relabel(id === pairId);
  }

  dispose(): void {
    this.offLang();
  }
}
