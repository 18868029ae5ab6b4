/** Unit, API and contract tests. End-to-end suites (real Chromium, Agents Playground) live in tests/e2e and run with `npm run test:e2e`. */
const { availableParallelism } = require('node:os');

module.exports = {
  // Jest's default leaves one core to itself: on a 2-core machine (CI's) that is one test file at a time. The suites
  // spend much of their time waiting on servers, browsers and the disk, so two run side by side (10 → 6 minutes there).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // A worker whose heap has passed this after a test file is replaced by a fresh one before the next file. Over the
  // whole suite each of the two workers otherwise ends with 1.3-1.5 GB of heap, and jest gives a worker 500 ms from
  // its end message to be gone: with no handle left open, freeing that heap as the process exits took longer on a
  // loaded machine, and jest printed "A worker process has failed to exit gracefully" after a run that passed.
  workerIdleMemoryLimit: '512MB',
  testEnvironment: 'node',
  roots: ['<rootDir>/api', '<rootDir>/bot', '<rootDir>/tab', '<rootDir>/manifest', '<rootDir>/teams-app', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/tenant/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node16', isolatedModules: true } }],
    // jose and FormatJS (intl-messageformat and its @formatjs parts) ship ES modules only; jest's CommonJS
    // runtime gets them transpiled (Node itself loads them with require(esm)).
    '^.+/node_modules/(jose|intl-messageformat|@formatjs)/.+\\.js$': ['ts-jest', { tsconfig: { module: 'commonjs', allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|intl-messageformat|@formatjs)/)'],
  // The tab imports its lazy views as './views/x.js' (ES module style); jest finds the .tsx file.
  moduleNameMapper: { '^(\\.{1,2}/views/.*)\\.js$': '$1' },
  testTimeout: 30000,
};
