import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The domain core imports nothing but its own modules, zod and intl-messageformat: no SDK, no HTTP framework,
 * no storage driver. intl-messageformat (FormatJS) is allowed because the one catalogue of user-facing text
 * lives in the core (api/core/i18n) so that the tab, the bot and the API say the same words: it is a pure
 * function of a message and its values — no I/O, no globals, no environment — built on the runtime's own Intl,
 * and it runs unchanged in the browser bundle and in Node. Nothing else in the core may import it but
 * api/core/i18n/text.ts.
 */
const ALLOWED = new Set(['zod', 'intl-messageformat']);

export function importsOf(source: string): string[] {
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

export function forbiddenImports(source: string): string[] {
  return importsOf(source).filter((spec) => !spec.startsWith('.') && !ALLOWED.has(spec));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the domain core', () => {
  it('recognises forbidden imports (the check itself)', () => {
    expect(forbiddenImports(`import { CloudAdapter } from 'botbuilder';\nimport x from "./y";`)).toEqual(['botbuilder']);
    expect(forbiddenImports(`const g = require('@microsoft/microsoft-graph-client');`)).toEqual(['@microsoft/microsoft-graph-client']);
    expect(forbiddenImports(`import type { Request } from 'express';`)).toEqual(['express']);
    expect(forbiddenImports(`import 'react';`)).toEqual(['react']);
    expect(forbiddenImports(`import { z } from 'zod';`)).toEqual([]);
  });

  it('formats messages in one place: only the catalogue’s formatter imports intl-messageformat', () => {
    const users = filesUnder(__dirname).filter((file) => importsOf(readFileSync(file, 'utf8')).includes('intl-messageformat'));
    expect(users.map((file) => relative(__dirname, file))).toEqual([join('i18n', 'text.ts')]);
  });

  it('imports no SDK, framework or driver', () => {
    const offenders = filesUnder(__dirname).flatMap((file) =>
      forbiddenImports(readFileSync(file, 'utf8')).map((spec) => `${relative(__dirname, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
