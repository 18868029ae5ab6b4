import { label, LOCALES, monthName, parseNumber, t, type Locale } from './i18n/text';
import { DIRECTIONS, MEASURE_TYPES, Period, type Direction, type Frequency, type MeasureType } from './model';

/**
 * The spreadsheet of an agreement's goals (docs/spreadsheet.md): the Silkeborg goal table — goal, actions,
 * success criteria — with indicator columns and, optionally, one column per measured period. ONE list of columns
 * serves the template, the import and the export; each column's heading is the catalogue's word
 * (`sheetColumn.<key>`) in the user's language, and an import reads a heading in any of the product's languages.
 *
 * A row holds at most one goal, one action, one success criterion and one indicator. A row with no goal columns
 * continues the goal above it. The id columns are filled by an export, so importing it again updates the same
 * records; left empty, a record is matched by its goal number or text, or created.
 *
 * Pure: a workbook is read and written by api/spreadsheet/workbook.ts, which hands over and takes a Grid.
 */

export type Cell = string | number | null;
/** One sheet as rows of cells; `rows[0]` is the heading row; a row's number in the sheet is its index + 1. */
export type GridSheet = { name: string; rows: Cell[][] };
export type Grid = { sheets: GridSheet[] };

export type SheetPart = 'agreement' | 'goal' | 'action' | 'successCriterion' | 'indicator';

/** The columns, in the order the template and the export write them. */
export const SHEET_COLUMNS = [
  { key: 'agreementId', part: 'agreement' },
  { key: 'goalNumber', part: 'goal', field: 'number' },
  { key: 'goal', part: 'goal', field: 'title' },
  { key: 'goalOwner', part: 'goal', field: 'ownerId' },
  { key: 'parentGoals', part: 'goal', field: 'parentGoalIds' },
  { key: 'action', part: 'action', field: 'text' },
  { key: 'successCriterion', part: 'successCriterion', field: 'text' },
  { key: 'indicator', part: 'indicator', field: 'name' },
  { key: 'unitOfMeasure', part: 'indicator', field: 'unitOfMeasure' },
  { key: 'baseline', part: 'indicator', field: 'baseline' },
  { key: 'targetText', part: 'indicator', field: 'targetText' },
  { key: 'direction', part: 'indicator', field: 'direction' },
  { key: 'target', part: 'indicator', field: 'target' },
  { key: 'targetMax', part: 'indicator', field: 'targetMax' },
  { key: 'frequency', part: 'indicator', field: 'frequency' },
  { key: 'dataSource', part: 'indicator', field: 'dataSource' },
  { key: 'measureType', part: 'indicator', field: 'measureType' },
  { key: 'goalId', part: 'goal', field: 'id' },
  { key: 'actionId', part: 'action', field: 'id' },
  { key: 'criterionId', part: 'successCriterion', field: 'id' },
  { key: 'indicatorId', part: 'indicator', field: 'id' },
] as const satisfies readonly { key: string; part: SheetPart; field?: string }[];

export type ColumnKey = (typeof SHEET_COLUMNS)[number]['key'];

/** The heading of a column in a language. */
export const columnHeading = (key: ColumnKey, locale: Locale): string => t(`sheetColumn.${key}`, locale);

/** The heading row of the template and the export: the columns, then the measured periods ("2026", "2026-Q1", "2026-03"). */
export const headingRow = (locale: Locale, periods: readonly string[] = []): string[] => [
  ...SHEET_COLUMNS.map((c) => columnHeading(c.key, locale)),
  ...periods,
];

const fold = (s: string) => s.trim().toLocaleLowerCase('da').replace(/\s+/g, ' ');

/** Which column a heading names, in any language (null: a measured period or an unknown heading). */
const HEADINGS = new Map<string, ColumnKey>(SHEET_COLUMNS.flatMap((c) => LOCALES.map((l) => [fold(columnHeading(c.key, l)), c.key] as const)));
export const columnOfHeading = (heading: string): ColumnKey | null => HEADINGS.get(fold(heading)) ?? null;
/** A heading that is a period key is a measurement column. */
export const periodOfHeading = (heading: string): string | null => (Period.safeParse(heading.trim()).success ? heading.trim() : null);

/** The column (with its field) in which a record's field is written, for naming it in an error. */
export function columnOfField(part: SheetPart, field: string): ColumnKey | null {
  const c = SHEET_COLUMNS.find((col) => col.part === part && 'field' in col && col.field === field);
  return c?.key ?? SHEET_COLUMNS.find((col) => col.part === part && 'field' in col && col.field !== 'id')?.key ?? null;
}

/** A cell's text (numbers as the user's language writes them are not needed here: text cells only), '' when empty. */
export const cellText = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());

/** A cell as a number: a number cell, or text as a user types it ("87,5"); undefined when empty; NaN when not a number. */
export function cellNumber(c: Cell | undefined): number | undefined {
  if (typeof c === 'number') return c;
  const s = cellText(c);
  if (!s) return undefined;
  return parseNumber(s) ?? Number.NaN;
}

/**
 * An explicit "no value" for a period, as municipal reports write it: the dash the export writes ("–"), a hyphen or
 * an em dash, or the words in any language ("ingen værdi", "inget värde", "no value"). Never read as 0.
 */
export const NO_VALUE_CELL = '–';
const NO_VALUE_WORDS = new Set(['–', '-', '—', ...LOCALES.flatMap((l) => [fold(t('noValue', l)), fold(`– ${t('noValue', l)}`)])]);
export const isNoValue = (c: Cell | undefined): boolean => typeof c === 'string' && NO_VALUE_WORDS.has(fold(c));

// Words of a vocabulary, written in the user's language and read in any.
const wordsOf = <V extends string>(group: string, values: readonly V[]) =>
  new Map<string, V>(values.flatMap((v) => [[fold(v), v] as const, ...LOCALES.map((l) => [fold(label(group, v, l)), v] as const)]));
const DIRECTION_WORDS = wordsOf('direction', DIRECTIONS);
const MEASURE_TYPE_WORDS = wordsOf('measureType', MEASURE_TYPES);
export const parseDirection = (s: string): Direction | null => DIRECTION_WORDS.get(fold(s)) ?? null;
export const parseMeasureType = (s: string): MeasureType | null => MEASURE_TYPE_WORDS.get(fold(s)) ?? null;
export const directionChoices = (locale: Locale) => DIRECTIONS.map((d) => label('direction', d, locale));
export const measureTypeChoices = (locale: Locale) => MEASURE_TYPES.map((d) => label('measureType', d, locale));

const FREQUENCY_KINDS = ['monthly', 'quarterly', 'yearly', 'months'] as const;
const FREQUENCY_WORDS = wordsOf('frequency', FREQUENCY_KINDS);
const MONTH_WORDS = new Map<string, number>(
  Array.from({ length: 12 }, (_, i) => i + 1).flatMap((m) => [
    [String(m), m] as const,
    ...LOCALES.flatMap((l) => [[fold(monthName(m, l)), m] as const, [fold(monthName(m, l, 'short')).replace(/\.$/, ''), m] as const]),
  ]),
);

/** "Hver måned", "Hvert kvartal", "En gang om året: december", "I udvalgte måneder: juni, november". */
export function formatFrequency(f: Frequency, locale: Locale): string {
  const word = label('frequency', f.kind, locale);
  if (f.kind === 'yearly') return `${word}: ${monthName(f.month, locale)}`;
  if (f.kind === 'months') return `${word}: ${f.months.map((m) => monthName(m, locale)).join(', ')}`;
  return word;
}

/** The frequency as formatFrequency writes it in any language (or `yearly: 12`, `months: 6, 11`); null when it is none. */
export function parseFrequency(s: string): Frequency | null {
  const [head = '', ...rest] = s.split(':');
  const kind = FREQUENCY_WORDS.get(fold(head));
  const months = rest
    .join(':')
    .split(/[,;/]| og | och | and /)
    .map((x) => fold(x).replace(/\.$/, ''))
    .filter(Boolean)
    .map((x) => MONTH_WORDS.get(x));
  if (!kind || months.some((m) => m === undefined)) return null;
  const ms = months as number[];
  if (kind === 'monthly' || kind === 'quarterly') return ms.length ? null : { kind };
  if (kind === 'yearly') return ms.length === 1 ? { kind, month: ms[0]! } : ms.length === 0 ? { kind, month: 12 } : null;
  return ms.length ? { kind, months: ms } : null;
}
export const frequencyChoices = (locale: Locale) =>
  [
    formatFrequency({ kind: 'monthly' }, locale),
    formatFrequency({ kind: 'quarterly' }, locale),
    formatFrequency({ kind: 'yearly', month: 12 }, locale),
    formatFrequency({ kind: 'months', months: [6, 11] }, locale),
  ].join(' | ');

/** A column's place in a sheet as a spreadsheet names it: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** One problem of an imported sheet: where (sheet, row number, column heading as the file writes it) and what, in the user's language. */
export type SheetProblem = { sheet: string; row: number; column: string; cell: string; message: string };
