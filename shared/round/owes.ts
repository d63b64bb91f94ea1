import { owesAny } from '../tcp/allowed-sends';
import type { Endpoint } from '../tcp/endpoint';

/**
 * The answers for the endpoints asked last. A round never changes an endpoint in place — every
 * step makes a new one (tcp/step.ts `step`) — and a round asks the same endpoints again and again
 * while it handles one answer (the clock, the seats' debts, the end of the round, the host's
 * dashboard), so the last few are kept. Not a WeakMap: one entry per endpoint ever made, each
 * dying with its endpoint, is the kind of table V8 walks again and again in a full collection
 * (ephemerons), the pause a server full of classes can least afford.
 */
const SIZE = 16;
const keys: (Endpoint | null)[] = new Array<Endpoint | null>(SIZE).fill(null);
const values: boolean[] = new Array<boolean>(SIZE).fill(false);
let next = 0;

/**
 * Whether a round's endpoint owes a send to its peer now (`owedSends` is not empty). Working out
 * every send an endpoint may make was among the largest costs of a server full of classes. Not for
 * an endpoint stepped in place (the trace checker's): ask `owedSends` there.
 */
export function owesSend(ep: Endpoint): boolean {
  for (let i = 0; i < SIZE; i++) if (keys[i] === ep) return values[i]!;
  const owes = owesAny(ep);
  keys[next] = ep;
  values[next] = owes;
  next = (next + 1) % SIZE;
  return owes;
}
