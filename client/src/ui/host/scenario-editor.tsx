import { signal } from '@preact/signals';
import { render, type ComponentChildren } from 'preact';
import {
  APP_CALLS, FLAGS, parseScenarioFile, SCENARIO_FORMAT, SCENARIO_LIMITS, SIDES, TCP_STATES, TRANSITIONS, validateScenarioFile,
  type ErrorEvent, type ScenarioFile, type Side,
} from '../../../../shared/index';
import { lang, pick, t, type Lang, type TextKey } from '../../i18n/ui';
import { customScenarios } from '../../scenarios';

type Call = ScenarioFile['calls']['client'][number];
type Trigger = Call['when'];
type Rule = NonNullable<NonNullable<ScenarioFile['faults']>['plan']>[number];
type Injection = NonNullable<NonNullable<ScenarioFile['faults']>['inject']>[number];
type Text = Record<Lang, string>;

const ROWS = TRANSITIONS.map((r) => r.id);
const TRIGGERS = ['start', 'state', 'received', 'sentAll', 'ackedAll'] as const;
type TriggerKind = (typeof TRIGGERS)[number];

/** A new scenario: both applications open (the simplest that finishes), no texts yet. */
export function blankScenario(): ScenarioFile {
  return {
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'custom-',
    title: { en: '', 'zh-CN': '' },
    summary: { en: '', 'zh-CN': '' },
    calls: {
      client: [{ call: 'connect', when: { at: 'start' } }],
      server: [{ call: 'listen', when: { at: 'start' } }],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
  };
}

function triggerKind(w: Trigger): TriggerKind {
  if ('at' in w) return 'start';
  if ('state' in w) return 'state';
  if ('received' in w) return 'received';
  if ('sentAll' in w) return 'sentAll';
  return 'ackedAll';
}

function makeTrigger(kind: TriggerKind): Trigger {
  if (kind === 'start') return { at: 'start' };
  if (kind === 'state') return { state: 'ESTABLISHED' };
  if (kind === 'received') return { received: 1 };
  if (kind === 'sentAll') return { sentAll: true };
  return { ackedAll: true };
}

/** A typed number: NaN when it is not one (the file's checks then say so, naming the field). */
const num = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v));

/** The file without the optional parts left empty (what is checked, sent and downloaded). */
export function tidy(d: ScenarioFile): ScenarioFile {
  const f: ScenarioFile = structuredClone(d);
  if (f.achieved && f.achieved.en.trim() === '' && f.achieved['zh-CN'].trim() === '') delete f.achieved;
  if (f.faults) {
    if (f.faults.plan?.length === 0) delete f.faults.plan;
    if (f.faults.inject?.length === 0) delete f.faults.inject;
    if (Object.keys(f.faults).length === 0) delete f.faults;
  }
  if (f.lesson?.length === 0) delete f.lesson;
  return f;
}

export type EditorStatus =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'saved'; title: Text; runs: number }
  | { kind: 'loaded'; title: Text }
  | { kind: 'invalid'; head: TextKey; reasons: Text[] }
  | { kind: 'refused'; message: Text; reasons: Text[] };

/**
 * The host's scenario editor (issue 16): the texts in English and Chinese, each side's calls with
 * their triggers, the fault plan (drop or hold with a release), old duplicate SYNs, the goal states
 * and the lesson's rows. "Check and save" checks the file here (the same checks as the server's),
 * then sends it; the server plays it before listing it, and its reason is shown when it refuses.
 * The scenario can be downloaded as a JSON file, and a file loaded (a bad one changes nothing).
 * A Preact panel mounted in `el`; the dashboard passes the server's answers in.
 */
export class ScenarioEditor {
  readonly el: HTMLElement;
  private readonly draft = signal<ScenarioFile>(blankScenario());
  private readonly status = signal<EditorStatus>({ kind: 'idle' });

  constructor(private readonly save: (file: ScenarioFile) => boolean) {
    this.el = document.createElement('section');
    this.el.className = 'card scenario-editor';
    this.el.setAttribute('aria-labelledby', 'editor-heading');
    this.el.setAttribute('data-testid', 'scenario-editor');
    render(<this.View />, this.el);
  }

  /** The server listed the scenario sent. */
  accepted(m: { id: string; runs: number }): void {
    const d = this.draft.value;
    if (this.status.value.kind !== 'checking') return;
    this.status.value = { kind: 'saved', title: m.id === d.id ? d.title : { en: m.id, 'zh-CN': m.id }, runs: m.runs };
  }

  /** The server refused it: its message and reasons, in both languages. */
  refused(e: ErrorEvent): void {
    const reasons = (e.issues ?? []).map((i) => i.text ?? { en: `${i.path}: ${i.message}`, 'zh-CN': `${i.path}：${i.message}` });
    this.status.value = { kind: 'refused', message: e.message, reasons };
  }

  dispose(): void {
    render(null, this.el);
  }

  /** The scenario as the editor holds it (tidied). */
  file(): ScenarioFile {
    return tidy(this.draft.value);
  }

  private edit(fn: (d: ScenarioFile) => void): void {
    const d = structuredClone(this.draft.value);
    fn(d);
    this.draft.value = d;
    if (this.status.value.kind !== 'checking') this.status.value = { kind: 'idle' };
  }

  private submit(): void {
    const file = this.file();
    const r = validateScenarioFile(file);
    if (!r.ok) {
      this.status.value = { kind: 'invalid', head: 'editor.invalid', reasons: r.errors };
      return;
    }
    if (!this.save(file)) {
      this.status.value = { kind: 'invalid', head: 'editor.notSent', reasons: [] };
      return;
    }
    this.status.value = { kind: 'checking' };
  }

  private download(): void {
    const file = this.file();
    const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    const name = /^[a-z0-9-]+$/.test(file.id) ? file.id : 'scenario';
    a.download = `${name}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  private async load(input: HTMLInputElement): Promise<void> {
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    if (f.size > SCENARIO_LIMITS.fileChars * 4) {
      this.status.value = { kind: 'invalid', head: 'editor.badFile', reasons: [tooLarge()] };
      return;
    }
    let text: string;
    try {
      text = await f.text();
    } catch {
      this.status.value = { kind: 'invalid', head: 'editor.badFile', reasons: [{ en: 'The file could not be read.', 'zh-CN': '无法读取该文件。' }] };
      return;
    }
    const r = parseScenarioFile(text);
    if (!r.ok) {
      this.status.value = { kind: 'invalid', head: 'editor.badFile', reasons: r.errors };
      return;
    }
    // The file in its own shape (it read as valid, so it is one).
    const loaded = JSON.parse(text) as ScenarioFile;
    this.draft.value = loaded;
    this.status.value = { kind: 'loaded', title: loaded.title };
  }

  private readonly View = () => {
    void lang.value;
    const d = this.draft.value;
    const st = this.status.value;
    const field = (id: string, label: string, control: ComponentChildren) => (
      <div class="field" key={id}>
        <label for={id}>{label}</label>
        {control}
      </div>
    );
    const textField = (id: string, testid: string, label: TextKey, value: string, max: number, set: (v: string) => void, area = false) => field(id, t(label), area
      ? <textarea id={id} data-testid={testid} value={value} maxLength={max} rows={2} onInput={(e) => set(e.currentTarget.value)} />
      : <input id={id} type="text" data-testid={testid} value={value} maxLength={max} autocomplete="off" onInput={(e) => set(e.currentTarget.value)} />);
    const sideName = (s: Side) => t(s === 'client' ? 'side.client' : 'side.server');
    const stateSelect = (id: string, testid: string, value: string, set: (v: string) => void, any = false) => (
      <select id={id} data-testid={testid} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {any ? <option value="">{t('editor.anyState')}</option> : null}
        {TCP_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
    );
    const sideSelect = (id: string, testid: string, value: Side, set: (v: Side) => void) => (
      <select id={id} data-testid={testid} value={value} onChange={(e) => set(e.currentTarget.value as Side)}>
        {SIDES.map((s) => <option key={s} value={s}>{sideName(s)}</option>)}
      </select>
    );
    const rowSelect = (id: string, testid: string, value: string, set: (v: string) => void) => (
      <select id={id} data-testid={testid} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {ROWS.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
    );
    const removeButton = (testid: string, what: string, run: () => void) => (
      <button type="button" class="small" data-testid={testid} onClick={run}>{t('editor.remove', { what })}</button>
    );

    const callRow = (side: Side, c: Call, i: number) => {
      const p = `editor-${side}-call-${i}`;
      const n = i + 1;
      const kind = triggerKind(c.when);
      const set = (fn: (c: Call) => void) => this.edit((x) => fn(x.calls[side][i] as Call));
      return (
        <fieldset class="editor-row" key={p} data-testid={p}>
          <legend>{t('editor.call', { n })}</legend>
          {field(`${p}-kind`, t('editor.callKind', { n }), (
            <select id={`${p}-kind`} data-testid={`${p}-kind`} value={c.call} onChange={(e) => set((x) => {
              x.call = e.currentTarget.value as Call['call'];
              if (x.call === 'send') x.bytes ??= 10;
              else delete x.bytes;
            })}>
              {APP_CALLS.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          ))}
          {c.call === 'send' ? field(`${p}-bytes`, t('editor.bytes', { n }), (
            <input id={`${p}-bytes`} data-testid={`${p}-bytes`} type="number" min={1} max={SCENARIO_LIMITS.bytes} value={Number.isNaN(c.bytes) ? '' : String(c.bytes ?? '')}
              onInput={(e) => set((x) => (x.bytes = num(e.currentTarget.value)))} />
          )) : null}
          {field(`${p}-when`, t('editor.when', { n }), (
            <select id={`${p}-when`} data-testid={`${p}-when`} value={kind} onChange={(e) => set((x) => (x.when = makeTrigger(e.currentTarget.value as TriggerKind)))}>
              {TRIGGERS.map((k) => <option key={k} value={k}>{t(`editor.trigger.${k}` as TextKey)}</option>)}
            </select>
          ))}
          {'state' in c.when ? field(`${p}-value`, t('editor.whenValue', { n }), stateSelect(`${p}-value`, `${p}-value`, c.when.state, (v) => set((x) => (x.when = { state: v as (typeof TCP_STATES)[number] }))))
            : 'received' in c.when ? field(`${p}-value`, t('editor.whenValue', { n }), (
              <input id={`${p}-value`} data-testid={`${p}-value`} type="number" min={1} value={Number.isNaN(c.when.received) ? '' : String(c.when.received)}
                onInput={(e) => set((x) => (x.when = { received: num(e.currentTarget.value) }))} />
            )) : null}
          {removeButton(`${p}-remove`, t('editor.call', { n }), () => this.edit((x) => x.calls[side].splice(i, 1)))}
        </fieldset>
      );
    };

    const plan = d.faults?.plan ?? [];
    const ruleRow = (r: Rule, i: number) => {
      const p = `editor-rule-${i}`;
      const n = i + 1;
      const set = (fn: (r: Rule) => void) => this.edit((x) => fn((x.faults?.plan ?? [])[i] as Rule));
      const rel = r.release;
      const relKind = !rel ? 'SYN' : 'row' in rel ? 'row' : rel.sent;
      return (
        <fieldset class="editor-row" key={p} data-testid={p}>
          <legend>{t('editor.rule', { n })}</legend>
          {field(`${p}-side`, t('editor.ruleSide', { n }), sideSelect(`${p}-side`, `${p}-side`, r.side, (v) => set((x) => (x.side = v))))}
          <fieldset class="flags">
            <legend>{t('editor.ruleFlags', { n })}</legend>
            {FLAGS.map((f) => (
              <label key={f} class="check">
                <input type="checkbox" data-testid={`${p}-flag-${f}`} checked={r.flags?.includes(f) ?? false} onChange={(e) => set((x) => {
                  const on = e.currentTarget.checked;
                  const flags = (x.flags ?? []).filter((g) => g !== f);
                  if (on) flags.push(f);
                  if (flags.length > 0) x.flags = FLAGS.filter((g) => flags.includes(g));
                  else delete x.flags;
                })} />
                {f}
              </label>
            ))}
            <label class="check">
              <input type="checkbox" data-testid={`${p}-data`} checked={r.withData === true} onChange={(e) => set((x) => {
                if (e.currentTarget.checked) x.withData = true;
                else delete x.withData;
              })} />
              {t('editor.ruleData')}
            </label>
          </fieldset>
          {field(`${p}-state`, t('editor.ruleState', { n }), stateSelect(`${p}-state`, `${p}-state`, r.state ?? '', (v) => set((x) => {
            if (v) x.state = v as (typeof TCP_STATES)[number];
            else delete x.state;
          }), true))}
          {field(`${p}-count`, t('editor.ruleCount', { n }), (
            <input id={`${p}-count`} data-testid={`${p}-count`} type="number" min={1} max={SCENARIO_LIMITS.count} value={Number.isNaN(r.count) ? '' : String(r.count ?? 1)}
              onInput={(e) => set((x) => (x.count = num(e.currentTarget.value)))} />
          ))}
          {field(`${p}-action`, t('editor.ruleAction', { n }), (
            <select id={`${p}-action`} data-testid={`${p}-action`} value={r.action} onChange={(e) => set((x) => {
              x.action = e.currentTarget.value === 'hold' ? 'hold' : 'drop';
              if (x.action === 'hold') x.release ??= { side: x.side === 'client' ? 'server' : 'client', sent: 'SYN' };
              else delete x.release;
            })}>
              <option value="drop">{t('editor.drop')}</option>
              <option value="hold">{t('editor.hold')}</option>
            </select>
          ))}
          {r.action === 'hold' && rel ? (
            <>
              {field(`${p}-release-side`, t('editor.releaseSide', { n }), sideSelect(`${p}-release-side`, `${p}-release-side`, rel.side, (v) => set((x) => {
                if (x.release) x.release.side = v;
              })))}
              {field(`${p}-release-what`, t('editor.releaseWhat', { n }), (
                <select id={`${p}-release-what`} data-testid={`${p}-release-what`} value={relKind} onChange={(e) => set((x) => {
                  const side = x.release?.side ?? 'client';
                  const v = e.currentTarget.value;
                  x.release = v === 'row' ? { side, row: ROWS[0] as string } : { side, sent: v === 'FIN' ? 'FIN' : 'SYN' };
                })}>
                  <option value="SYN">{t('editor.sentSyn')}</option>
                  <option value="FIN">{t('editor.sentFin')}</option>
                  <option value="row">{t('editor.firedRow')}</option>
                </select>
              ))}
              {'row' in rel ? field(`${p}-release-row`, t('editor.row'), rowSelect(`${p}-release-row`, `${p}-release-row`, rel.row, (v) => set((x) => (x.release = { side: rel.side, row: v })))) : null}
            </>
          ) : null}
          {removeButton(`${p}-remove`, t('editor.rule', { n }), () => this.edit((x) => x.faults?.plan?.splice(i, 1)))}
        </fieldset>
      );
    };

    const inject = d.faults?.inject ?? [];
    const injectRow = (j: Injection, i: number) => {
      const p = `editor-inject-${i}`;
      const n = i + 1;
      const set = (fn: (j: Injection) => void) => this.edit((x) => fn((x.faults?.inject ?? [])[i] as Injection));
      const w = j.when;
      const whenKind = !w ? 'start' : 'state' in w ? `state:${w.side}` : `sent:${w.side}`;
      return (
        <fieldset class="editor-row" key={p} data-testid={p}>
          <legend>{t('editor.injection', { n })}</legend>
          {field(`${p}-side`, t('editor.injectSide', { n }), sideSelect(`${p}-side`, `${p}-side`, j.side, (v) => set((x) => (x.side = v))))}
          {field(`${p}-when`, t('editor.injectWhen', { n }), (
            <select id={`${p}-when`} data-testid={`${p}-when`} value={whenKind} onChange={(e) => set((x) => {
              const [k, s] = e.currentTarget.value.split(':') as [string, Side | undefined];
              if (k === 'start' || !s) delete x.when;
              else x.when = k === 'state' ? { side: s, state: 'SYN_SENT' } : { side: s, sent: 'SYN' };
            })}>
              <option value="start">{t('editor.injectAtStart')}</option>
              {SIDES.map((s) => <option key={`state:${s}`} value={`state:${s}`}>{t('editor.injectOnState', { side: sideName(s), state: '…' })}</option>)}
              {SIDES.map((s) => <option key={`sent:${s}`} value={`sent:${s}`}>{t('editor.injectOnSyn', { side: sideName(s) })}</option>)}
            </select>
          ))}
          {w && 'state' in w ? field(`${p}-state`, t('editor.whenValue', { n }), stateSelect(`${p}-state`, `${p}-state`, w.state, (v) => set((x) => (x.when = { side: w.side, state: v as (typeof TCP_STATES)[number] })))) : null}
          <label class="check">
            <input type="checkbox" data-testid={`${p}-now`} checked={j.arrives === 'now'} onChange={(e) => set((x) => {
              if (e.currentTarget.checked) x.arrives = 'now';
              else delete x.arrives;
            })} />
            {t('editor.injectNow')}
          </label>
          {removeButton(`${p}-remove`, t('editor.injection', { n }), () => this.edit((x) => x.faults?.inject?.splice(i, 1)))}
        </fieldset>
      );
    };

    const lesson = d.lesson ?? [];
    const stepRow = (s: { side: Side; row: string }, i: number) => {
      const p = `editor-step-${i}`;
      const n = i + 1;
      return (
        <fieldset class="editor-row" key={p} data-testid={p}>
          <legend>{t('editor.step', { n })}</legend>
          {field(`${p}-side`, t('editor.stepSide', { n }), sideSelect(`${p}-side`, `${p}-side`, s.side, (v) => this.edit((x) => ((x.lesson ?? [])[i] as { side: Side }).side = v)))}
          {field(`${p}-row`, t('editor.stepRow', { n }), rowSelect(`${p}-row`, `${p}-row`, s.row, (v) => this.edit((x) => ((x.lesson ?? [])[i] as { row: string }).row = v)))}
          {removeButton(`${p}-remove`, t('editor.step', { n }), () => this.edit((x) => x.lesson?.splice(i, 1)))}
        </fieldset>
      );
    };

    const reasons = (list: readonly Text[]) => (
      <ul data-testid="editor-reasons">{list.map((r, i) => <li key={i}>{pick(r)}</li>)}</ul>
    );
    const own = customScenarios.value;
    return (
      <>
        <h2 id="editor-heading">{t('editor.heading')}</h2>
        <p class="hint" id="editor-how">{t('editor.how')}</p>
        {own.length > 0 ? <p class="muted" data-testid="editor-list">{t('editor.list', { list: own.map((s) => pick(s.title)).join(' · ') })}</p> : null}
        <form noValidate aria-describedby="editor-how" onSubmit={(e) => {
          e.preventDefault();
          this.submit();
        }}>
          <div class="grid-fields">
            {textField('editor-id', 'editor-id', 'editor.id', d.id, SCENARIO_LIMITS.idChars, (v) => this.edit((x) => (x.id = v)))}
            {textField('editor-title-en', 'editor-title-en', 'editor.titleEn', d.title.en, SCENARIO_LIMITS.titleChars, (v) => this.edit((x) => (x.title.en = v)))}
            {textField('editor-title-zh', 'editor-title-zh', 'editor.titleZh', d.title['zh-CN'], SCENARIO_LIMITS.titleChars, (v) => this.edit((x) => (x.title['zh-CN'] = v)))}
          </div>
          {textField('editor-summary-en', 'editor-summary-en', 'editor.summaryEn', d.summary.en, SCENARIO_LIMITS.summaryChars, (v) => this.edit((x) => (x.summary.en = v)), true)}
          {textField('editor-summary-zh', 'editor-summary-zh', 'editor.summaryZh', d.summary['zh-CN'], SCENARIO_LIMITS.summaryChars, (v) => this.edit((x) => (x.summary['zh-CN'] = v)), true)}
          {textField('editor-achieved-en', 'editor-achieved-en', 'editor.achievedEn', d.achieved?.en ?? '', SCENARIO_LIMITS.achievedChars, (v) => this.edit((x) => (x.achieved = { en: v, 'zh-CN': x.achieved?.['zh-CN'] ?? '' })), true)}
          {textField('editor-achieved-zh', 'editor-achieved-zh', 'editor.achievedZh', d.achieved?.['zh-CN'] ?? '', SCENARIO_LIMITS.achievedChars, (v) => this.edit((x) => (x.achieved = { en: x.achieved?.en ?? '', 'zh-CN': v })), true)}
          <div class="field check">
            <input type="checkbox" id="editor-prelude" data-testid="editor-prelude" checked={d.prelude === 'handshake'} onChange={(e) => this.edit((x) => {
              if (e.currentTarget.checked) x.prelude = 'handshake';
              else delete x.prelude;
            })} />
            <label for="editor-prelude">{t('editor.prelude')}</label>
          </div>
          {SIDES.map((side) => (
            <fieldset key={side} class="editor-group" data-testid={`editor-${side}-calls`}>
              <legend>{t('editor.calls', { side: sideName(side) })}</legend>
              {d.calls[side].map((c, i) => callRow(side, c, i))}
              <button type="button" data-testid={`editor-${side}-add`} disabled={d.calls[side].length >= SCENARIO_LIMITS.callsPerSide}
                onClick={() => this.edit((x) => x.calls[side].push({ call: 'send', bytes: 10, when: { sentAll: true } }))}>{t('editor.addCall', { side: sideName(side) })}</button>
            </fieldset>
          ))}
          <fieldset class="editor-group" data-testid="editor-faults">
            <legend>{t('editor.faults')}</legend>
            {plan.map(ruleRow)}
            <button type="button" data-testid="editor-rule-add" disabled={plan.length >= SCENARIO_LIMITS.faultRules}
              onClick={() => this.edit((x) => {
                x.faults ??= {};
                (x.faults.plan ??= []).push({ side: 'client', action: 'drop' });
              })}>{t('editor.addRule')}</button>
          </fieldset>
          <fieldset class="editor-group" data-testid="editor-injections">
            <legend>{t('editor.injections')}</legend>
            {inject.map(injectRow)}
            <button type="button" data-testid="editor-inject-add" disabled={inject.length >= SCENARIO_LIMITS.injections}
              onClick={() => this.edit((x) => {
                x.faults ??= {};
                (x.faults.inject ??= []).push({ side: 'client', flags: ['SYN'] });
              })}>{t('editor.addInjection')}</button>
          </fieldset>
          <fieldset class="editor-group" data-testid="editor-goal">
            <legend>{t('editor.goal')}</legend>
            <div class="grid-fields">
              {SIDES.map((side) => field(`editor-end-${side}`, t('editor.endOf', { side: sideName(side) }),
                stateSelect(`editor-end-${side}`, `editor-end-${side}`, d.end[side], (v) => this.edit((x) => (x.end[side] = v as (typeof TCP_STATES)[number])))))}
            </div>
          </fieldset>
          <fieldset class="editor-group" data-testid="editor-lesson">
            <legend>{t('editor.lesson')}</legend>
            {lesson.map(stepRow)}
            <button type="button" data-testid="editor-step-add" disabled={lesson.length >= SCENARIO_LIMITS.lessonSteps}
              onClick={() => this.edit((x) => (x.lesson ??= []).push({ side: 'client', row: ROWS[0] as string }))}>{t('editor.addStep')}</button>
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary" data-testid="editor-save" disabled={st.kind === 'checking'}>{t('editor.save')}</button>
            <button type="button" data-testid="editor-download" onClick={() => this.download()}>{t('editor.download')}</button>
            <button type="button" data-testid="editor-new" onClick={() => {
              this.draft.value = blankScenario();
              this.status.value = { kind: 'idle' };
            }}>{t('editor.new')}</button>
          </div>
          <div class="field editor-load">
            <label for="editor-load">{t('editor.load')}</label>
            <input id="editor-load" data-testid="editor-load" type="file" accept=".json,application/json"
              onChange={(e) => void this.load(e.currentTarget)} />
          </div>
          <div class="form-status" role="status" aria-live="polite" data-testid="editor-status" data-status={st.kind}>
            {st.kind === 'checking' ? t('editor.checking')
              : st.kind === 'saved' ? t('editor.saved', { title: pick(st.title), runs: st.runs })
              : st.kind === 'loaded' ? t('editor.loaded', { title: pick(st.title) })
              : st.kind === 'invalid' ? <div role="alert">{t(st.head)}{reasons(st.reasons)}</div>
              : st.kind === 'refused' ? <div role="alert">{pick(st.message)}{reasons(st.reasons)}</div>
              : ''}
          </div>
        </form>
      </>
    );
  };
}

function tooLarge(): Text {
  const kb = Math.round(SCENARIO_LIMITS.fileChars / 1024);
  return { en: `The file is too large (at most ${kb} KB).`, 'zh-CN': `文件过大（最多 ${kb} KB）。` };
}
