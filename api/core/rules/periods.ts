import type { Frequency, Period } from '../model';

/** One measurement period of an indicator: its key, first and last day, and the day it is due. */
export type PeriodSlot = { period: Period; start: string; end: string; due: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** Last day of a month, as an ISO date. Month is 1–12. */
export function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthSlot(year: number, month: number): PeriodSlot {
  const end = lastDayOfMonth(year, month);
  return { period: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end, due: end };
}

/**
 * The periods an indicator's frequency makes in a year, in order. Every period is due on its last day:
 * "måles den sidste dag i hver måned" (Assens).
 */
export function periodsOfYear(frequency: Frequency, year: number): readonly PeriodSlot[] {
  // Every indicator of an overview asks for the same few years and frequencies: made once, shared, frozen.
  const key = `${year}|${frequency.kind}|${frequency.kind === 'months' ? frequency.months.join(',') : frequency.kind === 'yearly' ? frequency.month : ''}`;
  let slots = SLOTS.get(key);
  if (!slots) {
    if (SLOTS.size >= 1_000) SLOTS.clear();
    SLOTS.set(key, (slots = Object.freeze(makePeriods(frequency, year).map((slot) => Object.freeze(slot)))));
  }
  return slots;
}
const SLOTS = new Map<string, readonly PeriodSlot[]>();

function makePeriods(frequency: Frequency, year: number): PeriodSlot[] {
  switch (frequency.kind) {
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => monthSlot(year, i + 1));
    case 'months':
      return [...frequency.months].sort((a, b) => a - b).map((m) => monthSlot(year, m));
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => {
        const end = lastDayOfMonth(year, q * 3);
        return { period: `${year}-Q${q}`, start: `${year}-${pad(q * 3 - 2)}-01`, end, due: end };
      });
    case 'yearly': {
      const end = lastDayOfMonth(year, frequency.month);
      return [{ period: `${year}`, start: `${year}-01-01`, end, due: end }];
    }
  }
}

/** The slot of a period key under a frequency, or null when the key does not belong to it. */
export function slotOf(frequency: Frequency, period: string): PeriodSlot | null {
  const year = Number(period.slice(0, 4));
  if (!Number.isInteger(year)) return null;
  return periodsOfYear(frequency, year).find((s) => s.period === period) ?? null;
}

/** Adds whole days to an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const key = `${isoDate}|${days}`;
  let out = DAYS.get(key);
  if (out === undefined) {
    const d = new Date(`${isoDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    if (DAYS.size >= 10_000) DAYS.clear();
    DAYS.set(key, (out = d.toISOString().slice(0, 10)));
  }
  return out;
}
/** The few due dates and grace periods of a year, each moved once. */
const DAYS = new Map<string, string>();

/** The calendar date of an instant in a time zone (Europe/Copenhagen and Europe/Stockholm agree). */
export function localDate(instant: Date, timeZone = 'Europe/Copenhagen'): string {
  // A request asks for the same instant once per indicator.
  if (LAST.time === instant.getTime() && LAST.timeZone === timeZone) return LAST.date;
  let format = DATE_FORMATS.get(timeZone);
  if (!format) DATE_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const date = format.format(instant);
  Object.assign(LAST, { time: instant.getTime(), timeZone, date });
  return date;
}
const LAST = { time: NaN, timeZone: '', date: '' };
/** One formatter per time zone: building one costs far more than formatting with it. */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
