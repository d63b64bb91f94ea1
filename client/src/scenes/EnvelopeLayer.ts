import Phaser from 'phaser';
import { envelopeX, type PlacedEnvelope, type SceneGeometry } from '../view/geometry';
import { envelopeLines } from '../view/label';
import { COLORS, MONO, SANS } from './style';

interface Drawn {
  box: Phaser.GameObjects.Container;
  tag: Phaser.GameObjects.Text;
  halfW: number;
}

export interface EnvelopeWords {
  lost: string;
  delayed: string;
  copy: string;
}

/**
 * The envelopes in the air: one labelled card per copy (`SYN seq=4021`), coloured by its sender,
 * grey for a stale duplicate; a lost one bursts, a delayed one says so, a duplicate's second copy
 * is marked. Positions come from view/ (pure); this only draws them.
 */
export class EnvelopeLayer {
  private readonly drawn = new Map<string, Drawn>();
  private readonly sparks: Phaser.GameObjects.Graphics;

  constructor(private readonly scene: Phaser.Scene) {
    this.sparks = scene.add.graphics().setDepth(5);
  }

  draw(envelopes: readonly PlacedEnvelope[], g: SceneGeometry, words: EnvelopeWords): void {
    const seen = new Set<string>();
    this.sparks.clear();
    for (const env of envelopes) {
      seen.add(env.key);
      const d = this.drawn.get(env.key) ?? this.create(env, g);
      const tag = env.phase === 'burst' ? words.lost : env.delayed ? words.delayed : env.copy > 0 ? `${words.copy} ${env.copy + 1}` : '';
      d.tag.setText(tag).setVisible(tag !== '');
      d.tag.setColor(env.phase === 'burst' ? COLORS.lostText : COLORS.ink);
      // The card and its tag, as wide as they are drawn (a burst grows), stay between the host
      // boxes: leaving or arriving, no label covers a host (view/geometry.ts envelopeX).
      const halfW = Math.max(d.halfW, tag ? d.tag.width / 2 : 0) * Math.max(1, env.scale);
      const x = envelopeX(env.from, env.progress, halfW, g);
      d.box.setPosition(x, env.y).setAlpha(env.alpha).setScale(env.scale);
      if (env.phase === 'burst') this.burst({ ...env, x }, g);
    }
    for (const [key, d] of this.drawn) {
      if (seen.has(key)) continue;
      d.box.destroy();
      this.drawn.delete(key);
    }
  }

  private create(env: PlacedEnvelope, g: SceneGeometry): Drawn {
    const stale = env.origin === 'network';
    const color = stale ? COLORS.stale : COLORS.side[env.from];
    const text = this.scene.add.text(0, 0, envelopeLines(env.segment, g.narrow), {
      fontFamily: MONO, fontSize: `${g.fontPx}px`, color: COLORS.ink, align: 'center',
    }).setOrigin(0.5);
    const w = text.width + 14;
    const h = text.height + 8;
    const bg = this.scene.add.graphics();
    bg.fillStyle(color.fill, 1);
    bg.fillRoundedRect(-w / 2, -h / 2, w, h, 6);
    bg.lineStyle(2, color.stroke, 1);
    bg.strokeRoundedRect(-w / 2, -h / 2, w, h, 6);
    // The envelope's flap: a V from the top corners, so it reads as mail at a glance.
    bg.lineStyle(1, color.stroke, 0.45);
    bg.lineBetween(-w / 2 + 4, -h / 2 + 2, 0, -h / 2 + 7);
    bg.lineBetween(0, -h / 2 + 7, w / 2 - 4, -h / 2 + 2);
    const tag = this.scene.add.text(0, -h / 2 - 2, '', { fontFamily: SANS, fontSize: `${g.fontPx - 1}px`, color: COLORS.ink, fontStyle: 'italic' }).setOrigin(0.5, 1);
    const box = this.scene.add.container(env.x, env.y, [bg, text, tag]).setDepth(4);
    const d = { box, tag, halfW: w / 2 };
    this.drawn.set(env.key, d);
    return d;
  }

  /** Sparks flying out of a lost envelope, growing as it fades. */
  private burst(env: PlacedEnvelope, g: SceneGeometry): void {
    const p = env.scale - 1;
    const r0 = g.envelopeH * 0.6 * (1 + p);
    const r1 = r0 + g.envelopeH * 0.7 * p + 6;
    this.sparks.lineStyle(3, COLORS.lost, 1 - p);
    for (let i = 0; i < 10; i++) {
      const a = (i / 10) * Math.PI * 2;
      this.sparks.lineBetween(env.x + Math.cos(a) * r0 * 1.6, env.y + Math.sin(a) * r0, env.x + Math.cos(a) * r1 * 1.6, env.y + Math.sin(a) * r1);
    }
    // A cross over the place it was lost.
    const c = 10 + 8 * p;
    this.sparks.lineStyle(4, COLORS.lost, 1 - p * 0.7);
    this.sparks.lineBetween(env.x - c, env.y - c, env.x + c, env.y + c);
    this.sparks.lineBetween(env.x - c, env.y + c, env.x + c, env.y - c);
  }

  clear(): void {
    for (const d of this.drawn.values()) d.box.destroy();
    this.drawn.clear();
    this.sparks.clear();
  }
}
