import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { silkeborg } from '../../api/demo';
import { readWorkbook, writeWorkbook } from '../../api/spreadsheet/workbook';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { tempDir } from '../support/mother';
import { launchChromium, permissionsApplied, quiet, screenshotPath } from './browser';

/**
 * The quality office imports the goal table from a spreadsheet in the tab, with the mouse (issue 21): chooses a
 * file, sees the preview name the problem by row and column, chooses the corrected file, sees what will be
 * created, confirms, and sees it done. Silkeborg's demo, in Danish.
 */
let server: TestServer;
let browser: Browser;
const tmp = tempDir();
const AGR = 'silkeborg-borgerservice-2015';
const QO = 'silkeborg-demo-kvalitet';

beforeAll(async () => {
  server = await startTestServer([silkeborg], { tabDist: TAB_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  tmp.remove();
});

/** The agreement's export with an indicator written on goal 1's first row; `baseline` as given. */
async function sheetFile(name: string, baseline: string): Promise<string> {
  const res = await fetch(`${server.url}/api/agreements/${AGR}/sheet`, { headers: { 'X-Dev-User': QO, 'Accept-Language': 'da' } });
  const grid = await readWorkbook(Buffer.from(await res.arrayBuffer()), 'xlsx', 'x');
  const rows = grid.sheets[0]!.rows;
  const h = rows[0]!.map(String);
  rows[1]![h.indexOf('Indikator')] = 'Digitale ansøgninger';
  rows[1]![h.indexOf('Måleenhed')] = '%';
  rows[1]![h.indexOf('Udgangspunkt')] = baseline;
  rows[1]![h.indexOf('Mål som skrevet')] = 'Min. 80 %';
  rows[1]![h.indexOf('Hyppighed')] = 'En gang om året: december';
  const file = join(tmp.dir, name);
  writeFileSync(file, await writeWorkbook(grid, 'xlsx'));
  return file;
}

async function choose(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importér fra fil …' }).click();
  await (await chooser).setFiles(file);
}

describe('spreadsheet import in the tab', () => {
  it('the quality office uploads, sees the problem named, corrects it, confirms', async () => {
    const broken = await sheetFile('maal-med-fejl.xlsx', 'mange');
    const fixed = await sheetFile('maal.xlsx', '71,5');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/tab/?agreement=${AGR}&lang=da&as=${QO}`);
    await permissionsApplied(page);
    const section = page.getByTestId('sheet-transfer');
    await section.scrollIntoViewIfNeeded();

    await choose(page, broken);
    const problems = page.getByTestId('sheet-problems');
    await problems.waitFor();
    await quiet(page);
    await expect(problems.getByRole('row').nth(1).innerText()).resolves.toMatch(/^2\s+Udgangspunkt \(J2\)\s+skal være et tal$/);
    await page.getByText('1 problem – intet er gemt. Ret filen, og vælg den igen.').waitFor();
    expect(await page.getByTestId('sheet-confirm').isDisabled()).toBe(true);
    await section.screenshot({ path: screenshotPath('sheet-import-problem.png') });

    await choose(page, fixed);
    await page.getByText('Oprettes: 1 · Ændres: 0 · Uændret: 31').waitFor();
    await expect(page.getByTestId('sheet-changes').innerText()).resolves.toMatch(/Indikatoren: Digitale ansøgninger\s+Oprettes/i);
    await quiet(page);
    await section.screenshot({ path: screenshotPath('sheet-import-preview.png') });
    await page.getByTestId('sheet-confirm').click();
    await page.getByTestId('sheet-done').waitFor();
    await expect(page.getByTestId('sheet-done').innerText()).resolves.toBe('Importeret: 1 oprettet, 0 ændret.');
    await quiet(page);
    await section.screenshot({ path: screenshotPath('sheet-import-done.png') });

    const res = await fetch(`${server.url}/api/indicators?agreementId=${AGR}`, { headers: { 'X-Dev-User': QO } });
    const { items } = (await res.json()) as { items: { name: string; baseline: number }[] };
    expect(items.map((i) => [i.name, i.baseline])).toEqual([['Digitale ansøgninger', 71.5]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the quality office exports a part of the organisation from the overview: every agreement of the year below it in one file', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/tab/?view=overview&unit=silkeborg&year=2015&lang=da&as=${QO}`);
    await page
      .getByRole('heading', { name: /Silkeborg/ })
      .first()
      .waitFor();
    const tools = page.getByTestId('unit-sheet-export');
    await tools.getByRole('button', { name: 'Eksportér til Excel' }).waitFor();
    const download = page.waitForEvent('download');
    await tools.getByRole('button', { name: 'Eksportér til Excel' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('silkeborg-2015.xlsx');
    const grid = await readWorkbook(readFileSync((await file.path())!), 'xlsx', 'x');
    const rows = grid.sheets[0]!.rows;
    expect(rows[0]!.slice(0, 3)).toEqual(['Aftale-id', 'Nr.', 'Mål']);
    // The Borgerservice agreement's three goals, with their actions and criteria: 16 rows, as the agreement's own export.
    expect(
      new Set(
        rows
          .slice(1)
          .map((r) => r[0])
          .filter((id) => id !== null),
      ),
    ).toEqual(new Set([AGR]));
    expect(rows).toHaveLength(1 + 16);
    await context.close();
  });

  it('staff see the exports but no import', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${server.url}/tab/?agreement=${AGR}&lang=da&as=silkeborg-demo-borgerservice`);
    await permissionsApplied(page);
    await page.getByRole('button', { name: 'Eksportér til Excel' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Eksportér til Excel' }).click();
    expect((await download).suggestedFilename()).toBe(`${AGR}.xlsx`);
    expect(await page.getByRole('button', { name: 'Importér fra fil …' }).count()).toBe(0);
    await context.close();
  });
});
