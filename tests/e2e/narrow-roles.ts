import { writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { documentFixture } from '../support/document-fixture';
import { handby } from '../support/handby';
import { startTestServer, type TestServer } from '../support/server';
import { axeScan, launchChromium, quiet, screenshotPath } from './browser';
import { ASSENS, DOKBY, overflow, THEMES, withTarget } from './narrow-support';

/**
 * Every view of each role, as the role sees it (issue 18, points 9 and 10): in a meeting side panel or on Teams mobile,
 * 320 px wide, nothing scrolls sideways and no element sticks out of the window; at 1,280 px and at 320 px, in each of
 * Teams' three themes, axe finds no serious or critical violation, the page throws nothing and logs no error. A
 * screenshot of every view, width and theme lands in test-results/narrow/.
 *
 * The roles are split over the narrow-roles-*.e2e.test.ts files, so that jest runs them side by side. Each role has one
 * page, used as a person uses the tab: the theme is set when the tab loads (outside Teams it follows ?theme=, read
 * once), so the page loads once per theme; from there it goes from view to view as the browser's back and forward do
 * (the history entry and its popstate event), and the window is resized between 320 and 1,280 px. Which width a view
 * is first drawn at alternates from view to view and from theme to theme, so every view is both opened at 320 px
 * and narrowed to it.
 */
export type View = { name: string; path: string; ready: string };
export type Role = { role: string; as: string; lang: 'da' | 'sv'; views: View[] };

const reading = (name: string, path: string, ready: string): View => ({ name, path, ready });
const agreementViews = [
  reading('agreement', `/tab/?agreement=${ASSENS}`, '[data-testid=goal-row]'),
  reading('goal', `/tab/?agreement=${ASSENS}&goal=${ASSENS}-goal-3`, '[data-testid=measurement-chart]'),
  reading('red-thread', `/tab/?view=red-thread&agreement=${ASSENS}`, '[data-testid=thread-goal]'),
];
/** The dashboard and the indicators open where the person works, on the year that has agreements; or on the unit asked. */
const dashboard = (name = 'dashboard', unit = '') => reading(name, `/tab/?view=dashboard${unit}`, '[data-testid=chart-measurements]');
const indicators = (unit = '') => reading('indicators', `/tab/?view=indicators${unit}`, '[data-testid=indicator-row]');
const compare = (indicator: string) => reading('compare', `/tab/?view=compare&indicator=${indicator}`, '[data-testid=compare-row]');

export const ROLES: Role[] = [
  {
    role: 'staff',
    as: 'assens-demo-jobcentret',
    lang: 'da',
    views: [
      reading('home', '/tab/', '[data-testid=unit-card]'),
      ...agreementViews,
      reading('wheel', '/tab/?view=wheel&unit=assens-jobcentret&year=2009', '[data-testid=wheel]'),
      indicators(),
      compare(`${ASSENS}-goal-3-indicator-1`),
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
      dashboard(),
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
      dashboard(),
      indicators('&unit=dokby-enhet'),
      compare('dokby-indicator-2'),
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
      dashboard(),
      reading('setup', '/tab/?view=setup', '[data-testid=goal-levels]'),
      reading('wheel', '/tab/?view=wheel&unit=oesteraaker&year=2026', '[data-testid=wheel-editor]'),
    ],
  },
  {
    // Handby (tests/support/handby.ts): a municipality of areas and units with agreements in every state, so the
    // dashboard has a row per unit and an indicator is shared by two units; its Danish names read in Swedish.
    role: 'handby-quality-office',
    as: 'handby-kvalitet',
    lang: 'sv',
    views: [dashboard(), dashboard('dashboard-area', '&unit=handby-nord&year=2026'), indicators('&unit=handby-u1&year=2026'), compare('handby-i1')],
  },
];

const SIZES = { 320: { width: 320, height: 640 }, 1280: { width: 1280, height: 900 } } as const;

/** The documents every narrow-roles file serves: the demo (with a target on one indicator), Dokåker and Handby. */
export const NARROW_DOCS = () => [...withTarget(), documentFixture(), handby()];

/** Axe's findings of impact serious or critical, Fluent's focus-trap elements left out exactly (microsoft/fluentui#27517). */
async function axe(page: Page): Promise<string[]> {
  // The tab is one document of one origin: axeScan runs axe in it directly and reports violations only.
  const result = await axeScan(page).exclude('[data-tabster-dummy]').analyze();
  return result.violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map(
      (x) =>
        `${x.id}: ${x.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/**
 * Words of a heading that break across two lines (a long Danish or Swedish compound at a large size): a reader sees two
 * words, "Ledelsesinformati" and "on". Each word's boxes (Range.getClientRects) lie on one line or the word is listed.
 */
function brokenWords(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const h of document.querySelectorAll('main :is(h1, h2, h3)')) {
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        for (const m of (n.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(m[0]);
        }
    }
    return out;
  });
}

/** The page once React has drawn what a resize or a navigation asked for (two frames) and nothing moves any more. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  await quiet(page);
}

/**
 * Goes to a view as the browser's back and forward buttons do: a history entry and its popstate event (app.tsx reads
 * the route from the address). What the view shows is waited for: an element of its ready selector that was not there
 * before (the elements the last view had are marked first).
 */
async function goTo(page: Page, url: string, ready: string): Promise<void> {
  await page.evaluate(
    ({ url, ready }) => {
      for (const el of document.querySelectorAll(ready)) el.setAttribute('data-narrow-before', '');
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    },
    { url, ready },
  );
  await page.locator(`${ready}:not([data-narrow-before])`).first().waitFor();
}

/**
 * The narrow suites' test server (NARROW_DOCS, the clock at 25 November 2026) and Chromium, started before the file's
 * tests and stopped after them. Read them from the object returned, once beforeAll has run.
 */
export function narrowServer(): { server: TestServer; browser: Browser } {
  const started = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    started.server = await startTestServer(NARROW_DOCS(), { tabDist: TAB_DIST, now: () => new Date('2026-11-25T09:00:00Z') });
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.stop();
  });
  return started;
}

/** The tests of the roles named, each with its own page, in one server and one Chromium. */
export function narrowRoles(names: readonly string[]): void {
  const started = narrowServer();

  for (const name of names) {
    const r = ROLES.find((x) => x.role === name)!;
    describe(r.role, () => {
      let context: BrowserContext;
      let page: Page;
      const errors: string[] = [];
      beforeAll(async () => {
        context = await started.browser.newContext({ viewport: SIZES[320], locale: r.lang === 'sv' ? 'sv-SE' : 'da-DK' });
        page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      });
      afterAll(() => context?.close());

      THEMES.forEach((theme, t) =>
        it(`${r.role}: every view fits 320 px without sideways scrolling, and axe finds nothing serious at 320 and 1,280 px (${theme} theme)`, async () => {
          const problems: unknown[] = [];
          const q = new URLSearchParams({ lang: r.lang, as: r.as, ...(theme === 'default' ? {} : { theme }) });
          let width: 320 | 1280 = t % 2 ? 1280 : 320;
          await page.setViewportSize(SIZES[width]);
          for (const [i, v] of r.views.entries()) {
            errors.length = 0;
            const url = `${v.path}${v.path.includes('?') ? '&' : '?'}${q}`;
            if (i === 0) {
              await page.goto(`${started.server.url}${url}`);
              await page.locator(v.ready).first().waitFor();
            } else await goTo(page, url, v.ready);
            await settled(page);
            // The width it was drawn at first, then the other.
            for (const w of [width, width === 320 ? 1280 : 320] as const) {
              if (w !== width) {
                await page.setViewportSize(SIZES[w]);
                await settled(page);
                width = w;
              }
              await page.screenshot({ path: screenshotPath(`narrow/${r.role}-${v.name}-${w}-${theme}.png`), fullPage: true });
              if (w === 320) {
                const o = await overflow(page);
                if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ view: v.name, width: w, ...o });
                const broken = await brokenWords(page);
                if (broken.length) problems.push({ view: v.name, width: w, brokenWords: broken });
              }
              const bad = await axe(page);
              if (bad.length) problems.push({ view: v.name, width: w, axe: bad });
            }
            if (errors.length) problems.push({ view: v.name, errors: [...errors] });
          }
          // Kept beside the screenshots while looking into a failure.
          writeFileSync(screenshotPath(`narrow/problems-${r.role}-${theme}.json`), JSON.stringify(problems, null, 2));
          expect(problems).toEqual([]);
        }, 240_000),
      );
    });
  }
}
