import Phaser from 'phaser';
import type { Side } from '../../../shared/index';
import type { SceneGeometry } from '../view/geometry';
import { COLORS, MONO, SANS } from './style';

/** One endpoint's host: a box with its role, who plays it, and its state badge above. */
export class HostView {
  private readonly box: Phaser.GameObjects.Graphics;
  private readonly label: Phaser.GameObjects.Text;
  private readonly badge: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, private readonly side: Side) {
    this.box = scene.add.graphics();
    this.label = scene.add.text(0, 0, '', { fontFamily: SANS, fontSize: '13px', color: COLORS.hostText, align: 'center' }).setOrigin(0.5);
    this.badge = scene.add.text(0, 0, '', {
      fontFamily: MONO, fontSize: '13px', color: '#ffffff', backgroundColor: '#1d4ed8', padding: { x: 6, y: 3 },
    }).setOrigin(0.5);
  }

  layout(g: SceneGeometry): void {
    const b = g.hosts[this.side];
    this.box.clear();
    this.box.fillStyle(COLORS.host, 1);
    this.box.fillRoundedRect(b.x - b.w / 2, b.y - b.h / 2, b.w, b.h, 10);
    this.box.lineStyle(3, COLORS.side[this.side].stroke, 1);
    this.box.strokeRoundedRect(b.x - b.w / 2, b.y - b.h / 2, b.w, b.h, 10);
    this.label.setPosition(b.x, b.y).setFontSize(g.narrow ? 11 : 15).setWordWrapWidth(b.w - 6, true);
    this.badge.setPosition(b.x, g.badgeY).setFontSize(g.narrow ? 10 : 13);
    // Keep the badge inside the canvas even when it is wider than the host.
    const half = this.badge.width / 2;
    this.badge.setX(Math.min(Math.max(b.x, half + 4), g.width - half - 4));
  }

  setInfo(role: string, who: string, name: string, narrow: boolean): void {
    const max = narrow ? 8 : 14;
    const short = [...name].length > max ? `${[...name].slice(0, max - 1).join('')}…` : name;
    this.label.setText([role, who, short].filter(Boolean).join('\n'));
  }

  /** The declared state, "?" when it is hidden, nothing before the round. */
  setBadge(text: string | null, known: boolean): void {
    this.badge.setVisible(text !== null);
    this.badge.setText(text ?? '');
    this.badge.setBackgroundColor(known ? (this.side === 'client' ? '#1d4ed8' : '#c2410c') : '#6b7280');
  }
}
