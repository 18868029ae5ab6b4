import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { planIntoOutbox } from '../api/core/services/outbox';
import type { BotCredentials } from '../bot/adapter';
import type { TabLinks } from '../bot/deep-link';
import { ReminderDispatcher, systemClock, type Clock, type ReminderSender } from '../bot/dispatcher';
import { cloudAdapterSender } from '../bot/proactive-sender';
import { formatRateWindows } from '../bot/rate-limiter';
import type { Config } from './config';
import { systemActor } from './system-actor';

/**
 * The annual cycle's reminders in the server: a planning tick (at start, then every REMINDER_PLAN_INTERVAL_MS)
 * that writes due reminders into the outbox, and the dispatcher that sends them. Every instance plans
 * (planning is idempotent by key); only the holder of the lease sends.
 */
export function startReminders(o: {
  store: Store;
  tenantId: string;
  settings: Config['reminders'];
  credentials: BotCredentials;
  links: TabLinks;
  logger: Logger;
  sender?: ReminderSender;
  clock?: Clock;
}): { stop: () => Promise<void> } {
  const clock = o.clock ?? systemClock;
  const tenant = o.store.forTenant(o.tenantId);
  const s = o.settings;
  const dispatcher = new ReminderDispatcher({
    store: tenant,
    sender: o.sender ?? cloudAdapterSender(o.credentials),
    clock,
    logger: o.logger,
    limits: s.limits,
    retry: s.retry,
    links: o.links,
    holder: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    leaseTtlMs: s.leaseTtlMs,
    pollMs: s.pollMs,
    maxInFlight: s.maxInFlight,
  });
  let planning: Promise<void> = Promise.resolve();
  const plan = () =>
    (planning = planning.then(async () => {
      try {
        const ctx = makeContext(tenant, systemActor(o.tenantId, 'bot'), () => clock.now(), { graceDays: s.graceDays });
        const result = await planIntoOutbox(ctx, clock.now(), { graceDays: s.graceDays, escalateAfterDaysLate: s.escalateAfterDaysLate });
        o.logger.info(result, 'reminders planned');
        if (result.created) dispatcher.poke();
      } catch (err) {
        o.logger.error({ err }, 'reminder planning failed');
      }
    }));
  o.logger.info(
    { perConversation: formatRateWindows(s.limits.perConversation), perTenant: formatRateWindows(s.limits.perTenant), planIntervalMs: s.planIntervalMs },
    'reminders: planning and dispatcher started',
  );
  void plan();
  const timer = setInterval(() => void plan(), s.planIntervalMs);
  dispatcher.start();
  return {
    stop: async () => {
      clearInterval(timer);
      await planning;
      await dispatcher.stop();
    },
  };
}
