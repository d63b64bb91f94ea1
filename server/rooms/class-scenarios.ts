import {
  findScenario, scenarioCheckRuns, timingIssues, toScenarioFile, validateScenarioFile,
  type RoundConfig, type Scenario, type ScenarioCheck, type ScenarioFile,
} from '../../shared/index';
import { after, ASKER, HOSTS, refuse, send, type Effect } from './effects';
import { inSlices } from './slices';

/** Scenarios of its own a class may hold (issue 16). */
export const MAX_OWN_SCENARIOS = 20;

/**
 * The scenarios one class can play (issue 16): the built-in ones, the school's (`SCENARIOS_DIR`,
 * the same for every class) and the class's own, which a host sends and which are listed only once
 * the human-paced simulation has played them to the end (`checkScenario`, in slices, bounded).
 * Colyseus-free, beside the class model (lesson.ts), which asks it for a scenario by id.
 */
export class ClassScenarios {
  /** The class's own scenarios, by id, in the order added. */
  private readonly own = new Map<string, Scenario>();
  /** Time spent checking scenarios (ms) and when (the class's clock), for the class's budget. */
  private checking: { at: number; ms: number }[] = [];
  /** A scenario check of this class is running (one at a time). */
  private checkingNow = false;

  constructor(
    /** The school's scenarios, listed for every class. */
    private readonly library: readonly Scenario[],
    /** Most time one check may take (ms); a class may spend three of those in any minute. */
    private readonly checkMs: number,
    private readonly now: () => number,
    /** The class's configuration now: replacing the scenario it has chosen must keep its timers valid. */
    private readonly config: () => RoundConfig,
  ) {}

  /** A scenario this class can play: built in, the school's, or its own. */
  find(id: string): Scenario | undefined {
    return findScenario(id) ?? this.own.get(id) ?? this.library.find((s) => s.id === id);
  }

  /** A custom scenario's title (the page knows a built-in one by its id): null for a built-in or unknown id. */
  customTitle(id: string): Scenario['title'] | null {
    return findScenario(id) ? null : (this.find(id)?.title ?? null);
  }

  /** The custom scenarios the class may play, as files: the school's, then its own. */
  files(): ScenarioFile[] {
    const own = [...this.own.values()];
    return [...this.library.filter((s) => !this.own.has(s.id)), ...own].map(toScenarioFile);
  }

  /**
   * A host sends a scenario: it is listed only after it reads as a valid file and the check
   * finished every run (in slices of the event loop, bounded); otherwise the host is told why and
   * nothing changes. The same id again replaces the class's own scenario (a round already running
   * keeps its copy).
   */
  add(file: unknown): Effect[] {
    const read = validateScenarioFile(file);
    if (!read.ok) {
      return [refuse('bad-scenario', 'addScenario', read.errors.slice(0, 5).map((e) => ({ path: e.path, message: e.en, text: { en: e.en, 'zh-CN': e['zh-CN'] } })))];
    }
    const scenario = read.scenario;
    if (!this.own.has(scenario.id) && this.own.size >= MAX_OWN_SCENARIOS) return [refuse('too-many-scenarios', 'addScenario')];
    const now = this.now();
    this.checking = this.checking.filter((c) => c.at > now - 60_000);
    const left = 3 * this.checkMs - this.checking.reduce((sum, c) => sum + c.ms, 0);
    if (left <= 0 || this.checkingNow) return [refuse('scenario-check-busy', 'addScenario')];
    this.checkingNow = true;
    const budget = Math.min(this.checkMs, left);
    return [after(async () => {
      try {
        const { value: check, spentMs } = await inSlices((spent) => scenarioCheckRuns(scenario, 50, { stop: () => spent() > budget }));
        this.checking.push({ at: now, ms: spentMs });
        return this.checked(scenario, check);
      } finally {
        this.checkingNow = false;
      }
    }, 'scenario check failed')];
  }

  /** The end of a host's scenario check: listed, or refused with the reasons. */
  private checked(scenario: Scenario, check: ScenarioCheck): Effect[] {
    if (!check.ok) {
      const issues = check.reasons.slice(0, 3).map((r) => {
        const runs = { en: ` (${r.runs} of ${check.runs} runs)`, 'zh-CN': `（${check.runs} 次中有 ${r.runs} 次）` };
        const text = r.runs > 0 ? { en: r.en + runs.en, 'zh-CN': r['zh-CN'] + runs['zh-CN'] } : { en: r.en, 'zh-CN': r['zh-CN'] };
        return { path: 'scenario', message: text.en, text };
      });
      return [refuse('scenario-cannot-finish', 'addScenario', issues)];
    }
    // Replacing the scenario the class has chosen: its timers must still suit the new one.
    const config = this.config();
    const timing = config.scenario === scenario.id ? timingIssues(config, scenario) : [];
    if (timing.length > 0) return [refuse('bad-timers', 'addScenario', timing.map((i) => ({ path: i.field, message: i.message.en, text: i.message })))];
    this.own.delete(scenario.id);
    this.own.set(scenario.id, scenario);
    return [send(ASKER, 'scenarioAdded', { id: scenario.id, runs: check.runs }), send(HOSTS, 'scenarios', { list: this.files() })];
  }
}
