import { signal } from '@preact/signals';
import { findScenario, validateScenarioFile, type Scenario, type ScenarioFile } from '../../shared/index';

/**
 * The custom scenarios the class lists (issue 16): the school's (`SCENARIOS_DIR`) and the class's
 * own, as the server last sent them to this host seat (`scenarios`). Every lookup of a scenario by
 * id on the host's pages goes through `knownScenario`, which finds the built-in ones first.
 */
export const customScenarios = signal<readonly Scenario[]>([]);

/** The server's list: each file read as a scenario (one that does not read is left out). */
export function learnScenarios(list: readonly ScenarioFile[]): void {
  const out: Scenario[] = [];
  for (const f of list) {
    const r = validateScenarioFile(f);
    if (r.ok) out.push(r.scenario);
  }
  customScenarios.value = out;
}

/** A built-in scenario, or a custom one this page has been told of. */
export function knownScenario(id: string): Scenario | undefined {
  return findScenario(id) ?? customScenarios.value.find((s) => s.id === id);
}

/**
 * The scenarios of stored rounds (the review page): a custom round keeps its scenario's file in its
 * settings (`scenarioFile`), so its title is known after the class is gone. Merged into the list.
 */
export function rememberStored(rounds: readonly { scenario: string; settings?: Record<string, unknown> }[]): void {
  const known = new Map(customScenarios.value.map((s) => [s.id, s]));
  for (const r of rounds) {
    if (findScenario(r.scenario) || known.has(r.scenario)) continue;
    const read = validateScenarioFile(r.settings?.scenarioFile);
    if (read.ok && read.scenario.id === r.scenario) known.set(read.scenario.id, read.scenario);
  }
  if (known.size !== customScenarios.value.length) customScenarios.value = [...known.values()];
}
