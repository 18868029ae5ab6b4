import { pino } from 'pino';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { ReminderDispatcher } from '../../bot/dispatcher';
import { cloudAdapterSender } from '../../bot/adapter';
import { dueReminders } from '../../api/core/services/outbox';
import { routeGraphTo, standinLedger } from './bot-connector-standin';

/**
 * The dispatcher as a process of its own, for the crash test: drains the outbox of a SQLite file to the
 * Bot Connector stand-in and exits when nothing is pending. Killing it (SIGKILL) is the point.
 * Arguments come from the environment the test sets: DB_PATH, TENANT, RATE_PER_TENANT (per second), LEASE_TTL_MS,
 * and for the delivery ledger GRAPH_URL and GRAPH_CA (the stand-in's Graph part and its certificate), TEAMS_APP_ID and IN_DOUBT_SETTLE_MS.
 * Its last line says how many sends in doubt it found delivered and how many it sent again.
 */
async function main(): Promise<void> {
  const env = process.env;
  const store = openSqliteStore(env.DB_PATH!);
  const tenant = store.forTenant(env.TENANT ?? 'demo');
  const dispatcher = new ReminderDispatcher({
    store: tenant,
    sender: cloudAdapterSender({ appId: '', appPassword: '', tenantId: null }),
    limits: { perConversation: [{ limit: 7, perMs: 1_000 }], perTenant: [{ limit: Number(env.RATE_PER_TENANT ?? 100), perMs: 1_000 }] },
    logger: pino({ level: env.LOG_LEVEL ?? 'silent' }),
    links: { teamsAppId: null, publicUrl: 'http://localhost:3978' },
    holder: `child-${process.pid}`,
    leaseTtlMs: Number(env.LEASE_TTL_MS ?? 1_000),
    retry: { baseMs: 50, capMs: 500, maxAttempts: 20 },
    maxInFlight: 8,
    ledger: env.GRAPH_URL ? (routeGraphTo({ url: env.GRAPH_URL, ca: env.GRAPH_CA! }), standinLedger(env.TEAMS_APP_ID!)) : undefined,
    inDoubtSettleMs: Number(env.IN_DOUBT_SETTLE_MS ?? 30_000),
  });
  const totals = { inDoubtConfirmed: 0, inDoubtResent: 0 };
  process.stdout.write(`started ${process.pid}\n`);
  for (;;) {
    const report = await dispatcher.drain();
    totals.inDoubtConfirmed += report.inDoubtConfirmed;
    totals.inDoubtResent += report.inDoubtResent;
    const left = (await tenant.listAll('reminder', { state: 'pending' })).length;
    if (!left) break;
    // The lease of a killed predecessor has not expired yet, or retries are waiting: try again shortly.
    if (report.lostLease || !(await dueReminders(tenant, new Date())).length) await new Promise((r) => setTimeout(r, 100));
  }
  await dispatcher.stop();
  await store.close();
  process.stdout.write(`done confirmed=${totals.inDoubtConfirmed} resent=${totals.inDoubtResent}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
