import type { PairRunner } from './PairRunner';

/** What every host was last shown of a pair: what its dashboard entry is made from, apart from the wall time. */
interface PairMark {
  play: unknown;
  over: boolean;
  client: string;
  server: string;
  clientId: string | null;
  serverId: string | null;
  clientHere: boolean;
  serverHere: boolean;
}

/**
 * What the host seats hold of the class's dashboard: for each pair, what its entry was made from
 * when it was last sent to every host; for each student, the total and streak sent. A pair whose
 * play (a new one with every step of its round), seats and presence are what they were is not sent
 * again: a class's dashboard after answers carries the pairs that moved, not all 30 (at classroom
 * pace one or two move in a second). A host who joins is sent the whole dashboard and then hears
 * the same changes as the others.
 */
export class DashboardMarks {
  private round = -1;
  private readonly pairs = new Map<string, PairMark>();
  private readonly totals = new Map<string, { score: number; streak: number }>();
  allDone: boolean | undefined = undefined;

  /** Every host is being sent the whole dashboard of `round`: what was marked before is gone. */
  restart(round: number): void {
    this.round = round;
    this.pairs.clear();
    this.totals.clear();
  }

  /** The hosts hold this round's dashboard with exactly these pairs, so changes can be added to it. */
  covers(round: number, runners: ReadonlyMap<string, PairRunner>): boolean {
    if (round !== this.round || runners.size !== this.pairs.size) return false;
    for (const id of runners.keys()) if (!this.pairs.has(id)) return false;
    return true;
  }

  /** Whether `pair`'s entry would differ from the one the hosts have (apart from its times); marked as sent. */
  moved(pair: PairRunner, here: (playerId: string) => boolean): boolean {
    const c = pair.seats.client;
    const s = pair.seats.server;
    const clientHere = c.playerId === null || here(c.playerId);
    const serverHere = s.playerId === null || here(s.playerId);
    const m = this.pairs.get(pair.key.pairId);
    if (
      m && m.play === pair.play && m.over === pair.over && m.client === c.name && m.server === s.name
      && m.clientId === c.playerId && m.serverId === s.playerId && m.clientHere === clientHere && m.serverHere === serverHere
    ) return false;
    const mark: PairMark = { play: pair.play, over: pair.over, client: c.name, server: s.name, clientId: c.playerId, serverId: s.playerId, clientHere, serverHere };
    this.pairs.set(pair.key.pairId, mark);
    return true;
  }

  /** Whether a student's total or streak differs from the one the hosts have; marked as sent. */
  totalMoved(id: string, score: number, streak: number): boolean {
    const t = this.totals.get(id);
    if (t && t.score === score && t.streak === streak) return false;
    if (t) {
      t.score = score;
      t.streak = streak;
    } else this.totals.set(id, { score, streak });
    return true;
  }
}
