/** The deliberately failing fixtures of tests/teardown/jest-exits.test.ts (never part of `npm test` itself). */
const base = require('../../jest.config.js');
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/tests/teardown/fixtures'],
  testMatch: ['**/*.fixture.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
