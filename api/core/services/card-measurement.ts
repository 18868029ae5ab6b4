import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import type { Agreement, Indicator, Measurement, OrgUnit, Person } from '../model';
import { read } from '../port';
import { latest, measurementState, type MeasurementState } from '../rules/indicator-status';
import { localDate, slotOf, type PeriodSlot } from '../rules/periods';
import { recordMeasurement } from './measurements';

/**
 * Reporting a measurement from an Adaptive Card: what the card shows, and what happens when it is
 * submitted (a value typed as text, a card built from a revision of the indicator that may be stale).
 */

export type MeasurementCardState = {
  indicator: Indicator;
  agreement: Agreement;
  unit: OrgUnit;
  slot: PeriodSlot;
  state: MeasurementState;
  /** The value already reported for this period, if any, and who entered it. */
  reported: Measurement | null;
  reportedBy: Person | null;
  /** The latest value of any period, for "last value" (a period reported as "no value" is passed over). */
  last: (Measurement & { value: number }) | null;
};

export async function getMeasurementCardState(ctx: ServiceContext, indicatorId: string, period: string): Promise<MeasurementCardState> {
  const [indicator, measurements] = await ctx.store.readMany([read.one('indicator', indicatorId), read.all('measurement', { indicatorId })]);
  if (!indicator) throw new NotFoundError('indicator', indicatorId);
  const slot = slotOf(indicator.frequency, period);
  if (!slot)
    throw new ValidationError([
      { code: 'custom', path: ['period'], message: 'period does not fit the indicator frequency', input: period } as z.core.$ZodIssue,
    ]);
  const [agreement] = await ctx.store.readMany([read.one('agreement', indicator.agreementId ?? '')]);
  if (!agreement) throw new NotFoundError('agreement', indicator.agreementId ?? '');
  const reported = measurements.find((m) => m.period === period) ?? null;
  const [unit, reportedBy] = await ctx.store.readMany([read.one('unit', agreement.unitId), read.one('person', reported?.enteredBy ?? '')]);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  return {
    indicator,
    agreement,
    unit,
    slot,
    state: measurementState(slot, reported !== null, localDate(ctx.now()), ctx.settings.graceDays, agreement.followedUpSince ?? null),
    reported,
    reportedBy,
    last: latest(measurements),
  };
}

/**
 * Reads a value as a person typed it: "87", "87,5" (Danish and Swedish decimal comma), " 87 % ".
 * Returns the number or the issue to show beside the field.
 */
export function parseTypedValue(raw: unknown): { value: number } | { issue: z.core.$ZodIssue } {
  const issue = (message: string) => ({ issue: { code: 'custom', path: ['value'], message, input: raw } as z.core.$ZodIssue });
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : issue('the value must be a number');
  const text = typeof raw === 'string' ? raw.trim().replace(/\s*%$/, '').replace(/\s/g, '') : '';
  if (!text) return issue('enter a value');
  if (!/^[-+]?(\d+([.,]\d+)?|[.,]\d+)$/.test(text)) return issue('the value must be a number');
  return { value: Number(text.replace(',', '.')) };
}

export type CardSubmission = {
  indicatorId: string;
  period: string;
  /** The indicator revision the card was built from. */
  indicatorRevision: number;
  value: unknown;
  /** The period is reported as "no value" (recorded as null, never 0); `value` is not read. */
  noValue?: boolean;
  comment?: string;
};

export type CardSubmissionResult =
  | { outcome: 'recorded'; measurement: Measurement; state: MeasurementCardState }
  | { outcome: 'invalid'; issue: z.core.$ZodIssue; state: MeasurementCardState }
  | { outcome: 'stale'; reason: 'already_reported' | 'indicator_changed'; state: MeasurementCardState };

/**
 * Records a value sent from a card (source: card). A card built from an older revision of the indicator,
 * or for a period someone has reported meanwhile, writes nothing and gets the current state instead;
 * corrections go through the tab. Invalid input writes nothing and names the issue.
 */
export async function submitMeasurementFromCard(ctx: ServiceContext, input: CardSubmission): Promise<CardSubmissionResult> {
  const state = await getMeasurementCardState(ctx, input.indicatorId, input.period);
  if (state.reported) return { outcome: 'stale', reason: 'already_reported', state };
  if (state.indicator.revision !== input.indicatorRevision) return { outcome: 'stale', reason: 'indicator_changed', state };
  const parsed = input.noValue ? { value: null } : parseTypedValue(input.value);
  if ('issue' in parsed) return { outcome: 'invalid', issue: parsed.issue, state };
  const comment = input.comment?.trim() ? input.comment.trim() : undefined;
  try {
    const { measurement } = await recordMeasurement(ctx, {
      indicatorId: input.indicatorId,
      period: input.period,
      value: parsed.value,
      comment,
      source: 'card',
    });
    const reportedBy = await ctx.store.get('person', ctx.actor.id);
    return {
      outcome: 'recorded',
      measurement,
      state: { ...state, reported: measurement, reportedBy, last: latest([measurement]) ?? state.last, state: 'reported' },
    };
  } catch (err) {
    if (err instanceof ValidationError && err.issues[0]) return { outcome: 'invalid', issue: err.issues[0], state };
    throw err;
  }
}
