/** End-to-end suites in real clients (Chromium via playwright-core). Run with `npm run test:e2e`. */
const base = require('../../jest.config.js');
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/tests/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 90000,
  testSequencer: '<rootDir>/tests/e2e/sequencer.js',
  // The unit suites' worker memory limit (jest.config.js) is for their 100 files in two long-lived workers; these
  // suites keep their weight in Chromium and never printed the force-exit message, so their workers are not replaced.
  workerIdleMemoryLimit: undefined,
};
