import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, LocalizedText, Month, Stored, Text, Year } from './common';
import { AUDIENCE_ROLES, WHEEL_ACTIONS, WHEEL_EVENT_KINDS } from './cycle-vocabulary';

export { AUDIENCE_ROLES, WHEEL_ACTIONS, WHEEL_EVENT_KINDS };

export const WheelEventKind = z.enum(WHEEL_EVENT_KINDS);

export const AudienceRole = z.enum(AUDIENCE_ROLES);

export const WheelAction = z.enum(WHEEL_ACTIONS);

/**
 * An event of the annual cycle (årshjul) for one year and one part of the organisation tree.
 * Either a date, or a month (the whole month, as the municipalities' wheels often say).
 */
export const WheelEvent = Stored.extend({
  unitId: Id,
  year: Year,
  date: IsoDate.nullable().default(null),
  month: Month,
  title: LocalizedText,
  description: LocalizedText.optional(),
  kind: WheelEventKind,
  audience: z.array(AudienceRole).max(AUDIENCE_ROLES.length).default([]),
  reminderOffsetsDays: z.array(z.number().int().min(0).max(365)).max(10).default([]),
  action: WheelAction.default('none'),
});
export type WheelEvent = z.infer<typeof WheelEvent>;

export function checkWheelEvent(e: { date: string | null; month: number; year: number }, ctx: z.RefinementCtx): void {
  if (e.date !== null) {
    if (Number(e.date.slice(0, 4)) !== e.year) ctx.addIssue({ code: 'custom', path: ['date'], message: 'date must lie in the event year' });
    if (Number(e.date.slice(5, 7)) !== e.month) ctx.addIssue({ code: 'custom', path: ['month'], message: 'month must be the month of date' });
  }
}

/** An audit entry: append-only, never edited. */
export const AuditEntry = z.object({
  id: Id,
  at: IsoDateTime,
  actorId: Id,
  entityKind: z.string().min(1).max(50),
  entityId: Id,
  action: z.enum(['create', 'update', 'delete', 'transition', 'approve', 'sign', 'import']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  note: Text.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
