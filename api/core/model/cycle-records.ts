import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Stored } from './common';
import { WheelAction } from './cycle';
import { Period } from './indicators';

/**
 * Records of the annual cycle's delivery and of the agreement's life that the product keeps for itself
 * (internal kinds: stored through the port, served only by dedicated routes).
 */

export const REMINDER_STATES = ['pending', 'sent', 'failed', 'given_up'] as const;

/** What a reminder speaks of: one wheel event (the annual wheel's reminders). */
export const WheelReminderItem = z.object({ kind: z.literal('wheel'), eventId: Id, action: WheelAction, date: IsoDate, unitId: Id });
/** One measurement due or late from the recipient (measurement reminders and the chief's escalation). */
export const MeasurementReminderItem = z.object({
  kind: z.literal('measurement'),
  indicatorId: Id,
  period: Period,
  due: IsoDate,
  state: z.enum(['due', 'late']),
  unitId: Id,
});
/** A submitted agreement awaiting the recipient's approval. */
export const ApprovalReminderItem = z.object({ kind: z.literal('approval'), agreementId: Id, version: z.number().int().min(1) });
/** The approver's decision on the recipient's agreement. */
export const DecisionReminderItem = z.object({
  kind: z.literal('decision'),
  agreementId: Id,
  version: z.number().int().min(1),
  decision: z.enum(['approve', 'requestChanges']),
  comment: z.string().max(2_000).nullable(),
  /** The actor who decided (a person's id). */
  decidedBy: z.string().min(1).max(200),
});
export const ReminderItem = z.discriminatedUnion('kind', [WheelReminderItem, MeasurementReminderItem, ApprovalReminderItem, DecisionReminderItem]);
export type ReminderItem = z.infer<typeof ReminderItem>;
export type WheelReminderItem = z.infer<typeof WheelReminderItem>;
export type MeasurementReminderItem = z.infer<typeof MeasurementReminderItem>;
export type ApprovalReminderItem = z.infer<typeof ApprovalReminderItem>;
export type DecisionReminderItem = z.infer<typeof DecisionReminderItem>;

const MAX_REMINDER_ITEMS = 500;

/**
 * A reminder's kind and what it speaks of, one union: each type carries its own kind of item. The outbox
 * stores them flat (`type` and `items` on the record); readers go through reminderContent().
 */
export const ReminderContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('wheel'), items: z.array(WheelReminderItem).max(MAX_REMINDER_ITEMS) }),
  z.object({ type: z.enum(['measurements', 'escalation']), items: z.array(MeasurementReminderItem).max(MAX_REMINDER_ITEMS) }),
  z.object({ type: z.literal('approval_request'), items: z.array(ApprovalReminderItem).min(1).max(1) }),
  z.object({ type: z.literal('decision'), items: z.array(DecisionReminderItem).min(1).max(1) }),
]);
export type ReminderContent = z.infer<typeof ReminderContent>;

/**
 * A planned reminder in the outbox. Its id is derived from the idempotency key (occasion and recipient),
 * so planning the same reminder twice finds the record that is already there.
 */
export const Reminder = Stored.extend({
  key: z.string().min(1).max(1_000),
  occasion: z.string().min(1).max(500),
  recipientId: Id,
  /** wheel, measurements, escalation: the planner's; approval_request and decision: the agreement's life. */
  type: z.enum(['wheel', 'measurements', 'escalation', 'approval_request', 'decision']),
  /** Each item of the kind the type carries (ReminderContent); read through reminderContent(), which checks the pair. */
  items: z.array(ReminderItem).max(MAX_REMINDER_ITEMS),
  state: z.enum(REMINDER_STATES),
  attempts: z.number().int().min(0),
  nextAttemptAt: IsoDateTime.nullable(),
  plannedAt: IsoDateTime,
  sentAt: IsoDateTime.nullable().default(null),
  /** Why the last attempt failed, or why delivery was given up (blocked, uninstalled, not found). */
  lastError: z.string().max(2_000).nullable().default(null),
  /**
   * Written before a send goes out and cleared with its outcome. Found set after a crash, the send's fate is
   * in doubt: the dispatcher looks in the chat before it sends again (bot/dispatcher.ts).
   */
  sendingSince: IsoDateTime.nullable().default(null),
  /** The message's id in the chat, once sent (as the Bot Connector answered, or as found in the chat). */
  activityId: z.string().max(500).nullable().default(null),
});
export type Reminder = z.infer<typeof Reminder>;

/**
 * A stored reminder's type and items, validated: the store returns records as they were written, so what a
 * reminder speaks of is checked here, on read, before anything acts on it. Throws a ZodError naming the
 * field (e.g. `items.0.eventId`) when the record does not fit.
 */
export function reminderContent(r: Pick<Reminder, 'type' | 'items'>): ReminderContent {
  return ReminderContent.parse({ type: r.type, items: r.items });
}

/** A lease held in the store: only its holder runs the work it guards (the dispatcher) until it expires. */
export const Lease = Stored.extend({
  holder: z.string().min(1).max(200),
  expiresAt: IsoDateTime,
});
export type Lease = z.infer<typeof Lease>;

/** Out of office: no reminders to the person while today lies in [from, to]. */
export const Pause = Stored.extend({
  personId: Id,
  from: IsoDate,
  to: IsoDate,
  note: z.string().max(500).optional(),
});
export type Pause = z.infer<typeof Pause>;

/** An immutable snapshot of an agreement as submitted: the agreement and everything under it. */
export const AgreementVersion = Stored.extend({
  agreementId: Id,
  version: z.number().int().min(1),
  submittedAt: IsoDateTime,
  submittedBy: Id,
  /**
   * The version arrived already submitted or decided with an imported document (the seeds were approved on paper):
   * `submittedAt` and `submittedBy` are then the import's, not a submission; the approval is the agreement's
   * approvalLine, as the document writes it. Versions stored before this field are told by isImportedVersion.
   */
  imported: z.boolean().optional(),
  snapshot: z.record(z.string(), z.unknown()),
});
export type AgreementVersion = z.infer<typeof AgreementVersion>;
