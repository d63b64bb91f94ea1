import { signal } from '@preact/signals';
import { render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { knownScenario } from '../../scenarios';
import { pick, t, type TextKey } from '../../i18n/ui';

/** A duration as the round timer shows it: m:ss, or h:mm:ss past an hour. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${Math.floor(s / 60)}:${ss}`;
}

export type RoundCommand = 'startRound' | 'pauseRound' | 'resumeRound' | 'endRound' | 'endClass';

const BUTTONS: { command: Exclude<RoundCommand, never>; key: TextKey; testid: string; cls?: string }[] = [
  { command: 'startRound', key: 'host.start', testid: 'start-round', cls: 'primary' },
  { command: 'pauseRound', key: 'host.pause', testid: 'pause-round' },
  { command: 'resumeRound', key: 'host.resume', testid: 'resume-round' },
  { command: 'endRound', key: 'host.end', testid: 'end-round' },
  { command: 'endClass', key: 'host.endClass', testid: 'end-class', cls: 'danger' },
];

/**
 * Start / pause / resume / end the round, end the class (asked twice), and where the class is:
 * the round and its phase, the scenario (the one running, or the next) with its description, and
 * the round's time since it started. A Preact panel mounted in `el`.
 */
export class Controls {
  readonly el: HTMLElement;
  private readonly round = signal(0);
  private readonly phase = signal('lobby');
  private readonly scenarioId = signal('');
  /** Wall ms the round had run when the dashboard said so, and page time then; null between rounds. */
  private readonly elapsed = signal<{ ms: number; at: number } | null>(null);
  private readonly now = signal(performance.now());
  private readonly asking = signal(false);
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(private readonly run: (command: RoundCommand) => void) {
    this.el = document.createElement('div');
    this.el.className = 'controls';
    this.ticker = setInterval(() => (this.now.value = performance.now()), 1000);
    render(<this.View />, this.el);
  }

  /** The scenario of the round (running, or the next one in the lobby). */
  showScenario(id: string): void {
    this.scenarioId.value = id;
  }

  /** How long the round has run (wall ms) as of page time `at`; null between rounds. */
  showElapsed(ms: number | null, at: number): void {
    this.elapsed.value = ms === null ? null : { ms, at };
    this.now.value = Math.max(performance.now(), at);
  }

  show(round: number, phase: string): void {
    this.round.value = round;
    this.phase.value = phase;
  }

  dispose(): void {
    clearInterval(this.ticker);
    render(null, this.el);
  }

  private readonly View = () => {
    const phase = this.phase.value;
    const running = phase === 'running';
    const paused = phase === 'paused';
    const ended = phase === 'ended';
    const asking = this.asking.value && !ended;
    const confirm = useRef<HTMLButtonElement>(null);
    // Asked to end the class: the focus goes to the question's button.
    useLayoutEffect(() => {
      if (asking) confirm.current?.focus();
    }, [asking]);
    const phaseKey = (['lobby', 'running', 'paused', 'ended'].includes(phase) ? `phase.${phase}` : 'phase.lobby') as TextKey;
    const disabled: Record<RoundCommand, boolean> = {
      startRound: running || paused || ended,
      pauseRound: !running,
      resumeRound: !paused,
      endRound: !running && !paused,
      endClass: ended,
    };
    const sc = knownScenario(this.scenarioId.value);
    const e = this.elapsed.value;
    const live = e !== null && (running || paused);
    return (
      <>
        <p class="round-status" data-testid="round-status" role="status">{t('host.status', { n: this.round.value, phase: t(phaseKey) })}</p>
        <p class="scenario-summary" data-testid="scenario-summary" hidden={!sc || ended}>
          {sc ? t(running || paused ? 'host.scenarioNow' : 'host.scenarioNext', { n: sc.number || '★', title: pick(sc.title), summary: pick(sc.summary) }) : ''}
        </p>
        {/* Not a live region: a screen reader would hear it every second. */}
        <p class="round-timer" data-testid="round-timer" hidden={!live}>
          {live && e ? t('host.roundTime', { t: clockText(e.ms + Math.max(0, this.now.value - e.at)) }) : ''}
        </p>
        <div class="actions">
          {BUTTONS.map((b) => (
            <button key={b.command} type="button" class={b.cls} data-testid={b.testid} disabled={disabled[b.command]}
              onClick={() => (b.command === 'endClass' ? (this.asking.value = true) : this.run(b.command))}>
              {t(b.key)}
            </button>
          ))}
          <button ref={confirm} type="button" class="danger" data-testid="end-class-confirm" hidden={!asking}
            onClick={() => {
              this.asking.value = false;
              this.run('endClass');
            }}>
            {t('host.confirmEndClass')}
          </button>
        </div>
      </>
    );
  };
}
