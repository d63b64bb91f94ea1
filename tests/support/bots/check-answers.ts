import type { CheckAnswered, CheckClosed, CheckOpened, CheckResults, CheckStage, CheckStatus, ErrorEvent } from '../../../shared/index';
import type { Inbox } from './inbox';
import type { RemoteBot } from './remote-bot';
import { RefusedError, type RemoteHost } from './remote-host';

/**
 * Concept checks (issue 17) over the real network: a host configures, opens and closes a check, a
 * bot student answers its questions with answers the test gives. Each call resolves with the
 * server's reply or rejects with a `RefusedError` carrying the error's code.
 */

/** Request ids of check answers: far above a RemoteBot's own (which count from 1). */
let nextRid = 1_000_000;

/** Send `intent` and wait for `replyType` (matching `pred`) or an error about this intent (and this rid, when given). */
function request<T>(inbox: Inbox, send: () => void, intent: string, replyType: string, pred: (m: T) => boolean, rid?: number, timeoutMs = 10_000): Promise<T> {
  const since = inbox.mark();
  send();
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const settle = (fn: () => void) => {
      if (!done) fn();
      done = true;
    };
    inbox.waitFor<T>(replyType, pred, { since, timeoutMs }).then((m) => settle(() => resolve(m)), (e: unknown) => settle(() => reject(e)));
    inbox.waitFor<ErrorEvent>('error', (e) => e.intent === intent && (rid === undefined || e.rid === rid), { since, timeoutMs }).then((e) => settle(() => reject(new RefusedError(e))), () => undefined);
  });
}

export const checkHost = {
  configure(host: RemoteHost, payload: unknown): Promise<CheckStatus> {
    return request<CheckStatus>(host.inbox, () => host.room.send('configureCheck', payload), 'configureCheck', 'checkStatus', () => true);
  },
  open(host: RemoteHost, stage: CheckStage): Promise<CheckStatus> {
    return request<CheckStatus>(host.inbox, () => host.room.send('openCheck', { stage }), 'openCheck', 'checkStatus', (s) => s.open === stage);
  },
  close(host: RemoteHost, stage: CheckStage): Promise<CheckResults> {
    return request<CheckResults>(host.inbox, () => host.room.send('closeCheck', {}), 'closeCheck', 'checkResults', (r) => r.stage === stage);
  },
};

/** The check this student was last sent as opened. */
export function openedFor(bot: RemoteBot): CheckOpened | undefined {
  return bot.inbox.all<CheckOpened>('checkOpened').at(-1);
}

/** A student's answer to one question, acknowledged (`checkAnswered`) or refused. */
export function answerCheck(bot: RemoteBot, question: string, answer: unknown): Promise<CheckAnswered> {
  const rid = nextRid++;
  return request<CheckAnswered>(bot.inbox, () => bot.room.send('answerCheck', { question, answer, rid }), 'answerCheck', 'checkAnswered', (m) => m.rid === rid, rid);
}

/** A raw payload for `answerCheck` (malformed on purpose); resolves with the error's code, or 'answered'. */
export async function answerRaw(bot: RemoteBot, payload: Record<string, unknown>): Promise<string> {
  const rid = nextRid++;
  try {
    await request<CheckAnswered>(bot.inbox, () => bot.room.send('answerCheck', { ...payload, rid }), 'answerCheck', 'checkAnswered', (m) => m.rid === rid, rid);
    return 'answered';
  } catch (e) {
    if (e instanceof RefusedError) return e.event.code;
    throw e;
  }
}

/** Answer every question of `answers` (question id → answer), one after the other, in the order the student was shown them. */
export async function answerAll(bot: RemoteBot, answers: Readonly<Record<string, number>>): Promise<void> {
  const shown = openedFor(bot)?.questions.map((q) => q.id) ?? [];
  for (const id of shown) if (answers[id] !== undefined) await answerCheck(bot, id, answers[id]);
}

/** The student's result of `stage`, once the check has closed. */
export function closedFor(bot: RemoteBot, stage: CheckStage, timeoutMs = 10_000): Promise<CheckClosed> {
  return bot.inbox.waitFor<CheckClosed>('checkClosed', (m) => m.stage === stage, { since: 0, timeoutMs });
}
