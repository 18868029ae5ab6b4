/**
 * The end-to-end files longest first, so that jest's two workers finish together (largest first, LPT). Jest's own
 * order runs files it has no time for first, largest file first, and the files it has a time for after them: on a
 * clean clone the three narrow-roles files, four lines each and about two minutes each, came last; with a partial
 * cache, every-control and tab did. Each file's seconds in a full `npm run test:e2e` on the 2-core machine (two
 * workers, 1 December 2026, at 16:12 UTC) fix the order here; a file not listed runs after those listed, in jest's order.
 * Only the order changes: every file still runs, in its own worker process as before.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

const SECONDS = {
  'tab.e2e.test.ts': 140,
  'narrow-roles-unit.e2e.test.ts': 136,
  'narrow-meeting.e2e.test.ts': 125,
  'every-control.e2e.test.ts': 120,
  'narrow-roles-chiefs.e2e.test.ts': 114,
  'dashboard.e2e.test.ts': 102,
  'narrow-roles-office.e2e.test.ts': 92,
  'stage.e2e.test.ts': 91,
  'meeting.e2e.test.ts': 87,
  'author.e2e.test.ts': 50,
  'narrow.e2e.test.ts': 38,
  'documents.e2e.test.ts': 33,
  'home.e2e.test.ts': 29,
  'sheet.e2e.test.ts': 17,
  'bot-playground.e2e.test.ts': 16,
  'delegated-follow-up.e2e.test.ts': 16,
  'goal-shapes.e2e.test.ts': 16,
  'bot-approval-playground.e2e.test.ts': 14,
  'agreement-shapes.e2e.test.ts': 12,
  'outcome-series.e2e.test.ts': 12,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const seconds = (test) => SECONDS[basename(test.path)];
    const listed = tests.filter((t) => seconds(t) !== undefined).sort((a, b) => seconds(b) - seconds(a));
    return [...listed, ...super.sort(tests.filter((t) => seconds(t) === undefined))];
  }
}

module.exports = LongestFirst;
