import type { Indicator, Measurement, TrackState } from '../model';
import { addDays, localDate, periodsOfYear, type PeriodSlot } from './periods';

/**
 * The one place that says whether a measurement is due or late and whether an indicator is on track.
 * Tab, bot and API all ask here.
 */

export type MeasurementState = 'reported' | 'upcoming' | 'due' | 'late' | 'before_product';

export const DEFAULT_GRACE_DAYS = 10;

/** A period due before the agreement's follow-up came into the product (its followedUpSince): never due or late. */
export const beforeProduct = (due: string, since: string | null | undefined): boolean => !!since && due < since;

/**
 * upcoming: the period has not ended; due: it ended and the grace period runs;
 * late: the grace period is over and nothing is reported; reported: a value exists (or an explicit "no value");
 * before_product: nothing is reported and the period was due before the agreement's follow-up came into the product
 * (`since`, the agreement's followedUpSince): nobody could report it here, so it is never due or late.
 */
export function measurementState(
  slot: Pick<PeriodSlot, 'due'>,
  reported: boolean,
  today: string,
  graceDays = DEFAULT_GRACE_DAYS,
  since: string | null = null,
): MeasurementState {
  if (reported) return 'reported';
  if (beforeProduct(slot.due, since)) return 'before_product';
  if (today < slot.due) return 'upcoming';
  if (today <= addDays(slot.due, graceDays)) return 'due';
  return 'late';
}

export type PeriodStatus<M extends Pick<Measurement, 'period'> = Measurement> = PeriodSlot & { state: MeasurementState; measurement: M | null };

/** Every period of the year with its state. */
export function periodStatuses<M extends Pick<Measurement, 'period'> = Measurement>(
  indicator: Pick<Indicator, 'frequency'>,
  year: number,
  measurements: readonly M[],
  now: Date,
  graceDays = DEFAULT_GRACE_DAYS,
  since: string | null = null,
): PeriodStatus<M>[] {
  const today = localDate(now);
  const byPeriod = new Map(measurements.map((m) => [m.period, m]));
  return periodsOfYear(indicator.frequency, year).map((slot) => {
    const measurement = byPeriod.get(slot.period) ?? null;
    return { ...slot, measurement, state: measurementState(slot, measurement !== null, today, graceDays, since) };
  });
}

/**
 * How many unreported periods are due and how many late, from their count by due date (an agreement roll-up's
 * `unreportedByDue`): measurementState of each, without building the periods (an overview counts thousands).
 */
export function dueAndLate(unreportedByDue: Readonly<Record<string, number>>, now: Date, graceDays = DEFAULT_GRACE_DAYS): { due: number; late: number } {
  // A roll-up counts no period due before its agreement came into the product (rollupFigures), so none is here.
  const today = localDate(now);
  const counts = { due: 0, late: 0 };
  for (const due in unreportedByDue) {
    const state = measurementState({ due }, false, today, graceDays);
    if (state === 'due') counts.due += unreportedByDue[due]!;
    else if (state === 'late') counts.late += unreportedByDue[due]!;
  }
  return counts;
}

export type { TrackState };

type Target = Pick<Indicator, 'direction' | 'target' | 'targetMax' | 'tolerance' | 'baseline'>;

/**
 * Whether a value meets the target. increase: at least the target; decrease: at most the target;
 * keep: within the tolerance of the target (exactly the target when no tolerance is set);
 * range: between target and targetMax, both included.
 */
export function trackState(ind: Target, value: number | null | undefined): TrackState {
  if (value === null || value === undefined) return 'no_data';
  if (ind.target === null) return 'no_target';
  switch (ind.direction) {
    case 'increase':
      return value >= ind.target ? 'on_track' : 'off_track';
    case 'decrease':
      return value <= ind.target ? 'on_track' : 'off_track';
    case 'keep':
      return Math.abs(value - ind.target) <= (ind.tolerance ?? 0) ? 'on_track' : 'off_track';
    case 'range':
      if (ind.targetMax === null) return 'no_target';
      return value >= ind.target && value <= ind.targetMax ? 'on_track' : 'off_track';
  }
}

/**
 * How far a value has come from the baseline towards the target, 0–1 (clamped), for increase and decrease;
 * null where there is no baseline, no target, or no distance to go.
 */
export function progress(ind: Target, value: number | null | undefined): number | null {
  if (value === null || value === undefined || ind.baseline === null || ind.target === null) return null;
  if (ind.direction !== 'increase' && ind.direction !== 'decrease') return null;
  const span = ind.target - ind.baseline;
  if (span === 0) return null;
  return Math.min(1, Math.max(0, (value - ind.baseline) / span));
}

/**
 * The latest measurement with a value by period order: what an indicator is judged by. A period reported as "no
 * value" is passed over (it says nothing of the indicator, and is never read as 0).
 */
export function latest<M extends Pick<Measurement, 'period'> & { value: number | null }>(measurements: readonly M[]): (M & { value: number }) | null {
  let best: M | null = null;
  for (const m of measurements) if (m.value !== null && (!best || m.period > best.period)) best = m;
  return best as (M & { value: number }) | null;
}

/** The latest value of an indicator's values by period (a measurement summary's), by the same order and rule. */
export function latestValue(values: Readonly<Record<string, number | null>>): number | null {
  let best: string | null = null;
  for (const period in values) if (values[period] !== null && (best === null || period > best)) best = period;
  return best === null ? null : values[best]!;
}

/** Derived facts about an indicator: what the tab, the bot's cards and the API show. */
export function indicatorSummary(
  indicator: Indicator,
  year: number,
  measurements: readonly Measurement[],
  now: Date,
  graceDays = DEFAULT_GRACE_DAYS,
  since: string | null = null,
) {
  const periods = periodStatuses(indicator, year, measurements, now, graceDays, since);
  const last = latest(measurements);
  return {
    indicatorId: indicator.id,
    latestValue: last?.value ?? null,
    latestPeriod: last?.period ?? null,
    track: trackState(indicator, last?.value),
    progress: progress(indicator, last?.value),
    /** Every period of the year with its due date and state, for forms and charts. */
    periods: periods.map((p) => ({ period: p.period, due: p.due, state: p.state })),
    duePeriods: periods.filter((p) => p.state === 'due').map((p) => p.period),
    latePeriods: periods.filter((p) => p.state === 'late').map((p) => p.period),
  };
}
export type IndicatorSummary = ReturnType<typeof indicatorSummary>;
