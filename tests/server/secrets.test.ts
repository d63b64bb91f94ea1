/**
 * Issue 3, item 8: a student never receives an answer before it is due. Bot students play whole
 * rounds of every scenario (practice, and assessment for some) while every message and every
 * state patch they receive is recorded; each bot makes one deliberate mistake so that refused
 * segments and explained verdicts exist. Then, for each student:
 *  (a) only message types of EVENTS arrive, each in its schema's shape;
 *  (b) an `expected` key appears only inside a verdictGiven answering the student's own intent
 *      (and never in assessment mode, nor in the synced state);
 *  (c) the synced state holds no seq/ack number of the round, no TCP state, no unknown key;
 *  (d) a `sent` event of the partner's side is a segment that really went onto the network
 *      (never a refused attempt, never an injected stale duplicate), and every delivered/lost
 *      event reports a delivery/loss that happened, at the time it happened;
 *  (e) no message holds a segment the student owes and has not sent yet: the student's own
 *      `sent` events are for segments it sent (or the engine sent for it: a prelude, or the
 *      assessment carry-on of its own wrong send).
 */
import { describe } from 'vitest';
import { SCENARIO_IDS, type Mode } from '../../shared/index';
import { serverTest } from './helpers';
import { playAndCheckSecrets, type SecretRun } from './secrets-check';

const it = serverTest();

describe('what a student receives (issue 3 item 8)', () => {
  const runs: SecretRun[] = [
    ...SCENARIO_IDS.map((scenario) => ({ scenario, mode: 'practice' as Mode, how: 'live' })),
    { scenario: 'lifecycle', mode: 'assessment', how: 'live' },
    { scenario: 'lossy-lifecycle', mode: 'assessment', how: 'live' },
    { scenario: 'stale-syn', mode: 'assessment', how: 'live' },
    { scenario: 'simultaneous-close', mode: 'assessment', how: 'live' },
    // The server-side student drops and comes back: its history must be as clean as the live view.
    { scenario: 'lifecycle', mode: 'practice', drop: 'server', how: 'after a reconnection' },
    { scenario: 'lifecycle', mode: 'assessment', drop: 'server', how: 'after a reconnection' },
  ];

  it.concurrent.for(runs)('never reveals an answer before it is due: $scenario in $mode mode $how', async (run, { app }) => {
    await playAndCheckSecrets(app, run);
  });
});
