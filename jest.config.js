// Unit specs sit next to the code; e2e specs boot the whole app against a fresh database.
const transform = { '^.+\\.ts$': ['@swc/jest'] };
// Build folders hold copies (a package.json among them) that are no test's modules.
const modulePathIgnorePatterns = ['<rootDir>/.build/', '<rootDir>/dist/'];
const moduleNameMapper = {
  '^@/(.*)$': '<rootDir>/src/$1',
  '^@web/(.*)$': '<rootDir>/web/$1',
  '^@clients/(.*)$': '<rootDir>/clients/$1',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      // The browser clients' pure rules too (web/**/*.spec.ts); their browser tests are
      // test/browser (npm run test:browser), which no project here selects.
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/**/*.spec.ts'],
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      modulePathIgnorePatterns,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      modulePathIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
