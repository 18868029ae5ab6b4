import { z } from 'zod';
import { Id, IsoDateTime, Month, ShortText, Stored, Text, Year } from './common';

/**
 * The target's comparator, the one rule the judgement (rules/indicator-status.ts, trackState) and the written form
 * (i18n/text.ts, formatTarget) read: increase = at least the target, decrease = at most, keep = exactly (within the
 * tolerance, when set), range = between target and targetMax.
 */
export const DIRECTIONS = ['increase', 'decrease', 'keep', 'range'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

/** Österåker's three measures: resursmått, prestationsmått, resultatmått. */
/** Whether an indicator's latest value meets its target (rules/indicator-status.ts, trackState). */
export const TRACK_STATES = ['on_track', 'off_track', 'no_data', 'no_target'] as const;
export const TrackState = z.enum(TRACK_STATES);
export type TrackState = z.infer<typeof TrackState>;

export const MEASURE_TYPES = ['resource', 'performance', 'result'] as const;
export const MeasureType = z.enum(MEASURE_TYPES);
export type MeasureType = z.infer<typeof MeasureType>;

export const VALUE_TYPES = ['number', 'percentage', 'scale'] as const;
export const ValueType = z.enum(VALUE_TYPES);
export type ValueType = z.infer<typeof ValueType>;

/** When an indicator is measured. Each period is due on the last day of its last month. */
export const Frequency = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monthly') }).strict(),
  z.object({ kind: z.literal('quarterly') }).strict(),
  z.object({ kind: z.literal('yearly'), month: Month }).strict(),
  z
    .object({ kind: z.literal('months'), months: z.array(Month).min(1).max(12) })
    .strict()
    .refine((f) => new Set(f.months).size === f.months.length, { message: 'months must not repeat', path: ['months'] }),
]);
export type Frequency = z.infer<typeof Frequency>;

/** The public key-figure databases an indicator can be linked to (docs/keyfigures.md). */
export const KEY_FIGURE_PROVIDERS = ['kolada', 'statbank'] as const;
export const KeyFigureProvider = z.enum(KEY_FIGURE_PROVIDERS);
export type KeyFigureProvider = z.infer<typeof KeyFigureProvider>;

/** A code as the providers write them: a Kolada KPI or unit id (N00945, V15E144001301), a StatBank table, variable or value (FOLK1A, OMRÅDE, 740). */
const KeyFigureCode = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'must be letters, digits, "_", "." or "-"');

/**
 * Where an indicator's values come from when they are a public key figure: a Kolada KPI of a municipality or an
 * organisational unit (Sweden), or a StatBank table with one value chosen for each of its variables but time
 * (Denmark). The source's period maps to the indicator's period of the same year, quarter or month, moved by
 * `yearOffset` years (a school year's figure counted in the year it ends: 1); values from `fromYear` on are fetched
 * (by default the baseline year, else the last five years).
 */
export const KeyFigureLink = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('kolada'),
      /** The KPI id (N00945). */
      kpi: KeyFigureCode,
      /** Municipality data (`/v2/data`) or an organisational unit's (`/v2/oudata`). */
      level: z.enum(['municipality', 'ou']).default('municipality'),
      /** The municipality's id (0180, 1860) or the unit's (V15E144001301). */
      areaId: KeyFigureCode,
      /** Which of Kolada's values per gender: T the total (default), K women, M men. */
      gender: z.enum(['T', 'K', 'M']).default('T'),
      yearOffset: z.number().int().min(-5).max(5).default(0),
      fromYear: Year.optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('statbank'),
      /** The table id (FOLK1A, AUS08). */
      table: KeyFigureCode,
      /** One value code for each variable of the table but time ({"code": "OMRÅDE", "value": "740"}). */
      variables: z
        .array(z.object({ code: KeyFigureCode, value: KeyFigureCode }).strict())
        .max(10)
        .refine((v) => new Set(v.map((x) => x.code.toUpperCase())).size === v.length, { message: 'a variable must not repeat' }),
      /** The table's time variable (Tid). */
      timeVariable: KeyFigureCode.default('Tid'),
      yearOffset: z.number().int().min(-5).max(5).default(0),
      fromYear: Year.optional(),
    })
    .strict(),
]);
export type KeyFigureLink = z.infer<typeof KeyFigureLink>;

/** The key figure's own id as shown with its values: the KPI, or the table. */
export const keyFigureId = (link: KeyFigureLink): string => (link.provider === 'kolada' ? link.kpi : link.table);

export const IndicatorBase = Stored.extend({
  goalId: Id,
  /** Copied from the goal by the core. */
  agreementId: Id.nullable().default(null),
  name: ShortText,
  description: Text.optional(),
  unitOfMeasure: z.string().min(1).max(100),
  valueType: ValueType.default('number'),
  /** Bounds a value must lie within (a percentage is 0–100 unless set otherwise; a scale needs both). */
  minValue: z.number().finite().nullable().default(null),
  maxValue: z.number().finite().nullable().default(null),
  baseline: z.number().finite().nullable().default(null),
  baselineYear: Year.nullable().default(null),
  /** For 'range' the lower bound; for the other directions the target itself. */
  target: z.number().finite().nullable().default(null),
  /** Upper bound of a 'range' target. */
  targetMax: z.number().finite().nullable().default(null),
  /** How far from the target a 'keep' indicator may drift and still be on track. */
  tolerance: z.number().finite().min(0).nullable().default(null),
  /** The target as the document words it ("max. xx helårspersoner i 2009", "högst 5 %", a bare "100 %"): shown as written wherever the target is. */
  targetText: Text.optional(),
  direction: Direction,
  frequency: Frequency,
  dataSource: z.string().max(1_000).optional(),
  measureType: MeasureType,
  ownerId: Id.nullable().default(null),
  ownerText: z.string().max(500).optional(),
  sortOrder: z.number().int().default(0),
  /** The public key figure the indicator's values are fetched from (services/key-figures.ts); absent: none. */
  keyFigure: KeyFigureLink.nullable().optional(),
});

function checkIndicator(i: z.infer<typeof IndicatorBase>, ctx: z.RefinementCtx): void {
  if (i.direction === 'range') {
    if (i.target === null || i.targetMax === null)
      ctx.addIssue({ code: 'custom', path: ['targetMax'], message: 'a range needs both target (lower bound) and targetMax' });
    else if (i.targetMax < i.target) ctx.addIssue({ code: 'custom', path: ['targetMax'], message: 'targetMax must not be below target' });
  }
  if (i.valueType === 'scale' && (i.minValue === null || i.maxValue === null))
    ctx.addIssue({ code: 'custom', path: ['maxValue'], message: 'a scale needs minValue and maxValue' });
  if (i.minValue !== null && i.maxValue !== null && i.maxValue < i.minValue)
    ctx.addIssue({ code: 'custom', path: ['maxValue'], message: 'maxValue must not be below minValue' });
}
export const Indicator = IndicatorBase.superRefine(checkIndicator);
export type Indicator = z.infer<typeof IndicatorBase>;
export { checkIndicator };

export const MEASUREMENT_SOURCES = ['tab', 'card', 'import', 'api', 'keyfigure'] as const;
export const MeasurementSource = z.enum(MEASUREMENT_SOURCES);
export type MeasurementSource = z.infer<typeof MeasurementSource>;

/** Period key: "2026" (yearly), "2026-Q1" (quarterly) or "2026-03" (monthly and chosen months). */
export const Period = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'must look like 2026, 2026-Q1 or 2026-03');
export type Period = z.infer<typeof Period>;

/** Where a value of source `keyfigure` came from: the provider, the key figure, the source's own period, when it was fetched. */
export const KeyFigureProvenance = z
  .object({
    provider: KeyFigureProvider,
    /** The KPI or table id. */
    id: KeyFigureCode,
    /** The municipality or unit (Kolada), or the chosen values (StatBank: "OMRÅDE=740"). */
    area: z.string().min(1).max(300),
    /** The period as the source names it (2024, 2024K1, 2024M03). */
    period: z.string().min(1).max(20),
    retrievedAt: IsoDateTime,
  })
  .strict();
export type KeyFigureProvenance = z.infer<typeof KeyFigureProvenance>;

/**
 * One entry of a measurement. `value` null is an explicit "no value" (a report's "–"): never 0, never drawn, and
 * the period is not late. `enteredBy` and `enteredAt` are null only for a value taken from a document (`source`
 * 'import'), where nobody entered it in the product: its period and `label` say what it is, `document` where it
 * was taken from; no entry time is made up.
 */
export const MeasurementEntry = z.object({
  value: z.number().finite().nullable(),
  comment: z.string().max(2_000).optional(),
  enteredBy: Id.nullable().default(null),
  enteredAt: IsoDateTime.nullable().default(null),
  source: MeasurementSource,
  /** Source `api` from another system: the Entra ID application id that sent the value. */
  appId: z.string().max(100).optional(),
  /** The column as the report names it ("2023", "Mål 2024", "Utfall 2022"), kept and shown as written. */
  label: z.string().min(1).max(100).optional(),
  /** The document the value was taken from, as written (an imported report). */
  document: z.string().min(1).max(2_000).optional(),
  /** Source `keyfigure`: the public key figure the value was fetched from. */
  keyFigure: KeyFigureProvenance.optional(),
});
export type MeasurementEntry = z.infer<typeof MeasurementEntry>;

/**
 * The value of one indicator for one period. A correction replaces the value and keeps every earlier
 * entry in `history`, oldest first.
 */
export const Measurement = Stored.extend({
  indicatorId: Id,
  /** Copied from the indicator by the core. */
  agreementId: Id.nullable().default(null),
  period: Period,
  ...MeasurementEntry.shape,
  history: z.array(MeasurementEntry).default([]),
});
export type Measurement = z.infer<typeof Measurement>;

/** Who entered a value and when are known for every value but one taken from a document. */
export function checkMeasurement(m: Pick<MeasurementEntry, 'enteredBy' | 'enteredAt' | 'source'>, ctx: z.RefinementCtx): void {
  if (m.source === 'import') return;
  if (m.enteredBy === null) ctx.addIssue({ code: 'custom', path: ['enteredBy'], message: 'only a value taken from a document may lack who entered it' });
  if (m.enteredAt === null) ctx.addIssue({ code: 'custom', path: ['enteredAt'], message: 'only a value taken from a document may lack when it was entered' });
}

/**
 * The value of each reported period of one indicator (period → value): one record per indicator (its id is the
 * indicator's), kept by the core in the same commit as every measurement written or deleted
 * (services/measurement-summaries.ts), so an overview reads one small record per indicator instead of all its
 * measurements. Facts only: indicator-status.ts judges them.
 */
export const MeasurementSummary = Stored.extend({
  indicatorId: Id,
  /** The agreement of the indicator's measurements. */
  agreementId: Id.nullable().default(null),
  /** null: the period is reported as "no value". */
  values: z.record(Period, z.number().finite().nullable()).default({}),
});
export type MeasurementSummary = z.infer<typeof MeasurementSummary>;

/**
 * The state of one indicator's key-figure link (its id is the indicator's), kept by services/key-figures.ts and
 * read by the quality office: the last attempt and success, the last error and when the next attempt is due (a
 * source that is down is tried again later, with a growing pause), and the periods whose fetched value differs from
 * the one a person entered (never overwritten: the quality office decides).
 */
export const KeyFigureConflict = z
  .object({
    period: Period,
    /** The value the key figure gives. */
    keyFigureValue: z.number().finite(),
    /** The value kept, as entered. */
    value: z.number().finite().nullable(),
    source: MeasurementSource,
    enteredBy: Id.nullable(),
  })
  .strict();
export type KeyFigureConflict = z.infer<typeof KeyFigureConflict>;

export const KeyFigureRun = Stored.extend({
  indicatorId: Id,
  /** The municipality the indicator lies in: whose quality office reads it. */
  municipalityId: Id.nullable(),
  agreementId: Id.nullable(),
  provider: KeyFigureProvider,
  keyFigureId: z.string().max(60),
  lastAttemptAt: IsoDateTime.nullable(),
  lastSuccessAt: IsoDateTime.nullable(),
  lastError: z
    .object({ at: IsoDateTime, message: z.string().max(1_000), status: z.number().int().optional() })
    .strict()
    .nullable(),
  /** Failed attempts since the last success. */
  failures: z.number().int().min(0),
  nextAttemptAt: IsoDateTime,
  /** Values written by the last successful attempt (created or corrected by the source). */
  recorded: z.number().int().min(0),
  conflicts: z.array(KeyFigureConflict).max(200),
  /** Source periods left out: not a period of the indicator's frequency, or a value outside its bounds. */
  skipped: z.array(z.object({ period: z.string().max(20), reason: z.enum(['period', 'value']) }).strict()).max(200),
});
export type KeyFigureRun = z.infer<typeof KeyFigureRun>;
