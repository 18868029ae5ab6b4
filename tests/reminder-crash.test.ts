import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { planIntoOutbox } from '../api/core/services/outbox';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { startBotConnectorStandin } from './support/bot-connector-standin';
import { aadOf, conversationIdOf, personId, seedCampaign } from './support/campaign';
import { tempDir } from './support/mother';
import { closeAfter } from './support/teardown';

const ROOT = join(__dirname, '..');
// node itself with tsx as a loader: the tsx command runs the script in a grandchild, which a SIGKILL of
// the tsx process would leave running.
const tmp = tempDir();
afterAll(() => tmp.remove());

function runChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/dispatcher-child.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // A test that fails before the child ends must not leave it running.
  closeAfter(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exit;
  });
  return { child, exit, output: () => output };
}

/**
 * Kill the dispatcher process with SIGKILL in the middle of a campaign, start it again, and count what
 * reached the chats. The kill happens inside the stand-in's handler of an accepted send, before the answer
 * goes back: at that moment at least that send (and up to 8 in flight) has reached Teams without the store
 * knowing, and up to a batch of 32 more are claimed for sending but not sent. After the restart the
 * dispatcher finds all of those reminders in doubt, looks for each in the person's
 * chat through the stand-in's Graph part (the delivery ledger), marks the ones it finds as sent, and sends
 * only the ones that are not there. Every reminder reaches its chat exactly once.
 */
const TEAMS_APP_ID = '8d3c2a1e-5b7f-4c9d-9e0a-1f2b3c4d5e6f';

describe('crash safety of the reminder dispatcher', () => {
  it('delivers every reminder of a campaign exactly once after a SIGKILL mid-campaign and a restart', async () => {
    const dbPath = join(tmp.dir, 'crash.db');
    const PEOPLE = 600;
    let onDelivery: (() => void) | null = null;
    const standin = await startBotConnectorStandin({
      limits: { perConversation: [{ limit: 7, perMs: 1_000 }], perTenant: [{ limit: 250, perMs: 1_000 }] },
      failRate: 0.03,
      teamsAppId: TEAMS_APP_ID,
      onDelivery: () => onDelivery?.(),
    });
    const store = openSqliteStore(dbPath);
    const now = new Date();
    await seedCampaign(store, 'demo', { people: PEOPLE, serviceUrl: standin.url, now });
    for (let i = 0; i < PEOPLE; i++) standin.installations.set(aadOf(personId(i)), conversationIdOf(personId(i)));
    expect((await planIntoOutbox(makeContext(store.forTenant('demo'), systemActor('demo'), () => now))).created).toBe(PEOPLE);
    await store.close();

    const env = {
      DB_PATH: dbPath,
      TENANT: 'demo',
      RATE_PER_TENANT: '200',
      LEASE_TTL_MS: '1000',
      GRAPH_URL: standin.graph!.url,
      GRAPH_CA: standin.graph!.ca,
      TEAMS_APP_ID,
      IN_DOUBT_SETTLE_MS: '300',
    };
    const first = runChild(env);
    const killedAt = await new Promise<number>((resolve) => {
      onDelivery = () => {
        if (standin.deliveries.length >= PEOPLE / 3) {
          onDelivery = null;
          // Inside the handler of an accepted send, before its answer: this send has reached Teams, the store does not know.
          first.child.kill('SIGKILL');
          resolve(standin.deliveries.length);
        }
      };
    });
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    const pid = Number(/started (\d+)/.exec(first.output())?.[1]);
    expect(pid).toBe(first.child.pid);
    expect(() => process.kill(pid, 0)).toThrow(); // really gone
    expect(killedAt).toBeLessThan(PEOPLE);

    const check = openSqliteStore(dbPath);
    const inDoubt = (await check.forTenant('demo').listAll('reminder', { state: 'pending' })).filter((r) => r.sendingSince !== null);
    // The send the kill interrupted is among them: the store wrote down that it was going out.
    expect(inDoubt.length).toBeGreaterThanOrEqual(1);
    // At most one batch claimed ahead (32) plus the sends in flight (8).
    expect(inDoubt.length).toBeLessThanOrEqual(40);

    const second = runChild(env);
    const done = await second.exit;
    const last = second.output().trim().split('\n').pop() ?? '';
    expect({ ...done, last }).toEqual({ code: 0, signal: null, last: expect.stringMatching(/^done confirmed=\d+ resent=\d+$/) });
    const [confirmed, resent] = [...last.matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
    // Every send in doubt was looked up in the chat: those found are not sent again.
    expect(confirmed! + resent!).toBe(inDoubt.length);
    expect(confirmed).toBeGreaterThanOrEqual(1);
    expect(standin.graphRequests.some((p) => p.endsWith('/messages'))).toBe(true);

    const reminders = await check.forTenant('demo').listAll('reminder', {});
    expect(reminders.filter((r) => r.state !== 'sent' || r.sendingSince !== null)).toEqual([]);
    const perKey = new Map<string, number>();
    for (const d of standin.deliveries) perKey.set(d.key!, (perKey.get(d.key!) ?? 0) + 1);
    // Every reminder reached its chat, and none twice.
    expect(new Set(reminders.map((r) => r.key))).toEqual(new Set(perKey.keys()));
    expect([...perKey.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(standin.deliveries).toHaveLength(PEOPLE);
    // Each reminder knows its message in the chat: the Bot Connector's answer, or the one found after the crash.
    const activityOf = new Map(standin.deliveries.map((d) => [d.key, d.activityId]));
    expect(reminders.filter((r) => r.activityId !== activityOf.get(r.key))).toEqual([]);
    console.log(
      `crash test: ${PEOPLE} reminders, killed after ${killedAt} deliveries with ${inDoubt.length} send(s) in doubt; after restart ${confirmed} found in the chat, ${resent} sent again; ${standin.deliveries.length} deliveries in all, 0 twice; ${standin.counts.unavailable} 503s retried, ${standin.counts.throttled} 429s`,
    );
    await check.close();
    await standin.close();
  }, 90_000);
});
