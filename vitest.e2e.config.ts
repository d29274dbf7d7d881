import { defineConfig } from 'vitest/config';

// End-to-end tests: the built web UI (npm run test:e2e builds it first) served by a real
// Steward server in-process, driven in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state; its default of 1 s would make a busy machine fail a test.
    expect: { poll: { timeout: 60_000 } },
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    sequence: { concurrent: false },
  },
});
