import { effect } from '@preact/signals';
import Phaser from 'phaser';
import { ROUND_DEFAULTS } from '../../../shared/round/defaults';
import { otherSide, SIDES, type Side, type TcpState } from '../../../shared/tcp/types';
import { lang, t } from '../i18n/ui';
import { CLOCK_WORD, clockStatus, networkNow, type SeenClock } from '../view/clock';
import { applyFlightEvent, envelopesAt, pruneFlights, type Flight } from '../view/flights';
import { placeEnvelopes, sceneGeometry, type SceneGeometry } from '../view/geometry';
import { applyTimerEvent, armedRto, NO_TIMERS, type PlayerTimers } from '../view/rto';
import type { SceneFeed, SceneItem } from './feed';
import { EnvelopeLayer } from './EnvelopeLayer';
import { HostView } from './HostView';
import { COLORS, SANS } from './style';
import { TimerLayer } from './TimerLayer';

/**
 * The round: two hosts and the network between them. It renders only what its feed tells it
 * (seat events, declared states, the pair's network clock); it imports neither the network SDK
 * nor the judge. Envelopes move in page time (an animation); timer rings and the 2×MSL countdown
 * run on network time, so they stand still while the clock waits for someone, and the scene says
 * so under the network ("your move", "waiting for your partner", "paused").
 */
export class RoundScene extends Phaser.Scene {
  private me: Side | null = null;
  private names: Record<Side, string> = { client: '', server: '' };
  /** The side the bot plays, named in the page's language. */
  private bot: Side | null = null;
  private rtoMs = ROUND_DEFAULTS.rtoMs;
  private mslMs = ROUND_DEFAULTS.mslMs;
  private backoff = ROUND_DEFAULTS.backoff;
  private showLosses = false;
  private clock: SeenClock | null = null;
  /** The latest network time an event showed (the rings never run behind it). */
  private lastT = 0;
  private flights: Flight[] = [];
  private timers: PlayerTimers = NO_TIMERS;
  private badges: Record<Side, TcpState | null> = { client: null, server: null };
  private geo!: SceneGeometry;
  private hosts!: Record<Side, HostView>;
  private lanes!: Phaser.GameObjects.Graphics;
  private cloud!: Phaser.GameObjects.Text;
  private clockWord!: Phaser.GameObjects.Text;
  private envelopes!: EnvelopeLayer;
  private rings!: TimerLayer;
  private offs: (() => void)[] = [];

  constructor(private readonly feed: SceneFeed) {
    super({ key: 'round' });
  }

  create(): void {
    this.cameras.main.setBackgroundColor(COLORS.background);
    this.lanes = this.add.graphics();
    this.cloud = this.add.text(0, 0, '', { fontFamily: SANS, fontSize: '12px', color: COLORS.muted }).setOrigin(0.5, 0);
    this.clockWord = this.add.text(0, 0, '', { fontFamily: SANS, fontSize: '12px', color: COLORS.ink, fontStyle: 'bold' }).setOrigin(0.5, 0).setDepth(6);
    this.hosts = { client: new HostView(this, 'client'), server: new HostView(this, 'server') };
    this.envelopes = new EnvelopeLayer(this);
    this.rings = new TimerLayer(this);
    for (const item of this.feed.log()) this.take(item);
    const bus = this.feed.bus;
    this.offs.push(
      bus.on('scene:reset', (payload) => this.take({ type: 'scene:reset', payload })),
      bus.on('scene:event', (payload) => this.take({ type: 'scene:event', payload })),
      bus.on('scene:badge', (payload) => this.take({ type: 'scene:badge', payload })),
      bus.on('scene:clock', (payload) => this.take({ type: 'scene:clock', payload })),
    );
    // A language switch draws every label again (the bot's name too), in the new language.
    let first = true;
    this.offs.push(effect(() => {
      void lang.value;
      if (first) first = false;
      else this.layout();
    }));
    this.scale.on('resize', () => this.layout());
    this.events.once('destroy', () => this.offs.forEach((off) => off()));
    this.layout();
  }

  override update(): void {
    const now = performance.now();
    this.flights = pruneFlights(this.flights, now);
    const placed = placeEnvelopes(envelopesAt(this.flights, now), this.geo);
    this.envelopes.draw(placed, this.geo, { lost: t('scene.lost'), delayed: t('scene.delayed'), copy: t('scene.copy') });
    this.rings.draw(this.timers, this.me, this.geo, networkNow(this.clock, now, this.lastT), now, armedRto(this.timers, this.rtoMs, this.backoff), this.mslMs, {
      resend: t('scene.resend'),
      timeWait: (s) => t('scene.timeWait', { s }),
      backedOff: (n) => t('scene.backedOff', { n }),
    }, this.rtoMs);
  }

  private take(item: SceneItem): void {
    if (item.type === 'scene:reset') {
      ({ me: this.me, names: this.names, rtoMs: this.rtoMs, mslMs: this.mslMs, backoff: this.backoff, showLosses: this.showLosses, bot: this.bot } = item.payload);
      this.flights = [];
      this.timers = NO_TIMERS;
      this.clock = null;
      this.lastT = 0;
      this.badges = { client: null, server: null };
      this.envelopes?.clear();
      if (this.geo) this.layout();
    } else if (item.type === 'scene:event') {
      const { e, at } = item.payload;
      // Without the host's "show losses", a player never learns what became of its own segments.
      this.flights = applyFlightEvent(this.flights, e, at, { secretFor: this.showLosses ? null : this.me });
      this.lastT = Math.max(this.lastT, e.t);
      if (this.me) this.timers = applyTimerEvent(this.timers, e, this.me);
    } else if (item.type === 'scene:clock') {
      this.clock = { ...item.payload.clock, at: item.payload.at };
      if (this.geo) this.layoutClock();
    } else {
      const { side, state } = item.payload;
      this.badges[side] = state;
      if (this.geo) this.layoutBadges();
    }
  }

  private layout(): void {
    this.geo = sceneGeometry(this.scale.gameSize.width, this.scale.gameSize.height);
    const g = this.geo;
    this.lanes.clear();
    for (const side of SIDES) {
      const to = otherSide(side);
      this.lanes.lineStyle(2, COLORS.lane, 0.7);
      const y = g.lanes[side];
      // A dashed line per direction, with an arrowhead at the receiving end.
      const x0 = g.edge[side];
      const x1 = g.edge[to];
      const step = Math.sign(x1 - x0) * 10;
      for (let x = x0; Math.abs(x1 - x) > 12; x += step * 2) this.lanes.lineBetween(x, y, x + step, y);
      this.lanes.fillStyle(COLORS.lane, 0.9);
      this.lanes.fillTriangle(x1, y, x1 - step, y - 5, x1 - step, y + 5);
    }
    this.cloud.setText(`~ ${t('scene.network')} ~`).setPosition(g.midX, 4).setFontSize(g.narrow ? 11 : 13);
    this.layoutClock();
    const labels = {} as Record<Side, string[]>;
    for (const side of SIDES) {
      const who = this.me === null ? '' : side === this.me ? t('scene.you') : t('scene.partner');
      labels[side] = [t(side === 'client' ? 'side.client' : 'side.server'), who, side === this.bot ? t('play.bot') : this.names[side]];
      this.hosts[side].setInfo(labels[side][0]!, labels[side][1]!, labels[side][2]!, g.narrow);
    }
    // What each host says, on the canvas too (as its box's data-scene says it is drawn): for tests and scripts.
    this.game.canvas.dataset.hosts = JSON.stringify(labels);
    this.layoutBadges();
  }

  /** Under the network's name: whom the clock waits for (nothing while it runs). */
  private layoutClock(): void {
    const status = this.me ? clockStatus(this.clock) : null;
    const key = status ? CLOCK_WORD[status] : null;
    const g = this.geo;
    this.clockWord.setText(key ? t(key) : '').setVisible(key !== null)
      .setPosition(g.midX, (g.narrow ? 11 : 13) + 8).setFontSize(g.narrow ? 11 : 13)
      .setColor(status === 'you' || status === 'both' ? COLORS.lostText : COLORS.ink);
  }

  private layoutBadges(): void {
    for (const side of SIDES) {
      const state = this.badges[side];
      // Unknown ("?") until declared; the partner's declarations are never shown to a player.
      this.hosts[side].setBadge(state ?? '?', state !== null);
      this.hosts[side].layout(this.geo);
    }
  }
}
