import type { z } from 'zod';
import { CATALOGUE } from '../i18n/catalogue';
import {
  GOAL_STATUSES,
  type Fulfilment,
  type FulfilmentMeaning,
  type FulfilmentStep,
  type Goal,
  type Indicator,
  type OrgUnit,
  type TrackState,
} from '../model';
import { trackState } from './indicator-status';

/**
 * The fulfilment scale: the one place that says which steps a municipality's goals may be on, what each step means,
 * and on which step an indicator's value puts it. Tab, bot, API, import and the roll-ups all ask here.
 */

/**
 * The scale of a municipality that configured none: the goal statuses the product had before scales, each meaning
 * itself, named with the catalogue's words, without bands (an indicator is judged on or off track, as before).
 */
export const DEFAULT_FULFILMENT_SCALE: readonly FulfilmentStep[] = Object.freeze(
  GOAL_STATUSES.map((key) => Object.freeze({ key, name: CATALOGUE[`goalStatus.${key}`], meaning: key as FulfilmentMeaning })),
);

/** The scale a municipality uses: its own, or the default. */
export function scaleOf(municipality: Pick<OrgUnit, 'fulfilmentScale'> | null | undefined): readonly FulfilmentStep[] {
  return municipality?.fulfilmentScale?.length ? municipality.fulfilmentScale : DEFAULT_FULFILMENT_SCALE;
}

/** Meanings a roll-up counts as off track (a goal marked so, whatever the municipality calls the step). */
export const OFF_TRACK_MEANINGS: ReadonlySet<FulfilmentMeaning> = new Set(['at_risk', 'off_track']);

type GoalMark = Pick<Goal, 'status'> & { statusMeaning?: FulfilmentMeaning | null };

/** What a goal's status means: its step's meaning, or (stored before meanings) the default scale's key; null without status. */
function meaningOf(goal: GoalMark): FulfilmentMeaning | null {
  return goal.statusMeaning ?? ((GOAL_STATUSES as readonly (string | null)[]).includes(goal.status) ? (goal.status as FulfilmentMeaning) : null);
}

/** Whether a goal counts as off track by its status: its step's meaning, or (stored before meanings) the default scale's key. */
export function goalMarkedOffTrack(goal: GoalMark): boolean {
  const meaning = meaningOf(goal);
  return meaning !== null && OFF_TRACK_MEANINGS.has(meaning);
}

/** The fulfilments a roll-up counts as off track (its `goalsOffTrack`). */
export const OFF_TRACK_FULFILMENTS: ReadonlySet<Fulfilment> = new Set(['at_risk', 'off_track']);

/**
 * How far a goal has come, for the roll-ups (one answer per goal), from its status and its indicators' track states:
 * at risk where marked so; off track where marked so or where an indicator's latest value misses its target (so a
 * goal counts as off track exactly where the overview counts it, goalMarkedOffTrack); otherwise what its step means —
 * except that a goal marked not started, or not marked at all, whose indicator meets its target is on track; `none`
 * for a goal without status and without anything measured against a target.
 */
export function goalFulfilment(goal: GoalMark, tracks: Iterable<TrackState>): Fulfilment {
  const meaning = meaningOf(goal);
  let meets = false;
  let misses = false;
  for (const t of tracks) {
    if (t === 'off_track') misses = true;
    else if (t === 'on_track') meets = true;
  }
  if (meaning === 'at_risk') return 'at_risk';
  if (meaning === 'off_track' || misses) return 'off_track';
  if (meaning !== null && meaning !== 'not_started') return meaning;
  return meets ? 'on_track' : (meaning ?? 'none');
}

const issue = (path: string, message: string, input: unknown) => ({ code: 'custom', path: [path], message, input }) as z.core.$ZodIssue;

/**
 * Checks a goal against its municipality's configuration and sets what the core keeps from it: the status must be a
 * step of the scale (its meaning is copied to `statusMeaning`), the group one of the goal groups. Returns the
 * issues, each naming its field; empty when the goal fits.
 */
export function settleGoal(
  goal: Record<string, unknown>,
  municipality: Pick<OrgUnit, 'fulfilmentScale' | 'goalGroups'> | null | undefined,
): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const status = goal.status ?? null;
  const step = status === null ? null : scaleOf(municipality).find((s) => s.key === status);
  if (status !== null && !step) issues.push(issue('status', 'status must be a step of the municipality’s fulfilment scale', status));
  goal.statusMeaning = step?.meaning ?? null;
  const group = goal.groupKey ?? null;
  if (group !== null && !(municipality?.goalGroups ?? []).some((g) => g.key === group))
    issues.push(issue('groupKey', 'groupKey must be one of the municipality’s goal groups', group));
  return issues;
}

type Target = Pick<Indicator, 'direction' | 'target' | 'targetMax' | 'tolerance' | 'baseline'>;

/**
 * How much of its target a value reaches, in per cent, by the target's comparator: 100 when the target is met;
 * otherwise how close it came (at least: value / target; at most: target / value; exactly and between: what is
 * left after the distance to the nearest allowed value, taken as a share of that value). Null without value or target.
 */
export function attainment(ind: Target, value: number | null | undefined): number | null {
  const track = trackState(ind, value);
  if (track === 'on_track') return 100;
  if (track !== 'off_track' || value === null || value === undefined || ind.target === null) return null;
  const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.max(0, (part / whole) * 100));
  switch (ind.direction) {
    case 'increase':
      return share(value, ind.target);
    case 'decrease':
      return value <= 0 ? 0 : share(ind.target, value);
    case 'keep':
    case 'range': {
      const low = ind.direction === 'keep' ? ind.target - (ind.tolerance ?? 0) : ind.target;
      const high = ind.direction === 'keep' ? ind.target + (ind.tolerance ?? 0) : (ind.targetMax ?? ind.target);
      const edge = value < low ? low : high;
      return edge === 0 ? 0 : Math.max(0, 100 - (Math.abs(value - edge) / Math.abs(edge)) * 100);
    }
  }
}

/**
 * The step of the scale an indicator's latest value puts it on, for a scale with percentage bands: the first step
 * whose band holds its attainment. Null where the scale has no bands (the indicator is then judged on or off track,
 * trackState), or there is no value or no target.
 */
export function indicatorStep(scale: readonly FulfilmentStep[], ind: Target, value: number | null | undefined): FulfilmentStep | null {
  if (!scale.some((s) => s.band)) return null;
  const pct = attainment(ind, value);
  if (pct === null) return null;
  return scale.find((s) => s.band && (s.band.from === null || pct >= s.band.from) && (s.band.to === null || pct < s.band.to)) ?? null;
}
