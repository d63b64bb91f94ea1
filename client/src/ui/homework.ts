import { SCENARIOS, type Side } from '../../../shared/index';
import { onLang, pick } from '../i18n/ui';
import { HOMEWORK_PACE, HomeworkRunner } from '../net/homework';
import { Session } from '../net/session';
import { preloadScene } from '../scenes/load';
import { field, h, ht, tr } from './dom';
import { focusWhenShown } from './focus';
import { canOpenReplays, myReplayHref } from './replay-link';
import { RoundPanel } from './round-panel';
import type { AppCtx, Screen } from './screen';

/**
 * Homework: any scenario alone against the bot, with no class and no server. The shared round
 * model runs in the page (net/homework.ts) and drives the same round panel a class uses.
 */
export function homework(ctx: AppCtx): Screen {
  const scenario = h('select', { 'data-testid': 'homework-scenario' });
  const fillScenarios = () => {
    const v = scenario.value;
    scenario.replaceChildren(...SCENARIOS.map((s) => h('option', { value: s.id, text: `${s.number}. ${pick(s.title)} — ${pick(s.summary)}` })));
    if (v) scenario.value = v;
  };
  fillScenarios();
  const side = h('select', { 'data-testid': 'homework-side' },
    tr(h('option', { value: 'client' }), 'side.client'), tr(h('option', { value: 'server' }), 'side.server'));
  const mode = h('select', { 'data-testid': 'homework-mode' },
    tr(h('option', { value: 'practice' }), 'mode.practice'), tr(h('option', { value: 'assessment' }), 'mode.assessment'));
  // The timers as the presets set them (network time: nothing runs while the student thinks).
  const pace = (p: (typeof HOMEWORK_PACE)[keyof typeof HOMEWORK_PACE]) => ({ rto: p.rtoMs / 1000, msl: p.mslMs / 1000 });
  const speed = h('select', { 'data-testid': 'homework-speed' },
    tr(h('option', { value: 'normal' }), 'hw.speed.normal', pace(HOMEWORK_PACE.normal)), tr(h('option', { value: 'fast' }), 'hw.speed.fast', pace(HOMEWORK_PACE.fast)));
  // Textbook ISNs (below 1000) by default in practice, as in class; random ones on request.
  const numbers = h('select', { 'data-testid': 'homework-numbers' },
    tr(h('option', { value: 'auto' }), 'host.numbers.auto'), tr(h('option', { value: 'textbook' }), 'host.numbers.textbook'),
    tr(h('option', { value: 'random' }), 'host.numbers.random'));
  const form = h('form', { class: 'card homework-form', 'data-testid': 'homework-form', 'aria-labelledby': 'hw-form-heading' },
    ht('h2', 'hw.heading2', { id: 'hw-form-heading' }),
    field('hw-scenario', 'hw.scenario', scenario),
    h('div', { class: 'grid-fields' }, field('hw-side', 'hw.side', side), field('hw-mode', 'hw.mode', mode), field('hw-speed', 'hw.speed', speed), field('hw-numbers', 'host.numbers', numbers)),
    ht('button', 'hw.start', { type: 'submit', class: 'primary', 'data-testid': 'homework-start' }),
  );
  const again = ht('button', 'hw.again', { type: 'button', 'data-testid': 'homework-again' });
  const choose = ht('button', 'hw.choose', { type: 'button', 'data-testid': 'homework-choose' });
  const bar = h('div', { class: 'actions homework-bar', hidden: true }, again, choose);
  const stage = h('div', { class: 'homework-stage' });
  // The classes this browser keeps a replay token for: the student's own rounds there, one link each.
  const classes = Session.replayClasses().filter(canOpenReplays);
  const replays = classes.length === 0 ? null : h('section', { class: 'card class-replays', 'data-testid': 'homework-replays', 'aria-labelledby': 'hw-replays-heading' },
    ht('h2', 'stud.classReplays', { id: 'hw-replays-heading' }),
    ht('p', 'stud.classReplaysIntro', { class: 'muted' }),
    h('ul', { class: 'replay-links' }, ...classes.map((code) => h('li', {},
      ht('a', 'stud.classReplay', { href: myReplayHref(code), 'data-testid': `homework-replay-${code}` }, { code })))),
  );
  const el = h('main', { class: 'homework' }, form, replays, bar, stage);
  let runner: HomeworkRunner | null = null;
  let panel: RoundPanel | null = null;
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
    const pace = HOMEWORK_PACE[speed.value === 'fast' ? 'fast' : 'normal'];
    runner = new HomeworkRunner(ctx.bus, {
      scenario: scenario.value, side: side.value as Side, mode: mode.value === 'assessment' ? 'assessment' : 'practice',
      rtoMs: pace.rtoMs, mslMs: pace.mslMs, net: pace.net,
      ...(numbers.value === 'auto' ? {} : { textbook: numbers.value === 'textbook' }),
    });
    panel = new RoundPanel(ctx.bus, runner, () => Session.nickname());
    stage.append(panel.el);
    form.hidden = true;
    if (replays) replays.hidden = true;
    bar.hidden = false;
    runner.start();
    panel.el.querySelector<HTMLElement>('[data-testid="flag-SYN"]')?.focus();
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    start();
  });
  again.addEventListener('click', start);
  choose.addEventListener('click', () => {
    stop();
    form.hidden = false;
    if (replays) replays.hidden = false;
    bar.hidden = true;
    scenario.focus();
  });
  // The round is over: the composer closes, and the focus goes to "Play again".
  const offEnd = ctx.bus.on('roundEnded', () => focusWhenShown(again));
  focusWhenShown(scenario);
  const offLang = onLang(fillScenarios);
  return {
    el,
    dispose: () => {
      offLang();
      offEnd();
      stop();
    },
  };
}
