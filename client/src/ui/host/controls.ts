import { findScenario } from '../../../../shared/index';
import { onLang, pick, t, type TextKey } from '../../i18n/ui';
import { h, ht } from '../dom';

/** A duration as the round timer shows it: m:ss, or h:mm:ss past an hour. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${Math.floor(s / 60)}:${ss}`;
}

export type RoundCommand = 'startRound' | 'pauseRound' | 'resumeRound' | 'endRound' | 'endClass';

/**
 * Start / pause / resume / end the round, end the class (asked twice), and where the class is:
 * the round and its phase, the scenario (the one running, or the next) with its description, and
 * the round's time since it started.
 */
export class Controls {
  readonly el: HTMLElement;
  private readonly status = h('p', { class: 'round-status', 'data-testid': 'round-status', role: 'status' });
  private readonly scenarioLine = h('p', { class: 'scenario-summary', 'data-testid': 'scenario-summary' });
  /** Not a live region: a screen reader would hear it every second. */
  private readonly timer = h('p', { class: 'round-timer', 'data-testid': 'round-timer', hidden: true });
  private scenarioId = '';
  /** Wall ms the round had run when the dashboard said so, and page time then; null between rounds. */
  private elapsed: { ms: number; at: number } | null = null;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly buttons: Record<RoundCommand, HTMLButtonElement>;
  private readonly confirm: HTMLButtonElement;
  private round = 0;
  private phase = 'lobby';
  private readonly offLang: () => void;

  constructor(run: (command: RoundCommand) => void) {
    const make = (command: RoundCommand, key: TextKey, testid: string, cls = '') => {
      const b = ht('button', key, { type: 'button', 'data-testid': testid, class: cls });
      b.addEventListener('click', () => (command === 'endClass' ? this.askEndClass() : run(command)));
      return b;
    };
    this.buttons = {
      startRound: make('startRound', 'host.start', 'start-round', 'primary'),
      pauseRound: make('pauseRound', 'host.pause', 'pause-round'),
      resumeRound: make('resumeRound', 'host.resume', 'resume-round'),
      endRound: make('endRound', 'host.end', 'end-round'),
      endClass: make('endClass', 'host.endClass', 'end-class', 'danger'),
    };
    this.confirm = ht('button', 'host.confirmEndClass', { type: 'button', class: 'danger', 'data-testid': 'end-class-confirm', hidden: true });
    this.confirm.addEventListener('click', () => {
      this.confirm.hidden = true;
      run('endClass');
    });
    this.el = h('div', { class: 'controls' }, this.status, this.scenarioLine, this.timer, h('div', { class: 'actions' }, ...Object.values(this.buttons), this.confirm));
    this.offLang = onLang(() => this.render());
    this.ticker = setInterval(() => this.showTimer(performance.now()), 1000);
    this.render();
  }

  /** The scenario of the round (running, or the next one in the lobby). */
  showScenario(id: string): void {
    this.scenarioId = id;
    this.render();
  }

  /** How long the round has run (wall ms) as of page time `at`; null between rounds. */
  showElapsed(ms: number | null, at: number): void {
    this.elapsed = ms === null ? null : { ms, at };
    this.showTimer(performance.now());
  }

  private showTimer(now: number): void {
    const live = this.elapsed !== null && (this.phase === 'running' || this.phase === 'paused');
    this.timer.hidden = !live;
    if (live && this.elapsed) this.timer.textContent = t('host.roundTime', { t: clockText(this.elapsed.ms + Math.max(0, now - this.elapsed.at)) });
  }

  show(round: number, phase: string): void {
    this.round = round;
    this.phase = phase;
    this.render();
  }

  dispose(): void {
    this.offLang();
    clearInterval(this.ticker);
  }

  private askEndClass(): void {
    this.confirm.hidden = false;
    this.confirm.focus();
  }

  private render(): void {
    const phaseKey = (['lobby', 'running', 'paused', 'ended'].includes(this.phase) ? `phase.${this.phase}` : 'phase.lobby') as TextKey;
    this.status.textContent = t('host.status', { n: this.round, phase: t(phaseKey) });
    const running = this.phase === 'running';
    const paused = this.phase === 'paused';
    const ended = this.phase === 'ended';
    this.buttons.startRound.disabled = running || paused || ended;
    this.buttons.pauseRound.disabled = !running;
    this.buttons.resumeRound.disabled = !paused;
    this.buttons.endRound.disabled = !running && !paused;
    this.buttons.endClass.disabled = ended;
    const sc = findScenario(this.scenarioId);
    this.scenarioLine.hidden = !sc || ended;
    this.scenarioLine.textContent = sc
      ? t(running || paused ? 'host.scenarioNow' : 'host.scenarioNext', { n: sc.number, title: pick(sc.title), summary: pick(sc.summary) })
      : '';
    this.showTimer(performance.now());
  }
}
