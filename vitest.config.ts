import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // A guard against hangs, not a speed check: multi-process tests share 2 cores with the rest of the suite.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
