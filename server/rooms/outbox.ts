import type { Socket } from 'node:net';
import { getMessageBytes, Protocol, type Client } from 'colyseus';
import type { MapSchema } from '@colyseus/schema';
import { PairInfo, PlayerInfo, type ClassState } from './ClassState';
import { ANSWERS, HOSTS, send, type Effect } from './effects';
import type { Lesson } from './lesson';
import type { Seats } from './seats';

/** What the outbox needs of its room (a Colyseus Room). */
export interface OutboxRoom {
  readonly state: ClassState;
  readonly clients: readonly Client[];
  broadcast(type: string, message: unknown): void;
  lock(): Promise<void>;
  disconnect(): Promise<unknown>;
  readonly clock: { setTimeout(fn: () => void, ms: number): { clear(): void } };
}

/**
 * The one place the room acts: it carries out, in order, the effects the class model returned
 * (effects.ts) — a message to the asking client, a student, the hosts or everyone; the synced state
 * brought in line with the model; a removed student's connection closed; the class closed.
 */
export class Outbox {
  /** The connection of each student who is here. */
  private readonly players = new Map<string, Client>();
  private dashboardTimer: { clear(): void } | null = null;
  /** A check status for the hosts is due at the end of this turn. */
  private checkStatusDue = false;
  private pairsVersion = -1;
  /** The model changed since the synced state was last brought in line with it. */
  private dirty = false;
  /** When scores, streaks and progress were last written to the synced state (wall ms). */
  private churnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly room: OutboxRoom,
    private readonly seats: Seats,
    private readonly lesson: Lesson,
    private readonly log: (line: string) => void,
  ) {}

  /** A student's connection is in the class (joined, or back). */
  seat(playerId: string, client: Client): void {
    this.players.set(playerId, client);
  }

  unseat(playerId: string): void {
    this.players.delete(playerId);
  }

  hostClients(): Client[] {
    return this.room.clients.filter((c) => this.isHost(c));
  }

  private isHost(c: Client): boolean {
    return this.seats.who(c.sessionId)?.role === 'host';
  }

  /**
   * Carry out `effects` in order; `asker` is the client an intent (or an arrival) came from, and
   * `rid` the intent's request id, which the answers to it carry back (ANSWERS).
   */
  async carry(effects: readonly Effect[], asker?: Client, rid?: number): Promise<void> {
    for (const e of effects) {
      switch (e.kind) {
        case 'send': {
          if (e.to.to === 'everyone') {
            this.room.broadcast(e.type, e.message);
            break;
          }
          const message = rid !== undefined && e.to.to === 'asker' && ANSWERS.has(e.type) ? { ...e.message, rid } : e.message;
          // One recipient (most messages: a seat's events, an answer) without a list made for it.
          if (e.to.to === 'hosts') {
            for (const c of this.room.clients) if (this.isHost(c)) this.deliver(c, e.type, message);
          } else {
            const c = e.to.to === 'asker' ? asker : this.players.get(e.to.id);
            if (c) this.deliver(c, e.type, message);
          }
          break;
        }
        case 'patch':
          // Written before the next patch goes out (beforePatch), not once per effect.
          this.dirty = true;
          break;
        case 'dashboard-soon':
          this.dashboardTimer ??= this.room.clock.setTimeout(() => {
            this.dashboardTimer = null;
            void this.carry(this.lesson.dashboardChanges());
          }, DASHBOARD_MS);
          break;
        case 'check-status-soon':
          // Answers stored in one turn (a store commits a turn's writes together) make one status for the hosts, not one each.
          if (!this.checkStatusDue) {
            this.checkStatusDue = true;
            setImmediate(() => {
              this.checkStatusDue = false;
              try {
                this.carry([send(HOSTS, 'checkStatus', this.lesson.checks.status())]).catch((err: unknown) => this.log(`check status: ${err instanceof Error ? err.message : String(err)}`));
              } catch (err) {
                this.log(`check status: ${err instanceof Error ? err.message : String(err)}`);
              }
            });
          }
          break;
        case 'kick':
          this.players.get(e.playerId)?.leave(Protocol.WS_CLOSE_CONSENTED);
          break;
        case 'block':
          this.seats.block(e.playerId, e.nickname);
          break;
        case 'forget':
          for (const id of e.playerIds) {
            this.players.delete(id);
            this.seats.forget(id);
          }
          break;
        case 'close':
          await this.room.lock();
          this.room.clock.setTimeout(() => void this.room.disconnect(), 2000);
          break;
        case 'after': {
          let next: Effect[];
          try {
            next = await e.run();
          } catch (err) {
            if (!e.failure) throw err;
            this.log(`${e.failure}: ${err instanceof Error ? err.message : String(err)}`);
            break;
          }
          await this.carry(next, asker, rid);
          break;
        }
      }
    }
  }

  private deliver(c: Client, type: string, message: unknown): void {
    corks.hold(c);
    // What Client.send does, less its debug line: the debug module's call makes an array of its
    // arguments even when it is off (1.4 % of what the server allocated at classroom pace).
    c.enqueueRaw(getMessageBytes.raw(Protocol.ROOM_DATA, type, message));
  }

  /**
   * Just before Colyseus sends a patch (or the whole state to a joining client, `all`): the synced
   * state is brought in line with the model. What changes with every answer — scores, streaks,
   * pairs' progress and finish — is not written while a round runs: each answer's verdict tells its
   * student, the hosts' dashboard (`totals`, the pairs) tells the hosts, and a patch of it would go
   * to every seat of the class after every answer (the largest cost at classroom pace). When the
   * round ends it is written with the phase, in the same patch. Between rounds it is written at
   * most every CHURN_MS, unless something else changed too (then everything is written, so a patch
   * never shows a score older than one sent before it).
   */
  beforePatch(now: number, all = false): void {
    if (!this.dirty) return;
    const moved = this.sync(false);
    if (this.lesson.live) {
      this.dirty = false;
      return;
    }
    if (!all && !moved && now - this.churnAt < CHURN_MS) return;
    this.sync(true);
    this.churnAt = now;
    this.dirty = false;
  }

  /**
   * The synced state shows what the model holds in public (only fields that changed are written):
   * without `churn`, all but scores, streaks and progress. Whether anything was written.
   */
  private sync(churn: boolean): boolean {
    const { state } = this.room;
    const l = this.lesson;
    // Called before every patch while anything changed (every answer of a running round): written
    // without a closure or an [id, student] pair per student, which it allocated for each of them.
    this.moved = false;
    this.put(state, 'code', l.code);
    this.put(state, 'phase', l.phase);
    this.put(state, 'round', l.round);
    this.put(state, 'scenario', l.config.scenario);
    // A late joiner and the lobby name a teacher's own scenario too (a student has no list of them).
    const title = l.customTitle;
    this.put(state, 'scenarioTitleEn', title?.en ?? '');
    this.put(state, 'scenarioTitleZh', title?.['zh-CN'] ?? '');
    this.put(state, 'mode', l.config.mode);
    this.put(state, 'hostConnected', l.hostConnected);
    this.put(state, 'watched', l.watched ?? '');
    for (const s of l.students.values()) {
      const p = this.entry(state.players, s.id, PlayerInfo);
      this.put(p, 'nickname', s.nickname);
      this.put(p, 'connected', s.connected);
      this.put(p, 'pairId', s.pairId);
      this.put(p, 'side', s.side);
      if (churn) {
        this.put(p, 'score', s.score);
        this.put(p, 'streak', s.streak);
      }
    }
    // Every student has a player now: more players than students means some left the class.
    this.keepOnly(state.players, l.students);
    // Pairs published anew (at each round's start and end) are written over the old ones of the same
    // id, field by field: a patch then carries what changed, not a new object per pair that every
    // seat of the class decodes and the server tracks anew. A pair's progress changes in place.
    if (this.pairsVersion !== l.pairsVersion) {
      this.pairsVersion = l.pairsVersion;
      for (const [id, pair] of l.pairs) {
        const info = this.entry(state.pairs, id, PairInfo);
        this.put(info, 'client', pair.client);
        this.put(info, 'server', pair.server);
        this.put(info, 'finished', pair.finished);
        this.put(info, 'progress', pair.progress);
      }
      this.keepOnly(state.pairs, l.pairs);
    } else if (churn) {
      for (const pair of l.pairs.values()) {
        const info = state.pairs.get(pair.id);
        if (!info) continue;
        this.put(info, 'finished', pair.finished);
        this.put(info, 'progress', pair.progress);
      }
    }
    return this.moved;
  }

  /** Whether `sync` wrote anything (so far). */
  private moved = false;

  /** The synced entry `id` of `map`, made (with its id) if it is not there yet. */
  private entry<T extends { id: string }>(map: MapSchema<T>, id: string, Make: new () => T): T {
    let e = map.get(id);
    if (!e) {
      e = new Make();
      e.id = id;
      map.set(id, e);
      this.moved = true;
    }
    return e;
  }

  /** Entries of `map` whose id `model` no longer has are removed (only after every one was written). */
  private keepOnly(map: MapSchema<unknown>, model: ReadonlyMap<string, unknown>): void {
    if (map.size <= model.size) return;
    for (const id of [...map.keys()]) {
      if (model.has(id)) continue;
      map.delete(id);
      this.moved = true;
    }
  }

  private put<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
    if (target[key] === value) return;
    target[key] = value;
    this.moved = true;
  }
}

/** Scores, streaks and pairs' progress reach the synced state at most this often, ms. */
export const CHURN_MS = 200;

/**
 * After answers, what changed on the hosts' dashboard follows within this long, ms: one message for
 * what a class did in that second. People answer seconds apart, so a teacher sees no difference
 * from 200 ms; the server builds and sends a fifth as many.
 */
export const DASHBOARD_MS = 1000;


/**
 * Frames sent to one connection within one event-loop turn leave in one socket write: the socket
 * is corked at the first frame and uncorked once the turn's work is done (setImmediate), so a seat
 * told three things in a turn costs one `writev`, not three. Each message keeps its own frame and
 * type; only the system calls are shared.
 */
class Corks {
  private readonly held = new Set<Socket>();

  hold(client: Client): void {
    const socket = (client as { ref?: { _socket?: Socket } }).ref?._socket;
    if (!socket || this.held.has(socket) || socket.destroyed) return;
    if (this.held.size === 0) setImmediate(this.release);
    socket.cork();
    this.held.add(socket);
  }

  private readonly release = (): void => {
    for (const socket of this.held) if (!socket.destroyed) socket.uncork();
    this.held.clear();
  };
}

/** One for the process: every room's sends of a turn go out together. */
const corks = new Corks();
