import { defineConfig } from 'vitest/config';

/**
 * Files that mostly wait — real browsers, and rounds played at the pace of people (think times of
 * seconds) — run two at a time first; everything else runs after them, one file at a time as
 * before, so that the timing-sensitive hostile and scale tests (latency under a flood, heap back to
 * baseline, Redis restarts) and the tests that share the PostgreSQL database never overlap another
 * file. On a 2-CPU machine Vitest would otherwise run every file alone (its default is one worker
 * fewer than the CPUs), and the waits add up.
 */
const WAITING = ['tests/e2e/**/*.test.ts', 'tests/server/human-pace.test.ts', 'tests/server/custom-scenarios.test.ts', 'tests/server/demo.test.ts'];

export default defineConfig({
  // JSX of the client's Preact panels, as client/vite.config.ts builds it.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'waiting', include: WAITING, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'one-at-a-time', include: ['tests/**/*.test.ts'], exclude: WAITING, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
