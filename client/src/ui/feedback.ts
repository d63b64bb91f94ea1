import type { ErrorCode, VerdictGiven } from '../../../shared/index';
import { explainRule } from '../../../shared/i18n/index';
import { getLang, onLang, t, type Lang, type TextKey } from '../i18n/ui';
import { h } from './dom';
import { codeText } from './errors';

type Message =
  | { kind: 'verdict'; v: VerdictGiven; answer: 'send' | 'declare' }
  | { kind: 'error'; code: ErrorCode; text?: Record<Lang, string> }
  | { kind: 'text'; key: TextKey; params?: Record<string, string | number>; tone: 'info' | 'ok' | 'bad' };

/**
 * The answer to the player's last move, in an aria-live region: correct (and the points), or each
 * field at fault with the explanation of the rule it broke (practice), or just "answer recorded"
 * (assessment). Rewritten in the other language when the player switches.
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

  text(key: TextKey, tone: 'info' | 'ok' | 'bad' = 'info', params?: Record<string, string | number>): void {
    this.show({ kind: 'text', key, tone, ...(params ? { params } : {}) });
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
    if (!m) return this.el.replaceChildren();
    if (m.kind === 'error') {
      this.el.classList.add('bad');
      return this.el.replaceChildren(h('p', { text: codeText(m.code, m.text) }));
    }
    if (m.kind === 'text') {
      this.el.classList.add(m.tone);
      return this.el.replaceChildren(h('p', { text: t(m.key, m.params) }));
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
    const lang = getLang();
    const list = h('ul', { class: 'rule-list' }, ...v.errors.map((e) => h('li', { 'data-testid': `feedback-${e.field}`, 'data-rule': e.rule },
      h('b', { text: `${t(`feedback.field.${e.field}` as TextKey)}: ` }),
      explainRule(e.rule, lang, { expected: e.expected, got: e.got }),
    )));
    this.el.replaceChildren(h('p', { text: t(m.answer === 'send' ? 'feedback.wrongSend' : 'feedback.wrongState') }), list);
  }
}
