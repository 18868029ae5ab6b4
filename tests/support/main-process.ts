import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

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

/** The one server process as `npm start` runs it (teams-app/main.ts), with the given environment. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(TSX, ['teams-app/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env } });
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
