import { z } from 'zod';
import { APP_CALLS, FLAGS, SIDES, TCP_STATES, TIMERS } from '../tcp/types';
import { MAX_SEQ } from '../tcp/seq';

/** Largest data length of one segment the format accepts (an IPv4 datagram's limit). */
export const MAX_SEGMENT_LEN = 65535;
/** Largest single `send` call the format accepts. */
export const MAX_APP_BYTES = 1_000_000_000;

export const Uint32Schema = z.number().int().min(0).max(MAX_SEQ);

export const SegmentSchema = z.object({
  flags: z
    .array(z.enum(FLAGS))
    .max(FLAGS.length)
    .refine((f) => new Set(f).size === f.length, 'a flag appears twice'),
  seq: Uint32Schema,
  ack: Uint32Schema,
  len: z.number().int().min(0).max(MAX_SEGMENT_LEN),
});

const T = z.number().finite().min(0);
/**
 * `wall` (optional, SYN/ACK's addition to version 1): milliseconds of wall-clock time since the
 * round began, beside `t`, which is network time (the round's clock stands still while a person
 * is being the stack). Readers that ignore it see an ordinary version-1 trace.
 */
const Wall = T.optional();
const Side = z.enum(SIDES);
const Id = z.string().min(1).max(64);
/**
 * `peer` (optional, SYN/ACK's addition to version 1): another address than the round's other side,
 * such as a spoofed source in a SYN flood. On a `send` with origin "network" the segment comes from
 * that address (in `side`'s role) to the other side; on an endpoint's own send it goes to that
 * address, and its delivery reaches nobody the trace follows; on a `timeout` it is the timer of
 * that address's half-open connection in the listen queue (shared/tcp/listen-queue.ts).
 */
const Peer = z.string().min(1).max(64);
/** Largest listen backlog and SYN+ACK retry count the format accepts. */
export const MAX_BACKLOG = 1024;
export const MAX_SYNACK_RETRIES = 16;

export const AppEventSchema = z
  .object({
    t: T,
    wall: Wall,
    type: z.literal('app'),
    side: Side,
    call: z.enum(APP_CALLS),
    bytes: z.number().int().min(1).max(MAX_APP_BYTES).optional(),
    /** connect only: the new connection reuses the ports of the side's earlier one (README). */
    reuse: z.literal(true).optional(),
    /**
     * On listen (optional, SYN/ACK's addition): the listen queue's room for half-open connections,
     * and how many times a half-open connection's SYN+ACK is resent before it is dropped.
     */
    backlog: z.number().int().min(1).max(MAX_BACKLOG).optional(),
    synAckRetries: z.number().int().min(0).max(MAX_SYNACK_RETRIES).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.reuse !== undefined && e.call !== 'connect') ctx.addIssue({ code: 'custom', path: ['reuse'], message: 'only a connect call carries reuse' });
    if (e.call === 'send' && e.bytes === undefined) ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'a send call carries bytes (a positive integer)' });
    if (e.call !== 'send' && e.bytes !== undefined) ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'only a send call carries bytes' });
    for (const key of ['backlog', 'synAckRetries'] as const) {
      if (e.call !== 'listen' && e[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `only a listen call carries ${key}` });
    }
  });

/**
 * Who put a segment on the wire. Optional (version 1 readers that ignore it see a player send):
 * - "player" (default): the endpoint's player; judged when the side is in `judge`.
 * - "auto": the engine sent it for the endpoint (assessment-mode carry-on, a bot standing in,
 *   a scenario prelude): applied to the sender like a correct send, never judged.
 * - "network": the network injected it (a stale duplicate): neither judged nor applied to the
 *   apparent sender; it still reaches the other side when delivered.
 */
export const OriginSchema = z.enum(['player', 'auto', 'network']);

export const SendEventSchema = z.object({
  t: T,
  wall: Wall,
  type: z.literal('send'),
  side: Side,
  id: Id,
  segment: SegmentSchema,
  state: z.enum(TCP_STATES).optional(),
  origin: OriginSchema.optional(),
  peer: Peer.optional(),
});

export const DeliverEventSchema = z.object({ t: T, wall: Wall, type: z.literal('deliver'), id: Id });
export const DropEventSchema = z.object({ t: T, wall: Wall, type: z.literal('drop'), id: Id });
export const TimeoutEventSchema = z.object({ t: T, wall: Wall, type: z.literal('timeout'), side: Side, timer: z.enum(TIMERS), peer: Peer.optional() });
/**
 * A declared state. `origin` (optional, SYN/ACK's addition): "player" (default; judged when the
 * side is in `judge`) or "auto" (the state was set for the player, e.g. at the end of a scenario's
 * prelude that the engine played: recorded, never judged).
 */
export const StateEventSchema = z.object({
  t: T,
  wall: Wall,
  type: z.literal('state'),
  side: Side,
  state: z.enum(TCP_STATES),
  origin: z.enum(['player', 'auto']).optional(),
});

export const TraceEventSchema = z.discriminatedUnion('type', [
  AppEventSchema,
  SendEventSchema,
  DeliverEventSchema,
  DropEventSchema,
  TimeoutEventSchema,
  StateEventSchema,
]);

/** The largest trace the checker reads (events); far beyond any classroom round. */
export const MAX_TRACE_EVENTS = 200_000;

/** The trace format, version 1 (TRACE.md). */
export const TraceSchema = z.object({
  format: z.literal('synack-trace'),
  version: z.literal(1),
  meta: z.record(z.string(), z.unknown()).optional(),
  judge: z
    .array(Side)
    .max(2)
    .refine((j) => new Set(j).size === j.length, 'a side is listed twice'),
  events: z.array(TraceEventSchema).max(MAX_TRACE_EVENTS),
});

export type Trace = z.infer<typeof TraceSchema>;
export type TraceEvent = z.infer<typeof TraceEventSchema>;
export type SendEvent = z.infer<typeof SendEventSchema>;
