import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SCENARIOS, toScenarioFile, type ScenarioFile } from '../../shared/index';
import { customScenarios, knownScenario, learnScenarios, rememberStored } from '../../client/src/scenarios';
import { blankScenario, tidy } from '../../client/src/ui/host/scenario-editor';
import { scenarioTitle } from '../../client/src/review/stats-view';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scenarios', 'server-first.json'), 'utf8')) as ScenarioFile;

describe('custom scenarios on the pages (issue 16)', () => {
  beforeEach(() => {
    customScenarios.value = [];
  });

  it('the host learns the class’s list; built-in ids always find the built-in scenario', () => {
    learnScenarios([file, { ...file, id: 'not-custom' } as ScenarioFile]);
    expect(customScenarios.value.map((s) => s.id)).toEqual(['custom-server-first']);
    expect(knownScenario('custom-server-first')?.title).toEqual(file.title);
    expect(knownScenario('handshake')).toBe(SCENARIOS[0]);
    learnScenarios([]);
    expect(knownScenario('custom-server-first')).toBeUndefined();
  });

  it('the review names a stored custom round by the title kept with it, and a round without a readable one by its id', () => {
    expect(scenarioTitle('custom-server-first', 'zh-CN')).toBe('custom-server-first');
    rememberStored([
      { scenario: 'custom-server-first', settings: { rtoMs: 8000, scenarioFile: file } },
      { scenario: 'custom-other', settings: { scenarioFile: { ...file, id: 'custom-else' } } },
      { scenario: 'custom-broken', settings: { scenarioFile: 'nonsense' } },
      { scenario: 'lifecycle' },
    ]);
    expect(scenarioTitle('custom-server-first', 'zh-CN')).toBe(file.title['zh-CN']);
    expect(scenarioTitle('custom-other', 'en')).toBe('custom-other');
    expect(scenarioTitle('custom-broken', 'en')).toBe('custom-broken');
    expect(scenarioTitle('lifecycle', 'en')).toBe('Full lifecycle');
  });

  it('the editor drops the optional parts left empty, so what it sends and downloads is a valid file', () => {
    const d: ScenarioFile = { ...blankScenario(), achieved: { en: ' ', 'zh-CN': '' }, faults: { plan: [], inject: [] }, lesson: [] };
    expect(tidy(d)).toEqual(blankScenario());
    const lossy = toScenarioFile({ ...SCENARIOS.find((s) => s.id === 'lossy-lifecycle')!, id: 'custom-lossy' });
    expect(tidy(lossy)).toEqual(lossy);
  });
});
