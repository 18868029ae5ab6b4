import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { tempDir } from '../support/mother';
import { startTestServer, type TestServer } from '../support/server';
import { launchChromium } from './browser';

/**
 * The server with the demo data and its development bot, the Microsoft 365 Agents Playground (the Teams
 * emulator from npm, offline) pointed at it, and Debian's Chromium on the Playground's page. The Playground's
 * user (Alex Wilber) is unknown to the demo data: the development bot lets them act as `devPerson`.
 */
export type PlaygroundRun = {
  server: TestServer;
  page: Page;
  log: () => string;
  /** The last Adaptive Card in the chat. */
  lastCard: () => ReturnType<Page['locator']>;
  /** Types a message into the compose box and sends it. */
  say: (text: string) => Promise<void>;
  stop: () => Promise<void>;
};

const ROOT = join(__dirname, '..', '..');
const PLAYGROUND = join(ROOT, 'node_modules', '.bin', 'agentsplayground');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, ms: number, log: () => string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startPlayground(devPerson: string): Promise<PlaygroundRun> {
  const tmp = tempDir();
  const server = await startTestServer([...DEMO_DOCUMENTS], { bot: { developmentPersonId: devPerson } });
  const port = await freePort();
  let log = '';
  // From an empty folder: the Playground reads a config file and writes devTools/ where it starts.
  const playground: ChildProcess = spawn(
    PLAYGROUND,
    ['start', '-e', `${server.url}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(port)],
    {
      cwd: tmp.dir,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  playground.stdout!.on('data', (d) => (log += d));
  playground.stderr!.on('data', (d) => (log += d));
  await waitForHttp(`http://127.0.0.1:${port}/`, 30_000, () => log);
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  return {
    server,
    page,
    log: () => log,
    lastCard: () => page.locator('.ac-adaptiveCard').last(),
    say: async (text) => {
      const box = page.locator('[contenteditable=true]').first();
      await box.click();
      await box.fill(text);
      await page.keyboard.press('Enter');
    },
    stop: async () => {
      await browser.close();
      // Its own process group: npx, node and the Playground's server stop together.
      if (playground.pid && playground.exitCode === null && playground.signalCode === null) {
        // Stopped when it has exited (it lets go of the bot endpoint then), not after a guessed pause; one that
        // ignores SIGTERM for 10 s is killed.
        const exited = new Promise<void>((r) => playground.once('exit', () => r()));
        try {
          process.kill(-playground.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 10_000)));
        if ((await Promise.race([exited, late])) === 'late') {
          try {
            process.kill(-playground.pid, 'SIGKILL');
          } catch {
            /* gone meanwhile */
          }
          await exited;
        }
        clearTimeout(timer);
      }
      await server.stop();
      tmp.remove();
    },
  };
}
