import { createMirror, mirrorSeatEvent, queueFull, type EndpointMirror, type SeatEvent, type Side } from '../../../shared/index';
import { t } from '../i18n/ui';
import { Panel } from './panel';

/** One place of the listen queue as the panel shows it. */
export interface QueueLine {
  /** The address, or null for the partner (the main connection, half-open in SYN_RCVD). */
  peer: string | null;
  irs: number | null;
  /** Our ISN, once its SYN+ACK went out. */
  iss: number | null;
  owes: boolean;
  retries: number;
}

/** What the panel shows: nothing (no bounded queue), or its places, taken and free. */
export interface QueueShown {
  backlog: number | null;
  lines: QueueLine[];
  full: boolean;
  /** SYNs from the partner the full queue dropped so far. */
  dropped: number;
}

export const NO_QUEUE: QueueShown = { backlog: null, lines: [], full: false, dropped: 0 };

/**
 * The listen queue of the player's own endpoint, from what the seat has seen only: its events
 * folded through the shared engine (shared/round/mirror.ts), as the server steps the real one.
 * Pure: the mirror in, the mirror and what to show out.
 */
export function foldQueue(m: EndpointMirror, shown: QueueShown, e: SeatEvent, me: Side): { mirror: EndpointMirror; shown: QueueShown } {
  const before = m.endpoint;
  const mirror = mirrorSeatEvent(m, e, me);
  const ep = mirror.endpoint;
  const q = ep.queue;
  // The partner's SYN found every place taken: the endpoint stays in LISTEN and owes nothing.
  const droppedNow = e.kind === 'delivered' && e.to === me && e.peer === undefined && e.segment.flags.includes('SYN') &&
    before.state === 'LISTEN' && ep.state === 'LISTEN' && queueFull(before) ? 1 : 0;
  if (!q || q.backlog === null) return { mirror, shown: droppedNow ? { ...shown, dropped: shown.dropped + 1 } : shown };
  const lines: QueueLine[] = q.entries.map((x) => ({ peer: x.peer, irs: x.irs, iss: x.iss, owes: x.owed, retries: x.retries }));
  if (ep.state === 'SYN_RCVD' && ep.passive) lines.push({ peer: null, irs: ep.irs, iss: ep.iss, owes: ep.owe.synAck, retries: 0 });
  return { mirror, shown: { backlog: q.backlog, lines, full: queueFull(ep), dropped: shown.dropped + droppedNow } };
}

/** The addresses other than the partner that the player may send to now (the composer's "Send to"). */
export function queuePeers(shown: QueueShown): string[] {
  return shown.lines.flatMap((l) => (l.peer === null ? [] : [l.peer]));
}

function QueueView({ s }: { s: QueueShown }) {
  if (s.backlog === null) return null;
  const free = Math.max(0, s.backlog - s.lines.length);
  return (
    <>
      <h2 id="queue-heading">{t('queue.heading')}</h2>
      <p data-testid="queue-used">{t('queue.used', { used: String(s.lines.length), backlog: String(s.backlog) })}</p>
      <ol class="queue-list" data-testid="queue-list">
        {s.lines.map((l) => (
          <li key={l.peer ?? 'partner'} data-testid="queue-entry" data-peer={l.peer ?? ''}>
            {t('queue.entry', { peer: l.peer ?? t('queue.partner'), irs: l.irs === null ? '?' : String(l.irs) })}
            {' — '}
            {l.owes || l.iss === null ? t('queue.owes') : t('queue.sent', { iss: String(l.iss), retries: String(l.retries) })}
          </li>
        ))}
        {Array.from({ length: free }, (_, i) => <li key={`free-${i}`} class="muted" data-testid="queue-free">{t('queue.free')}</li>)}
      </ol>
      {s.full ? <p class="notice" data-testid="queue-full">{t('queue.full')}</p> : null}
    </>
  );
}

/**
 * What the player playing a listening server sees of its listen queue (the SYN flood): each
 * half-open connection in SYN_RCVD with its address, the ISN it came with and the SYN+ACK it owes
 * or was sent, and the places left. Hidden while the endpoint has no bounded queue. A Preact panel
 * drawn into `el`; the round panel feeds it the seat's events.
 */
export class ListenQueuePanel extends Panel<QueueShown> {
  private mirror = createMirror();

  constructor() {
    super(document.createElement('section'), NO_QUEUE);
    this.el.className = 'card listen-queue';
    this.el.setAttribute('aria-labelledby', 'queue-heading');
    this.el.dataset.testid = 'listen-queue';
    this.el.hidden = true;
    this.draw();
  }

  reset(): void {
    this.mirror = createMirror();
    this.el.hidden = true;
    this.update(NO_QUEUE);
  }

  /** One event the seat on `me` saw; returns whether the partner's SYN was just dropped by a full queue. */
  add(e: SeatEvent, me: Side): boolean {
    const before = this.s.dropped;
    const next = foldQueue(this.mirror, this.s, e, me);
    this.mirror = next.mirror;
    if (next.shown !== this.s) {
      this.el.hidden = next.shown.backlog === null;
      this.update(next.shown);
    }
    return this.s.dropped > before;
  }

  get peers(): string[] {
    return queuePeers(this.s);
  }

  protected view() {
    return <QueueView s={this.s} />;
  }
}
