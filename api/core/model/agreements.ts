import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, ShortText, Stored, Text, Year } from './common';
import { Fulfilment } from './goals';
import { TrackState } from './indicators';

export const AGREEMENT_STATUSES = ['draft', 'submitted', 'approved', 'in_effect', 'year_end', 'closed'] as const;
export const AgreementStatus = z.enum(AGREEMENT_STATUSES);
export type AgreementStatus = z.infer<typeof AgreementStatus>;

export const CURRENCIES = ['DKK', 'SEK'] as const;
export const Currency = z.enum(CURRENCIES);

/** Roles a party to an agreement may have; which ones sign is configured per municipality. */
export const PARTY_ROLES = ['leader', 'chief', 'board_chair', 'works_council_deputy', 'other'] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;

/**
 * A party to the agreement: a named person, or an office or body the document names without a person ("Skolechefen",
 * "Bestyrelsen for Solsikken") — then `title` names it and `name` is absent. Who signs and who owns the follow-up are
 * separate: `signs` false is a party that signs nothing (a delegated follow-up, an observer); `followsUp` a party who
 * owns the agreement's follow-up — they receive its follow-up reminders and may report its measurements.
 */
export const Party = z
  .object({
    role: PartyRole,
    /** The person's name as the document gives it; absent where the document names an office only. */
    name: ShortText.optional(),
    personId: Id.nullable().default(null),
    /** The party's title or body as the document gives it ("centerchef", "Borgerservice"). */
    title: z.string().min(1).max(300).optional(),
    /** Whether the party signs the agreement (absent: signs, in a role the municipality requires or names). */
    signs: z.boolean().optional(),
    /** Whether the party owns the agreement's follow-up (delegated follow-up). */
    followsUp: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.name !== undefined || p.title !== undefined, { message: 'a party needs a name or a title (an office)', path: ['name'] });
export type Party = z.infer<typeof Party>;

export const Signature = z
  .object({
    role: PartyRole,
    name: ShortText,
    personId: Id.nullable().default(null),
    signedAt: IsoDateTime,
    /** The agreement version this signature belongs to. */
    version: z.number().int().min(1),
  })
  .strict();
export type Signature = z.infer<typeof Signature>;

/** Amount in the currency's main unit (kroner), at most two decimals: 21.848.850 kr. is 21848850. */
export const BudgetFrame = z
  .object({
    amount: z
      .number()
      .finite()
      .min(0)
      .refine((n) => Math.round(n * 100) === n * 100, { message: 'at most two decimals' })
      .nullable(),
    currency: Currency,
    /** What the amount covers, as the agreement words it ("Driftsbudget for 2015"). */
    label: z.string().max(500).optional(),
    note: Text.optional(),
  })
  .strict();
export type BudgetFrame = z.infer<typeof BudgetFrame>;

/** Mission and vision of one body: the committee, the department, the unit. */
export const MissionVision = z.object({ owner: ShortText, mission: Text.optional(), vision: Text.optional(), intro: Text.optional() }).strict();

export const KeyFigure = z
  .object({
    label: ShortText,
    unit: z.string().max(100).optional(),
    values: z.array(z.object({ year: Year, value: z.number().finite().nullable(), note: z.string().max(500).optional() }).strict()).max(20),
  })
  .strict();

/** A section of free text the municipality uses (Silkeborg's "1. Indhold", "5. Rammerne for ledelsens arbejde"). */
export const AgreementSection = z.object({ key: z.string().min(1).max(100), title: ShortText, body: Text, sortOrder: z.number().int().default(0) }).strict();

export const Statement = z.object({ from: ShortText, text: Text, date: IsoDate.optional() }).strict();
export const Fact = z.object({ label: ShortText, value: Text }).strict();

/**
 * The approving chief's last decision on the agreement, kept on it so the leader reads a send-back's comment
 * where they work (the audit trail keeps every decision as well).
 */
export const AgreementDecision = z
  .object({
    decision: z.enum(['approve', 'requestChanges']),
    comment: Text.nullable(),
    by: Id,
    byName: ShortText,
    at: IsoDateTime,
    /** The version decided on. */
    version: z.number().int().min(1),
  })
  .strict();

/**
 * The approval as the document writes it ("Godkendt i Børne- og Skoleudvalget den 12. december 2024"), and the date
 * it names (which may lie before the period starts); null where it names none.
 */
export const ApprovalLine = z.object({ text: z.string().min(1).max(2_000), date: IsoDate.nullable() }).strict();
export type ApprovalLine = z.infer<typeof ApprovalLine>;

/** One closed year of a multi-year or open-ended agreement: its year-end evaluation, kept as written then. */
export const YearEnd = z
  .object({
    year: Year,
    /** The version in force at the year's end. */
    version: z.number().int().min(1),
    at: IsoDateTime,
    by: Id,
    byName: ShortText,
    goals: z
      .array(
        z
          .object({
            goalId: Id,
            title: ShortText,
            status: z.string().min(1).max(100).nullable(),
            results: Text.optional(),
            followUpProposals: Text.optional(),
          })
          .strict(),
      )
      .max(500),
  })
  .strict();
export type YearEnd = z.infer<typeof YearEnd>;

/**
 * One unit's quality agreement (kvalitetsaftale / verksamhetsplan): for one year, for several years (a
 * styringsaftale 2024–2027: `lastYear`), or open-ended ("gældende fra 1. januar 2025": `periodEnd` null). Each year
 * is followed up on its own: `year` is the year being followed up now (due periods, reminders, the overview, the
 * year-end evaluation); the year-end of a year that is not the last moves it on to the next (`yearEnds` keeps each
 * closed year's evaluation), and only the last year's closes the agreement.
 */
export const Agreement = Stored.extend({
  unitId: Id,
  /** The year being followed up: the agreement's year, or of a multi-year or open-ended one the current year of its cycle. */
  year: Year,
  title: ShortText,
  periodStart: IsoDate,
  /** The period's last day; null for an open-ended agreement (the document names no end). */
  periodEnd: IsoDate.nullable(),
  /** The period as the document words it, where it does ("gældende fra 1. januar 2025", "2024–2027"). */
  periodText: z.string().min(1).max(500).optional(),
  /** The last year followed up of an agreement over several years; absent for a yearly (or open-ended) agreement. */
  lastYear: Year.optional(),
  /** The closed years of a multi-year or open-ended agreement, oldest first (set by the year's move on only). */
  yearEnds: z.array(YearEnd).max(50).default([]),
  status: AgreementStatus.default('draft'),
  /** The agreement's own version (approved versions are immutable; a change opens the next one). */
  version: z.number().int().min(1).default(1),
  /** The version as the document labels it, when it does ("2.0"). */
  versionLabel: z.string().max(50).optional(),
  /** The date the document carries ("Dato: 4. december 2015"). */
  documentDate: IsoDate.nullable().default(null),
  parties: z.array(Party).max(20).default([]),
  budget: BudgetFrame.nullable().default(null),
  missionVision: z.array(MissionVision).max(10).default([]),
  profile: Text.optional(),
  facts: z.array(Fact).max(100).default([]),
  /** The three biggest challenges (Assens writing guide). */
  challenges: z.array(Text).max(3).default([]),
  signalsToCouncil: Text.optional(),
  statements: z.array(Statement).max(20).default([]),
  keyFigures: z.array(KeyFigure).max(100).default([]),
  sections: z.array(AgreementSection).max(50).default([]),
  signatures: z.array(Signature).max(20).default([]),
  /** The chief's last decision (set by the decision move only). */
  decision: AgreementDecision.nullable().default(null),
  /** Date by which the agreement is published on the municipality's website. */
  publishBy: IsoDate.nullable().default(null),
  /** The approval as the document writes it, and the date it names (an agreement imported already approved). */
  approvalLine: ApprovalLine.nullable().default(null),
  /** Where the agreement comes from (the public document, its address), kept and shown as "Source: …". */
  source: z.string().min(1).max(2_000).optional(),
  /**
   * The day the agreement's follow-up came into the product (an agreement made in the tab: the day it was made; an
   * import: as the document says). A period due before it is never late: nobody could report it here
   * (rules/indicator-status.ts, measurementState). Null: followed up in the product from its start.
   */
  followedUpSince: IsoDate.nullable().default(null),
});
export type Agreement = z.infer<typeof Agreement>;

/**
 * The figures of one agreement that overviews show (its id is the agreement's): what it is, how many goals it
 * has and how many are off track, and its periods not yet reported, counted by the day they are due (whether
 * those are due or late depends on the day asked, judged by rules/indicator-status.ts). Kept by the core in the
 * same commit as every write that changes them (services/agreement-rollups.ts), so an overview of many units
 * reads one small record per agreement instead of everything in them.
 */
export const AgreementRollup = Stored.extend({
  agreementId: Id,
  unitId: Id,
  year: Year,
  status: AgreementStatus,
  version: z.number().int().min(1),
  title: ShortText,
  goals: z.number().int().min(0),
  /** Goals marked off track or at risk, or with an indicator whose latest value misses its target. */
  goalsOffTrack: z.number().int().min(0),
  /** Due date → how many periods of the agreement's indicators due that day have no value. */
  unreportedByDue: z.record(IsoDate, z.number().int().min(1)).default({}),
  // The dashboards' figures (services/dashboard.ts). Absent in a roll-up made before them: SQLite's migration 13 and
  // `npm run provision` (derived-records.ts, fillDerivedRecords) make them again.
  /** The goals by how far they have come (rules/indicator-status.ts, goalFulfilment); a fulfilment without goals is left out. */
  goalsByFulfilment: z.partialRecord(Fulfilment, z.number().int().min(1)).optional(),
  /** The indicators by whether their latest value meets the target (trackState). */
  indicatorsByTrack: z.partialRecord(TrackState, z.number().int().min(1)).optional(),
  /** Each goal's fulfilment and parent goals: the red thread counts the goals below a goal from them (services/red-thread.ts). */
  goalLinks: z.record(Id, z.object({ f: Fulfilment, p: z.array(Id).max(20) }).strict()).optional(),
  /** The keys of its indicators' names (rules/indicator-key.ts): the units that share an indicator are found by them (services/indicators.ts). */
  indicatorKeys: z.array(z.string().max(16)).max(5_000).optional(),
});
export type AgreementRollup = z.infer<typeof AgreementRollup>;

export function checkAgreementPeriod(
  a: { periodStart: string; periodEnd: string | null; year: number; lastYear?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (a.periodEnd !== null && a.periodEnd < a.periodStart)
    ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'periodEnd must not be before periodStart' });
  if (a.lastYear === undefined) return;
  if (a.periodEnd === null) ctx.addIssue({ code: 'custom', path: ['lastYear'], message: 'an open-ended agreement has no last year' });
  else if (a.lastYear > Number(a.periodEnd.slice(0, 4)))
    ctx.addIssue({ code: 'custom', path: ['lastYear'], message: 'lastYear must not be after the year periodEnd falls in' });
  if (a.lastYear < a.year) ctx.addIssue({ code: 'custom', path: ['lastYear'], message: 'lastYear must not be before year' });
  if (a.year < Number(a.periodStart.slice(0, 4)))
    ctx.addIssue({ code: 'custom', path: ['year'], message: 'year must not be before the year periodStart falls in' });
}
