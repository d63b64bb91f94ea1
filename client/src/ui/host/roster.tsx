import { signal } from '@preact/signals';
import { render } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { autoPairs, checkNickname, ERROR_TEXT, MAX_CLASS_SIZE, type Pairing } from '../../../../shared/index';
import { lang, t, type Lang } from '../../i18n/ui';
import type { ClassSnapshot, PlayerSnapshot } from '../../net/events';
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

type Notice = 'roster.renamed' | 'roster.removedNotice' | 'roster.blockedNotice';

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

/** A refusal from the server for one row; `n` tells one refusal from the next. */
interface Refusal {
  text: Text;
  n: number;
}

interface RowProps {
  p: PlayerSnapshot;
  /** The student's pair number and how many there are; null: offline. */
  pair: { value: number; slots: number } | null;
  refusal: Refusal | undefined;
  rename(nickname: string): boolean;
  remove(block: boolean): boolean;
  choosePair(n: number): void;
  notify(key: Notice, params: Record<string, string>): void;
}

/**
 * One student's row, keyed by player id: a name being typed, a question being asked and the
 * keyboard focus survive the state updates that keep coming. Focus moves only when the host acts
 * (Rename → the field, Cancel → back to its button). Removing asks first, in the row: Cancel has
 * the focus (a second Enter or Space cancels), and a double click that lands on the confirm button
 * is not taken as a yes.
 */
function RosterRow({ p, pair, refusal, rename, remove, choosePair, notify }: RowProps) {
  const id = p.id;
  const name = p.nickname;
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<Text | null>(null);
  /** A rename sent and not yet seen in the state. */
  const [pending, setPending] = useState<string | null>(null);
  const [blocked, setBlocked] = useState(false);
  const refs = {
    rename: useRef<HTMLButtonElement>(null),
    remove: useRef<HTMLButtonElement>(null),
    block: useRef<HTMLButtonElement>(null),
    input: useRef<HTMLInputElement>(null),
    cancelConfirm: useRef<HTMLButtonElement>(null),
  };
  /** Where the focus goes once the row has been drawn in its new mode. */
  const focusNext = useRef<keyof typeof refs | null>(null);
  const selectNext = useRef(false);
  const lastName = useRef(name);

  const go = (next: Mode, focus: keyof typeof refs | null = null) => {
    setMode(next);
    focusNext.current = focus;
  };

  useLayoutEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (!target) return;
    refs[target].current?.focus();
    // Rename starts with the whole old name selected, ready to be typed over.
    if (target === 'input' && selectNext.current) refs.input.current?.select();
    selectNext.current = false;
  });

  // The state shows the name asked for: told, and back to the row's buttons (unless the host has
  // gone on elsewhere meanwhile).
  useLayoutEffect(() => {
    const old = lastName.current;
    lastName.current = name;
    if (pending === null || name !== pending) return;
    setPending(null);
    notify('roster.renamed', { old, name });
    if (mode !== 'rename') return;
    const active = document.activeElement;
    const here = !active || active === document.body || (refs.input.current?.closest('li')?.contains(active) ?? false);
    go('view', here ? 'rename' : null);
  }, [name]);

  // The server refused this row's rename (or removal): the reason, in the row.
  useLayoutEffect(() => {
    if (!refusal) return;
    setPending(null);
    setError(refusal.text);
    if (mode === 'removed') go('view', 'remove');
    else if (mode === 'rename') focusNext.current = 'input';
  }, [refusal?.n]);

  const clearError = () => setError(null);
  const startRename = () => {
    clearError();
    setDraft(name);
    setPending(null);
    selectNext.current = true;
    go('rename', 'input');
  };
  const save = () => {
    const nick = checkNickname(draft);
    if (!nick.ok) {
      setError(ERROR_TEXT[nick.code]);
      focusNext.current = 'input';
      return;
    }
    if (nick.nickname === name) return cancel();
    clearError();
    if (!rename(nick.nickname)) return;
    // Until the state shows the new name (or the server says why not).
    setPending(nick.nickname);
  };
  const ask = (m: 'confirm-remove' | 'confirm-block') => {
    clearError();
    go(m, 'cancelConfirm');
  };
  const cancel = () => {
    const back = mode === 'confirm-block' ? 'block' : mode === 'confirm-remove' ? 'remove' : 'rename';
    setPending(null);
    clearError();
    go('view', back);
  };
  const confirm = () => {
    const block = mode === 'confirm-block';
    if (!remove(block)) return;
    setBlocked(block);
    notify(block ? 'roster.blockedNotice' : 'roster.removedNotice', { name });
    // A removed student stays listed, offline, until the round that holds their seat ends.
    go('removed');
  };

  const asking = mode === 'confirm-remove' || mode === 'confirm-block';
  const block = mode === 'confirm-block';
  const removed = mode === 'removed';
  const errorText = error ? error[lang.value] : '';
  const invalid = error !== null && mode === 'rename';
  const slots = pair?.slots ?? 0;
  return (
    <li
      class={`roster-row${removed ? ' removed' : ''}`}
      data-testid={`roster-${id}`}
      onKeyDown={(ev) => {
        // Escape cancels a rename or a question from anywhere in the row.
        if (ev.key === 'Escape' && (mode === 'rename' || asking)) {
          ev.preventDefault();
          cancel();
        }
      }}
    >
      <div class="roster-line">
        <span class={`roster-name${p.connected ? '' : ' muted'}`}>{name}</span>
        <span class="num roster-score">{String(p.score)}</span>
        <span class="roster-pair">
          {removed ? null : !pair ? (
            <span class="muted">{t('host.offline')}</span>
          ) : (
            <select data-testid={`pair-select-${id}`} aria-label={t('host.pairOf', { name })} value={String(Math.min(pair.value, slots))} onChange={(ev) => choosePair(Number(ev.currentTarget.value))}>
              {Array.from({ length: slots }, (_, i) => (
                <option key={i} value={String(i + 1)}>{t('host.pairN', { n: i + 1 })}</option>
              ))}
            </select>
          )}
        </span>
        <span class="muted roster-removed" hidden={!removed}>{t(blocked ? 'roster.removedBlocked' : 'roster.removed')}</span>
      </div>
      <div class="roster-actions" role="group" aria-label={t('roster.actions', { name })} hidden={mode !== 'view'}>
        <button ref={refs.rename} type="button" class="small" data-testid={`rename-${id}`} aria-label={t('roster.renameLabel', { name })} onClick={startRename}>{t('roster.rename')}</button>
        <button ref={refs.remove} type="button" class="small danger" data-testid={`remove-${id}`} aria-label={t('roster.removeLabel', { name })} onClick={() => ask('confirm-remove')}>{t('roster.remove')}</button>
        <button ref={refs.block} type="button" class="small danger" data-testid={`block-${id}`} aria-label={t('roster.blockLabel', { name })} onClick={() => ask('confirm-block')}>{t('roster.block')}</button>
      </div>
      <form
        class="roster-editor"
        noValidate
        hidden={mode !== 'rename'}
        onSubmit={(ev) => {
          ev.preventDefault();
          save();
        }}
      >
        <input
          ref={refs.input}
          type="text"
          autocomplete="off"
          spellcheck={false}
          maxLength={48}
          data-testid={`rename-input-${id}`}
          aria-describedby={`roster-error-${id}`}
          aria-label={t('roster.newName', { name })}
          aria-invalid={invalid ? 'true' : 'false'}
          readOnly={pending !== null}
          value={draft}
          onInput={(ev) => setDraft(ev.currentTarget.value)}
        />
        <button type="submit" class="small primary" data-testid={`rename-save-${id}`} disabled={pending !== null}>{t('roster.save')}</button>
        <button type="button" class="small" data-testid={`rename-cancel-${id}`} onClick={cancel}>{t('roster.cancel')}</button>
      </form>
      <div class="roster-confirm" role="group" data-testid={`confirm-${id}`} aria-label={t('roster.actions', { name })} hidden={!asking}>
        <p class="roster-question">{t(block ? 'roster.confirmBlock' : 'roster.confirmRemove', { name })}</p>
        <div class="actions">
          <button ref={refs.cancelConfirm} type="button" class="small" data-testid={`confirm-cancel-${id}`} onClick={cancel}>{t('roster.cancel')}</button>
          <button
            type="button"
            class="small danger"
            data-testid={`confirm-remove-${id}`}
            onClick={(ev) => {
              // The second click of a double click on Remove, landing on this button, is no answer.
              if (ev.detail > 1) return;
              confirm();
            }}
          >
            {t(block ? 'roster.blockYes' : 'roster.removeYes')}
          </button>
        </div>
      </div>
      <p class="error" role="alert" id={`roster-error-${id}`} data-testid={`roster-error-${id}`}>{errorText}</p>
    </li>
  );
}

/**
 * Who is here and the class size; per student a rename, a removal (with or without a block, asked
 * first) and a pair: one select per student ("Pair 1", "Pair 2", …). Students put in the same
 * pair play together; a student alone in a pair plays against the bot. Choices the host has not
 * applied yet survive the state updates that keep coming in. A Preact panel mounted in `el`; the
 * dashboard talks to it through this class.
 */
export class Roster {
  readonly el: HTMLElement;
  private readonly players = signal<PlayerSnapshot[]>([]);
  /** Pair numbers the host chose and has not applied yet, by player id. */
  private readonly chosen = signal<ReadonlyMap<string, number>>(new Map());
  private readonly maxStudents = signal<number | null>(null);
  /** The class size in the field: the host's typing, else the server's value. */
  private readonly sizeDraft = signal('');
  private readonly sizeError = signal<(() => string) | null>(null);
  private readonly pairsError = signal<(() => string) | null>(null);
  private readonly refusals = signal<ReadonlyMap<string, Refusal>>(new Map());
  private signature = '';
  /** The host is typing a class size: the server's value does not overwrite it. */
  private sizeTyped = false;
  /** The rename and the removal last sent: where a refusal of either belongs. */
  private lastRename: string | null = null;
  private lastRemove: string | null = null;
  private refusalCount = 0;

  constructor(private readonly handlers: RosterHandlers, private readonly notify: (text: () => string) => void = () => undefined) {
    this.el = document.createElement('section');
    this.el.className = 'card roster';
    this.el.setAttribute('aria-labelledby', 'roster-heading');
    this.el.setAttribute('data-testid', 'roster');
    render(<this.View />, this.el);
  }

  show(s: ClassSnapshot): void {
    // The state changes every few hundred ms in a round; the roster only when its students do.
    const players = Object.values(s.players);
    const sig = JSON.stringify(players.map((p) => [p.id, p.nickname, p.connected, p.score, p.pairId]));
    if (sig === this.signature) return;
    this.signature = sig;
    const here = new Set(players.map((p) => p.id));
    if ([...this.chosen.value.keys()].some((id) => !here.has(id))) this.chosen.value = new Map([...this.chosen.value].filter(([id]) => here.has(id)));
    this.players.value = players;
  }

  /** The class size the server holds now. */
  showConfig(c: { maxStudents: number }): void {
    this.maxStudents.value = c.maxStudents;
    if (!this.sizeTyped) this.sizeDraft.value = String(c.maxStudents);
    this.sizeError.value = null;
  }

  /** The server refused an intent of the roster's: its reason next to the row (the notice says it too). */
  refused(intent: string | undefined, text: Text): void {
    if (intent === 'configureRound') this.sizeError.value = () => text[lang.value];
    const id = intent === 'renameStudent' ? this.lastRename : intent === 'removeStudent' ? this.lastRemove : null;
    if (id) this.refusals.value = new Map(this.refusals.value).set(id, { text, n: ++this.refusalCount });
  }

  dispose(): void {
    render(null, this.el);
  }

  private present(): PlayerSnapshot[] {
    return this.players.value.filter((p) => p.connected);
  }

  /** The pair number a student is in now: the host's pending choice, the published pair, or join order. */
  private pairOf(p: PlayerSnapshot, index: number): number {
    const pending = this.chosen.value.get(p.id);
    if (pending) return pending;
    const m = /^pair(\d+)$/.exec(p.pairId);
    return m ? Number(m[1]) : Math.floor(index / 2) + 1;
  }

  private applySize(): void {
    const n = parseClassSize(this.sizeDraft.value);
    if (n === null) {
      this.sizeError.value = () => t('err.number', { field: t('roster.classSize'), min: 1, max: MAX_CLASS_SIZE });
      document.getElementById('class-size-input')?.focus();
      return;
    }
    this.sizeError.value = null;
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
        this.pairsError.value = () => t('err.pairTooBig', { pair: t('host.pairN', { n }), n: ids.length });
        return;
      }
      pairs.push({ a: ids[0] as string, b: ids[1] ?? null });
    }
    this.pairsError.value = null;
    this.chosen.value = new Map();
    this.handlers.setPairs(pairs);
  }

  private autoPair(): void {
    this.chosen.value = new Map();
    this.pairsError.value = null;
    this.handlers.setPairs(autoPairs(this.present().map((p) => p.id)));
  }

  private readonly View = () => {
    const players = this.players.value;
    const present = this.present();
    const slots = Math.max(1, present.length);
    const max = this.maxStudents.value;
    const size = max === null ? null : classSizeText(players.length, max);
    const sizeError = this.sizeError.value;
    const pairsError = this.pairsError.value;
    const refusals = this.refusals.value;
    return (
      <>
        <h2 id="roster-heading">{t('host.students', { n: players.length })}</h2>
        <form
          class="class-size"
          noValidate
          data-testid="class-size"
          onSubmit={(ev) => {
            ev.preventDefault();
            this.applySize();
          }}
        >
          <div class="field inline">
            <label for="class-size-input">{t('roster.classSize')}</label>
            <input
              type="text"
              inputMode="numeric"
              autocomplete="off"
              id="class-size-input"
              data-testid="class-size-input"
              class="class-size-input"
              aria-describedby="class-size-status class-size-hint class-size-error"
              aria-invalid={sizeError ? 'true' : 'false'}
              value={this.sizeDraft.value}
              onInput={(ev) => {
                this.sizeTyped = true;
                this.sizeDraft.value = ev.currentTarget.value;
              }}
            />
            <button type="submit" class="small" data-testid="class-size-apply">{t('roster.classSizeSet')}</button>
          </div>
          <p class="class-size-status" id="class-size-status" data-testid="class-size-status">{size ? t(size.key, size.params) : ''}</p>
          <small class="hint" id="class-size-hint">{t('roster.classSizeHint')}</small>
          <p class="error" role="alert" id="class-size-error" data-testid="class-size-error">{sizeError ? sizeError() : ''}</p>
        </form>
        <p class="muted" hidden={players.length > 0}>{t('host.noStudents')}</p>
        <ul class="roster-list" aria-labelledby="roster-heading">
          {players.map((p) => {
            const i = present.indexOf(p);
            return (
              <RosterRow
                key={p.id}
                p={p}
                pair={i >= 0 ? { value: this.pairOf(p, i), slots } : null}
                refusal={refusals.get(p.id)}
                rename={(nickname) => {
                  this.lastRename = p.id;
                  return this.handlers.rename(p.id, nickname);
                }}
                remove={(block) => {
                  this.lastRemove = p.id;
                  return this.handlers.remove(p.id, block);
                }}
                choosePair={(n) => (this.chosen.value = new Map(this.chosen.value).set(p.id, n))}
                notify={(key, params) => this.notify(() => t(key, params))}
              />
            );
          })}
        </ul>
        <p class="hint">{t('host.pairsHint')}</p>
        <p class="error" role="alert" data-testid="pairs-error">{pairsError ? pairsError() : ''}</p>
        <div class="actions">
          <button type="button" data-testid="apply-pairs" onClick={() => this.apply()}>{t('host.applyPairs')}</button>
          <button type="button" data-testid="auto-pairs" onClick={() => this.autoPair()}>{t('host.autoPairs')}</button>
        </div>
      </>
    );
  };
}
