import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenario, SCENARIO_LIMITS, parseScenarioFile, type Scenario } from '../shared/index';

/** Files of `SCENARIOS_DIR` read at most (the rest are logged and skipped). */
export const MAX_DIR_SCENARIOS = 100;

/**
 * `SCENARIOS_DIR` (issue 16): every `*.json` file in the folder is read at startup, checked like a
 * scenario a host sends (the file format, then `checkScenario`), and listed for every class. A bad
 * file is logged with the reason and skipped; nothing here throws, so a bad file never stops the
 * server.
 */
export function loadScenariosDir(dir: string, log: (line: string) => void): Scenario[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  } catch (e) {
    log(`SCENARIOS_DIR ${dir}: cannot be read (${e instanceof Error ? e.message : String(e)}); no school scenarios are listed`);
    return [];
  }
  const out: Scenario[] = [];
  for (const [i, name] of names.entries()) {
    if (i >= MAX_DIR_SCENARIOS) {
      log(`SCENARIOS_DIR ${dir}: more than ${MAX_DIR_SCENARIOS} files; ${name} and the rest are skipped`);
      break;
    }
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (!st.isFile()) continue;
      if (st.size > SCENARIO_LIMITS.fileChars * 4) {
        log(`scenario ${name} skipped: the file is too large (at most ${Math.round(SCENARIO_LIMITS.fileChars / 1024)} KB)`);
        continue;
      }
      const read = parseScenarioFile(readFileSync(path, 'utf8'));
      if (!read.ok) {
        log(`scenario ${name} skipped: ${read.errors.slice(0, 3).map((e) => e.en).join('; ')}`);
        continue;
      }
      const s = read.scenario;
      if (out.some((o) => o.id === s.id)) {
        log(`scenario ${name} skipped: the id ${s.id} is already used by another file`);
        continue;
      }
      const check = checkScenario(s);
      if (!check.ok) {
        log(`scenario ${name} skipped: it cannot be played to its end: ${check.reasons.slice(0, 2).map((r) => r.en).join(' ')}`);
        continue;
      }
      out.push(s);
      log(`scenario ${name} listed for every class: ${s.id} ("${s.title.en}")`);
    } catch (e) {
      log(`scenario ${name} skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}
