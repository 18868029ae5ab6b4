import type { Browser, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { HANDBY, HANDBY_NOW, handby, naboby } from '../support/handby';
import { startTestServer, type TestServer } from '../support/server';
import { axeScan, launchChromium, WCAG_AA, quiet, screenshotPath } from './browser';

/**
 * Issue 20, points 4–6, in Chromium with the mouse: the chief (in Danish) and the quality office (in Swedish) open the
 * dashboard from the home view, drill down to the units of an area, come back up by the way above, and open a chart's
 * table; a staff member of Solsikken opens the indicators of her unit, compares an indicator with the units that share
 * it, and finds a neighbour's draft withheld. Every step passes axe (WCAG 2.0/2.1 A and AA and axe's best practices)
 * in Teams' three themes; a screenshot of each lands in test-results/dashboard/ for a person to look at.
 *
 * The figures are Handby's, worked out by hand in tests/support/handby.ts.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer([handby(), naboby()], { tabDist: TAB_DIST, now: HANDBY_NOW });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const THEMES = ['default', 'dark', 'contrast'] as const;
type Theme = (typeof THEMES)[number];

async function open(as: string, lang: 'da' | 'sv', theme: Theme, path = '/tab/'): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'sv' ? 'sv-SE' : 'da-DK' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && page.errors.push(m.text()));
  const q = new URLSearchParams({ lang, as, ...(theme === 'default' ? {} : { theme }) });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}${q}`);
  return page;
}

/** The view at rest, scanned by axe (nothing found), and photographed. */
async function check(page: Page, name: string): Promise<void> {
  await quiet(page);
  await page.screenshot({ path: screenshotPath(`dashboard/${name}.png`), fullPage: true });
  // Fluent's focus-trap elements (tabster dummies) are flagged as aria-hidden-focus; Microsoft treats them as by
  // design (microsoft/fluentui#27517). Exactly those are left out; nothing else is.
  const result = await axeScan(page).withTags(WCAG_AA).exclude('[data-tabster-dummy]').analyze();
  expect({ name, violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({
    name,
    violations: [],
  });
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** A chart's table, row by row (header first), as shown once its switch is on. */
async function chartTable(page: Page, chart: string): Promise<string[][]> {
  const figure = page.getByTestId(`chart-${chart}`);
  await figure.getByRole('switch').click();
  const table = figure.getByRole('table');
  await table.waitFor();
  return table.evaluate((t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

/** A chart's row as a screen reader reads it: its name and the words under its bar ("I alt På rette kurs 2 · …"). */
async function barWords(page: Page, chart: string, row: string): Promise<string> {
  const li = page.getByTestId(`chart-${chart}`).getByRole('listitem').filter({ hasText: row }).first();
  // The bar between them is hidden from screen readers (its segments' numbers are for the eye).
  return li.evaluate((el) => `${el.firstElementChild?.textContent ?? ''} ${el.lastElementChild?.textContent ?? ''}`.replace(/\s+/g, ' ').trim());
}

describe('the dashboard, with the mouse', () => {
  for (const theme of THEMES) {
    it(`the chief of Børn og Unge, in Danish: from home to the dashboard, down to Dagtilbud Nord, back up, and a chart as a table (${theme} theme)`, async () => {
      const page = await open(HANDBY.chief, 'da', theme);
      await page.getByRole('tab', { name: 'Ledelsesinformation' }).click();
      // The chief's own part of the organisation: Børn og Unge, with the municipality above it.
      await h1(page).filter({ hasText: 'Ledelsesinformation: Børn og Unge' }).waitFor();
      expect(await page.getByText('4 enheder').count()).toBe(1); // Børn og Unge, Dagtilbud Nord, Solsikken, Mælkebøtten
      // A1 on track; G1 on track, G2 off track (I2), G3 achieved, G4 at risk (the draft, which the chief reads).
      expect(await barWords(page, 'goals', 'I alt')).toBe('I alt Opfyldt 1 · På rette kurs 2 · I risiko 1 · Ude af kurs 1');
      expect(await barWords(page, 'measurements', 'I alt')).toBe('I alt Til indberetning 1 · Forsinket 1'); // I2 November | I2 October
      await check(page, `chief-1-boern-og-unge-${theme}`);

      // Down: the area's units, each with its agreement.
      await page.getByRole('button', { name: 'Se enhederne under Dagtilbud Nord' }).first().click();
      await h1(page).filter({ hasText: 'Ledelsesinformation: Dagtilbud Nord' }).waitFor();
      expect(await barWords(page, 'goals', 'Solsikken')).toBe('Solsikken Opfyldt 1 · På rette kurs 1 · Ude af kurs 1');
      expect(await barWords(page, 'goals', 'Mælkebøtten')).toBe('Mælkebøtten I risiko 1');
      expect(await barWords(page, 'indicators', 'Mælkebøtten')).toBe('Mælkebøtten Ingen målværdi 1');
      expect(await page.getByTestId('chart-agreements').getByRole('button', { name: 'Solsikken' }).count()).toBe(1);
      await check(page, `chief-2-dagtilbud-nord-${theme}`);

      // Up again by the way above.
      const way = page.getByRole('navigation', { name: 'Op til Børn og Unge' });
      expect((await way.innerText()).replace(/\s+/g, ' ')).toContain('Handby Kommune');
      await way.getByRole('button', { name: 'Børn og Unge' }).click();
      await h1(page).filter({ hasText: 'Ledelsesinformation: Børn og Unge' }).waitFor();

      // The goals as a table: the same numbers, every one in words.
      expect(await chartTable(page, 'goals')).toEqual([
        ['Enhed', 'Opfyldt', 'På rette kurs', 'I risiko', 'Ude af kurs'],
        ['I alt', '1', '2', '1', '1'],
        ['Børn og Unge (egen aftale)', '0', '1', '0', '0'],
        ['Dagtilbud Nord', '1', '1', '1', '1'],
      ]);
      await check(page, `chief-3-table-${theme}`);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);

    it(`the quality office, in Swedish: the whole municipality, down two levels, back up, and a chart as a table (${theme} theme)`, async () => {
      const page = await open(HANDBY.quality, 'sv', theme);
      await page.getByRole('tab', { name: 'Ledningsinformation' }).click();
      await h1(page).filter({ hasText: 'Ledningsinformation: Handby Kommune' }).waitFor();
      expect(await page.getByText('7 enheter').count()).toBe(1);
      // Agreements: Solsikken and Børn og Unge in effect, Egely approved, Mælkebøtten a draft; none at Handby itself,
      // Dagtilbud Nord and Ældre og Sundhed.
      expect(await barWords(page, 'agreements', 'Totalt')).toBe('Totalt Utkast 1 · Godkänd 1 · Gällande 2 · Ingen verksamhetsplan 3');
      // I1 | I2 | I3 | I4.
      expect(await barWords(page, 'indicators', 'Totalt')).toBe('Totalt Når målvärdet 1 · Når inte målvärdet 1 · Inga mätningar 1 · Inget målvärde 1');
      await check(page, `quality-1-handby-${theme}`);

      await page.getByRole('button', { name: 'Se enheterna under Børn og Unge' }).first().click();
      await h1(page).filter({ hasText: 'Ledningsinformation: Børn og Unge' }).waitFor();
      await page.getByRole('button', { name: 'Se enheterna under Dagtilbud Nord' }).first().click();
      await h1(page).filter({ hasText: 'Ledningsinformation: Dagtilbud Nord' }).waitFor();
      expect(await barWords(page, 'measurements', 'Solsikken')).toBe('Solsikken Att rapportera 1 · Försenad 1');
      await check(page, `quality-2-dagtilbud-nord-${theme}`);

      // Straight back to the top from two levels down.
      await page.getByRole('navigation', { name: 'Upp till Børn og Unge' }).getByRole('button', { name: 'Handby Kommune' }).click();
      await h1(page).filter({ hasText: 'Ledningsinformation: Handby Kommune' }).waitFor();
      expect(await chartTable(page, 'measurements')).toEqual([
        ['Enhet', 'Att rapportera', 'Försenad'],
        ['Totalt', '1', '4'], // I2 November | I2 October; I3 Q1, Q2, Q3
        ['Ældre og Sundhed', '0', '3'],
        ['Børn og Unge', '1', '1'],
      ]);
      await check(page, `quality-3-table-${theme}`);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
  }
});

describe('indicators for everyone, with the mouse', () => {
  for (const theme of THEMES)
    it(`a staff member of Solsikken sees her unit's indicators, compares one with Egely, and finds Mælkebøtten's draft withheld (${theme} theme)`, async () => {
      const page = await open(HANDBY.u1Staff, 'da', theme);
      await page.getByRole('tab', { name: 'Tegn og indikatorer' }).click();
      await h1(page).filter({ hasText: 'Tegn og indikatorer: Solsikken' }).waitFor();
      const rows = page.getByTestId('indicator-row');
      await rows.first().waitFor();
      expect((await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').replace(/\u00a0/g, ' '))).toEqual([
        expect.stringMatching(/^Trivsel blandt børn .*95 % .*Når målværdien Sammenlign med 1 enhed$/),
        expect.stringMatching(/^Sygefravær .*6,2 % .*Under målværdien –$/),
      ]);
      await check(page, `staff-1-indicators-${theme}`);

      await rows.first().getByRole('button', { name: 'Sammenlign med 1 enhed' }).click();
      await h1(page).filter({ hasText: 'Sammenligning: Trivsel blandt børn' }).waitFor();
      // Solsikken first (the one asked), then Egely; not Mælkebøtten's draft, not Naboby.
      const compared = page.getByTestId('compare-row');
      expect((await compared.allInnerTexts()).map((r) => r.split('\n')[0])).toEqual(['Solsikken', 'Plejecenter Egely']);
      await check(page, `staff-2-comparison-${theme}`);

      await page.getByRole('tab', { name: 'Tegn og indikatorer' }).click();
      await h1(page).filter({ hasText: 'Tegn og indikatorer: Solsikken' }).waitFor();
      await page.getByRole('combobox', { name: 'Vælg enhed' }).click();
      await page.getByRole('option', { name: 'Mælkebøtten' }).click();
      await h1(page).filter({ hasText: 'Tegn og indikatorer: Mælkebøtten' }).waitFor();
      await page.getByText('Aftalen er en kladde: dens indikatorer ses kun af enhedens medarbejdere').waitFor();
      // Named, not linked: its page would refuse her.
      expect(await page.getByRole('button', { name: 'Kvalitetsaftale 2026 for Mælkebøtten' }).count()).toBe(0);
      expect(await page.getByTestId('indicator-row').count()).toBe(0);
      await check(page, `staff-3-withheld-${theme}`);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
});

describe('the red thread counts the goals below each goal', () => {
  for (const theme of THEMES)
    it(`a staff member of Solsikken sees the goals below the vision and below Børn og Unge’s goal, Mælkebøtten’s draft left out (${theme} theme)`, async () => {
      const page = await open(HANDBY.u1Staff, 'da', theme, '/tab/?view=red-thread&agreement=handby-u1-2026');
      const below = page.getByTestId('thread-below');
      await below.first().waitFor();
      const words = await below.evaluateAll((els) =>
        els.map((el) => `${el.firstElementChild?.textContent ?? ''} ${el.lastElementChild?.textContent ?? ''}`.replace(/\s+/g, ' ').trim()),
      );
      expect(words).toEqual([
        // The vision: A1, G1, G2, G3, G5, G6 (not G4, in Mælkebøtten's draft).
        'Mål herunder: 6 Opfyldt 1 · På rette kurs 2 · Ude af kurs 1 · Ikke startet 1 · Annulleret 1',
        // A1: G1, G2, G3.
        'Mål herunder: 3 Opfyldt 1 · På rette kurs 1 · Ude af kurs 1',
      ]);
      await check(page, `staff-4-red-thread-${theme}`);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
});
