import { defineConfig } from 'vitest/config';

// Unit and storage tests. Storage tests run on PGlite by default and on a PostgreSQL
// server when STEWARD_TEST_DATABASE_URL is set (npm run test:pg); .ci/run runs both.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/ldap/**', 'test/multi/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // A timeout only catches a hang: no test's outcome may depend on how busy the machine is. At a load average of
    // 20–27 on 2 cores the slowest tests (the demo load, 600 random SCIM filters) took minutes.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state; its default of 1 s would make a busy machine fail a test.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
    // Two files at a time even on two cores: storage and CLI tests wait on the database and
    // on the processes they start as much as they compute (vitest's default would be one).
    maxWorkers: 2,
    // A worker runs file after file in one module graph instead of importing the whole app
    // again for each file: the PGlite suite went from 8 min 21 s to 3 min 19 s. Every file
    // still gets its own database and server (test/harness.ts); no test mocks modules.
    isolate: false,
  },
});
