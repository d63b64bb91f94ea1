import { SIDES, type PairSummary, type Side } from '../../../../shared/index';
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
  /** Let the bot finish this seat (a student stuck, or gone). */
  handToBot(pairId: string, side: Side): void;
  /** End the round (every pair is done and the round does not end by itself). */
  endRound(): void;
}

/** A seat that has owed an answer this long is shown to the host, with the bot offered. */
export const STUCK_AFTER_MS = 30_000;

/**
 * How long a seat has owed its answer at page time `now`: the dashboard's figure plus the time since
 * it arrived (the dashboard is sent when something changes, and a stuck seat changes nothing).
 */
export function owingFor(owingMs: number | undefined, receivedAt: number, now: number): number | null {
  return owingMs === undefined ? null : owingMs + Math.max(0, now - receivedAt);
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
  private readonly handBot: Record<Side, HTMLButtonElement>;
  private readonly owing: Partial<Record<Side, HTMLElement>> = {};
  private last: PairSummary;
  private receivedAt = 0;
  /** Where the class round is: 'running' counts waiting time on; 'paused' holds it; otherwise nobody owes anything. */
  private phase = 'running';

  constructor(p: PairSummary, handlers: PairGridHandlers) {
    this.last = p;
    this.watch = h('button', { type: 'button', class: 'small watch', 'data-testid': `watch-${p.id}` });
    this.watch.addEventListener('click', () => handlers.watch(p.id));
    const hand = (side: Side) => {
      const b = h('button', { type: 'button', class: 'small hand-to-bot', 'data-testid': `hand-to-bot-${p.id}-${side}`, hidden: true });
      b.addEventListener('click', () => handlers.handToBot(p.id, side));
      return b;
    };
    this.handBot = { client: hand('client'), server: hand('server') };
    this.el = h('article', { class: 'pair-card', 'data-testid': `pair-${p.id}` }, this.info,
      h('div', { class: 'pair-actions' }, h('div', { class: 'hand-to-bot-row' }, this.handBot.client, this.handBot.server), injectButtons(p.id, handlers), this.watch));
    this.update(p, false);
  }

  update(p: PairSummary, watched: boolean, receivedAt = this.receivedAt, phase = this.phase): void {
    this.last = p;
    this.receivedAt = receivedAt;
    this.phase = phase;
    const sides = SIDES.map((s) => {
      const x = p[s];
      const declared = x.declared ? t('host.declared', { state: x.declared }) : '';
      const owing = h('span', { class: 'owing', 'data-testid': `pair-${p.id}-${s}-owes` });
      this.owing[s] = owing;
      return h('tr', { class: x.connected ? '' : 'offline' },
        h('th', { scope: 'row', text: `${x.name} (${t(s === 'client' ? 'side.client' : 'side.server')})` }),
        h('td', { class: 'state', 'data-testid': `pair-${p.id}-${s}-state`, text: x.state }),
        h('td', { class: 'muted' },
          [declared, x.bot ? t('host.botSeat') : '', x.connected ? '' : t('host.offline')].filter(Boolean).join(' · '),
          owing));
    });
    const mistake = p.lastMistake
      ? h('details', { class: 'mistake' },
        h('summary', {}, `${t('host.lastMistake', { side: t(p.lastMistake.side === 'client' ? 'side.client' : 'side.server') })} `, h('code', { text: p.lastMistake.rule })),
        h('p', { text: explainRule(p.lastMistake.rule, getLang()) }))
      : ht('p', 'host.noMistake', { class: 'muted' });
    // A pair that finished although its lesson did not happen says so (not "finished without error").
    const finished = !p.finished
      ? null
      : p.lesson === false
        ? h('span', { class: 'badge warn', 'data-testid': `pair-${p.id}-no-lesson`, text: t('host.noLesson') })
        : h('span', { class: 'badge ok', text: t('host.finished') });
    replace(this.info,
      h('header', {},
        h('h3', { text: p.id }),
        h('span', { class: 'score', text: t('host.score', { n: p.score }) }),
        finished),
      h('table', { class: 'pair-sides' }, h('tbody', {}, ...sides)),
      h('label', { class: 'progress' }, t('host.progress', { p: Math.round(p.progress * 100) }), h('progress', { max: 1, value: p.progress })),
      mistake,
    );
    tr(this.watch, watched ? 'host.watching' : 'host.watch');
    this.watch.setAttribute('aria-pressed', String(watched));
    this.tick(performance.now());
  }

  /** Refresh "owes … for N s" and the bot button for the time passed since the dashboard came. */
  tick(now: number): void {
    const p = this.last;
    for (const s of SIDES) {
      const x = p[s];
      const live = this.phase === 'running' || this.phase === 'paused';
      // A pause is nobody's thinking time (the server does not count it either).
      const ms = live && x.owes && !x.bot && !p.finished ? owingFor(x.owingMs, this.receivedAt, this.phase === 'running' ? now : this.receivedAt) : null;
      const stuck = ms !== null && ms >= STUCK_AFTER_MS;
      const el = this.owing[s];
      if (el) el.textContent = stuck ? ` · ${t(x.owes === 'declare' ? 'host.owes.declare' : 'host.owes.send', { s: Math.floor((ms ?? 0) / 1000) })}` : '';
      const b = this.handBot[s];
      b.hidden = !stuck;
      tr(b, 'host.handToBot', { name: x.name, side: t(s === 'client' ? 'side.client' : 'side.server') });
    }
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
  private readonly allDone = h('p', { class: 'notice all-done', role: 'status', 'data-testid': 'all-done', hidden: true });
  private readonly endNow: HTMLButtonElement;
  private watched = '';
  private readonly offLang: () => void;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(private readonly handlers: PairGridHandlers) {
    this.endNow = ht('button', 'host.end', { type: 'button', class: 'small', 'data-testid': 'all-done-end' });
    this.endNow.addEventListener('click', () => handlers.endRound());
    this.allDone.append(h('span', {}), ' ', this.endNow);
    this.el = h('section', { class: 'card wide', 'aria-labelledby': 'pairs-heading' },
      ht('h2', 'host.pairs', { id: 'pairs-heading' }), this.allDone, this.grid, h('div', { class: 'inject-all' }, ht('h3', 'host.injectAll'), injectButtons('all', handlers)));
    this.offLang = onLang(() => {
      for (const c of this.cards.values()) c.relabel(false);
      this.markWatched(this.watched);
    });
    // A stuck seat changes nothing, so no dashboard comes: the waiting time is counted here.
    this.ticker = setInterval(() => {
      const now = performance.now();
      for (const c of this.cards.values()) c.tick(now);
    }, 1000);
    this.show([]);
  }

  /**
   * The round's pairs. `allDone`: every pair has finished — the host is told, and offered to end
   * the round unless it ends by itself (`autoEnd`). `phase`: the class's (seats owe nothing between rounds);
   * `receivedAt`: page time the dashboard arrived.
   */
  show(pairs: readonly PairSummary[], opts: { allDone?: boolean; autoEnd?: boolean; phase?: string; receivedAt?: number } = {}): void {
    this.allDone.hidden = opts.allDone !== true;
    tr(this.allDone.firstElementChild as HTMLElement, opts.autoEnd === false ? 'host.allDoneEnd' : 'host.allDone');
    this.endNow.hidden = opts.autoEnd !== false;
    const receivedAt = opts.receivedAt ?? performance.now();
    for (const [id, card] of this.cards) {
      if (pairs.some((p) => p.id === id)) continue;
      card.el.remove();
      this.cards.delete(id);
    }
    for (const p of pairs) {
      const card = this.cards.get(p.id) ?? new PairCard(p, this.handlers);
      if (!this.cards.has(p.id)) this.cards.set(p.id, card);
      card.update(p, p.id === this.watched, receivedAt, opts.phase ?? 'running');
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
    clearInterval(this.ticker);
  }
}
