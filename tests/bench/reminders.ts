/**
 * npm run bench:reminders — a campaign of reminders (default 10,000 to 10,000 people) planned into the
 * outbox of a real SQLite file and sent by the dispatcher through botbuilder's CloudAdapter to a local
 * Bot Connector stand-in that enforces Teams' limits (429 with Retry-After when exceeded) and fails a few
 * per cent of sends with 503. Prints the total time against the least time the limits allow (goal ≤ 1.1×),
 * duplicates (goal 0), lost (goal 0) and peak memory.
 *
 * Teams' limits make 10,000 sends take at least 333 s (30 per second per app per tenant). By default the
 * benchmark compresses time ten times (every window a tenth as long: 30 per 100 ms, 7 per 100 ms per
 * conversation, …) and says so; `--full` (or BENCH_SCALE=1) runs the real numbers.
 *
 *   BENCH_PEOPLE=10000 BENCH_SCALE=10 BENCH_FAIL_RATE=0.03 BENCH_IN_FLIGHT=32 BENCH_MARGIN_MS=1 npm run bench:reminders
 *   (--json=file also writes the figures as JSON, for npm run bench)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeContext } from '../../api/core/context';
import { planIntoOutbox } from '../../api/core/services/outbox';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { cloudAdapterSender } from '../../bot/adapter';
import { formatRateWindows, minimumDurationMs, scaleRateLimits, TEAMS_RATE_LIMITS } from '../../bot/rate-limiter';
import { systemActor } from '../../teams-app/system-actor';
import { startBotConnectorStandin } from '../support/bot-connector-standin';
import { dispatcherFor, seedCampaign } from '../support/campaign';

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};

async function main(): Promise<void> {
  const people = Math.round(num('BENCH_PEOPLE', 10_000));
  const scale = process.argv.includes('--full') ? 1 : num('BENCH_SCALE', 10);
  const failRate = Number(process.env.BENCH_FAIL_RATE ?? 0.03);
  const inFlight = Math.round(num('BENCH_IN_FLIGHT', 32));
  const limits = scaleRateLimits(TEAMS_RATE_LIMITS, scale);
  const dir = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 25);

  console.log(`Reminder benchmark: ${people} reminders to ${people} people`);
  console.log(`Limits used (time compressed ${scale}×${scale === 1 ? ', Teams’ documented numbers' : '; --full for the real ones'}):`);
  console.log(`  per conversation: ${formatRateWindows(limits.perConversation)}`);
  console.log(`  per app per tenant: ${formatRateWindows(limits.perTenant)}`);
  console.log(
    `  endpoint: 429 with Retry-After when a limit is exceeded (in seconds divided by ${scale}); ${(failRate * 100).toFixed(1)} % of sends fail with 503`,
  );
  console.log('  both count against the limits at the endpoint, as sends that reached it; a 429 does not');

  const standin = await startBotConnectorStandin({ limits, failRate, seed: 7, timeScale: scale });
  const store = openSqliteStore(join(dir, 'bench.db'));
  const tenant = store.forTenant('demo');
  try {
    const now = new Date();
    let t = Date.now();
    await seedCampaign(store, 'demo', { people, serviceUrl: standin.url, now });
    console.log(`Seeded units, wheel event and ${people} personal chats in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const planned = await planIntoOutbox(
      makeContext(tenant, systemActor('demo'), () => now),
      now,
    );
    console.log(`Planned ${planned.created} reminders into the outbox in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const dispatcher = dispatcherFor(tenant, cloudAdapterSender({ appId: '', appPassword: '', tenantId: null }), limits, {
      holder: 'bench',
      maxInFlight: inFlight,
      marginMs: num('BENCH_MARGIN_MS', Math.max(1, Math.round(10 / scale))),
      retry: { baseMs: Math.max(10, Math.round(1_000 / scale)), capMs: Math.round(60_000 / scale), maxAttempts: 10 },
      leaseTtlMs: 60_000,
    });
    t = Date.now();
    const cpu = process.cpuUsage();
    let report = await dispatcher.drain();
    // Retries beyond the drain's horizon (none expected) would wait for the next poll: drain until empty.
    while ((await tenant.count('reminder', { state: 'pending' })) > 0) report = await dispatcher.drain();
    const elapsed = Date.now() - t;
    const cpuUsed = process.cpuUsage(cpu);
    sample();

    const reminders = await tenant.listAll('reminder', {});
    const perKey = new Map<string, number>();
    for (const d of standin.deliveries) perKey.set(d.key ?? '', (perKey.get(d.key ?? '') ?? 0) + 1);
    const duplicates = [...perKey.values()].reduce((s, v) => s + Math.max(0, v - 1), 0);
    const lost = reminders.filter((r) => r.state !== 'sent' || !perKey.has(r.key)).length + Math.max(0, people - reminders.length);
    const minimum = Math.max(minimumDurationMs(people, limits.perTenant), minimumDurationMs(1, limits.perConversation));
    const ratio = elapsed / minimum;
    console.log('');
    console.log(`Sent ${report.sent} in the last drain; ${reminders.filter((r) => r.state === 'sent').length} of ${reminders.length} marked sent`);
    console.log(
      `Endpoint: ${standin.counts.accepted} accepted, ${standin.counts.unavailable} answered 503 (retried), ${standin.counts.throttled} answered 429`,
    );
    const last = standin.deliveries.reduce((m, d) => Math.max(m, d.at), 0);
    console.log(`Total time:   ${(elapsed / 1000).toFixed(2)} s (last delivery accepted at ${((last - t) / 1000).toFixed(2)} s)`);
    console.log(`Minimum:      ${(minimum / 1000).toFixed(2)} s (the limits allow no less for ${people} sends)`);
    console.log(`Ratio:        ${ratio.toFixed(3)}×   (goal ≤ 1.1×)  ${ratio <= 1.1 ? 'met' : 'NOT met'}`);
    console.log(`Duplicates:   ${duplicates}   (goal 0)  ${duplicates === 0 ? 'met' : 'NOT met'}`);
    console.log(`Lost:         ${lost}   (goal 0)  ${lost === 0 ? 'met' : 'NOT met'}`);
    console.log(`CPU:          ${(((cpuUsed.user + cpuUsed.system) / 1000 / elapsed) * 100).toFixed(0)} % of one core during sending`);
    console.log(
      `Peak memory:  RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, heap ${(peakHeap / 2 ** 20).toFixed(0)} MB (whole process: dispatcher, SQLite, stand-in)`,
    );
    const jsonOut = process.argv.find((a) => a.startsWith('--json='))?.slice('--json='.length);
    if (jsonOut)
      writeFileSync(
        jsonOut,
        JSON.stringify({
          people,
          timeScale: scale,
          elapsedMs: elapsed,
          minimumMs: minimum,
          ratio,
          duplicates,
          lost,
          cpuPercent: ((cpuUsed.user + cpuUsed.system) / 1000 / elapsed) * 100,
          peakRssBytes: peakRss,
        }),
      );
    process.exitCode = ratio <= 1.1 && duplicates === 0 && lost === 0 ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await standin.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
