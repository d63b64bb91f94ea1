import type { AccessGuard } from '../http/guard';
import type { Recorder } from '../replay/recorder';
import type { Scenario } from '../../shared/index';
import type { MessageLimits } from './limits';

/** What a class needs from its app (server/app.ts): the store, the clock, the log, and its limits. */
export interface ClassServices {
  recorder: Recorder;
  /** Seconds a dropped player's seat is kept (GAME.md: 60). */
  reconnectSeconds: number;
  botDelayMs: number;
  now(): number;
  log(line: string): void;
  /** Failed host-key attempts count against the asking client (server/http/guard.ts). */
  guard?: AccessGuard;
  /** An empty class that was used (a student joined) is disposed after this long, ms (default 30 minutes). */
  idleDisposeMs?: number;
  /** A class whose creator does not connect within this long is disposed, ms (default 60 s). */
  creatorTimeoutMs?: number;
  /** An empty class nobody ever used (no student joined) is disposed after this long, and forgotten by the store, ms (default 2 minutes). */
  unusedDisposeMs?: number;
  /** A socket that takes a seat and never acknowledges the join is dropped after this long, ms (default 15 s). */
  joinAckTimeoutMs?: number;
  /** Days a student's replay token opens their replays (default 30). */
  replayTokenDays?: number;
  /** The classes alive in this process (to list them again after a Redis restart). */
  rooms?: Set<{ roomId: string }>;
  /** The school's own scenarios (`SCENARIOS_DIR`, server/scenarios-dir.ts), listed for every class. */
  scenarios?: readonly Scenario[];
  /** Real time a class may spend checking a scenario a host sends, ms (default 5000). */
  scenarioCheckMs?: number;
  /** Per-connection message limits (LIMITS), for tests. */
  messageLimits?: Partial<MessageLimits>;
}

/**
 * When an empty class goes (SECURITY.md): one a student used after `usedMs` (a host may come back),
 * one nobody used after `unusedMs`. Time is a parameter: the room looks every `every` ms.
 */
export class IdleClock {
  private since: number | null = null;

  constructor(private readonly usedMs: number, private readonly unusedMs: number) {}

  /** How often to look, ms. */
  get every(): number {
    return Math.min(15_000, Math.max(100, Math.min(this.usedMs, this.unusedMs) / 4));
  }

  /** Someone joined. */
  busy(): void {
    this.since = null;
  }

  /** Whether the class should go now. */
  due(now: number, empty: boolean, used: boolean): boolean {
    if (!empty) {
      this.since = null;
      return false;
    }
    this.since ??= now;
    return now - this.since >= (used ? this.usedMs : this.unusedMs);
  }
}
