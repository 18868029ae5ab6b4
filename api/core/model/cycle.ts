import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, LocalizedText, Month, Stored, Text, Year } from './common';
import { AUDIENCE_ROLES, MONTH_PARTS, WHEEL_ACTIONS, WHEEL_EVENT_KINDS } from './cycle-vocabulary';

export { AUDIENCE_ROLES, MONTH_PARTS, WHEEL_ACTIONS, WHEEL_EVENT_KINDS };

export const MonthPart = z.enum(MONTH_PARTS);
export type MonthPart = z.infer<typeof MonthPart>;

/** Where an event that runs over some time ends: a date, or a month (and its part) of the event's year. */
export const WheelEventEnd = z.object({ date: IsoDate.nullable().default(null), month: Month, part: MonthPart.nullable().default(null) }).strict();
export type WheelEventEnd = z.infer<typeof WheelEventEnd>;

export const WheelEventKind = z.enum(WHEEL_EVENT_KINDS);

export const AudienceRole = z.enum(AUDIENCE_ROLES);

export const WheelAction = z.enum(WHEEL_ACTIONS);

/**
 * An event of the annual cycle (årshjul) for one year and one part of the organisation tree.
 * Either a date, or a month (the whole month, as the municipalities' wheels often say), or a part of a month
 * ("primo marts"); and, for one that runs over some time, where it ends ("medio marts–primo maj").
 */
export const WheelEvent = Stored.extend({
  unitId: Id,
  year: Year,
  date: IsoDate.nullable().default(null),
  month: Month,
  /** The part of `month` the event starts in (primo, medio, ultimo); null for a date or the whole month. */
  part: MonthPart.nullable().default(null),
  /** The end of an event that runs over some time, in the same year; null for one day or one month (part). */
  until: WheelEventEnd.nullable().default(null),
  /** When, as the document writes it ("medio marts–primo maj", "uge 12"): shown as written. */
  whenText: z.string().min(1).max(200).optional(),
  title: LocalizedText,
  description: LocalizedText.optional(),
  kind: WheelEventKind,
  audience: z.array(AudienceRole).max(AUDIENCE_ROLES.length).default([]),
  reminderOffsetsDays: z.array(z.number().int().min(0).max(365)).max(10).default([]),
  action: WheelAction.default('none'),
});
export type WheelEvent = z.infer<typeof WheelEvent>;

export function checkWheelEvent(
  e: { date: string | null; month: number; year: number; part?: MonthPart | null; until?: WheelEventEnd | null },
  ctx: z.RefinementCtx,
): void {
  if (e.date !== null) {
    if (Number(e.date.slice(0, 4)) !== e.year) ctx.addIssue({ code: 'custom', path: ['date'], message: 'date must lie in the event year' });
    if (Number(e.date.slice(5, 7)) !== e.month) ctx.addIssue({ code: 'custom', path: ['month'], message: 'month must be the month of date' });
    if (e.part) ctx.addIssue({ code: 'custom', path: ['part'], message: 'an event with a date has no month part' });
  }
  const u = e.until;
  if (!u) return;
  if (u.date !== null) {
    if (Number(u.date.slice(0, 4)) !== e.year) ctx.addIssue({ code: 'custom', path: ['until', 'date'], message: 'date must lie in the event year' });
    if (Number(u.date.slice(5, 7)) !== u.month) ctx.addIssue({ code: 'custom', path: ['until', 'month'], message: 'month must be the month of date' });
    if (u.part) ctx.addIssue({ code: 'custom', path: ['until', 'part'], message: 'an event with a date has no month part' });
  }
  const order = (month: number, part: MonthPart | null | undefined, date: string | null) =>
    month * 100 + (date ? Number(date.slice(8, 10)) : part === 'medio' ? 11 : part === 'ultimo' ? 21 : 1);
  const endOrder = (month: number, part: MonthPart | null | undefined, date: string | null) =>
    month * 100 + (date ? Number(date.slice(8, 10)) : part === 'primo' ? 10 : part === 'medio' ? 20 : 31);
  if (endOrder(u.month, u.part, u.date) <= order(e.month, e.part, e.date))
    ctx.addIssue({ code: 'custom', path: ['until', 'month'], message: 'the end must come after the start' });
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
