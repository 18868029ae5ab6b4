import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

export type JestRun = {
  /** jest printed its closing "Ran all test suites" line. */
  ranAll: boolean;
  /** jest exited by itself within `graceMs` of that line (else it was killed). */
  exitedByItself: boolean;
  /** Milliseconds from the closing line to the exit, when it exited by itself. */
  exitAfterMs: number | null;
  code: number | null;
  output: string;
};

/**
 * Runs jest in a child process, in band (as on a 2-core CI machine, where a handle left open keeps the one
 * jest process alive), and watches whether it exits by itself once it has printed its results. A child that
 * has not exited `graceMs` after its closing line, or by `timeoutMs` at all, is killed and reported as such.
 */
export function runJest(args: string[], o: { graceMs: number; timeoutMs: number; env?: Record<string, string> }): Promise<JestRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [JEST, '--runInBand', '--ci', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let ranAllAt: number | null = null;
    let killed = false;
    let grace: NodeJS.Timeout | null = null;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const overall = setTimeout(kill, o.timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ranAllAt === null && /^Ran all test suites/m.test(output)) {
        ranAllAt = Date.now();
        grace = setTimeout(kill, o.graceMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(overall);
      if (grace) clearTimeout(grace);
      resolve({
        ranAll: ranAllAt !== null,
        exitedByItself: !killed,
        exitAfterMs: !killed && ranAllAt !== null ? Date.now() - ranAllAt : null,
        code,
        output,
      });
    });
  });
}
