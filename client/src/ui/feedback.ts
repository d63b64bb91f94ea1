import type { ErrorCode, VerdictGiven } from '../../../shared/index';
import { explainRule } from '../../../shared/i18n/index';
import { getLang, onLang, t, type Lang, type TextKey } from '../i18n/ui';
import { h } from './dom';
import { codeText } from './errors';
import type { Line } from './round-end';

type Tone = 'info' | 'ok' | 'bad';

type Message =
  | { kind: 'verdict'; v: VerdictGiven; answer: 'send' | 'declare' }
  | { kind: 'error'; code: ErrorCode; text?: Record<Lang, string> }
  | { kind: 'lines'; lines: Line[]; tone: Tone; testid?: string };

/**
 * The answer to the player's last move, in an aria-live region: correct (and the points), or each
 * field at fault — at the first mistake on a rule a hint that names the field and the principle
 * without the number, after that the full explanation (practice) — or just "answer recorded"
 * (assessment: no correctness, no points until the round ends). Also the nudge after a long wait
 * and the end of the round. Rewritten in the other language when the player switches.
 */
export class Feedback {
  readonly el = h('div', { class: 'feedback', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'feedback' });
  private last: Message | null = null;
  private readonly offLang = onLang(() => this.render());

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
    this.last = null;
    this.render();
  }

  dispose(): void {
    this.offLang();
  }

  private show(m: Message): void {
    this.last = m;
    this.render();
  }

  private render(): void {
    const m = this.last;
    this.el.className = 'feedback';
    this.el.removeAttribute('data-kind');
    if (!m) return this.el.replaceChildren();
    if (m.kind === 'error') {
      this.el.classList.add('bad');
      return this.el.replaceChildren(h('p', { text: codeText(m.code, m.text) }));
    }
    const lang = getLang();
    if (m.kind === 'lines') {
      this.el.classList.add(m.tone);
      if (m.testid) this.el.setAttribute('data-kind', m.testid);
      return this.el.replaceChildren(...m.lines.map((l) => h('p', { text: 'key' in l ? t(l.key, l.params) : l.text[lang] })));
    }
    const v = m.v;
    if (v.recorded) {
      this.el.classList.add('info');
      return this.el.replaceChildren(h('p', { text: t('feedback.recorded') }));
    }
    if (v.ok) {
      this.el.classList.add('ok');
      return this.el.replaceChildren(h('p', { text: v.points > 0 ? t('feedback.correct', { points: v.points }) : t('feedback.correctPlain') }));
    }
    this.el.classList.add('bad');
    const list = h('ul', { class: 'rule-list' }, ...v.errors.map((e) => h('li', { 'data-testid': `feedback-${e.field}`, 'data-rule': e.rule, ...(e.hint ? { 'data-hint': 'true' } : {}) },
      h('b', { text: `${t(`feedback.field.${e.field}` as TextKey)}: ` }),
      // The first mistake on a rule: the principle, not the number (the next one shows it).
      e.hint ? explainRule(e.rule, lang, { got: e.got }, { hint: true }) : explainRule(e.rule, lang, { expected: e.expected, got: e.got }),
    )));
    const hinted = v.errors.some((e) => e.hint);
    this.el.replaceChildren(
      h('p', { text: t(m.answer === 'send' ? 'feedback.wrongSend' : 'feedback.wrongState') }),
      list,
      ...(hinted ? [h('p', { class: 'hint', text: t('feedback.hintNote') })] : []),
    );
  }
}
