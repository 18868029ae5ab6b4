import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Stored } from './common';

/**
 * Records of the annual cycle's delivery and of the agreement's life that the product keeps for itself
 * (internal kinds: stored through the port, served only by dedicated routes).
 */

export const REMINDER_STATES = ['pending', 'sent', 'failed', 'given_up'] as const;

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
  items: z.array(z.record(z.string(), z.unknown())).max(500),
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
  snapshot: z.record(z.string(), z.unknown()),
});
export type AgreementVersion = z.infer<typeof AgreementVersion>;
