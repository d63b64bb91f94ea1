import type { z } from 'zod';
import {
  autoPairs, checkNickname, DEFAULT_ROUND_CONFIG, RoundConfigSchema, sidesFor, SIDES, textbookNumbers,
  timingIssues, validPairing, type Scenario, type ScenarioFile,
  type ErrorCode, type HostInjection, type InjectFaultSchema, type IntentType, type ConfigureRoundSchema, type Pairing,
  type PlayerAnswer, type RoundConfig, type Side,
} from '../../shared/index';
import { PHASES, refusalIn, type Phase } from './intents';
import { after, ASKER, EVERYONE, HOSTS, PATCH, refuse, send, toPlayer, type Address, type Effect, type Outgoing, type Send } from './effects';
import { nicknamesClash } from './nicknames';
import { ClassScenarios } from './class-scenarios';
import { progressOf, roundEndedFor, roundStartedFor } from './pair-view';
import { otherSide } from '../../shared/tcp/types';
import { PairRunner, type PairHost, type SeatMessages } from './PairRunner';
import { Checks } from './checks';
import { HostDashboard } from './host-dashboard';

/**
 * The class model: its phase, configuration, roster, pairs, runners and watched pair. No Colyseus:
 * each transition changes the model and returns what to tell whom (effects.ts); the room's outbox
 * carries that out. Time and randomness come in as parameters; the runners (PairRunner.ts) reach
 * people through the port the room gives them, which routes back through `toSeat`, `ladder`,
 * `pairChanged` and `pairDone` here.
 */

/** A student in the roster: the public part is what the synced state shows of them. */
export interface Student {
  readonly id: string;
  nickname: string;
  /** A connection of theirs is in the class now. */
  connected: boolean;
  score: number;
  streak: number;
  /** Their pair and side in the coming (or current) round; '' when none. */
  pairId: string;
  side: Side | '';
  /** Their connection joined once: a seat claimed and never used is dropped. */
  arrived: boolean;
}

/** A pair as the synced state shows it. */
export interface PublicPair {
  readonly id: string;
  /** Player ids, or "bot". */
  readonly client: string;
  readonly server: string;
  finished: boolean;
  progress: number;
}

const HOST_SEAT = { id: 'host', nickname: 'host', role: 'host' } as const;


export class Lesson {
  phase: Phase = 'lobby';
  round = 0;
  config: RoundConfig = structuredClone(DEFAULT_ROUND_CONFIG);
  hostConnected = false;
  /** A student has joined: the class is worth keeping (with its replays) after everyone left. */
  used = false;
  /** The roster, in join order. */
  readonly students = new Map<string, Student>();
  /** The pairs shown, replaced as a whole when published (then `pairsVersion` moves on). */
  pairs = new Map<string, PublicPair>();
  pairsVersion = 0;
  runners = new Map<string, PairRunner>();
  /**
   * The pair on the projector: always one of `pairs` (the round's, or in the lobby the coming
   * round's) or null. It is class state, synced to every seat, so that every host seat (the
   * dashboard, each projector, one reloaded) shows the same choice.
   */
  watched: string | null = null;
  /**
   * What the host chose: a pair and the students in it. A new round (and the lobby's preview of
   * it) shows the pair those students play in, because a teacher who put Ana and Ben on the
   * projector means Ana and Ben, whatever number their pair gets when the roster changes; see
   * `follow`.
   */
  private choice: { pairId: string; students: string[] } | null = null;
  private manualPairs: Pairing[] | null = null;
  /** Seats already told their round is over (the pair finished by itself, or the bot took it over). */
  private told = new Set<string>();
  /** Seats whose assessment score reached the roster. */
  private revealed = new Set<string>();
  /** Students gone for good while a round held their seat: they leave the roster when it ends. */
  private readonly gone = new Set<string>();
  private ending: Promise<Effect[]> | null = null;
  /** The class's concept checks (checks.ts), open only in the lobby. */
  readonly checks: Checks;

  /** The scenarios this class can play (class-scenarios.ts). */
  private readonly scenarios: ClassScenarios;

  constructor(
    readonly code: string,
    private readonly host: PairHost,
    private readonly botDelayMs: number,
    /** The school's scenarios (`SCENARIOS_DIR`), listed for every class. */
    library: readonly Scenario[] = [],
    scenarioCheckMs = 5000,
  ) {
    this.checks = new Checks(code, host.recorder, () => host.now(), () => this.presentStudents());
    this.scenarios = new ClassScenarios(library, scenarioCheckMs, () => host.now(), () => this.config);
  }

  get live(): boolean {
    return PHASES[this.phase].live;
  }

  /** The configured scenario's title if it is a custom one (the synced state carries it), else null. */
  get customTitle(): Scenario['title'] | null {
    return this.scenarios.customTitle(this.config.scenario);
  }

  refusal(intent: IntentType): ErrorCode | null {
    // A round does not start over an open check (checks are answered in the lobby).
    if (intent === 'startRound' && this.phase === 'lobby' && this.checks.open) return 'check-open';
    return refusalIn(this.phase, intent);
  }

  // ── the roster ──

  /** A seat claimed for a student: in the roster at once, so that two joins cannot take one nickname. */
  enrol(id: string, nickname: string): Effect[] {
    this.students.set(id, { id, nickname, connected: false, score: 0, streak: 0, pairId: '', side: '', arrived: false });
    return [PATCH];
  }

  /** A claimed seat whose connection never came: the nickname is free again. */
  expire(id: string): Effect[] {
    const s = this.students.get(id);
    if (!s || s.arrived) return [];
    this.students.delete(id);
    return [{ kind: 'forget', playerIds: [id] }, PATCH];
  }

  /** The student's connection joined; null when the seat is no longer theirs (removed meanwhile). */
  arrive(id: string): Effect[] | null {
    const s = this.students.get(id);
    if (!s) return null;
    s.connected = true;
    s.arrived = true;
    this.used = true;
    // A new student makes the host's pairs incomplete: the lobby shows automatic ones again.
    this.manualPairs = null;
    this.preview();
    return [PATCH];
  }

  /** The first welcome of a student, with the token that opens their own replays later. */
  welcome(id: string, replayToken: string): Send {
    return send(toPlayer(id), 'welcome', { you: { id, nickname: this.students.get(id)?.nickname ?? '', role: 'student' }, code: this.code, replayToken });
  }

  /** A student's connection closed; `quiet` while the server shuts down (nobody is told). */
  left(id: string, quiet: boolean): Effect[] {
    const s = this.students.get(id);
    if (s) s.connected = false;
    if (quiet) return [PATCH];
    const out = this.partnerStatus(id);
    this.preview();
    return [PATCH, ...out];
  }

  /** A student back within the reconnection window: the same seat, with everything it had seen. */
  back(id: string): Effect[] {
    const s = this.students.get(id);
    if (s) s.connected = true;
    this.preview();
    const seat = this.seatOf(id);
    const out: Effect[] = [PATCH, send(toPlayer(id), 'welcome', { you: { id, nickname: s?.nickname ?? '', role: 'student' }, code: this.code }), ...this.checks.forStudent(id)];
    if (seat && this.live) {
      const { runner, side } = seat;
      out.push(send(toPlayer(id), 'roundStarted', roundStartedFor(runner, side, { history: runner.history(side), clock: runner.clockFor(side) })));
      const partnerId = runner.seats[otherSide(side)].playerId;
      out.push(send(toPlayer(id), 'partnerStatus', { connected: partnerId === null || (this.students.get(partnerId)?.connected ?? false), bot: partnerId === null }));
    }
    return [...out, ...this.partnerStatus(id)];
  }

  /** A seat left for good: the bot plays it to the end of the round, and the partner is told so. */
  async abandon(id: string): Promise<Effect[]> {
    const seat = this.seatOf(id);
    if (!seat) return [];
    // After the takeover the seat is the bot's and no longer found by the player's id: look up the partner first.
    const partnerId = seat.runner.seats[otherSide(seat.side)].playerId;
    await seat.runner.botTakeOver(seat.side);
    return partnerId ? [send(toPlayer(partnerId), 'partnerStatus', { connected: true, bot: true })] : [];
  }

  /**
   * A student gone for good leaves the roster: at once in the lobby (no ghosts), or, if a round
   * holds their seat (the bot plays it), when that round ends.
   */
  forget(id: string): Effect[] {
    if (this.students.get(id)?.connected) return [];
    const seated = [...this.runners.values()].some((r) => SIDES.some((s) => r.seats[s].playerId === id));
    if (seated || this.live) {
      this.gone.add(id);
      return [];
    }
    this.students.delete(id);
    this.preview();
    return [{ kind: 'forget', playerIds: [id] }, PATCH];
  }

  /** The host removes a student (and, with `block`, keeps their browser and nickname out). */
  remove(id: string, block: boolean): Effect[] {
    const s = this.students.get(id);
    if (!s) return [refuse('unknown-student', 'removeStudent')];
    const out: Effect[] = block ? [{ kind: 'block', playerId: id, nickname: s.nickname }] : [];
    const here = s.connected;
    s.connected = false;
    if (!s.arrived) {
      // A seat claimed whose connection has not come yet: the claim goes, nothing else holds it.
      this.students.delete(id);
      return [...out, { kind: 'forget', playerIds: [id] }, PATCH, this.dashboard()];
    }
    if (here) {
      // A consented leave: no reconnection window; the bot plays a seat the student held.
      return [...out, PATCH, send(toPlayer(id), 'classEnded', { reason: 'removed' }), { kind: 'kick', playerId: id }, this.dashboard()];
    }
    return [...out, PATCH, this.dashboard(), after(async () => [...(await this.abandon(id)), ...this.forget(id)])];
  }

  /** The host renames a student: refused like a join would be (empty, invalid, taken). */
  rename(id: string, raw: string): Effect[] {
    const s = this.students.get(id);
    if (!s) return [refuse('unknown-student', 'renameStudent')];
    const nick = checkNickname(raw);
    if (!nick.ok) return [refuse(nick.code, 'renameStudent')];
    for (const p of this.students.values()) if (p.id !== id && nicknamesClash(p.nickname, nick.nickname)) return [refuse('nickname-taken', 'renameStudent')];
    s.nickname = nick.nickname;
    for (const r of this.runners.values()) for (const side of SIDES) if (r.seats[side].playerId === id) r.seats[side] = { ...r.seats[side], name: nick.nickname };
    return [PATCH, this.dashboard()];
  }

  // ── the host ──

  /** A host seat joined or came back: welcome (with the host key, the first time), configuration, dashboard, the watched ladder. */
  hostArrived(hostKey: string | null): Effect[] {
    this.hostConnected = true;
    return [
      PATCH,
      send(ASKER, 'welcome', { you: HOST_SEAT, code: this.code, ...(hostKey ? { hostKey } : {}) }),
      send(ASKER, 'config', this.config),
      send(ASKER, 'scenarios', { list: this.scenarioFiles() }),
      this.dashboard(ASKER),
      // A projector that reloads gets the watched pair's ladder of this round from its start.
      ...(this.watched !== null || this.live ? [send(ASKER, 'ladder', this.watchedLadder())] : []),
      ...this.checks.forHost(),
    ];
  }

  // ── teachers' own scenarios (issue 16): class-scenarios.ts ──

  /** A scenario this class can play: built in, the school's, or its own. */
  scenario(id: string): Scenario | undefined {
    return this.scenarios.find(id);
  }

  /** The custom scenarios the class may play, as files: the school's, then its own. */
  scenarioFiles(): ScenarioFile[] {
    return this.scenarios.files();
  }

  /** A host sends a scenario of its own (ClassScenarios.add). */
  addScenario(file: unknown): Effect[] {
    return this.scenarios.add(file);
  }

  hostPresent(here: boolean): Effect[] {
    this.hostConnected = here;
    return [PATCH];
  }

  configure(patch: z.output<typeof ConfigureRoundSchema>): Effect[] {
    const merged = RoundConfigSchema.safeParse({ ...this.config, ...patch, net: { ...this.config.net, ...(patch.net ?? {}) } });
    if (!merged.success) {
      // Timers that would break the lesson get their own code and the reason in both languages.
      const issues = merged.error.issues.slice(0, 5).map((i) => {
        const text = (i as { params?: { text?: { en: string; 'zh-CN': string } } }).params?.text;
        return { path: i.path.join('.'), message: i.message, ...(text ? { text } : {}) };
      });
      return [refuse(issues.some((i) => i.text) ? 'bad-timers' : 'bad-message', 'configureRound', issues)];
    }
    const scenario = this.scenario(merged.data.scenario);
    if (!scenario) return [refuse('unknown-scenario', 'configureRound', [{ path: 'scenario', message: `no scenario ${merged.data.scenario} in this class` }])];
    // A custom scenario's own flights (the schema knew only the built-in ones).
    const timing = timingIssues(merged.data, scenario);
    if (timing.length > 0) return [refuse('bad-timers', 'configureRound', timing.map((i) => ({ path: i.field, message: i.message.en, text: i.message })))];
    this.config = merged.data;
    return [PATCH, send(HOSTS, 'config', this.config)];
  }

  setPairs(pairs: Pairing[]): Effect[] {
    if (!validPairing(pairs, this.presentStudents())) return [refuse('bad-pairs', 'setPairs')];
    this.manualPairs = pairs;
    this.publish(pairs, this.round + 1);
    return [PATCH];
  }

  /** A new round: a runner per pair, each in the store before anyone is told; then the runners start. */
  async startRound(seed: number, now: number): Promise<Effect[]> {
    const scenario = this.scenario(this.config.scenario);
    const pairs = this.pairsForNextRound();
    if (!scenario || pairs.length === 0) return [refuse('not-enough-players', 'startRound')];
    const round = ++this.round;
    // The watched pair follows the host's choice into the new round (publish → follow).
    this.publish(pairs, round);
    this.runners = new Map();
    this.told = new Set();
    const c = this.config;
    const settings = { mode: c.mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, backoff: c.backoff, textbook: textbookNumbers(c) };
    const options = { answerAtOnce: c.answerAtOnce, showLosses: c.showLosses, timeBonus: c.timeBonus, hintAfterMs: c.hintAfterS * 1000, botDelayMs: this.botDelayMs };
    const startedAt = new Date(now).toISOString();
    const runners: PairRunner[] = [];
    for (const [i, pair] of pairs.entries()) {
      const pairId = `pair${i + 1}`;
      const sides = sidesFor(pair, round);
      const seat = (s: Side) => {
        const id = sides[s];
        return { playerId: id, name: id ? (this.students.get(id)?.nickname ?? id) : 'bot' };
      };
      const runner = new PairRunner(this.host, { code: this.code, round, pairId }, scenario, settings, seed + i + 1, { client: seat('client'), server: seat('server') }, options);
      await runner.open(startedAt);
      this.runners.set(pairId, runner);
      runners.push(runner);
    }
    this.phase = 'running';
    const out: Effect[] = [PATCH];
    for (const runner of runners) {
      for (const s of SIDES) {
        const id = runner.seats[s].playerId;
        if (id) out.push(send(toPlayer(id), 'roundStarted', roundStartedFor(runner, s)));
      }
    }
    // Every host seat drops the last round's ladder for this round's, before any of its events.
    out.push(send(HOSTS, 'ladder', this.watchedLadder()));
    out.push(after(async () => {
      await Promise.all(runners.map((x) => x.start()));
      return [this.dashboard()];
    }));
    return out;
  }

  pause(): Effect[] {
    this.phase = 'paused';
    return [PATCH, this.onRunners((r) => r.pause())];
  }

  resume(): Effect[] {
    this.phase = 'running';
    return [PATCH, this.onRunners((r) => r.resume())];
  }

  /** The bot finishes a student's seat: the student is told the round is over for them, the partner that the bot plays. */
  async handToBot(pairId: string, side: Side): Promise<Effect[]> {
    const runner = this.runners.get(pairId);
    if (!runner) return [refuse('unknown-pair', 'handToBot')];
    const playerId = runner.seats[side].playerId;
    if (playerId === null) return [];
    await runner.botTakeOver(side);
    const partner = runner.seats[otherSide(side)].playerId;
    this.told.add(`${pairId}/${side}`);
    return [
      send(toPlayer(playerId), 'roundEnded', roundEndedFor(runner, side, { handedToBot: true })),
      ...(partner ? [send(toPlayer(partner), 'partnerStatus', { connected: true, bot: true })] : []),
      this.dashboard(),
    ];
  }

  async injectFault(d: z.output<typeof InjectFaultSchema>): Promise<Effect[]> {
    const targets = d.target === 'all' ? [...this.runners.values()] : [this.runners.get(d.target)].filter((x) => x !== undefined);
    if (targets.length === 0) return [refuse(d.target === 'all' ? 'no-round' : 'unknown-pair', 'injectFault')];
    const injection: HostInjection = d.kind === 'delay-next' ? { kind: 'delay-next', ms: d.ms ?? 5000 } : d.kind === 'stale-syn' ? { kind: 'stale-syn' } : { kind: 'drop-next', ...(d.flag ? { flag: d.flag } : {}) };
    await Promise.all(targets.map((t) => t.inject(injection)));
    // The host (and a test) can wait on this: the fault is set before the next segment is sent.
    return [send(ASKER, 'faultInjected', { target: d.target, kind: d.kind, ...(d.flag ? { flag: d.flag } : {}), ...(d.kind === 'delay-next' ? { ms: d.ms ?? 5000 } : {}), pairs: targets.length })];
  }

  /**
   * The host puts a pair on the projector (null: none): one of the pairs shown, in a round or in
   * the lobby (the coming round's). Every host seat is told, and gets its ladder so far.
   */
  watch(pairId: string | null): Effect[] {
    const pair = pairId === null ? undefined : this.pairs.get(pairId);
    if (pairId !== null && !pair) return [refuse('unknown-pair', 'watchPair')];
    this.choice = pair ? { pairId: pair.id, students: [pair.client, pair.server].filter((id) => this.students.has(id)) } : null;
    this.watched = pair ? pair.id : null;
    return [PATCH, send(HOSTS, 'ladder', this.watchedLadder())];
  }

  /** Every runner stops; students not told yet are told; the lobby shows the coming round. Once, however often asked. */
  async endRound(): Promise<Effect[]> {
    if (this.ending) {
      await this.ending;
      return [];
    }
    this.ending = (async () => {
      const runners = [...this.runners.values()];
      await Promise.all(runners.map((x) => x.end()));
      const out: Effect[] = [];
      for (const runner of runners) {
        this.revealScores(runner);
        for (const s of SIDES) {
          const id = runner.seats[s].playerId;
          if (id && !this.told.has(`${runner.key.pairId}/${s}`)) out.push(send(toPlayer(id), 'roundEnded', roundEndedFor(runner, s)));
        }
      }
      this.phase = 'lobby';
      this.revealed = new Set();
      // Students who left during the round leave the roster now (their seat was the bot's).
      out.push(...this.forgetGone());
      // The lobby shows the coming round: its pairs and the roles (they swap every round).
      this.publish(this.pairsForNextRound(), this.round + 1);
      out.push(PATCH, this.dashboard());
      return out;
    })();
    try {
      return await this.ending;
    } finally {
      this.ending = null;
    }
  }

  async endClass(): Promise<Effect[]> {
    const out = this.live ? await this.endRound() : this.checks.open ? await this.checks.close() : [];
    this.phase = 'ended';
    return [...out, PATCH, send(EVERYONE, 'classEnded', { reason: 'host' }), { kind: 'close' }];
  }

  /** The server stops: everyone is told, every replay is closed, and the class is over. */
  shutdown(): Effect[] {
    return [send(EVERYONE, 'classEnded', { reason: 'shutdown' }), after(async () => {
      await Promise.allSettled([...this.runners.values()].map((r) => r.end()));
      this.phase = 'ended';
      return [PATCH];
    })];
  }

  // ── a student's answer ──

  async answer(id: string, intent: 'sendSegment' | 'declareState', a: PlayerAnswer): Promise<Effect[]> {
    const seat = this.seatOf(id);
    if (!seat) return [refuse('no-round', intent)];
    const reply = await seat.runner.answer(seat.side, a);
    // Refused before judging (crossed an input, prelude, paused): nothing recorded, it answers again.
    if (reply.kind === 'refused') return [refuse(reply.code, intent)];
    // Assessment: recorded, nothing more (no correctness, no score until the round ends).
    if (reply.recorded) return [send(ASKER, 'verdictGiven', { recorded: true })];
    const s = this.students.get(id);
    if (s) {
      s.score += reply.points;
      s.streak = reply.streak;
    }
    // The hosts' totals follow in the next dashboard (one for the answers that come together).
    return [PATCH, send(ASKER, 'verdictGiven', { recorded: false, ok: reply.ok, errors: reply.errors, points: reply.points, score: s?.score ?? reply.score, streak: reply.streak }), { kind: 'dashboard-soon' }];
  }

  // ── what the runners report (through the room's runner port) ──

  /** Messages for the student in a pair's seat (none for the bot's). */
  toSeat<K extends keyof SeatMessages>(pairId: string, side: Side, type: K, messages: readonly SeatMessages[K][]): Effect[] {
    const id = this.runners.get(pairId)?.seats[side].playerId;
    return id ? messages.map((m) => send(toPlayer(id), type, m as Outgoing[K])) : [];
  }

  /** A pair's events for the hosts, while they watch it. */
  ladder(pairId: string, events: Outgoing['seatEvent'][]): Effect[] {
    const round = this.runners.get(pairId)?.key.round ?? this.round;
    return this.watched === pairId && events.length > 0 ? [send(HOSTS, 'ladder', { pairId, round, events, reset: false })] : [];
  }

  pairChanged(pairId: string): Effect[] {
    const runner = this.runners.get(pairId);
    const info = this.pairs.get(pairId);
    if (runner && info) {
      info.finished = runner.finished;
      // Worked out when read (the synced state between rounds, a test), not at every step.
      this.progressDue.add(pairId);
    }
    return [PATCH, { kind: 'dashboard-soon' }];
  }

  /** A pair reached the goal by itself: its students are told they are done, and what they achieved. */
  pairDone(pairId: string): Effect[] {
    const runner = this.runners.get(pairId);
    if (!runner) return [];
    this.revealScores(runner);
    const out: Effect[] = [PATCH];
    for (const s of SIDES) {
      const id = runner.seats[s].playerId;
      const key = `${pairId}/${s}`;
      if (!id || this.told.has(key)) continue;
      this.told.add(key);
      out.push(send(toPlayer(id), 'roundEnded', roundEndedFor(runner, s)));
    }
    const runners = [...this.runners.values()];
    // One dashboard for the pairs that finish together (a class in lockstep finishes 30 at once);
    // the last pair's, which says every pair is done, at once.
    if (runners.every((x) => x.finished)) out.push(...this.dashboardChanges());
    else out.push({ kind: 'dashboard-soon' });
    // Every pair done: the host is told (dashboard allDone) and, if the host chose so, the round ends.
    if (this.config.autoEnd && runners.length > 0 && runners.every((x) => x.finished) && this.phase === 'running') {
      out.push(after(() => this.endRound(), 'auto end failed'));
    }
    return out;
  }

  /** The whole dashboard: every pair and every student's total. Sent to every host, it is what later changes add to. */
  dashboard(to: Address = HOSTS): Send {
    return send(to, 'dashboard', this.dash.whole(to === HOSTS));
  }

  /** To every host, what changed on the dashboard since the one they hold (host-dashboard.ts); nothing when nothing did. */
  dashboardChanges(): Effect[] {
    const d = this.dash.changes();
    return d ? [send(HOSTS, 'dashboard', d)] : [];
  }

  private readonly dash = new HostDashboard(this);

  // ── internals ──

  private seatOf(id: string): { runner: PairRunner; side: Side } | undefined {
    for (const runner of this.runners.values()) {
      for (const side of SIDES) if (runner.seats[side].playerId === id) return { runner, side };
    }
    return undefined;
  }

  /** Tell the partner whether this player is here (or the bot plays for them). */
  private partnerStatus(id: string): Effect[] {
    const seat = this.seatOf(id);
    if (!seat) return [];
    const partnerId = seat.runner.seats[otherSide(seat.side)].playerId;
    const here = this.students.get(id)?.connected ?? false;
    return partnerId ? [send(toPlayer(partnerId), 'partnerStatus', { connected: here, bot: seat.runner.seats[seat.side].playerId === null })] : [];
  }

  private onRunners(op: (r: PairRunner) => Promise<void>): Effect {
    return after(async () => {
      await Promise.all([...this.runners.values()].map(op));
      return [];
    });
  }

  /** Students in join order who are here now. */
  private presentStudents(): string[] {
    return [...this.students.values()].filter((p) => p.connected).map((p) => p.id);
  }

  /** Pairs for the next round: the host's if still valid, else automatic. */
  private pairsForNextRound(): Pairing[] {
    const present = this.presentStudents();
    if (this.manualPairs && validPairing(this.manualPairs, present)) return this.manualPairs;
    return autoPairs(present);
  }

  /** In the lobby, the pairs shown are the coming round's: who plays with whom, and which side. */
  private preview(): void {
    if (this.phase === 'lobby') this.publish(this.pairsForNextRound(), this.round + 1);
  }

  /** The watched pair's ladder as a whole: this round's events while one is played (none between rounds). */
  private watchedLadder(): Outgoing['ladder'] {
    const runner = this.watched !== null && this.live ? this.runners.get(this.watched) : undefined;
    return { pairId: this.watched ?? '', round: this.round, events: runner ? runner.history('host') : [], reset: true };
  }

  /**
   * After new pairs are published: the watched pair is the one the chosen students play in (both,
   * else the first of them, else the second); if neither plays, the chosen pair number if it is
   * still there, else the first pair. Nothing chosen, nothing watched.
   */
  private follow(): void {
    const c = this.choice;
    if (!c) {
      this.watched = null;
      return;
    }
    const pairs = [...this.pairs.values()];
    const has = (p: PublicPair, id: string | undefined) => id !== undefined && (p.client === id || p.server === id);
    const [a, b] = c.students;
    const found = pairs.find((p) => has(p, a) && (b === undefined || has(p, b)))
      ?? pairs.find((p) => has(p, a)) ?? pairs.find((p) => has(p, b))
      ?? this.pairs.get(c.pairId) ?? pairs[0];
    this.watched = found?.id ?? null;
  }

  /** Pairs whose progress moved since it was last read (pairChanged). */
  private readonly progressDue = new Set<string>();

  /**
   * A pair as the synced state shows it, its `progress` worked out from the pair's play when read
   * after a step moved it: a class in lockstep steps each pair several times a second, and the
   * progress is read only when the round ends and by the dashboard, which keeps it per play.
   */
  private publicPair(id: string, client: string, server: string): PublicPair {
    let progress = 0;
    const pair = { id, client, server, finished: false } as PublicPair;
    return Object.defineProperty(pair, 'progress', {
      enumerable: true,
      get: () => {
        const runner = this.progressDue.delete(id) ? this.runners.get(id) : undefined;
        if (runner) progress = progressOf(runner);
        return progress;
      },
      set: (v: number) => {
        progress = v;
      },
    });
  }

  /** Show these pairs (and their sides in round `round`). */
  private publish(pairs: Pairing[], round: number): void {
    this.pairs = new Map();
    this.progressDue.clear();
    this.pairsVersion += 1;
    for (const s of this.students.values()) {
      s.pairId = '';
      s.side = '';
    }
    pairs.forEach((pair, i) => {
      const id = `pair${i + 1}`;
      const sides = sidesFor(pair, Math.max(1, round));
      this.pairs.set(id, this.publicPair(id, sides.client ?? 'bot', sides.server ?? 'bot'));
      for (const s of SIDES) {
        const student = sides[s] ? this.students.get(sides[s] as string) : undefined;
        if (student) {
          student.pairId = id;
          student.side = s;
        }
      }
    });
    this.follow();
  }

  /** Assessment scores reach the roster (and so the leaderboard) only once a pair's round is over. */
  private revealScores(runner: PairRunner): void {
    if (runner.play.round.settings.mode !== 'assessment') return;
    for (const s of SIDES) {
      const id = runner.seats[s].playerId;
      const student = id ? this.students.get(id) : undefined;
      const key = `${runner.key.pairId}/${s}`;
      if (student && !this.revealed.has(key)) {
        this.revealed.add(key);
        student.score += runner.play.seats[s].score;
      }
    }
  }

  /** At a round's end: the students who left during it leave the roster now. */
  private forgetGone(): Effect[] {
    const ids = [...this.gone].filter((id) => !this.students.get(id)?.connected);
    this.gone.clear();
    for (const id of ids) this.students.delete(id);
    return ids.length > 0 ? [{ kind: 'forget', playerIds: ids }] : [];
  }
}
