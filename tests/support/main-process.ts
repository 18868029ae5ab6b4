import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

import { closeAfter } from './teardown';

const ROOT = join(__dirname, '..', '..');

export type MainProcess = {
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** The URL it listens on, once its "listening" log line is out; rejects if it exits before. */
  url: Promise<string>;
  exit: Promise<number | null>;
  /** SIGTERM and wait for the exit (a no-op when it has exited). */
  stop: () => Promise<number | null>;
};

/**
 * The one server process as `npm start` runs it (node with tsx as its loader, teams-app/main.ts), with the
 * given environment (and modules to `--import` first, such as tests/support/route-microsoft-hosts.ts). Killed after the test if it is still running then (a test that failed half-way).
 */
export function startMain(env: Record<string, string>, opts: { preload?: string[] } = {}): MainProcess {
  const preload = (opts.preload ?? []).flatMap((p) => ['--import', p]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload, 'teams-app/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
  });
  let output = '';
  let exited = false;
  const url = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = output.match(/"url":"(http:\/\/[^"]+)"/);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  url.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  closeAfter(() => {
    if (!exited) child.kill('SIGKILL');
    return exit;
  });
  return {
    child,
    output: () => output,
    url,
    exit,
    stop: () => {
      if (!exited) child.kill('SIGTERM');
      return exit;
    },
  };
}
