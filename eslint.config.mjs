// ESLint flat config, after Strapi's own repositories (@strapi/eslint-config, eslint-config-custom):
// typescript-eslint's recommended rules, React hooks rules for the admin, Prettier owns formatting
// (eslint-config-prettier turns off every rule that would fight it). `npm run lint` runs this and
// `prettier --check .`; `npm run format` (scripts/format.sh) fixes what can be fixed.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Build output, generated files and run files: never linted.
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/coverage/**',
      '.tmp/**',
      '.cache/**',
      'examples/app/.strapi/**',
      'examples/app/types/generated/**',
      'examples/app/database/migrations/**',
      'examples/app/public/**',
      'bench/results/**',
      '*.tgz',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
    rules: {
      // Strapi's back-end config has it off, its front-end config warns: Strapi's own types
      // (ctx, entries of any content type) often leave no better choice.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_`-prefixed arguments, caught errors and keys taken out of a rest spread are deliberately unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // CommonJS files: scripts, bench, the example site's server, jest config and helpers.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // A module-scoped `const crypto = require('crypto')` shadows Node's global legally.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  {
    // Tests and the example app load CommonJS modules on purpose: built artifacts and Strapi
    // itself are required lazily, after the test has set the environment up.
    files: ['**/tests/**/*.ts', '**/*.e2e.ts', 'examples/app/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser code: the admin panel and the example site's page scripts (ES modules).
    files: ['admin/src/**/*.{ts,tsx}', 'examples/site/*.js'],
    ignores: ['examples/site/server.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['examples/site/*.js'],
    ignores: ['examples/site/server.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // The two classic hooks rules, as in Strapi's front-end config (the React Compiler rules
    // of eslint-plugin-react-hooks 7 target code written for the compiler, which Strapi 5 is not).
    files: ['admin/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.e2e.ts', '**/tests/**/*.{ts,js}'],
    languageOptions: { globals: { ...globals.jest } },
  },
  prettier
);
