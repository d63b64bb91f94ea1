import { useRef, useState } from 'preact/hooks';
import { correctAnswer, isRight, studentQuestion, type Question } from '../../../shared/index';
import { pick, t } from '../i18n/ui';
import { CONCEPTS_KEY, EMPTY_RECORD, chooseDebrief, firstBankQuestions, readRecord, withAnswer, writeRecord, type ConceptRecord, type DebriefItem } from './debrief-model';
import { MAX_UINT32, parseUint } from './parse';

/** The record this browser keeps; empty when storage is blocked or holds something else. */
function loadRecord(): ConceptRecord {
  try {
    return readRecord(localStorage.getItem(CONCEPTS_KEY));
  } catch {
    return EMPTY_RECORD;
  }
}

/** Remember a right answer (read again first: another tab may have added some meanwhile). */
function remember(id: string, right: boolean): void {
  if (!right) return;
  try {
    localStorage.setItem(CONCEPTS_KEY, writeRecord(withAnswer(loadRecord(), id, right)));
  } catch {
    /* not remembered; the debrief still works */
  }
}

/** An answer in words, in the current language: the option's text, or the number. */
function answerText(q: Question, answer: number): string {
  if (q.kind === 'numeric') return String(answer);
  const o = q.options[answer];
  return o ? pick(o.text) : String(answer);
}

/**
 * The homework's "why" debrief after a scenario (issue 17): a few questions of the concept bank
 * about it, each answered on its own (a radio group, or a whole number), then right or wrong, the
 * right answer and the explanation. Before an answer only `studentQuestion` is drawn, so nothing on
 * the page tells the answer. The questions and their "already right before" marks are chosen once,
 * when the debrief opens; every text reads the language signal, so a switch re-words it all and
 * keeps the answers.
 */
export function Debrief({ scenario }: { scenario: string }) {
  const [items] = useState<DebriefItem[]>(() => chooseDebrief(firstBankQuestions(), scenario, loadRecord()));
  if (items.length === 0) return null;
  return (
    <section class="card debrief" data-testid="debrief" aria-labelledby="debrief-heading">
      <h2 id="debrief-heading">{t('debrief.heading')}</h2>
      <p class="muted">{t('debrief.intro')}</p>
      <ol class="debrief-list">
        {items.map((item, i) => (
          <li key={item.question.id}>
            <DebriefQuestion item={item} n={i + 1} total={items.length} />
          </li>
        ))}
      </ol>
    </section>
  );
}

type Problem = 'debrief.pickOne' | 'debrief.badNumber' | null;

function DebriefQuestion({ item, n, total }: { item: DebriefItem; n: number; total: number }) {
  const q = item.question;
  const shown = studentQuestion(q);
  const [chosen, setChosen] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [answered, setAnswered] = useState<{ answer: number; right: boolean } | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const base = `debrief-${q.id}`;

  const check = (e: Event) => {
    e.preventDefault();
    if (answered) return;
    const answer = shown.kind === 'numeric' ? parseUint(typed, MAX_UINT32) : chosen;
    if (answer === null) {
      setProblem(shown.kind === 'numeric' ? 'debrief.badNumber' : 'debrief.pickOne');
      return;
    }
    const right = isRight(q, answer);
    setProblem(null);
    setAnswered({ answer, right });
    remember(q.id, right);
    // The button goes away with the answer: the focus goes to what the answer says.
    requestAnimationFrame(() => result.current?.focus());
  };

  return (
    <form class="debrief-q" data-testid={`debrief-q-${q.id}`} data-answered={answered ? (answered.right ? 'right' : 'wrong') : undefined} onSubmit={check} noValidate>
      <p class="debrief-head">
        <span class="muted">{t('debrief.questionN', { n, total })}</span>
        {item.rightBefore ? <span class="badge debrief-before" data-testid="debrief-right-before">{t('debrief.rightBefore')}</span> : null}
      </p>
      <fieldset disabled={answered !== null} aria-describedby={problem ? `${base}-problem` : undefined}>
        <legend>{pick(shown.prompt)}</legend>
        {shown.kind === 'multiple-choice' ? (
          <div class="debrief-options" data-testid="debrief-options">
            {shown.options.map((o, j) => (
              <label key={j} class="debrief-option">
                <input type="radio" name={base} value={String(j)} checked={chosen === j} onChange={() => setChosen(j)} />
                <span>{pick(o)}</span>
              </label>
            ))}
          </div>
        ) : (
          <div class="field">
            <label for={`${base}-number`}>{t('debrief.number')}</label>
            <input id={`${base}-number`} type="text" inputMode="numeric" autoComplete="off" data-testid="debrief-number" value={typed}
              aria-invalid={problem ? 'true' : undefined}
              onInput={(e) => setTyped(e.currentTarget.value)} />
          </div>
        )}
      </fieldset>
      <p class="error" id={`${base}-problem`} data-testid="debrief-problem">{problem ? t(problem) : ''}</p>
      {answered ? null : <button type="submit" data-testid="debrief-check">{t('debrief.check')}</button>}
      <div class={answered ? `debrief-result ${answered.right ? 'ok' : 'bad'}` : 'debrief-result'} role="status" aria-live="polite" tabIndex={-1} ref={result} data-testid="debrief-result">
        {answered ? (
          <>
            <p class="debrief-verdict">{t(answered.right ? 'debrief.right' : 'debrief.wrong')}</p>
            {answered.right ? null : <p>{t('debrief.yourAnswer', { answer: answerText(q, answered.answer) })}</p>}
            {answered.right ? null : <p data-testid="debrief-answer">{t('debrief.answerIs', { answer: answerText(q, correctAnswer(q)) })}</p>}
            <p data-testid="debrief-explanation">{t('debrief.why', { explanation: pick(q.explanation) })}</p>
          </>
        ) : null}
      </div>
    </form>
  );
}
