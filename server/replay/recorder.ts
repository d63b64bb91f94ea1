import type { Bank, CheckStage, Question, Side, StoredCheck, StoredCheckAnswer, Trace, TraceEvent } from '../../shared/index';

/** Identifies one pair's round in one class. */
export interface RoundKey {
  code: string;
  round: number;
  pairId: string;
}

export interface RoundMeta extends RoundKey {
  scenario: string;
  mode: 'practice' | 'assessment';
  seed: number;
  settings: Record<string, unknown>;
  /** Nicknames per side ('bot' for the engine). */
  players: Record<Side, string>;
  /** Player ids per side (null for the bot): who may see this replay. */
  playerIds: Record<Side, string | null>;
  judge: Side[];
  startedAt: string;
}

export interface RoundResult {
  /** Both ends reached the goal (the round ended by itself). */
  finished: boolean;
  /** The scenario's lesson happened (e.g. the SYNs crossed); absent in rounds stored before it existed. */
  lesson?: boolean;
  scores: Record<Side, number>;
  endedAt: string;
}

/** A student of a class, with the hash of the token that opens their own replays. */
export interface StudentRecord {
  code: string;
  playerId: string;
  nickname: string;
  tokenHash: string;
}

export interface ClassRecord {
  code: string;
  hostKeyHash: string;
  createdAt: string;
}

/** A concept check opened in a class (issue 17): its questions whole, as run. */
export interface CheckOpenRecord {
  code: string;
  stage: CheckStage;
  questions: Question[];
  openedAt: string;
}

/** A student's answer to one question of a check: stored once (the first answer counts). */
export interface CheckAnswerRecord {
  code: string;
  stage: CheckStage;
  playerId: string;
  question: string;
  answer: number;
  answeredAt: string;
}

/** A class's own bank as stored: the value read back from JSON (not trusted until validated) and when it was loaded. */
export interface StoredBank {
  bank: unknown;
  loadedAt: string;
}

/** A class's checks and every answer, as the review reads them (nicknames from the class's students). */
export interface StoredChecks {
  checks: StoredCheck[];
  answers: StoredCheckAnswer[];
}

/**
 * Where replays go, as they happen. The room appends a step's events *before* it tells anyone,
 * so whatever a player saw is already recorded. Implementations may be synchronous (memory,
 * SQLite) or asynchronous (PostgreSQL); the room awaits each call in order.
 */
export interface Recorder {
  createClass(record: ClassRecord): void | Promise<void>;
  getClass(code: string): ClassRecord | undefined | Promise<ClassRecord | undefined>;
  addStudent(student: StudentRecord): void | Promise<void>;
  studentByToken(tokenHash: string): StudentRecord | undefined | Promise<StudentRecord | undefined>;
  openRound(meta: RoundMeta): void | Promise<void>;
  append(key: RoundKey, events: readonly TraceEvent[]): void | Promise<void>;
  closeRound(key: RoundKey, result: RoundResult): void | Promise<void>;
  listRounds(code: string): (RoundMeta & { result?: RoundResult; events: number })[] | Promise<(RoundMeta & { result?: RoundResult; events: number })[]>;
  trace(key: RoundKey): Trace | undefined | Promise<Trace | undefined>;
  /** A check opened: stored before any student sees it. */
  openCheck(record: CheckOpenRecord): void | Promise<void>;
  closeCheck(code: string, stage: CheckStage, closedAt: string): void | Promise<void>;
  /** One answer; the student is told it counts only once this resolves. A second answer to the same question fails. */
  addCheckAnswer(answer: CheckAnswerRecord): void | Promise<void>;
  checks(code: string): StoredChecks | Promise<StoredChecks>;
  /** A class's own concept-check bank (issue 17), validated before it is stored; it replaces the one before. */
  setCheckBank(code: string, bank: Bank, loadedAt: string): void | Promise<void>;
  /** The class's own bank as stored (to be validated again when read), or undefined: the first bank. */
  checkBank(code: string): StoredBank | undefined | Promise<StoredBank | undefined>;
  /** Forget a class that was never used (no student, no round): its row and nothing else. */
  deleteClass?(code: string): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** A stored round as a TRACE.md trace. */
export function traceOf(meta: RoundMeta, events: TraceEvent[]): Trace {
  return {
    format: 'synack-trace',
    version: 1,
    meta: { scenario: meta.scenario, mode: meta.mode, class: meta.code, round: meta.round, pair: meta.pairId, players: meta.players, seed: meta.seed, createdAt: meta.startedAt },
    judge: [...meta.judge],
    events,
  };
}

/** One key for a pair's round (maps of rounds in every store). */
export const keyOf = (k: RoundKey): string => `${k.code}/${k.round}/${k.pairId}`;

/** Keeps everything in memory: the default until durable storage is configured. */
export class MemoryRecorder implements Recorder {
  private classes = new Map<string, ClassRecord>();
  private rounds = new Map<string, { meta: RoundMeta; events: TraceEvent[]; result?: RoundResult }>();
  private students = new Map<string, StudentRecord>();
  private checkRows = new Map<string, StoredCheck & { code: string }>();
  private answerRows = new Map<string, CheckAnswerRecord>();
  private banks = new Map<string, { json: string; loadedAt: string }>();

  addStudent(student: StudentRecord): void {
    this.students.set(student.tokenHash, { ...student });
  }
  studentByToken(tokenHash: string): StudentRecord | undefined {
    return this.students.get(tokenHash);
  }

  createClass(record: ClassRecord): void {
    this.classes.set(record.code, { ...record });
  }
  deleteClass(code: string): void {
    if ([...this.rounds.values()].some((r) => r.meta.code === code) || [...this.students.values()].some((st) => st.code === code)) return;
    this.classes.delete(code);
    this.banks.delete(code);
  }
  setCheckBank(code: string, bank: Bank, loadedAt: string): void {
    this.banks.set(code, { json: JSON.stringify(bank), loadedAt });
  }
  checkBank(code: string): StoredBank | undefined {
    const b = this.banks.get(code);
    return b ? { bank: JSON.parse(b.json) as unknown, loadedAt: b.loadedAt } : undefined;
  }
  /** Classes kept (tests). */
  get classCount(): number {
    return this.classes.size;
  }
  getClass(code: string): ClassRecord | undefined {
    return this.classes.get(code);
  }
  openRound(meta: RoundMeta): void {
    this.rounds.set(keyOf(meta), { meta: { ...meta }, events: [] });
  }
  append(key: RoundKey, events: readonly TraceEvent[]): void {
    const r = this.rounds.get(keyOf(key));
    if (!r) throw new Error(`append to a round that was never opened: ${keyOf(key)}`);
    for (const e of events) r.events.push(structuredClone(e));
  }
  closeRound(key: RoundKey, result: RoundResult): void {
    const r = this.rounds.get(keyOf(key));
    if (r) r.result = { ...result };
  }
  listRounds(code: string) {
    return [...this.rounds.values()]
      .filter((r) => r.meta.code === code)
      .map((r) => ({ ...r.meta, ...(r.result ? { result: r.result } : {}), events: r.events.length }))
      .sort((a, b) => a.round - b.round || a.pairId.localeCompare(b.pairId, 'en', { numeric: true }));
  }
  openCheck(record: CheckOpenRecord): void {
    const k = `${record.code}/${record.stage}`;
    if (!this.classes.has(record.code)) throw new Error(`no class ${record.code}`);
    if (this.checkRows.has(k)) throw new Error(`check ${k} already opened`);
    this.checkRows.set(k, { code: record.code, stage: record.stage, questions: structuredClone(record.questions), openedAt: record.openedAt, closedAt: null });
  }
  closeCheck(code: string, stage: CheckStage, closedAt: string): void {
    const c = this.checkRows.get(`${code}/${stage}`);
    if (c) c.closedAt = closedAt;
  }
  addCheckAnswer(a: CheckAnswerRecord): void {
    const k = `${a.code}/${a.stage}/${a.playerId}/${a.question}`;
    if (!this.checkRows.has(`${a.code}/${a.stage}`)) throw new Error(`no check ${a.code}/${a.stage}`);
    if (this.answerRows.has(k)) throw new Error(`answer ${k} already stored`);
    this.answerRows.set(k, { ...a });
  }
  checks(code: string): StoredChecks {
    const nick = (id: string) => [...this.students.values()].find((st) => st.code === code && st.playerId === id)?.nickname ?? '';
    return {
      checks: [...this.checkRows.values()].filter((c) => c.code === code).sort((a, b) => a.openedAt.localeCompare(b.openedAt)).map(({ code: _, ...c }) => structuredClone(c)),
      answers: [...this.answerRows.values()].filter((a) => a.code === code).map(({ code: _, ...a }) => ({ ...a, nickname: nick(a.playerId) })),
    };
  }
  trace(key: RoundKey): Trace | undefined {
    const r = this.rounds.get(keyOf(key));
    if (!r) return undefined;
    return traceOf(r.meta, structuredClone(r.events));
  }
}
