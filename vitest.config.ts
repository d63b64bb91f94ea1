import { defineConfig } from 'vitest/config';

export default defineConfig({
  // JSX of the client's Preact panels, as client/vite.config.ts builds it.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
