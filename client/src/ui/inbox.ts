import type { SeatEvent, Segment, Side } from '../../../shared/index';
import { onLang, t, type TextKey } from '../i18n/ui';
import { flagText } from '../view/label';
import { h, ht } from './dom';

type Entry =
  | { kind: 'app'; key: TextKey; bytes?: number }
  | { kind: 'segment'; key: TextKey; segment: Segment; tone: 'in' | 'out' | 'lost' }
  | { kind: 'note'; key: TextKey; params?: Record<string, string> };

const MAX = 80;

/**
 * What reached the player, newest first: segments that arrived (flags, seq, ack, len), what
 * their app just did, what they sent, timers that fired — and what was lost only when the host
 * shows losses (an endpoint cannot know it). The text twin of the scene. Every number is a
 * button: tap, click or Enter hands it to `pick` (the composer pastes it).
 */
export class Inbox {
  readonly el: HTMLElement;
  // Focusable: it scrolls (a short box on a phone), so a keyboard must be able to scroll it.
  private readonly list = h('ol', { class: 'inbox-list', 'data-testid': 'inbox', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: 0, 'aria-labelledby': 'inbox-heading' });
  private entries: Entry[] = [];
  private segments = new Map<string, Segment>();
  private showLosses = false;
  private readonly offLang: () => void;

  constructor(private readonly pick: (value: number) => void = () => undefined) {
    this.el = h('section', { class: 'card inbox', 'aria-labelledby': 'inbox-heading' }, ht('h2', 'inbox.heading', { id: 'inbox-heading' }), this.list);
    this.offLang = onLang(() => this.render());
    this.render();
  }

  /** A new round; `showLosses`: the host shows students the network's losses. */
  reset(showLosses = false): void {
    this.showLosses = showLosses;
    this.entries = [];
    this.segments.clear();
    this.render();
  }

  /** Add what the player on `me` just saw; quiet: add without announcing (history on reconnection). */
  add(e: SeatEvent, me: Side, quiet = false): void {
    const entry = this.entryOf(e, me);
    if (!entry) return;
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, MAX);
    if (quiet) this.list.setAttribute('aria-live', 'off');
    this.list.prepend(this.item(entry));
    while (this.list.children.length > MAX) this.list.lastElementChild?.remove();
    this.list.querySelector('[data-testid="inbox-empty"]')?.remove();
    if (quiet) this.list.setAttribute('aria-live', 'polite');
    // The newest line is the first: scrolled back to it, so it is in view (the list is short on a phone).
    this.list.scrollTop = 0;
  }

  note(key: TextKey, params?: Record<string, string>): void {
    const entry: Entry = { kind: 'note', key, ...(params ? { params } : {}) };
    this.entries.unshift(entry);
    this.list.prepend(this.item(entry));
    this.list.querySelector('[data-testid="inbox-empty"]')?.remove();
  }

  dispose(): void {
    this.offLang();
  }

  private entryOf(e: SeatEvent, me: Side): Entry | null {
    switch (e.kind) {
      case 'app':
        return { kind: 'app', key: `inbox.app.${e.call}` as TextKey, ...(e.bytes !== undefined ? { bytes: e.bytes } : {}) };
      case 'sent':
        this.segments.set(e.id, e.segment);
        if (e.side !== me) return null;
        // 'auto': the engine played the opening for the player (never a correction: assessment
        // does not show the segment carried on in place of a wrong one).
        return { kind: 'segment', key: e.origin === 'player' ? 'inbox.sent' : 'inbox.sentAuto', segment: e.segment, tone: 'out' };
      case 'delivered':
        return e.to === me ? { kind: 'segment', key: 'inbox.arrived', segment: e.segment, tone: 'in' } : null;
      case 'lost': {
        if (!this.showLosses) return null;
        const segment = this.segments.get(e.id);
        return segment ? { kind: 'segment', key: 'inbox.lost', segment, tone: 'lost' } : null;
      }
      case 'timer':
        return { kind: 'note', key: e.timer === 'retransmit' ? 'inbox.timer.retransmit' : 'inbox.timer.time_wait' };
      case 'declared':
        if (e.side !== me) return null;
        return { kind: 'note', key: e.origin === 'auto' ? 'inbox.declaredAuto' : 'inbox.declared', params: { state: e.state } };
    }
  }

  private item(entry: Entry): HTMLElement {
    if (entry.kind === 'app') return h('li', { class: 'app', 'data-testid': 'inbox-item' }, t(entry.key, { bytes: entry.bytes ?? 0 }));
    if (entry.kind === 'note') return h('li', { class: 'note', 'data-testid': 'inbox-item' }, t(entry.key, entry.params));
    const s = entry.segment;
    const cell = (name: string, value: Node) => h('span', { class: 'cell' }, h('span', { class: 'name', text: name }), ' ', value);
    return h('li', { class: `seg ${entry.tone}`, 'data-testid': 'inbox-item' },
      h('span', { class: 'what', text: t(entry.key) }),
      h('span', { class: 'segment' },
        cell('flags', h('b', { text: flagText(s) })),
        cell('seq', this.number('seq', s.seq)),
        cell('ack', s.flags.includes('ACK') ? this.number('ack', s.ack) : h('b', { text: '—' })),
        cell('len', this.number('len', s.len))),
    );
  }

  /** A number as a button that pastes it into the composer (never answering, never adding 1). */
  private number(name: 'seq' | 'ack' | 'len', value: number): HTMLButtonElement {
    const b = h('button', {
      type: 'button', class: 'num', text: String(value), 'data-testid': 'inbox-num', 'data-field': name, 'data-value': value,
      'aria-label': t('inbox.paste', { name, value }),
    });
    b.addEventListener('click', () => this.pick(value));
    return b;
  }

  private render(): void {
    this.list.replaceChildren(...this.entries.map((e) => this.item(e)));
    if (this.entries.length === 0) this.list.append(ht('li', 'inbox.empty', { class: 'empty', 'data-testid': 'inbox-empty' }));
  }
}
