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

export const MEASUREMENT_SOURCES = ['tab', 'card', 'import', 'api'] as const;
export const MeasurementSource = z.enum(MEASUREMENT_SOURCES);
export type MeasurementSource = z.infer<typeof MeasurementSource>;

/** Period key: "2026" (yearly), "2026-Q1" (quarterly) or "2026-03" (monthly and chosen months). */
export const Period = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'must look like 2026, 2026-Q1 or 2026-03');
export type Period = z.infer<typeof Period>;

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
