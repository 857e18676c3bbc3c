// Native ESM jest (run with --experimental-vm-modules, see package.json "test"):
// TypeScript is stripped by @swc/jest (fast, no type-check — `tsc -b` does that before jest runs),
// so ESM-only packages (unified, remark, rehype) import as they do in production.
// Workspace packages resolve to their sources so a test never runs against a stale dist/.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/src/**/*.test.ts'],
  // The reliability gauntlet (fault storms, minutes long) runs with `pnpm test:reliability`.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.GLUEFLOW_RELIABILITY ? [] : ['/reliability/']),
  ],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@glueflow/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  testTimeout: 30000,
  // One temp folder per run, removed at the end (scripts/jest/temp-setup.mjs).
  globalSetup: '<rootDir>/scripts/jest/temp-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest/temp-teardown.mjs',
};
