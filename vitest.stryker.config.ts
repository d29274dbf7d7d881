import { defineConfig } from 'vitest/config';

// Mutation testing (stryker.config.json): only the pure tests beside the rules, no database set-up,
// so each mutant is judged in milliseconds by the tests that cover it.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp/**'],
    pool: 'forks',
    // Instrumented code runs slower: a property test can take over 5 s on a busy machine. Stryker times mutants itself.
    testTimeout: 60_000,
  },
});
