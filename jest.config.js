/** Jest runs the TypeScript sources directly (ts-jest, ESM); end-to-end tests spawn the build in dist/. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // Most tests wait on real processes (tmux, agents, sshd, a browser), not on the CPU: three at a time keep two cores
  // busy.
  maxWorkers: 3,
  // Throwaway state, cache and runtime folders for every test and everything it starts (never the real HOME's).
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
};
