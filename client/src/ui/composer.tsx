import { FLAGS, TCP_STATES, type Flag, type TcpState } from '../../../shared/index';
import { t, type TextKey } from '../i18n/ui';
import type { SegmentAnswer } from '../net/port';
import { FLAG_KEYS, onComposerKey } from './composer-keys';
import { Field } from './field';
import { holding } from './holding';
import { Panel } from './panel';
import { MAX_LEN, MAX_UINT32, parseUint } from './parse';
import { PasteTarget, pastedText, type NumberField } from './paste';

export interface ComposerHandlers {
  send(answer: SegmentAnswer): void;
  declare(state: TcpState): void;
}

/** What the composer shows: the form's values (kept as typed), and what is said about them. */
interface Shown {
  pressed: readonly Flag[];
  seq: string;
  ack: string;
  len: string;
  state: TcpState | '';
  enabled: boolean;
  textbook: boolean;
  error: TextKey | null;
  invalid: NumberField | 'state' | null;
  /** Other addresses the player may send to (half-open connections of its listen queue); empty: only the partner. */
  peers: readonly string[];
  /** The address chosen in "Send to", or '' for the partner. */
  to: string;
}

const EMPTY = { pressed: [], seq: '', ack: '', len: '0', state: '', error: null, invalid: null, to: '' } as const satisfies Partial<Shown>;

/** The letter that switches each flag (S A F R P), as aria-keyshortcuts says it. */
const KEY_OF = Object.fromEntries(Object.entries(FLAG_KEYS).map(([k, f]) => [f, k.toUpperCase()])) as Record<Flag, string>;

interface ViewProps {
  s: Shown;
  below: readonly Node[];
  /** Where each field's element is kept, to focus it. */
  refs: Record<NumberField | 'state', { current: HTMLInputElement | HTMLSelectElement | null }>;
  on: {
    toggle(f: Flag): void;
    input(name: NumberField | 'state' | 'to', value: string): void;
    focused(name: NumberField): void;
    submit(): void;
    declare(): void;
  };
}

function NumberInput({ name, testid, p }: { name: NumberField; testid: string; p: ViewProps }) {
  const { s, on, refs } = p;
  return (
    <input
      ref={refs[name] as { current: HTMLInputElement | null }}
      id={`composer-${name}`} type="text" inputMode="numeric" pattern="[0-9]*" autocomplete="off" spellcheck={false} maxLength={16}
      data-testid={testid} value={s[name]} disabled={!s.enabled} aria-invalid={s.invalid === name ? 'true' : undefined}
      aria-describedby={name === 'ack' ? 'composer-ack-note' : undefined}
      onInput={(e) => on.input(name, e.currentTarget.value)} onFocus={() => on.focused(name)}
    />
  );
}

/**
 * The form. Its controls keep their nodes from one drawing to the next (the same elements in the
 * same places), so the focus stays where the player put it, through a language switch too.
 */
function ComposerView(p: ViewProps) {
  const { s, on } = p;
  const ackOn = s.pressed.includes('ACK');
  return (
    <>
      <h2 id="composer-heading">{t('composer.heading')}</h2>
      <form class="composer-form" noValidate onKeyDown={(e) => onComposerKey(e, (f) => s.enabled && on.toggle(f))} onSubmit={(e) => {
        e.preventDefault();
        on.submit();
      }}>
        <fieldset class="flags">
          <legend>{t('composer.flags')}</legend>
          {FLAGS.map((f) => (
            <button key={f} type="button" class="flag" aria-pressed={s.pressed.includes(f) ? 'true' : 'false'} aria-keyshortcuts={KEY_OF[f]}
              data-testid={`flag-${f}`} disabled={!s.enabled} onClick={() => on.toggle(f)}>{f}</button>
          ))}
        </fieldset>
        <div class="numbers">
          <Field id="composer-seq" label={t('composer.seq')}><NumberInput name="seq" testid="seq-input" p={p} /></Field>
          {/* The note sits between label and input, so the three inputs stay in one line. */}
          <div class="field">
            <label for="composer-ack">{t('composer.ack')}</label>
            <small class="hint" id="composer-ack-note" data-testid="ack-note">{ackOn ? '' : t('composer.ackUnused')}</small>
            <NumberInput name="ack" testid="ack-input" p={p} />
          </div>
          <Field id="composer-len" label={t('composer.len')}><NumberInput name="len" testid="len-input" p={p} /></Field>
        </div>
        <small class="hint textbook" data-testid="textbook-hint" hidden={!s.textbook}>{t('composer.textbook')}</small>
        <small class="hint" data-testid="paste-hint">{t('composer.pasteHint')}</small>
        <small class="hint keys" data-testid="composer-keys">{t('composer.keys')}</small>
        {s.peers.length > 0 ? (
          <div class="to-row">
            <Field id="composer-to" label={t('composer.to')}>
              <select id="composer-to" data-testid="to-select" value={s.to} disabled={!s.enabled} onChange={(e) => on.input('to', e.currentTarget.value)}>
                <option value="">{t('composer.toPartner')}</option>
                {s.peers.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </Field>
          </div>
        ) : null}
        <div class="state-row">
          <Field id="composer-state" label={t('composer.state')}>
            <select ref={p.refs.state as { current: HTMLSelectElement | null }} id="composer-state" data-testid="state-select" value={s.state}
              disabled={!s.enabled} onChange={(e) => on.input('state', e.currentTarget.value)}>
              <option value="">{t('composer.stateNone')}</option>
              {TCP_STATES.map((st) => <option key={st} value={st}>{st}</option>)}
            </select>
          </Field>
        </div>
        <p class="error" role="alert" data-testid="composer-error">{s.error ? t(s.error) : ''}</p>
        <div class="actions">
          <button type="submit" class="primary" aria-keyshortcuts="Control+Enter Meta+Enter" data-testid="send-segment" disabled={!s.enabled}>{t('composer.send')}</button>
          <button type="button" data-testid="declare-state" disabled={!s.enabled} onClick={on.declare}>{t('composer.declare')}</button>
        </div>
        <small class="hint">{t('composer.declareHint')}</small>
        {p.below.length ? <div class="round-messages" ref={holding(...p.below)} /> : null}
      </form>
    </>
  );
}

/**
 * The segment composer: flag toggles (aria-pressed), seq / ack / len, the state to declare, a Send
 * button and a separate "Declare state". Plain form controls, so keyboard, screen reader and a
 * phone's numeric keypad all work. The numbers are kept after a refused send (for a retry) and
 * emptied after an accepted one. A number picked in the inbox is pasted into the numeric field used
 * last (`paste`); in a textbook round a note says that a small ISN will do. A Preact panel drawn
 * into `el` at once when told something (and by itself on a language switch); `below` goes under
 * the buttons (the feedback: where the eyes are after pressing Send).
 */
export class Composer extends Panel<Shown> {
  private readonly target = new PasteTarget();
  private readonly refs: ViewProps['refs'] = { seq: { current: null }, ack: { current: null }, len: { current: null }, state: { current: null } };
  private readonly on: ViewProps['on'] = {
    toggle: (f) => this.update({ pressed: this.s.pressed.includes(f) ? this.s.pressed.filter((x) => x !== f) : FLAGS.filter((x) => x === f || this.s.pressed.includes(x)) }),
    // Drawn again with what was typed (nothing changes on screen): a later drawing, a language
    // switch's too, must not put the field back to what it held before.
    input: (name, value) => this.update({ [name]: value }),
    focused: (name) => this.target.focused(name),
    submit: () => this.send(),
    declare: () => this.declare(),
  };

  constructor(private readonly handlers: ComposerHandlers, private readonly below: readonly Node[] = []) {
    super(document.createElement('section'), { ...EMPTY, enabled: true, textbook: false, peers: [] });
    this.el.className = 'card composer';
    this.el.setAttribute('aria-labelledby', 'composer-heading');
    this.el.dataset.testid = 'composer';
    this.draw();
  }

  setEnabled(on: boolean): void {
    this.update({ enabled: on });
  }

  /** A new round: empty fields, no flags, no state, numbers go to seq; `textbook`: the engine's ISNs are below 1000. */
  reset(textbook: boolean): void {
    this.target.reset();
    this.update({ ...EMPTY, textbook, peers: [] });
  }

  /**
   * Paste a number picked in the inbox into the numeric field used last (seq by default), and put
   * the cursor there, at its end. Nothing is sent, and nothing is added: the +1 is the player's.
   */
  paste(value: number): void {
    const name = this.target.field;
    const input = this.refs[name].current as HTMLInputElement | null;
    if (!input || input.disabled) return;
    this.update({ [name]: pastedText(value), invalid: this.s.invalid === name ? null : this.s.invalid });
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  /**
   * A send was taken: the next segment starts from empty fields, so that no old seq, ack or state
   * is sent again by mistake (len back to 0, no flags, numbers go to seq).
   */
  afterSend(): void {
    this.target.reset();
    this.update({ ...EMPTY });
  }

  /**
   * The other addresses the player may send to now (the half-open connections of its listen
   * queue): "Send to" is shown while there are any; a chosen one that left the queue goes back to
   * the partner.
   */
  setPeers(peers: readonly string[]): void {
    if (peers.length === this.s.peers.length && peers.every((p, i) => p === this.s.peers[i])) return;
    this.update({ peers: [...peers], to: peers.includes(this.s.to) ? this.s.to : '' });
  }

  clearFlags(): void {
    this.update({ pressed: [] });
  }

  protected view() {
    return <ComposerView s={this.s} below={this.below} refs={this.refs} on={this.on} />;
  }

  private fail(key: TextKey | null, field?: NumberField | 'state'): void {
    this.update({ error: key, invalid: field && field !== 'state' ? field : null });
    if (field) this.refs[field].current?.focus();
  }

  private send(): void {
    const { pressed: flags, seq: seqText, ack: ackText, len: lenText } = this.s;
    const seq = parseUint(seqText, MAX_UINT32);
    if (seq === null) return this.fail('err.seq', 'seq');
    // Without ACK the ack field means nothing: an empty one is sent as 0.
    const ack = !flags.includes('ACK') && ackText.trim() === '' ? 0 : parseUint(ackText, MAX_UINT32);
    if (ack === null) return this.fail('err.ack', 'ack');
    const len = lenText.trim() === '' ? 0 : parseUint(lenText, MAX_LEN);
    if (len === null) return this.fail('err.len', 'len');
    this.fail(null);
    const state = this.s.state;
    const to = this.s.to;
    this.handlers.send({ flags: [...flags], seq, ack, len, ...(state ? { state } : {}), ...(to ? { peer: to } : {}) });
  }

  private declare(): void {
    const state = this.s.state;
    if (!state) return this.fail('err.stateFirst', 'state');
    this.fail(null);
    this.handlers.declare(state);
  }
}
