import Phaser from 'phaser';
import type { SceneFeed } from './feed';
import { RoundScene } from './RoundScene';

export interface RunningScene {
  destroy(): void;
}

/**
 * Boot Phaser with the round scene inside `parent`, sized by the page's CSS (RESIZE: one canvas
 * pixel per CSS pixel, so labels stay sharp at any width). Loaded on demand: Phaser lives in its
 * own chunk, and the landing page and host dashboard never load it.
 */
export function startRoundGame(parent: HTMLElement, feed: SceneFeed): RunningScene {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: '#f4f7fb',
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    banner: false,
    audio: { noAudio: true },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scene: [new RoundScene(feed)],
  });
  // After the first frame with the round in it, the box says so (the bench and tests read it).
  const drawn = () => {
    if (!game.scene.isActive('round')) return;
    parent.dataset.scene = 'drawn';
    game.events.off(Phaser.Core.Events.POST_RENDER, drawn);
  };
  game.events.on(Phaser.Core.Events.POST_RENDER, drawn);
  return {
    destroy: () => {
      game.destroy(true);
      delete parent.dataset.scene;
    },
  };
}
