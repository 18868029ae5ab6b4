import type { Browser, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { apiIdle, axeScan, launchChromium, permissionsApplied, quiet, screenshotPath, watchApi } from './browser';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { markUndeliverable, planIntoOutbox, UNDELIVERABLE } from '../../api/core/services/outbox';
import { makeContext } from '../../api/core/context';
import { systemActor } from '../../teams-app/system-actor';

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
// What a test opened is closed after it: pages left open go on polling the API (every 30 s) and drawing beside
// the tests after them.
afterEach(async () => {
  await Promise.all(browser.contexts().map((c) => c.close()));
});

async function open(path: string, opts: { lang?: string; theme?: string; as?: string } = {}): Promise<Page> {
  // A context of its own per page: pages do not share storage.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: opts.lang === 'sv' ? 'sv-SE' : opts.lang === 'en' ? 'en-GB' : 'da-DK',
  });
  const page = await context.newPage();
  watchApi(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  const q = new URLSearchParams({ lang: opts.lang ?? 'da', ...(opts.theme ? { theme: opts.theme } : {}), as: opts.as ?? 'silkeborg-michael-maaloe' });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}${q}`);
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

/** The API as the leader of Silkeborg Borgerservice (a colleague, in the conflict test). */
const api = (path: string, init: RequestInit = {}, user = 'silkeborg-xxxxxxx-xxxxxx') =>
  fetch(`${server.url}/api${path}`, {
    ...init,
    headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
  });

describe('the tab in Chromium', () => {
  it('opens the Silkeborg agreement from the seeds, laid out as the writing guide orders it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(`${server.url}/tab/?agreement=silkeborg-borgerservice-2015&lang=da&as=silkeborg-michael-maaloe`);
    await page.getByRole('heading', { level: 1, name: 'Aftale mellem Borgerservice og Michael Maaløe' }).waitFor();
    await page.getByTestId('goal-row').first().waitFor();
    const ms = Date.now() - started;
    // Printed, not asserted: a timed assertion fails on a loaded machine. The render time is a goal of the
    // benchmark (npm run bench: the tab's render time in Chromium, on the large municipality).
    console.log(`agreement view rendered ${ms} ms after navigation (loopback, embedded store)`);
    expect((await page.getByTestId('budget').innerText()).replace(/\u00a0/g, ' ')).toBe('21.848.850 kr.');
    expect(await page.getByTestId('goal-row').count()).toBe(3);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    // The writing guide's sections in its order, then the tools: the spreadsheet panel and the agreement's history.
    expect(headings).toEqual(['Beskrivelse af enheden', 'Rammebetingelser', 'Mål', 'Øvrige afsnit', 'Regneark', 'Aftalens forløb']);
    await expect(page.getByText('Vi åbner døre til nye muligheder').isVisible()).resolves.toBe(true);
  });

  it('shows shared goals apart from own goals, with the unit they come from (Høje-Taastrup)', async () => {
    const page = await open('/tab/?agreement=hoeje-taastrup-team-myndighed-2016');
    await page.getByTestId('goal-row').first().waitFor();
    const h3 = await page.getByRole('heading', { level: 3 }).allInnerTexts();
    expect(h3).toEqual(expect.arrayContaining(['Fælles mål', 'Øvrige mål']));
    expect(await page.getByTestId('goal-row').count()).toBe(6);
  });

  it('lets staff change the status of an action', async () => {
    const page = await open('/tab/?agreement=silkeborg-borgerservice-2015&goal=silkeborg-borgerservice-2015-goal-1', { as: 'silkeborg-demo-borgerservice' });
    const row = page.getByTestId('action-row').first();
    await row.getByRole('combobox').click();
    await page.getByRole('option', { name: 'I gang' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemt' }).waitFor();
    const actions = await (await api('/actions?goalId=silkeborg-borgerservice-2015-goal-1&limit=50')).json();
    expect(actions.items.map((a: { status: string }) => a.status)).toContain('in_progress');
  });

  it('takes a measurement with a comment, says what is wrong with bad values, and updates chart and status', async () => {
    const page = await open('/tab/?agreement=assens-jobcentret-2009&goal=assens-jobcentret-2009-goal-3', { as: 'assens-leder-jobcentret' });
    const panel = page.getByTestId('indicator').first();
    await panel.getByTestId('measurement-chart').waitFor();
    expect(await panel.getByTestId('chart-point').count()).toBe(6);
    await expect(panel.getByTestId('late-count').innerText()).resolves.toBe('6 forsinkede målinger');
    const value = panel.getByLabel(/Værdi/);
    await value.fill('abc');
    await panel.getByRole('button', { name: 'Indberet' }).click();
    await panel.getByText('Skriv et tal, fx 87 eller 87,5.').waitFor();
    await value.fill('150');
    await panel.getByRole('button', { name: 'Indberet' }).click();
    await panel.getByText('værdien er over den højeste tilladte').waitFor();
    await value.fill('70,5');
    await panel.getByLabel('Kommentar').fill('Indtastet i fanen');
    await panel.getByRole('button', { name: 'Indberet' }).click();
    await panel.getByText('70,5 % indberettet for juli 2009').waitFor();
    await until(async () => (await panel.getByTestId('chart-point').count()) === 7);
    await expect(panel.getByTestId('late-count').innerText()).resolves.toBe('5 forsinkede målinger');
    const stored = await (await api('/indicators/assens-jobcentret-2009-goal-3-indicator-1/measurements?limit=50')).json();
    expect(stored.items.find((m: { period: string }) => m.period === '2009-07')).toMatchObject({ value: 70.5, comment: 'Indtastet i fanen', source: 'tab' });
    // The goal view reports with the home view's form: the value just reported is listed with its comment.
    await panel
      .getByTestId('report-history')
      .getByText(/Indtastet i fanen/)
      .waitFor();
    // Who entered each value and what it replaced load when the full history is opened.
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    await panel.getByText('Alle målinger med kommentarer og rettelser').click();
    const history = panel.getByTestId('measurement-history');
    await history.waitFor();
    await history.getByText('Indtastet i fanen').waitFor();
    expect(asked.some((u) => u.includes('/api/indicators/assens-jobcentret-2009-goal-3-indicator-1/measurements'))).toBe(true);
    expect(await history.locator('tbody tr').count()).toBe(7);
  });

  it('shows both versions when someone else changed the same text first, and keeps the one the user chooses', async () => {
    const page = await open('/tab/?agreement=silkeborg-borgerservice-2015&goal=silkeborg-borgerservice-2015-goal-2', { as: 'silkeborg-xxxxxxx-xxxxxx' });
    // The agreement is in effect: its results (point 7) stay open for follow-up.
    await page.getByRole('button', { name: 'Redigér: 7. Resultater' }).click();
    const goal = await (await api('/goals/silkeborg-borgerservice-2015-goal-2')).json();
    const other = await api(`/goals/${goal.id}`, {
      method: 'PATCH',
      headers: { 'If-Match': `"${goal.revision}"` },
      body: JSON.stringify({ schema: { ...goal.schema, results: 'Ændret af en kollega' } }),
    });
    expect(other.status).toBe(200);
    await page.getByRole('textbox', { name: '7. Resultater' }).fill('Min formulering af fokuspunkterne');
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByText('En anden har ændret det samme').waitFor();
    await expect(page.getByTestId('conflict-mine').innerText()).resolves.toBe('Min formulering af fokuspunkterne');
    await expect(page.getByTestId('conflict-theirs').innerText()).resolves.toBe('Ændret af en kollega');
    await page.screenshot({ path: screenshotPath('tab/conflict-da.png') });
    await page.getByRole('button', { name: 'Behold min' }).click();
    await page.getByText('Min formulering af fokuspunkterne').first().waitFor();
    const after = await (await api('/goals/silkeborg-borgerservice-2015-goal-2')).json();
    expect(after.schema.results).toBe('Min formulering af fokuspunkterne');
    expect(after.revision).toBe(goal.revision + 2);
  });

  it('takes an agreement through a new version, submission and the chief’s approval, with differences and the audit trail', async () => {
    const leader = await open('/tab/?agreement=hoeje-taastrup-team-myndighed-2016', { as: 'hoeje-taastrup-henrik-joern-otto' });
    await leader.getByRole('button', { name: 'Ny version' }).click();
    await leader.getByRole('button', { name: 'Indsend til godkendelse' }).waitFor();
    await leader.getByRole('button', { name: 'Indsend til godkendelse' }).click();
    await leader.getByTestId('versions').waitFor();
    await leader.getByTestId('diff').getByText('Ingen forskelle i mål eller budget').waitFor();
    const chief = await open('/tab/?agreement=hoeje-taastrup-team-myndighed-2016', { as: 'hoeje-taastrup-susanne-strandkjaer' });
    await chief.getByRole('button', { name: 'Godkend' }).click();
    await chief.getByRole('button', { name: 'Underskriv' }).waitFor();
    // The audit trail reads as sentences: names, not ids; statuses in Danish.
    await chief
      .getByTestId('audit')
      .getByText(/Susanne Strandkjær godkendte aftalen\./)
      .first()
      .waitFor();
    await chief
      .getByTestId('audit')
      .getByText(/flyttede aftalen fra gældende til kladde/)
      .first()
      .waitFor();
    expect(await chief.getByTestId('audit').innerText()).not.toMatch(/hoeje-taastrup-|in_effect|draft|submitted/);
    await chief.screenshot({ path: screenshotPath('tab/lifecycle-da.png'), fullPage: true });
    const a = await (await api('/agreements/hoeje-taastrup-team-myndighed-2016')).json();
    expect(a).toMatchObject({ status: 'approved', version: 2 });
  });

  it('shows on the annual wheel how each event’s reminder campaign stands', async () => {
    // Plan the reminders due on 25 November 2026 into the outbox, as the daily planning tick does.
    const store = openSqliteStore(server.dbPath);
    const tenant = store.forTenant('demo');
    const { created } = await planIntoOutbox(makeContext(tenant, systemActor('demo'), () => new Date('2026-11-25T08:00:00Z')));
    expect(created).toBeGreaterThan(0);
    // One of them could not be delivered: the person blocked the app (as the dispatcher records a 403).
    const wheelReminders = (await tenant.listAll('reminder', {})).filter((r) => r.type === 'wheel').sort((a, b) => a.id.localeCompare(b.id));
    const blocked = wheelReminders[0]!;
    await markUndeliverable(tenant, blocked, new Date('2026-11-25T08:05:00Z'), 'given_up', `${UNDELIVERABLE.blocked}: 403 BotDisabledByAdmin`);
    const blockedName = (await tenant.get('person', blocked.recipientId))?.displayName ?? blocked.recipientId;
    await store.close();
    const page = await open('/tab/?view=wheel&unit=oesteraaker-budget-och-kvalitetsenheten&year=2026', { lang: 'sv', as: 'oesteraaker-demo-kvalitet' });
    await page.getByTestId('campaign').first().waitFor();
    const campaigns = await page.getByTestId('campaign').allInnerTexts();
    expect(campaigns.join('\n')).toMatch(/Påminnelser: \d+ planerade?, 0 skickade, \d+ väntar, \d+ misslyckade?/); // one reminder: "1 planerad"
    // The quality office sees who was not reached, and why, in its language.
    const failed = page.getByTestId('campaign').filter({ hasText: '1 misslyckad' }); // singular since the plurals (was "1 misslyckade")
    expect(await failed.innerText()).toContain('Inte nådda (appen är blockerad eller borttagen): 1');
    await failed.getByTestId('campaign-unreachable').locator('summary').click();
    expect(await failed.getByTestId('campaign-unreachable').innerText()).toContain(`${blockedName} · appen är blockerad eller borttagen`);
    await page.screenshot({ path: screenshotPath('tab/wheel-campaigns-sv.png'), fullPage: true });
  });

  it('lets the quality office edit the annual wheel (an event added with its title in three languages, audited); a leader gets no editor', async () => {
    const page = await open('/tab/?view=wheel&unit=oesteraaker&year=2026', { lang: 'sv', as: 'oesteraaker-demo-kvalitet' });
    await page.getByTestId('wheel-editor').waitFor();
    // One event at a time, in a dialog: Add opens an empty one.
    await page.getByTestId('wheel-editor').getByRole('button', { name: 'Lägg till' }).click();
    const editor = page.getByRole('dialog');
    await editor.waitFor();
    await editor.getByLabel('new sv', { exact: true }).fill('Medarbetarenkät');
    await editor.getByLabel('new da', { exact: true }).fill('Medarbejderundersøgelse');
    await editor.getByLabel('new en', { exact: true }).fill('Staff survey');
    // An exact day (the month follows it), who is reminded, and what it asks for.
    await editor.getByLabel('new Datum (valfritt)').fill('2026-11-12');
    await editor.getByLabel('new Målgrupp').click();
    // A multiselect's options are checkboxes in a menu (Fluent UI).
    await page.getByRole('menuitemcheckbox', { name: 'Enhetschefer', exact: true }).click(); // leaders were preselected: off (the unit leader is "enhetschef", was "Chefer")
    await page.getByRole('menuitemcheckbox', { name: 'Medarbetare' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Kvalitetsenheten' }).click();
    await page.keyboard.press('Escape');
    await editor.getByLabel('new Begär').click();
    await page.getByRole('option', { name: 'Rapportera mätningar' }).click();
    expect(await editor.getByLabel('new Månad').innerText()).toContain('november');
    await page.screenshot({ path: screenshotPath('tab/wheel-editor-sv.png') });
    const box = await editor.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    expect(box!.y + box!.height).toBeLessThanOrEqual(900);
    await editor.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByRole('status').filter({ hasText: 'Sparat' }).waitFor();
    const events = await (await api('/wheel-events?unitId=oesteraaker&year=2026&limit=200')).json();
    const added = events.items.find((e: { title: { sv?: string } }) => e.title.sv === 'Medarbetarenkät');
    expect(added).toMatchObject({
      title: { da: 'Medarbejderundersøgelse', sv: 'Medarbetarenkät', en: 'Staff survey' },
      reminderOffsetsDays: [14, 3],
      month: 11,
      date: '2026-11-12',
      audience: ['staff', 'quality_office'],
      action: 'report_measurements',
    });
    const trail = await (await api(`/audit?entityId=${added.id}&limit=5`, {}, 'oesteraaker-demo-kvalitet')).json();
    expect(trail.items[0]).toMatchObject({ action: 'create', actorId: 'oesteraaker-demo-kvalitet' });
    // A leader sees the wheel but not the editor.
    const leader = await open('/tab/?view=wheel&unit=oesteraaker-budget-och-kvalitetsenheten&year=2026', { lang: 'sv', as: 'oesteraaker-mohammed-khoban' });
    await leader.getByTestId('wheel').waitFor();
    await permissionsApplied(leader);
    expect(await leader.getByTestId('wheel-editor').count()).toBe(0);
  });

  it('lets a user register an out-of-office period under "my units", refusing an end before the start', async () => {
    const me = 'silkeborg-demo-borgerservice';
    const page = await open('/tab/', { as: me });
    const pauses = page.getByTestId('pauses');
    await pauses.getByTestId('no-pauses').waitFor();
    await pauses.getByLabel(/^Fra\W*$/).fill('2026-07-20');
    await pauses.getByLabel(/^Til og med\W*$/).fill('2026-07-01');
    await pauses.getByRole('button', { name: 'Tilføj' }).click();
    await pauses.getByText('Slutdatoen må ikke ligge før startdatoen.').waitFor();
    await pauses.getByLabel(/^Fra\W*$/).fill('2026-07-01');
    await pauses.getByLabel(/^Til og med\W*$/).fill('2026-07-20');
    await pauses.getByLabel('Note (valgfri)').fill('Sommerferie');
    await pauses.getByRole('button', { name: 'Tilføj' }).click();
    await pauses.getByRole('status').filter({ hasText: 'Fravær tilføjet: 1. juli 2026 – 20. juli 2026' }).waitFor();
    await pauses.getByTestId('pause-row').filter({ hasText: 'Sommerferie' }).waitFor();
    await pauses.screenshot({ path: screenshotPath('tab/pauses-da.png') });
    const stored = await (await api('/me/pauses', {}, me)).json();
    expect(stored).toEqual([expect.objectContaining({ personId: me, from: '2026-07-01', to: '2026-07-20', note: 'Sommerferie' })]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('shows hostile text as text: script in a goal text is never run', async () => {
    const text = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const goal = await (await api('/goals/silkeborg-borgerservice-2015-goal-3')).json();
    const saved = await api(`/goals/${goal.id}`, {
      method: 'PATCH',
      headers: { 'If-Match': `"${goal.revision}"` },
      body: JSON.stringify({ schema: { ...goal.schema, results: text } }),
    });
    expect(saved.status).toBe(200);
    const page = await open('/tab/?agreement=silkeborg-borgerservice-2015&goal=silkeborg-borgerservice-2015-goal-3', { as: 'silkeborg-xxxxxxx-xxxxxx' });
    await page.getByText(text).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src=x]').count()).toBe(0);
  });

  it('lets the quality office name the agreement sections of the municipality, audited', async () => {
    const page = await open('/tab/?view=setup', { as: 'assens-demo-kvalitet' });
    await page.getByRole('tree').getByText('Assens Kommune', { exact: true }).click();
    await page.getByRole('heading', { name: 'Aftalens afsnit' }).waitFor();
    // The sections' list, beside the goal groups and the fulfilment scale: each "Tilføj" names its list.
    const sections = page.getByTestId('list-agreementSections');
    await page.getByRole('button', { name: 'Tilføj: Aftalens afsnit', exact: true }).click();
    await sections.getByLabel('Nøgle 1').fill('unit-description');
    await sections.getByLabel('Aftalens afsnit 1 (da)').fill('Beskrivelse af enheden');
    await sections.getByLabel('Aftalens afsnit 1 (sv)').fill('Beskrivning av enheten');
    await sections.getByLabel('Aftalens afsnit 1 (en)').fill('Unit description');
    await sections.getByRole('button', { name: 'Gem' }).click();
    await sections.getByText('Gemt').waitFor();
    const unit = await (await api('/units/assens')).json();
    expect(unit.agreementSections).toEqual([
      { key: 'unit-description', title: { da: 'Beskrivelse af enheden', sv: 'Beskrivning av enheten', en: 'Unit description' }, required: false },
    ]);
    const trail = await (await api('/audit?entityId=assens&limit=1', {}, 'assens-demo-kvalitet')).json();
    expect(trail.items[0]).toMatchObject({ action: 'update', actorId: 'assens-demo-kvalitet' });
  });

  it('shows the chief’s send-back comment to the leader on the agreement itself, and offers each person only their moves', async () => {
    // Next year's draft of Jobcentret (2009 stays in effect for the views below).
    const made = await api(
      '/agreements/assens-jobcentret-2009/next-year',
      { method: 'POST', body: JSON.stringify({ carryGoalIds: [] }) },
      'assens-leder-jobcentret',
    );
    expect(made.status).toBe(201);
    const draft = `/tab/?agreement=${((await made.json()) as { id: string }).id}`;
    const leader = await open(draft, { as: 'assens-leder-jobcentret' });
    // Staff see no move at all: nothing offered is bound to be refused.
    const staff = await open(draft, { as: 'assens-demo-jobcentret' });
    await staff.locator('[data-testid="moves"][aria-busy="false"]').waitFor({ state: 'attached' });
    await leader.getByRole('button', { name: 'Indsend til godkendelse' }).click();
    await leader.getByTestId('versions').waitFor();
    await staff.reload();
    await staff.locator('[data-testid="moves"][aria-busy="false"]').waitFor({ state: 'attached' });
    for (const name of ['Indsend til godkendelse', 'Ny version', 'Start årsevaluering', 'Godkend', 'Underskriv'])
      expect(await staff.getByRole('button', { name, exact: true }).count()).toBe(0);
    const chief = await open(draft, { as: 'assens-fagchef' });
    await chief.getByLabel('Kommentar til lederen').fill('Mål 2 mangler en baseline – tilføj den *venligst*.');
    await chief.getByRole('button', { name: 'Send tilbage til ændring' }).click();
    await chief.getByText('Gemt').first().waitFor();
    await leader.reload();
    const bar = leader.getByTestId('sent-back');
    await bar.waitFor();
    const text = await bar.innerText();
    expect(text).toMatch(/sendte aftalen tilbage til ændring/);
    expect(text).toContain('Mål 2 mangler en baseline – tilføj den *venligst*.');
    expect(text).not.toContain('assens-fagchef');
    // Versions and the audit trail name people, never their ids.
    await leader
      .getByTestId('versions')
      .getByText(/af Leder af Jobcentret/)
      .first()
      .waitFor();
    expect(await leader.getByTestId('versions').innerText()).not.toContain('assens-leder-jobcentret');
    await leader
      .getByTestId('audit')
      .getByText(/Fagchef flyttede aftalen fra indsendt til kladde\. Kommentar: Mål 2/)
      .waitFor();
    await leader.getByRole('button', { name: 'Indsend til godkendelse' }).waitFor();
    await leader.screenshot({ path: screenshotPath('tab/sent-back-da.png'), fullPage: true });
  });

  const VIEWS: [string, string, string][] = [
    ['my-units', '/tab/', 'unit-card'],
    ['agreement', '/tab/?agreement=hoeje-taastrup-team-myndighed-2016', 'goal-row'],
    ['goal', '/tab/?agreement=assens-jobcentret-2009&goal=assens-jobcentret-2009-goal-3', 'measurement-chart'],
    ['red-thread', '/tab/?view=red-thread&agreement=assens-jobcentret-2009', 'thread-goal'],
    ['wheel', '/tab/?view=wheel&unit=oesteraaker-budget-och-kvalitetsenheten&year=2026', 'wheel'],
    ['overview', '/tab/?view=overview&unit=storby-adm&year=2026', 'overview-row'],
    ['setup', '/tab/?view=setup', 'dev-sign-in'],
  ];
  for (const theme of ['default', 'dark', 'contrast']) {
    it(`has no serious or critical accessibility violation in any main view (${theme} theme), and saves screenshots`, async () => {
      for (const [name, path, ready] of VIEWS) {
        const page = await open(path.replace('storby-adm', 'hoeje-taastrup').replace('year=2026', name === 'overview' ? 'year=2016' : 'year=2026'), {
          theme: theme === 'default' ? undefined : theme,
          lang: name === 'wheel' ? 'sv' : 'da',
          as: name === 'my-units' ? 'hoeje-taastrup-susanne-strandkjaer' : undefined,
        });
        await page.getByTestId(ready).first().waitFor();
        // Everything the view asked for is in (the setup view's unit panel, the agreement's differences), so that
        // the scan sees the whole view every time, not whatever had arrived.
        await apiIdle(page);
        await quiet(page);
        await page.screenshot({ path: screenshotPath(`tab/${name}-${theme}.png`), fullPage: true });
        // Fluent's focus-trap elements (tabster dummies) are flagged as aria-hidden-focus; Microsoft treats
        // them as by design (microsoft/fluentui#27517). Exactly those are left out; nothing else is.
        const result = await axeScan(page).exclude('[data-tabster-dummy]').analyze();
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect({
          view: name,
          theme,
          violations: bad.map(
            (v) =>
              `${v.id}: ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(' | ')}`,
          ),
        }).toEqual({ view: name, theme, violations: [] });
        expect((page as Page & { errors: string[] }).errors).toEqual([]);
        await page.context().close();
      }
    }, 240_000); // six views with axe each: minutes on a machine loaded by other suites running beside it
  }
});
