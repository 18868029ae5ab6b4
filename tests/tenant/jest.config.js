/** The storage contract against a real Microsoft 365 tenant. Run with `npm run test:tenant` (see README). */
const base = require('../../jest.config.js');
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/tests/tenant'],
  testMatch: ['**/*.tenant.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
};
