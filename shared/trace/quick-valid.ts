/**
 * A fast, allocation-free test that a value is a trace `TraceSchema` accepts, for `checkTrace` on
 * long traces: parsing 100,000 events with zod costs about as much as judging them, and its copy of
 * every event doubles the garbage. It only ever answers true for what the schema accepts (a
 * property test holds it to that: tests/shared/trace/quick-valid.test.ts); on anything unusual it
 * answers false and the checker asks the schema, whose issues are the ones reported. So the schema
 * stays the one definition of the format: a constraint added there and not here makes this answer
 * true for a trace the schema refuses, which that test catches.
 *
 * Plain data only (what JSON.parse and a worker's message give): objects whose prototype is
 * Object's or null, ordinary arrays, strings and numbers. Unknown keys are allowed, as the schema strips them
 * and the checker never reads them.
 */
import { APP_CALLS, FLAGS, SIDES, TCP_STATES, TIMERS } from '../tcp/types';
import { MAX_SEQ } from '../tcp/seq';
import { MAX_APP_BYTES, MAX_BACKLOG, MAX_SEGMENT_LEN, MAX_SYNACK_RETRIES, MAX_TRACE_EVENTS } from './schema';

type Obj = Record<string, unknown>;

function plain(x: unknown): x is Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function list(x: unknown): x is unknown[] {
  return Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype;
}

const oneOf = (values: readonly string[]) => {
  const set = new Set(values);
  return (x: unknown): boolean => typeof x === 'string' && set.has(x);
};
const isSide = oneOf(SIDES);
const isState = oneOf(TCP_STATES);
const isCall = oneOf(APP_CALLS);
const isTimer = oneOf(TIMERS);
const isFlag = oneOf(FLAGS);
const isSendOrigin = oneOf(['player', 'auto', 'network']);
const isStateOrigin = oneOf(['player', 'auto']);

const time = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const intIn = (x: unknown, lo: number, hi: number) => typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;
const id = (x: unknown) => typeof x === 'string' && x.length >= 1 && x.length <= 64;
const peer = (x: unknown) => x === undefined || id(x);

function segment(s: unknown): boolean {
  if (!plain(s) || !intIn(s.seq, 0, MAX_SEQ) || !intIn(s.ack, 0, MAX_SEQ) || !intIn(s.len, 0, MAX_SEGMENT_LEN)) return false;
  const f = s.flags;
  if (!list(f) || f.length > FLAGS.length) return false;
  for (let i = 0; i < f.length; i++) {
    if (!isFlag(f[i])) return false;
    for (let j = 0; j < i; j++) if (f[j] === f[i]) return false;
  }
  return true;
}

function event(e: unknown): boolean {
  if (!plain(e) || !time(e.t) || (e.wall !== undefined && !time(e.wall))) return false;
  switch (e.type) {
    case 'app':
      if (!isSide(e.side) || !isCall(e.call)) return false;
      if (e.reuse !== undefined && (e.call !== 'connect' || e.reuse !== true)) return false;
      if (e.call === 'listen') {
        if (e.backlog !== undefined && !intIn(e.backlog, 1, MAX_BACKLOG)) return false;
        if (e.synAckRetries !== undefined && !intIn(e.synAckRetries, 0, MAX_SYNACK_RETRIES)) return false;
      } else if (e.backlog !== undefined || e.synAckRetries !== undefined) return false;
      return e.call === 'send' ? intIn(e.bytes, 1, MAX_APP_BYTES) : e.bytes === undefined;
    case 'send':
      return isSide(e.side) && id(e.id) && segment(e.segment) && (e.state === undefined || isState(e.state)) && (e.origin === undefined || isSendOrigin(e.origin)) && peer(e.peer);
    case 'deliver':
    case 'drop':
      return id(e.id);
    case 'timeout':
      return isSide(e.side) && isTimer(e.timer) && peer(e.peer);
    case 'state':
      return isSide(e.side) && isState(e.state) && (e.origin === undefined || isStateOrigin(e.origin));
    default:
      return false;
  }
}

/** True only for a value `TraceSchema` accepts as it is; false: ask the schema. */
export function quickValid(x: unknown): boolean {
  if (!plain(x) || x.format !== 'synack-trace' || x.version !== 1) return false;
  const meta = x.meta;
  // The schema's record wants a plain object: no own `constructor`, no symbol keys.
  if (meta !== undefined && (!plain(meta) || Object.prototype.hasOwnProperty.call(meta, 'constructor') || Object.getOwnPropertySymbols(meta).length > 0)) return false;
  const judge = x.judge;
  if (!list(judge) || judge.length > 2 || (judge.length === 2 && judge[0] === judge[1])) return false;
  for (let i = 0; i < judge.length; i++) if (!isSide(judge[i])) return false;
  const events = x.events;
  if (!list(events) || events.length > MAX_TRACE_EVENTS) return false;
  for (let i = 0; i < events.length; i++) if (!event(events[i])) return false;
  return true;
}
