/**
 * Two projects: `unit` (the pure journey model, no Strapi) and `integration`
 * (the real example app booted in-process, one fresh database per test file,
 * on the database named by JOURNEY_TEST_DB: sqlite | postgres | mysql).
 * scripts/test.sh runs unit once and integration once per database.
 */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021' },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      // The pure model, and the server's pure modules (no Strapi booted: server/tests/unit).
      testMatch: [
        '<rootDir>/plugin/tests/**/*.test.ts',
        '<rootDir>/server/tests/unit/**/*.test.ts',
      ],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      testMatch: ['<rootDir>/server/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/server/tests/unit/'],
      globalSetup: '<rootDir>/server/tests/helpers/global-setup.js',
      globalTeardown: '<rootDir>/server/tests/helpers/global-teardown.js',
      setupFiles: ['<rootDir>/server/tests/helpers/env.js'],
      setupFilesAfterEnv: ['<rootDir>/server/tests/helpers/timeout.js'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      testMatch: ['<rootDir>/admin/tests/**/*.e2e.ts', '<rootDir>/examples/site/tests/**/*.e2e.ts'],
      // One demo-seeded SQLite file per run, copied by each test file's boot.
      globalSetup: '<rootDir>/admin/tests/helpers/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/admin/tests/helpers/e2e-global-teardown.ts',
      setupFiles: ['<rootDir>/server/tests/helpers/env.js'],
      setupFilesAfterEnv: ['<rootDir>/server/tests/helpers/timeout.js'],
    },
  ],
};
