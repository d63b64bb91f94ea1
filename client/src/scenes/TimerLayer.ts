import Phaser from 'phaser';
import type { Side } from '../../../shared/index';
import type { SceneGeometry } from '../view/geometry';
import { flagText } from '../view/label';
import { remaining, ringColor, secondsLeft, shareArc } from '../view/ring';
import type { PlayerTimers } from '../view/rto';
import { COLORS, MONO } from './style';

export interface TimerWords {
  resend: string;
  timeWait: (seconds: number) => string;
  /** The ring's timeout is `n` × the class's RTO (retransmission backoff). */
  backedOff: (n: number) => string;
}

const MAX_RINGS = 4;

/**
 * The player's timers under their host: a ring per unacknowledged segment they sent, emptying as
 * the retransmission timeout runs out (red and "resend!" once it fired), and the 2×MSL countdown
 * in TIME_WAIT. `now` is network time (view/clock.ts): the rings stand still with the clock.
 */
export class TimerLayer {
  private readonly gfx: Phaser.GameObjects.Graphics;
  private readonly labels: Phaser.GameObjects.Text[] = [];

  constructor(scene: Phaser.Scene) {
    this.gfx = scene.add.graphics().setDepth(3);
    for (let i = 0; i < MAX_RINGS; i++) {
      this.labels.push(scene.add.text(0, 0, '', { fontFamily: MONO, fontSize: '12px', color: COLORS.ink }).setDepth(3));
    }
  }

  /** `now`: network ms (the rings); `pageNow`: page ms (the pulse of a fired ring, which asks the player to act). */
  draw(t: PlayerTimers, me: Side | null, g: SceneGeometry, now: number, pageNow: number, rtoMs: number, mslMs: number, words: TimerWords, classRtoMs = rtoMs): void {
    this.gfx.clear();
    for (const l of this.labels) l.setVisible(false);
    if (!me) return;
    const host = g.hosts[me];
    const dir = me === 'client' ? 1 : -1;
    const r = g.ringR;
    const spacing = g.narrow ? 84 : 128;
    const x0 = host.x - dir * (host.w / 2 - r);
    const rings: { share: number; fired: boolean; text: string }[] = t.unacked.map((u) => {
      const share = t.rtoStart === null ? 1 : remaining(now, t.rtoStart, rtoMs);
      const fired = t.rtoFired && u === t.unacked[0];
      // A backed-off timeout says so on the ring that runs it (the first: the timer is the queue's).
      const doubled = !fired && u === t.unacked[0] && rtoMs > classRtoMs ? ` ${words.backedOff(Math.round(rtoMs / classRtoMs))}` : '';
      return { share: fired ? 1 : share, fired, text: fired ? `${flagText(u.segment)} ${words.resend}` : `${flagText(u.segment)} ${u.seq}${doubled}` };
    });
    if (t.timeWaitStart !== null) {
      const share = remaining(now, t.timeWaitStart, 2 * mslMs);
      rings.push({ share, fired: false, text: words.timeWait(secondsLeft(now, t.timeWaitStart, 2 * mslMs)) });
    }
    rings.slice(0, MAX_RINGS).forEach((ring, i) => {
      const x = x0 + dir * i * spacing;
      const y = g.ringsY;
      this.gfx.lineStyle(4, 0xd5dde8, 1);
      this.gfx.strokeCircle(x, y, r);
      const color = ring.fired ? COLORS.lost : ringColor(ring.share);
      const arc = shareArc(ring.share);
      if (arc.to > arc.from) {
        this.gfx.lineStyle(4, color, ring.fired ? 0.6 + 0.4 * Math.abs(Math.sin(pageNow / 200)) : 1);
        this.gfx.beginPath();
        this.gfx.arc(x, y, r, arc.from, arc.to, false);
        this.gfx.strokePath();
      }
      const label = this.labels[i]!;
      label.setText(ring.text).setFontSize(g.narrow ? 10 : 12).setVisible(true);
      label.setColor(ring.fired ? COLORS.lostText : COLORS.ink);
      label.setOrigin(dir === 1 ? 0 : 1, 0.5).setPosition(x + dir * (r + 4), y);
    });
  }
}
