import { defineConfig } from 'vitest/config';

// End-to-end tests: the built web UI (npm run test:e2e builds it first) served by a real
// Steward server in-process, driven in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    sequence: { concurrent: false },
  },
});
