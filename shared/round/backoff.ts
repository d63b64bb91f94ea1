/**
 * Retransmission backoff (RFC 6298 §5.5): each time an endpoint's retransmission timer expires,
 * its next RTO doubles (RTO ← 2·RTO), up to a cap; when an ACK acknowledges new data (SND.UNA
 * advances) the RTO is back to the class's value, as real stacks do (Linux clears its backoff on
 * an ACK of new data). Pure: the round keeps one count per side, and a seat's mirror of its own
 * endpoint keeps the same count from what the seat sees — an endpoint knows its own RTO (its timer
 * fired, or its data was acknowledged), never what the network did.
 *
 * The cap: RFC 6298 (2.5) allows a maximum RTO of at least 60 s; real stacks use 60–120 s. A class
 * waits in network time that runs while nobody thinks, so the game caps the backoff at 4 × the
 * class's RTO (two doublings: 8 s → 16 s → 32 s with the default) or 60 s, whichever is smaller —
 * long enough to see the wait double twice, short enough that a class is never left watching a
 * ring for minutes. A class RTO above 60 s is never shortened.
 */

/** The largest RTO the backoff reaches for a class RTO of `rtoMs`. */
export function rtoCap(rtoMs: number): number {
  return Math.max(rtoMs, Math.min(4 * rtoMs, 60_000));
}

/** The RTO armed after `expiries` timer expiries with no new data acknowledged since (0: the class's RTO). */
export function backedOffRto(rtoMs: number, expiries: number, backoff = true): number {
  if (!backoff || expiries <= 0) return rtoMs;
  // 2^expiries stops growing once past the cap (and never overflows).
  return Math.min(rtoCap(rtoMs), rtoMs * 2 ** Math.min(expiries, 16));
}

/**
 * The expiry count after one event of an endpoint: +1 when its retransmission timer fired, 0 when
 * a segment it received moved SND.UNA on (new data or a SYN/FIN acknowledged), else unchanged.
 */
export function nextExpiries(expiries: number, ev: { type: string; timer?: string }, sndUnaBefore: number, sndUnaAfter: number): number {
  if (ev.type === 'timeout' && ev.timer === 'retransmit') return expiries + 1;
  if (ev.type === 'deliver' && sndUnaAfter !== sndUnaBefore) return 0;
  return expiries;
}
