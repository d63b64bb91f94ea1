import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUND_CONFIG, findScenario, largestDelay, RoundConfigSchema, SCENARIOS, timingIssues } from '../../../shared/index';

const net = (delayMax: number, reorder = 0) => ({ delayMax, reorder });

describe('timers under which the lessons can happen', () => {
  it('takes a reordered segment as held a whole delay range longer', () => {
    expect(largestDelay(net(1500))).toBe(1500);
    expect(largestDelay(net(1500, 0.1))).toBe(3001);
  });

  it('wants an RTO longer than a round trip, and 2×MSL longer than the RTO plus one', () => {
    expect(timingIssues({ rtoMs: 3001, mslMs: 3001, net: net(1500) })).toEqual([]);
    expect(timingIssues({ rtoMs: 3000, mslMs: 9000, net: net(1500) }).map((i) => [i.field, i.minimum])).toEqual([['rtoMs', 3001]]);
    expect(timingIssues({ rtoMs: 8000, mslMs: 5500, net: net(1500) }).map((i) => [i.field, i.minimum])).toEqual([['mslMs', 5501]]);
  });

  it('wants four one-way delays in the RTO of the stale SYN, where the client\'s SYN waits while the old one is answered', () => {
    const stale = findScenario('stale-syn');
    expect(timingIssues({ rtoMs: 5000, mslMs: 9000, net: net(1500) }, stale).map((i) => i.minimum)).toEqual([6001]);
    expect(timingIssues({ rtoMs: 5000, mslMs: 9000, net: net(1500) }, findScenario('handshake'))).toEqual([]);
  });

  it('says why in both languages, with the smallest value that would do', () => {
    const [issue] = timingIssues({ rtoMs: 2000, mslMs: 9000, net: net(1500) });
    expect(issue?.message.en).toContain('3 s');
    expect(issue?.message['zh-CN']).toMatch(/重传超时.*3 秒/);
  });

  it('accepts the default settings for every scenario, and the class configuration refuses the others', () => {
    for (const s of SCENARIOS) {
      expect(timingIssues(DEFAULT_ROUND_CONFIG, s), s.id).toEqual([]);
      expect(RoundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, scenario: s.id }).success, s.id).toBe(true);
    }
    const bad = RoundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, rtoMs: 2000 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['rtoMs']);
  });
});
