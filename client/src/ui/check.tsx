import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckResults, CheckStatus, ErrorEvent } from '../../../shared/index';
import { pick, t } from '../i18n/ui';
import type { StudentCheck } from './check-model';
import { MAX_UINT32, parseUint } from './parse';

/**
 * Concept checks in class (issue 17): the student's answer screen in the lobby, and the counts and
 * distribution the host seats show. Until the check closes the student's page holds only what the
 * server sent (`studentQuestion`s and acknowledgements): nothing here can tell an answer. Each
 * question is its own form (a radio group or a whole number, then Enter or the button), usable
 * with a keyboard, a phone or a screen reader; the focus moves on to the next question once an
 * answer is stored.
 */

type Shown = StudentCheck['questions'][number];

/** An answer in words: the option's text, or the number. */
function answerText(q: Shown | undefined, answer: number): string {
  if (q?.kind !== 'multiple-choice') return String(answer);
  const o = q.options[answer];
  return o ? pick(o) : String(answer);
}

export interface CheckPanelProps {
  check: StudentCheck;
  /** Send one answer; returns its request id, or null when nothing could be sent. */
  answer: (question: string, value: number) => number | null;
  /** Refusals of this student's answers, by request id. */
  refused: ReadonlyMap<number, ErrorEvent>;
}

/** The student's check: its questions while it is open, its own result once closed. */
export function CheckPanel({ check, answer, refused }: CheckPanelProps) {
  const heading = t(check.stage === 'pre' ? 'check.heading.pre' : 'check.heading.post');
  const closed = check.closed;
  return (
    <section class="card check" data-testid="check" data-stage={check.stage} data-state={closed ? 'closed' : 'open'} aria-labelledby="check-heading">
      <h2 id="check-heading" tabIndex={-1}>{heading}</h2>
      {closed ? <CheckResult check={check} /> : <CheckQuestions check={check} answer={answer} refused={refused} />}
    </section>
  );
}

function CheckQuestions({ check, answer, refused }: CheckPanelProps) {
  const total = check.questions.length;
  const done = check.answered.length;
  const list = useRef<HTMLOListElement>(null);
  // An answer stored: the keyboard goes on to the next question not answered yet (when it was on the one just answered, or nowhere).
  const last = useRef(done);
  useEffect(() => {
    if (done <= last.current) return;
    last.current = done;
    const active = document.activeElement;
    const nowhere = !active || active === document.body;
    const inDoneForm = active instanceof HTMLElement && active.closest('form[data-answered="yes"]') !== null;
    if (!nowhere && !inDoneForm) return;
    list.current?.querySelector<HTMLInputElement>('form:not([data-answered="yes"]) input')?.focus();
  }, [done]);
  return (
    <>
      <p class="muted">{t('check.intro')}</p>
      <p role="status" data-testid="check-progress">{done === total ? t('check.waitClose') : t('check.progress', { n: done, total })}</p>
      <ol class="check-list" ref={list}>
        {check.questions.map((q, i) => (
          <li key={q.id}>
            <CheckQuestion q={q} n={i + 1} total={total} answered={check.answered.includes(q.id)} answer={answer} refused={refused} />
          </li>
        ))}
      </ol>
    </>
  );
}

type Problem = 'check.pickOne' | 'check.badNumber' | null;

function CheckQuestion({ q, n, total, answered, answer, refused }: { q: Shown; n: number; total: number; answered: boolean } & Pick<CheckPanelProps, 'answer' | 'refused'>) {
  const [chosen, setChosen] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [rid, setRid] = useState<number | null>(null);
  const base = `check-${q.id}`;
  const refusal = rid !== null && !answered ? refused.get(rid) : undefined;
  const sending = rid !== null && !answered && !refusal;

  const submit = (e: Event) => {
    e.preventDefault();
    if (answered || sending) return;
    const value = q.kind === 'numeric' ? parseUint(typed, MAX_UINT32) : chosen;
    if (value === null) {
      setProblem(q.kind === 'numeric' ? 'check.badNumber' : 'check.pickOne');
      return;
    }
    setProblem(null);
    setRid(answer(q.id, value));
  };

  const said = problem ? t(problem) : refusal ? pick(refusal.message) : '';
  return (
    <form class="check-q" data-testid={`check-q-${q.id}`} data-answered={answered ? 'yes' : 'no'} onSubmit={submit} noValidate>
      <p class="muted">{t('check.questionN', { n, total })}</p>
      <fieldset disabled={answered || sending} aria-describedby={said ? `${base}-problem` : undefined}>
        <legend>{pick(q.prompt)}</legend>
        {q.kind === 'multiple-choice' ? (
          <div class="check-options">
            {q.options.map((o, j) => (
              <label key={j} class="check-option">
                <input type="radio" name={base} value={String(j)} checked={chosen === j} data-testid={`check-option-${q.id}-${j}`} onChange={() => setChosen(j)} />
                <span>{pick(o)}</span>
              </label>
            ))}
          </div>
        ) : (
          <div class="field">
            <label for={`${base}-number`}>{t('check.number')}</label>
            <input id={`${base}-number`} type="text" inputMode="numeric" autoComplete="off" data-testid={`check-number-${q.id}`} value={typed}
              aria-invalid={problem ? 'true' : undefined} onInput={(e) => setTyped(e.currentTarget.value)} />
          </div>
        )}
      </fieldset>
      <p class="error" id={`${base}-problem`} data-testid="check-problem">{said}</p>
      {answered ? (
        <p class="check-recorded" data-testid="check-recorded">{t('check.recorded')}</p>
      ) : (
        <button type="submit" data-testid={`check-submit-${q.id}`} disabled={sending}>{t(sending ? 'check.sending' : 'check.submit')}</button>
      )}
    </form>
  );
}

/** The student's own result: the score, and for each question it answered right or wrong, the right answer and why. */
function CheckResult({ check }: { check: StudentCheck }) {
  const result = check.closed?.result;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  if (!result) return <p class="muted" data-testid="check-result" tabIndex={-1}>{t('check.closedNoAnswer')}</p>;
  const byId = new Map(check.questions.map((q) => [q.id, q]));
  return (
    <div data-testid="check-result" tabIndex={-1} ref={box}>
      <p class="check-score" data-testid="check-score">{t('check.score', { score: result.score, max: result.max })}</p>
      <ol class="check-list">
        {result.questions.map((r) => {
          const q = byId.get(r.id);
          return (
            <li key={r.id} class={r.answer === null ? 'check-item' : r.right ? 'check-item ok' : 'check-item bad'} data-testid={`check-result-${r.id}`}>
              <p class="check-prompt">{q ? pick(q.prompt) : r.id}</p>
              {r.answer === null ? (
                <p class="muted">{t('check.notAnswered')}</p>
              ) : (
                <>
                  <p class="check-verdict" data-testid="check-verdict">{t(r.right ? 'check.right' : 'check.wrong')}</p>
                  <p>{t('check.yourAnswer', { answer: answerText(q, r.answer) })}</p>
                  {r.right ? null : <p>{t('check.answerIs', { answer: answerText(q, r.correct) })}</p>}
                  <p class="check-why">{t('check.why', { explanation: pick(r.explanation) })}</p>
                </>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** How many answers the open check has, from how many students (counts only). */
export function CheckCount({ status }: { status: CheckStatus }) {
  return <p class="check-count" role="status" data-testid="check-count">{t('check.count', { answers: status.answers, answering: status.answering, students: status.students, complete: status.complete })}</p>;
}

/** A closed check's distribution: per question how many were right and, for a choice, how many chose each option. */
export function CheckDistribution({ results, questions }: { results: CheckResults; questions: CheckStatus['questions'] }) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const stage = t(results.stage === 'pre' ? 'check.stage.pre' : 'check.stage.post');
  return (
    <div class="check-results" data-testid="check-results" data-stage={results.stage}>
      <h3>{t('check.results', { stage, n: results.students })}</h3>
      <ol class="check-list">
        {results.questions.map((r) => {
          const q = byId.get(r.id);
          return (
            <li key={r.id} data-testid={`check-dist-${r.id}`}>
              <p class="check-prompt">{q ? pick(q.prompt) : r.id}</p>
              <p data-testid="check-right-count">{t('check.rightCount', { right: r.right, answers: r.answers })}</p>
              {q?.kind === 'multiple-choice' && r.options ? (
                <ul class="check-dist">
                  {q.options.map((o, j) => (
                    <li key={j} class={j === r.correct ? 'right' : ''} data-testid={`check-dist-${r.id}-${j}`}>
                      <span class="check-option-text">{pick(o)}{j === r.correct ? ` ${t('check.correctMark')}` : ''}</span>
                      <progress max={Math.max(1, r.answers)} value={r.options?.[j] ?? 0} aria-hidden="true" />
                      <span class="check-option-count" data-testid="check-dist-count">{r.options?.[j] ?? 0}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('check.numericAnswer', { answer: r.correct })}</p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
