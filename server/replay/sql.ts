import type { CheckStage, Question, Side, Trace, TraceEvent } from '../../shared/index';
import type { RoundMeta, RoundResult, StoredChecks } from './recorder';

/** The tables, in SQL both SQLite and PostgreSQL accept. */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS classes (
  code TEXT PRIMARY KEY,
  host_key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS students (
  code TEXT NOT NULL REFERENCES classes(code),
  player_id TEXT NOT NULL,
  nickname TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  PRIMARY KEY (code, player_id)
);
CREATE TABLE IF NOT EXISTS rounds (
  code TEXT NOT NULL REFERENCES classes(code),
  round INTEGER NOT NULL,
  pair_id TEXT NOT NULL,
  scenario TEXT NOT NULL,
  mode TEXT NOT NULL,
  seed BIGINT NOT NULL,
  settings TEXT NOT NULL,
  players TEXT NOT NULL,
  player_ids TEXT NOT NULL,
  judge TEXT NOT NULL,
  started_at TEXT NOT NULL,
  result TEXT,
  PRIMARY KEY (code, round, pair_id)
);
CREATE TABLE IF NOT EXISTS events (
  code TEXT NOT NULL,
  round INTEGER NOT NULL,
  pair_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (code, round, pair_id, idx),
  FOREIGN KEY (code, round, pair_id) REFERENCES rounds(code, round, pair_id)
);
CREATE TABLE IF NOT EXISTS checks (
  code TEXT NOT NULL REFERENCES classes(code),
  stage TEXT NOT NULL,
  questions TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  PRIMARY KEY (code, stage)
);
CREATE TABLE IF NOT EXISTS check_answers (
  code TEXT NOT NULL,
  stage TEXT NOT NULL,
  player_id TEXT NOT NULL,
  question TEXT NOT NULL,
  answer BIGINT NOT NULL,
  answered_at TEXT NOT NULL,
  PRIMARY KEY (code, stage, player_id, question),
  FOREIGN KEY (code, stage) REFERENCES checks(code, stage)
);
CREATE TABLE IF NOT EXISTS check_banks (
  code TEXT PRIMARY KEY,
  bank TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
`;

export interface CheckRow {
  stage: string;
  questions: string;
  opened_at: string;
  closed_at: string | null;
}

export interface CheckAnswerRow {
  stage: string;
  player_id: string;
  nickname: string | null;
  question: string;
  answer: number | string;
  answered_at: string;
}

export const LIST_CHECKS_SQL = 'SELECT stage, questions, opened_at, closed_at FROM checks WHERE code = $1 ORDER BY opened_at, stage';
/** Every answer of a class's checks, with the student's nickname. */
export const LIST_CHECK_ANSWERS_SQL =
  'SELECT a.stage, a.player_id, s.nickname, a.question, a.answer, a.answered_at FROM check_answers a LEFT JOIN students s ON s.code = a.code AND s.player_id = a.player_id WHERE a.code = $1 ORDER BY a.answered_at, a.player_id, a.question';

export function rowsToChecks(checks: CheckRow[], answers: CheckAnswerRow[]): StoredChecks {
  return {
    checks: checks.map((c) => ({ stage: c.stage as CheckStage, questions: JSON.parse(c.questions) as Question[], openedAt: c.opened_at, closedAt: c.closed_at })),
    answers: answers.map((a) => ({ stage: a.stage as CheckStage, playerId: a.player_id, nickname: a.nickname ?? '', question: a.question, answer: Number(a.answer), answeredAt: a.answered_at })),
  };
}

export interface RoundRow {
  code: string;
  round: number | string;
  pair_id: string;
  scenario: string;
  mode: string;
  seed: number | string;
  settings: string;
  players: string;
  player_ids: string;
  judge: string;
  started_at: string;
  result: string | null;
  events: number | string;
}

export function rowToMeta(row: RoundRow): RoundMeta & { result?: RoundResult; events: number } {
  return {
    code: row.code,
    round: Number(row.round),
    pairId: row.pair_id,
    scenario: row.scenario,
    mode: row.mode as RoundMeta['mode'],
    seed: Number(row.seed),
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    players: JSON.parse(row.players) as Record<Side, string>,
    playerIds: JSON.parse(row.player_ids) as Record<Side, string | null>,
    judge: JSON.parse(row.judge) as Side[],
    startedAt: row.started_at,
    ...(row.result ? { result: JSON.parse(row.result) as RoundResult } : {}),
    events: Number(row.events),
  };
}

/** A class's own concept-check bank: one row per class, replaced by the next file loaded. */
export const SET_CHECK_BANK_SQL = 'INSERT INTO check_banks (code, bank, loaded_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET bank = excluded.bank, loaded_at = excluded.loaded_at';
export const GET_CHECK_BANK_SQL = 'SELECT bank, loaded_at FROM check_banks WHERE code = $1';
/** The bank of a class that was just forgotten (deleteClass) goes with it, so a code used again starts from the first bank. */
export const DELETE_ORPHAN_BANK_SQL = 'DELETE FROM check_banks WHERE code = $1 AND NOT EXISTS (SELECT 1 FROM classes WHERE code = $1)';
