import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkTrace, DEFAULT_ROUND_CONFIG, findScenario, firedRows, lessonHappened, lessonOf, lessonOutcome, roundTrace, SCENARIOS, simulate, simulatePeople, textbookNumbers,
  type RoundSettings, type Trace,
} from '../../../shared/index';
import { fixture, lostFinalAckDelivered, lostFinalAckTimeWaitRanOut, simultaneousOpenNotCrossed } from './mutations';

const GOLDEN = readdirSync(new URL('../../fixtures/traces/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
const scenarioOf = (t: Trace) => String(t.meta?.scenario);

describe('lessonOf on the golden traces', () => {
  it('finds the lesson of every golden trace’s scenario in its table rows', () => {
    expect(GOLDEN).toHaveLength(SCENARIOS.length);
    for (const name of GOLDEN) {
      const t = fixture(name);
      expect(findScenario(scenarioOf(t))?.lesson?.length, name).toBeGreaterThan(0);
      expect(lessonOutcome(scenarioOf(t), t), name).toEqual({ happened: true, missing: [], source: 'trace' });
    }
  });

  it('sees the re-ACK in TIME_WAIT of the lost-final-ACK trace and the crossing SYNs of the simultaneous open', () => {
    const lost = firedRows(checkTrace(fixture('07-lost-final-ack.json')));
    expect(lost.client.has('time-wait-rcv-fin')).toBe(true);
    expect(lost.server.has('retransmission-timeout')).toBe(true);
    const open = firedRows(checkTrace(fixture('10-simultaneous-open.json')));
    expect(open.client.has('syn-sent-rcv-syn') && open.server.has('syn-sent-rcv-syn')).toBe(true);
    expect(lessonOf('lost-final-ack', fixture('07-lost-final-ack.json'))).toBe(true);
    expect(lessonOf(findScenario('simultaneous-open'), fixture('10-simultaneous-open.json'))).toBe(true);
  });

  it('sees the abort: the client reset the connection and the server took the RST, with no FIN on either side', () => {
    const rows = firedRows(checkTrace(fixture('11-abort.json')));
    expect(rows.client.has('abort-reset') && rows.server.has('synchronized-rcv-rst')).toBe(true);
    expect(rows.client.has('established-close') || rows.server.has('established-rcv-fin')).toBe(false);
    expect(lessonOf('abort', fixture('11-abort.json'))).toBe(true);
  });
});

describe('lessonOf on rounds whose lesson did not happen', () => {
  it('says so for a lost-final-ACK round whose final ACK arrived: no repeated FIN, no re-ACK', () => {
    const t = lostFinalAckDelivered();
    const report = checkTrace(t);
    expect(report.valid).toBe(true);
    expect(report.summary.correct).toBe(report.summary.judged);
    expect(lessonOutcome('lost-final-ack', t)).toEqual({
      happened: false, source: 'trace',
      missing: [{ side: 'server', row: 'retransmission-timeout' }, { side: 'client', row: 'time-wait-rcv-fin' }],
    });
  });

  it('says so when TIME_WAIT ran out before the repeated FIN, which the client then answered with RST', () => {
    const t = lostFinalAckTimeWaitRanOut();
    const report = checkTrace(t);
    expect(report.valid).toBe(true);
    expect(report.summary.correct).toBe(report.summary.judged);
    expect(report.events.at(-1)?.named).toEqual({ client: 'CLOSED', server: 'CLOSED' });
    expect(lessonOutcome('lost-final-ack', t).missing).toEqual([{ side: 'client', row: 'time-wait-rcv-fin' }, { side: 'server', row: 'last-ack-rcv-ack-of-fin' }]);
    expect(lessonOf('lost-final-ack', t)).toBe(false);
  });

  it('says so for a simultaneous open whose SYNs never crossed', () => {
    const t = simultaneousOpenNotCrossed();
    expect(checkTrace(t).summary).toEqual({ judged: 4, correct: 4 });
    expect(lessonOutcome('simultaneous-open', t).missing).toEqual([{ side: 'client', row: 'syn-sent-rcv-syn' }]);
  });

  it('judges a trace by the scenario it is given, not by its meta', () => {
    expect(lessonOf('simultaneous-open', fixture('01-handshake.json'))).toBe(false);
    expect(lessonOf('handshake', fixture('10-simultaneous-open.json'))).toBe(false);
    expect(lessonOf('handshake', fixture('05-lifecycle.json'))).toBe(true);
  });

  it('finds no lesson in an invalid trace', () => {
    expect(lessonOutcome('handshake', { format: 'nope' })).toMatchObject({ happened: false, source: 'trace' });
  });
});

describe('lessonOf and the stored result', () => {
  it('lets the stored result win when there is one', () => {
    expect(lessonOutcome('lost-final-ack', lostFinalAckDelivered(), { stored: true })).toEqual({ happened: true, missing: [], source: 'stored' });
    expect(lessonOutcome('lost-final-ack', fixture('07-lost-final-ack.json'), { stored: false })).toEqual({ happened: false, missing: [], source: 'stored' });
  });

  it('reads the trace when the stored result has no lesson (a round stored before it existed)', () => {
    expect(lessonOf('lost-final-ack', lostFinalAckDelivered(), { stored: undefined })).toBe(false);
  });

  it('uses a report it is given instead of judging the trace again', () => {
    const t = fixture('07-lost-final-ack.json');
    const other = checkTrace(lostFinalAckDelivered());
    expect(lessonOf('lost-final-ack', t, { report: other })).toBe(false);
  });

  it('counts a scenario without a lesson, or an unknown one, as having had it', () => {
    expect(lessonOf('no-such-scenario', fixture('01-handshake.json'))).toBe(true);
    expect(lessonOf({ ...findScenario('handshake')!, lesson: undefined }, { format: 'nope' })).toBe(true);
  });
});

describe('lessonOf agrees with the live round', () => {
  const settings = (mode: 'practice' | 'assessment'): RoundSettings => {
    const c = { ...DEFAULT_ROUND_CONFIG, mode };
    return { mode, net: c.net, rtoMs: c.rtoMs, mslMs: c.mslMs, textbook: textbookNumbers(c) };
  };

  it('reads from every recorded human-paced round what the round itself decided', () => {
    let rounds = 0;
    for (const scenario of SCENARIOS) {
      for (const mode of ['practice', 'assessment'] as const) {
        for (let seed = 1; seed <= 3; seed++) {
          const r = simulatePeople(scenario, settings(mode), seed * 101, { humans: { client: true, server: seed !== 2 }, thinkMs: [3_000, 30_000], wrongRate: 0.3, seed });
          const trace = roundTrace(r.play.round);
          expect(lessonOf(scenario, trace), `${scenario.id} ${mode} ${seed}`).toBe(lessonHappened(r.play.round));
          expect(lessonOf(scenario, trace), `${scenario.id} ${mode} ${seed}`).toBe(true);
          rounds += 1;
        }
      }
    }
    expect(rounds).toBe(SCENARIOS.length * 6);
  });

  it('agrees on rounds cut short before their lesson', () => {
    let cut = 0;
    for (const scenario of SCENARIOS) {
      for (const maxEvents of [4, 9, 14]) {
        const { round } = simulate(scenario, settings('practice'), 7, { maxEvents });
        const trace = roundTrace(round);
        expect(lessonOf(scenario, trace), `${scenario.id} after ${maxEvents} events`).toBe(lessonHappened(round));
        if (!lessonHappened(round)) cut += 1;
      }
    }
    expect(cut).toBeGreaterThan(SCENARIOS.length);
  });
});
