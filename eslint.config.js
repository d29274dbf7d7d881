import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The pure domain files: rules and policies that take facts and return answers. They import
 * no database, network, file system or clock (types of rows are allowed), so they can be
 * tested beside themselves and used by services, SQL tests and the web app alike. A file
 * named `*-rules.ts`, `*-policy.ts`, `*-texts.ts` or `*-time.ts` is pure by its name; the
 * others are listed here by name.
 */
export const pureFiles = [
  'src/**/*-rules.ts',
  'src/**/*-policy.ts',
  'src/**/*-texts.ts',
  'src/**/*-time.ts',
  'src/governance/add-checks.ts',
  'src/platform/csv-export.ts',
  'src/platform/dates.ts',
  'src/platform/errors.ts',
  'src/platform/refs.ts',
  'src/platform/auth/policy.ts',
  'src/platform/audit/audit-hash.ts',
  'src/platform/schedule/cron-slots.ts',
  'src/access/decide.ts',
  'src/access/limits.ts',
  'src/groups/effective.ts',
  'src/groups/intervals.ts',
  'src/groups/names.ts',
  'src/guests/lifecycle.ts',
  'src/notify/render.ts',
  'src/organisations/org-access.ts',
  'src/organisations/org-tree.ts',
  'src/organisations/unit-changes.ts',
  'src/organisations/validity.ts',
  'src/provision/ldap/dn.ts',
  'src/provision/ldap/ldap-plan.ts',
  'src/provision/target-definition.ts',
  'src/provision/webhook/cloud-event.ts',
  'src/registry/affiliations.ts',
  'src/registry/duplicates.ts',
  'src/registry/id-number.ts',
  'src/registry/identifiers.ts',
  'src/registry/import-rows.ts',
  'src/registry/minting-settings.ts',
  'src/registry/minting.ts',
  'src/registry/names.ts',
  'src/registry/trigrams.ts',
  'src/registry/username-patterns.ts',
  'src/sources/diff.ts',
  'src/sources/person-match.ts',
  'src/sources/record-hash.ts',
  'src/sources/snapshot-check.ts',
  'src/status/dates.ts',
  'src/status/derive.ts',
  'src/status/history-diff.ts',
  'src/status/matching.ts',
  'src/status/status-types.ts',
  'src/status/stream-fields.ts',
];

const ioModules = [
  'kysely',
  'pg',
  'pg-copy-streams',
  '@electric-sql/pglite',
  'fastify',
  'nodemailer',
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.bench-data/', '.e2e-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        Blob: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      // Files are one idea each; a file that outgrows this is split, not exempted.
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Prettier owns layout; the rules below are limits Prettier cannot keep.
  prettier,
  {
    rules: {
      // Prettier wraps code at 120 columns but never breaks a string, a template (SQL) or a URL.
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: '^\\s*(//|\\*|/\\*).*https?://',
        },
      ],
    },
  },
  {
    // Function length in statements: a nested function counts as one statement of its
    // parent, so a service factory is measured by its own code and each use case in it by its own.
    files: ['src/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx', 'bin/**/*.js'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-statements': ['error', 40] },
  },
  {
    files: pureFiles,
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'a pure rule file does no I/O: take the facts as arguments',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: [
                '**/db/database.ts',
                '**/unit-of-work.ts',
                '**/deps.ts',
                '**/clock.ts',
                '**/*-service.ts',
                '**/*-store.ts',
              ],
              message: 'a pure rule file does no I/O and reads no clock: take the facts and "today" as arguments',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'a pure rule file does no I/O' },
        { name: 'process', message: 'a pure rule file reads no environment' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'a pure rule file reads no clock: take "now" or "today" as an argument',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'a pure rule file reads no clock: take "now" or "today" as an argument',
        },
      ],
    },
  },
  {
    // Migrations and the migrator work on a schema that is still changing, before types exist.
    files: ['src/platform/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
