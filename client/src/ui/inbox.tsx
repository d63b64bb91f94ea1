import { signal, type Signal } from '@preact/signals';
import { render, type ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { SeatEvent, Segment, Side } from '../../../shared/index';
import { t, type TextKey } from '../i18n/ui';
import { flagText } from '../view/label';

type Entry = { id: number } & (
  | { kind: 'app'; key: TextKey; bytes?: number }
  | { kind: 'segment'; key: TextKey; segment: Segment; tone: 'in' | 'out' | 'lost'; params?: Record<string, string> }
  | { kind: 'note'; key: TextKey; params?: Record<string, string> });

/** Without its key: what `entryOf` and `note` make before the list numbers it. */
type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, 'id'> : never) : never;

const MAX = 80;

/** What the list shows: its entries (newest first), and whether the last one came quietly (history). */
interface InboxState {
  entries: Entry[];
  quiet: boolean;
}

/** A number as a button that pastes it into the composer (never answering, never adding 1). */
function Num({ name, value, pick }: { name: 'seq' | 'ack' | 'len'; value: number; pick: (v: number) => void }) {
  return (
    <button type="button" class="num" data-testid="inbox-num" data-field={name} data-value={value} aria-label={t('inbox.paste', { name, value })} onClick={() => pick(value)}>
      {String(value)}
    </button>
  );
}

function Cell({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <span class="cell">
      <span class="name">{name}</span> {children}
    </span>
  );
}

function Item({ entry, pick }: { entry: Entry; pick: (v: number) => void }) {
  if (entry.kind === 'app') return <li class="app" data-testid="inbox-item">{t(entry.key, { bytes: entry.bytes ?? 0 })}</li>;
  if (entry.kind === 'note') return <li class="note" data-testid="inbox-item">{t(entry.key, entry.params)}</li>;
  const s = entry.segment;
  return (
    <li class={`seg ${entry.tone}`} data-testid="inbox-item">
      <span class="what">{t(entry.key, entry.params)}</span>
      <span class="segment">
        <Cell name="flags"><b>{flagText(s)}</b></Cell>
        <Cell name="seq"><Num name="seq" value={s.seq} pick={pick} /></Cell>
        <Cell name="ack">{s.flags.includes('ACK') ? <Num name="ack" value={s.ack} pick={pick} /> : <b>—</b>}</Cell>
        <Cell name="len"><Num name="len" value={s.len} pick={pick} /></Cell>
      </span>
    </li>
  );
}

/**
 * The list, keyed by entry: a new line is added at the top and the others stay the same nodes, so
 * a number button that has the keyboard focus keeps it (no restorer), and a language switch
 * re-renders the texts in place.
 */
function InboxView({ state, pick }: { state: Signal<InboxState>; pick: (v: number) => void }) {
  const { entries, quiet } = state.value;
  const list = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    // The newest line is the first: scrolled back to it, so it is in view (the list is short on a phone).
    if (list.current) list.current.scrollTop = 0;
    // History added quietly went in while aria-live was off; what comes next is announced again.
    if (quiet) state.value = { entries, quiet: false };
  }, [entries]);
  return (
    <>
      <h2 id="inbox-heading">{t('inbox.heading')}</h2>
      {/* Focusable: it scrolls (a short box on a phone), so a keyboard must be able to scroll it. */}
      <ol ref={list} class="inbox-list" data-testid="inbox" aria-live={quiet ? 'off' : 'polite'} aria-relevant="additions" tabIndex={0} aria-labelledby="inbox-heading">
        {entries.length === 0 ? <li class="empty" data-testid="inbox-empty">{t('inbox.empty')}</li> : entries.map((e) => <Item key={e.id} entry={e} pick={pick} />)}
      </ol>
    </>
  );
}

/**
 * What reached the player, newest first: segments that arrived (flags, seq, ack, len), what
 * their app just did, what they sent, timers that fired — and what was lost only when the host
 * shows losses (an endpoint cannot know it). The text twin of the scene. Every number is a
 * button: tap, click or Enter hands it to `pick` (the composer pastes it). A Preact panel mounted
 * in `el`; the owner talks to it through this class.
 */
export class Inbox {
  readonly el: HTMLElement;
  private readonly state = signal<InboxState>({ entries: [], quiet: false });
  private segments = new Map<string, Segment>();
  private showLosses = false;
  private nextId = 1;

  constructor(pick: (value: number) => void = () => undefined) {
    this.el = document.createElement('section');
    this.el.className = 'card inbox';
    this.el.setAttribute('aria-labelledby', 'inbox-heading');
    render(<InboxView state={this.state} pick={pick} />, this.el);
  }

  /** A new round; `showLosses`: the host shows students the network's losses. */
  reset(showLosses = false): void {
    this.showLosses = showLosses;
    this.segments.clear();
    this.state.value = { entries: [], quiet: false };
  }

  /** Add what the player on `me` just saw; quiet: add without announcing (history on reconnection). */
  add(e: SeatEvent, me: Side, quiet = false): void {
    const entry = this.entryOf(e, me);
    if (entry) this.push(entry, quiet);
  }

  note(key: TextKey, params?: Record<string, string>): void {
    this.push({ kind: 'note', key, ...(params ? { params } : {}) }, false);
  }

  dispose(): void {
    render(null, this.el);
  }

  private push(entry: NewEntry, quiet: boolean): void {
    const keyed = { ...entry, id: this.nextId++ } as Entry;
    this.state.value = { entries: [keyed, ...this.state.value.entries].slice(0, MAX), quiet };
  }

  private entryOf(e: SeatEvent, me: Side): NewEntry | null {
    switch (e.kind) {
      case 'app':
        if (e.call === 'listen' && e.backlog !== undefined) return { kind: 'note', key: 'inbox.app.listenBacklog', params: { n: String(e.backlog) } };
        // A connect on the ports of the earlier connection says so: its ISN must lie above that one's.
        return { kind: 'app', key: e.reuse ? 'inbox.app.connectReuse' : (`inbox.app.${e.call}` as TextKey), ...(e.bytes !== undefined ? { bytes: e.bytes } : {}) };
      case 'sent':
        this.segments.set(e.id, e.segment);
        if (e.side !== me) return null;
        // 'auto': the engine played the opening for the player (never a correction: assessment
        // does not show the segment carried on in place of a wrong one).
        // To another address: a half-open connection's SYN+ACK (the SYN flood).
        if (e.peer !== undefined) return { kind: 'segment', key: 'inbox.sentTo', segment: e.segment, tone: 'out', params: { peer: e.peer } };
        return { kind: 'segment', key: e.origin === 'player' ? 'inbox.sent' : 'inbox.sentAuto', segment: e.segment, tone: 'out' };
      case 'delivered':
        if (e.to !== me) return null;
        if (e.peer !== undefined) return { kind: 'segment', key: 'inbox.arrivedFrom', segment: e.segment, tone: 'in', params: { peer: e.peer } };
        return { kind: 'segment', key: 'inbox.arrived', segment: e.segment, tone: 'in' };
      case 'lost': {
        if (!this.showLosses) return null;
        const segment = this.segments.get(e.id);
        return segment ? { kind: 'segment', key: 'inbox.lost', segment, tone: 'lost' } : null;
      }
      case 'timer':
        if (e.peer !== undefined) return { kind: 'note', key: 'inbox.timer.halfOpen', params: { peer: e.peer } };
        return { kind: 'note', key: e.timer === 'retransmit' ? 'inbox.timer.retransmit' : 'inbox.timer.time_wait' };
      case 'declared':
        if (e.side !== me) return null;
        return { kind: 'note', key: e.origin === 'auto' ? 'inbox.declaredAuto' : 'inbox.declared', params: { state: e.state } };
    }
  }
}
