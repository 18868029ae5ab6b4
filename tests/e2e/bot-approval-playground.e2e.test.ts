import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { cloudAdapterSender } from '../../bot/adapter';
import { TEAMS_RATE_LIMITS } from '../../bot/rate-limiter';
import { dispatcherFor } from '../support/campaign';
import { screenshotPath } from './browser';
import { startPlayground, type PlaygroundRun } from './playground';

/**
 * Approval through chat in the Microsoft 365 Agents Playground: the Playground's user acts as Susanne
 * Strandkjær, the centre chief who approves Team Myndighed's agreement. The leader submits a new version over
 * the API; the dispatcher brings the approval card into the chief's chat; the chief approves on the card;
 * the outcome for the leader goes into the outbox (the Playground has one user, so the leader's chat is not
 * there: tests/approval-chat.test.ts shows that delivery against a local Bot Connector).
 */

const DEV_PERSON = 'hoeje-taastrup-susanne-strandkjaer';

let run: PlaygroundRun;
let page: PlaygroundRun['page'];
let server: PlaygroundRun['server'];
const lastCard = () => run.lastCard();

beforeAll(async () => {
  run = await startPlayground(DEV_PERSON);
  ({ page, server } = run);
}, 60_000);
afterAll(async () => run?.stop());

describe('approval through chat in the Agents Playground', () => {
  it('brings the approval card to the chief on submit, takes the decision on the card, and queues the outcome for the leader', async () => {
    await page.getByText('I am the quality agreement bot', { exact: false }).first().waitFor({ timeout: 20_000 });
    const A = 'hoeje-taastrup-team-myndighed-2016';
    const leader = { 'X-Dev-User': 'hoeje-taastrup-henrik-joern-otto', 'Content-Type': 'application/json' };
    const get = async () =>
      (await (await fetch(`${server.url}/api/agreements/${A}`, { headers: leader })).json()) as { revision: number; version: number; status: string };
    expect(
      (await fetch(`${server.url}/api/agreements/${A}/new-version`, { method: 'POST', headers: { ...leader, 'If-Match': `"${(await get()).revision}"` } }))
        .status,
    ).toBe(200);
    expect(
      (await fetch(`${server.url}/api/agreements/${A}/submit`, { method: 'POST', headers: { ...leader, 'If-Match': `"${(await get()).revision}"` } })).status,
    ).toBe(200);

    // The dispatcher (as the server runs it) sends what the outbox holds.
    const store = openSqliteStore(server.dbPath);
    const dispatcher = dispatcherFor(store.forTenant('demo'), cloudAdapterSender({ appId: '', appPassword: '', tenantId: null }), TEAMS_RATE_LIMITS);
    try {
      expect((await dispatcher.drain()).sent).toBe(1);
      await page.getByText('Approval: Aftale for Team Myndighed SHC').last().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: screenshotPath('bot-6-approval-card.png') });
      await lastCard().getByRole('button', { name: 'Approve' }).click();
      await until(async () => (await get()).status === 'approved');
      await page.screenshot({ path: screenshotPath('bot-7-approved.png') });
      const outcome = (await store.forTenant('demo').listAll('reminder', {})).filter((r) => r.type === 'decision');
      expect(outcome).toEqual([
        expect.objectContaining({
          recipientId: 'hoeje-taastrup-henrik-joern-otto',
          items: [expect.objectContaining({ decision: 'approve', decidedBy: DEV_PERSON })],
        }),
      ]);
    } finally {
      await dispatcher.stop();
      await store.close();
    }
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met within 15 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
