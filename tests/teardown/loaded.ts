import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * npm run test:loaded [-- --runs N --loops M]: the README's test command (`npm test`) N times in a row
 * (3 by default) while M busy loops (2 by default, one per core of the CI machine) keep the CPU saturated
 * beside it. Passes only when every run passes: timing-sensitive tests must hold on a loaded machine.
 * Each run has its own time limit (30 minutes); the loops are stopped whatever happens.
 */
const ROOT = join(__dirname, '..', '..');
const RUN_LIMIT_MS = 30 * 60_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${process.argv[i + 1]}`);
  return value;
}

function busyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

function npmTest(): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    // A process group of its own, so a run that outlives its limit is stopped with everything it started.
    const child = spawn('npm', ['test'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const limit = setTimeout(() => {
      output += `\n!! npm test ran out of its limit of ${RUN_LIMIT_MS / 60_000} minutes; stopped\n`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, RUN_LIMIT_MS);
    child.once('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

async function main(): Promise<number> {
  const runs = option('runs', 3);
  const loops = Array.from({ length: option('loops', 2) }, busyLoop);
  const stopLoops = () => loops.forEach((l) => l.kill('SIGKILL'));
  process.once('exit', stopLoops);
  console.log(`test:loaded: npm test ${runs} times beside ${loops.length} busy loops`);
  let failed = 0;
  try {
    for (let run = 1; run <= runs; run++) {
      const r = await npmTest();
      const summary = /^Tests:.*$/m.exec(r.output)?.[0] ?? '(no jest summary)';
      const took = `${Math.round(r.ms / 1000)} s`;
      if (r.code === 0) {
        console.log(`run ${run}/${runs}: passed in ${took} — ${summary}`);
      } else {
        failed++;
        process.stdout.write(r.output.slice(-30_000));
        console.log(`run ${run}/${runs}: FAILED (exit ${r.code}) in ${took} — ${summary}`);
      }
    }
  } finally {
    stopLoops();
  }
  console.log(
    failed === 0 ? `test:loaded passed: ${runs} of ${runs} runs green under load` : `test:loaded FAILED: ${failed} of ${runs} runs failed under load`,
  );
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
