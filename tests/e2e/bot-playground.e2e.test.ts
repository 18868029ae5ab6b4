import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { startTestServer, type TestServer } from '../support/server';
import { tempDir } from '../support/mother';
import { launchChromium, screenshotPath } from './browser';

/**
 * The bot in the Microsoft 365 Agents Playground (the Teams emulator from npm, offline), driven in Debian's
 * Chromium. The Playground's user (Alex Wilber) is unknown to the demo data: the development bot lets them act
 * as the demo leader of Assens' Jobcentret, and says so.
 */

const ROOT = join(__dirname, '..', '..');
const PLAYGROUND = join(ROOT, 'node_modules', '.bin', 'agentsplayground');
const DEV_PERSON = 'assens-leder-jobcentret';

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

describe('the bot in the Agents Playground', () => {
  it('greets on install, saying what it does (and that it is the development bot)', async () => {
    await page.getByText('I am the quality agreement bot', { exact: false }).first().waitFor({ timeout: 20_000 });
    await expect(page.getByText('you act as Leder af Jobcentret', { exact: false }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('bot-1-welcome.png') });
  });

  it('answers help', async () => {
    await say('help');
    await page.getByText('This is what I can do', { exact: false }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('bot-2-help.png') });
  });

  it('sends a measurement card, shows an invalid value’s error beside the field, and replaces the card with a receipt', async () => {
    await say('indberet');
    await page.getByText('Report a measurement').last().waitFor({ timeout: 15_000 });
    const card = lastCard();
    const name = (await card.locator('.ac-textBlock').nth(1).innerText()).trim();
    expect(name).toBe('Andelen af sager hvor der sker en delvis raskmelding');
    await expect(card.innerText()).resolves.toContain('January 2009');
    await page.screenshot({ path: screenshotPath('bot-3-card.png') });

    await card.getByRole('spinbutton').fill('150');
    await card.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('value is above the highest allowed', { exact: false }).last().waitFor({ timeout: 15_000 });
    await expect(lastCard().getByRole('spinbutton').inputValue()).resolves.toBe('150');
    await page.screenshot({ path: screenshotPath('bot-4-invalid.png') });

    await lastCard().getByRole('spinbutton').fill('87');
    await lastCard().locator('textarea').fill('Fra Playground');
    const started = Date.now();
    await lastCard().getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Reported 87 % for January 2009 by Leder af Jobcentret.', { exact: false }).last().waitFor({ timeout: 15_000 });
    const ms = Date.now() - started;
    console.log(`Playground: click to receipt on screen in ${ms} ms`);
    expect(ms).toBeLessThan(3000);
    await page.screenshot({ path: screenshotPath('bot-5-receipt.png') });

    // The value is in the store, as the REST API returns it.
    const headers = { 'X-Dev-User': 'system' };
    const indicators = (await (await fetch(`${server.url}/api/indicators?agreementId=assens-jobcentret-2009&limit=200`, { headers })).json()) as { items: { id: string; name: string }[] };
    const indicator = indicators.items.find((i) => i.name === name)!;
    const r = await fetch(`${server.url}/api/indicators/${indicator.id}/measurements`, { headers });
    expect(r.status).toBe(200);
    const { items } = (await r.json()) as { items: unknown[] };
    expect(items).toEqual([expect.objectContaining({ period: '2009-01', value: 87, source: 'card', enteredBy: DEV_PERSON, comment: 'Fra Playground' })]);
  });
});
