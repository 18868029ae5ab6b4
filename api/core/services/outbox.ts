import { followUpOwners } from '../rules/agreement-life';
import { authorizeAuditRead } from '../authorization';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { reminderContent, ReminderContent, type ApprovalReminderItem, type DecisionReminderItem, type Reminder } from '../model';
import { read, type TenantStore, type WriteOp } from '../port';
import { localDate } from '../rules/periods';
import { planReminders, type PlannedIndicator, type PlannedReminder, type PlannerInput, type PlannerSettings } from '../rules/reminder-planner';
import { currentOrganisation } from './organisation';
import { sha256Hex } from '../hash';
import { getWheel } from './wheel';

/**
 * The durable outbox of the annual cycle. Planning writes every reminder the planner says is due as a
 * pending record whose id is the hash of its idempotency key (occasion and recipient): planning again,
 * from any instance, finds the record and writes nothing. The dispatcher (bot/dispatcher.ts) sends them
 * and moves them to sent, failed or given_up; nothing is sent that was not written here first.
 */

export type OutboxSettings = Pick<PlannerSettings, 'graceDays' | 'escalateAfterDaysLate'>;

const MAX_ITEMS = 500;
const BATCH = 200;

export async function reminderRecordId(key: string): Promise<string> {
  return `rem-${(await sha256Hex(key)).slice(0, 40)}`;
}

/** Agreements whose goals, indicators and summaries planning reads at once. */
const PLANNING_SLICE = 200;
/** A turn of the event loop: what waits (a request) runs before the work goes on. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The planner's input for each municipality in the tenant (the quality office and the tree are per
 * municipality): units, wheel events of this year and the next (offsets reach back over new year), agreements
 * of this year and the last (December's measurements fall due in January), their indicators with the goal's
 * unit and the agreement's year, the periods reported and out-of-office pauses.
 *
 * Planning runs at every start, in the server beside the requests: it reads only the fields the planner looks at
 * (a large municipality's 45,000 indicators, 15,000 goals and 3,000 agreements whole held about 300 MB and
 * took seconds to parse), the units from the shared organisation, and the periods reported from one measurement
 * summary per indicator rather than every measurement.
 */
export async function gatherPlannerInputs(ctx: ServiceContext, now: Date, settings: Partial<OutboxSettings> = {}): Promise<PlannerInput[]> {
  const year = Number(localDate(now).slice(0, 4));
  const [{ units }, [wheelEvents, agreements, pauses]] = await Promise.all([
    currentOrganisation(ctx),
    ctx.store.readMany([
      read.all('wheelEvent', { year: [year, year + 1] }),
      read.fields('agreement', { year: [year - 1, year] }, ['unitId', 'year', 'status', 'parties', 'followedUpSince']),
      read.all('pause', {}),
    ]),
  ]);
  // In slices of agreements, letting requests in between: one read of a whole large municipality's indicators
  // held the event loop for about half a second (and a request waiting behind it).
  const slices = [];
  for (let i = 0; i < agreements.length; i += PLANNING_SLICE) {
    if (i > 0) await nextTurn();
    const agreementId = agreements.slice(i, i + PLANNING_SLICE).map((a) => a.id);
    slices.push(
      await ctx.store.readMany([
        read.fields('goal', { agreementId }, ['unitId']),
        read.fields('indicator', { agreementId }, ['goalId', 'agreementId', 'ownerId', 'frequency']),
        read.fields('measurementSummary', { agreementId }, ['indicatorId', 'values']),
      ]),
    );
  }
  const goals = slices.flatMap(([g]) => g);
  const indicators = slices.flatMap(([, ind]) => ind);
  const summaries = slices.flatMap(([, , sum]) => sum);
  const reported = new Map(summaries.map((s) => [s.indicatorId, s.values ?? {}]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const rootOf = (unitId: string): string => {
    let u = byId.get(unitId);
    for (let depth = 0; u?.parentId && depth < 100; depth++) u = byId.get(u.parentId) ?? u;
    return u?.id ?? unitId;
  };
  const goalUnit = new Map(goals.map((g) => [g.id, g.unitId]));
  const agreementById = new Map(agreements.map((a) => [a.id, a]));
  const placed: PlannedIndicator[] = [];
  for (const ind of indicators) {
    const agreement = ind.agreementId ? agreementById.get(ind.agreementId) : undefined;
    const unitId = goalUnit.get(ind.goalId) ?? agreement?.unitId;
    if (agreement && unitId)
      placed.push({
        id: ind.id,
        ownerId: ind.ownerId ?? null,
        frequency: ind.frequency,
        unitId,
        year: agreement.year,
        followUpIds: followUpOwners(agreement),
        since: agreement.followedUpSince ?? null,
      });
  }
  const roots = units.filter((u) => !u.parentId);
  return roots.map((root): PlannerInput => {
    const inTree = (unitId: string) => rootOf(unitId) === root.id;
    return {
      now,
      units: units.filter((u) => inTree(u.id)),
      wheelEvents: wheelEvents.filter((e) => inTree(e.unitId)),
      agreements: agreements.filter((a) => inTree(a.unitId)),
      indicators: placed.filter((i) => inTree(i.unitId)),
      reported,
      pauses: pauses.map((p) => ({ personId: p.personId, from: p.from, to: p.to })),
      settings: { ...settings, qualityOfficeIds: root.qualityOfficeIds ?? [] },
    };
  });
}

function pendingRecord(id: string, r: Omit<PlannedReminder, 'type' | 'items'> & Pick<Reminder, 'type' | 'items'>, at: string): Reminder {
  // Checked on the way in as on the way out: each type with its own kind of item.
  const content = reminderContent({ type: r.type, items: r.items.slice(0, MAX_ITEMS) });
  return {
    id,
    key: r.key,
    occasion: r.occasion,
    recipientId: r.recipientId,
    ...content,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    plannedAt: at,
    sentAt: null,
    lastError: null,
    sendingSince: null,
    activityId: null,
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * A message the agreement's life sends in chat (the approval card to the chief, the outcome to the leader),
 * written to the outbox in the same transaction as the move that causes it, under its idempotency key.
 */
export async function notificationOp(
  key: string,
  recipientId: string,
  content: { type: 'approval_request'; item: ApprovalReminderItem } | { type: 'decision'; item: DecisionReminderItem },
  at: string,
): Promise<WriteOp> {
  const record = pendingRecord(await reminderRecordId(key), { key, occasion: key.split('|')[0]!, recipientId, type: content.type, items: [content.item] }, at);
  return { type: 'put', kind: 'reminder', record, expectedRevision: null };
}

/**
 * Plans the reminders due at `now` and writes those not yet in the outbox, in batches of one transaction
 * each. Returns how many the planner named and how many were new.
 */
export async function planIntoOutbox(
  ctx: ServiceContext,
  now: Date = ctx.now(),
  settings: Partial<OutboxSettings> = {},
): Promise<{ planned: number; created: number }> {
  const planned = (await gatherPlannerInputs(ctx, now, { graceDays: ctx.settings.graceDays, ...settings })).flatMap((input) => planReminders(input));
  const at = now.toISOString();
  let created = 0;
  for (let i = 0; i < planned.length; i += BATCH) {
    const batch = planned.slice(i, i + BATCH);
    const ids = await Promise.all(batch.map((r) => reminderRecordId(r.key)));
    const [existing] = await ctx.store.readMany([read.ids('reminder', ids)]);
    const present = new Set(existing.map((r) => r.id));
    const fresh = batch.map((r, j) => pendingRecord(ids[j]!, r, at)).filter((r) => !present.has(r.id));
    if (!fresh.length) continue;
    try {
      await ctx.store.commit(fresh.map((record) => ({ type: 'put', kind: 'reminder', record, expectedRevision: null })));
      created += fresh.length;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Another instance planned some of them at the same moment: write the rest one by one.
      for (const record of fresh) {
        try {
          await ctx.store.commit([{ type: 'put', kind: 'reminder', record, expectedRevision: null }]);
          created++;
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
        }
      }
    }
  }
  return { planned: planned.length, created };
}

/** Pending reminders whose next attempt is due, oldest first. */
export async function dueReminders(store: TenantStore, now: Date, limit = Number.POSITIVE_INFINITY): Promise<Reminder[]> {
  const at = now.toISOString();
  const pending = await store.listAll('reminder', { state: 'pending' });
  return pending
    .filter((r) => r.nextAttemptAt !== null && r.nextAttemptAt <= at)
    .sort((a, b) => a.nextAttemptAt!.localeCompare(b.nextAttemptAt!) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** Why a reminder could not be delivered: a stable code first, then the detail. */
export const UNDELIVERABLE = {
  blocked: 'blocked_or_uninstalled',
  notFound: 'conversation_not_found',
  notInstalled: 'not_installed',
  exhausted: 'retries_exhausted',
  /** A send in doubt after a crash whose delivery could not be confirmed or ruled out in the chat. */
  unconfirmed: 'delivery_unconfirmed',
} as const;

/** The same change to several reminders in one write (all or none), each checked against its revision. */
async function transitionAll(
  store: TenantStore,
  list: readonly Reminder[],
  now: Date,
  change: Partial<Reminder> | ((r: Reminder) => Partial<Reminder>),
): Promise<Reminder[]> {
  const at = now.toISOString();
  const records = list.map((r): Reminder => ({ ...r, ...(typeof change === 'function' ? change(r) : change), revision: r.revision + 1, updatedAt: at }));
  await store.commit(records.map((record, i) => ({ type: 'put', kind: 'reminder', record, expectedRevision: list[i]!.revision })));
  return records;
}

const transition = async (store: TenantStore, r: Reminder, now: Date, change: Partial<Reminder>): Promise<Reminder> =>
  (await transitionAll(store, [r], now, change))[0]!;

/** Written before a send goes out: if the process dies before the outcome is recorded, the send is in doubt. */
export const markSending = (store: TenantStore, r: Reminder, now: Date) => transition(store, r, now, { sendingSince: now.toISOString() });

/** markSending for several reminders in one write (all or none). */
export const markSendingMany = (store: TenantStore, list: readonly Reminder[], now: Date) =>
  transitionAll(store, list, now, { sendingSince: now.toISOString() });

export const markSent = (store: TenantStore, r: Reminder, now: Date, activityId: string | null = null) =>
  transition(store, r, now, {
    state: 'sent',
    sentAt: now.toISOString(),
    attempts: r.attempts + 1,
    nextAttemptAt: null,
    lastError: null,
    sendingSince: null,
    activityId,
  });

export const markRetry = (store: TenantStore, r: Reminder, now: Date, nextAttemptAt: Date, error: string) =>
  transition(store, r, now, { attempts: r.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: error.slice(0, 2_000), sendingSince: null });

/** A send in doubt whose fate could not be looked up yet: it stays in doubt and is looked up again at `nextAttemptAt`. */
export const markStillInDoubt = (store: TenantStore, r: Reminder, now: Date, nextAttemptAt: Date, error: string) =>
  transition(store, r, now, { attempts: r.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: error.slice(0, 2_000) });

/** Given up, several at once (all or none): their recipients have no personal chat with the app. Nothing was sent. */
export const markUnreachableMany = (store: TenantStore, list: readonly Reminder[], now: Date) =>
  transitionAll(store, list, now, (r) => ({ state: 'given_up', nextAttemptAt: null, lastError: unreachable(r), sendingSince: null }));
export const unreachable = (r: Reminder) => `${UNDELIVERABLE.notInstalled}: ${r.recipientId} has no personal chat with the app`;

/** Final: given_up when the recipient cannot be reached (403, 404, not installed), failed when retries ran out. */
export const markUndeliverable = (store: TenantStore, r: Reminder, now: Date, state: 'given_up' | 'failed', reason: string, attempted = true) =>
  transition(store, r, now, { state, attempts: r.attempts + (attempted ? 1 : 0), nextAttemptAt: null, lastError: reason.slice(0, 2_000), sendingSince: null });

export type CampaignEvent = {
  eventId: string;
  title: Record<string, string | undefined>;
  effectiveDate: string;
  planned: number;
  sent: number;
  pending: number;
  failed: number;
  /** Failures by reason code (blocked_or_uninstalled, conversation_not_found, not_installed, retries_exhausted). */
  reasons: { reason: string; count: number }[];
  /** Who could not be reached, and why: for the quality office to follow up. */
  unreachable: { recipientId: string; name: string; reason: string; detail: string | null }[];
  /** Share of planned reminders that were sent, 0–1 (a failed one is not progress); null when nothing is planned. */
  progress: number | null;
};

export type CampaignState = { unitId: string; year: number; events: CampaignEvent[] };

/** Per wheel event of a unit's wheel (its own and those above it): the reminders planned, sent, failed and pending. */
export async function campaignState(ctx: ServiceContext, year: number, unitId: string): Promise<CampaignState> {
  await authorizeAuditRead(ctx, unitId);
  const wheel = await getWheel(ctx, unitId, year);
  const occasionOf = new Map<string, string>();
  for (const e of wheel.events) for (const o of e.reminderOffsetsDays) occasionOf.set(`wheel:${e.id}:${o}`, e.id);
  const reminders = occasionOf.size ? await ctx.store.listAll('reminder', { occasion: [...occasionOf.keys()] }) : [];
  const byEvent = new Map<string, Reminder[]>();
  for (const r of reminders) {
    const eventId = occasionOf.get(r.occasion);
    if (eventId) byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), r]);
  }
  const reasonOf = (r: Reminder) => (r.lastError ?? 'unknown').split(':')[0]!.trim();
  const unreached = [...new Set(reminders.filter((r) => r.state === 'failed' || r.state === 'given_up').map((r) => r.recipientId))];
  const [people] = unreached.length ? await ctx.store.readMany([read.ids('person', unreached)]) : [[]];
  const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
  return {
    unitId,
    year,
    events: wheel.events.map((e) => {
      const list = byEvent.get(e.id) ?? [];
      const failedList = list.filter((r) => r.state === 'failed' || r.state === 'given_up');
      const reasons = new Map<string, number>();
      for (const r of failedList) reasons.set(reasonOf(r), (reasons.get(reasonOf(r)) ?? 0) + 1);
      const sent = list.filter((r) => r.state === 'sent').length;
      return {
        eventId: e.id,
        title: e.title,
        effectiveDate: e.effectiveDate,
        planned: list.length,
        sent,
        pending: list.filter((r) => r.state === 'pending').length,
        failed: failedList.length,
        reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        unreachable: failedList
          .map((r) => ({ recipientId: r.recipientId, name: nameOf.get(r.recipientId) ?? r.recipientId, reason: reasonOf(r), detail: r.lastError }))
          .sort((a, b) => a.name.localeCompare(b.name) || a.recipientId.localeCompare(b.recipientId)),
        progress: list.length ? sent / list.length : null,
      };
    }),
  };
}

/** What reminders speak of, read in one round trip for a whole batch: wheel events, indicators and units. */
export async function reminderSubjects(store: TenantStore, reminders: readonly Reminder[]) {
  const eventIds = new Set<string>();
  const indicatorIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const r of reminders) {
    // A reminder that does not fit its schema speaks of nothing here; the dispatcher gives it up when it reads it.
    const content = ReminderContent.safeParse({ type: r.type, items: r.items });
    if (!content.success) continue;
    for (const item of content.data.items) {
      if (item.kind === 'wheel') eventIds.add(item.eventId);
      if (item.kind === 'measurement') indicatorIds.add(item.indicatorId);
      if (item.kind === 'wheel' || item.kind === 'measurement') unitIds.add(item.unitId);
    }
  }
  const [events, indicators, units] = await store.readMany([
    read.ids('wheelEvent', [...eventIds]),
    read.ids('indicator', [...indicatorIds]),
    read.ids('unit', [...unitIds]),
  ]);
  return {
    events: new Map(events.map((e) => [e.id, e])),
    indicators: new Map(indicators.map((i) => [i.id, i])),
    units: new Map(units.map((u) => [u.id, u])),
  };
}
export type ReminderSubjects = Awaited<ReturnType<typeof reminderSubjects>>;
