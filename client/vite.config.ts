import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser client: root client/, built into client/dist (which the server serves). Phaser goes
 * into its own chunk, loaded only by screens that show the round scene. Nothing is loaded from
 * another host: no CDN, no web fonts, no analytics.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
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
