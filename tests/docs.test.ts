import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DOCS } from '../teams-app/docs';

describe('the documentation generated from the core', () => {
  it.each(Object.keys(GENERATED_DOCS))('%s is current (run `npm run docs` after changing the rules)', (path) => {
    const committed = readFileSync(join(__dirname, '..', path), 'utf8');
    expect(committed).toBe(GENERATED_DOCS[path]!());
  });
});
