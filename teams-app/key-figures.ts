import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { syncKeyFigures, type KeyFigureSources } from '../api/core/services/key-figures';
import { acquireLease, releaseLease } from '../api/core/services/lease';
import type { Config } from './config';
import { periodic } from './periodic';
import { systemActor } from './system-actor';

/** The lease that makes one instance fetch at a time (api/core/services/lease.ts). */
export const KEY_FIGURE_LEASE = 'keyfigures';

/**
 * Key figures in the server (docs/keyfigures.md): every KEYFIGURE_TICK_MS (and at start) the instance holding the
 * `keyfigures` lease runs every due link (services/key-figures.ts): a new link at once, then a day after its last success
 * (KEYFIGURE_INTERVAL_MS), and after a failure when its pause is over (KEYFIGURE_RETRY_BASE_MS, doubled for each
 * failure in a row, at most KEYFIGURE_RETRY_CAP_MS). The same tick as the reminders' planning (periodic.ts).
 */
export function startKeyFigures(o: {
  store: Store;
  tenantId: string;
  settings: Config['keyFigures'];
  sources: KeyFigureSources;
  logger: Logger;
  now?: () => Date;
}): { stop: () => Promise<void> } {
  const now = o.now ?? (() => new Date());
  const tenant = o.store.forTenant(o.tenantId);
  const holder = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseTtlMs = Math.max(60_000, 2 * o.settings.tickMs);
  // Links are known from their states; every indicator is read for links that came in another way (an import) once
  // an interval, the first time one interval after start (not during start-up).
  let scannedAt = now().getTime();
  const run = async () => {
    try {
      if (!(await acquireLease(tenant, KEY_FIGURE_LEASE, holder, leaseTtlMs, now()))) return;
      const ctx = makeContext(tenant, systemActor(o.tenantId, 'bot'), now);
      const scan = now().getTime() - scannedAt >= o.settings.schedule.intervalMs;
      const result = await syncKeyFigures(ctx, o.sources, o.settings.schedule, { scan });
      if (scan) scannedAt = now().getTime();
      if (result.attempted) o.logger[result.failed ? 'warn' : 'info'](result, 'key figures fetched');
    } catch (err) {
      o.logger.error({ err }, 'key-figure run failed');
    }
  };
  o.logger.info(
    { kolada: o.settings.hosts.koladaUrl, statbank: o.settings.hosts.statbankUrl, tickMs: o.settings.tickMs },
    'key figures: scheduled fetch started',
  );
  const ticking = periodic(o.settings.tickMs, run);
  return {
    stop: async () => {
      await ticking.stop();
      await releaseLease(tenant, KEY_FIGURE_LEASE, holder, now()).catch(() => undefined);
    },
  };
}
