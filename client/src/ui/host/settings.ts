import { DEFAULT_ROUND_CONFIG, findScenario, SCENARIOS, timingIssues, type RoundConfig } from '../../../../shared/index';
import { getLang, onLang, pick, t, type Lang, type TextKey } from '../../i18n/ui';
import { field, h, ht, tr } from '../dom';
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

type Check = 'timeBonus' | 'answerAtOnce' | 'showLosses' | 'autoEnd';
const CHECKS: { name: Check; key: TextKey; testid: string }[] = [
  { name: 'timeBonus', key: 'host.timeBonus', testid: 'time-bonus-input' },
  { name: 'answerAtOnce', key: 'host.answerAtOnce', testid: 'answer-at-once-input' },
  { name: 'showLosses', key: 'host.showLosses', testid: 'show-losses-input' },
  { name: 'autoEnd', key: 'host.autoEnd', testid: 'auto-end-input' },
];

/** A reason a setting was refused, in both languages, for one field (rtoMs, mslMs). */
export interface FieldIssue {
  field: string;
  text: Record<Lang, string>;
}

/**
 * The round settings: scenario, mode, network (loss, delay, duplicates, reorder), timers (network
 * time), and how the round is played (ISNs, hints, losses shown, ending by itself). Timers that
 * would break a lesson (shared/round/timing.ts) are shown with the reason next to the RTO or MSL
 * field and not sent; the server's own refusal (`bad-timers`) is shown the same way.
 */
export class SettingsForm {
  readonly el: HTMLElement;
  private readonly scenario = h('select', { 'data-testid': 'scenario-select' });
  private readonly mode = h('select', { 'data-testid': 'mode-select' });
  private readonly numbersSelect = h('select', { 'data-testid': 'numbers-select' });
  private readonly checks = new Map<Check, HTMLInputElement>();
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly fieldErrors = new Map<string, HTMLElement>();
  private issues: FieldIssue[] = [];
  /** The configuration the server holds (fields this form does not edit are sent back as they are). */
  private current: RoundConfig = DEFAULT_ROUND_CONFIG;
  private readonly status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'settings-status' });
  private readonly offLang: () => void;

  constructor(private readonly apply: (config: RoundConfig) => void) {
    const group = (fields: Record<string, NumberField>) => {
      const box = h('div', { class: 'grid-fields' });
      for (const [name, f] of Object.entries(fields)) {
        const input = h('input', { type: 'text', inputmode: 'decimal', 'data-testid': f.testid, autocomplete: 'off' });
        this.inputs.set(name, input);
        const el = field(`settings-${name}`, f.key, input);
        if (name === 'rto' || name === 'msl') {
          // The reason a timer would break the lesson, right under it.
          const why = h('small', { class: 'field-error', id: `settings-${name}-why`, role: 'alert', 'data-testid': `${f.testid.replace('-input', '')}-error` });
          input.setAttribute('aria-describedby', why.id);
          this.fieldErrors.set(name === 'rto' ? 'rtoMs' : 'mslMs', why);
          el.append(why);
        }
        box.append(el);
      }
      return box;
    };
    const check = (c: (typeof CHECKS)[number]) => {
      const input = h('input', { type: 'checkbox', id: `settings-${c.name}`, 'data-testid': c.testid });
      this.checks.set(c.name, input);
      return h('div', { class: 'field check' }, input, ht('label', c.key, { for: input.id }));
    };
    this.mode.append(tr(h('option', { value: 'practice' }), 'mode.practice'), tr(h('option', { value: 'assessment' }), 'mode.assessment'));
    this.numbersSelect.append(
      tr(h('option', { value: 'auto' }), 'host.numbers.auto'),
      tr(h('option', { value: 'textbook' }), 'host.numbers.textbook'),
      tr(h('option', { value: 'random' }), 'host.numbers.random'));
    this.fillScenarios();
    const submit = ht('button', 'host.applySettings', { type: 'submit', 'data-testid': 'apply-settings' });
    const checksOf = (...names: Check[]) => CHECKS.filter((c) => names.includes(c.name)).map(check);
    const form = h('form', { class: 'settings', novalidate: true },
      h('div', { class: 'grid-fields' }, field('settings-scenario', 'host.scenario', this.scenario), field('settings-mode', 'host.mode', this.mode)),
      ht('h3', 'host.network'),
      group(NETWORK),
      ht('h3', 'host.timers'),
      group(TIMERS),
      ht('h3', 'host.play'),
      h('div', { class: 'grid-fields' }, field('settings-numbers', 'host.numbers', this.numbersSelect), group(PLAY)),
      ...checksOf('answerAtOnce', 'showLosses', 'autoEnd', 'timeBonus'),
      this.status,
      submit,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.scenario.addEventListener('change', () => this.submit());
    this.mode.addEventListener('change', () => this.submit());
    // The timers are checked while they are typed (and against the scenario chosen).
    for (const name of ['rto', 'msl', 'delayMax', 'reorder']) this.inputs.get(name)?.addEventListener('input', () => this.check());
    this.el = h('section', { class: 'card', 'aria-labelledby': 'settings-heading', 'data-testid': 'settings' },
      ht('h2', 'host.settings', { id: 'settings-heading' }), form);
    this.offLang = onLang(() => {
      this.fillScenarios();
      this.showIssues();
    });
  }

  /** Show the configuration the server holds now. */
  show(c: RoundConfig): void {
    this.current = c;
    this.scenario.value = c.scenario;
    this.mode.value = c.mode;
    this.numbersSelect.value = c.numbers;
    for (const { name } of CHECKS) {
      const input = this.checks.get(name);
      if (input) input.checked = c[name];
    }
    for (const [name, f] of Object.entries(NUMBERS)) {
      const input = this.inputs.get(name);
      if (input && document.activeElement !== input) input.value = String(f.read(c));
    }
    this.check();
  }

  saved(): void {
    tr(this.status, 'host.settingsSaved');
  }

  /** The server refused the settings (`bad-timers`): its reasons, next to their fields. */
  refused(issues: readonly { path: string; text?: Record<Lang, string> }[]): void {
    const withText = issues.filter((i): i is { path: string; text: Record<Lang, string> } => i.text !== undefined);
    this.issues = withText.map((i) => ({ field: i.path, text: i.text }));
    tr(this.status, 'host.settingsRefused');
    this.showIssues();
  }

  dispose(): void {
    this.offLang();
  }

  private fillScenarios(): void {
    const value = this.scenario.value;
    this.scenario.replaceChildren(...SCENARIOS.map((s) => h('option', { value: s.id, text: `${s.number}. ${pick(s.title)}` })));
    if (value) this.scenario.value = value;
  }

  /** Read the form: the configuration, or the first field that is not a number in range. */
  private read(): { config: RoundConfig } | { bad: string; f: NumberField } {
    const n: Record<string, number> = {};
    for (const [name, f] of Object.entries(NUMBERS)) {
      const v = parseNumberIn((this.inputs.get(name) as HTMLInputElement).value, f.min, f.max);
      if (v === null) return { bad: name, f };
      n[name] = v;
    }
    const d = this.current;
    const delayMin = Math.round(n.delayMin ?? d.net.delayMin);
    const delayMax = Math.max(delayMin, Math.round(n.delayMax ?? d.net.delayMax));
    const numbers = this.numbersSelect.value;
    return {
      config: {
        ...d,
        scenario: this.scenario.value,
        mode: this.mode.value === 'assessment' ? 'assessment' : 'practice',
        net: { loss: (n.loss ?? 0) / 100, delayMin, delayMax, duplicate: (n.duplicate ?? 0) / 100, reorder: (n.reorder ?? 0) / 100 },
        rtoMs: Math.round((n.rto ?? d.rtoMs / 1000) * 1000),
        mslMs: Math.round((n.msl ?? d.mslMs / 1000) * 1000),
        timeBonus: this.checks.get('timeBonus')?.checked ?? d.timeBonus,
        numbers: numbers === 'textbook' || numbers === 'random' ? numbers : 'auto',
        answerAtOnce: this.checks.get('answerAtOnce')?.checked ?? d.answerAtOnce,
        showLosses: this.checks.get('showLosses')?.checked ?? d.showLosses,
        hintAfterS: Math.round(n.hintAfter ?? d.hintAfterS),
        autoEnd: this.checks.get('autoEnd')?.checked ?? d.autoEnd,
      },
    };
  }

  /** Whether the timers keep the lessons possible; the reasons shown next to RTO and MSL. */
  private check(): boolean {
    const r = this.read();
    if (!('config' in r)) return true;
    const c = r.config;
    this.issues = timingIssues(c, findScenario(c.scenario)).map((i) => ({ field: i.field, text: i.message }));
    this.showIssues();
    return this.issues.length === 0;
  }

  private showIssues(): void {
    const lang = getLang();
    for (const [name, el] of this.fieldErrors) {
      const mine = this.issues.filter((i) => i.field === name);
      el.textContent = mine.map((i) => i.text[lang]).join(' ');
      const input = this.inputs.get(name === 'rtoMs' ? 'rto' : 'msl');
      input?.setAttribute('aria-invalid', String(mine.length > 0));
    }
  }

  private submit(): void {
    // Cleared first, so "saved" always speaks of this submission.
    this.status.removeAttribute('data-i18n');
    this.status.textContent = '';
    const r = this.read();
    for (const [name] of Object.entries(NUMBERS)) this.inputs.get(name)?.setAttribute('aria-invalid', 'false');
    if (!('config' in r)) {
      const input = this.inputs.get(r.bad) as HTMLInputElement;
      input.setAttribute('aria-invalid', 'true');
      this.status.textContent = t('err.number', { field: t(r.f.key), min: r.f.min, max: r.f.max });
      input.focus();
      return;
    }
    if (!this.check()) {
      tr(this.status, 'host.settingsRefused');
      const first = this.issues[0]?.field === 'mslMs' ? 'msl' : 'rto';
      this.inputs.get(first)?.focus();
      return;
    }
    this.apply(r.config);
  }
}
