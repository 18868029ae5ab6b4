import { screenshotPath } from './browser';
import { startPlayground, type PlaygroundRun } from './playground';

/**
 * The bot in the Microsoft 365 Agents Playground (the Teams emulator from npm, offline), driven in Debian's
 * Chromium. The Playground's user (Alex Wilber) is unknown to the demo data: the development bot lets them act
 * as the demo leader of Assens' Jobcentret, and says so.
 */

const DEV_PERSON = 'assens-leder-jobcentret';

let run: PlaygroundRun;
let page: PlaygroundRun['page'];
let server: PlaygroundRun['server'];
const lastCard = () => run.lastCard();
const say = (text: string) => run.say(text);

beforeAll(async () => {
  run = await startPlayground(DEV_PERSON);
  ({ page, server } = run);
}, 60_000);
afterAll(async () => run?.stop());

describe('the bot in the Agents Playground', () => {
  it('greets on install, saying what it does (and that it is the development bot)', async () => {
    await page.getByText('I am the quality agreement bot', { exact: false }).first().waitFor({ timeout: 20_000 });
    await expect(page.getByText('you act as Leder af Jobcentret', { exact: false }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('bot-1-welcome.png') });
  });

  it('answers help', async () => {
    await say('help');
    await page.getByText('This is what I can do', { exact: false }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('bot-2-help.png') });
  });

  it('sends a measurement card, shows an invalid value’s error beside the field, and replaces the card with a receipt', async () => {
    await say('indberet');
    await page.getByText('Report a measurement').last().waitFor({ timeout: 15_000 });
    const card = lastCard();
    const name = (await card.locator('.ac-textBlock').nth(1).innerText()).trim();
    expect(name).toBe('Andelen af sager hvor der sker en delvis raskmelding');
    await expect(card.innerText()).resolves.toContain('January 2009');
    await page.screenshot({ path: screenshotPath('bot-3-card.png') });

    await card.getByRole('spinbutton').fill('150');
    // The card's button reports the value with the tab's word for it (was "Submit").
    await card.getByRole('button', { name: 'Report' }).click();
    await page.getByText('value is above the highest allowed', { exact: false }).last().waitFor({ timeout: 15_000 });
    await expect(lastCard().getByRole('spinbutton').inputValue()).resolves.toBe('150');
    await page.screenshot({ path: screenshotPath('bot-4-invalid.png') });

    await lastCard().getByRole('spinbutton').fill('87');
    await lastCard().locator('textarea').fill('Fra Playground');
    const started = Date.now();
    await lastCard().getByRole('button', { name: 'Report' }).click();
    await page.getByText('Reported 87 % for January 2009 by Leder af Jobcentret.', { exact: false }).last().waitFor({ timeout: 15_000 });
    const ms = Date.now() - started;
    console.log(`Playground: click to receipt on screen in ${ms} ms`);
    expect(ms).toBeLessThan(3000);
    await page.screenshot({ path: screenshotPath('bot-5-receipt.png') });

    // The value is in the store, as the REST API returns it.
    const headers = { 'X-Dev-User': 'system' };
    const indicators = (await (await fetch(`${server.url}/api/indicators?agreementId=assens-jobcentret-2009&limit=200`, { headers })).json()) as {
      items: { id: string; name: string }[];
    };
    const indicator = indicators.items.find((i) => i.name === name)!;
    const r = await fetch(`${server.url}/api/indicators/${indicator.id}/measurements`, { headers });
    expect(r.status).toBe(200);
    const { items } = (await r.json()) as { items: unknown[] };
    expect(items).toEqual([expect.objectContaining({ period: '2009-01', value: 87, source: 'card', enteredBy: DEV_PERSON, comment: 'Fra Playground' })]);
  });
});
