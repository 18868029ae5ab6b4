import type { Browser, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { goalShapes } from '../support/goal-shapes';
import { launchChromium, screenshotPath } from './browser';

/**
 * Goals, indicators and the wheel as municipalities write them (issue 17, points 4, 5, 7 and 9), in the tab in
 * Chromium, in Swedish: goals grouped by the municipality's perspectives in their order, each status named by its
 * own fulfilment scale ("not followed up" its own state, a goal without a state shown as such), the description,
 * targets as written, each indicator on its step of the scale, and the wheel's dates as written, in their order.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer([goalShapes()], { tabDist: TAB_DIST, now: () => new Date('2025-03-01T10:00:00Z') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

async function open(query: string, ready: string): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${server.url}/tab/?${query}&lang=sv&as=vallby-chef`);
  await page.getByTestId(ready).first().waitFor({ timeout: 20_000 });
  return page;
}

describe('goals, targets and the wheel as written, in the tab', () => {
  it('groups the goals by perspective in the municipality’s order, names each status by its scale, shows the description', async () => {
    const page = await open('agreement=vallby-omsorg-2025', 'goal-group');
    const groups = page.getByTestId('goal-group');
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).toEqual(['medborgare', 'medarbetare', 'ekonomi', '']);
    expect(await groups.locator('h3').allInnerTexts()).toEqual(['Medborgare', 'Medarbetare', 'Ekonomi', 'Utan målområde']);
    expect(await page.getByTestId('goal-status').allInnerTexts()).toEqual(['Uppfyllt i hög grad', 'Ingen status', 'Ej uppföljt', 'Uppfyllt']);
    expect(await page.getByTestId('goal-description').first().innerText()).toContain('”Kontinuitet” är viktigast: **inte** fler än 12 personal/14 dagar.');
    await page.screenshot({ path: screenshotPath('goal-shapes-agreement.png'), fullPage: true });
    expect(page.errors).toEqual([]);
  });

  it('shows each target as written and each indicator on its step of the scale', async () => {
    const page = await open('agreement=vallby-omsorg-2025&goal=vallby-goal-1', 'indicator');
    const indicators = page.getByTestId('indicator');
    const nojda = indicators.filter({ hasText: 'Andel nöjda brukare' });
    expect(plain(await nojda.getByTestId('target').innerText())).toBe('minst 80 %');
    expect(await nojda.getByTestId('indicator-step').innerText()).toBe('Uppfyllt i hög grad');
    const index = indicators.filter({ hasText: 'Nöjd-Kund-Index' });
    expect(plain(await index.getByTestId('target').innerText())).toBe('at least index 70');
    expect(await index.getByTestId('indicator-step').innerText()).toBe('Ej uppfyllt');
    await page.screenshot({ path: screenshotPath('goal-shapes-goal.png'), fullPage: true });
    await page.context().close();
    const other = await open('agreement=vallby-omsorg-2025&goal=vallby-goal-4', 'indicator');
    // No wording in the document: made from the comparator, the numbers and the unit.
    expect(plain(await other.getByTestId('target').innerText())).toBe('Mellan 10 och 20 besök');
    expect(other.errors).toEqual([]);
  });

  it('lists the wheel with its dates as written, in the order they count from', async () => {
    const page = await open('view=wheel&unit=vallby-omsorg&year=2025', 'wheel-events');
    const rows = (await page.getByTestId('wheel-events').locator('li').allInnerTexts()).map(plain);
    const expected = [
      'slutet av januari 2025: Verksamhetsplanen undertecknas · Sista dag för underskrift',
      '5 mars 2025: Delårsrapport',
      'mitten av mars–början av maj: Budgetdialog',
      'mars 2025: Årsredovisning',
    ];
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => expect(row).toContain(expected[i]));
    expect(page.errors).toEqual([]);
  });
});
