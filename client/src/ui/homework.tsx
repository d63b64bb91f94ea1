import { signal } from '@preact/signals';
import { render } from 'preact';
import { SCENARIOS, type Side } from '../../../shared/index';
import { pick, t } from '../i18n/ui';
import { HOMEWORK_PACE, HomeworkRunner } from '../net/homework';
import { Session } from '../net/session';
import { preloadScene } from '../scenes/load';
import { focusWhenShown } from './focus';
import { Debrief } from './debrief';
import { canOpenReplays, myReplayHref } from './replay-link';
import { RoundPanel } from './round-panel';
import type { AppCtx, Screen } from './screen';

/** The timers as the presets set them (network time: nothing runs while the student thinks). */
const pace = (p: (typeof HOMEWORK_PACE)[keyof typeof HOMEWORK_PACE]) => ({ rto: p.rtoMs / 1000, msl: p.mslMs / 1000 });

interface Choice {
  scenario: string;
  side: Side;
  mode: 'practice' | 'assessment';
  speed: 'normal' | 'fast';
  numbers: 'auto' | 'textbook' | 'random';
  /** Retransmission backoff (the RTO doubles on each retry), on by default as in class. */
  backoff: boolean;
}

/**
 * Homework: any scenario alone against the bot, with no class and no server. The shared round
 * model runs in the page (net/homework.ts) and drives the same round panel a class uses. A Preact
 * screen (the form, the bar and the replay links); the round panel is mounted in its stage.
 */
export function homework(ctx: AppCtx): Screen {
  const el = document.createElement('main');
  el.className = 'homework';
  const choice = signal<Choice>({ scenario: SCENARIOS[0]?.id ?? '', side: 'client', mode: 'practice', speed: 'normal', numbers: 'auto', backoff: true });
  const playing = signal(false);
  /** The round played last, once it is over: its "why" debrief shows (keyed by the round, so a new round starts afresh). */
  const ended = signal<{ scenario: string; n: number } | null>(null);
  let played = { scenario: '', n: 0 };
  const refs = { scenario: null as HTMLSelectElement | null, again: null as HTMLButtonElement | null, stage: null as HTMLDivElement | null };
  let runner: HomeworkRunner | null = null;
  let panel: RoundPanel | null = null;
  // The classes this browser keeps a replay token for: the student's own rounds there, one link each.
  const classes = Session.replayClasses().filter(canOpenReplays);
  // While the student picks a scenario, the scene's code is fetched.
  preloadScene();

  const stop = () => {
    runner?.leave();
    panel?.dispose();
    panel?.el.remove();
    runner = null;
    panel = null;
  };
  const start = () => {
    stop();
    ended.value = null;
    const c = choice.value;
    played = { scenario: c.scenario, n: played.n + 1 };
    const p = HOMEWORK_PACE[c.speed];
    runner = new HomeworkRunner(ctx.bus, {
      scenario: c.scenario, side: c.side, mode: c.mode,
      rtoMs: p.rtoMs, mslMs: p.mslMs, net: p.net, backoff: c.backoff,
      ...(c.numbers === 'auto' ? {} : { textbook: c.numbers === 'textbook' }),
    });
    panel = new RoundPanel(ctx.bus, runner, () => Session.nickname());
    refs.stage?.append(panel.el);
    playing.value = true;
    runner.start();
    panel.el.querySelector<HTMLElement>('[data-testid="flag-SYN"]')?.focus();
  };
  const set = <K extends keyof Choice>(k: K, v: Choice[K]) => (choice.value = { ...choice.value, [k]: v });

  const View = () => {
    const c = choice.value;
    const on = playing.value;
    return (
      <>
        <form class="card homework-form" data-testid="homework-form" aria-labelledby="hw-form-heading" hidden={on}
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}>
          <h2 id="hw-form-heading">{t('hw.heading2')}</h2>
          <div class="field">
            <label for="hw-scenario">{t('hw.scenario')}</label>
            <select id="hw-scenario" data-testid="homework-scenario" value={c.scenario} ref={(e) => { refs.scenario = e; }} onChange={(e) => set('scenario', e.currentTarget.value)}>
              {SCENARIOS.map((s) => <option key={s.id} value={s.id}>{`${s.number}. ${pick(s.title)} — ${pick(s.summary)}`}</option>)}
            </select>
          </div>
          <div class="grid-fields">
            <div class="field">
              <label for="hw-side">{t('hw.side')}</label>
              <select id="hw-side" data-testid="homework-side" value={c.side} onChange={(e) => set('side', e.currentTarget.value === 'server' ? 'server' : 'client')}>
                <option value="client">{t('side.client')}</option>
                <option value="server">{t('side.server')}</option>
              </select>
            </div>
            <div class="field">
              <label for="hw-mode">{t('hw.mode')}</label>
              <select id="hw-mode" data-testid="homework-mode" value={c.mode} onChange={(e) => set('mode', e.currentTarget.value === 'assessment' ? 'assessment' : 'practice')}>
                <option value="practice">{t('mode.practice')}</option>
                <option value="assessment">{t('mode.assessment')}</option>
              </select>
            </div>
            <div class="field">
              <label for="hw-speed">{t('hw.speed')}</label>
              <select id="hw-speed" data-testid="homework-speed" value={c.speed} onChange={(e) => set('speed', e.currentTarget.value === 'fast' ? 'fast' : 'normal')}>
                <option value="normal">{t('hw.speed.normal', pace(HOMEWORK_PACE.normal))}</option>
                <option value="fast">{t('hw.speed.fast', pace(HOMEWORK_PACE.fast))}</option>
              </select>
            </div>
            {/* Textbook ISNs (below 1000) by default in practice, as in class; random ones on request. */}
            <div class="field">
              <label for="hw-numbers">{t('host.numbers')}</label>
              <select id="hw-numbers" data-testid="homework-numbers" value={c.numbers}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  set('numbers', v === 'textbook' || v === 'random' ? v : 'auto');
                }}>
                <option value="auto">{t('host.numbers.auto')}</option>
                <option value="textbook">{t('host.numbers.textbook')}</option>
                <option value="random">{t('host.numbers.random')}</option>
              </select>
            </div>
          </div>
          <div class="field check">
            <input type="checkbox" id="hw-backoff" data-testid="homework-backoff" checked={c.backoff} aria-describedby="hw-backoff-about"
              onChange={(e) => set('backoff', e.currentTarget.checked)} />
            <label for="hw-backoff">{t('host.backoff')}</label>
            <p id="hw-backoff-about" class="hint">{t('host.backoffAbout')}</p>
          </div>
          <button type="submit" class="primary" data-testid="homework-start">{t('hw.start')}</button>
        </form>
        {classes.length === 0 ? null : (
          <section class="card class-replays" data-testid="homework-replays" aria-labelledby="hw-replays-heading" hidden={on}>
            <h2 id="hw-replays-heading">{t('stud.classReplays')}</h2>
            <p class="muted">{t('stud.classReplaysIntro')}</p>
            <ul class="replay-links">
              {classes.map((code) => <li key={code}><a href={myReplayHref(code)} data-testid={`homework-replay-${code}`}>{t('stud.classReplay', { code })}</a></li>)}
            </ul>
          </section>
        )}
        <div class="actions homework-bar" hidden={!on}>
          <button type="button" data-testid="homework-again" ref={(e) => { refs.again = e; }} onClick={start}>{t('hw.again')}</button>
          <button type="button" data-testid="homework-choose"
            onClick={() => {
              stop();
              playing.value = false;
              ended.value = null;
              // Shown again on the next frame: then the select can take the focus.
              focusWhenShown(refs.scenario);
            }}>
            {t('hw.choose')}
          </button>
        </div>
        <div class="homework-stage" ref={(e) => { refs.stage = e; }} />
        {on && ended.value ? <Debrief key={ended.value.n} scenario={ended.value.scenario} /> : null}
      </>
    );
  };
  render(<View />, el);
  // The round is over: the composer closes, and the focus goes to "Play again".
  const offEnd = ctx.bus.on('roundEnded', () => {
    if (runner) ended.value = { ...played };
    focusWhenShown(refs.again);
  });
  focusWhenShown(refs.scenario);
  return {
    el,
    dispose: () => {
      offEnd();
      stop();
      render(null, el);
    },
  };
}
