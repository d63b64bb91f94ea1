import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Phaser's build flags, as its own webpack build sets them (`typeof FLAG` in its sources). The
 * round scene has no sound; both renderers stay (WebGL where the device has it, else canvas).
 */
const PHASER_FLAGS: Record<string, boolean> = {
  CANVAS_RENDERER: true,
  WEBGL_RENDERER: true,
  WEBGL_DEBUG: false,
  FEATURE_SOUND: false,
  PLUGIN_CAMERA3D: false,
  PLUGIN_FBINSTANT: false,
};

/**
 * In the build, `import Phaser from 'phaser'` is only what the scenes use (src/scenes/phaser-lite.js),
 * built from Phaser's CommonJS sources: the flags replaced, and no `global.Phaser` (a browser has no
 * `global`). The dev server keeps the phaser package's own ESM build.
 */
function phaserLite(): Plugin {
  const flag = new RegExp(`\\btypeof (${Object.keys(PHASER_FLAGS).join('|')})\\b`, 'g');
  return {
    name: 'synack-phaser-lite',
    apply: 'build',
    enforce: 'pre',
    config: () => ({
      resolve: {
        alias: [
          { find: /^phaser$/, replacement: fileURLToPath(new URL('./src/scenes/phaser-lite.js', import.meta.url)) },
          { find: /^phaser-src\//, replacement: fileURLToPath(new URL('../node_modules/phaser/src/', import.meta.url)) },
        ],
      },
    }),
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]phaser[\\/]src[\\/]/.test(id)) return null;
      const out = code.replace(flag, (_m, name: string) => String(PHASER_FLAGS[name])).replace(/^global\.Phaser = Phaser;$/m, '');
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * Next to every script, style sheet and SVG of 1 KB or more, its brotli and gzip copies: the
 * server sends them to browsers that accept them (server/http/static.ts).
 */
function precompress(): Plugin {
  return {
    name: 'synack-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const file of Object.keys(bundle)) {
        if (!/\.(?:js|css|svg|json)$/.test(file)) continue;
        const abs = path.join(dir, file);
        const buf = readFileSync(abs);
        if (buf.length < 1024) continue;
        writeFileSync(`${abs}.gz`, gzipSync(buf, { level: 9 }));
        writeFileSync(`${abs}.br`, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
      }
    },
  };
}

/**
 * The browser client: root client/, built into client/dist (which the server serves). Phaser goes
 * into its own chunk, fetched by screens that will show the round scene (scenes/load.ts). Nothing is loaded from
 * another host: no CDN, no analytics; the one web font (a CJK subset, client/src/fonts) is served by the game itself.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [phaserLite(), precompress()],
  // The panels are Preact components written in JSX (tsconfig.json says the same to tsc).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // Two pages: the game, and the after-class review (which loads neither Phaser nor colyseus.js).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        review: fileURLToPath(new URL('./review.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'phaser', test: /node_modules[\\/]phaser[\\/]/ },
            { name: 'net', test: /node_modules[\\/](colyseus\.js|@colyseus)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    // The client imports ../shared (the rule engine, message schemas): allow the project root.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
