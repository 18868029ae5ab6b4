import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleDoc } from '../api/core/rules/lifecycle-doc';

/** `npm run docs`: writes the pages generated from the core's rules (tests/docs.test.ts fails while one is stale). */
export const GENERATED_DOCS: Record<string, () => string> = { 'docs/lifecycle.md': lifecycleDoc };

if (require.main === module) {
  for (const [path, make] of Object.entries(GENERATED_DOCS)) {
    writeFileSync(join(__dirname, '..', path), make());
    process.stdout.write(`wrote ${path}\n`);
  }
}
