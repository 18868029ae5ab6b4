import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the JavaScript a first visit loads, gzip-compressed (issue: at most 300 KB). */
export const INITIAL_JS_BUDGET = 300 * 1024;

/**
 * Gzip size of the JavaScript the built tab loads before any view: the entry script of index.html and
 * every module it preloads. Views, charts and teams-js load on demand and are not counted.
 */
export function initialJsBytes(distDir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/tab\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(distDir, f))).length, 0);
  return { bytes, files };
}

if (require.main === module) {
  const { bytes, files } = initialJsBytes(process.argv[2] ?? join(__dirname, 'dist'));
  console.log(`initial JavaScript: ${(bytes / 1024).toFixed(1)} KB gzip in ${files.length} file(s), budget ${INITIAL_JS_BUDGET / 1024} KB`);
  process.exit(bytes <= INITIAL_JS_BUDGET ? 0 : 1);
}
