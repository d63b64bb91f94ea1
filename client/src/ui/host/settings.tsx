import { signal } from '@preact/signals';
import { render, type ComponentChildren } from 'preact';
import { DEFAULT_ROUND_CONFIG, SCENARIOS, timingIssues, type RoundConfig } from '../../../../shared/index';
import { customScenarios, knownScenario } from '../../scenarios';
import { lang, pick, t, type Lang, type TextKey } from '../../i18n/ui';
import { parseNumberIn } from '../parse';

type NumberField = { key: TextKey; testid: string; min: number; max: number; read: (c: RoundConfig) => number };

const NETWORK: Record<string, NumberField> = {
  loss: { key: 'host.loss', testid: 'loss-input', min: 0, max: 90, read: (c) => Math.round(c.net.loss * 100) },
  delayMin: { key: 'host.delayMin', testid: 'delay-min-input', min: 0, max: 60_000, read: (c) => c.net.delayMin },
  delayMax: { key: 'host.delayMax', testid: 'delay-max-input', min: 0, max: 60_000, read: (c) => c.net.delayMax },
  duplicate: { key: 'host.duplicate', testid: 'duplicate-input', min: 0, max: 90, read: (c) => Math.round(c.net.duplicate * 100) },
  reorder: { key: 'host.reorder', testid: 'reorder-input', min: 0, max: 90, read: (c) => Math.round(c.net.reorder * 100) },
};
const TIMERS: Record<string, NumberField> = {
  rto: { key: 'host.rto', testid: 'rto-input', min: 1, max: 300, read: (c) => c.rtoMs / 1000 },
  msl: { key: 'host.msl', testid: 'msl-input', min: 1, max: 300, read: (c) => c.mslMs / 1000 },
};
const PLAY: Record<string, NumberField> = {
  hintAfter: { key: 'host.hintAfter', testid: 'hint-after-input', min: 0, max: 3600, read: (c) => c.hintAfterS },
};
const NUMBERS: Record<string, NumberField> = { ...NETWORK, ...TIMERS, ...PLAY };

type Check = 'timeBonus' | 'answerAtOnce' | 'showLosses' | 'autoEnd' | 'backoff';
type CheckField = { name: Check; key: TextKey; testid: string; about?: TextKey };
/** The timers' own tick: retransmission backoff (shared/round/backoff.ts), explained under it. */
const TIMER_CHECKS: CheckField[] = [
  { name: 'backoff', key: 'host.backoff', testid: 'backoff-input', about: 'host.backoffAbout' },
];
const CHECKS: CheckField[] = [
  { name: 'answerAtOnce', key: 'host.answerAtOnce', testid: 'answer-at-once-input' },
  { name: 'showLosses', key: 'host.showLosses', testid: 'show-losses-input' },
  { name: 'autoEnd', key: 'host.autoEnd', testid: 'auto-end-input' },
  { name: 'timeBonus', key: 'host.timeBonus', testid: 'time-bonus-input' },
];
type Select = 'scenario' | 'mode' | 'numbers';

/** A reason a setting was refused, in both languages, for one field (rtoMs, mslMs). */
export interface FieldIssue {
  field: string;
  text: Record<Lang, string>;
}

/**
 * Where one control's value is: typed and not applied yet, sent and not confirmed, confirmed by
 * the server's configuration, or not sent (out of range, or timers that would break the lesson).
 */
export type FieldMark = 'edited' | 'saving' | 'saved' | 'refused';

const MARK_TEXT: Record<FieldMark, TextKey> = {
  edited: 'settings.mark.edited', saving: 'settings.mark.saving', saved: 'settings.mark.saved', refused: 'settings.mark.refused',
};

/** The test id of a control's mark: `loss-input` → `loss-mark`, `scenario-select` → `scenario-mark`. */
export const markTestId = (controlTestId: string): string => `${controlTestId.replace(/-(input|select)$/, '')}-mark`;

interface Draft {
  scenario: string;
  mode: string;
  numbers: string;
  checks: Record<Check, boolean>;
  nums: Record<string, string>;
}

const SELECTS: readonly string[] = ['scenario', 'mode', 'numbers'];

/** Whether control `name` says the same in both drafts (numbers as numbers: "5" and "5.0" agree). */
function sameValue(a: Draft, b: Draft, name: string): boolean {
  if (SELECTS.includes(name)) return a[name as Select] === b[name as Select];
  if (name in a.checks) return a.checks[name as Check] === b.checks[name as Check];
  const f = NUMBERS[name];
  if (!f) return true;
  return parseNumberIn(a.nums[name] ?? '', f.min, f.max) === parseNumberIn(b.nums[name] ?? '', f.min, f.max);
}

/** Control `name` of `into` takes its value from `from`. */
function keepValue(into: Draft, from: Draft, name: string): void {
  if (SELECTS.includes(name)) into[name as Select] = from[name as Select];
  else if (name in from.checks) into.checks[name as Check] = from.checks[name as Check];
  else into.nums[name] = from.nums[name] ?? '';
}

function draftOf(c: RoundConfig): Draft {
  return {
    scenario: c.scenario,
    mode: c.mode,
    numbers: c.numbers,
    checks: { timeBonus: c.timeBonus, answerAtOnce: c.answerAtOnce, showLosses: c.showLosses, autoEnd: c.autoEnd, backoff: c.backoff },
    nums: Object.fromEntries(Object.entries(NUMBERS).map(([name, f]) => [name, String(f.read(c))])),
  };
}

/** The draft as a configuration (fields the form does not edit kept from `base`), or the first number out of range. */
export function readDraft(d: Draft, base: RoundConfig): { config: RoundConfig } | { bad: string; f: NumberField } {
  const n: Record<string, number> = {};
  for (const [name, f] of Object.entries(NUMBERS)) {
    const v = parseNumberIn(d.nums[name] ?? '', f.min, f.max);
    if (v === null) return { bad: name, f };
    n[name] = v;
  }
  const delayMin = Math.round(n.delayMin ?? base.net.delayMin);
  const delayMax = Math.max(delayMin, Math.round(n.delayMax ?? base.net.delayMax));
  return {
    config: {
      ...base,
      scenario: d.scenario,
      mode: d.mode === 'assessment' ? 'assessment' : 'practice',
      net: { loss: (n.loss ?? 0) / 100, delayMin, delayMax, duplicate: (n.duplicate ?? 0) / 100, reorder: (n.reorder ?? 0) / 100 },
      rtoMs: Math.round((n.rto ?? base.rtoMs / 1000) * 1000),
      mslMs: Math.round((n.msl ?? base.mslMs / 1000) * 1000),
      backoff: d.checks.backoff,
      timeBonus: d.checks.timeBonus,
      numbers: d.numbers === 'textbook' || d.numbers === 'random' ? d.numbers : 'auto',
      answerAtOnce: d.checks.answerAtOnce,
      showLosses: d.checks.showLosses,
      hintAfterS: Math.round(n.hintAfter ?? base.hintAfterS),
      autoEnd: d.checks.autoEnd,
    },
  };
}

/**
 * The round settings: scenario (with what it teaches), mode, network (loss, delay, duplicates,
 * reorder), timers (network time), and how the round is played. A setting takes effect as the
 * host makes it — a choice or a tick at once, a typed number when the field is left or Enter is
 * pressed — and each control says beside it whether the server has it (`<name>-mark`). Timers
 * that would break a lesson (shared/round/timing.ts) are shown with the reason next to the RTO or
 * MSL field and not sent; the server's own refusal (`bad-timers`) is shown the same way. A Preact
 * panel mounted in `el`; the dashboard talks to it through this class.
 */
export class SettingsForm {
  readonly el: HTMLElement;
  /** The configuration the server holds (fields this form does not edit are sent back as they are). */
  private server: RoundConfig = DEFAULT_ROUND_CONFIG;
  private readonly draft = signal<Draft>(draftOf(DEFAULT_ROUND_CONFIG));
  private readonly marks = signal<ReadonlyMap<string, FieldMark>>(new Map());
  private readonly issues = signal<readonly FieldIssue[]>([]);
  /** The form's line: saved, refused, or a number out of range. */
  private readonly status = signal<(() => string) | null>(null);
  /** The first number out of range, if any. */
  private readonly bad = signal<string | null>(null);

  constructor(private readonly apply: (config: RoundConfig) => void) {
    this.el = document.createElement('section');
    this.el.className = 'card';
    this.el.setAttribute('aria-labelledby', 'settings-heading');
    this.el.setAttribute('data-testid', 'settings');
    render(<this.View />, this.el);
  }

  /**
   * Show the configuration the server holds now. A control the host has changed keeps the host's
   * value until the server holds that value (then it is marked saved): an answer to an earlier
   * change, or another host's, does not undo a choice made since.
   */
  show(c: RoundConfig): void {
    this.server = c;
    const fresh = draftOf(c);
    const d = this.draft.value;
    const marks = new Map(this.marks.value);
    const next: Draft = { ...fresh, checks: { ...fresh.checks }, nums: { ...fresh.nums } };
    for (const [name, m] of this.marks.value) {
      if (m === 'saved') continue;
      if (sameValue(d, fresh, name)) {
        if (m === 'saving') marks.set(name, 'saved');
        else marks.delete(name);
        continue;
      }
      keepValue(next, d, name);
    }
    this.draft.value = next;
    this.marks.value = marks;
    this.check();
  }

  /**
   * The server's configuration has come back after this form's change; `last`: the answer to the
   * last change sent, so whatever is still waiting is what the server made of it.
   */
  saved(last = true): void {
    if (!last) return;
    this.status.value = () => t('host.settingsSaved');
    const waiting = [...this.marks.value].filter(([, m]) => m === 'saving').map(([n]) => n);
    const fresh = draftOf(this.server);
    const d = this.draft.value;
    const next: Draft = { ...d, checks: { ...d.checks }, nums: { ...d.nums } };
    for (const n of waiting) keepValue(next, fresh, n);
    this.draft.value = next;
    this.setMarks(waiting, 'saved');
  }

  /** The server refused the settings (`bad-timers`): its reasons, next to their fields. */
  refused(issues: readonly { path: string; text?: Record<Lang, string> }[]): void {
    const withText = issues.filter((i): i is { path: string; text: Record<Lang, string> } => i.text !== undefined);
    this.issues.value = withText.map((i) => ({ field: i.path, text: i.text }));
    this.status.value = () => t('host.settingsRefused');
    this.setMarks([...this.marks.value].filter(([, m]) => m === 'saving').map(([n]) => n), 'refused');
  }

  dispose(): void {
    render(null, this.el);
  }

  private setMarks(names: readonly string[], mark: FieldMark | null): void {
    const next = new Map(this.marks.value);
    for (const n of names) {
      if (mark === null) next.delete(n);
      else next.set(n, mark);
    }
    this.marks.value = next;
  }

  /** Whether the timers keep the lessons possible; the reasons shown next to RTO and MSL. */
  private check(): boolean {
    const r = readDraft(this.draft.value, this.server);
    if (!('config' in r)) return true;
    const c = r.config;
    this.issues.value = timingIssues(c, knownScenario(c.scenario)).map((i) => ({ field: i.field, text: i.message }));
    return this.issues.value.length === 0;
  }

  /**
   * Send the form as it is. `changed`: the controls this is for (their marks follow it); `always`:
   * send even when the server already holds all of it (the Apply button, which the server answers).
   */
  private commit(asked: readonly string[], always: boolean): void {
    // Fields typed or refused before go with this sending too (the form is sent whole).
    const changed = [...new Set([...asked, ...[...this.marks.value].filter(([, m]) => m === 'edited' || m === 'refused').map(([n]) => n)])];
    this.status.value = null;
    this.bad.value = null;
    const r = readDraft(this.draft.value, this.server);
    if (!('config' in r)) {
      this.bad.value = r.bad;
      const f = r.f;
      this.status.value = () => t('err.number', { field: t(f.key), min: f.min, max: f.max });
      this.setMarks([r.bad], 'refused');
      return;
    }
    if (!this.check()) {
      this.status.value = () => t('host.settingsRefused');
      this.setMarks(changed, 'refused');
      return;
    }
    if (!always && JSON.stringify(r.config) === JSON.stringify(this.server)) {
      // Typed back to what the server holds: nothing to send, nothing waiting.
      this.setMarks(changed, null);
      return;
    }
    this.setMarks(changed, 'saving');
    this.apply(r.config);
  }

  private editNumber(name: string, value: string): void {
    const d = this.draft.value;
    this.draft.value = { ...d, nums: { ...d.nums, [name]: value } };
    const f = NUMBERS[name];
    const same = f !== undefined && value.trim() === String(f.read(this.server));
    this.setMarks([name], same ? null : 'edited');
    // The timers are checked while they are typed (and against the scenario chosen).
    if (['rto', 'msl', 'delayMax', 'reorder'].includes(name)) this.check();
  }

  private choose(name: Select, value: string): void {
    this.draft.value = { ...this.draft.value, [name]: value };
    this.check();
    // A choice is sent as made (the server answers each, so the host sees it taken).
    this.commit([name], true);
  }

  private tick(name: Check, on: boolean): void {
    const d = this.draft.value;
    this.draft.value = { ...d, checks: { ...d.checks, [name]: on } };
    this.commit([name], true);
  }

  private edited(): string[] {
    return [...this.marks.value].filter(([, m]) => m === 'edited').map(([n]) => n);
  }

  private readonly View = () => {
    const l = lang.value;
    const d = this.draft.value;
    const marks = this.marks.value;
    const issues = this.issues.value;
    const bad = this.bad.value;
    const status = this.status.value;
    const mark = (name: string, testid: string) => {
      const m = marks.get(name);
      return (
        <small class="field-mark" id={`settings-${name}-mark`} data-testid={markTestId(testid)} data-mark={m ?? ''}>
          {m ? t(MARK_TEXT[m]) : ''}
        </small>
      );
    };
    const field = (name: string, label: TextKey, testid: string, control: (describedBy: string) => ComponentChildren, extra?: ComponentChildren) => (
      <div class="field" key={name}>
        <label for={`settings-${name}`}>{t(label)}</label>
        {control(`settings-${name}-mark`)}
        {mark(name, testid)}
        {extra}
      </div>
    );
    const numberField = (name: string, f: NumberField) => {
      const issueField = name === 'rto' ? 'rtoMs' : name === 'msl' ? 'mslMs' : null;
      const why = issueField ? issues.filter((i) => i.field === issueField).map((i) => i.text[l]).join(' ') : '';
      const invalid = bad === name || why !== '';
      return field(name, f.key, f.testid, (markId) => (
        <input
          id={`settings-${name}`} type="text" inputmode="decimal" autocomplete="off" data-testid={f.testid}
          value={d.nums[name] ?? ''} aria-invalid={invalid ? 'true' : 'false'}
          aria-describedby={issueField ? `settings-${name}-why ${markId}` : markId}
          onInput={(e) => this.editNumber(name, e.currentTarget.value)}
          onChange={() => {
            if (this.marks.value.get(name) === 'edited') this.commit([name], false);
          }}
        />
      ), issueField ? (
        // The reason a timer would break the lesson, right under it.
        <small class="field-error" id={`settings-${name}-why`} role="alert" data-testid={f.testid.replace('-input', '-error')}>{why}</small>
      ) : null);
    };
    const group = (fields: Record<string, NumberField>) => Object.entries(fields).map(([name, f]) => numberField(name, f));
    const check = (c: CheckField) => (
      <div class="field check" key={c.name}>
        <input type="checkbox" id={`settings-${c.name}`} data-testid={c.testid} checked={d.checks[c.name]}
          aria-describedby={c.about ? `settings-${c.name}-about settings-${c.name}-mark` : `settings-${c.name}-mark`}
          onChange={(e) => this.tick(c.name, e.currentTarget.checked)} />
        <label for={`settings-${c.name}`}>{t(c.key)}</label>
        {mark(c.name, c.testid)}
        {c.about ? <p class="hint" id={`settings-${c.name}-about`} data-testid={`${c.name}-about`}>{t(c.about)}</p> : null}
      </div>
    );
    const sc = knownScenario(d.scenario);
    const own = customScenarios.value;
    return (
      <>
        <h2 id="settings-heading">{t('host.settings')}</h2>
        <p class="hint" id="settings-how" data-testid="settings-how">{t('settings.how')}</p>
        <form
          class="settings" noValidate aria-describedby="settings-how"
          onSubmit={(e) => {
            e.preventDefault();
            this.commit(this.edited(), true);
          }}
        >
          <div class="grid-fields">
            {field('scenario', 'host.scenario', 'scenario-select', (markId) => (
              <select id="settings-scenario" data-testid="scenario-select" value={d.scenario} aria-describedby={`settings-scenario-about ${markId}`}
                onChange={(e) => this.choose('scenario', e.currentTarget.value)}>
                {SCENARIOS.map((s) => <option key={s.id} value={s.id} title={pick(s.summary)}>{`${s.number}. ${pick(s.title)}`}</option>)}
                {/* The school's and the class's own scenarios (issue 16), by title. */}
                {own.map((s) => <option key={s.id} value={s.id} title={pick(s.summary)}>{`★ ${pick(s.title)}`}</option>)}
              </select>
            ))}
            {field('mode', 'host.mode', 'mode-select', (markId) => (
              <select id="settings-mode" data-testid="mode-select" value={d.mode} aria-describedby={markId} onChange={(e) => this.choose('mode', e.currentTarget.value)}>
                <option value="practice">{t('mode.practice')}</option>
                <option value="assessment">{t('mode.assessment')}</option>
              </select>
            ))}
          </div>
          {/* What the chosen scenario teaches, in the page's language. */}
          <p class="scenario-about" id="settings-scenario-about" data-testid="scenario-description">{sc ? pick(sc.summary) : ''}</p>
          <h3>{t('host.network')}</h3>
          <div class="grid-fields">{group(NETWORK)}</div>
          <h3>{t('host.timers')}</h3>
          <div class="grid-fields">{group(TIMERS)}</div>
          {TIMER_CHECKS.map(check)}
          <h3>{t('host.play')}</h3>
          <div class="grid-fields">
            {field('numbers', 'host.numbers', 'numbers-select', (markId) => (
              <select id="settings-numbers" data-testid="numbers-select" value={d.numbers} aria-describedby={markId} onChange={(e) => this.choose('numbers', e.currentTarget.value)}>
                <option value="auto">{t('host.numbers.auto')}</option>
                <option value="textbook">{t('host.numbers.textbook')}</option>
                <option value="random">{t('host.numbers.random')}</option>
              </select>
            ))}
            {group(PLAY)}
          </div>
          {CHECKS.map(check)}
          <p class="form-status" role="status" data-testid="settings-status">{status ? status() : ''}</p>
          <button type="submit" data-testid="apply-settings">{t('host.applySettings')}</button>
        </form>
      </>
    );
  };
}
