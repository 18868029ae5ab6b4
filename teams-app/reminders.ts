import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { planIntoOutbox } from '../api/core/services/outbox';
import type { BotCredentials } from '../bot/adapter';
import type { TabLinks } from '../bot/deep-link';
import { ReminderDispatcher, systemClock, type Clock, type DeliveryLedger } from '../bot/dispatcher';
import type { ProactiveChannel } from '../bot/channel';
import { cloudAdapterSender } from '../bot/adapter';
import { graphDeliveryLedger } from '../bot/graph-delivery-ledger';
import { graphClientFor } from './store';
import { formatRateWindows } from '../bot/rate-limiter';
import type { Config } from './config';
import { systemActor } from './system-actor';
import { periodic } from './periodic';

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
  sender?: ProactiveChannel;
  ledger?: DeliveryLedger;
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
    ledger: o.ledger ?? (s.inDoubt.kind === 'graph' ? graphDeliveryLedger(graphClientFor(s.inDoubt.graph), s.inDoubt.teamsAppId) : undefined),
    inDoubtSettleMs: s.inDoubt.settleMs,
  });
  const plan = async () => {
    try {
      const ctx = makeContext(tenant, systemActor(o.tenantId, 'bot'), () => clock.now(), { graceDays: s.graceDays });
      // The grace period comes with the context; escalation is the planner's own setting.
      const result = await planIntoOutbox(ctx, clock.now(), { escalateAfterDaysLate: s.escalateAfterDaysLate });
      o.logger.info(result, 'reminders planned');
      if (result.created) dispatcher.poke();
    } catch (err) {
      o.logger.error({ err }, 'reminder planning failed');
    }
  };
  o.logger.info(
    {
      perConversation: formatRateWindows(s.limits.perConversation),
      perTenant: formatRateWindows(s.limits.perTenant),
      planIntervalMs: s.planIntervalMs,
      inDoubt: s.inDoubt.kind,
    },
    'reminders: planning and dispatcher started',
  );
  if (s.inDoubt.kind === 'resend')
    o.logger.info(
      'reminders: a send in flight when a process dies will be sent again (at least once); with AAD_APP_* and TEAMS_APP_ID it is looked up in the chat instead (exactly once)',
    );
  const planning = periodic(s.planIntervalMs, plan);
  dispatcher.start();
  return {
    stop: async () => {
      await planning.stop();
      await dispatcher.stop();
    },
  };
}
