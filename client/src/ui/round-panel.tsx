import { render, type ComponentChildren } from 'preact';
import { countInputs, findScenario, otherSide, type Clock, type RoundEnded, type RoundStarted, type SeatEvent, type Side, type TcpState } from '../../../shared/index';
import { Subscriptions, type Bus } from '../bus';
import { pick, t } from '../i18n/ui';
import type { AppEvents } from '../net/events';
import type { StudentPort } from '../net/port';
import { SceneFeed } from '../scenes/feed';
import type { RunningScene } from '../scenes/game';
import { loadScene, preloadScene } from '../scenes/load';
import { badgeOf } from '../view/badge';
import { CLOCK_LINE, clockStatus, type ClockStatus } from '../view/clock';
import { Composer } from './composer';
import { Feedback } from './feedback';
import { focusWhenShown } from './focus';
import { holding } from './holding';
import { Inbox } from './inbox';
import { ListenQueuePanel } from './listen-queue';
import { Panel } from './panel';
import { endMessage } from './round-end';
import { ScoreBar } from './scorebar';
import { TimerStatus } from './timer-status';

export interface RoundPanelOptions {
  /**
   * What the round-end message offers under it (a class: the link to the student's own replay of
   * the round); null for nothing. Its first link or button takes the focus when the round is over.
   */
  endAction?: (re: RoundEnded) => ComponentChildren | null;
}

/** What the round's own lines show (the panels inside draw themselves). */
interface Shown {
  started: RoundStarted | null;
  clock: ClockStatus | null;
}

/** The panels the round view places (each draws itself into its element). */
interface Parts {
  sceneBox: (el: HTMLDivElement | null) => void;
  status: readonly Node[];
  panels: readonly Node[];
}

function RoundView({ s, parts }: { s: Shown; parts: Parts }) {
  const rs = s.started;
  const title = rs ? (findScenario(rs.scenario)?.title ?? rs.about?.title) : undefined;
  return (
    <>
      <div class="round-head">
        <h2 id="round-title-h" data-testid="round-title">{rs ? t('play.round', { n: rs.round, title: title ? pick(title) : rs.scenario }) : ''}</h2>
        <p class="role" data-testid="round-role">{rs ? t('play.you', {
          side: t(rs.side === 'client' ? 'side.client' : 'side.server'),
          mode: t(rs.mode === 'practice' ? 'mode.practice' : 'mode.assessment'),
          partner: rs.partner === 'bot' ? t('play.bot') : rs.partner,
        }) : ''}</p>
      </div>
      {/* The scene's canvas box: Phaser draws into it, so it has no children of Preact's. */}
      <div class="scene" data-testid="scene" role="img" aria-label={t('play.sceneLabel')} ref={parts.sceneBox} />
      <p class="clock-status" data-testid="clock-status" aria-live="off" data-status={s.clock ?? 'none'}>{s.clock ? t(CLOCK_LINE[s.clock]) : ''}</p>
      <div class="round-status" ref={holding(...parts.status)} />
      <div class="panels" ref={holding(...parts.panels)} />
    </>
  );
}

/** Under the round-end message: what the screen around offers (the student's replay). */
function EndActions({ action }: { action: ComponentChildren | null }) {
  return <div class="round-end-actions" data-testid="round-end-actions" hidden={action === null}>{action}</div>;
}

/**
 * One player's round, the same for a class and for homework: the Phaser scene on top, the pair's
 * network clock, then score, feedback, the composer and the inbox. It listens to the round's events
 * on the bus, answers through a StudentPort, and tells the scene what happened through a SceneFeed.
 * On a phone the inbox sits between the scene and the composer and stays in view with the scene
 * (style.css "Phone round"), so the newest arrival is seen while composing. A Preact panel drawn into
 * `el` when the round changes (and by itself on a language switch); the score bar, feedback,
 * composer, inbox and timer words are panels of their own that it places.
 */
export class RoundPanel extends Panel<Shown> {
  readonly score = new ScoreBar();
  private readonly feedback = new Feedback();
  private readonly inbox: Inbox;
  private readonly composer: Composer;
  /** The listen queue of a listening server's half-open connections (the SYN flood); hidden otherwise. */
  private readonly queue = new ListenQueuePanel();
  private readonly feed: SceneFeed;
  /** The timers in words, for a screen reader (the scene draws them). */
  private readonly timerStatus: TimerStatus;
  /** The scene's box, once drawn. */
  private sceneBox: HTMLDivElement | null = null;
  /** Holds the round-end actions (drawn under the feedback, inside the composer). */
  private readonly endBox = document.createElement('div');
  private readonly parts: Parts;
  private scene: RunningScene | null = null;
  private started: RoundStarted | null = null;
  /** The round is over for this player (done, handed to the bot, or ended by the host). */
  private over = false;
  /** The score shown when an assessment round began (its points are added when it ends). */
  private scoreBefore = 0;
  /** Answers sent and not yet answered, by request id (the verdict or error carries it back). */
  private pending = new Map<number, { kind: 'send' | 'declare'; state?: TcpState }>();
  private nextRid = 1;
  /** Inputs to this player's endpoint shown in this round (deliveries to it, its timers and app calls). */
  private inputs = 0;
  private partnerAway = false;
  private readonly subs = new Subscriptions();
  private disposed = false;

  constructor(private readonly bus: Bus<AppEvents>, private readonly port: StudentPort, private readonly myName: () => string, private readonly options: RoundPanelOptions = {}) {
    super(document.createElement('section'), { started: null, clock: null });
    this.feed = new SceneFeed(bus);
    this.timerStatus = new TimerStatus(bus);
    this.composer = new Composer({
      // Each answer says how many inputs to the endpoint this screen had shown (see countInputs).
      send: (answer) => {
        const rid = this.nextRid++;
        this.pending.set(rid, { kind: 'send', ...(answer.state ? { state: answer.state } : {}) });
        this.port.sendSegment({ ...answer, seen: this.inputs, rid });
      },
      declare: (state) => {
        const rid = this.nextRid++;
        this.pending.set(rid, { kind: 'declare', state });
        this.port.declareState(state, this.inputs, rid);
      },
    }, [this.feedback.el, this.endBox]);
    // A number tapped in the inbox goes into the composer's field used last.
    this.inbox = new Inbox((value) => this.composer.paste(value));
    this.composer.setEnabled(false);
    this.parts = {
      sceneBox: (el) => {
        this.sceneBox = el;
      },
      status: [this.timerStatus.el, this.score.el],
      panels: [this.composer.el, this.inbox.el, this.queue.el],
    };
    this.el.className = 'round';
    this.el.dataset.testid = 'round';
    this.el.setAttribute('aria-labelledby', 'round-title-h');
    // Nothing to show before the first round starts (the lobby says what happens next).
    this.el.hidden = true;
    this.draw();
    this.showEnd(null);
    this.listen();
    // The panel is built while the student waits in the lobby: the scene's code is fetched now, so
    // it is there when the round starts (scenes/load.ts).
    preloadScene();
  }

  /** A line for the feedback area from the screen around (paused, round over…). */
  get messages(): Feedback {
    return this.feedback;
  }

  setEnabled(on: boolean): void {
    this.composer.setEnabled(on && this.started !== null && !this.over);
  }

  override dispose(): void {
    this.disposed = true;
    this.subs.dispose();
    this.scene?.destroy();
    this.composer.dispose();
    this.timerStatus.dispose();
    this.inbox.dispose();
    this.queue.dispose();
    this.feedback.dispose();
    this.score.dispose();
    render(null, this.endBox);
    super.dispose();
  }

  protected view() {
    return <RoundView s={this.s} parts={this.parts} />;
  }

  private showEnd(action: ComponentChildren | null): void {
    render(<EndActions action={action} />, this.endBox);
  }

  private listen(): void {
    const { bus, subs } = this;
    subs.add(bus.on('roundStarted', (rs) => this.begin(rs)));
    subs.add(bus.on('seatEvent', (e) => {
      const side = this.started?.side;
      if (!side) return;
      this.inputs += countInputs([e], side);
      const now = performance.now();
      this.sceneEvent(e, now);
      this.inbox.add(e, side);
      this.queueEvent(e, side);
      const state = badgeOf(e, side);
      if (state) this.feed.badge(side, state, now);
    }));
    subs.add(bus.on('verdictGiven', (v) => {
      const answer = this.take(v.rid) ?? { kind: 'send' as const };
      // The answer that finished the round may be judged after the round was over for the player
      // (the class server tells the end first): the end, which counts it, stays in view.
      if (!this.over) this.feedback.verdict(v, answer.kind);
      // Assessment: recorded, nothing more — the score bar does not move until the round ends.
      if (!v.recorded) this.score.set(v.score, v.streak);
      if (answer.kind === 'send' && (v.recorded || v.ok)) this.composer.afterSend();
    }));
    subs.add(bus.on('error', (err) => {
      // A concept check's refusal is said beside its question (ui/check.tsx), not in the round's feedback.
      if (err.intent === 'answerCheck') return;
      if (err.intent === 'sendSegment' || err.intent === 'declareState') this.take(err.rid);
      this.feedback.error(err.code as never, err.message);
    }));
    subs.add(bus.on('clock', (c) => {
      if (!this.started) return;
      this.showClock(c);
      this.feed.clock(c, performance.now());
    }));
    subs.add(bus.on('hint', (hint) => {
      if (!this.started || this.over) return;
      this.feedback.text(hint.owes === 'send' ? 'hint.send' : 'hint.declare', 'info');
    }));
    subs.add(bus.on('roundEnded', (re) => {
      const rs = this.started;
      this.over = true;
      this.composer.setEnabled(false);
      this.pending.clear();
      this.showClock(null);
      if (rs?.mode === 'assessment') {
        // The round's points are told now, and only now.
        this.score.hold(false);
        this.score.set(this.scoreBefore + re.score, this.score.shown.streak);
      }
      const message = endMessage(re, rs ? (findScenario(rs.scenario)?.achieved ?? rs.about?.achieved) : undefined);
      this.feedback.lines(message.lines, message.tone, re.done ? 'done' : re.handedToBot ? 'handed-to-bot' : 'ended');
      // A phone no longer keeps the scene and inbox on top (style.css): the end message has the room.
      this.el.setAttribute('data-over', 'true');
      const action = this.options.endAction?.(re) ?? null;
      this.showEnd(action);
      // The composer is closed: the focus goes to what the end offers (else it would fall to the page).
      if (action !== null) focusWhenShown(this.endBox.querySelector<HTMLElement>('a, button'));
    }));
    subs.add(bus.on('partnerStatus', (ps) => {
      if (ps.bot && this.started?.partner !== 'bot') this.score.setPartner('partner.bot');
      else if (!ps.connected) this.score.setPartner('partner.reconnecting');
      else if (this.partnerAway) {
        this.score.setPartner('partner.back');
        setTimeout(() => this.partnerAway || this.score.setPartner(null), 5000);
      }
      this.partnerAway = !ps.connected;
    }));
  }

  /** The answer a verdict or error is about (by its request id; without one, the oldest). */
  private take(rid: number | undefined): { kind: 'send' | 'declare'; state?: TcpState } | undefined {
    const key = rid ?? this.pending.keys().next().value;
    if (key === undefined) return undefined;
    const answer = this.pending.get(key);
    this.pending.delete(key);
    return answer;
  }

  private begin(rs: RoundStarted): void {
    this.started = rs;
    this.over = false;
    this.el.hidden = false;
    this.pending.clear();
    const other = otherSide(rs.side);
    const bot = rs.partner === 'bot';
    const showLosses = rs.showLosses === true;
    // The bot has no name of its own: the scene names it in the page's language, whichever that is now.
    this.feed.reset(rs.side, { [rs.side]: this.myName(), [other]: bot ? '' : rs.partner } as Record<Side, string>, rs.timing.rtoMs, rs.timing.mslMs, showLosses, bot ? other : null, rs.timing.backoff ?? true);
    this.inbox.reset(showLosses);
    this.composer.reset(rs.textbook === true);
    this.queue.reset();
    this.feedback.clear();
    this.showEnd(null);
    this.el.removeAttribute('data-over');
    this.score.setPartner(null);
    this.score.hold(false);
    this.scoreBefore = this.score.shown.score;
    this.score.hold(rs.mode === 'assessment');
    this.update({ started: rs, clock: clockStatus(rs.clock ?? null) });
    // On reconnection the history comes along: replay it as if it had just happened, in order.
    const history = rs.history ?? [];
    this.inputs = countInputs(history, rs.side);
    const now = performance.now();
    const lastT = history.reduce((m, e) => Math.max(m, e.t), 0);
    let badge: TcpState | null = null;
    for (const e of history) {
      this.sceneEvent(e, now - (lastT - e.t));
      this.inbox.add(e, rs.side, true);
      this.queueEvent(e, rs.side);
      badge = badgeOf(e, rs.side) ?? badge;
    }
    badge = rs.declared ?? badge;
    if (badge) this.feed.badge(rs.side, badge, now);
    if (rs.clock) this.feed.clock(rs.clock, now);
    this.composer.setEnabled(true);
    // A new screen: the focus goes to the composer's first control.
    focusWhenShown(this.el.querySelector<HTMLElement>('[data-testid="flag-SYN"]'));
    void this.startScene();
  }

  /**
   * An event for the scene, which draws the two endpoints of the pair: a segment from or to
   * another address (a forged source of the SYN flood) and its timers are told by the listen
   * queue panel and the inbox instead.
   */
  private sceneEvent(e: SeatEvent, at: number): void {
    if ('peer' in e && e.peer !== undefined) return;
    this.feed.event(e, at);
  }

  /** The listen queue follows the seat's events; the composer offers its half-open connections as addresses. */
  private queueEvent(e: SeatEvent, side: Side): void {
    if (this.queue.add(e, side)) this.inbox.note('inbox.synDropped');
    this.composer.setPeers(this.queue.peers);
  }

  /** The status line under the scene: whether network time runs, and whom it waits for. */
  private showClock(c: Clock | null): void {
    const clock = clockStatus(c);
    if (clock !== this.s.clock) this.update({ clock });
  }

  private async startScene(): Promise<void> {
    if (this.scene) return;
    this.scene = { destroy: () => undefined };
    const { startRoundGame } = await loadScene();
    if (this.disposed || !this.sceneBox) return;
    this.scene = startRoundGame(this.sceneBox, this.feed);
  }
}
