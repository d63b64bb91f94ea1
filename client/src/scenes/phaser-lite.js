/**
 * The Phaser the round scene needs, and no more: what `import Phaser from 'phaser'` resolves to in
 * the build (client/vite.config.ts aliases it here). Phaser's own "core" entry point (the game,
 * scenes, cameras, scale manager, Graphics, Text, input, loader, tweens, time; no physics,
 * tilemaps, particles, geometry or curves) built from Phaser's sources, plus the Container the
 * envelopes are drawn in. The build flags (no sound: the scene has none) are set in the config.
 * Types still come from the phaser package (`types/phaser.d.ts`).
 */
import Phaser from 'phaser-src/phaser-core.js';
import 'phaser-src/gameobjects/container/ContainerFactory.js';

export default Phaser;
