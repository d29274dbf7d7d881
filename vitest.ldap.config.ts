import { defineConfig } from 'vitest/config';

// The LDAP connector against a real OpenLDAP server (test/support/slapd.ts starts one per
// file; Debian packages slapd and ldap-utils). Apart from `npm test` so that a machine
// without slapd still passes it; .ci/run installs them and runs this on both databases.
export default defineConfig({
  test: {
    include: ['test/ldap/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state; its default of 1 s would make a busy machine fail a test.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
  },
});
