import { MemoryRecorder, type Recorder } from './recorder';
import { PostgresRecorder } from './postgres';
import { SqliteRecorder } from './sqlite';

/**
 * The store the process uses: PostgreSQL when `DATABASE_URL` names one, else the embedded SQLite
 * file (`DATA_DIR`, default ./data, file synack.db), or memory when `DATA_DIR` is ":memory:".
 */
export function openRecorder(env: NodeJS.ProcessEnv = process.env): Recorder {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return new PostgresRecorder(url);
  const dir = env.DATA_DIR ?? 'data';
  if (dir === ':memory:') return new MemoryRecorder();
  return new SqliteRecorder(`${dir.replace(/\/+$/, '')}/synack.db`);
}
