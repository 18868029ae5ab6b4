import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { startTestServer, type TestServer } from '../support/server';
import { tempDir } from '../support/mother';
import { launchChromium, screenshotPath } from './browser';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { cloudAdapterSender } from '../../bot/proactive-sender';
import { TEAMS_RATE_LIMITS } from '../../bot/rate-limiter';
import { dispatcherFor } from '../support/campaign';

/**
 * Approval through chat in the Microsoft 365 Agents Playground: the Playground's user acts as Susanne
 * Strandkjær, the centre chief who approves Team Myndighed's agreement. The leader submits a new version over
 * the API; the dispatcher brings the approval card into the chief's chat; the chief approves on the card;
 * the outcome for the leader goes into the outbox (the Playground has one user, so the leader's chat is not
 * there: tests/approval-chat.test.ts shows that delivery against a local Bot Connector).
 */

const ROOT = join(__dirname, '..', '..');
const PLAYGROUND = join(ROOT, 'node_modules', '.bin', 'agentsplayground');
const DEV_PERSON = 'hoeje-taastrup-susanne-strandkjaer';

let server: TestServer;
let browser: Browser;
let playground: ChildProcess;
let playgroundLog = '';
let page: Page;
const tmp = tempDir();

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

async function waitForHttp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms:\n${playgroundLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const lastCard = () => page.locator('.ac-adaptiveCard').last();

async function say(text: string): Promise<void> {
  const box = page.locator('[contenteditable=true]').first();
  await box.click();
  await box.fill(text);
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS], { bot: { developmentPersonId: DEV_PERSON } });
  const port = await freePort();
  // From an empty folder: the Playground reads a config file and writes devTools/ where it starts.
  playground = spawn(PLAYGROUND, ['start', '-e', `${server.url}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(port)], {
    cwd: tmp.dir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  playground.stdout!.on('data', (d) => (playgroundLog += d));
  playground.stderr!.on('data', (d) => (playgroundLog += d));
  await waitForHttp(`http://127.0.0.1:${port}/`, 30_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // Its own process group: npx, node and the Playground's server stop together.
  if (playground?.pid) {
    try {
      process.kill(-playground.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await server?.stop();
  tmp.remove();
});

describe('approval through chat in the Agents Playground', () => {
  it('brings the approval card to the chief on submit, takes the decision on the card, and queues the outcome for the leader', async () => {
    await page.getByText('I am the quality agreement bot', { exact: false }).first().waitFor({ timeout: 20_000 });
    const A = 'hoeje-taastrup-team-myndighed-2016';
    const leader = { 'X-Dev-User': 'hoeje-taastrup-henrik-joern-otto', 'Content-Type': 'application/json' };
    const get = async () => (await (await fetch(`${server.url}/api/agreements/${A}`, { headers: leader })).json()) as { revision: number; version: number; status: string };
    expect((await fetch(`${server.url}/api/agreements/${A}/new-version`, { method: 'POST', headers: { ...leader, 'If-Match': `"${(await get()).revision}"` } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/agreements/${A}/submit`, { method: 'POST', headers: { ...leader, 'If-Match': `"${(await get()).revision}"` } })).status).toBe(200);

    // The dispatcher (as the server runs it) sends what the outbox holds.
    const store = openSqliteStore(server.dbPath);
    const dispatcher = dispatcherFor(store.forTenant('demo'), cloudAdapterSender({ appId: '', appPassword: '', tenantId: null }), TEAMS_RATE_LIMITS);
    try {
      expect((await dispatcher.drain()).sent).toBe(1);
      await page.getByText('Approval: Aftale for Team Myndighed SHC').last().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: screenshotPath('bot-6-approval-card.png') });
      await lastCard().getByRole('button', { name: 'Approve' }).click();
      await until(async () => (await get()).status === 'approved');
      await page.screenshot({ path: screenshotPath('bot-7-approved.png') });
      const outcome = (await store.forTenant('demo').listAll('reminder', {})).filter((r) => r.type === 'decision');
      expect(outcome).toEqual([expect.objectContaining({ recipientId: 'hoeje-taastrup-henrik-joern-otto', items: [expect.objectContaining({ decision: 'approve', decidedBy: DEV_PERSON })] })]);
    } finally {
      await dispatcher.stop();
      await store.close();
    }
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met within 15 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
