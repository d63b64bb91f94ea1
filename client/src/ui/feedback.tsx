import { Fragment, render, type ComponentChildren } from 'preact';
import type { ErrorCode, VerdictGiven } from '../../../shared/index';
import { explainRule } from '../../../shared/i18n/index';
import { lang, t, type Lang, type TextKey } from '../i18n/ui';
import { codeText } from './errors';
import type { Line } from './round-end';

type Tone = 'info' | 'ok' | 'bad';

type Message =
  | { kind: 'verdict'; v: VerdictGiven; answer: 'send' | 'declare' }
  | { kind: 'error'; code: ErrorCode; text?: Record<Lang, string> }
  | { kind: 'lines'; lines: Line[]; tone: Tone; testid?: string };

/**
 * The live region and what it says now; the same node whatever it says (a region must stay put to
 * be announced). Its content is keyed by `n`, the message's number: each new message is new
 * nodes, so the same words twice ("Answer recorded." after each answer) are announced twice,
 * while a language switch rewrites the same message in place.
 */
function FeedbackView({ m, n }: { m: Message | null; n: number }) {
  const l = lang.value;
  const box = (tone: Tone | null, children: ComponentChildren, kind?: string) => (
    <div class={tone ? `feedback ${tone}` : 'feedback'} role="status" aria-live="polite" aria-atomic="true" data-testid="feedback" data-kind={kind}>
      <Fragment key={n}>{children}</Fragment>
    </div>
  );
  if (!m) return box(null, null);
  if (m.kind === 'error') return box('bad', <p>{codeText(m.code, m.text)}</p>);
  if (m.kind === 'lines') return box(m.tone, m.lines.map((line, i) => <p key={i}>{'key' in line ? t(line.key, line.params) : line.text[l]}</p>), m.testid);
  const v = m.v;
  if (v.recorded) return box('info', <p>{t('feedback.recorded')}</p>);
  if (v.ok) return box('ok', <p>{v.points > 0 ? t('feedback.correct', { points: v.points }) : t('feedback.correctPlain')}</p>);
  const hinted = v.errors.some((e) => e.hint);
  return box('bad', (
    <>
      <p>{t(m.answer === 'send' ? 'feedback.wrongSend' : 'feedback.wrongState')}</p>
      <ul class="rule-list">
        {v.errors.map((e, i) => (
          <li key={`${e.field}-${i}`} data-testid={`feedback-${e.field}`} data-rule={e.rule} data-hint={e.hint ? 'true' : undefined}>
            <b>{`${t(`feedback.field.${e.field}` as TextKey)}: `}</b>
            {/* The first mistake on a rule: the principle, not the number (the next one shows it). */}
            {e.hint ? explainRule(e.rule, l, { got: e.got }, { hint: true }) : explainRule(e.rule, l, { expected: e.expected, got: e.got })}
          </li>
        ))}
      </ul>
      {hinted ? <p class="hint">{t('feedback.hintNote')}</p> : null}
    </>
  ));
}

/**
 * The answer to the player's last move, in an aria-live region: correct (and the points), or each
 * field at fault — at the first mistake on a rule a hint that names the field and the principle
 * without the number, after that the full explanation (practice) — or just "answer recorded"
 * (assessment: no correctness, no points until the round ends). Also the nudge after a long wait
 * and the end of the round. A Preact panel: drawn at once when told something, and again in the
 * other language when the player switches (it reads the language signal).
 */
export class Feedback {
  /** Holds the live region (`[data-testid=feedback]`). */
  readonly el = document.createElement('div');
  /** How many messages so far. */
  private n = 0;

  constructor() {
    this.show(null);
  }

  verdict(v: VerdictGiven, answer: 'send' | 'declare'): void {
    this.show({ kind: 'verdict', v, answer });
  }

  error(code: ErrorCode, text?: Record<Lang, string>): void {
    this.show({ kind: 'error', code, ...(text ? { text } : {}) });
  }

  text(key: TextKey, tone: Tone = 'info', params?: Record<string, string | number>): void {
    this.lines([{ key, ...(params ? { params } : {}) }], tone);
  }

  /** Several lines (the end of a round, a nudge); `testid` marks the message for tests and scripts. */
  lines(lines: Line[], tone: Tone = 'info', testid?: string): void {
    this.show({ kind: 'lines', lines, tone, ...(testid ? { testid } : {}) });
  }

  clear(): void {
    this.show(null);
  }

  dispose(): void {
    render(null, this.el);
  }

  private show(m: Message | null): void {
    // Rendered now (render() is synchronous): what the player just did is answered in this task.
    this.n += 1;
    render(<FeedbackView m={m} n={this.n} />, this.el);
  }
}
