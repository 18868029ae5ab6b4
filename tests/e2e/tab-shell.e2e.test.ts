import type { Browser } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { launchChromium, screenshotPath } from './browser';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS], { tabDist: TAB_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the tab shell in Chromium', () => {
  it('shows the demo agreements from the seeds, marked as development sign-in', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/tab/`);
    await page.getByTestId('agreement-card').first().waitFor();
    expect(await page.getByTestId('agreement-card').count()).toBe(3);
    await expect(page.getByText('Udviklingslogin – ikke til drift', { exact: false }).isVisible()).resolves.toBe(true);
    const silkeborg = page.getByTestId('agreement-card').filter({ hasText: 'Borgerservice' });
    await expect(silkeborg.innerText()).resolves.toMatch(/21\.848\.850/);
    await expect(silkeborg.innerText()).resolves.toMatch(/Øget digitalisering/);
    await page.screenshot({ path: screenshotPath('tab-shell-da.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('speaks Swedish when asked', async () => {
    const page = await browser.newPage({ locale: 'sv-SE' });
    await page.goto(`${server.url}/tab/`);
    await page.getByTestId('agreement-card').first().waitFor();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Verksamhetsplaner');
    await page.screenshot({ path: screenshotPath('tab-shell-sv.png'), fullPage: true });
  });
});
