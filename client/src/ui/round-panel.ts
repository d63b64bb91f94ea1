import { countInputs, findScenario, type RoundStarted, type Side, type TcpState } from '../../../shared/index';
import { Subscriptions, type Bus } from '../bus';
import { onLang, pick, t } from '../i18n/ui';
import type { AppEvents } from '../net/events';
import type { StudentPort } from '../net/port';
import { SceneFeed } from '../scenes/feed';
import type { RunningScene } from '../scenes/game';
import { Composer } from './composer';
import { h, tr } from './dom';
import { Feedback } from './feedback';
import { Inbox } from './inbox';
import { ScoreBar } from './scorebar';

/**
 * One player's round, the same for a class and for homework: the Phaser scene on top, then score,
 * feedback, the composer and the inbox. It listens to the round's events on the bus, answers
 * through a StudentPort, and tells the scene what happened through a SceneFeed.
 */
export class RoundPanel {
  readonly el: HTMLElement;
  readonly score = new ScoreBar();
  private readonly feedback = new Feedback();
  private readonly inbox = new Inbox();
  private readonly composer: Composer;
  private readonly feed: SceneFeed;
  private readonly sceneBox = h('div', { class: 'scene', 'data-testid': 'scene', role: 'img' });
  private readonly title = h('h2', { 'data-testid': 'round-title' });
  private readonly role = h('p', { class: 'role', 'data-testid': 'round-role' });
  private scene: RunningScene | null = null;
  private started: RoundStarted | null = null;
  private pending: { kind: 'send' | 'declare'; state?: TcpState }[] = [];
  /** Inputs to this player's endpoint shown in this round (deliveries to it, its timers and app calls). */
  private inputs = 0;
  private partnerAway = false;
  private readonly subs = new Subscriptions();
  private disposed = false;

  constructor(private readonly bus: Bus<AppEvents>, private readonly port: StudentPort, private readonly myName: () => string) {
    this.feed = new SceneFeed(bus);
    tr(this.sceneBox, 'play.sceneLabel', undefined, 'aria-label');
    this.composer = new Composer({
      // Each answer says how many inputs to the endpoint this screen had shown (see countInputs).
      send: (answer) => {
        this.pending.push({ kind: 'send', ...(answer.state ? { state: answer.state } : {}) });
        this.port.sendSegment({ ...answer, seen: this.inputs });
      },
      declare: (state) => {
        this.pending.push({ kind: 'declare', state });
        this.port.declareState(state, this.inputs);
      },
    }, this.feedback.el);
    this.composer.setEnabled(false);
    this.el = h('section', { class: 'round', 'data-testid': 'round', 'aria-labelledby': 'round-title-h' },
      h('div', { class: 'round-head' }, this.title, this.role),
      this.sceneBox,
      this.score.el,
      h('div', { class: 'panels' }, this.composer.el, this.inbox.el),
    );
    this.title.id = 'round-title-h';
    // Nothing to show before the first round starts (the lobby says what happens next).
    this.el.hidden = true;
    this.listen();
  }

  /** A line for the feedback area from the screen around (paused, round over…). */
  get messages(): Feedback {
    return this.feedback;
  }

  setEnabled(on: boolean): void {
    this.composer.setEnabled(on && this.started !== null);
  }

  dispose(): void {
    this.disposed = true;
    this.subs.dispose();
    this.scene?.destroy();
    this.composer.dispose();
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
      this.feed.event(e, performance.now());
      this.inbox.add(e, side);
    }));
    subs.add(bus.on('verdictGiven', (v) => {
      const answer = this.pending.shift() ?? { kind: 'send' as const };
      this.feedback.verdict(v, answer.kind);
      this.score.set(v.score, v.streak);
      if (answer.kind === 'send' && (v.ok || v.recorded)) this.composer.clearFlags();
      // A declared state stands unless the judge said it was wrong (assessment: we cannot know).
      if (answer.state && this.started && (v.recorded || v.errors.every((e) => e.field !== 'state'))) {
        this.feed.badge(this.started.side, answer.state, performance.now());
        rememberBadge(this.started, answer.state);
      }
    }));
    subs.add(bus.on('error', (err) => {
      if (err.intent === 'sendSegment' || err.intent === 'declareState') this.pending.shift();
      this.feedback.error(err.code as never, err.message);
    }));
    subs.add(bus.on('roundEnded', (re) => {
      this.composer.setEnabled(false);
      this.pending = [];
      this.feedback.text('play.ended', re.finished ? 'ok' : 'info', { result: t(re.finished ? 'play.finished' : 'play.unfinished'), score: re.score });
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

  private begin(rs: RoundStarted): void {
    this.started = rs;
    this.el.hidden = false;
    this.pending = [];
    const other: Side = rs.side === 'client' ? 'server' : 'client';
    const partner = rs.partner === 'bot' ? t('play.bot') : rs.partner;
    this.feed.reset(rs.side, { [rs.side]: this.myName(), [other]: partner } as Record<Side, string>, rs.timing.rtoMs, rs.timing.mslMs);
    this.inbox.reset();
    this.feedback.clear();
    this.score.setPartner(null);
    this.head();
    // On reconnection the history comes along: replay it as if it had just happened, in order.
    const history = rs.history ?? [];
    this.inputs = countInputs(history, rs.side);
    const now = performance.now();
    const lastT = history.reduce((m, e) => Math.max(m, e.t), 0);
    for (const e of history) {
      this.feed.event(e, now - (lastT - e.t));
      this.inbox.add(e, rs.side, true);
      if (e.kind === 'declared' && e.side === rs.side) this.feed.badge(rs.side, e.state, now - (lastT - e.t));
    }
    // A state declared with a send is not in the history: this tab remembers it.
    const kept = history.length > 0 ? recalledBadge(rs) : null;
    if (kept) this.feed.badge(rs.side, kept, now);
    this.composer.setEnabled(true);
    void this.startScene();
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
    const { startRoundGame } = await import('../scenes/game');
    if (this.disposed) return;
    this.scene = startRoundGame(this.sceneBox, this.feed);
  }
}

const BADGE_KEY = 'synack.badge';

function rememberBadge(rs: RoundStarted, state: TcpState): void {
  try {
    sessionStorage.setItem(BADGE_KEY, JSON.stringify({ round: rs.round, scenario: rs.scenario, side: rs.side, state }));
  } catch {
    /* not kept: the badge shows "?" after a refresh */
  }
}

function recalledBadge(rs: RoundStarted): TcpState | null {
  try {
    const b = JSON.parse(sessionStorage.getItem(BADGE_KEY) ?? 'null') as { round: number; scenario: string; side: string; state: TcpState } | null;
    return b && b.round === rs.round && b.scenario === rs.scenario && b.side === rs.side ? b.state : null;
  } catch {
    return null;
  }
}
