import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readWorkbook, writeWorkbook } from '../../api/spreadsheet/workbook';
import { HANDBY } from '../support/handby';
import { tempDir } from '../support/mother';
import { permissionsApplied, quiet, screenshotPath } from './browser';
import { narrowServer } from './narrow-roles';
import { ASSENS, axeSerious, DOKBY, overflow, unreachable } from './narrow-support';

/**
 * At 320 px wide (a meeting side panel, Teams mobile; issue 18, point 9) the controls are used, not only looked at: the
 * dashboard's charts switched to tables, the agreement's downloads and spreadsheet import with its preview, and the
 * downloaded HTML document. Every view of each role at 320 and 1,280 px is in narrow-roles-*.e2e.test.ts; the meeting
 * side panel in Teams in narrow-meeting.e2e.test.ts.
 */
const started = narrowServer();

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
  started.browser.newContext({ viewport: { width: 320, height: 640 }, locale: lang === 'sv' ? 'sv-SE' : 'da-DK', acceptDownloads: true });

describe('at 320 px, every control is usable', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  /** The agreement's export with a baseline that is not a number on the row of one of its indicators. */
  async function brokenSheet(agreement: string, as: string, lang: 'da' | 'sv', baselineColumn: string): Promise<string> {
    const headers = { 'X-Dev-User': as, 'Accept-Language': lang };
    const indicators = (
      (await (await fetch(`${started.server.url}/api/indicators?agreementId=${agreement}`, { headers })).json()) as { items: { name: string }[] }
    ).items;
    const res = await fetch(`${started.server.url}/api/agreements/${agreement}/sheet`, { headers });
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
    ['da', HANDBY.chief, 'Vis som tabel'],
    ['sv', HANDBY.quality, 'Visa som tabell'],
  ] as const)(
    "the dashboard (%s): each chart's table, switched on, reads as cards whose every cell names its column; nothing scrolls sideways",
    async (lang, as, switchName) => {
      const problems: unknown[] = [];
      const context = await narrowContext(lang);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${started.server.url}/tab/?view=dashboard&lang=${lang}&as=${as}`);
      const switches = page.getByRole('switch', { name: switchName });
      await page.getByTestId('chart-measurements').waitFor();
      expect(await switches.count()).toBe(4);
      const reach = await unreachable(page, 'main');
      if (reach.length) problems.push({ unreachable: reach });
      for (const s of await switches.all()) await s.click();
      // Each table in its own keyboard-scrollable box (axe's scrollable-region-focusable, fixed in 2939573).
      await page.locator('figure[data-testid^=chart-] [role=region] table').nth(3).waitFor();
      await quiet(page);
      const o = await overflow(page);
      if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ overflow: o });
      const cells = await page.locator('figure[data-testid^=chart-] .fui-TableBody .fui-TableCell').count();
      expect(cells).toBeGreaterThan(0);
      const unlabelled = await unlabelledCells(page, 'figure[data-testid^=chart-]');
      if (unlabelled.length) problems.push({ unlabelled });
      const reachTables = await unreachable(page, 'main');
      if (reachTables.length) problems.push({ unreachableWithTables: reachTables });
      const axe = await axeSerious(page);
      if (axe.length) problems.push({ axe });
      await page.screenshot({ path: screenshotPath(`narrow/dashboard-tables-${lang}-320.png`), fullPage: true });
      if (errors.length) problems.push({ errors });
      await context.close();
      expect(problems).toEqual([]);
    },
    120_000,
  );

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
      await page.goto(`${started.server.url}/tab/?agreement=${agreement}&lang=${lang}&as=${as}`);
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
      const html = await (await fetch(`${started.server.url}/api/agreements/${agreement}/export?format=html`, { headers: { 'X-Dev-User': as } })).text();
      const doc = await context.newPage();
      await doc.setContent(html, { waitUntil: 'load' });
      const d = await overflow(doc);
      // The document's goal table is wider than a phone and scrolls in its own box; the page itself does not, by a pixel.
      if (d.scrollWidth > d.clientWidth) problems.push({ document: d });
      await doc.screenshot({ path: screenshotPath(`narrow/document-${lang}-320.png`), fullPage: true });
      if (errors.length) problems.push({ errors });
      await context.close();
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
