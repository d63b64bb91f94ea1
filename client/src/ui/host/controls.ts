import { onLang, t, type TextKey } from '../../i18n/ui';
import { h, ht } from '../dom';

export type RoundCommand = 'startRound' | 'pauseRound' | 'resumeRound' | 'endRound' | 'endClass';

/** Start / pause / resume / end the round, end the class (asked twice), and where the class is. */
export class Controls {
  readonly el: HTMLElement;
  private readonly status = h('p', { class: 'round-status', 'data-testid': 'round-status', role: 'status' });
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
    this.el = h('div', { class: 'controls' }, this.status, h('div', { class: 'actions' }, ...Object.values(this.buttons), this.confirm));
    this.offLang = onLang(() => this.render());
    this.render();
  }

  show(round: number, phase: string): void {
    this.round = round;
    this.phase = phase;
    this.render();
  }

  dispose(): void {
    this.offLang();
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
  }
}
