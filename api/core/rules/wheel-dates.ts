import type { WheelEvent } from '../model';
import { lastDayOfMonth } from './periods';

/**
 * The one rule for when an annual-cycle event is: what days it covers and the day it counts from (reminders are
 * planned back from it, the wheel sorts by it). Pure, so the tab sorts with it too.
 */

type When = Pick<WheelEvent, 'year' | 'month' | 'date'> & Partial<Pick<WheelEvent, 'part' | 'until'>>;
type Part = NonNullable<WheelEvent['part']>;

const pad = (n: number) => String(n).padStart(2, '0');
/** The first and last day of a part of a month: primo 1–10, medio 11–20, ultimo 21 to the month's end. */
function partSpan(year: number, month: number, part: Part | null | undefined): { start: string; end: string } {
  const last = lastDayOfMonth(year, month);
  const day = (d: number) => `${year}-${pad(month)}-${pad(d)}`;
  switch (part) {
    case 'primo':
      return { start: day(1), end: day(10) };
    case 'medio':
      return { start: day(11), end: day(20) };
    case 'ultimo':
      return { start: day(21), end: last };
    default:
      return { start: day(1), end: last };
  }
}

/** The days an event covers: its date, its part of a month, its whole month, or from its start to its end. */
export function eventSpan(e: When): { start: string; end: string } {
  const start = e.date ?? partSpan(e.year, e.month, e.part).start;
  const u = e.until;
  const end = u ? (u.date ?? partSpan(e.year, u.month, u.part).end) : (e.date ?? partSpan(e.year, e.month, e.part).end);
  return { start, end };
}

/**
 * The day an event counts from: its date; the start of its range or of its part of a month ("medio marts–primo maj"
 * counts from 11 March); a whole month alone, as the wheels have always counted it, from its last day.
 */
export function eventDate(e: When): string {
  if (e.date) return e.date;
  if (!e.part && !e.until) return lastDayOfMonth(e.year, e.month);
  return eventSpan(e).start;
}

/** The wheel's order: by the day an event counts from, then by where it ends, then by id. */
export function compareEvents(a: When & { id: string }, b: When & { id: string }): number {
  const da = eventDate(a);
  const db = eventDate(b);
  if (da !== db) return da < db ? -1 : 1;
  const ea = eventSpan(a).end;
  const eb = eventSpan(b).end;
  if (ea !== eb) return ea < eb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
