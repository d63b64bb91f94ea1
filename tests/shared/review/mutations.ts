import { readFileSync } from 'node:fs';
import type { Trace, TraceEvent } from '../../../shared/index';

/**
 * Golden traces (tests/fixtures/traces) and copies of them in which the scenario's lesson did not
 * happen, though every answer in them is right and both ends reach the goal: the rounds that the
 * review used to count as "finished without error".
 */
export const fixture = (name: string): Trace => JSON.parse(readFileSync(new URL(`../../fixtures/traces/${name}`, import.meta.url), 'utf8')) as Trace;

const withEvents = (t: Trace, events: TraceEvent[]): Trace => ({ ...t, events });

/** Lost final ACK, but the ACK arrives: the server never repeats its FIN, the client never re-ACKs. */
export function lostFinalAckDelivered(): Trace {
  const t = fixture('07-lost-final-ack.json');
  const drop = t.events.findIndex((e) => e.type === 'drop');
  return withEvents(t, [
    ...t.events.slice(0, drop),
    { t: 380, type: 'deliver', id: 'c4' },
    { t: 380, type: 'state', side: 'server', state: 'CLOSED' },
    { t: 60366, type: 'timeout', side: 'client', timer: 'time_wait' },
    { t: 60366, type: 'state', side: 'client', state: 'CLOSED' },
  ]);
}

/**
 * Lost final ACK as issue 11 saw it: TIME_WAIT ran out before the repeated FIN arrived, so the
 * client, CLOSED by then, answers it with RST instead of the re-ACK.
 */
export function lostFinalAckTimeWaitRanOut(): Trace {
  const t = fixture('07-lost-final-ack.json');
  const drop = t.events.findIndex((e) => e.type === 'drop');
  return withEvents(t, [
    ...t.events.slice(0, drop + 1),
    { t: 400, type: 'timeout', side: 'client', timer: 'time_wait' },
    { t: 400, type: 'state', side: 'client', state: 'CLOSED' },
    { t: 534, type: 'timeout', side: 'server', timer: 'retransmit' },
    { t: 534, type: 'send', side: 'server', id: 's3', segment: { flags: ['FIN', 'ACK'], seq: 1105322010, ack: 3902716460, len: 0 }, state: 'LAST_ACK' },
    { t: 564, type: 'deliver', id: 's3' },
    { t: 566, type: 'send', side: 'client', id: 'c5', segment: { flags: ['RST'], seq: 3902716460, ack: 0, len: 0 } },
    { t: 596, type: 'deliver', id: 'c5' },
    { t: 596, type: 'state', side: 'server', state: 'CLOSED' },
  ]);
}

/**
 * Simultaneous open whose SYNs never cross: the client's SYN reaches the server before the server
 * has sent its own, so the server answers with SYN+ACK and the client never sees a bare SYN.
 */
export function simultaneousOpenNotCrossed(): Trace {
  const t = fixture('10-simultaneous-open.json');
  const e = t.events;
  return withEvents(t, [
    e[0]!, e[1]!, e[2]!, e[4]!,
    { t: 44, type: 'send', side: 'server', id: 's1', segment: { flags: ['SYN', 'ACK'], seq: 2963110384, ack: 1508841723, len: 0 }, state: 'SYN_RCVD' },
    { t: 80, type: 'deliver', id: 's1' },
    { t: 81, type: 'send', side: 'client', id: 'c2', segment: { flags: ['ACK'], seq: 1508841723, ack: 2963110385, len: 0 }, state: 'ESTABLISHED' },
    { t: 120, type: 'deliver', id: 'c2' },
    { t: 120, type: 'state', side: 'server', state: 'ESTABLISHED' },
  ]);
}
