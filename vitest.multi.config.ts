import { defineConfig } from 'vitest/config';

// Several real Steward processes on one PostgreSQL server, and the short soak: needs
// STEWARD_TEST_DATABASE_URL (npm run test:multi; .ci/run runs it after the PostgreSQL step).
if (!process.env.STEWARD_TEST_DATABASE_URL)
  throw new Error('vitest.multi.config.ts needs STEWARD_TEST_DATABASE_URL (a PostgreSQL server): npm run test:multi');

export default defineConfig({
  test: {
    include: ['test/multi/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state; its default of 1 s would make a busy machine fail a test.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
    // One file at a time: each starts server processes of its own and measures them.
    maxWorkers: 1,
  },
});
