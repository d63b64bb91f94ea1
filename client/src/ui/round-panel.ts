import { countInputs, findScenario, otherSide, type Clock, type RoundEnded, type RoundStarted, type Side, type TcpState } from '../../../shared/index';
import { Subscriptions, type Bus } from '../bus';
import { onLang, pick, t } from '../i18n/ui';
import type { AppEvents } from '../net/events';
import type { StudentPort } from '../net/port';
import { SceneFeed } from '../scenes/feed';
import type { RunningScene } from '../scenes/game';
import { loadScene, preloadScene } from '../scenes/load';
import { badgeOf } from '../view/badge';
import { CLOCK_LINE, clockStatus } from '../view/clock';
import { Composer } from './composer';
import { h, tr } from './dom';
import { Feedback } from './feedback';
import { focusWhenShown } from './focus';
import { Inbox } from './inbox';
import { endMessage } from './round-end';
import { ScoreBar } from './scorebar';
import { TimerStatus } from './timer-status';

export interface RoundPanelOptions {
  /**
   * What the round-end message offers under it (a class: the link to the student's own replay of
   * the round); null for nothing. It takes the focus when the round is over.
   */
  endAction?: (re: RoundEnded) => HTMLElement | null;
}

/**
 * One player's round, the same for a class and for homework: the Phaser scene on top, the pair's
 * network clock, then score, feedback, the composer and the inbox. It listens to the round's events
 * on the bus, answers through a StudentPort, and tells the scene what happened through a SceneFeed.
 * On a phone the inbox sits between the scene and the composer and stays in view with the scene
 * (style.css "Phone round"), so the newest arrival is seen while composing.
 */
export class RoundPanel {
  readonly el: HTMLElement;
  readonly score = new ScoreBar();
  private readonly feedback = new Feedback();
  private readonly inbox: Inbox;
  private readonly composer: Composer;
  private readonly feed: SceneFeed;
  /** The timers in words, for a screen reader (the scene draws them). */
  private readonly timerStatus: TimerStatus;
  private readonly sceneBox = h('div', { class: 'scene', 'data-testid': 'scene', role: 'img' });
  private readonly title = h('h2', { 'data-testid': 'round-title' });
  private readonly role = h('p', { class: 'role', 'data-testid': 'round-role' });
  private readonly clockLine = h('p', { class: 'clock-status', 'data-testid': 'clock-status', 'aria-live': 'off' });
  /** Under the round-end message: what the screen around offers (the student's replay). */
  private readonly endBox = h('div', { class: 'round-end-actions', 'data-testid': 'round-end-actions', hidden: true });
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
    this.feed = new SceneFeed(bus);
    this.timerStatus = new TimerStatus(bus);
    tr(this.sceneBox, 'play.sceneLabel', undefined, 'aria-label');
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
    }, h('div', { class: 'round-messages' }, this.feedback.el, this.endBox));
    // A number tapped in the inbox goes into the composer's field used last.
    this.inbox = new Inbox((value) => this.composer.paste(value));
    this.composer.setEnabled(false);
    this.el = h('section', { class: 'round', 'data-testid': 'round', 'aria-labelledby': 'round-title-h' },
      h('div', { class: 'round-head' }, this.title, this.role),
      this.sceneBox,
      this.clockLine,
      this.timerStatus.el,
      this.score.el,
      h('div', { class: 'panels' }, this.composer.el, this.inbox.el),
    );
    this.title.id = 'round-title-h';
    // Nothing to show before the first round starts (the lobby says what happens next).
    this.el.hidden = true;
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

  dispose(): void {
    this.disposed = true;
    this.subs.dispose();
    this.scene?.destroy();
    this.composer.dispose();
    this.timerStatus.dispose();
    this.inbox.dispose();
    this.feedback.dispose();
    this.score.dispose();
  }

  private listen(): void {
    const { bus, subs } = this;
    subs.add(bus.on('roundStarted', (rs) => this.begin(rs)));
    subs.add(bus.on('seatEvent', (e) => {
      const side = this.started?.side;
      if (!side) return;
      this.inputs += countInputs([e], side);
      const now = performance.now();
      this.feed.event(e, now);
      this.inbox.add(e, side);
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
      const message = endMessage(re, rs ? findScenario(rs.scenario)?.achieved : undefined);
      this.feedback.lines(message.lines, message.tone, re.done ? 'done' : re.handedToBot ? 'handed-to-bot' : 'ended');
      // A phone no longer keeps the scene and inbox on top (style.css): the end message has the room.
      this.el.setAttribute('data-over', 'true');
      const action = this.options.endAction?.(re) ?? null;
      this.endBox.replaceChildren(...(action ? [action] : []));
      this.endBox.hidden = action === null;
      // The composer is closed: the focus goes to what the end offers (else it would fall to the page).
      if (action) focusWhenShown(action.matches('a, button') ? action : action.querySelector<HTMLElement>('a, button'));
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
    subs.add(onLang(() => this.head()));
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
    const partner = rs.partner === 'bot' ? t('play.bot') : rs.partner;
    const showLosses = rs.showLosses === true;
    this.feed.reset(rs.side, { [rs.side]: this.myName(), [other]: partner } as Record<Side, string>, rs.timing.rtoMs, rs.timing.mslMs, showLosses);
    this.inbox.reset(showLosses);
    this.composer.reset(rs.textbook === true);
    this.feedback.clear();
    this.endBox.replaceChildren();
    this.endBox.hidden = true;
    this.el.removeAttribute('data-over');
    this.score.setPartner(null);
    this.score.hold(false);
    this.scoreBefore = this.score.shown.score;
    this.score.hold(rs.mode === 'assessment');
    this.showClock(rs.clock ?? null);
    this.head();
    // On reconnection the history comes along: replay it as if it had just happened, in order.
    const history = rs.history ?? [];
    this.inputs = countInputs(history, rs.side);
    const now = performance.now();
    const lastT = history.reduce((m, e) => Math.max(m, e.t), 0);
    let badge: TcpState | null = null;
    for (const e of history) {
      this.feed.event(e, now - (lastT - e.t));
      this.inbox.add(e, rs.side, true);
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

  /** The status line under the scene: whether network time runs, and whom it waits for. */
  private showClock(c: Clock | null): void {
    const status = clockStatus(c);
    this.clockLine.setAttribute('data-status', status ?? 'none');
    if (status) tr(this.clockLine, CLOCK_LINE[status]);
    else {
      this.clockLine.removeAttribute('data-i18n');
      this.clockLine.textContent = '';
    }
  }

  private head(): void {
    const rs = this.started;
    if (!rs) return;
    const title = findScenario(rs.scenario)?.title;
    this.title.textContent = t('play.round', { n: rs.round, title: title ? pick(title) : rs.scenario });
    this.role.textContent = t('play.you', {
      side: t(rs.side === 'client' ? 'side.client' : 'side.server'),
      mode: t(rs.mode === 'practice' ? 'mode.practice' : 'mode.assessment'),
      partner: rs.partner === 'bot' ? t('play.bot') : rs.partner,
    });
  }

  private async startScene(): Promise<void> {
    if (this.scene) return;
    this.scene = { destroy: () => undefined };
    const { startRoundGame } = await loadScene();
    if (this.disposed) return;
    this.scene = startRoundGame(this.sceneBox, this.feed);
  }
}
