import { signal } from '@preact/signals';
import { render } from 'preact';
import { SIDES, type PairSummary, type Side } from '../../../../shared/index';
import { explainRule, shortRule } from '../../../../shared/i18n/index';
import { pairName } from '../../i18n/plural';
import { lang, t, type TextKey } from '../../i18n/ui';

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

const sideText = (s: Side) => t(s === 'client' ? 'side.client' : 'side.server');

/**
 * The fault buttons for one pair or for "all"; test ids `inject-<kind>-<target>`. On a pair, each
 * button has its status beside it (`inject-<kind>-<target>-status`), which the button names as
 * its description.
 */
function InjectButtons({ target, inject, status }: { target: string; inject: (injection: Injection) => void; status?: (b: (typeof BUTTONS)[number]) => { status: FaultStatus | ''; n: number } }) {
  return (
    <div class="inject" role="group" aria-label={t(target === 'all' ? 'host.injectAll' : 'host.inject')}>
      {BUTTONS.map((b) => {
        const testid = `inject-${b.id}-${target}`;
        if (!status) {
          return <button key={b.id} type="button" class="small" data-testid={testid} onClick={() => inject(b.injection)}>{t(b.key)}</button>;
        }
        const id = `fault-${target}-${b.id}`;
        const s = status(b);
        return (
          <span key={b.id} class="inject-item">
            <button type="button" class="small" data-testid={testid} aria-describedby={id} onClick={() => inject(b.injection)}>{t(b.key)}</button>
            <span class="fault-status" id={id} data-testid={`${testid}-status`} data-status={s.status}>
              {s.status ? `${t(STATUS_KEY[s.status])}${s.n > 1 ? ` ×${s.n}` : ''}` : ''}
            </span>
          </span>
        );
      })}
    </div>
  );
}

interface CardProps {
  p: PairSummary;
  watched: boolean;
  /** Page time the dashboard arrived, and page time now (the waiting times count on from then). */
  receivedAt: number;
  now: number;
  /** Where the class round is: 'running' counts waiting time on; 'paused' holds it; otherwise nobody owes anything. */
  phase: string;
  /** Buttons whose fault the server has confirmed (faultInjected), with page time then. */
  confirmed: ReadonlyMap<string, number> | undefined;
  handlers: PairGridHandlers;
}

/** One pair's live card, keyed by pair id: its buttons stay the same nodes, so keyboard focus survives updates. */
function PairCard({ p, watched, receivedAt, now, phase, confirmed, handlers }: CardProps) {
  const l = lang.value;
  /** How long each side has owed its answer, when it is long enough to offer the bot. */
  const stuck = (s: Side): number | null => {
    const x = p[s];
    const live = phase === 'running' || phase === 'paused';
    // A pause is nobody's thinking time (the server does not count it either).
    const ms = live && x.owes && !x.bot && !p.finished ? owingFor(x.owingMs, receivedAt, phase === 'running' ? now : receivedAt) : null;
    return ms !== null && ms >= STUCK_AFTER_MS ? ms : null;
  };
  const faults = p.faults ?? [];
  const status = (b: (typeof BUTTONS)[number]) => {
    // A confirmation newer than the dashboard: the fault is set, the dashboard has not said so yet.
    const at = confirmed?.get(b.id);
    return at !== undefined && at > receivedAt ? { status: 'armed' as const, n: 1 } : buttonStatus(faults, b.injection);
  };
  const mistake = p.lastMistake;
  return (
    <article class="pair-card" data-testid={`pair-${p.id}`}>
      <div class="pair-info">
        <header>
          <h3>{pairName(p.id, lang.value)}</h3>
          <span class="score">{t('host.score', { n: p.score })}</span>
          {/* A pair that finished although its lesson did not happen says so (not "finished without error"). */}
          {!p.finished ? null : p.lesson === false ? (
            <span class="badge warn" data-testid={`pair-${p.id}-no-lesson`}>{t('host.noLesson')}</span>
          ) : (
            <span class="badge ok">{t('host.finished')}</span>
          )}
        </header>
        <table class="pair-sides">
          <tbody>
            {SIDES.map((s) => {
              const x = p[s];
              const ms = stuck(s);
              return (
                <tr key={s} class={x.connected ? '' : 'offline'}>
                  <th scope="row">{`${x.name} (${sideText(s)})`}</th>
                  <td class="state" data-testid={`pair-${p.id}-${s}-state`}>{x.state}</td>
                  <td class="muted">
                    {[x.declared ? t('host.declared', { state: x.declared }) : '', x.bot ? t('host.botSeat') : '', x.connected ? '' : t('host.offline')].filter(Boolean).join(' · ')}
                    <span class="owing" data-testid={`pair-${p.id}-${s}-owes`}>
                      {ms === null ? '' : ` · ${t(x.owes === 'declare' ? 'host.owes.declare' : 'host.owes.send', { s: Math.floor(ms / 1000) })}`}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label class="progress">
          {t('host.progress', { p: Math.round(p.progress * 100) })}
          <progress max={1} value={p.progress} data-testid={`pair-${p.id}-progress`} />
        </label>
        {/* The mistake in a few words of the page's language; the rule id only in the tooltip. */}
        {mistake ? (
          <details class="mistake">
            <summary>
              {`${t('host.lastMistake', { side: sideText(mistake.side) })} `}
              <span class="mistake-short" title={mistake.rule} data-testid={`pair-${p.id}-mistake`}>{shortRule(mistake.rule, l)}</span>
            </summary>
            <p>{explainRule(mistake.rule, l)}</p>
          </details>
        ) : (
          <p class="muted">{t('host.noMistake')}</p>
        )}
      </div>
      <div class="pair-actions">
        <div class="hand-to-bot-row">
          {SIDES.map((s) => (
            <button key={s} type="button" class="small hand-to-bot" data-testid={`hand-to-bot-${p.id}-${s}`} hidden={stuck(s) === null} onClick={() => handlers.handToBot(p.id, s)}>
              {t('host.handToBot', { name: p[s].name, side: sideText(s) })}
            </button>
          ))}
        </div>
        <InjectButtons target={p.id} inject={(injection) => handlers.inject(p.id, injection)} status={status} />
        {/* Between rounds these cards are the last round's, and pair numbers name the coming round's students: no button. */}
        <button type="button" class="small watch" data-testid={`watch-${p.id}`} hidden={phase !== 'running' && phase !== 'paused'} aria-pressed={watched ? 'true' : 'false'} onClick={() => handlers.watch(p.id)}>
          {t(watched ? 'host.watching' : 'host.watch')}
        </button>
      </div>
    </article>
  );
}

interface GridState {
  pairs: readonly PairSummary[];
  allDone: boolean;
  autoEnd: boolean;
  phase: string;
  receivedAt: number;
}

/**
 * The live grid of pairs: both states, progress, score, last mistake, and the fault buttons. A
 * Preact panel mounted in `el`, cards keyed by pair; the dashboard talks to it through this class.
 */
export class PairGrid {
  readonly el: HTMLElement;
  private readonly state = signal<GridState>({ pairs: [], allDone: false, autoEnd: true, phase: 'running', receivedAt: 0 });
  private readonly watched = signal('');
  /** Page time now, moved on every second: a stuck seat changes nothing, so no dashboard comes. */
  private readonly now = signal(performance.now());
  /** Faults the server confirmed (faultInjected), per pair: button id → page time. */
  private readonly confirmed = signal<ReadonlyMap<string, ReadonlyMap<string, number>>>(new Map());
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(private readonly handlers: PairGridHandlers) {
    this.el = document.createElement('section');
    this.el.className = 'card wide';
    this.el.setAttribute('aria-labelledby', 'pairs-heading');
    this.ticker = setInterval(() => (this.now.value = performance.now()), 1000);
    render(<this.View />, this.el);
  }

  /**
   * The round's pairs. `allDone`: every pair has finished — the host is told, and offered to end
   * the round unless it ends by itself (`autoEnd`). `phase`: the class's (seats owe nothing between rounds);
   * `receivedAt`: page time the dashboard arrived.
   */
  show(pairs: readonly PairSummary[], opts: { allDone?: boolean; autoEnd?: boolean; phase?: string; receivedAt?: number } = {}): void {
    const receivedAt = opts.receivedAt ?? performance.now();
    this.now.value = Math.max(this.now.value, receivedAt);
    this.state.value = { pairs, allDone: opts.allDone === true, autoEnd: opts.autoEnd !== false, phase: opts.phase ?? 'running', receivedAt };
  }

  /** The server set a fault (faultInjected) on `target`, a pair or 'all': its button says armed at once. */
  faultSet(target: string, injection: { kind: Injection['kind']; flag?: Injection['flag'] }): void {
    const b = buttonOf(injection);
    if (!b) return;
    const at = performance.now();
    this.now.value = Math.max(this.now.value, at);
    const next = new Map(this.confirmed.value);
    for (const p of this.state.value.pairs) if (target === 'all' || target === p.id) next.set(p.id, new Map(next.get(p.id)).set(b.id, at));
    this.confirmed.value = next;
  }

  markWatched(pairId: string): void {
    this.watched.value = pairId;
  }

  dispose(): void {
    clearInterval(this.ticker);
    render(null, this.el);
  }

  private readonly View = () => {
    const s = this.state.value;
    const watched = this.watched.value;
    const confirmed = this.confirmed.value;
    const now = this.now.value;
    return (
      <>
        <h2 id="pairs-heading">{t('host.pairs')}</h2>
        <p class="notice all-done" role="status" data-testid="all-done" hidden={!s.allDone}>
          <span>{t(s.autoEnd ? 'host.allDone' : 'host.allDoneEnd')}</span>{' '}
          <button type="button" class="small" data-testid="all-done-end" hidden={s.autoEnd} onClick={() => this.handlers.endRound()}>{t('host.end')}</button>
        </p>
        <div class="pair-grid" data-testid="pair-grid">
          {s.pairs.map((p) => (
            <PairCard key={p.id} p={p} watched={p.id === watched} receivedAt={s.receivedAt} now={now} phase={s.phase} confirmed={confirmed.get(p.id)} handlers={this.handlers} />
          ))}
          {s.pairs.length === 0 ? <p class="muted" data-testid="no-pairs">{t('host.noPairs')}</p> : null}
        </div>
        <div class="inject-all">
          <h3>{t('host.injectAll')}</h3>
          <InjectButtons target="all" inject={(injection) => this.handlers.inject('all', injection)} />
        </div>
      </>
    );
  };
}
