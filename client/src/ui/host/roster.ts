import { autoPairs, checkNickname, ERROR_TEXT, MAX_CLASS_SIZE, type Pairing } from '../../../../shared/index';
import { getLang, onLang, t, type Lang } from '../../i18n/ui';
import type { ClassSnapshot, PlayerSnapshot } from '../../net/events';
import { h, ht, replace, tr } from '../dom';
import { parseUint } from '../parse';

/** What the roster asks of the class (each returns whether the intent was sent). */
export interface RosterHandlers {
  setPairs(pairs: Pairing[]): void;
  rename(playerId: string, nickname: string): boolean;
  remove(playerId: string, block: boolean): boolean;
  setClassSize(maxStudents: number): boolean;
}

type Text = Record<Lang, string>;

/** What a row is doing: shown as it is, its name being edited, a removal asked for, or removed. */
type Mode = 'view' | 'rename' | 'confirm-remove' | 'confirm-block' | 'removed';

/**
 * The class size as the host reads it: how many joined of how many may, and whether newcomers are
 * refused now (students already in stay, even above a size made smaller).
 */
export function classSizeText(joined: number, max: number): { key: 'roster.full' | 'roster.joinedOf'; params: { n: number; max: number } } {
  return { key: joined >= max ? 'roster.full' : 'roster.joinedOf', params: { n: joined, max } };
}

/** A class size typed by the host: a whole number 1..MAX_CLASS_SIZE, or null. */
export function parseClassSize(raw: string): number | null {
  const n = parseUint(raw, MAX_CLASS_SIZE);
  return n !== null && n >= 1 ? n : null;
}

/**
 * One student's row, made once and updated in place (keyed by player id), so that a name being
 * typed, a question being asked and the keyboard focus survive the state updates that keep coming.
 * Removing asks first, in the row: Cancel has the focus (a second Enter or Space cancels), and a
 * double click that lands on the confirm button is not taken as a yes.
 */
class RosterRow {
  readonly el: HTMLLIElement;
  private readonly name = h('span', { class: 'roster-name' });
  private readonly score = h('span', { class: 'num roster-score' });
  private readonly pairCell = h('span', { class: 'roster-pair' });
  private select: HTMLSelectElement | null = null;
  private slots = 0;
  private readonly renameButton: HTMLButtonElement;
  private readonly removeButton: HTMLButtonElement;
  private readonly blockButton: HTMLButtonElement;
  private readonly actions: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly editor: HTMLFormElement;
  private readonly question = h('p', { class: 'roster-question' });
  private readonly confirmButton: HTMLButtonElement;
  private readonly cancelConfirm: HTMLButtonElement;
  private readonly confirmBox: HTMLElement;
  private readonly removedNote = h('span', { class: 'muted roster-removed', hidden: true });
  private readonly error: HTMLElement;
  private mode: Mode = 'view';
  private refusal: Text | null = null;
  /** A rename sent and not yet seen in the state. */
  pending: string | null = null;
  private blocked = false;
  private p: PlayerSnapshot;

  constructor(p: PlayerSnapshot, private readonly handlers: RosterHandlers, private readonly choosePair: (n: number) => void, private readonly notify: (key: 'roster.renamed' | 'roster.removedNotice' | 'roster.blockedNotice', params: Record<string, string>) => void) {
    this.p = p;
    const id = p.id;
    const button = (key: 'roster.rename' | 'roster.remove' | 'roster.block', testid: string, cls = 'small') => ht('button', key, { type: 'button', class: cls, 'data-testid': testid });
    this.renameButton = button('roster.rename', `rename-${id}`);
    this.removeButton = button('roster.remove', `remove-${id}`, 'small danger');
    this.blockButton = button('roster.block', `block-${id}`, 'small danger');
    this.renameButton.addEventListener('click', () => this.startRename());
    this.removeButton.addEventListener('click', () => this.ask('confirm-remove'));
    this.blockButton.addEventListener('click', () => this.ask('confirm-block'));
    this.actions = h('div', { class: 'roster-actions', role: 'group' }, this.renameButton, this.removeButton, this.blockButton);

    this.input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 48, 'data-testid': `rename-input-${id}`, 'aria-describedby': `roster-error-${id}` });
    this.saveButton = ht('button', 'roster.save', { type: 'submit', class: 'small primary', 'data-testid': `rename-save-${id}` });
    const cancel = ht('button', 'roster.cancel', { type: 'button', class: 'small', 'data-testid': `rename-cancel-${id}` });
    cancel.addEventListener('click', () => this.cancel());
    this.editor = h('form', { class: 'roster-editor', novalidate: true, hidden: true }, this.input, this.saveButton, cancel);
    this.editor.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.save();
    });

    this.cancelConfirm = ht('button', 'roster.cancel', { type: 'button', class: 'small', 'data-testid': `confirm-cancel-${id}` });
    this.cancelConfirm.addEventListener('click', () => this.cancel());
    this.confirmButton = h('button', { type: 'button', class: 'small danger', 'data-testid': `confirm-remove-${id}` });
    this.confirmButton.addEventListener('click', (ev) => {
      // The second click of a double click on Remove, landing on this button, is no answer.
      if (ev.detail > 1) return;
      this.confirm();
    });
    this.confirmBox = h('div', { class: 'roster-confirm', role: 'group', 'data-testid': `confirm-${id}`, hidden: true },
      this.question, h('div', { class: 'actions' }, this.cancelConfirm, this.confirmButton));

    this.error = h('p', { class: 'error', role: 'alert', id: `roster-error-${id}`, 'data-testid': `roster-error-${id}` });
    this.el = h('li', { class: 'roster-row', 'data-testid': `roster-${id}` },
      h('div', { class: 'roster-line' }, this.name, this.score, this.pairCell, this.removedNote),
      this.actions, this.editor, this.confirmBox, this.error);
    // Escape cancels a rename or a question from anywhere in the row.
    this.el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && (this.mode === 'rename' || this.mode === 'confirm-remove' || this.mode === 'confirm-block')) {
        ev.preventDefault();
        this.cancel();
      }
    });
  }

  /** The student as the state has them now; `pair`: their pair number and how many there are (null: offline). */
  update(p: PlayerSnapshot, pair: { value: number; slots: number } | null): void {
    const old = this.p.nickname;
    this.p = p;
    if (this.pending !== null && p.nickname === this.pending) {
      this.pending = null;
      this.notify('roster.renamed', { old, name: p.nickname });
      // Back to the row's buttons, unless the host has gone on elsewhere meanwhile.
      const active = document.activeElement;
      const here = !active || active === document.body || this.el.contains(active);
      if (this.mode === 'rename') this.setMode('view', here ? this.renameButton : null);
    }
    this.name.textContent = p.nickname;
    this.name.classList.toggle('muted', !p.connected);
    this.score.textContent = String(p.score);
    if (!pair || this.mode === 'removed') {
      this.select = null;
      replace(this.pairCell, this.mode === 'removed' ? null : h('span', { class: 'muted', text: t('host.offline') }));
    } else {
      if (!this.select) {
        const select = h('select', { 'data-testid': `pair-select-${p.id}` });
        select.addEventListener('change', () => this.choosePair(Number(select.value)));
        this.select = select;
        this.slots = 0;
        replace(this.pairCell, select);
      }
      if (this.slots !== pair.slots) {
        this.slots = pair.slots;
        this.select.replaceChildren(...Array.from({ length: pair.slots }, (_, i) => h('option', { value: i + 1, text: t('host.pairN', { n: i + 1 }) })));
      }
      this.select.value = String(Math.min(pair.value, pair.slots));
    }
    this.relabel();
  }

  /** The server refused this row's rename (or removal): the reason, in the row. */
  refused(text: Text): void {
    this.pending = null;
    this.refusal = text;
    if (this.mode === 'removed') this.setMode('view', this.removeButton);
    this.input.readOnly = false;
    this.saveButton.disabled = false;
    this.showError();
    if (this.mode === 'rename') {
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
    }
  }

  /** Texts that hold the name or depend on the language. */
  relabel(): void {
    const name = this.p.nickname;
    tr(this.renameButton, 'roster.renameLabel', { name }, 'aria-label');
    tr(this.removeButton, 'roster.removeLabel', { name }, 'aria-label');
    tr(this.blockButton, 'roster.blockLabel', { name }, 'aria-label');
    tr(this.actions, 'roster.actions', { name }, 'aria-label');
    tr(this.input, 'roster.newName', { name }, 'aria-label');
    tr(this.confirmBox, 'roster.actions', { name }, 'aria-label');
    if (this.select) tr(this.select, 'host.pairOf', { name }, 'aria-label');
    const block = this.mode === 'confirm-block';
    tr(this.question, block ? 'roster.confirmBlock' : 'roster.confirmRemove', { name });
    tr(this.confirmButton, block ? 'roster.blockYes' : 'roster.removeYes');
    tr(this.removedNote, this.blocked ? 'roster.removedBlocked' : 'roster.removed');
    for (const o of this.select?.options ?? []) o.textContent = t('host.pairN', { n: Number(o.value) });
    this.showError();
  }

  private showError(): void {
    this.error.textContent = this.refusal ? this.refusal[getLang()] : '';
  }

  private clearError(): void {
    this.refusal = null;
    this.showError();
    this.input.setAttribute('aria-invalid', 'false');
  }

  private setMode(mode: Mode, focus: HTMLElement | null = null): void {
    this.mode = mode;
    this.actions.hidden = mode !== 'view';
    this.editor.hidden = mode !== 'rename';
    this.confirmBox.hidden = mode !== 'confirm-remove' && mode !== 'confirm-block';
    this.removedNote.hidden = mode !== 'removed';
    this.el.classList.toggle('removed', mode === 'removed');
    this.relabel();
    focus?.focus();
  }

  private startRename(): void {
    this.clearError();
    this.input.value = this.p.nickname;
    this.input.readOnly = false;
    this.saveButton.disabled = false;
    this.setMode('rename', this.input);
    this.input.select();
  }

  private save(): void {
    const nick = checkNickname(this.input.value);
    if (!nick.ok) {
      this.refused(ERROR_TEXT[nick.code]);
      return;
    }
    if (nick.nickname === this.p.nickname) return this.cancel();
    this.clearError();
    if (!this.handlers.rename(this.p.id, nick.nickname)) return;
    // Until the state shows the new name (or the server says why not).
    this.pending = nick.nickname;
    this.input.readOnly = true;
    this.saveButton.disabled = true;
  }

  private ask(mode: 'confirm-remove' | 'confirm-block'): void {
    this.clearError();
    this.setMode(mode, this.cancelConfirm);
  }

  private cancel(): void {
    const back = this.mode === 'confirm-block' ? this.blockButton : this.mode === 'confirm-remove' ? this.removeButton : this.renameButton;
    this.pending = null;
    this.clearError();
    this.setMode('view', back);
  }

  private confirm(): void {
    const block = this.mode === 'confirm-block';
    if (!this.handlers.remove(this.p.id, block)) return;
    this.blocked = block;
    this.notify(block ? 'roster.blockedNotice' : 'roster.removedNotice', { name: this.p.nickname });
    // A removed student stays listed, offline, until the round that holds their seat ends.
    this.setMode('removed');
    this.update(this.p, null);
  }
}

/**
 * Who is here and the class size; per student a rename, a removal (with or without a block, asked
 * first) and a pair: one select per student ("Pair 1", "Pair 2", …). Students put in the same
 * pair play together; a student alone in a pair plays against the bot. Choices the host has not
 * applied yet survive the state updates that keep coming in.
 */
export class Roster {
  readonly el: HTMLElement;
  private readonly heading = h('h2', { id: 'roster-heading' });
  private readonly list = h('ul', { class: 'roster-list', 'aria-labelledby': 'roster-heading' });
  private readonly empty = ht('p', 'host.noStudents', { class: 'muted' });
  private readonly error = h('p', { class: 'error', role: 'alert', 'data-testid': 'pairs-error' });
  private readonly sizeInput: HTMLInputElement;
  private readonly sizeStatus = h('p', { class: 'class-size-status', id: 'class-size-status', 'data-testid': 'class-size-status' });
  private readonly sizeError = h('p', { class: 'error', role: 'alert', id: 'class-size-error', 'data-testid': 'class-size-error' });
  private readonly chosen = new Map<string, number>();
  private readonly rows = new Map<string, RosterRow>();
  private snapshot: ClassSnapshot | undefined;
  private signature = '';
  private maxStudents: number | null = null;
  /** The host is typing a class size: the server's value does not overwrite it. */
  private sizeTyped = false;
  /** The rename and the removal last sent: where a refusal of either belongs. */
  private lastRename: string | null = null;
  private lastRemove: string | null = null;
  private readonly offLang: () => void;

  constructor(private readonly handlers: RosterHandlers, private readonly notify: (text: () => string) => void = () => undefined) {
    const apply = ht('button', 'host.applyPairs', { type: 'button', 'data-testid': 'apply-pairs' });
    const auto = ht('button', 'host.autoPairs', { type: 'button', 'data-testid': 'auto-pairs' });
    apply.addEventListener('click', () => this.apply());
    auto.addEventListener('click', () => {
      this.chosen.clear();
      this.error.textContent = '';
      this.handlers.setPairs(autoPairs(this.present().map((p) => p.id)));
    });

    this.sizeInput = h('input', {
      type: 'text', inputmode: 'numeric', autocomplete: 'off', id: 'class-size-input', 'data-testid': 'class-size-input', class: 'class-size-input',
      'aria-describedby': 'class-size-status class-size-hint class-size-error',
    });
    const size = h('form', { class: 'class-size', novalidate: true, 'data-testid': 'class-size' },
      h('div', { class: 'field inline' }, ht('label', 'roster.classSize', { for: 'class-size-input' }), this.sizeInput,
        ht('button', 'roster.classSizeSet', { type: 'submit', class: 'small', 'data-testid': 'class-size-apply' })),
      this.sizeStatus,
      ht('small', 'roster.classSizeHint', { class: 'hint', id: 'class-size-hint' }),
      this.sizeError);
    this.sizeInput.addEventListener('input', () => (this.sizeTyped = true));
    size.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.applySize();
    });

    this.el = h('section', { class: 'card roster', 'aria-labelledby': 'roster-heading', 'data-testid': 'roster' },
      this.heading, size, this.empty, this.list, ht('p', 'host.pairsHint', { class: 'hint' }), this.error, h('div', { class: 'actions' }, apply, auto));
    this.offLang = onLang(() => this.render());
    this.render();
  }

  show(s: ClassSnapshot): void {
    this.snapshot = s;
    // The state changes every few hundred ms in a round; redraw only when the roster itself did.
    const sig = JSON.stringify(Object.values(s.players).map((p) => [p.id, p.nickname, p.connected, p.score, p.pairId]));
    if (sig === this.signature) return;
    this.signature = sig;
    this.render();
  }

  /** The class size the server holds now. */
  showConfig(c: { maxStudents: number }): void {
    this.maxStudents = c.maxStudents;
    if (!this.sizeTyped) this.sizeInput.value = String(c.maxStudents);
    this.sizeInput.setAttribute('aria-invalid', 'false');
    this.sizeError.textContent = '';
    this.render();
  }

  /** The server refused an intent of the roster's: its reason next to the row (the notice says it too). */
  refused(intent: string | undefined, text: Text): void {
    const id = intent === 'renameStudent' ? this.lastRename : intent === 'removeStudent' ? this.lastRemove : null;
    if (intent === 'configureRound') this.sizeError.textContent = text[getLang()];
    if (id) this.rows.get(id)?.refused(text);
  }

  dispose(): void {
    this.offLang();
  }

  private players(): PlayerSnapshot[] {
    return Object.values(this.snapshot?.players ?? {});
  }

  private present(): PlayerSnapshot[] {
    return this.players().filter((p) => p.connected);
  }

  /** The pair number a student is in now: the host's pending choice, the published pair, or join order. */
  private pairOf(p: PlayerSnapshot, index: number): number {
    const pending = this.chosen.get(p.id);
    if (pending) return pending;
    const m = /^pair(\d+)$/.exec(p.pairId);
    return m ? Number(m[1]) : Math.floor(index / 2) + 1;
  }

  private render(): void {
    const players = this.players();
    tr(this.heading, 'host.students', { n: players.length });
    if (this.maxStudents !== null) {
      const s = classSizeText(players.length, this.maxStudents);
      tr(this.sizeStatus, s.key, s.params);
    }
    this.empty.hidden = players.length > 0;
    const present = this.present();
    const slots = Math.max(1, present.length);
    const seen = new Set<string>();
    players.forEach((p) => {
      seen.add(p.id);
      let row = this.rows.get(p.id);
      if (!row) {
        row = new RosterRow(p, {
          ...this.handlers,
          rename: (id, nickname) => {
            this.lastRename = id;
            return this.handlers.rename(id, nickname);
          },
          remove: (id, block) => {
            this.lastRemove = id;
            return this.handlers.remove(id, block);
          },
        }, (n) => this.chosen.set(p.id, n), (key, params) => this.notify(() => t(key, params)));
        this.rows.set(p.id, row);
      }
      const i = present.indexOf(p);
      row.update(p, i >= 0 ? { value: this.pairOf(p, i), slots } : null);
    });
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.el.remove();
      this.rows.delete(id);
      this.chosen.delete(id);
    }
    // In join order; moving a row that is in place already would drop its focus.
    players.forEach((p, i) => {
      const el = this.rows.get(p.id)?.el;
      if (el && this.list.children[i] !== el) this.list.insertBefore(el, this.list.children[i] ?? null);
    });
  }

  private applySize(): void {
    const n = parseClassSize(this.sizeInput.value);
    if (n === null) {
      this.sizeInput.setAttribute('aria-invalid', 'true');
      this.sizeError.textContent = t('err.number', { field: t('roster.classSize'), min: 1, max: MAX_CLASS_SIZE });
      this.sizeInput.focus();
      return;
    }
    this.sizeInput.setAttribute('aria-invalid', 'false');
    this.sizeError.textContent = '';
    if (this.handlers.setClassSize(n)) this.sizeTyped = false;
  }

  private apply(): void {
    const groups = new Map<number, string[]>();
    this.present().forEach((p, i) => {
      const n = this.pairOf(p, i);
      groups.set(n, [...(groups.get(n) ?? []), p.id]);
    });
    const pairs: Pairing[] = [];
    for (const [n, ids] of [...groups].sort((a, b) => a[0] - b[0])) {
      if (ids.length > 2) {
        this.error.textContent = t('err.pairTooBig', { pair: t('host.pairN', { n }), n: ids.length });
        return;
      }
      pairs.push({ a: ids[0] as string, b: ids[1] ?? null });
    }
    this.error.textContent = '';
    this.chosen.clear();
    this.handlers.setPairs(pairs);
  }
}
