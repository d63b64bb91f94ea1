import type { NetSettings } from '../net/faults';

/**
 * The round's defaults, once: the host's settings form, a new class's configuration, the pure
 * play options, homework, the scene before its first configuration and the server's bot all start
 * from these. Network time throughout (the clock stands still while people think), except the
 * bot's delay and the hint's wait, which are wall time.
 */
export const ROUND_DEFAULTS: {
  readonly rtoMs: number;
  readonly mslMs: number;
  /** Retransmission backoff (shared/round/backoff.ts): on, as in real stacks. */
  readonly backoff: boolean;
  readonly net: Readonly<NetSettings>;
  readonly hintAfterMs: number;
  readonly botDelayMs: number;
} = {
  rtoMs: 8_000,
  mslMs: 6_000,
  backoff: true,
  net: { loss: 0, delayMin: 800, delayMax: 1500, duplicate: 0, reorder: 0 },
  hintAfterMs: 90_000,
  botDelayMs: 1_200,
};
