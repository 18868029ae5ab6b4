import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeContext } from '../../api/core/context';
import { importOrganisation } from '../../api/core/services/transfer';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { systemActor } from '../../teams-app/system-actor';
import { startMain, type MainProcess } from '../support/main-process';
import { smallMunicipality, tempDir } from '../support/mother';
import { startRedis, type RedisServer } from '../support/redis';
import { startOpenIdStandin, TEAMS_CLIENT, TEAMS_SECRETS, TEAMS_TENANT, type OpenIdStandin } from '../support/teams-mode';
import { axeScan, launchChromium, screenshotPath } from './browser';
import { openSeat, tab, tabFrame, teamsPerson } from './teams-standin';

/**
 * A dialogue meeting in Chromium, with a stand-in for the Teams host (tests/e2e/teams-standin.ts: `getContext`
 * answers `frameContext` `sidePanel` or `meetingStage` and the meeting id, as teams-js documents), against two real
 * server processes (Teams sign-in) over one SQLite file, joined by a real redis-server: presenter and attendee in
 * two browser contexts. The link for a new meeting is Teams' documented scheduling link
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-workflow#deep-link-to-open-a-meeting-scheduling-dialog).
 */

const tmp = tempDir();
let redis: RedisServer;
let openId: OpenIdStandin;
let browser: Browser;
let a: MainProcess;
let b: MainProcess;
let urlA: string;
let urlB: string;
const OTHER_MEETING = '19:meeting_T3RoZXJNZWV0aW5n@thread.v2';
const AGREEMENT = 'testby-skole-2026';

function startInstance(dbPath: string): MainProcess {
  return startMain({
    NODE_ENV: 'production',
    AUTH_MODE: 'teams',
    DB_PATH: dbPath,
    AAD_APP_CLIENT_ID: TEAMS_CLIENT,
    ALLOWED_TENANT_IDS: TEAMS_TENANT,
    OPENID_CONFIGURATION_URL: openId.configurationUrl,
    BOT_ID: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    BOT_TENANT_ID: TEAMS_TENANT,
    REMINDERS: 'off',
    DEMO_DATA: 'off',
    REDIS_URL: redis.url,
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...TEAMS_SECRETS,
  });
}

beforeAll(async () => {
  redis = await startRedis();
  openId = await startOpenIdStandin();
  const dbPath = join(tmp.dir, 'meeting.db');
  const store = openSqliteStore(dbPath);
  const doc = smallMunicipality();
  // A second goal to move to.
  (doc.goals as Record<string, unknown>[]).push({
    id: 'testby-goal-2',
    unitId: 'testby-skole',
    agreementId: AGREEMENT,
    levelId: 'testby-level-2',
    year: 2026,
    title: 'Trivslen stiger i udskolingen',
    origin: 'own',
    kind: 'effect',
  });
  // The people store knows the leader's and the chief's e-mail addresses; the agreement names the user board's chair
  // (a person without an address) and the works council as an office; the wheel has a dialogue meeting in March.
  for (const p of doc.people as { id: string; email?: string }[])
    if (p.id === 'testby-leder') p.email = 'lone.leder@testby.dk';
    else if (p.id === 'testby-chef') p.email = 'carl.chef@testby.dk';
  (doc.people as Record<string, unknown>[]).push({ id: 'testby-formand', displayName: 'Bent Bestyrelse' });
  (doc.agreements as Record<string, unknown>[])[0]!.parties = [
    { role: 'board_chair', name: 'Bent Bestyrelse', personId: 'testby-formand' },
    { role: 'works_council_deputy', title: 'MED-udvalget ved Østre Skole' },
  ];
  (doc.wheelEvents as Record<string, unknown>[]).push({
    id: 'testby-dialog-q1',
    unitId: 'testby-skole',
    year: 2026,
    date: '2026-03-10',
    month: 3,
    title: { da: 'Dialogmøde om kvalitetsaftalen', sv: 'Dialogmöte om verksamhetsplanen', en: 'Dialogue meeting on the agreement' },
    kind: 'dialogue_meeting',
  });
  await importOrganisation(makeContext(store.forTenant(TEAMS_TENANT), systemActor(TEAMS_TENANT)), doc);
  await store.close();
  a = startInstance(dbPath);
  b = startInstance(dbPath);
  [urlA, urlB] = await Promise.all([a.url, b.url]);
  // The stand-in for Teams is on a public origin (teams.microsoft.com) and frames the servers on 127.0.0.1: Chromium's
  // Private Network Access would refuse that frame (in production the app is public too), so it is switched off here.
  browser = await launchChromium([
    '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessForNavigations,PrivateNetworkAccessForWorkers,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await openId?.stop();
  await redis?.stop();
  tmp.remove();
});

/** A browser context for one person: Teams (the stand-in) signs them in with their own token. */
const personContext = (personId: string) => teamsPerson(browser, openId, personId);
const open = openSeat;
/** Waits until `ok` holds, polling; fails naming `what` after `timeout`. */
async function until(ok: () => Promise<boolean>, what: string, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * How long a change takes to reach another participant, measured in the browsers on the machine's one clock
 * (Date.now() in Chromium and in the server processes): from the presenter's pointerdown in the tab to the moment
 * the attendee's tab has the change in its DOM (a MutationObserver armed before the click), and from the server's
 * commit of the change (the session's `updatedAt` in the answer to the presenter's request) to the same moment.
 * What Playwright adds around a click (its waiting for the element, its polling for the result) is not counted.
 */
async function timed(from: Page, to: Page, expected: { selector: string; text: string }, act: () => Promise<unknown>) {
  const seen = tabFrame(to).evaluate(
    ({ selector, text, timeout }) =>
      new Promise<number>((resolve, reject) => {
        const found = () => [...document.querySelectorAll(selector)].some((e) => e.textContent?.includes(text));
        if (found()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (!found()) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(() => reject(new Error(`"${text}" did not appear in ${selector} within ${timeout} ms`)), timeout);
      }),
    { ...expected, timeout: 15_000 },
  );
  const clicked = tabFrame(from).evaluate(
    () => new Promise<number>((resolve) => document.addEventListener('pointerdown', () => resolve(Date.now()), { capture: true, once: true })),
  );
  const answer = from.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/changes'), { timeout: 15_000 });
  await act();
  const [seenAt, clickedAt, committed] = await Promise.all([seen, clicked, answer.then(async (r) => (await r.json()) as { updatedAt: string })]);
  const committedAt = Date.parse(committed.updatedAt);
  return { clickMs: seenAt - clickedAt, commitMs: seenAt - committedAt };
}

it('the presenter moves to a goal and records a decision; the attendee on the other instance sees both (times printed)', async () => {
  const presenter = await personContext('testby-leder');
  const attendee = await personContext('testby-chef');
  const panel = await open(presenter, { frame: 'sidePanel', server: urlA, query: 'unit=testby-skole', presenter: true });
  const stage = await open(presenter, { frame: 'meetingStage', server: urlA, query: `agreement=${AGREEMENT}`, presenter: true });
  const watching = await open(attendee, { frame: 'meetingStage', server: urlB, query: `agreement=${AGREEMENT}`, presenter: false });

  // The side panel: the agenda with both goals, Share to stage for the presenter.
  await tab(panel).getByTestId('agenda-goal').nth(1).waitFor({ timeout: 30_000 });
  await tab(panel).getByRole('button', { name: 'Del på mødeskærmen' }).click();
  for (let i = 0; i < 100 && !presenter.shared.length; i++) await new Promise((r) => setTimeout(r, 50));
  expect(presenter.shared[0]).toBe(`${urlA}/tab/?agreement=${AGREEMENT}`);
  // The attendee is not a presenter: no sharing, no moving.
  await tab(watching).getByTestId('meeting-stage').waitFor({ timeout: 30_000 });
  expect(await tab(watching).getByRole('button', { name: 'Næste mål' }).count()).toBe(0);
  await tab(watching).getByText('Live', { exact: true }).waitFor();
  await tab(stage).getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });

  // The presenter's side panel and stage are two pages of one browser context here, while Teams shows both in one
  // window. Chromium gives the page behind no animation frames, and Playwright's click waits for frames (the element must
  // be "stable"): a click in the page behind took 1.6–2.1 s before its pointerdown even fired (measured; from the
  // pointerdown to the attendee's DOM it was 0.13 s). A person clicks in the window in front: so does the test.
  // The first change after the instances start pays for cold code paths: measured and printed, not bounded.
  await panel.bringToFront();
  const first = await timed(panel, panel, { selector: '[aria-current="step"]', text: 'Flere elever læser alderssvarende' }, () =>
    tab(panel).getByRole('button', { name: 'Vis for alle: Flere elever læser alderssvarende' }).click(),
  );

  // The presenter moves to the second goal from the side panel…
  const move = await timed(panel, watching, { selector: 'h1', text: 'Trivslen stiger i udskolingen' }, () =>
    tab(panel).getByRole('button', { name: 'Vis for alle: Trivslen stiger i udskolingen' }).click(),
  );

  // …and records a decision on the stage.
  await stage.bringToFront();
  await tab(stage).getByRole('heading', { name: 'Trivslen stiger i udskolingen', level: 1 }).waitFor();
  await tab(stage).getByRole('textbox', { name: 'Beslutning' }).fill('Trivselsmåling hvert halve år');
  await tab(stage).getByRole('combobox', { name: 'Bliver til' }).click();
  await tab(stage).getByRole('option', { name: 'Kun til referat' }).click();
  const decide = await timed(stage, watching, { selector: '[data-testid="meeting-decision"]', text: 'Trivselsmåling hvert halve år' }, () =>
    tab(stage).getByRole('button', { name: 'Registrér beslutning' }).click(),
  );
  console.log(
    `meeting e2e (two instances, Redis, Chromium), from the presenter's click to the attendee's DOM (from the server's commit): ` +
      `goal move ${move.clickMs} ms (${move.commitMs} ms), decision ${decide.clickMs} ms (${decide.commitMs} ms); first change after start ${first.clickMs} ms`,
  );
  // Issue 19: every participant sees a change within 1 second.
  expect(move.clickMs).toBeLessThan(1000);
  expect(decide.clickMs).toBeLessThan(1000);
  await panel.screenshot({ path: screenshotPath('meeting-side-panel.png') });
  await watching.screenshot({ path: screenshotPath('meeting-stage.png') });

  // A note saves as it is typed (no leaving the field) and appears for the others; written by two at once, in
  // different places, both texts are kept and neither writer's cursor jumps (their words stay in one piece).
  const attendeeNote = tab(watching).getByRole('textbox', { name: 'Noter til målet' });
  const presenterNote = tab(stage).getByRole('textbox', { name: 'Noter til målet' });
  await attendeeNote.click();
  const sent = Date.now();
  await attendeeNote.pressSequentially('Trivslen måles i 7.-9. klasse', { delay: 30 });
  await until(async () => (await presenterNote.inputValue()) === 'Trivslen måles i 7.-9. klasse', "the note on the presenter's stage");
  const noteMs = Date.now() - sent;
  await presenterNote.click();
  await presenterNote.press('Control+Home');
  await Promise.all([attendeeNote.pressSequentially(' hvert halve år', { delay: 90 }), presenterNote.pressSequentially('Aftalt: ', { delay: 90 })]);
  const both = 'Aftalt: Trivslen måles i 7.-9. klasse hvert halve år';
  await until(async () => (await presenterNote.inputValue()) === both && (await attendeeNote.inputValue()) === both, 'both texts in both notes');
  console.log(`meeting e2e: a typed note reached the presenter ${noteMs} ms after the first key (typing took part of it)`);

  // A late joiner sees the current state at once.
  const late = await personContext('testby-medarbejder');
  const lateStage = await open(late, { frame: 'meetingStage', server: urlB, query: `agreement=${AGREEMENT}`, presenter: false });
  await tab(lateStage).getByRole('heading', { name: 'Trivslen stiger i udskolingen', level: 1 }).waitFor({ timeout: 30_000 });
  await tab(lateStage).getByTestId('meeting-decision').filter({ hasText: 'Trivselsmåling hvert halve år' }).waitFor();

  // A participant of another meeting on the same agreement sees nothing of it: the agenda's first goal, no decisions.
  const elsewhere = await personContext('testby-leder');
  const otherStage = await open(elsewhere, {
    frame: 'meetingStage',
    server: urlB,
    query: `agreement=${AGREEMENT}`,
    presenter: true,
    meetingId: OTHER_MEETING,
  });
  await tab(otherStage).getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
  await tab(otherStage).getByRole('heading', { name: 'Flere elever læser alderssvarende', level: 1 }).waitFor();
  expect(await tab(otherStage).getByTestId('meeting-decision').count()).toBe(0);

  // Killing the presenter's instance loses no saved decision: the attendee's instance still has it, and a fresh page shows it.
  a.child.kill('SIGKILL');
  await a.exit;
  await watching.reload();
  await tab(watching).getByTestId('meeting-decision').filter({ hasText: 'Trivselsmåling hvert halve år' }).waitFor({ timeout: 30_000 });
  await tab(watching).getByRole('heading', { name: 'Trivslen stiger i udskolingen', level: 1 }).waitFor();
  for (const c of [presenter, attendee, late, elsewhere]) await c.close();
}, 180_000);

it('side panel and stage have no serious or critical axe violation in the three Teams themes', async () => {
  const person = await personContext('testby-leder');
  const found: string[] = [];
  for (const theme of ['default', 'dark', 'contrast'])
    for (const frame of ['sidePanel', 'meetingStage'] as const) {
      const page = await open(person, {
        frame,
        server: urlB,
        query: frame === 'sidePanel' ? 'unit=testby-skole' : `agreement=${AGREEMENT}`,
        presenter: true,
        theme,
      });
      await tab(page)
        .getByTestId(frame === 'sidePanel' ? 'meeting-side-panel' : 'meeting-stage')
        .waitFor({ timeout: 30_000 });
      await tab(page).getByText('Live', { exact: true }).waitFor();
      // Fluent's focus-trap elements (tabster) are excluded exactly: Microsoft treats them as by design (microsoft/fluentui 27517).
      const result = await axeScan(page).exclude('[data-tabster-dummy]').analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
        found.push(`${frame}/${theme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      await page.close();
    }
  await person.close();
  expect(found).toEqual([]);
}, 180_000);

it("the wheel's dialogue meeting schedules the Teams meeting: subject, time, the dialogue map's people as attendees, the agreement in the details", async () => {
  const leader = await personContext('testby-leder');
  const page = await open(leader, { frame: 'content', server: urlB, query: 'view=wheel&unit=testby-skole&year=2026', presenter: false });
  await tab(page).getByRole('button', { name: 'Planlæg Teams-møde' }).click({ timeout: 30_000 });
  const plan = tab(page).getByTestId('meeting-plan');
  const invitees = plan.getByTestId('meeting-plan-invitees');
  // The dialogue map: the unit's leader and chief by address, the user board's chair (no address) and the works
  // council to invite by hand, the staff; the council and the citizens to consider, not ticked.
  await invitees.getByText('lone.leder@testby.dk').waitFor({ timeout: 30_000 });
  for (const text of [
    'carl.chef@testby.dk',
    'Bent Bestyrelse (Brugerbestyrelsen)',
    'MED-udvalget ved Østre Skole',
    'Medarbejderne i Østre Skole',
    'Byråd og fagudvalg',
  ])
    await invitees.getByText(text, { exact: false }).first().waitFor();
  expect(await plan.getByRole('checkbox', { name: /Byråd og fagudvalg/ }).isChecked()).toBe(false);
  expect(await plan.getByRole('checkbox', { name: /Carl Chef/ }).isChecked()).toBe(true);
  await page.screenshot({ path: screenshotPath('meeting-plan.png') });
  // The chief is not invited this time; the meeting runs 13:00–14:30.
  await plan.getByRole('checkbox', { name: /Carl Chef/ }).uncheck();
  await plan.getByLabel('Starttid').fill('13:00');
  await plan.getByLabel('Sluttid').fill('14:30');
  await plan.getByRole('button', { name: 'Åbn planlægningen i Teams' }).click();
  for (let i = 0; i < 100 && !leader.opened.length; i++) await new Promise((r) => setTimeout(r, 50));
  const link = new URL(leader.opened[0]!);
  expect(link.origin + link.pathname).toBe('https://teams.microsoft.com/l/meeting/new');
  expect(link.search).not.toContain('+');
  expect(link.searchParams.get('subject')).toBe('Dialogmøde om kvalitetsaftalen: Kvalitetsaftale 2026 for Østre Skole');
  expect(link.searchParams.get('startTime')).toBe('2026-03-10T13:00:00+01:00');
  expect(link.searchParams.get('endTime')).toBe('2026-03-10T14:30:00+01:00');
  expect(link.searchParams.get('attendees')).toBe('lone.leder@testby.dk');
  expect(link.searchParams.get('content')).toContain(`${urlB}/tab/?agreement=${AGREEMENT}`);
  await plan.getByRole('status').filter({ hasText: 'Tilføj appen' }).waitFor();
  await leader.close();
}, 120_000);
