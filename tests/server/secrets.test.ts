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
import { describe, expect } from 'vitest';
import { correctAnswer, FIRST_BANK, validateBank, type CheckStatus, type Mode, SCENARIO_IDS } from '../../shared/index';
import { answerCheck, answerRaw, checkHost, closedFor, openedFor } from '../support/bots/check-answers';
import type { RemoteBot } from '../support/bots/remote-bot';
import { closeClass, openClass, playRound, serverTest, until } from './helpers';
import { checkConceptSecrets, playAndCheckSecrets, type SecretRun } from './secrets-check';

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

describe('what a student receives of a concept check (issue 17)', () => {
  it('never an answer, an explanation or a score before it answered and the check closed, reconnecting or not', async ({ app }) => {
    const r = validateBank(FIRST_BANK);
    if (!r.ok) throw new Error('bank');
    const c = await openClass(app, 3, { record: true });
    try {
      const [all, some, none] = c.bots as [RemoteBot, RemoteBot, RemoteBot];
      const status = await checkHost.configure(c.host, { random: 6 });
      const questions = status.questions.map((q) => r.bank.questions.find((b) => b.id === q.id)!);
      for (const stage of ['pre', 'post'] as const) {
        if (stage === 'post') await playRound(c.host, { scenario: 'handshake' });
        await checkHost.open(c.host, stage);
        await until(() => c.bots.every((b) => openedFor(b)?.stage === stage), 'the check reached every student');
        const ids = (openedFor(all) as NonNullable<ReturnType<typeof openedFor>>).questions.map((q) => q.id);
        for (const id of ids) await answerCheck(all, id, correctAnswer(questions.find((q) => q.id === id)!));
        // Half answered, a duplicate refused, then a dropped connection: back, it gets the check again with what it answered.
        const mine = (openedFor(some) as NonNullable<ReturnType<typeof openedFor>>).questions.slice(0, 3).map((q) => q.id);
        for (const id of mine) await answerCheck(some, id, 0);
        expect(await answerRaw(some, { question: mine[0], answer: 1 })).toBe('check-already-answered');
        await some.dropConnection();
        await some.reconnect();
        await until(() => openedFor(some)?.answered.length === 3, 'the reconnected student got the check again');
        expect([...(openedFor(some)?.answered ?? [])].sort()).toEqual([...mine].sort());
        await c.host.inbox.waitFor<CheckStatus>('checkStatus', (s) => s.open === stage && s.answers === ids.length + 3, { since: 0 });
        await checkHost.close(c.host, stage);
        for (const b of c.bots) await closedFor(b, stage);
      }
      expect(checkConceptSecrets(all, questions)).toEqual({ pre: 6, post: 6 });
      expect(checkConceptSecrets(some, questions)).toEqual({ pre: 3, post: 3 });
      expect(checkConceptSecrets(none, questions)).toEqual({ pre: 0, post: 0 });
    } finally {
      await closeClass(c);
    }
  });
});
