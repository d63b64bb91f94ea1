import type { PairSummary } from '../../shared/index';
import type { Outgoing } from './effects';
import { pairSummary } from './pair-view';
import type { PairRunner } from './PairRunner';

type Dashboard = Outgoing['dashboard'];

/** What the dashboard reads of the class (the class model, server/rooms/lesson.ts). */
export interface DashboardSource {
  readonly round: number;
  /** A round is being played (running or paused). */
  readonly live: boolean;
  readonly runners: ReadonlyMap<string, PairRunner>;
  readonly students: ReadonlyMap<string, { readonly id: string; readonly connected: boolean; readonly score: number; readonly streak: number }>;
}

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
 * The hosts' dashboard of a class: every pair on its card and every student's total. What the host
 * seats hold of it is kept here: for each pair, what its entry was made from when it was last sent
 * to every host; for each student, the total and streak sent. So after answers a class's hosts are
 * sent the pairs that moved (`changes`, a `delta`), not all 30 again (at classroom pace one or two
 * move in a second). A host who joins is sent the whole dashboard and then hears the same changes
 * as the others.
 */
export class HostDashboard {
  private round = -1;
  private readonly pairs = new Map<string, PairMark>();
  private readonly totals = new Map<string, { score: number; streak: number }>();
  private allDone: boolean | undefined = undefined;

  constructor(private readonly cls: DashboardSource) {}

  /** The whole dashboard. `everyHost`: it goes to every host seat, and what they hold is this now. */
  whole(everyHost: boolean): Dashboard {
    const { cls } = this;
    if (everyHost) this.restart(cls.round);
    const pairs: PairSummary[] = [];
    let allDone = true;
    for (const p of cls.runners.values()) {
      pairs.push(pairSummary(p, p.elapsed(), this.isHere));
      if (everyHost) this.moved(p);
      if (!p.finished) allDone = false;
    }
    const totals: Record<string, { score: number; streak: number }> = {};
    for (const s of cls.students.values()) {
      totals[s.id] = { score: s.score, streak: s.streak };
      if (everyHost) this.totalMoved(s.id, s.score, s.streak);
    }
    const dashboard: Dashboard = { round: cls.round, pairs, totals };
    if (cls.live && pairs.length > 0) dashboard.allDone = allDone;
    if (everyHost) this.allDone = dashboard.allDone;
    return dashboard;
  }

  /**
   * What changed since the dashboard every host holds (`delta`): the pairs whose entry moved and
   * the totals that changed; null when nothing did. The whole dashboard when the hosts hold none of
   * this round's pairs (a new round, pairs added or gone).
   */
  changes(): Dashboard | null {
    const { cls } = this;
    if (!this.covers()) return this.whole(true);
    const pairs: PairSummary[] = [];
    let allDone = true;
    for (const p of cls.runners.values()) {
      if (this.moved(p)) pairs.push(pairSummary(p, p.elapsed(), this.isHere));
      if (!p.finished) allDone = false;
    }
    let totals: Record<string, { score: number; streak: number }> | undefined;
    for (const s of cls.students.values()) {
      if (this.totalMoved(s.id, s.score, s.streak)) (totals ??= {})[s.id] = { score: s.score, streak: s.streak };
    }
    const done = cls.live && cls.runners.size > 0 ? allDone : undefined;
    if (pairs.length === 0 && totals === undefined && done === this.allDone) return null;
    this.allDone = done;
    const dashboard: Dashboard = { round: cls.round, pairs, delta: true };
    if (totals) dashboard.totals = totals;
    if (done !== undefined) dashboard.allDone = done;
    return dashboard;
  }

  private readonly isHere = (id: string): boolean => this.cls.students.get(id)?.connected ?? false;

  /** Every host is being sent the whole dashboard of `round`: what was marked before is gone. */
  private restart(round: number): void {
    this.round = round;
    this.pairs.clear();
    this.totals.clear();
  }

  /** The hosts hold this round's dashboard with exactly its pairs, so changes can be added to it. */
  private covers(): boolean {
    const { round, runners } = this.cls;
    if (round !== this.round || runners.size !== this.pairs.size) return false;
    for (const id of runners.keys()) if (!this.pairs.has(id)) return false;
    return true;
  }

  /** Whether `pair`'s entry would differ from the one the hosts have (apart from its times); marked as sent. */
  private moved(pair: PairRunner): boolean {
    const here = this.isHere;
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
  private totalMoved(id: string, score: number, streak: number): boolean {
    const t = this.totals.get(id);
    if (t && t.score === score && t.streak === streak) return false;
    if (t) {
      t.score = score;
      t.streak = streak;
    } else this.totals.set(id, { score, streak });
    return true;
  }
}
