import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The domain core's boundaries: it imports nothing but its own modules, zod and intl-messageformat (no SDK, no
 * HTTP framework, no storage driver), every relative import resolves to a file inside the core, and no two of its
 * modules import each other, directly or around a circle (type-only imports count too: a cycle of types is a
 * cycle of meaning).
 *
 * intl-messageformat (FormatJS) is allowed because the one catalogue of user-facing text lives in the core
 * (api/core/i18n) so that the tab, the bot and the API say the same words: it is a pure function of a message and
 * its values — no I/O, no globals, no environment — built on the runtime's own Intl, and it runs unchanged in the
 * browser bundle and in Node. Nothing else in the core may import it but api/core/i18n/text.ts.
 */
const ALLOWED = new Set(['zod', 'intl-messageformat']);

export function importsOf(source: string): string[] {
  const found: string[] = [];
  const re =
    /(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

export function forbiddenImports(source: string): string[] {
  return importsOf(source).filter((spec) => !spec.startsWith('.') && !ALLOWED.has(spec));
}

/** The sources of a folder's modules (tests left out), by absolute path. */
export type Sources = ReadonlyMap<string, string>;

/** A relative import as TypeScript resolves it among `sources`: the file itself, with .ts or .tsx, or the folder's index. */
export function resolveImport(sources: Sources, fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((p) => sources.has(p)) ?? null;
}

export type BoundaryReport = {
  /** Packages the core may not use. */
  forbidden: string[];
  /** Relative imports that leave the core's folder. */
  outside: string[];
  /** Relative imports that name no module of the core. */
  unresolved: string[];
  /** Each import cycle once, as the path around it (the first module repeated at the end). */
  cycles: string[][];
};

/** Checks every module of the folder `root` (whose sources are given) against the boundaries. */
export function checkBoundaries(root: string, sources: Sources): BoundaryReport {
  const report: BoundaryReport = { forbidden: [], outside: [], unresolved: [], cycles: [] };
  const name = (p: string) => relative(root, p).split(sep).join('/');
  const graph = new Map<string, string[]>();
  for (const [file, source] of sources) {
    const edges: string[] = [];
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) {
        if (!ALLOWED.has(spec)) report.forbidden.push(`${name(file)} imports ${spec}`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (target !== root && !target.startsWith(root + sep)) report.outside.push(`${name(file)} imports ${spec}`);
      else {
        const found = resolveImport(sources, file, spec);
        if (found) edges.push(found);
        else report.unresolved.push(`${name(file)} imports ${spec}`);
      }
    }
    graph.set(file, edges);
  }
  // Depth first: an edge back to a module still on the path closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        // Told from its first module in name order, so each cycle reads the same however it was reached.
        const found = path.slice(path.indexOf(next)).map(name);
        const start = found.indexOf([...found].sort()[0]!);
        const cycle = [...found.slice(start), ...found.slice(0, start)];
        if (!seen.has(cycle.join('>'))) {
          seen.add(cycle.join('>'));
          report.cycles.push([...cycle, cycle[0]!]);
        }
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  report.cycles.sort((a, b) => a.join('>').localeCompare(b.join('>')));
  return report;
}

function sourcesUnder(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourcesUnder(path, out);
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.set(path, readFileSync(path, 'utf8'));
  }
  return out;
}

describe('the boundary check itself', () => {
  const root = resolve('/repo/api/core');
  const at = (files: Record<string, string>) => checkBoundaries(root, new Map(Object.entries(files).map(([p, s]) => [join(root, p), s])));

  it('recognises forbidden imports', () => {
    expect(forbiddenImports(`import { CloudAdapter } from 'botbuilder';\nimport x from "./y";`)).toEqual(['botbuilder']);
    expect(forbiddenImports(`const g = require('@microsoft/microsoft-graph-client');`)).toEqual(['@microsoft/microsoft-graph-client']);
    expect(forbiddenImports(`import type { Request } from 'express';`)).toEqual(['express']);
    expect(forbiddenImports(`import 'react';`)).toEqual(['react']);
    expect(forbiddenImports(`import { z } from 'zod';`)).toEqual([]);
  });

  it('resolves relative imports and refuses those that leave the core, however they are written', () => {
    const report = at({
      'services/a.ts': `import { x } from '../../../bot/x';\nimport type { T } from '../../http/router';\nexport * from '../b';\nconst y = await import('../../store/sqlite/sqlite-store');`,
      'b.ts': `import { z } from 'zod';\nimport { c } from './rules';`,
      'rules/index.ts': `export const c = 1;`,
    });
    expect(report.outside).toEqual([
      'services/a.ts imports ../../../bot/x',
      'services/a.ts imports ../../http/router',
      'services/a.ts imports ../../store/sqlite/sqlite-store',
    ]);
    expect(report).toMatchObject({ forbidden: [], unresolved: [], cycles: [] });
  });

  it('reports a relative import that names no module of the core', () => {
    expect(at({ 'a.ts': `import { b } from './missing';` }).unresolved).toEqual(['a.ts imports ./missing']);
  });

  it('finds every import cycle, long or short, type-only or not, once each', () => {
    const report = at({
      'services/records.ts': `import { LOCKED } from './lifecycle';`,
      'services/lifecycle.ts': `import { auditEntry } from './records';\nimport { notify } from './outbox';`,
      'services/outbox.ts': `import { sha } from './conversations';`,
      'services/conversations.ts': `import type { Parse } from './records';`,
      'rules/self.ts': `import { me } from './self';`,
      'rules/free.ts': `import { x } from '../services/records';`,
    });
    expect(report.cycles).toEqual([
      ['rules/self.ts', 'rules/self.ts'],
      ['services/conversations.ts', 'services/records.ts', 'services/lifecycle.ts', 'services/outbox.ts', 'services/conversations.ts'],
      ['services/lifecycle.ts', 'services/records.ts', 'services/lifecycle.ts'],
    ]);
  });

  it('passes a core whose imports run one way', () => {
    expect(
      at({ 'a.ts': `import { b } from './b';\nimport { c } from './c';`, 'b.ts': `import { c } from './c';`, 'c.ts': `import { z } from 'zod';` }),
    ).toEqual({
      forbidden: [],
      outside: [],
      unresolved: [],
      cycles: [],
    });
  });
});

describe('the domain core', () => {
  const sources = sourcesUnder(__dirname);
  const report = checkBoundaries(__dirname, sources);

  it('formats messages in one place: only the catalogue’s formatter imports intl-messageformat', () => {
    const users = [...sources].filter(([, source]) => importsOf(source).includes('intl-messageformat')).map(([file]) => relative(__dirname, file));
    expect(users).toEqual([join('i18n', 'text.ts')]);
  });

  it('imports no SDK, framework or driver', () => {
    expect(report.forbidden).toEqual([]);
  });

  it('reaches nothing outside itself, and every relative import resolves', () => {
    expect(report.outside).toEqual([]);
    expect(report.unresolved).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(report.cycles).toEqual([]);
  });
});
