import type { Browser, Page } from 'playwright-core';
import { TAB_DIST } from '../../teams-app/server';
import { startTestServer, type TestServer } from '../support/server';
import { agreementShapes, MULTI_YEAR, OPEN_ENDED } from '../support/agreement-shapes';
import { launchChromium } from './browser';

/**
 * Agreements as municipalities write them (issue 17), in the tab in Chromium: the open-ended agreement shows no end
 * date, the multi-year one its years and the year followed up, each its approval as written and its source, offices
 * as parties, and the signing parties still missing; the year-end of 2024 moves the agreement on to 2025 from the
 * tab's buttons, and the closed year is listed.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer([agreementShapes()], { tabDist: TAB_DIST, now: () => new Date('2024-12-15T10:00:00Z') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(agreementId: string, as: string): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${server.url}/tab/?agreement=${agreementId}&lang=da&as=${as}`);
  await page.getByTestId('agreement-period').waitFor({ timeout: 20_000 });
  return page;
}

describe('agreements as written, in the tab', () => {
  it('shows an open-ended agreement as open, with the period and source as the document has them', async () => {
    const page = await open(OPEN_ENDED, 'shapes-dagleder');
    expect(await page.getByTestId('agreement-period').innerText()).toContain('1. januar 2025 – løbende (ingen slutdato)');
    expect(await page.getByTestId('as-written').innerText()).toContain('Aftalen er gældende fra 1. januar 2025');
    expect(await page.getByTestId('source').innerText()).toBe('Kilde: Formby Kommune, udviklingsaftale for Solsikken (intranet, 2025)');
    // An office as a party, without a name made up for it.
    expect(await page.getByTestId('parties').innerText()).toContain('Dagtilbudschefen – Budgetansvarlig chef, intet navn i dokumentet');
    expect(page.errors).toEqual([]);
  });

  it('shows a multi-year agreement with its years, its approval as written, the signatures missing and the delegated follow-up; the year-end moves it on to 2025', async () => {
    let page = await open(MULTI_YEAR, 'shapes-leder');
    expect(await page.getByTestId('agreement-period').innerText()).toContain('Aftalen gælder 2024–2027, opfølgning for 2024');
    expect(await page.getByTestId('approval-line').innerText()).toBe(
      'Godkendt i Børne- og Skoleudvalget den 12. december 2023 (sag 17/4711) – "enstemmigt" (12. december 2023)',
    );
    expect(await page.getByTestId('missing-signatures').innerText()).toContain('Formand for brugerbestyrelsen, Næstformand i MED-udvalget');
    const parties = await page.getByTestId('parties').innerText();
    expect(parties).toContain('Lise Holm – Kvalitetskonsulent: underskriver ikke · ejer opfølgningen');
    expect(parties).toContain('Formanden for skolebestyrelsernes fællesråd');
    expect(await page.getByTestId('versions').innerText()).toContain('importeret');
    // The leader starts the year-end evaluation; the chief closes the year and the next year's follow-up begins.
    await page.getByTestId('moves').getByRole('button', { name: 'Start årsevaluering' }).click();
    await page.getByTestId('moves').getByRole('button', { name: 'Start årsevaluering' }).waitFor({ state: 'detached' });
    await page.context().close();
    page = await open(MULTI_YEAR, 'shapes-chef');
    const moves = page.getByTestId('moves');
    await moves.getByRole('button', { name: 'Afslut året og begynd næste års opfølgning' }).waitFor();
    expect(await moves.getByRole('button', { name: 'Afslut', exact: true }).count()).toBe(0);
    await moves.getByRole('button', { name: 'Afslut året og begynd næste års opfølgning' }).click();
    await page.getByTestId('closed-years').waitFor();
    expect(await page.getByTestId('agreement-period').innerText()).toContain('opfølgning for 2025');
    expect(await page.getByTestId('closed-years').innerText()).toContain('2024: afsluttet');
    expect(page.errors).toEqual([]);
  }, 60_000);
});
