import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The seam of bot/channel.ts holds: outside tests, only bot/adapter.ts imports a Bot Framework package
 * (ESLint's no-restricted-imports says the same while editing; this holds it without the linter).
 */
const ROOT = join(__dirname, '..');
const FOLDERS = ['api', 'bot', 'teams-app', 'tab/src', 'manifest'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const BOT_FRAMEWORK = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](botbuilder|botframework-[\w-]+)(?:\/[^'"]*)?['"]/;

it('finds a Bot Framework import where there is one (the probe)', () => {
  expect(BOT_FRAMEWORK.test(`import { CloudAdapter } from 'botbuilder';`)).toBe(true);
  expect(BOT_FRAMEWORK.test(`const x = await import("botframework-connector");`)).toBe(true);
  expect(BOT_FRAMEWORK.test(`import type { Turn } from './channel';`)).toBe(false);
});

it('botbuilder is imported by bot/adapter.ts alone', () => {
  const importing = FOLDERS.flatMap((f) => sources(join(ROOT, f)))
    .filter((file) => BOT_FRAMEWORK.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  expect(importing).toEqual(['bot/adapter.ts']);
});
