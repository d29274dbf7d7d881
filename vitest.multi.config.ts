import { defineConfig } from 'vitest/config';

// Several real Steward processes on one PostgreSQL server, and the short soak: needs
// STEWARD_TEST_DATABASE_URL (npm run test:multi; .ci/run runs it after the PostgreSQL step).
if (!process.env.STEWARD_TEST_DATABASE_URL)
  throw new Error('vitest.multi.config.ts needs STEWARD_TEST_DATABASE_URL (a PostgreSQL server): npm run test:multi');

export default defineConfig({
  test: {
    include: ['test/multi/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One file at a time: each starts server processes of its own and measures them.
    maxWorkers: 1,
  },
});
