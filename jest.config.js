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
  // Jest's default on a 2-core machine is one worker, i.e. everything in band in one process whose
  // memory only grows (~4 GB by the end). Most of a test's time is spent waiting on loopback HTTP,
  // SQLite and child processes, so two workers overlap that waiting. Every test gets its own temp
  // folders (mkdtemp under the run's TMPDIR), emulator on port 0 and GLUEFLOW_HOME, so workers share
  // nothing. A worker that ends a file above the limit is replaced, which caps each one's memory.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  // One temp folder per run, removed at the end (scripts/jest/temp-setup.mjs).
  globalSetup: '<rootDir>/scripts/jest/temp-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest/temp-teardown.mjs',
};
