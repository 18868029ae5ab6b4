import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { INITIAL_JS_BUDGET, initialJsBytes } from '../tab/weight';
import { tempDir } from './support/mother';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('the weight of the tab', () => {
  it('loads at most 300 KB of JavaScript (gzip) before the first view; views load on demand', () => {
    const out = join(tmp.dir, 'dist');
    execFileSync(
      join(__dirname, '..', 'node_modules', '.bin', 'vite'),
      ['build', '--config', 'tab/vite.config.mts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'],
      {
        cwd: join(__dirname, '..'),
        stdio: 'pipe',
        // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    const { bytes, files } = initialJsBytes(out);
    console.log(`initial JavaScript of the tab: ${(bytes / 1024).toFixed(1)} KB gzip (${files.join(', ')}); budget ${INITIAL_JS_BUDGET / 1024} KB`);
    expect(files.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  }, 120_000);
});
