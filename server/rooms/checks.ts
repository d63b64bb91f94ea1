import type { z } from 'zod';
import {
  answerInRange, chooseQuestions, correctAnswer, FIRST_BANK, isRight, orderFor, scoreCheck, studentQuestion, validateBank,
  type AnswerCheckSchema, type CheckStage, type ConfigureCheckSchema, type Question,
} from '../../shared/index';
import type { Recorder } from '../replay/recorder';
import { ASKER, HOSTS, refuse, send, toPlayer, type Effect, type Outgoing } from './effects';

/**
 * A class's concept checks (issue 17): the questions, one `pre` and one `post` run of them, and
 * every answer. Colyseus-free like lesson.ts, beside which it lives: each transition returns
 * effects for the outbox. The phase table (intents.ts) keeps checks to the lobby; this module
 * keeps pre before the first round and post after one.
 *
 * Secrets (GAME.md "What must never happen"): a student is sent only `studentQuestion`s while a
 * check is open, and a bare acknowledgement per answer; the right answers and explanations of the
 * questions it answered come in its own result once the check has closed. The host seats get
 * counts while it is open, the distribution after.
 *
 * Record, then tell: an answer is acknowledged only once the store has it; the first answer to a
 * question is final (a second is refused), so what is stored is what was acknowledged.
 */

/** The bank a class's check is drawn from unless the teacher loaded one: the first bank, validated once. */
const BANK: readonly Question[] = (() => {
  const r = validateBank(FIRST_BANK);
  if (!r.ok) throw new Error(`the first concept bank does not validate: ${r.errors[0]?.en ?? ''}`);
  return r.bank.questions;
})();

interface Run {
  stage: CheckStage;
  open: boolean;
  /** player id → question id → the answer (set before it is stored, so a second answer racing it is refused). */
  answers: Map<string, Map<string, number>>;
  /** Answers being stored: a close waits for them. */
  storing: Set<Promise<void>>;
}

type CheckStore = Pick<Recorder, 'openCheck' | 'closeCheck' | 'addCheckAnswer' | 'checkBank'>;

export class Checks {
  /** The check's questions, in the order the host chose; null until configured. */
  questions: Question[] | null = null;
  private seed = 0;
  private readonly runs = new Map<CheckStage, Run>();

  constructor(
    private readonly code: string,
    private readonly store: CheckStore,
    private readonly now: () => number,
    /** Students in the class now (they are sent an opened check). */
    private readonly present: () => string[],
  ) {}

  /**
   * The bank the class's check is drawn from: the teacher's own when one was loaded for the class
   * (`PUT /api/classes/:code/check-bank`, validated before it was stored, and again here), else the
   * first bank; null when the stored one does not validate.
   */
  private async bank(): Promise<readonly Question[] | null> {
    const stored = await this.store.checkBank(this.code);
    if (!stored) return BANK;
    const r = validateBank(stored.bank);
    return r.ok ? r.bank.questions : null;
  }

  /** The check open now, if any. */
  get open(): CheckStage | null {
    for (const r of this.runs.values()) if (r.open) return r.stage;
    return null;
  }

  /** The host picks the questions (or how many to draw, with the server's `seed`); refused once a check has opened: the same set before and after. */
  async configure(d: z.output<typeof ConfigureCheckSchema>, seed: number): Promise<Effect[]> {
    if (this.runs.size > 0) return [refuse('check-locked', 'configureCheck')];
    const bank = await this.bank();
    // A check may have opened while the bank was read.
    if (this.runs.size > 0) return [refuse('check-locked', 'configureCheck')];
    if (!bank) return [refuse('check-bank-unreadable', 'configureCheck')];
    let questions: Question[];
    if ('random' in d) {
      questions = chooseQuestions(bank, d.random, seed);
    } else {
      const unknown = d.questions.filter((id) => !bank.some((q) => q.id === id));
      if (unknown.length > 0) return [refuse('check-unknown-question', 'configureCheck', unknown.slice(0, 5).map((id) => ({ path: 'questions', message: `no question ${id} in the bank` })))];
      questions = d.questions.map((id) => bank.find((q) => q.id === id) as Question);
    }
    this.questions = questions;
    this.seed = seed;
    return [send(HOSTS, 'checkStatus', this.status())];
  }

  /** Open the check as `stage`: pre only before the first round (`round` 0), post only after one; each once. Stored before anyone is told. */
  async openCheck(stage: CheckStage, round: number): Promise<Effect[]> {
    const questions = this.questions;
    if (!questions) return [refuse('check-not-configured', 'openCheck')];
    if (this.open) return [refuse('check-open', 'openCheck')];
    if (this.runs.has(stage)) return [refuse('check-done', 'openCheck')];
    if ((stage === 'pre') !== (round === 0)) return [refuse('check-not-now', 'openCheck')];
    const run: Run = { stage, open: true, answers: new Map(), storing: new Set() };
    this.runs.set(stage, run);
    try {
      await this.store.openCheck({ code: this.code, stage, questions, openedAt: new Date(this.now()).toISOString() });
    } catch (e) {
      this.runs.delete(stage);
      throw e;
    }
    return [...this.present().flatMap((id) => this.forStudent(id)), send(HOSTS, 'checkStatus', this.status())];
  }

  /** Close the open check: answers still being stored count; each student who answered gets their own result, the host seats the distribution. */
  async close(): Promise<Effect[]> {
    const stage = this.open;
    const run = stage ? this.runs.get(stage) : undefined;
    if (!run || !this.questions) return [refuse('no-check', 'closeCheck')];
    run.open = false;
    await Promise.allSettled([...run.storing]);
    await this.store.closeCheck(this.code, run.stage, new Date(this.now()).toISOString());
    const students = new Set([...this.present(), ...run.answers.keys()]);
    return [
      ...[...students].map((id) => send(toPlayer(id), 'checkClosed', this.resultFor(run, id))),
      send(HOSTS, 'checkResults', this.results(run)),
      send(HOSTS, 'checkStatus', this.status()),
    ];
  }

  /** A student's answer to one question of the open check; acknowledged once stored. */
  async answer(playerId: string, d: z.output<typeof AnswerCheckSchema>): Promise<Effect[]> {
    const stage = this.open;
    const run = stage ? this.runs.get(stage) : undefined;
    if (!run) return [refuse('no-check', 'answerCheck')];
    const q = this.questions?.find((x) => x.id === d.question);
    if (!q) return [refuse('check-not-in-check', 'answerCheck')];
    let mine = run.answers.get(playerId);
    if (mine?.has(q.id)) return [refuse('check-already-answered', 'answerCheck')];
    if (!answerInRange(q, d.answer)) return [refuse('check-answer-out-of-range', 'answerCheck')];
    if (!mine) run.answers.set(playerId, (mine = new Map()));
    mine.set(q.id, d.answer);
    const stored = Promise.resolve(this.store.addCheckAnswer({ code: this.code, stage: run.stage, playerId, question: q.id, answer: d.answer, answeredAt: new Date(this.now()).toISOString() }));
    run.storing.add(stored);
    try {
      await stored;
    } catch (e) {
      // Not stored: not counted, and the student may answer again.
      mine.delete(q.id);
      throw e;
    } finally {
      run.storing.delete(stored);
    }
    // The hosts' counts: once per event-loop turn (the outbox), not once per answer.
    return [send(ASKER, 'checkAnswered', { stage: run.stage, question: q.id }), { kind: 'check-status-soon' }];
  }

  /**
   * What a student arriving (or back) is sent: the open check in its order, with what it already
   * answered; or, when none is open, its own result of the last closed check again if it answered
   * that one (the result is sent at the close, which a student away then would miss).
   */
  forStudent(id: string): Effect[] {
    const stage = this.open;
    const run = stage ? this.runs.get(stage) : undefined;
    if (!this.questions) return [];
    if (!run) {
      const closed = [...this.runs.values()].filter((r) => !r.open).at(-1);
      return closed && (closed.answers.get(id)?.size ?? 0) > 0 ? [send(toPlayer(id), 'checkClosed', this.resultFor(closed, id))] : [];
    }
    return [send(toPlayer(id), 'checkOpened', {
      stage: run.stage,
      questions: orderFor(this.questions, this.seed, id).map(studentQuestion),
      answered: [...(run.answers.get(id)?.keys() ?? [])],
    })];
  }

  /** What a host seat arriving (or back) is sent: the status and the last closed check's distribution. */
  forHost(): Effect[] {
    if (!this.questions) return [];
    const closed = [...this.runs.values()].filter((r) => !r.open).at(-1);
    return [send(ASKER, 'checkStatus', this.status()), ...(closed ? [send(ASKER, 'checkResults', this.results(closed))] : [])];
  }

  /** Counts only: how many answers, from how many students. */
  status(): Outgoing['checkStatus'] {
    const stage = this.open;
    const run = stage ? this.runs.get(stage) : [...this.runs.values()].at(-1);
    const max = this.questions?.length ?? 0;
    const per = run ? [...run.answers.values()].map((m) => m.size) : [];
    return {
      questions: (this.questions ?? []).map(studentQuestion),
      open: stage,
      closed: [...this.runs.values()].filter((r) => !r.open).map((r) => r.stage),
      answers: per.reduce((a, b) => a + b, 0),
      answering: per.filter((n) => n > 0).length,
      complete: per.filter((n) => n === max && max > 0).length,
      students: this.present().length,
    };
  }

  /** A student's own result, after the close: the right answer and explanation only of the questions it answered. */
  private resultFor(run: Run, id: string): Outgoing['checkClosed'] {
    const mine = run.answers.get(id);
    const questions = this.questions ?? [];
    if (!mine || mine.size === 0) return { stage: run.stage };
    const answers = Object.fromEntries(mine);
    const order = orderFor(questions, this.seed, id);
    return {
      stage: run.stage,
      // The questions as it saw them (no answer in them), so a page opened afresh can word its result.
      questions: order.map(studentQuestion),
      result: {
        score: scoreCheck(questions, answers),
        max: questions.length,
        questions: order.map((q) => {
          const a = mine.get(q.id);
          return a === undefined ? { id: q.id, answer: null } : { id: q.id, answer: a, right: isRight(q, a), correct: correctAnswer(q), explanation: { ...q.explanation } };
        }),
      },
    };
  }

  /** The distribution of a closed check, per question in the check's order. */
  private results(run: Run): Outgoing['checkResults'] {
    const all = [...run.answers.values()];
    return {
      stage: run.stage,
      max: this.questions?.length ?? 0,
      students: all.filter((m) => m.size > 0).length,
      questions: (this.questions ?? []).map((q) => {
        const given = all.flatMap((m) => (m.has(q.id) ? [m.get(q.id) as number] : []));
        return {
          id: q.id,
          kind: q.kind,
          correct: correctAnswer(q),
          answers: given.length,
          right: given.filter((a) => isRight(q, a)).length,
          ...(q.kind === 'multiple-choice' ? { options: q.options.map((_, i) => given.filter((a) => a === i).length) } : {}),
        };
      }),
    };
  }
}
