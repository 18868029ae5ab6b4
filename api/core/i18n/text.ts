import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type Locale } from '../model/locales';
import { CATALOGUE, type MessageKey } from './catalogue';

/**
 * The one way every surface (tab, bot, API) turns a catalogue key into text and a value into a date,
 * period, amount or number. Pure: no I/O, no zod, so the tab bundles it. Arguments: the value first, the
 * locale last, everywhere.
 */

export type { Locale, MessageKey };
export { LOCALES };

/** The BCP 47 tag each product language formats with. */
const TAG: Record<Locale, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' };

/** Picks the product language from a BCP 47 tag or an Accept-Language header ("da-DK", "sv-SE,en;q=0.8"). */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'en';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    const lang = tag.split('-')[0];
    if (lang === 'nb' || lang === 'no' || lang === 'nn') continue;
    if ((LOCALES as readonly string[]).includes(lang ?? '')) return lang as Locale;
  }
  return 'en';
}

export type MessageValues = Record<string, string | number>;

type Compiled = { format: IntlMessageFormat; defaults: MessageValues };
const compiled = new Map<string, Compiled>();

type Ast = ReturnType<IntlMessageFormat['getAst']>;
// Element types of the ICU parser (@formatjs/icu-messageformat-parser TYPE): 1–5 name an argument, 6 is a plural.
const PLURAL = 6;
const NAMED = new Set([1, 2, 3, 4, 5, PLURAL]);

/** The arguments a message names, each with a harmless default: a missing value never throws at a user. */
function defaultsOf(elements: Ast, into: MessageValues = {}): MessageValues {
  for (const el of elements) {
    if (NAMED.has(el.type) && 'value' in el && typeof el.value === 'string') into[el.value] ??= el.type === PLURAL ? 0 : '';
    if ('options' in el) for (const option of Object.values(el.options) as { value: Ast }[]) defaultsOf(option.value, into);
  }
  return into;
}

function compile(key: MessageKey, locale: Locale): Compiled {
  const id = `${locale}\u0000${key}`;
  let message = compiled.get(id);
  if (!message) {
    const format = new IntlMessageFormat(CATALOGUE[key][locale], TAG[locale], undefined, { ignoreTag: true });
    compiled.set(id, (message = { format, defaults: defaultsOf(format.getAst()) }));
  }
  return message;
}

/** A catalogue text in the locale, its ICU arguments (plurals, select, placeholders) filled. */
export function t(key: MessageKey, locale: Locale, values: MessageValues = {}): string {
  const text: string = CATALOGUE[key][locale];
  if (!/[{}]/.test(text)) return text;
  const { format, defaults } = compile(key, locale);
  return String(format.format({ ...defaults, ...values }));
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, key);
}

/** The label of an enum value (`agreementStatus` + `year_end`), or the raw value when the catalogue has none. */
export function label(group: string, value: string, locale: Locale): string {
  const key = `${group}.${value}`;
  return isMessageKey(key) ? t(key, locale) : value;
}

/** A label used inside a sentence: "Status: kladde.", "mens aftalen er i årsevaluering". */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A text the municipality wrote in one or more languages, in the reader's language or the next best. */
export function localText(text: { da?: string; sv?: string; en?: string } | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] ?? text.en ?? text.da ?? text.sv ?? '';
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(id: string, make: () => F): F {
  let f = formats.get(id);
  if (!f) formats.set(id, (f = make()));
  return f as F;
}

/** "1.234,5" (da), "1 234,5" (sv), "1,234.5" (en); at most two decimals. */
export function formatNumber(n: number, locale: Locale): string {
  return cached(`n${locale}`, () => new Intl.NumberFormat(TAG[locale], { maximumFractionDigits: 2 })).format(n);
}

/** What a user types as a number: "87", "87,5" (Danish and Swedish decimal comma), "87.5", "1 200"; null when it is none. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A value with its unit of measure: "87,5 %", "12 sager". */
export function formatValue(n: number, unitOfMeasure: string, locale: Locale): string {
  return `${formatNumber(n, locale)} ${unitOfMeasure}`.trim();
}

/** A reported period as the report names its column ("Mål 2024") where it does, else the period in words. */
export function formatReportedPeriod(m: { period: string; label?: string | undefined }, locale: Locale): string {
  return m.label ?? formatPeriod(m.period, locale);
}

/**
 * A reported value as every reader sees it (tab, cards, exports): the value with its unit, or for an explicit "no
 * value" the report's dash and the words ("– ingen værdi"), never 0.
 */
export function formatMeasured(value: number | null, unitOfMeasure: string, locale: Locale): string {
  return value === null ? `– ${t('noValue', locale)}` : formatValue(value, unitOfMeasure, locale);
}

/**
 * The fields of an indicator that make its target: `direction` is the target's comparator (increase: at least,
 * decrease: at most, keep: exactly, or within the tolerance, range: between target and targetMax).
 */
export type TargetFields = {
  direction: 'increase' | 'decrease' | 'keep' | 'range';
  target: number | null;
  targetMax: number | null;
  tolerance: number | null;
  targetText?: string | null | undefined;
  unitOfMeasure: string;
};

/**
 * The target as a reader sees it, the one written form for the tab, the cards and the exports: the wording the
 * document gave ("mindst 80 %", "at least index 70", a bare "100 %") when there is one, otherwise made from
 * the comparator, the number and the unit ("Mindst 80 %", "Mellem 10 og 20 timer"); "–" when there is no target.
 */
export function formatTarget(i: TargetFields, locale: Locale): string {
  if (i.targetText) return i.targetText;
  if (i.target === null) return '–';
  const comparator = i.direction === 'keep' && i.tolerance ? 'about' : i.direction === 'range' && i.targetMax === null ? 'other' : i.direction;
  return t('targetWording', locale, {
    comparator,
    value: formatNumber(i.target, locale),
    max: i.targetMax === null ? '' : formatNumber(i.targetMax, locale),
    tolerance: i.tolerance === null ? '' : formatNumber(i.tolerance, locale),
    unit: i.unitOfMeasure,
  }).trim();
}

/** An amount: "21.848.850 kr." (da, DKK), "21 848 850 kr" (sv, SEK), "DKK 21,848,850" (en); öre/øre only when present. */
export function formatAmount(amount: number, currency: string, locale: Locale): string {
  const whole = Number.isInteger(amount);
  return cached(
    `a${locale}${currency}${whole}`,
    () => new Intl.NumberFormat(TAG[locale], { style: 'currency', currency, maximumFractionDigits: whole ? 0 : 2 }),
  ).format(amount);
}

// Dates are read in the municipalities' time zone (Copenhagen and Stockholm keep the same clock).
const TIME_ZONE = 'Europe/Copenhagen';

/** A calendar day ("2026-03-31") or an instant: "31. marts 2026", "31 mars 2026", "31 March 2026". */
export function formatDate(iso: string, locale: Locale): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return cached(`d${locale}`, () => new Intl.DateTimeFormat(TAG[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE })).format(d);
}

/** An instant with its time of day: "31. marts 2026 kl. 14.05", "31 mars 2026 kl. 14:05", "31 March 2026 at 14:05". */
export function formatDateTime(iso: string, locale: Locale): string {
  return cached(`dt${locale}`, () => new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE })).format(
    new Date(iso),
  );
}

/** Where a value fetched from a key figure came from, as shown with it: "Kolada N00945, 2024 (hentet 1. december 2026 kl. 07.00)". */
export function keyFigureOrigin(p: { provider: 'kolada' | 'statbank'; id: string; period: string; retrievedAt: string }, locale: Locale): string {
  return t('keyFigureProvenance', locale, {
    provider: t(`keyFigureProvider.${p.provider}`, locale),
    id: p.id,
    period: p.period,
    at: formatDateTime(p.retrievedAt, locale),
  });
}

/** The name of a month (1–12): "marts", "mars", "March"; short: "mar.", "mars", "Mar". */
export function monthName(month: number, locale: Locale, style: 'long' | 'short' = 'long'): string {
  return cached(`m${locale}${style}`, () => new Intl.DateTimeFormat(TAG[locale], { month: style, timeZone: 'UTC' })).format(
    new Date(Date.UTC(2026, month - 1, 15)),
  );
}

/**
 * A measurement period: "2026-03" → "marts 2026"; "2026-Q1" → "1. kvartal 2026", "kvartal 1 2026", "Q1 2026"; "2026" → "2026".
 * Short (a chart's axis): "mar. 2026", "1. kvt. 2026", "kv. 1 2026", "Q1 2026"; `withYear: false` leaves the year out ("mar.", "1. kvt.").
 */
export function formatPeriod(period: string, locale: Locale, style: 'long' | 'short' = 'long', withYear = true): string {
  const year = period.slice(0, 4);
  const quarter = /^\d{4}-Q([1-4])$/.exec(period)?.[1];
  const month = /^\d{4}-(\d{2})$/.exec(period)?.[1];
  if (style === 'short') {
    const part = quarter ? t('periodQuarterShort', locale, { quarter }) : month ? monthName(Number(month), locale, 'short') : '';
    return [part, withYear || !part ? year : ''].filter(Boolean).join(' ');
  }
  if (quarter) return t('periodQuarter', locale, { quarter, year });
  if (month) return `${monthName(Number(month), locale)} ${year}`;
  return year;
}

/**
 * An agreement's period as the product shows it (tab, cards): its dates — "open-ended" where the document names no
 * end, never a date the product made up — and for one over several years, or open-ended, the year followed up.
 */
export function agreementPeriod(a: { periodStart: string; periodEnd: string | null; year: number; lastYear?: number | undefined }, locale: Locale): string {
  const dates = `${formatDate(a.periodStart, locale)} – ${a.periodEnd ? formatDate(a.periodEnd, locale) : t('openEnded', locale)}`;
  const first = Number(a.periodStart.slice(0, 4));
  if (a.periodEnd !== null && (a.lastYear === undefined || a.lastYear <= first)) return dates;
  const years = a.lastYear !== undefined ? `${t('agreementYears', locale, { first, last: a.lastYear })}, ` : '';
  return `${dates} · ${years}${t('followingUpYear', locale, { year: a.year })}`;
}

/** What formatWhen reads of an annual-cycle event. */
export type WhenFields = {
  year: number;
  month: number;
  date: string | null;
  part?: 'primo' | 'medio' | 'ultimo' | null;
  until?: { month: number; part: 'primo' | 'medio' | 'ultimo' | null; date: string | null } | null;
  whenText?: string;
};

/**
 * When an annual-cycle event is, as a reader sees it: as the document wrote it ("medio marts–primo maj") where it
 * did, otherwise made from its date, month part and end: "medio marts–primo maj 2026", "mitten av mars 2026",
 * "31. marts 2026", "marts 2026".
 */
export function formatWhen(e: WhenFields, locale: Locale): string {
  if (e.whenText) return e.whenText;
  const piece = (month: number, part: string | null | undefined, date: string | null) =>
    date ? formatDate(date, locale) : t('monthPart', locale, { part: part ?? 'whole', month: monthName(month, locale) });
  const start = piece(e.month, e.part, e.date);
  const u = e.until;
  if (!u) return e.date ? start : `${start} ${e.year}`;
  return `${start}–${piece(u.month, u.part, u.date)}${u.date ? '' : ` ${e.year}`}`;
}
