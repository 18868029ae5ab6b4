import type { Browser, ConsoleMessage, Locator, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { agreementShapes, OPEN_ENDED } from '../support/agreement-shapes';
import { launchChromium, screenshotPath } from './browser';

/**
 * Delegated follow-up in the tab (issue 17, point 8), in Chromium, in Danish, with the mouse: the leader of
 * Dagtilbud Solsikken names in the parties form who signs and who owns the follow-up — Lise Holm, quality
 * consultant, who signs nothing and belongs to no unit — and Lise then finds the agreement under her work, with the
 * school's agreement she already follows up, and reports its late measurement from there.
 */
let server: TestServer;
let browser: Browser;
const LEADER = 'shapes-dagleder';
const DELEGATE = 'shapes-konsulent';

const api = async <T>(path: string, user: string): Promise<T> => {
  const res = await fetch(`${server.url}/api${path}`, { headers: { 'X-Dev-User': user } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
};

beforeAll(async () => {
  const doc = agreementShapes();
  // The day-care agreement is still being written: its parties can be changed.
  const draft = doc.agreements!.find((a) => a.id === OPEN_ENDED)!;
  Object.assign(draft, { status: 'draft' });
  server = await startTestServer([doc], { tabDist: TAB_DIST, now: () => new Date('2024-12-15T10:00:00Z') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, as: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught error: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=da&as=${as}`);
  return { page, problems };
}

async function choose(scope: Locator, page: Page, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('a delegated follow-up, set in the parties form and found under my work', () => {
  it('the leader sets who signs and who follows up with the mouse; the delegate sees the agreement under my work and reports from there', async () => {
    const leader = await open(`/tab/?agreement=${OPEN_ENDED}`, LEADER);
    await leader.page.getByTestId('add-parties').click();
    const form = leader.page.getByRole('dialog');
    await choose(form, leader.page, 'Rolle', 'Anden part');
    await form.getByLabel('Navn', { exact: true }).fill('Lise Holm');
    // The person, found by name with the people picker.
    await form.getByRole('combobox', { name: 'Person', exact: true }).click();
    await leader.page.keyboard.type('Lise');
    await leader.page.locator('[role="option"][aria-selected]', { hasText: 'Lise Holm' }).click();
    await choose(form, leader.page, 'Underskriver aftalen', 'Nej');
    await choose(form, leader.page, 'Ejer opfølgningen (får påmindelserne)', 'Ja');
    await leader.page.screenshot({ path: screenshotPath('delegated-1-parties-form-da.png') });
    await form.getByRole('button', { name: 'Gem' }).click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });
    const parties = leader.page.getByTestId('parties');
    await parties.getByText(/Lise Holm/).waitFor();
    expect(await parties.innerText()).toContain('underskriver ikke · ejer opfølgningen');
    const stored = await api<{ parties: { personId: string | null; signs?: boolean; followsUp?: boolean }[] }>(`/agreements/${OPEN_ENDED}`, LEADER);
    expect(stored.parties.find((p) => p.personId === DELEGATE)).toMatchObject({ signs: false, followsUp: true });
    expect(leader.problems).toEqual([]);
    await leader.page.context().close();

    // Lise, who belongs to no unit, opens the tab: both agreements she follows up are under her work.
    const delegate = await open('/tab/', DELEGATE);
    const followed = delegate.page.getByTestId('followed-up');
    await followed.first().waitFor();
    const titles = await followed.allInnerTexts();
    expect(titles.join('\n')).toContain('Udviklingsaftale for Dagtilbud Solsikken');
    expect(titles.join('\n')).toContain('Styringsaftale');
    // The school's measurement, late since the third quarter, is hers to report, from the list.
    const row = delegate.page.getByTestId('work-measurement').filter({ hasText: 'Andel elever der læser alderssvarende' });
    await row.waitFor();
    await delegate.page.screenshot({ path: screenshotPath('delegated-2-my-work-da.png'), fullPage: true });
    await row.getByRole('button').first().click();
    const report = delegate.page.getByRole('form', { name: /Andel elever der læser alderssvarende/ });
    await report.waitFor();
    await report.getByTestId('report-value').fill('77');
    await report.getByRole('button', { name: 'Indberet' }).click();
    await report.getByTestId('report-saved').waitFor();
    const values = await api<{ items: { period: string; value: number | null; enteredBy: string }[] }>(
      '/indicators/shapes-indicator-1/measurements?limit=200',
      DELEGATE,
    );
    expect(values.items).toEqual(expect.arrayContaining([expect.objectContaining({ value: 77, enteredBy: DELEGATE })]));
    await delegate.page.screenshot({ path: screenshotPath('delegated-3-reported-da.png'), fullPage: true });
    expect(delegate.problems).toEqual([]);
    await delegate.page.context().close();
  }, 90_000);
});
