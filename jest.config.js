// Unit specs sit next to the code; e2e specs boot the whole app against a fresh database.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
// ESM-only packages in the dependency tree, compiled to CommonJS for Jest.
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition)/)'];
const moduleNameMapper = { '^@/(.*)$': '<rootDir>/src/$1' };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
