import { ACTIONS, type Run, type TimerEffect } from './actions';
import { arrivals } from './arrive';
import { cloneEndpoint, type Endpoint } from './endpoint';
import { fire, NO_SEGMENT, recordSend } from './machine';
import type { TableEvent } from './table';
import { arrivePeer, openQueue, recordPeerSend, timeoutPeer, type PeerTimerEffect, type QueueRun } from './listen-queue';
import type { Segment, TimerName } from './types';

export type { TimerEffect } from './actions';

/**
 * Something that happens to one endpoint. `peer` names another address than the round's other
 * side (a spoofed source): its segments and timers are the listen queue's (listen-queue.ts).
 * `backlog` / `synAckRetries` on listen size that queue (absent: no limit / Linux's 5).
 */
export type EndpointEvent =
  | { type: 'app'; call: 'listen'; backlog?: number; synAckRetries?: number }
  /** `reuse` (connect only): the connection reuses the ports of the endpoint's earlier one, whose peer may still be in TIME_WAIT; its new ISN must lie above where that one ended. */
  | { type: 'app'; call: 'connect' | 'close' | 'abort'; reuse?: boolean }
  | { type: 'app'; call: 'send'; bytes: number }
  /** A segment from the peer arrives. */
  | { type: 'deliver'; segment: Segment; peer?: string }
  | { type: 'timeout'; timer: TimerName; peer?: string }
  /** The endpoint sends a segment (already judged correct, or scripted). */
  | { type: 'send'; segment: Segment; peer?: string };

export interface StepResult {
  endpoint: Endpoint;
  /** Ids of the table rows that fired, in order (the listen queue's rows among them). */
  rows: string[];
  timers: TimerEffect[];
  /** The retransmission timers of half-open entries to start or stop (listen-queue.ts). */
  peerTimers: PeerTimerEffect[];
}

const APP_EVENT: Record<'listen' | 'connect' | 'send' | 'close' | 'abort', TableEvent> = {
  listen: 'app-listen',
  connect: 'app-connect',
  send: 'app-send',
  close: 'app-close',
  abort: 'app-abort',
};
const TIMEOUT_EVENT: Record<TimerName, TableEvent> = { retransmit: 'timeout-retransmit', time_wait: 'timeout-time-wait' };

/**
 * One pure step of an endpoint (in the spirit of xstate's `transition`): returns the next
 * endpoint, the table rows that fired and the timers to start or stop. What the endpoint now owes
 * is read off the result with `owedSends` (allowed-sends.ts).
 */
export function step(endpoint: Endpoint, event: EndpointEvent): StepResult {
  return stepInPlace(cloneEndpoint(endpoint), event);
}

/**
 * `step`, changing `endpoint` itself instead of a copy: for a caller that owns the endpoint and
 * keeps no earlier version of it (the trace checker), so that a step costs what the event needs
 * and not a copy of every segment in flight.
 */
export function stepInPlace(endpoint: Endpoint, event: EndpointEvent): StepResult {
  const run: Run = { ep: endpoint, rows: [], timers: [] };
  if (event.type === 'app' && event.call === 'connect' && event.reuse === true) run.reuse = true;
  const q: QueueRun = { ep: endpoint, rows: run.rows, peerTimers: [] };
  if ('peer' in event && event.peer !== undefined) {
    if (event.type === 'deliver') arrivePeer(q, event.peer, event.segment);
    else if (event.type === 'timeout') timeoutPeer(q, event.peer);
    else recordPeerSend(q, event.peer, event.segment);
    return { endpoint: run.ep, rows: run.rows, timers: run.timers, peerTimers: q.peerTimers };
  }
  switch (event.type) {
    case 'app': {
      const wasListening = run.ep.state === 'LISTEN';
      const row = fire(run, APP_EVENT[event.call], NO_SEGMENT, event.call === 'send' ? event.bytes : 0);
      // listen() opens the queue of half-open connections; leaving LISTEN by a call closes it.
      if (row?.id === 'closed-listen' && event.call === 'listen') run.ep.queue = openQueue(event.backlog ?? null, event.synAckRetries);
      else if (row && wasListening && run.ep.state !== 'LISTEN' && run.ep.queue) {
        for (const e of run.ep.queue.entries) if (e.timer) q.peerTimers.push({ peer: e.peer, action: 'stop' });
        run.ep.queue = null;
      }
      break;
    }
    case 'timeout':
      run.ep.timers[event.timer] = false; // a timer that fired is no longer running
      fire(run, TIMEOUT_EVENT[event.timer]);
      break;
    case 'deliver':
      // Classify the arrival (RFC 9293 §3.10.7) and carry out each part in turn.
      for (const a of arrivals(run.ep, event.segment)) {
        if ('on' in a) fire(run, a.on, a.seg);
        else ACTIONS[a.do](run, a.seg);
      }
      break;
    case 'send':
      recordSend(run, event.segment);
      break;
  }
  return { endpoint: run.ep, rows: run.rows, timers: run.timers, peerTimers: q.peerTimers };
}
