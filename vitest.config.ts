import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Test files share a worker's module cache: every file imports the whole server, and re-importing it per
    // file cost about 85 s of CPU per pass on the 2-core machine (measured: node CPU 233 s -> 127 s for
    // src/modules). Files keep their own databases, so no state is shared through the registry.
    isolate: false,
    // A guard against hangs, not a speed check: multi-process tests share 2 cores with the rest of the suite.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
