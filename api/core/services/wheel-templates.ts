import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { LocalizedText, WheelEvent } from '../model';

type AudienceRole = WheelEvent['audience'][number];
import type { z } from 'zod';
import { lastDayOfMonth } from '../rules/periods';
import { sha256Hex } from '../hash';
import { createRecord } from './records';

/**
 * Ready-made annual wheels (årshjul) and the copying of a unit's wheel into another year. Both write
 * through createRecord, so every event is validated, authorised (the quality office edits the wheel) and
 * audited like an event made in the tab.
 */

type Kind = WheelEvent['kind'];
type Action = WheelEvent['action'];

/** When an event falls in a year: a month (the whole month), a day of a month, or the nth weekday of a month. */
export type TemplateWhen =
  | { month: number }
  | { month: number; day: number }
  /** weekday 1 = Monday … 7 = Sunday; nth 1–4, or -1 for the last one in the month. */
  | { month: number; weekday: number; nth: 1 | 2 | 3 | 4 | -1 };

export type WheelTemplateEvent = {
  key: string;
  when: TemplateWhen;
  title: Required<Pick<LocalizedText, 'da' | 'sv' | 'en'>>;
  kind: Kind;
  audience: AudienceRole[];
  reminderOffsetsDays: number[];
  action: Action;
};

export type WheelTemplate = { id: string; name: LocalizedText; source: string; events: WheelTemplateEvent[] };

const ev = (
  key: string,
  month: number,
  da: string,
  sv: string,
  en: string,
  kind: Kind,
  audience: AudienceRole[],
  action: Action = 'none',
  reminderOffsetsDays = [14, 3],
  when: TemplateWhen = { month },
): WheelTemplateEvent => ({ key, when, title: { da, sv, en }, kind, audience, reminderOffsetsDays, action });

/** Assens Kommune's wheel (seed 000, section 3.3 "hjælpeskema til årshjul"), months as the example gives them. */
const ASSENS: WheelTemplate = {
  id: 'assens',
  name: {
    da: 'Assens: årshjul for økonomi og kvalitetsaftaler',
    sv: 'Assens: årshjul för ekonomi och kvalitetsavtal',
    en: 'Assens: annual cycle for budget and quality agreements',
  },
  source: 'Seed 000 (Assens Kommune, "Et styringskoncept"), section 3.3',
  events: [
    ev(
      'tids-og-handleplan',
      1,
      'Tids og handleplan for det kommende års budget',
      'Tids- och handlingsplan för nästa års budget',
      "Time and action plan for next year's budget",
      'other',
      ['chiefs', 'council'],
    ),
    ev('udvalgte-temaer-analyseres', 2, 'Udvalgte temaer analyseres', 'Utvalda teman analyseras', 'Selected themes are analysed', 'other', ['chiefs']),
    ev(
      'info-til-ledere',
      2,
      'Info til ledere om budgetforløb',
      'Information till chefer om budgetprocessen',
      'Information to leaders about the budget process',
      'other',
      ['leaders'],
    ),
    ev(
      'lokal-kvalitetsaftale-udarbejdes',
      2,
      'Lokal kvalitetsaftale udarbejdes',
      'Lokalt kvalitetsavtal tas fram',
      'Local quality agreement is drawn up',
      'draft_deadline',
      ['leaders', 'staff', 'board'],
      'submit_agreement',
    ),
    ev(
      'dialog-1-kvartal',
      3,
      'Dialog på baggrund af kvalitetsaftalen (1. kvartal)',
      'Dialog utifrån kvalitetsavtalet (kvartal 1)',
      'Dialogue based on the quality agreement (Q1)',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'board', 'staff'],
      'prepare_meeting',
    ),
    ev(
      '1-budget-og-maal-seminar',
      5,
      'Byrådets 1. budget- og mål-seminar',
      'Kommunfullmäktiges första budget- och målseminarium',
      "City council's 1st budget and goal seminar",
      'budget_seminar',
      ['council', 'chiefs'],
    ),
    ev(
      'faelles-kvalitetsaftale-juni',
      6,
      'Fælles kvalitetsaftale behandles',
      'Gemensamt kvalitetsavtal behandlas',
      'Shared quality agreement is considered',
      'other',
      ['council', 'chiefs'],
    ),
    ev(
      '2-budget-og-maal-seminar',
      8,
      'Byrådets 2. budget- og mål-seminar',
      'Kommunfullmäktiges andra budget- och målseminarium',
      "City council's 2nd budget and goal seminar",
      'budget_seminar',
      ['council', 'chiefs'],
    ),
    ev('1-behandling-af-budget', 9, '1. behandling af budget', 'Första behandlingen av budgeten', 'First reading of the budget', 'other', [
      'council',
      'chiefs',
    ]),
    ev(
      'input-til-servicemaal',
      9,
      'Input fra fagudvalg til nye/justering af servicemål',
      'Synpunkter från fackutskottet på nya eller justerade servicemål',
      'Input from the committee on new or adjusted service goals',
      'other',
      ['council', 'chiefs'],
    ),
    ev(
      'dialog-3-kvartal',
      9,
      'Orientering om kommende budget og dialog (3. kvartal)',
      'Information om kommande budget och dialog (kvartal 3)',
      'Briefing on the coming budget and dialogue (Q3)',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'board', 'staff'],
      'prepare_meeting',
    ),
    ev('2-behandling-af-budget', 10, '2. behandling af budget', 'Andra behandlingen av budgeten', 'Second reading of the budget', 'approval', [
      'council',
      'chiefs',
    ]),
    ev(
      'spoergeskemaundersoegelse',
      11,
      'Spørgeskemaundersøgelse',
      'Enkätundersökning',
      'Questionnaire survey',
      'survey',
      ['leaders', 'staff'],
      'report_measurements',
    ),
    ev('detailbudget-faerdig', 11, 'Detailbudget færdig', 'Detaljbudget klar', 'Detailed budget completed', 'other', ['chiefs', 'leaders']),
    ev(
      'udarbejdelse-af-kvalitetsaftale',
      12,
      'Udmøntning af budgettet og udarbejdelse af kvalitetsaftale',
      'Budgeten genomförs och kvalitetsavtalet tas fram',
      'Budget implementation and drafting of the quality agreement',
      'draft_deadline',
      ['leaders', 'chiefs'],
      'submit_agreement',
    ),
    ev(
      'sammenskrivning-kvalitetsaftale',
      12,
      'Sammenskrivning af kvalitetsaftalen',
      'Sammanställning av kvalitetsavtalet',
      'Compilation of the quality agreement',
      'other',
      ['chiefs'],
    ),
    ev(
      'godkendelse',
      12,
      'Godkendelse af kvalitetsaftaler',
      'Godkännande av kvalitetsavtal',
      'Approval of the quality agreements',
      'approval',
      ['chiefs'],
      'approve_agreement',
      [14, 3],
      { month: 12, day: 20 },
    ),
    ev(
      'offentliggoerelse',
      1,
      'Kvalitetsaftalerne offentliggøres (senest 31. januar)',
      'Kvalitetsavtalen publiceras (senast 31 januari)',
      'The agreements are published (by 31 January)',
      'publication',
      ['quality_office'],
      'publish',
      [14, 3],
      { month: 1, day: 31 },
    ),
  ],
};

const FOLLOW_UP_MONTHS: [number, string, string, string][] = [
  [2, 'februar', 'februari', 'February'],
  [3, 'marts', 'mars', 'March'],
  [4, 'april', 'april', 'April'],
  [5, 'maj', 'maj', 'May'],
  [6, 'juni', 'juni', 'June'],
  [9, 'september', 'september', 'September'],
  [10, 'oktober', 'oktober', 'October'],
  [11, 'november', 'november', 'November'],
];

/** Österåkers kommun's municipality-wide wheel (seed 003, Bilaga 1), months as read from the diagram. */
const OESTERAAKER: WheelTemplate = {
  id: 'oesteraaker',
  name: {
    da: 'Österåker: kommunens årshjul for mål- og resultatstyring',
    sv: 'Österåker: kommunövergripande årshjul för mål- och resultatstyrning',
    en: 'Österåker: municipal annual cycle for management by objectives',
  },
  source: 'Seed 003 (Österåkers kommun, "Modell för mål- och resultatstyrning"), Bilaga 1',
  events: [
    ev(
      'arsredovisning',
      2,
      'Årsregnskab med opfølgning og analyse',
      'Årsredovisning, inklusive uppföljning och analys',
      'Annual report, including follow-up and analysis',
      'report',
      ['chiefs', 'quality_office', 'council'],
      'evaluate',
    ),
    ...FOLLOW_UP_MONTHS.map(([m, da, sv, en]) =>
      ev(
        `manadsuppfoljning-${String(m).padStart(2, '0')}`,
        m,
        `Månedlig opfølgning ${da}`,
        `Månadsuppföljning ${sv}`,
        `Monthly follow-up ${en}`,
        'follow_up',
        ['leaders', 'chiefs', 'quality_office'],
        'report_measurements',
        [7, 2],
      ),
    ),
    ev(
      'budgetdialog-var',
      3,
      'Budgetdialog på alle niveauer (forår)',
      'Budgetdialog på olika nivåer (vår)',
      'Budget dialogue at all levels (spring)',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      'prepare_meeting',
    ),
    ev(
      'ks-budgetdirektiv',
      4,
      'Økonomiudvalget fastsætter budgetdirektiv og foreløbige rammer',
      'KS, budgetdirektiv och preliminära budgetramar fastställs',
      'Executive board sets budget directives and preliminary frames',
      'other',
      ['council', 'chiefs', 'quality_office'],
    ),
    ev(
      'kf-budgetdirektiv',
      6,
      'Kommunalbestyrelsen beslutter budgetdirektiv og foreløbige rammer',
      'KF, beslut om budgetdirektiv och preliminära budgetramar',
      'Council decides budget directives and preliminary frames',
      'approval',
      ['council', 'chiefs'],
    ),
    ev(
      'delarsbokslut',
      8,
      'Halvårsregnskab med opfølgning og analyse',
      'Delårsbokslut, inklusive uppföljning och analys',
      'Interim report, including follow-up and analysis',
      'report',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      'evaluate',
    ),
    ev(
      'budgetdialog-host',
      9,
      'Budgetdialog på alle niveauer (efterår)',
      'Budgetdialog på olika nivåer (höst)',
      'Budget dialogue at all levels (autumn)',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      'prepare_meeting',
    ),
    ev(
      'namnder-forslag-budget',
      10,
      'Udvalgenes forslag til budget og virksomhedsplan',
      'Nämnder, förslag till budget och verksamhetsplan',
      'Committees propose budget and operational plan',
      'submission',
      ['council', 'chiefs'],
      'submit_agreement',
    ),
    ev(
      'kf-beslut-budget',
      11,
      'Kommunalbestyrelsen beslutter budget og virksomhedsplan',
      'KF, beslut om budget och verksamhetsplan',
      'Council decides budget and operational plan',
      'approval',
      ['council', 'chiefs'],
    ),
    ev(
      'namnder-beslut-budget',
      12,
      'Udvalgene beslutter budget og virksomhedsplan',
      'Nämnder, beslut om budget och verksamhetsplan',
      'Committees decide budget and operational plan',
      'approval',
      ['council', 'chiefs'],
      'approve_agreement',
    ),
    ev(
      'arbetsplaner',
      12,
      'Arbejdsplaner for det kommende år',
      'Arbetsplaner för kommande år',
      'Work plans for the coming year',
      'draft_deadline',
      ['leaders', 'staff'],
      'submit_agreement',
    ),
  ],
};

export const WHEEL_TEMPLATES: readonly WheelTemplate[] = [ASSENS, OESTERAAKER];

export function findTemplate(id: string): WheelTemplate {
  const found = WHEEL_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new NotFoundError('wheelTemplate', id);
  return found;
}

/**
 * An event title completed from the product's own vocabulary: when the title (in any of its languages) is one
 * of the ready-made wheels' titles, the languages it lacks are taken from there, so a Swedish reader of a
 * Danish wheel made from them reads Swedish. What the municipality wrote is kept as written; a title of its own
 * stays as it is.
 */
export function completeTitle(title: LocalizedText): LocalizedText {
  const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLocaleLowerCase() === b.toLocaleLowerCase();
  for (const t of WHEEL_TEMPLATES)
    for (const e of t.events) if (same(title.da, e.title.da) || same(title.sv, e.title.sv) || same(title.en, e.title.en)) return { ...e.title, ...title };
  return title;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => Number(lastDayOfMonth(year, month).slice(8));
/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
const isoWeekday = (year: number, month: number, day: number) => ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;

/** The date of the nth (or last, nth = -1) given weekday of a month. */
export function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  const first = isoWeekday(year, month, 1);
  let day = 1 + ((weekday - first + 7) % 7);
  if (nth === -1) {
    while (day + 7 <= daysIn(year, month)) day += 7;
  } else day += (nth - 1) * 7;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The date a template event falls on in a year, or null for a whole-month event. */
export function resolveWhen(when: TemplateWhen, year: number): string | null {
  if ('weekday' in when) return nthWeekday(year, when.month, when.weekday, when.nth);
  if ('day' in when) return `${year}-${pad(when.month)}-${pad(Math.min(when.day, daysIn(year, when.month)))}`;
  return null;
}

/** Meetings are booked on a weekday ("the second Tuesday of March"); deadlines on a calendar date. */
const MEETING_KINDS: ReadonlySet<Kind> = new Set<Kind>(['dialogue_meeting', 'budget_seminar', 'follow_up', 'survey', 'other']);

/**
 * Where a dated event of one year falls in another year. Meetings and other events booked in the calendar
 * (dialogue meetings, budget seminars, follow-ups, surveys, other) keep their place in the week: the same
 * weekday in the same position in the month (the 2nd Tuesday stays the 2nd Tuesday; a 5th weekday, or one
 * that was the last of its month, becomes the last such weekday), so they never land on a weekend and stay
 * in their month. Deadlines (draft, submission, approval, publication, report, evaluation) keep their
 * calendar date, clamped to the month's length (29 February becomes 28 February), because they are set
 * by rule ("senest 31. januar"), not by the week.
 */
export function moveDate(date: string, kind: Kind, toYear: number): string {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  if (!MEETING_KINDS.has(kind)) return `${toYear}-${pad(m)}-${pad(Math.min(d, daysIn(toYear, m)))}`;
  const weekday = isoWeekday(y, m, d);
  const nth = Math.ceil(d / 7);
  const isLast = d + 7 > daysIn(y, m);
  return nthWeekday(toYear, m, weekday, nth >= 5 || (isLast && nth === 4) ? -1 : nth);
}

/** A readable, stable id for a copied or templated event, so doing it twice finds the events already there. */
async function eventId(parts: string[]): Promise<string> {
  const id = parts.join('-').replace(/[^A-Za-z0-9_.:-]/g, '-');
  return id.length <= 120 ? id : `wheel-${(await sha256Hex(id)).slice(0, 40)}`;
}

export type WheelWriteResult = { created: WheelEvent[]; skipped: string[] };

async function createAll(ctx: ServiceContext, inputs: Record<string, unknown>[]): Promise<WheelWriteResult> {
  const result: WheelWriteResult = { created: [], skipped: [] };
  for (const input of inputs) {
    try {
      result.created.push(await createRecord(ctx, 'wheelEvent', input));
    } catch (err) {
      // Already there (the template was applied or the year copied before): keep it as it is.
      if (err instanceof ConflictError && err.code === 'already_exists') result.skipped.push(String(input.id));
      else throw err;
    }
  }
  return result;
}

function checkYear(field: string, year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100)
    throw new ValidationError([{ code: 'custom', path: [field], message: 'must be a whole number from 1990 to 2100', input: year } as z.core.$ZodIssue]);
  return year;
}

/** A template's event as a wheel event of a unit's year, under the given id. */
export function templateEventRecord(e: WheelTemplate['events'][number], id: string, unitId: string, year: number) {
  return {
    id,
    unitId,
    year,
    date: resolveWhen(e.when, year),
    month: e.when.month,
    title: e.title,
    kind: e.kind,
    audience: e.audience,
    reminderOffsetsDays: e.reminderOffsetsDays,
    action: e.action,
  };
}

/** Writes a template's events into a unit's wheel for a year (events already there are left alone). */
export async function applyTemplate(ctx: ServiceContext, unitId: string, year: number, template: WheelTemplate): Promise<WheelWriteResult> {
  checkYear('year', year);
  if (!(await ctx.store.get('unit', unitId))) throw new NotFoundError('unit', unitId);
  const inputs = await Promise.all(
    template.events.map(async (e) => {
      return templateEventRecord(e, await eventId([unitId, String(year), template.id, e.key]), unitId, year);
    }),
  );
  return createAll(ctx, inputs);
}

/** Copies a unit's own wheel events of one year into another, moving dated events by moveDate. */
export async function copyWheel(ctx: ServiceContext, unitId: string, fromYear: number, toYear: number): Promise<WheelWriteResult> {
  checkYear('fromYear', fromYear);
  checkYear('toYear', toYear);
  if (fromYear === toYear)
    throw new ValidationError([{ code: 'custom', path: ['toYear'], message: 'must differ from fromYear', input: toYear } as z.core.$ZodIssue]);
  if (!(await ctx.store.get('unit', unitId))) throw new NotFoundError('unit', unitId);
  const events = (await ctx.store.listAll('wheelEvent', { unitId, year: fromYear })).sort((a, b) => a.id.localeCompare(b.id));
  const inputs = await Promise.all(
    events.map(async (e) => {
      const date = e.date ? moveDate(e.date, e.kind, toYear) : null;
      const { id, revision: _r, createdAt: _c, updatedAt: _u, ...rest } = e;
      // Ids that name the year ("assens-2009-dialog") get the new year; others get it appended.
      const newId = id.includes(String(fromYear)) ? id.replace(String(fromYear), String(toYear)) : await eventId([id, String(toYear)]);
      return {
        ...rest,
        id: newId.length <= 128 ? newId : await eventId([id, String(toYear), 'copy']),
        year: toYear,
        date,
        month: date ? Number(date.slice(5, 7)) : e.month,
      };
    }),
  );
  return createAll(ctx, inputs);
}
