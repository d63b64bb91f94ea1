import type { Side, Trace, TraceEvent } from '../../shared/index';
import type { RoundMeta, RoundResult } from './recorder';

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
`;

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
