import { SCENARIOS, type RoundConfig } from '../../../../shared/index';
import { onLang, pick, t, type TextKey } from '../../i18n/ui';
import { field, h, ht, tr } from '../dom';
import { parseNumberIn } from '../parse';

type NumberField = { key: TextKey; testid: string; min: number; max: number; read: (c: RoundConfig) => number };

const NUMBERS: Record<string, NumberField> = {
  loss: { key: 'host.loss', testid: 'loss-input', min: 0, max: 90, read: (c) => Math.round(c.net.loss * 100) },
  delayMin: { key: 'host.delayMin', testid: 'delay-min-input', min: 0, max: 60_000, read: (c) => c.net.delayMin },
  delayMax: { key: 'host.delayMax', testid: 'delay-max-input', min: 0, max: 60_000, read: (c) => c.net.delayMax },
  duplicate: { key: 'host.duplicate', testid: 'duplicate-input', min: 0, max: 90, read: (c) => Math.round(c.net.duplicate * 100) },
  reorder: { key: 'host.reorder', testid: 'reorder-input', min: 0, max: 90, read: (c) => Math.round(c.net.reorder * 100) },
  rto: { key: 'host.rto', testid: 'rto-input', min: 1, max: 300, read: (c) => c.rtoMs / 1000 },
  msl: { key: 'host.msl', testid: 'msl-input', min: 1, max: 300, read: (c) => c.mslMs / 1000 },
};

/** The round settings: scenario, mode, network (loss, delay, duplicates, reorder) and timers. */
export class SettingsForm {
  readonly el: HTMLElement;
  private readonly scenario = h('select', { 'data-testid': 'scenario-select' });
  private readonly mode = h('select', { 'data-testid': 'mode-select' });
  private readonly timeBonus = h('input', { type: 'checkbox', 'data-testid': 'time-bonus-input' });
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'settings-status' });
  private readonly offLang: () => void;

  constructor(private readonly apply: (config: RoundConfig) => void) {
    const numbers = h('div', { class: 'grid-fields' });
    for (const [name, f] of Object.entries(NUMBERS)) {
      const input = h('input', { type: 'text', inputmode: 'decimal', 'data-testid': f.testid, autocomplete: 'off' });
      this.inputs.set(name, input);
      numbers.append(field(`settings-${name}`, f.key, input));
    }
    this.mode.append(tr(h('option', { value: 'practice' }), 'mode.practice'), tr(h('option', { value: 'assessment' }), 'mode.assessment'));
    this.fillScenarios();
    const submit = ht('button', 'host.applySettings', { type: 'submit', 'data-testid': 'apply-settings' });
    const bonus = h('div', { class: 'field check' }, this.timeBonus, ht('label', 'host.timeBonus', { for: 'settings-bonus' }));
    this.timeBonus.id = 'settings-bonus';
    const form = h('form', { class: 'settings', novalidate: true },
      h('div', { class: 'grid-fields' }, field('settings-scenario', 'host.scenario', this.scenario), field('settings-mode', 'host.mode', this.mode)),
      ht('h3', 'host.network'),
      numbers,
      bonus,
      this.status,
      submit,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.scenario.addEventListener('change', () => this.submit());
    this.mode.addEventListener('change', () => this.submit());
    this.el = h('section', { class: 'card', 'aria-labelledby': 'settings-heading', 'data-testid': 'settings' },
      ht('h2', 'host.settings', { id: 'settings-heading' }), form);
    this.offLang = onLang(() => this.fillScenarios());
  }

  /** Show the configuration the server holds now. */
  show(c: RoundConfig): void {
    this.scenario.value = c.scenario;
    this.mode.value = c.mode;
    this.timeBonus.checked = c.timeBonus;
    for (const [name, f] of Object.entries(NUMBERS)) {
      const input = this.inputs.get(name);
      if (input && document.activeElement !== input) input.value = String(f.read(c));
    }
  }

  saved(): void {
    tr(this.status, 'host.settingsSaved');
  }

  dispose(): void {
    this.offLang();
  }

  private fillScenarios(): void {
    const value = this.scenario.value;
    this.scenario.replaceChildren(...SCENARIOS.map((s) => h('option', { value: s.id, text: `${s.number}. ${pick(s.title)}` })));
    if (value) this.scenario.value = value;
  }

  private submit(): void {
    // Cleared first, so "saved" always speaks of this submission.
    this.status.removeAttribute('data-i18n');
    this.status.textContent = '';
    const n: Record<string, number> = {};
    for (const [name, f] of Object.entries(NUMBERS)) {
      const input = this.inputs.get(name) as HTMLInputElement;
      const v = parseNumberIn(input.value, f.min, f.max);
      input.setAttribute('aria-invalid', String(v === null));
      if (v === null) {
        this.status.removeAttribute('data-i18n');
        this.status.textContent = t('err.number', { field: t(f.key), min: f.min, max: f.max });
        input.focus();
        return;
      }
      n[name] = v;
    }
    const delayMin = Math.round(n.delayMin ?? 0);
    const delayMax = Math.max(delayMin, Math.round(n.delayMax ?? 0));
    this.apply({
      scenario: this.scenario.value,
      mode: this.mode.value === 'assessment' ? 'assessment' : 'practice',
      net: { loss: (n.loss ?? 0) / 100, delayMin, delayMax, duplicate: (n.duplicate ?? 0) / 100, reorder: (n.reorder ?? 0) / 100 },
      rtoMs: Math.round((n.rto ?? 20) * 1000),
      mslMs: Math.round((n.msl ?? 15) * 1000),
      timeBonus: this.timeBonus.checked,
    });
  }
}
