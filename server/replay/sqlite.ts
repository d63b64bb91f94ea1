import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Trace, TraceEvent } from '../../shared/index';
import { keyOf, traceOf, type ClassRecord, type Recorder, type RoundKey, type RoundMeta, type RoundResult, type StudentRecord } from './recorder';
import { SCHEMA_SQL, rowToMeta, type RoundRow } from './sql';

/**
 * The embedded store: one SQLite file in WAL mode. Every append is one transaction, committed
 * before the call returns, so a killed process loses nothing that was already broadcast and never
 * leaves half a step behind.
 */
export class SqliteRecorder implements Recorder {
  private db: Database.Database;
  private next = new Map<string, number>();
  private stmts;
  /** One step's events in one transaction (made once: better-sqlite3 builds a wrapper per call to transaction()). */
  private appendAll: (key: RoundKey, start: number, events: readonly TraceEvent[]) => void;

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
    };
    const append = this.stmts.append;
    this.appendAll = this.db.transaction((key: RoundKey, start: number, events: readonly TraceEvent[]) => {
      for (let i = 0; i < events.length; i++) append.run(key.code, key.round, key.pairId, start + i, JSON.stringify(events[i]));
    });
  }

  createClass(record: ClassRecord): void {
    this.stmts.createClass.run(record.code, record.hostKeyHash, record.createdAt);
  }

  deleteClass(code: string): void {
    this.stmts.deleteClass.run(code, code, code);
  }

  /** Classes kept (tests). */
  get classCount(): number {
    return (this.stmts.countClasses.get() as { n: number }).n;
  }

  getClass(code: string): ClassRecord | undefined {
    const row = this.stmts.getClass.get(code) as { code: string; host_key_hash: string; created_at: string } | undefined;
    return row ? { code: row.code, hostKeyHash: row.host_key_hash, createdAt: row.created_at } : undefined;
  }

  addStudent(st: StudentRecord): void {
    this.stmts.addStudent.run(st.code, st.playerId, st.nickname, st.tokenHash);
  }

  studentByToken(tokenHash: string): StudentRecord | undefined {
    const row = this.stmts.studentByToken.get(tokenHash) as { code: string; player_id: string; nickname: string; token_hash: string } | undefined;
    return row ? { code: row.code, playerId: row.player_id, nickname: row.nickname, tokenHash: row.token_hash } : undefined;
  }

  openRound(m: RoundMeta): void {
    this.stmts.openRound.run(m.code, m.round, m.pairId, m.scenario, m.mode, m.seed, JSON.stringify(m.settings), JSON.stringify(m.players), JSON.stringify(m.playerIds), JSON.stringify(m.judge), m.startedAt);
    this.next.set(keyOf(m), 0);
  }

  append(key: RoundKey, events: readonly TraceEvent[]): void {
    const k = keyOf(key);
    let idx = this.next.get(k);
    if (idx === undefined) idx = (this.stmts.count.get(key.code, key.round, key.pairId) as { n: number }).n;
    this.appendAll(key, idx, events);
    this.next.set(k, idx + events.length);
  }

  closeRound(key: RoundKey, result: RoundResult): void {
    this.stmts.close.run(JSON.stringify(result), key.code, key.round, key.pairId);
    // A closed round's counter is forgotten (a late append counts its events again).
    this.next.delete(keyOf(key));
  }

  listRounds(code: string) {
    return (this.stmts.list.all(code) as RoundRow[]).map(rowToMeta);
  }

  trace(key: RoundKey): Trace | undefined {
    const row = this.stmts.round.get(key.code, key.round, key.pairId) as RoundRow | undefined;
    if (!row) return undefined;
    const events = (this.stmts.events.all(key.code, key.round, key.pairId) as { event: string }[]).map((r) => JSON.parse(r.event) as TraceEvent);
    return traceOf(rowToMeta(row), events);
  }

  close(): void {
    this.db.close();
  }
}
