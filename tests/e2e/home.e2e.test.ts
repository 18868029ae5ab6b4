import type { Browser, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { launchChromium, screenshotPath } from './browser';
import { smallMunicipality } from '../support/mother';

/**
 * Each role starts from its work on the home view, with the mouse (issue 18, points 3–5), in the Assens demo:
 * staff report a measurement in two clicks and typing and see the confirmation beside the form; the chief
 * finds the agreement awaiting approval first and an overview that opens on a year with agreements; the
 * quality office reaches setup and the wheel from the navigation.
 *
 * Beside the demo, Testby (tests/support/mother.ts) with its school's agreement in effect, on 5 July 2026: its
 * quarterly reading indicator has no owner, so the school's staff report it; the first quarter (due 31 March)
 * is late, the second (due 30 June) due. Assens's staff own no indicator (its agreement names the leader).
 */
const NOW = () => new Date('2026-07-05T10:00:00Z');
let server: TestServer;
let browser: Browser;

const STAFF = 'assens-demo-jobcentret';
const LEADER = 'assens-leder-jobcentret';
const CHIEF = 'assens-fagchef';
const QUALITY = 'assens-demo-kvalitet';
const AGREEMENT = 'assens-jobcentret-2009';

const api = async (path: string, user: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}/api${path}`, {
    ...init,
    headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
};

beforeAll(async () => {
  const testby = smallMunicipality('testby');
  for (const a of testby.agreements ?? []) (a as { status?: string }).status = 'in_effect';
  server = await startTestServer([...DEMO_DOCUMENTS, testby], { tabDist: TAB_DIST, now: NOW });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, as: string, lang: 'da' | 'sv'): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'sv' ? 'sv-SE' : 'da-DK' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && page.errors.push(m.text()));
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}&as=${as}`);
  return page;
}

/** Waits until a condition holds (at most 5 s). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a box lies inside the window as it is scrolled now. */
async function inView(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

describe('the home view, per role, with the mouse', () => {
  it('lets staff report a due measurement in Swedish in two clicks and typing, with the confirmation beside the form, and correct it seeing the value and its history', async () => {
    const mine = { id: 'testby-indicator-1', name: 'Andel elever der læser alderssvarende' };
    const STAFF_TESTBY = 'testby-medarbejder';
    const page = await open('/tab/', STAFF_TESTBY, 'sv');
    const row = page.getByTestId('work-measurement').filter({ hasText: mine.name });
    await row.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).first().innerText()).toBe('Dina uppgifter');
    expect(await row.innerText()).toContain('Försenad');
    await page.screenshot({ path: screenshotPath('home/staff-1-list-sv.png'), fullPage: true });

    // Click 1: the row opens its form with the value field focused, on the oldest open period.
    await row.getByRole('button').first().click();
    const form = page.getByRole('form', { name: `Rapportera ${mine.name}` });
    await form.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('report-value');
    expect(await form.getByRole('combobox').first().innerText()).toContain('kvartal 1 2026');
    await page.keyboard.type('42,5');
    await form.getByLabel('Kommentar').fill('Från månadsrapporten');
    // Click 2: report.
    await form.getByRole('button', { name: 'Rapportera' }).click();
    const saved = form.getByTestId('report-saved');
    await saved.waitFor();
    expect((await saved.innerText()).replace(/\u00a0/g, ' ')).toContain('42,5 % rapporterat för kvartal 1 2026');
    // The confirmation is inside the form the user just used, and on screen.
    expect(await inView(page, 'report-saved')).toBe(true);
    await page.screenshot({ path: screenshotPath('home/staff-2-saved-sv.png') });
    const stored = (await api(`/indicators/${mine.id}/measurements?limit=200`, STAFF_TESTBY)).items as { period: string; value: number; comment?: string }[];
    expect(stored).toEqual([expect.objectContaining({ period: '2026-Q1', value: 42.5, comment: 'Från månadsrapporten' })]);
    // The form moved on to the next open period; the reported value is listed with its comment.
    expect(await form.getByRole('combobox').first().innerText()).toContain('kvartal 2 2026');
    expect((await form.getByTestId('report-history').innerText()).replace(/\u00a0/g, ' ')).toContain('Från månadsrapporten');

    // A correction: picking the reported period shows the value there now and its comment before saving.
    await form.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'kvartal 1 2026' }).click();
    const current = form.getByTestId('report-current');
    await current.waitFor();
    expect((await current.innerText()).replace(/\u00a0/g, ' ')).toMatch(/Det finns redan 42,5 % rapporterat för kvartal 1 2026/);
    expect(await current.innerText()).toContain('Från månadsrapporten');
    await form.getByTestId('report-value').fill('43');
    await form.getByRole('button', { name: 'Rapportera' }).click();
    await form.getByTestId('report-saved').filter({ hasText: '43' }).waitFor();
    await current.filter({ hasText: '42,5' }).filter({ hasText: 'Tidigare värden' }).waitFor();
    await page.screenshot({ path: screenshotPath('home/staff-3-corrected-sv.png') });
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it("shows the chief the agreement awaiting approval first, and an overview of the chief's own part that opens on a year with agreements, next year choosable", async () => {
    // The leader writes next year's draft and sends it for approval.
    const next = await api(`/agreements/${AGREEMENT}/next-year`, LEADER, { method: 'POST', body: JSON.stringify({ carryGoalIds: [] }) });
    await api(`/agreements/${next.id}/submit`, LEADER, { method: 'POST', headers: { 'If-Match': `"${next.revision}"` } });

    const page = await open('/tab/', CHIEF, 'da');
    const first = page.getByTestId('to-approve');
    await first.waitFor();
    expect(await first.innerText()).toContain('2010');
    // Above everything else of the home view.
    const h2 = await page.locator('main h2').allInnerTexts();
    expect(h2[0]).toBe('Aftaler at godkende');
    await page.screenshot({ path: screenshotPath('home/chief-1-home-da.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Overblik' }).click();
    await page.getByTestId('overview-row').first().waitFor();
    // The chief approves for Jobcentret: the overview is of the part of the organisation it lies in.
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Enheder under Job og arbejdsmarked');
    const year = page.getByRole('combobox', { name: 'År' });
    expect(await year.innerText()).toBe('2009');
    expect(await page.getByTestId('overview-row').filter({ hasText: 'Jobcentret' }).innerText()).not.toContain('Ingen aftale endnu');
    await year.click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['2010', '2009']);
    await page.getByRole('option', { name: '2010' }).click();
    await page.getByTestId('overview-row').filter({ hasText: 'Jobcentret' }).filter({ hasText: 'Indsendt' }).waitFor();
    await page.screenshot({ path: screenshotPath('home/chief-2-overview-da.png'), fullPage: true });
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it('lets the quality office reach setup and the wheel from the navigation, choose people by name, add, move and remove goal levels, and edit one wheel event in a dialog that fits', async () => {
    const page = await open('/tab/', QUALITY, 'da');
    // Their municipality is their unit on the home view.
    await page.getByTestId('unit-card').filter({ hasText: 'Assens Kommune' }).filter({ hasText: 'Kvalitetsafdeling' }).waitFor();

    await page.getByRole('tab', { name: 'Opsætning' }).click();
    await page.getByRole('heading', { level: 2, name: 'Assens Kommune' }).waitFor();
    const levels = page.getByTestId('goal-levels');
    await levels.waitFor();
    const before = (await api('/goal-levels?municipalityId=assens&limit=50', QUALITY)).items.length as number;
    await levels.getByLabel('Tilføj (da)').fill('Delmål');
    await levels.getByLabel('Tilføj (en)').fill('Sub-goal');
    await levels.getByRole('button', { name: 'Tilføj: Målniveauer' }).click();
    await levels.getByLabel('Delmål (da)').waitFor();
    await levels.getByRole('button', { name: 'Flyt op: Delmål' }).click();
    // Moved up one: from last to last but one (the ranks of the two swapped).
    const ranked = async () =>
      ((await api('/goal-levels?municipalityId=assens&limit=50', QUALITY)).items as { rank: number; name: { da?: string } }[])
        .sort((a, b) => a.rank - b.rank)
        .map((l) => l.name.da);
    await until(async () => (await ranked()).indexOf('Delmål') === before - 1);
    await page.screenshot({ path: screenshotPath('home/quality-1-setup-da.png'), fullPage: true });
    await levels.getByRole('button', { name: 'Fjern: Delmål' }).click();
    await levels.getByLabel('Delmål (da)').waitFor({ state: 'detached' });
    expect((await api('/goal-levels?municipalityId=assens&limit=50', QUALITY)).items).toHaveLength(before);

    // People by name: the staff member of Jobcentret becomes a leader too.
    const people = (await api('/dev/people', QUALITY)).items as { id: string; displayName: string }[];
    const staffName = people.find((p) => p.id === STAFF)!.displayName;
    await page.getByText('Job og arbejdsmarked', { exact: true }).click();
    await page.getByText('Jobcentret', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Jobcentret' }).waitFor();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/people')) asked.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    const leaders = page.getByRole('form', { name: 'Jobcentret' }).getByRole('combobox', { name: 'Ledere' });
    await leaders.click();
    await page.keyboard.type(staffName.slice(0, 5));
    // The options of the list (the chosen people are options of their own group, without aria-selected).
    await page.locator('[role="option"][aria-selected]', { hasText: staffName }).click();
    // Searched on the server as typed (once typing paused), never the whole directory paged into the browser.
    expect(asked.filter((u) => u.startsWith('/api/people/search?q='))).toContain(
      `/api/people/search?q=${encodeURIComponent(staffName.slice(0, 5).trim())}&limit=20`,
    );
    expect(asked.filter((u) => /^\/api\/people(\?|$)/.test(u))).toEqual([]);
    await page.screenshot({ path: screenshotPath('home/quality-2-people-picker-da.png') });
    await page.getByRole('form', { name: 'Jobcentret' }).getByRole('button', { name: 'Gem' }).click();
    await page.getByTestId('unit-saved').filter({ hasText: 'Gemt' }).waitFor();
    expect(await page.getByRole('form').count()).toBe(1);
    expect((await api('/units/assens-jobcentret', QUALITY)).leaderIds).toEqual([LEADER, STAFF]);

    await page.getByRole('tab', { name: 'Årshjul' }).click();
    const editor = page.getByTestId('wheel-editor');
    await editor.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Assens Kommune');
    // One event at a time: a new one opens in a dialog (an existing one, through its Edit button, the same).
    await editor.getByRole('button', { name: 'Tilføj' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0 && box.y + box.height <= 900).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Tilføj' }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('home/quality-3-wheel-event-da.png') });
    await dialog.getByRole('button', { name: 'Annuller' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(page.errors).toEqual([]);
    await page.context().close();
  });
});
