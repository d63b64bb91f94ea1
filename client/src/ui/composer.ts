import { FLAGS, TCP_STATES, type Flag, type TcpState } from '../../../shared/index';
import { onLang, t, type TextKey } from '../i18n/ui';
import type { SegmentAnswer } from '../net/port';
import { bindComposerKeys, FLAG_KEYS } from './composer-keys';
import { field, h, ht, tr } from './dom';
import { MAX_LEN, MAX_UINT32, parseUint } from './parse';
import { PasteTarget, pastedText, type NumberField } from './paste';

export interface ComposerHandlers {
  send(answer: SegmentAnswer): void;
  declare(state: TcpState): void;
}

/**
 * The segment composer: flag toggles (aria-pressed), seq / ack / len, the state to declare, a Send
 * button and a separate "Declare state". Plain form controls, so keyboard, screen reader and a
 * phone's numeric keypad all work. The numbers are kept after a send (for a retry). A number
 * picked in the inbox is pasted into the numeric field used last (`paste`); in a textbook round a
 * note says that a small ISN will do.
 */
export class Composer {
  readonly el: HTMLElement;
  private readonly flags = new Map<Flag, HTMLButtonElement>();
  private readonly seq = numberInput('seq-input');
  private readonly ack = numberInput('ack-input');
  private readonly len = numberInput('len-input', '0');
  private readonly state = h('select', { 'data-testid': 'state-select' });
  private readonly error = h('p', { class: 'error', role: 'alert', 'data-testid': 'composer-error' });
  private readonly textbook = ht('small', 'composer.textbook', { class: 'hint textbook', 'data-testid': 'textbook-hint', hidden: true });
  private readonly target = new PasteTarget();
  private readonly controls: (HTMLButtonElement | HTMLInputElement | HTMLSelectElement)[] = [];
  private errorKey: TextKey | null = null;
  private readonly offLang: () => void;

  /** `below` goes under the buttons (the feedback: where the eyes are after pressing Send). */
  constructor(private readonly handlers: ComposerHandlers, below?: HTMLElement) {
    const flagBox = h('fieldset', { class: 'flags' }, ht('legend', 'composer.flags'));
    for (const f of FLAGS) {
      const key = Object.keys(FLAG_KEYS).find((k) => FLAG_KEYS[k] === f)?.toUpperCase();
      const b = h('button', { type: 'button', class: 'flag', 'aria-pressed': 'false', 'aria-keyshortcuts': key, 'data-testid': `flag-${f}`, text: f });
      b.addEventListener('click', () => this.toggle(f));
      this.flags.set(f, b);
      flagBox.append(b);
      this.controls.push(b);
    }
    this.state.append(tr(h('option', { value: '' }), 'composer.stateNone'), ...TCP_STATES.map((s) => h('option', { value: s, text: s })));
    const send = ht('button', 'composer.send', { type: 'submit', class: 'primary', 'aria-keyshortcuts': 'Control+Enter Meta+Enter', 'data-testid': 'send-segment' });
    const declare = ht('button', 'composer.declare', { type: 'button', 'data-testid': 'declare-state' });
    declare.addEventListener('click', () => this.declare());
    this.controls.push(this.seq, this.ack, this.len, this.state, send, declare);
    const ackField = field('composer-ack', 'composer.ack', this.ack);
    const ackNote = h('small', { class: 'hint', id: 'composer-ack-note', 'data-testid': 'ack-note' });
    this.ack.setAttribute('aria-describedby', 'composer-ack-note');
    // The note sits between label and input, so the three inputs stay in one line.
    ackField.insertBefore(ackNote, this.ack);
    for (const [name, input] of this.numberInputs()) input.addEventListener('focus', () => this.target.focused(name));
    const form = h('form', { class: 'composer-form', novalidate: true },
      flagBox,
      h('div', { class: 'numbers' }, field('composer-seq', 'composer.seq', this.seq), ackField, field('composer-len', 'composer.len', this.len)),
      this.textbook,
      ht('small', 'composer.pasteHint', { class: 'hint', 'data-testid': 'paste-hint' }),
      ht('small', 'composer.keys', { class: 'hint keys', 'data-testid': 'composer-keys' }),
      h('div', { class: 'state-row' }, field('composer-state', 'composer.state', this.state)),
      this.error,
      h('div', { class: 'actions' }, send, declare),
      ht('small', 'composer.declareHint', { class: 'hint' }),
      below ?? null,
    );
    bindComposerKeys(form, (f) => {
      if (!this.flags.get(f)?.disabled) this.toggle(f);
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.send();
    });
    this.el = h('section', { class: 'card composer', 'aria-labelledby': 'composer-heading', 'data-testid': 'composer' },
      ht('h2', 'composer.heading', { id: 'composer-heading' }), form);
    this.offLang = onLang(() => this.refresh());
    this.refresh();
  }

  setEnabled(on: boolean): void {
    for (const c of this.controls) c.disabled = !on;
  }

  /** A new round: empty fields, no flags, no state, numbers go to seq; `textbook`: the engine's ISNs are below 1000. */
  reset(textbook: boolean): void {
    this.seq.value = '';
    this.ack.value = '';
    this.len.value = '0';
    this.state.value = '';
    this.target.reset();
    this.textbook.hidden = !textbook;
    this.fail(null);
    this.clearFlags();
  }

  /**
   * Paste a number picked in the inbox into the numeric field used last (seq by default), and put
   * the cursor there, at its end. Nothing is sent, and nothing is added: the +1 is the player's.
   */
  paste(value: number): void {
    const input = this.inputOf(this.target.field);
    if (input.disabled) return;
    input.value = pastedText(value);
    input.removeAttribute('aria-invalid');
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  /** After an accepted send the flags start over (the next segment is a different one). */
  /**
   * A send was taken: the next segment starts from empty fields, so that no old seq, ack or state
   * is sent again by mistake (len back to 0, no flags, numbers go to seq).
   */
  afterSend(): void {
    this.seq.value = '';
    this.ack.value = '';
    this.len.value = '0';
    this.state.value = '';
    this.target.reset();
    this.fail(null);
    this.clearFlags();
  }

  clearFlags(): void {
    for (const b of this.flags.values()) b.setAttribute('aria-pressed', 'false');
    this.refresh();
  }

  dispose(): void {
    this.offLang();
  }

  private numberInputs(): [NumberField, HTMLInputElement][] {
    return [['seq', this.seq], ['ack', this.ack], ['len', this.len]];
  }

  private inputOf(name: NumberField): HTMLInputElement {
    return name === 'seq' ? this.seq : name === 'ack' ? this.ack : this.len;
  }

  private pressed(): Flag[] {
    return FLAGS.filter((f) => this.flags.get(f)?.getAttribute('aria-pressed') === 'true');
  }

  private toggle(f: Flag): void {
    const b = this.flags.get(f);
    b?.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
    this.refresh();
  }

  private refresh(): void {
    const ackOn = this.pressed().includes('ACK');
    const note = this.el?.querySelector('[data-testid="ack-note"]');
    if (note) note.textContent = ackOn ? '' : t('composer.ackUnused');
    this.error.textContent = this.errorKey ? t(this.errorKey) : '';
  }

  private fail(key: TextKey | null, input?: HTMLElement): void {
    this.errorKey = key;
    for (const i of [this.seq, this.ack, this.len]) i.removeAttribute('aria-invalid');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    this.refresh();
  }

  private send(): void {
    const flags = this.pressed();
    const seq = parseUint(this.seq.value, MAX_UINT32);
    if (seq === null) return this.fail('err.seq', this.seq);
    // Without ACK the ack field means nothing: an empty one is sent as 0.
    const ack = !flags.includes('ACK') && this.ack.value.trim() === '' ? 0 : parseUint(this.ack.value, MAX_UINT32);
    if (ack === null) return this.fail('err.ack', this.ack);
    const len = this.len.value.trim() === '' ? 0 : parseUint(this.len.value, MAX_LEN);
    if (len === null) return this.fail('err.len', this.len);
    this.fail(null);
    const state = this.state.value as TcpState | '';
    this.handlers.send({ flags, seq, ack, len, ...(state ? { state } : {}) });
  }

  private declare(): void {
    const state = this.state.value as TcpState | '';
    if (!state) return this.fail('err.stateFirst', this.state);
    this.fail(null);
    this.handlers.declare(state);
  }
}

function numberInput(testid: string, value = ''): HTMLInputElement {
  return h('input', {
    type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', spellcheck: 'false', maxlength: 16, value, 'data-testid': testid,
  });
}
