/**
 * The unit, API and contract suites with every test failing at its first `expect` (see fail-at-expect.ts):
 * `npm run test:teardown` checks that jest still exits by itself, which it only does when every test's
 * teardown runs whether the test passed or not.
 */
const base = require('../../jest.config.js');
module.exports = {
  ...base,
  rootDir: '../..',
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/tests/teardown/fail-at-expect.ts'],
};
