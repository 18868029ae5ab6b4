import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { planIntoOutbox } from '../api/core/services/outbox';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { startBotConnectorStandin } from './support/bot-connector-standin';
import { seedCampaign } from './support/campaign';
import { tempDir } from './support/mother';

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
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit, output: () => output };
}

/**
 * Kill the dispatcher process with SIGKILL in the middle of a campaign, start it again, and count what the
 * Bot Connector stand-in received. What "exactly once" means here: every reminder is accepted by the
 * endpoint, and no idempotency key is accepted twice except for a send that was in flight at the moment of
 * the kill (accepted by the endpoint, not yet marked sent in the store): that one is sent again after the
 * restart with the same idempotency key, so a receiver that honours the key shows it once. Teams does not
 * deduplicate bot messages by any key; there such a repeat would show twice, which is the at-least-once
 * floor of any sender that cannot commit atomically with the receiver.
 */
describe('crash safety of the reminder dispatcher', () => {
  it('delivers every reminder of a campaign after a SIGKILL mid-campaign and a restart, each idempotency key accepted once (bar sends in flight at the kill)', async () => {
    const dbPath = join(tmp.dir, 'crash.db');
    const PEOPLE = 600;
    let onDelivery: (() => void) | null = null;
    const standin = await startBotConnectorStandin({
      limits: { perConversation: [{ limit: 7, perMs: 1_000 }], perTenant: [{ limit: 250, perMs: 1_000 }] },
      failRate: 0.03,
      onDelivery: () => onDelivery?.(),
    });
    const store = openSqliteStore(dbPath);
    const now = new Date();
    await seedCampaign(store, 'demo', { people: PEOPLE, serviceUrl: standin.url, now });
    expect((await planIntoOutbox(makeContext(store.forTenant('demo'), systemActor('demo'), () => now))).created).toBe(PEOPLE);
    await store.close();

    const env = { DB_PATH: dbPath, TENANT: 'demo', RATE_PER_TENANT: '200', LEASE_TTL_MS: '1000' };
    const first = runChild(env);
    const killedAt = await new Promise<number>((resolve) => {
      onDelivery = () => {
        if (standin.deliveries.length >= PEOPLE / 3) {
          onDelivery = null;
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

    const second = runChild(env);
    const done = await second.exit;
    expect({ ...done, output: second.output().trim().split('\n').pop() }).toEqual({ code: 0, signal: null, output: 'done' });

    const check = openSqliteStore(dbPath);
    const reminders = await check.forTenant('demo').listAll('reminder', {});
    expect(reminders.filter((r) => r.state !== 'sent')).toEqual([]);
    const perKey = new Map<string, number>();
    for (const d of standin.deliveries) perKey.set(d.key!, (perKey.get(d.key!) ?? 0) + 1);
    // Every reminder arrived, with its key; nothing arrived that was not a reminder.
    expect(new Set(reminders.map((r) => r.key))).toEqual(new Set(perKey.keys()));
    const repeats = [...perKey.values()].reduce((sum, v) => sum + v - 1, 0);
    // Only sends in flight at the kill can repeat (at most 8 are in flight); a run typically shows a few.
    expect(repeats).toBeLessThanOrEqual(8);
    console.log(`crash test: ${PEOPLE} reminders, killed after ${killedAt} deliveries; after restart ${perKey.size} keys delivered, ${repeats} repeated key(s) (sends in flight at the kill), ${standin.counts.unavailable} 503s retried, ${standin.counts.throttled} 429s`);
    await check.close();
    await standin.close();
  }, 90_000);
});
