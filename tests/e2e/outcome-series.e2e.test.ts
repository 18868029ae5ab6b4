import type { Browser, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { outcomeSeries, SERIES_DOCUMENT } from '../support/outcome-series';
import { launchChromium, screenshotPath } from './browser';

/**
 * Outcome series as reports write them (issue 17, point 6), in the tab in Chromium, in Swedish: a year written "–"
 * is drawn as the report's dash, never as a point at 0, and read as "inget värde"; the columns keep the report's
 * names ("Utfall 2025"); the history says which report a value came from instead of an entry time; and a leader
 * reports "no value" for a quarter with the mouse, which is stored as no value, not 0.
 */
let server: TestServer;
let browser: Browser;
const LEADER = 'serieby-leder';

beforeAll(async () => {
  server = await startTestServer([outcomeSeries()], { tabDist: TAB_DIST, now: () => new Date('2026-07-20T10:00:00Z') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

async function open(query: string): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${server.url}/tab/?${query}&lang=sv&as=${LEADER}`);
  await page.getByTestId('indicator').first().waitFor({ timeout: 20_000 });
  return page;
}

describe('outcome series in the tab', () => {
  it('draws "–" for a year without a value, keeps the columns’ names and the report, and takes "no value" from the report form', async () => {
    const page = await open('agreement=serieby-skole-2026&goal=serieby-goal-1');
    const figure = page.getByTestId('measurement-chart-figure').filter({ hasText: 'Andel nöjda elever' });
    await figure.waitFor();
    // Two values drawn, one dash; nothing at 0.
    expect(await figure.getByTestId('chart-point').count()).toBe(2);
    expect(await figure.getByTestId('chart-no-value').count()).toBe(1);
    const table = plain(await figure.locator('table').innerText());
    expect(table).toContain('2024\t– inget värde');
    expect(table).toContain('Utfall 2025\t78 %');
    expect(table).not.toMatch(/\b0 %/);
    expect(plain((await figure.getByTestId('x-tick').last().textContent()) ?? '')).toContain('Utfall 2025');

    const nojda = page.getByTestId('indicator').filter({ hasText: 'Andel nöjda elever' });
    await nojda.getByText('Alla mätningar med kommentarer och rättelser').click();
    const history = nojda.getByTestId('measurement-history');
    await history.waitFor();
    expect((await history.getByTestId('history-value').allInnerTexts()).map(plain)).toEqual(['78 %', '– inget värde', '71 %']);
    expect(await history.innerText()).toContain(`Från ${SERIES_DOCUMENT}`);
    await page.screenshot({ path: screenshotPath('outcome-series-1-goal-sv.png'), fullPage: true });

    // The quarter due 30 June has no value: the leader says so with the mouse.
    const quarterly = page.getByTestId('indicator').filter({ hasText: 'Andel elever der læser alderssvarende' });
    const form = quarterly.getByTestId('report-form');
    await form.getByTestId('report-no-value').click();
    await form.getByRole('button', { name: 'Rapportera' }).click();
    const saved = form.getByTestId('report-saved');
    await saved.waitFor();
    expect(plain(await saved.innerText())).toContain('– inget värde rapporterat för kvartal 2 2026');
    const res = await fetch(`${server.url}/api/indicators/serieby-indicator-1/measurements?limit=200`, { headers: { 'X-Dev-User': LEADER } });
    const items = ((await res.json()) as { items: { period: string; value: number | null }[] }).items;
    expect(items).toEqual([expect.objectContaining({ period: '2026-Q2', value: null })]);
    await page.screenshot({ path: screenshotPath('outcome-series-2-no-value-sv.png'), fullPage: true });
    expect(page.errors).toEqual([]);
  }, 60_000);
});
