import { defineConfig } from 'vitest/config';

// Mutation testing (stryker.config.json): only the pure tests beside the rules, no database set-up,
// so each mutant is judged in milliseconds by the tests that cover it.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp/**'],
    pool: 'forks',
  },
});
