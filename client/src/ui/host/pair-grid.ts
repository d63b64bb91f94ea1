import { SIDES, type PairSummary, type Side } from '../../../../shared/index';
import { explainRule, shortRule } from '../../../../shared/i18n/index';
import { pairName } from '../../i18n/plural';
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

/** The button a fault was set with (its kind, and flag for a drop). */
function buttonOf(f: { kind: Injection['kind']; flag?: Injection['flag'] }): (typeof BUTTONS)[number] | undefined {
  return BUTTONS.find((b) => b.injection.kind === f.kind && b.injection.flag === f.flag);
}

/** A fault as the host reads it: the words of its button ("Drop next SYN"), never its internal kind. */
export function faultLabel(f: { kind: Injection['kind']; flag?: Injection['flag'] }): string {
  const b = buttonOf(f);
  return b ? t(b.key) : f.kind;
}

export type FaultStatus = 'armed' | 'used' | 'cancelled';

/**
 * Where a button's faults on one pair are: armed while any waits for its segment (×n when more
 * than one does), otherwise what became of the last one; '' when the button set none this round.
 */
export function buttonStatus(faults: readonly { kind: string; flag?: string; status: FaultStatus }[], b: { kind: string; flag?: string }): { status: FaultStatus | ''; n: number } {
  const mine = faults.filter((f) => f.kind === b.kind && f.flag === b.flag);
  const armed = mine.filter((f) => f.status === 'armed').length;
  if (armed > 0) return { status: 'armed', n: armed };
  return { status: mine[mine.length - 1]?.status ?? '', n: mine.length > 0 ? 1 : 0 };
}

const STATUS_KEY: Record<FaultStatus, TextKey> = { armed: 'fault.armed', used: 'fault.used', cancelled: 'fault.cancelled' };

/**
 * The fault buttons for one pair or for "all"; test ids `inject-<kind>-<target>`. On a pair, each
 * button has its status beside it (`inject-<kind>-<target>-status`, filled by the card), which
 * the button names as its description.
 */
export function injectButtons(target: string, handlers: PairGridHandlers, statuses?: Map<string, HTMLElement>): HTMLElement {
  const box = h('div', { class: 'inject', role: 'group', 'aria-label': t(target === 'all' ? 'host.injectAll' : 'host.inject') });
  tr(box, target === 'all' ? 'host.injectAll' : 'host.inject', undefined, 'aria-label');
  for (const b of BUTTONS) {
    const button = ht('button', b.key, { type: 'button', class: 'small', 'data-testid': `inject-${b.id}-${target}` });
    button.addEventListener('click', () => handlers.inject(target, b.injection));
    if (!statuses) {
      box.append(button);
      continue;
    }
    const id = `fault-${target}-${b.id}`;
    const status = h('span', { class: 'fault-status', id, 'data-testid': `inject-${b.id}-${target}-status` });
    button.setAttribute('aria-describedby', id);
    statuses.set(b.id, status);
    box.append(h('span', { class: 'inject-item' }, button, status));
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
  /** Each fault button's status, by button id. */
  private readonly statuses = new Map<string, HTMLElement>();
  /** Buttons whose fault the server has confirmed (faultInjected) and page time then, until a later dashboard lists it. */
  private readonly confirmed = new Map<string, number>();
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
      h('div', { class: 'pair-actions' }, h('div', { class: 'hand-to-bot-row' }, this.handBot.client, this.handBot.server), injectButtons(p.id, handlers, this.statuses), this.watch));
    this.update(p, false);
  }

  /** The server set this fault on the pair (faultInjected): armed now, before the next dashboard says so. */
  armed(injection: { kind: Injection['kind']; flag?: Injection['flag'] }, at: number): void {
    const b = buttonOf(injection);
    if (!b) return;
    this.confirmed.set(b.id, at);
    this.showFaults();
  }

  private showFaults(): void {
    const faults = this.last.faults ?? [];
    for (const b of BUTTONS) {
      const el = this.statuses.get(b.id);
      if (!el) continue;
      // A confirmation newer than the dashboard: the fault is set, the dashboard has not said so yet.
      const at = this.confirmed.get(b.id);
      if (at !== undefined && at <= this.receivedAt) this.confirmed.delete(b.id);
      const { status, n } = this.confirmed.has(b.id) ? { status: 'armed' as const, n: 1 } : buttonStatus(faults, b.injection);
      el.setAttribute('data-status', status);
      el.textContent = status ? `${t(STATUS_KEY[status])}${n > 1 ? ` ×${n}` : ''}` : '';
    }
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
    // The mistake in a few words of the page's language; the rule id only in the tooltip.
    const mistake = p.lastMistake
      ? h('details', { class: 'mistake' },
        h('summary', {}, `${t('host.lastMistake', { side: t(p.lastMistake.side === 'client' ? 'side.client' : 'side.server') })} `,
          h('span', { class: 'mistake-short', title: p.lastMistake.rule, 'data-testid': `pair-${p.id}-mistake`, text: shortRule(p.lastMistake.rule, getLang()) })),
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
        h('h3', { text: pairName(p.id, getLang()) }),
        h('span', { class: 'score', text: t('host.score', { n: p.score }) }),
        finished),
      h('table', { class: 'pair-sides' }, h('tbody', {}, ...sides)),
      h('label', { class: 'progress' }, t('host.progress', { p: Math.round(p.progress * 100) }), h('progress', { max: 1, value: p.progress, 'data-testid': `pair-${p.id}-progress` })),
      mistake,
    );
    tr(this.watch, watched ? 'host.watching' : 'host.watch');
    this.watch.setAttribute('aria-pressed', String(watched));
    this.showFaults();
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

  /** The server set a fault (faultInjected) on `target`, a pair or 'all': its button says armed at once. */
  faultSet(target: string, injection: { kind: Injection['kind']; flag?: Injection['flag'] }): void {
    const now = performance.now();
    for (const [id, card] of this.cards) if (target === 'all' || target === id) card.armed(injection, now);
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
