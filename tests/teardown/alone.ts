import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { runJest } from './run-jest';

/**
 * npm run test:alone [-- [--chunk i/n] [--limit seconds] [path substrings…]]: every test file of the unit,
 * API and contract suites (jest.config.js) run alone, each in a jest of its own with a time limit, so a
 * file that passes only after another one (shared state, an order of tests across files) shows up. Prints
 * one line per file and, at the end, the failures with the tail of their output. `--chunk 2/4` runs the
 * second quarter of the list (for a loaded machine: run the chunks one after another, or on several).
 */
const ROOT = join(__dirname, '..', '..');

function parse(argv: string[]): { chunk: [number, number]; limitMs: number; only: string[] } {
  let chunk: [number, number] = [1, 1];
  let limitMs = 10 * 60_000;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--chunk') {
      const m = /^(\d+)\/(\d+)$/.exec(argv[++i] ?? '');
      if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error('--chunk takes i/n, for example 2/4');
      chunk = [Number(m[1]), Number(m[2])];
    } else if (a === '--limit') {
      limitMs = Number(argv[++i]) * 1000;
      if (!(limitMs > 0)) throw new Error('--limit takes seconds');
    } else only.push(a);
  }
  return { chunk, limitMs, only };
}

/** The files jest would run with the default configuration, in a stable order. */
function testFiles(): string[] {
  const list = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--listTests'], { cwd: ROOT, encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`jest --listTests failed: ${list.stderr}`);
  return list.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((f) => relative(ROOT, f))
    .sort();
}

async function main(): Promise<number> {
  const { chunk, limitMs, only } = parse(process.argv.slice(2));
  const all = testFiles().filter((f) => !only.length || only.some((o) => f.includes(o)));
  const size = Math.ceil(all.length / chunk[1]);
  const files = all.slice((chunk[0] - 1) * size, chunk[0] * size);
  console.log(`test:alone: ${files.length} of ${all.length} files (chunk ${chunk[0]}/${chunk[1]}), each alone, limit ${limitMs / 1000}s`);
  const failures: { file: string; why: string; output: string }[] = [];
  for (const file of files) {
    const started = Date.now();
    const run = await runJest(['--runTestsByPath', file], { graceMs: 15_000, timeoutMs: limitMs });
    const took = `${((Date.now() - started) / 1000).toFixed(1)}s`;
    const why = !run.ranAll
      ? `did not finish within ${limitMs / 1000}s (or crashed)`
      : run.code !== 0
        ? (/^Tests:.*$/m.exec(run.output)?.[0] ?? `exit code ${run.code}`)
        : !run.exitedByItself
          ? 'passed, but jest did not exit by itself'
          : '';
    console.log(`${why ? 'FAIL' : 'ok  '} ${took.padStart(7)} ${file}${why ? ` — ${why}` : ''}`);
    if (why) failures.push({ file, why, output: run.output });
  }
  for (const f of failures) {
    console.log(`\n==== ${f.file}: ${f.why}\n${f.output.slice(-6000)}`);
  }
  console.log(
    failures.length
      ? `\ntest:alone: ${failures.length} of ${files.length} files failed alone: ${failures.map((f) => f.file).join(', ')}`
      : `\ntest:alone: all ${files.length} files pass alone`,
  );
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`test:alone failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
