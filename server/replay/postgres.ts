import pg from 'pg';
import type { Bank, CheckStage, Trace, TraceEvent } from '../../shared/index';
import {
  keyOf, traceOf, type CheckAnswerRecord, type CheckOpenRecord, type ClassRecord, type Recorder, type RoundKey, type RoundMeta, type RoundResult, type StoredBank, type StoredChecks, type StudentRecord,
} from './recorder';
import { DELETE_ORPHAN_BANK_SQL, GET_CHECK_BANK_SQL, LIST_CHECK_ANSWERS_SQL, LIST_CHECKS_SQL, SCHEMA_SQL, SET_CHECK_BANK_SQL, rowsToChecks, rowToMeta, type CheckAnswerRow, type CheckRow, type RoundRow } from './sql';

/**
 * The same store on a PostgreSQL server (`DATABASE_URL`). Appends of one round are chained, so
 * they commit in the order the room made them, each step in one transaction.
 */
export class PostgresRecorder implements Recorder {
  private pool: pg.Pool;
  private next = new Map<string, number>();
  private chain = new Map<string, Promise<void>>();
  private ready: Promise<void>;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 8 });
    this.ready = this.pool.query(SCHEMA_SQL).then(() => undefined);
  }

  async createClass(record: ClassRecord): Promise<void> {
    await this.ready;
    await this.pool.query('INSERT INTO classes (code, host_key_hash, created_at) VALUES ($1, $2, $3)', [record.code, record.hostKeyHash, record.createdAt]);
  }

  async deleteClass(code: string): Promise<void> {
    await this.ready;
    await this.pool.query('DELETE FROM classes WHERE code = $1 AND NOT EXISTS (SELECT 1 FROM students WHERE code = $1) AND NOT EXISTS (SELECT 1 FROM rounds WHERE code = $1)', [code]);
    await this.pool.query(DELETE_ORPHAN_BANK_SQL, [code]);
  }

  async getClass(code: string): Promise<ClassRecord | undefined> {
    await this.ready;
    const { rows } = await this.pool.query<{ code: string; host_key_hash: string; created_at: string }>('SELECT code, host_key_hash, created_at FROM classes WHERE code = $1', [code]);
    const row = rows[0];
    return row ? { code: row.code, hostKeyHash: row.host_key_hash, createdAt: row.created_at } : undefined;
  }

  async addStudent(st: StudentRecord): Promise<void> {
    await this.ready;
    await this.pool.query('INSERT INTO students (code, player_id, nickname, token_hash) VALUES ($1, $2, $3, $4)', [st.code, st.playerId, st.nickname, st.tokenHash]);
  }

  async studentByToken(tokenHash: string): Promise<StudentRecord | undefined> {
    await this.ready;
    const { rows } = await this.pool.query<{ code: string; player_id: string; nickname: string; token_hash: string }>('SELECT code, player_id, nickname, token_hash FROM students WHERE token_hash = $1', [tokenHash]);
    const row = rows[0];
    return row ? { code: row.code, playerId: row.player_id, nickname: row.nickname, tokenHash: row.token_hash } : undefined;
  }

  async openRound(m: RoundMeta): Promise<void> {
    await this.ready;
    await this.pool.query(
      'INSERT INTO rounds (code, round, pair_id, scenario, mode, seed, settings, players, player_ids, judge, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      [m.code, m.round, m.pairId, m.scenario, m.mode, m.seed, JSON.stringify(m.settings), JSON.stringify(m.players), JSON.stringify(m.playerIds), JSON.stringify(m.judge), m.startedAt],
    );
    this.next.set(keyOf(m), 0);
  }

  append(key: RoundKey, events: readonly TraceEvent[]): Promise<void> {
    const k = keyOf(key);
    const run = (this.chain.get(k) ?? Promise.resolve()).then(async () => {
      let idx = this.next.get(k);
      if (idx === undefined) {
        const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM events WHERE code = $1 AND round = $2 AND pair_id = $3', [key.code, key.round, key.pairId]);
        idx = Number(rows[0]?.n ?? 0);
      }
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < events.length; i++) {
          await client.query('INSERT INTO events (code, round, pair_id, idx, event) VALUES ($1, $2, $3, $4, $5)', [key.code, key.round, key.pairId, idx + i, JSON.stringify(events[i])]);
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      } finally {
        client.release();
      }
      this.next.set(k, idx + events.length);
    });
    this.chain.set(k, run.catch(() => undefined));
    return run;
  }

  async closeRound(key: RoundKey, result: RoundResult): Promise<void> {
    const k = keyOf(key);
    const last = this.chain.get(k);
    await (last ?? Promise.resolve());
    await this.pool.query('UPDATE rounds SET result = $1 WHERE code = $2 AND round = $3 AND pair_id = $4', [JSON.stringify(result), key.code, key.round, key.pairId]);
    // A closed round's counter and queue are forgotten (a late append counts its events again).
    if (this.chain.get(k) === last) {
      this.chain.delete(k);
      this.next.delete(k);
    }
  }

  async listRounds(code: string) {
    await this.ready;
    const { rows } = await this.pool.query<RoundRow>(
      'SELECT r.*, (SELECT COUNT(*) FROM events e WHERE e.code = r.code AND e.round = r.round AND e.pair_id = r.pair_id) AS events FROM rounds r WHERE r.code = $1 ORDER BY r.round, r.pair_id',
      [code],
    );
    return rows.map(rowToMeta);
  }

  async trace(key: RoundKey): Promise<Trace | undefined> {
    await this.ready;
    const { rows } = await this.pool.query<RoundRow>('SELECT r.*, 0 AS events FROM rounds r WHERE code = $1 AND round = $2 AND pair_id = $3', [key.code, key.round, key.pairId]);
    const row = rows[0];
    if (!row) return undefined;
    const ev = await this.pool.query<{ event: string }>('SELECT event FROM events WHERE code = $1 AND round = $2 AND pair_id = $3 ORDER BY idx', [key.code, key.round, key.pairId]);
    return traceOf(rowToMeta(row), ev.rows.map((r) => JSON.parse(r.event) as TraceEvent));
  }

  // Concept checks (issue 17): each statement commits by itself before its promise resolves.

  async openCheck(c: CheckOpenRecord): Promise<void> {
    await this.ready;
    await this.pool.query('INSERT INTO checks (code, stage, questions, opened_at) VALUES ($1, $2, $3, $4)', [c.code, c.stage, JSON.stringify(c.questions), c.openedAt]);
  }

  async closeCheck(code: string, stage: CheckStage, closedAt: string): Promise<void> {
    await this.ready;
    await this.pool.query('UPDATE checks SET closed_at = $1 WHERE code = $2 AND stage = $3', [closedAt, code, stage]);
  }

  async addCheckAnswer(a: CheckAnswerRecord): Promise<void> {
    await this.ready;
    await this.pool.query(
      'INSERT INTO check_answers (code, stage, player_id, question, answer, answered_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [a.code, a.stage, a.playerId, a.question, a.answer, a.answeredAt],
    );
  }

  async setCheckBank(code: string, bank: Bank, loadedAt: string): Promise<void> {
    await this.ready;
    await this.pool.query(SET_CHECK_BANK_SQL, [code, JSON.stringify(bank), loadedAt]);
  }

  async checkBank(code: string): Promise<StoredBank | undefined> {
    await this.ready;
    const { rows } = await this.pool.query<{ bank: string; loaded_at: string }>(GET_CHECK_BANK_SQL, [code]);
    const row = rows[0];
    return row ? { bank: JSON.parse(row.bank) as unknown, loadedAt: row.loaded_at } : undefined;
  }

  async checks(code: string): Promise<StoredChecks> {
    await this.ready;
    const [c, a] = await Promise.all([this.pool.query<CheckRow>(LIST_CHECKS_SQL, [code]), this.pool.query<CheckAnswerRow>(LIST_CHECK_ANSWERS_SQL, [code])]);
    return rowsToChecks(c.rows, a.rows);
  }

  async close(): Promise<void> {
    await Promise.all(this.chain.values());
    await this.pool.end();
  }
}
