import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Bank, CheckStage, Trace, TraceEvent } from '../../shared/index';
import {
  keyOf, traceOf, type CheckAnswerRecord, type CheckOpenRecord, type ClassRecord, type Recorder, type RoundKey, type RoundMeta, type RoundResult, type StoredBank, type StoredChecks, type StudentRecord,
} from './recorder';
import { DELETE_ORPHAN_BANK_SQL, GET_CHECK_BANK_SQL, LIST_CHECK_ANSWERS_SQL, LIST_CHECKS_SQL, SCHEMA_SQL, SET_CHECK_BANK_SQL, rowsToChecks, rowToMeta, type CheckAnswerRow, type CheckRow, type RoundRow } from './sql';

/** A write waiting for the turn's transaction; `next` is the event counters it reads and moves. */
interface Write {
  run(next: Counters): void;
  resolve(): void;
  reject(e: unknown): void;
}

/** The per-round event counters as a transaction sees them: its own moves over the committed ones, kept only if it commits. */
class Counters {
  private readonly moved = new Map<string, number | undefined>();
  constructor(private readonly committed: Map<string, number>) {}
  get(k: string): number | undefined {
    return this.moved.has(k) ? this.moved.get(k) : this.committed.get(k);
  }
  set(k: string, n: number | undefined): void {
    this.moved.set(k, n);
  }
  commit(): void {
    for (const [k, n] of this.moved) {
      if (n === undefined) this.committed.delete(k);
      else this.committed.set(k, n);
    }
  }
}

/**
 * The embedded store: one SQLite file in WAL mode. The writes of a round (open, each step's
 * events, close) made in one event-loop turn are committed together in one transaction at the end
 * of the turn (setImmediate), and each call's promise resolves only once its transaction is
 * committed. The room tells players a step only after its append resolved, so a killed process
 * loses nothing that was already broadcast and never leaves half a step behind. A write that fails
 * fails alone: the turn's writes are then committed one by one. Every other call first commits
 * the writes waiting, so reads see them.
 */
export class SqliteRecorder implements Recorder {
  private db: Database.Database;
  private next = new Map<string, number>();
  private stmts;
  /** Writes in one transaction (made once: better-sqlite3 builds a wrapper per call to transaction()). */
  private inTransaction: (writes: readonly Write[], next: Counters) => void;
  private waiting: Write[] = [];
  private flushing = false;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA_SQL);
    this.stmts = {
      createClass: this.db.prepare('INSERT INTO classes (code, host_key_hash, created_at) VALUES (?, ?, ?)'),
      // Only a class with no student and no round: a used class keeps its replays.
      deleteClass: this.db.prepare('DELETE FROM classes WHERE code = ? AND NOT EXISTS (SELECT 1 FROM students WHERE code = ?) AND NOT EXISTS (SELECT 1 FROM rounds WHERE code = ?)'),
      countClasses: this.db.prepare('SELECT COUNT(*) AS n FROM classes'),
      getClass: this.db.prepare('SELECT code, host_key_hash, created_at FROM classes WHERE code = ?'),
      openRound: this.db.prepare(
        'INSERT INTO rounds (code, round, pair_id, scenario, mode, seed, settings, players, player_ids, judge, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      addStudent: this.db.prepare('INSERT INTO students (code, player_id, nickname, token_hash) VALUES (?, ?, ?, ?)'),
      studentByToken: this.db.prepare('SELECT code, player_id, nickname, token_hash FROM students WHERE token_hash = ?'),
      append: this.db.prepare('INSERT INTO events (code, round, pair_id, idx, event) VALUES (?, ?, ?, ?, ?)'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE code = ? AND round = ? AND pair_id = ?'),
      close: this.db.prepare('UPDATE rounds SET result = ? WHERE code = ? AND round = ? AND pair_id = ?'),
      list: this.db.prepare(
        'SELECT r.*, (SELECT COUNT(*) FROM events e WHERE e.code = r.code AND e.round = r.round AND e.pair_id = r.pair_id) AS events FROM rounds r WHERE r.code = ? ORDER BY r.round, r.pair_id',
      ),
      round: this.db.prepare('SELECT r.*, 0 AS events FROM rounds r WHERE code = ? AND round = ? AND pair_id = ?'),
      events: this.db.prepare('SELECT event FROM events WHERE code = ? AND round = ? AND pair_id = ? ORDER BY idx'),
      openCheck: this.db.prepare('INSERT INTO checks (code, stage, questions, opened_at) VALUES (?, ?, ?, ?)'),
      closeCheck: this.db.prepare('UPDATE checks SET closed_at = ? WHERE code = ? AND stage = ?'),
      addCheckAnswer: this.db.prepare('INSERT INTO check_answers (code, stage, player_id, question, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)'),
      listChecks: this.db.prepare(LIST_CHECKS_SQL.replace('$1', '?')),
      listCheckAnswers: this.db.prepare(LIST_CHECK_ANSWERS_SQL.replace('$1', '?')),
      setCheckBank: this.db.prepare(SET_CHECK_BANK_SQL.replace('$1', '?').replace('$2', '?').replace('$3', '?')),
      getCheckBank: this.db.prepare(GET_CHECK_BANK_SQL.replace('$1', '?')),
      deleteOrphanBank: this.db.prepare(DELETE_ORPHAN_BANK_SQL.replaceAll('$1', '?')),
    };
    this.inTransaction = this.db.transaction((writes: readonly Write[], next: Counters) => {
      for (const w of writes) w.run(next);
    });
  }

  /** Queue a write for this turn's transaction; resolves once it is committed. */
  private write(run: (next: Counters) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ run, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Commit the writes waiting: all in one transaction, or, if one fails, each in its own. */
  private readonly flush = (): void => {
    this.flushing = false;
    const writes = this.waiting;
    if (writes.length === 0) return;
    this.waiting = [];
    const all = new Counters(this.next);
    try {
      this.inTransaction(writes, all);
      all.commit();
    } catch {
      for (const w of writes) {
        const one = new Counters(this.next);
        try {
          this.inTransaction([w], one);
          one.commit();
        } catch (e) {
          w.reject(e);
          continue;
        }
        w.resolve();
      }
      return;
    }
    for (const w of writes) w.resolve();
  };

  createClass(record: ClassRecord): void {
    this.flush();
    this.stmts.createClass.run(record.code, record.hostKeyHash, record.createdAt);
  }

  deleteClass(code: string): void {
    this.flush();
    this.stmts.deleteClass.run(code, code, code);
    this.stmts.deleteOrphanBank.run(code, code);
  }

  /** Classes kept (tests). */
  get classCount(): number {
    this.flush();
    return (this.stmts.countClasses.get() as { n: number }).n;
  }

  getClass(code: string): ClassRecord | undefined {
    this.flush();
    const row = this.stmts.getClass.get(code) as { code: string; host_key_hash: string; created_at: string } | undefined;
    return row ? { code: row.code, hostKeyHash: row.host_key_hash, createdAt: row.created_at } : undefined;
  }

  addStudent(st: StudentRecord): void {
    this.flush();
    this.stmts.addStudent.run(st.code, st.playerId, st.nickname, st.tokenHash);
  }

  studentByToken(tokenHash: string): StudentRecord | undefined {
    this.flush();
    const row = this.stmts.studentByToken.get(tokenHash) as { code: string; player_id: string; nickname: string; token_hash: string } | undefined;
    return row ? { code: row.code, playerId: row.player_id, nickname: row.nickname, tokenHash: row.token_hash } : undefined;
  }

  openRound(m: RoundMeta): Promise<void> {
    const row = [m.code, m.round, m.pairId, m.scenario, m.mode, m.seed, JSON.stringify(m.settings), JSON.stringify(m.players), JSON.stringify(m.playerIds), JSON.stringify(m.judge), m.startedAt];
    return this.write((next) => {
      this.stmts.openRound.run(...row);
      next.set(keyOf(m), 0);
    });
  }

  append(key: RoundKey, events: readonly TraceEvent[]): Promise<void> {
    // Encoded now: the caller may reuse its objects once this returns.
    const rows = events.map((e) => JSON.stringify(e));
    return this.write((next) => {
      const k = keyOf(key);
      let idx = next.get(k);
      if (idx === undefined) idx = (this.stmts.count.get(key.code, key.round, key.pairId) as { n: number }).n;
      for (let i = 0; i < rows.length; i++) this.stmts.append.run(key.code, key.round, key.pairId, idx + i, rows[i]);
      next.set(k, idx + rows.length);
    });
  }

  closeRound(key: RoundKey, result: RoundResult): Promise<void> {
    const row = JSON.stringify(result);
    return this.write((next) => {
      this.stmts.close.run(row, key.code, key.round, key.pairId);
      // A closed round's counter is forgotten (a late append counts its events again).
      next.set(keyOf(key), undefined);
    });
  }

  listRounds(code: string) {
    this.flush();
    return (this.stmts.list.all(code) as RoundRow[]).map(rowToMeta);
  }

  trace(key: RoundKey): Trace | undefined {
    this.flush();
    const row = this.stmts.round.get(key.code, key.round, key.pairId) as RoundRow | undefined;
    if (!row) return undefined;
    const events = (this.stmts.events.all(key.code, key.round, key.pairId) as { event: string }[]).map((r) => JSON.parse(r.event) as TraceEvent);
    return traceOf(rowToMeta(row), events);
  }

  // Concept checks (issue 17): written in the turn's transaction like a step, so a student is told
  // an answer counts only once it is committed.

  openCheck(c: CheckOpenRecord): Promise<void> {
    const questions = JSON.stringify(c.questions);
    return this.write(() => void this.stmts.openCheck.run(c.code, c.stage, questions, c.openedAt));
  }

  closeCheck(code: string, stage: CheckStage, closedAt: string): Promise<void> {
    return this.write(() => void this.stmts.closeCheck.run(closedAt, code, stage));
  }

  addCheckAnswer(a: CheckAnswerRecord): Promise<void> {
    return this.write(() => void this.stmts.addCheckAnswer.run(a.code, a.stage, a.playerId, a.question, a.answer, a.answeredAt));
  }

  setCheckBank(code: string, bank: Bank, loadedAt: string): Promise<void> {
    const json = JSON.stringify(bank);
    return this.write(() => void this.stmts.setCheckBank.run(code, json, loadedAt));
  }

  checkBank(code: string): StoredBank | undefined {
    this.flush();
    const row = this.stmts.getCheckBank.get(code) as { bank: string; loaded_at: string } | undefined;
    return row ? { bank: JSON.parse(row.bank) as unknown, loadedAt: row.loaded_at } : undefined;
  }

  checks(code: string): StoredChecks {
    this.flush();
    return rowsToChecks(this.stmts.listChecks.all(code) as CheckRow[], this.stmts.listCheckAnswers.all(code) as CheckAnswerRow[]);
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}
