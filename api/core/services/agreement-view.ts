import { authorizeAgreementRead, readableOnly } from '../authorization';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { Action, Agreement, Goal, GoalLevel, Indicator, Measurement, OrgUnit, SuccessCriterion } from '../model';
import { read } from '../port';
import { groupBy } from '../collections';
import { indicatorSummary, type IndicatorSummary } from '../rules/indicator-status';

export type AgreementView = {
  agreement: Agreement;
  unit: OrgUnit;
  goalLevels: GoalLevel[];
  goals: Goal[];
  /** Goals above the agreement's goals that they link to (the next step of the red thread). */
  parentGoals: Goal[];
  actions: Action[];
  successCriteria: SuccessCriterion[];
  indicators: Indicator[];
  /**
   * The most recent values per indicator (at most `recent` periods each), newest first: what the tab's charts
   * and forms show. Comments, who entered them and earlier values of corrections load when asked for
   * (GET /api/indicators/{id}/measurements).
   */
  measurements: MeasurementPoint[];
  indicatorSummaries: IndicatorSummary[];
};

/** A measurement as the agreement view shows it; `corrections` counts the earlier values kept in its history. */
export type MeasurementPoint = Pick<Measurement, 'id' | 'indicatorId' | 'period' | 'value' | 'revision'> & { corrections: number };

const point = (m: Measurement): MeasurementPoint => ({
  id: m.id,
  indicatorId: m.indicatorId,
  period: m.period,
  value: m.value,
  revision: m.revision,
  corrections: m.history.length,
});

export const bySortOrder = <T extends { sortOrder?: number; id: string }>(a: T, b: T) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.id.localeCompare(b.id);

/**
 * One agreement with everything the tab shows of it, in two waves of reads (two round trips on SharePoint):
 * first everything that carries the agreement's id, then the unit and the parent goals.
 */
export async function getAgreementView(ctx: ServiceContext, agreementId: string, recent = 12): Promise<AgreementView> {
  const [agreement, goals, actions, successCriteria, indicators, all, levels] = await ctx.store.readMany([
    read.one('agreement', agreementId),
    read.all('goal', { agreementId }),
    read.all('action', { agreementId }),
    read.all('successCriterion', { agreementId }),
    read.all('indicator', { agreementId }),
    read.all('measurement', { agreementId }),
    read.all('goalLevel', {}),
  ]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  await authorizeAgreementRead(ctx, agreement);
  const goalIds = new Set(goals.map((g) => g.id));
  const parentIds = [...new Set(goals.flatMap((g) => g.parentGoalIds))].filter((id) => !goalIds.has(id));
  const [unit, linked] = await ctx.store.readMany([read.one('unit', agreement.unitId), read.ids('goal', parentIds)]);
  // A parent goal in another unit's draft stays with that unit's people.
  const parentGoals = await readableOnly(ctx, 'goal', linked);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  const byIndicator = groupBy(all, (m) => m.indicatorId);
  const measurements = [...byIndicator.values()].flatMap((list) =>
    list
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0))
      .slice(0, recent)
      .map(point),
  );
  const levelIds = new Set([...goals, ...parentGoals].map((g) => g.levelId));
  const now = ctx.now();
  return {
    agreement,
    unit,
    goalLevels: levels.filter((l) => levelIds.has(l.id)).sort((a, b) => a.rank - b.rank),
    goals: goals.sort(bySortOrder),
    parentGoals,
    actions: actions.sort(bySortOrder),
    successCriteria: successCriteria.sort(bySortOrder),
    indicators: indicators.sort(bySortOrder),
    measurements,
    indicatorSummaries: indicators.map((i) => indicatorSummary(i, agreement.year, byIndicator.get(i.id) ?? [], now, ctx.settings.graceDays)),
  };
}
