import type { Browser, ConsoleMessage, Locator, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { launchChromium, permissionsApplied, screenshotPath } from './browser';

/**
 * A leader writes the whole agreement in the tab (issue 18, point 2). The leader of Assens Jobcentret, in
 * Danish, starts from the home view with next year's draft and, with the mouse: adds a goal, gives it an
 * indicator whose target is "at least 80 %", an action and a success criterion, sets the budget frame (and is
 * told in Danish what is wrong with a bad amount), moves a goal above another, deletes an action, and finds
 * it all again after reloading the page. Every step is photographed in test-results/author-*.png.
 */
let server: TestServer;
let browser: Browser;

const LEADER = 'assens-leder-jobcentret';
const STAFF = 'assens-demo-jobcentret';
const LAST_YEAR = 'assens-jobcentret-2009';

const api = async <T>(path: string, init: RequestInit = {}, user = LEADER): Promise<T> => {
  const res = await fetch(`${server.url}/api${path}`, {
    ...init,
    headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  const body = res.status === 204 ? undefined : await res.json();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body as T;
};

type Goal = { id: string; title: string; sortOrder: number; origin: string };
let draftId: string;

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS], { tabDist: TAB_DIST });
  browser = await launchChromium();
  // Next year's draft, as the leader opens it from last year's agreement: two of last year's goals carried over.
  const goals = await api<{ items: Goal[] }>(`/goals?agreementId=${LAST_YEAR}&limit=50`);
  const draft = await api<{ id: string; status: string }>(`/agreements/${LAST_YEAR}/next-year`, {
    method: 'POST',
    body: JSON.stringify({ carryGoalIds: goals.items.slice(0, 2).map((g) => g.id) }),
  });
  expect(draft.status).toBe('draft');
  draftId = draft.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(person: string, path: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught error: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=da&as=${person}`);
  return { page, problems };
}

/** Loads the page afresh; the development sign-in names the person in the address, as the test opened it. */
async function reload(page: Page): Promise<void> {
  const url = new URL(page.url());
  url.searchParams.set('as', LEADER);
  await page.goto(url.toString());
}

const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(`author-${name}.png`), fullPage: true });

/** The open form dialog. */
const form = (page: Page) => page.getByRole('dialog');

/** Picks an option of a Fluent dropdown in the form, with the mouse. */
async function choose(scope: Locator, page: Page, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function save(page: Page): Promise<void> {
  await form(page).getByRole('button', { name: 'Gem' }).click();
}

/** Saves the form and waits for it to close; when it stays open, says what it shows. */
async function saveAndClose(page: Page): Promise<void> {
  await save(page);
  try {
    await form(page).waitFor({ state: 'detached', timeout: 10_000 });
  } catch {
    await shot(page, 'form-stayed-open');
    throw new Error(`the form stayed open: ${await form(page).innerText()}`);
  }
}

/** The goal rows of the own goals, in order. */
const ownGoalTitles = (page: Page) =>
  page.getByRole('table', { name: 'Øvrige mål' }).getByTestId('goal-row').locator('td:first-child button.fui-Link').allInnerTexts();

describe('a leader writes the agreement in the tab', () => {
  it('from the home view: goal, indicator "at least 80 %", action, criterion, budget, order, delete; all there after reload', async () => {
    const { page, problems } = await openPage(LEADER, '/tab/');
    // Home: the unit's card opens its latest agreement, next year's draft.
    const card = page.getByTestId('unit-card').filter({ hasText: 'Jobcentret' });
    await card.getByText('Kladde').waitFor();
    await shot(page, '01-home');
    await card.getByRole('button', { name: 'Åbn' }).click();
    await page.getByRole('heading', { level: 1, name: /2010/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('agreement')).toBe(draftId);

    // A new goal, with the mouse: title, kind, follow-up months; it contributes to a goal above.
    await page.getByTestId('add-goal').click();
    const goalForm = form(page);
    await goalForm.getByLabel('Titel', { exact: true }).fill('Flere borgere i varig beskæftigelse');
    await choose(goalForm, page, 'Type', 'Effektmål');
    await goalForm.getByRole('group', { name: 'Opfølgningsmåneder' }).getByText('jun.', { exact: true }).click();
    // The red thread: it contributes to the administration's goal of the year (a goal of the unit above).
    await goalForm
      .getByRole('group', { name: 'Bidrager til' })
      .getByText(/^1\. Antallet på sygedagpenge/)
      .click();
    await shot(page, '02-new-goal');
    await saveAndClose(page);
    // A goal's title is a link-styled button that opens the goal.
    const newGoal = page.getByRole('button', { name: 'Flere borgere i varig beskæftigelse', exact: true });
    await newGoal.waitFor();

    // Reorder: the new goal (last of the own goals) moves up one place.
    const before = await ownGoalTitles(page);
    expect(before.at(-1)).toContain('Flere borgere i varig beskæftigelse');
    await page.getByRole('button', { name: 'Flyt op: Flere borgere i varig beskæftigelse' }).click();
    await page.waitForFunction((title) => {
      const rows = [...document.querySelectorAll('table[aria-label="Øvrige mål"] [data-testid=goal-row] td:first-child button.fui-Link')].map(
        (a) => a.textContent ?? '',
      );
      return rows.length > 1 && rows.at(-2)!.includes(title);
    }, 'Flere borgere i varig beskæftigelse');
    const reordered = await ownGoalTitles(page);
    expect(reordered).toEqual([...before.slice(0, -2), before.at(-1), before.at(-2)]);
    await shot(page, '03-reordered');

    // The budget frame: a bad amount is refused in Danish by the core's rule, a good one is saved.
    await page.getByTestId('edit-budget').click();
    const budgetForm = form(page);
    await budgetForm.getByLabel('Beløb', { exact: true }).fill('12,345');
    await save(page);
    await budgetForm.getByText('højst to decimaler').waitFor();
    await budgetForm.getByText('Ret de markerede felter.').waitFor();
    await shot(page, '04-budget-invalid');
    await budgetForm.getByLabel('Beløb', { exact: true }).fill('21500000');
    await budgetForm.getByLabel('Hvad beløbet dækker', { exact: true }).fill('Driftsbudget for 2010');
    await saveAndClose(page);
    await page.getByTestId('budget').filter({ hasText: '21.500.000' }).waitFor();

    // The goal: an indicator with its target "at least 80 %", an action, a success criterion.
    await newGoal.click();
    await page.getByRole('heading', { level: 1, name: /Flere borgere i varig beskæftigelse/ }).waitFor();
    await page.getByTestId('add-indicator').click();
    const indicatorForm = form(page);
    await indicatorForm.getByLabel('Navn', { exact: true }).fill('Andel i job efter seks måneder');
    await indicatorForm.getByLabel('Måleenhed', { exact: true }).fill('%');
    await choose(indicatorForm, page, 'Værditype', 'Procent');
    await choose(indicatorForm, page, 'Målet er', 'Mindst');
    await indicatorForm.getByLabel('Målværdi', { exact: true }).fill('abc');
    await save(page);
    await indicatorForm.getByText('Skriv et tal, fx 87 eller 87,5.').waitFor();
    await indicatorForm.getByLabel('Målværdi', { exact: true }).fill('80');
    await choose(indicatorForm, page, 'Måles', 'Hvert kvartal');
    await indicatorForm.getByLabel('Datakilde', { exact: true }).fill('Jobindsats.dk');
    await shot(page, '05-indicator');
    await saveAndClose(page);
    await page.getByTestId('indicator').filter({ hasText: 'Andel i job efter seks måneder' }).waitFor();

    for (const text of ['Ugentlige jobsamtaler med alle nye borgere', 'En handling der skal slettes igen']) {
      await page.getByTestId('add-action').click();
      await form(page).getByLabel('Beskrivelse', { exact: true }).fill(text);
      await form(page).getByLabel('Frist', { exact: true }).fill('2010-06-30');
      await saveAndClose(page);
      await page.getByTestId('action-row').filter({ hasText: text }).waitFor();
    }
    await page.getByTestId('add-criterion').click();
    await form(page).getByLabel('Beskrivelse', { exact: true }).fill('Mindst 80 % er i job seks måneder efter første samtale');
    await choose(form(page), page, 'Type', 'Resultatmål');
    await saveAndClose(page);
    await page.getByTestId('criterion').filter({ hasText: 'Mindst 80 % er i job' }).waitFor();

    // Delete an action, after being asked.
    await page.getByRole('button', { name: 'Slet: En handling der skal slettes igen' }).click();
    await page.getByRole('alertdialog').getByText('Slet »En handling der skal slettes igen«?').waitFor();
    await shot(page, '06-confirm-delete');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Slet' }).click();
    await page.getByTestId('action-row').filter({ hasText: 'En handling der skal slettes igen' }).waitFor({ state: 'detached' });
    await shot(page, '07-goal');

    // After a reload everything is there, as stored.
    await reload(page);
    await page.getByTestId('indicator').filter({ hasText: 'Andel i job efter seks måneder' }).waitFor();
    expect(await page.getByTestId('action-row').allInnerTexts()).toEqual([expect.stringContaining('Ugentlige jobsamtaler med alle nye borgere')]);
    await page.getByTestId('criterion').filter({ hasText: 'Mindst 80 % er i job' }).waitFor();
    // The target reads with its comparator.
    expect((await page.getByTestId('indicator').getByTestId('target').innerText()).replace(/\u00a0/g, ' ')).toBe('Mindst 80 %');
    await page.getByRole('button', { name: /← Kvalitetsaftale/ }).click();
    await page.getByTestId('budget').filter({ hasText: '21.500.000' }).waitFor();
    await reload(page);
    await page.getByTestId('goal-row').first().waitFor();
    expect(await ownGoalTitles(page)).toEqual(reordered);
    await shot(page, '08-agreement-after-reload');

    // What the store holds, read back over the API.
    const goals = await api<{ items: Goal[] }>(`/goals?agreementId=${draftId}&limit=50`);
    const goal = goals.items.find((g) => g.title === 'Flere borgere i varig beskæftigelse')!;
    expect(goal).toMatchObject({ kind: 'effect', followUpMonths: [6], origin: 'own', parentGoalIds: [expect.stringMatching(/^assens-/)] });
    const indicators = await api<{ items: Record<string, unknown>[] }>(`/indicators?goalId=${goal.id}`);
    expect(indicators.items).toEqual([
      expect.objectContaining({
        name: 'Andel i job efter seks måneder',
        unitOfMeasure: '%',
        valueType: 'percentage',
        direction: 'increase',
        target: 80,
        frequency: { kind: 'quarterly' },
        dataSource: 'Jobindsats.dk',
      }),
    ]);
    const actions = await api<{ items: Record<string, unknown>[] }>(`/actions?goalId=${goal.id}`);
    expect(actions.items).toEqual([expect.objectContaining({ text: 'Ugentlige jobsamtaler med alle nye borgere', dueDate: '2010-06-30' })]);
    const criteria = await api<{ items: Record<string, unknown>[] }>(`/success-criteria?goalId=${goal.id}`);
    expect(criteria.items).toEqual([expect.objectContaining({ kind: 'result', met: null })]);
    const agreement = await api<{ budget: unknown }>(`/agreements/${draftId}`);
    expect(agreement.budget).toEqual({ amount: 21500000, currency: 'DKK', label: 'Driftsbudget for 2010' });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('edits sections, key figures and parties of the draft, and fits a 320 px side panel', async () => {
    const { page, problems } = await openPage(LEADER, `/tab/?agreement=${draftId}`, 320);
    await page.getByRole('heading', { level: 1, name: /2010/ }).waitFor();
    await page.getByTestId('add-sections').click();
    await form(page).getByLabel('Titel', { exact: true }).fill('Rammerne for ledelsens arbejde');
    await form(page).getByLabel('Tekst', { exact: true }).fill('Ledelsen arbejder inden for de politiske rammer.');
    await shot(page, '09-section-320');
    // The form fits the panel: nothing of it lies outside the 320 px.
    const box = await page.getByTestId('sections-form').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(320);
    expect(await page.getByTestId('sections-form').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await saveAndClose(page);
    await page.getByRole('heading', { level: 3, name: 'Rammerne for ledelsens arbejde' }).waitFor();

    await page.getByTestId('add-keyFigures').click();
    await form(page).getByLabel('Navn', { exact: true }).fill('Sygedagpengesager over 52 uger');
    await form(page).getByRole('button', { name: 'Tilføj år' }).click();
    await form(page).getByLabel('År', { exact: true }).fill('2010');
    await form(page).getByLabel('Værdi', { exact: true }).fill('120');
    await saveAndClose(page);
    await page.getByRole('table', { name: 'Nøgletal' }).getByText('Sygedagpengesager over 52 uger').waitFor();

    await page.getByTestId('add-parties').click();
    await choose(form(page), page, 'Rolle', 'Anden part');
    await form(page).getByLabel('Navn', { exact: true }).fill('Formand for det lokale MED-udvalg');
    await saveAndClose(page);
    await page
      .getByTestId('parties')
      .getByText(/Formand for det lokale MED-udvalg/)
      .waitFor();
    await shot(page, '10-parts-320');

    const agreement = await api<{ sections: { key: string; title: string }[]; keyFigures: unknown[]; parties: { name: string; role: string }[] }>(
      `/agreements/${draftId}`,
    );
    expect(agreement.sections).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Rammerne for ledelsens arbejde', key: 'rammerne-for-ledelsens-arbejde' })]),
    );
    expect(agreement.keyFigures).toEqual(expect.arrayContaining([{ label: 'Sygedagpengesager over 52 uger', values: [{ year: 2010, value: 120 }] }]));
    expect(agreement.parties.at(-1)).toMatchObject({ role: 'other', name: 'Formand for det lokale MED-udvalg' });

    // A colleague changes the budget while the form is open: both versions are shown, and the user's kept.
    await page.getByTestId('edit-budget').click();
    await form(page).getByLabel('Beløb', { exact: true }).fill('22000000');
    const stored = await api<{ revision: number }>(`/agreements/${draftId}`);
    await api(`/agreements/${draftId}`, {
      method: 'PATCH',
      headers: { 'If-Match': `"${stored.revision}"` },
      body: JSON.stringify({ budget: { amount: 23000000, currency: 'DKK', label: 'Ændret af en kollega' } }),
    });
    await save(page);
    const conflict = page.getByRole('alertdialog').filter({ hasText: 'En anden har ændret det samme' });
    await conflict.waitFor();
    expect(await conflict.getByTestId('conflict-theirs').innerText()).toContain('23000000');
    expect(await conflict.getByTestId('conflict-mine').innerText()).toContain('22000000');
    await shot(page, '11-conflict-320');
    await conflict.getByRole('button', { name: 'Behold min' }).click();
    await page.getByTestId('budget').filter({ hasText: '22.000.000' }).waitFor();
    expect((await api<{ budget: { amount: number } }>(`/agreements/${draftId}`)).budget.amount).toBe(22000000);
    // The one refused request is the stale save (409), which Chromium logs; nothing else.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    expect(problems.filter((p) => /status of 409/.test(p))).toHaveLength(1);
    await page.context().close();
  });

  it('offers no editing to staff, nor to the leader once the agreement is no draft', async () => {
    const staff = await openPage(STAFF, `/tab/?agreement=${draftId}`);
    await staff.page.getByTestId('goal-row').first().waitFor();
    await permissionsApplied(staff.page);
    expect(await staff.page.getByTestId('add-goal').count()).toBe(0);
    expect(await staff.page.getByTestId('edit-budget').count()).toBe(0);
    await staff.page.context().close();
    const leader = await openPage(LEADER, `/tab/?agreement=${LAST_YEAR}`);
    await leader.page.getByTestId('goal-row').first().waitFor();
    await permissionsApplied(leader.page);
    expect(await leader.page.getByTestId('add-goal').count()).toBe(0);
    expect(await leader.page.getByTestId('item-tools').count()).toBe(0);
    await leader.page.context().close();
  });
});
