import type { ServiceContext } from '../context';
import type { Action, Agreement, Goal, GoalLevel, Indicator, Measurement, OrgUnit, SuccessCriterion } from '../model';
import { indicatorSummary, type IndicatorSummary } from '../rules/indicator-status';
import { getRecord } from './records';

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
  /** The most recent measurements per indicator (at most `recent` periods each), newest first. */
  measurements: Measurement[];
  indicatorSummaries: IndicatorSummary[];
};

const bySort = <T extends { sortOrder?: number; id: string }>(a: T, b: T) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.id.localeCompare(b.id);

/** One agreement with everything the tab shows of it, in one call. */
export async function getAgreementView(ctx: ServiceContext, agreementId: string, recent = 12): Promise<AgreementView> {
  const agreement = await getRecord(ctx, 'agreement', agreementId);
  const { store } = ctx;
  const [unit, goals] = await Promise.all([getRecord(ctx, 'unit', agreement.unitId), store.listAll('goal', { agreementId })]);
  const goalIds = goals.map((g) => g.id);
  const [actions, successCriteria, indicators] = await Promise.all([
    store.listAll('action', { goalId: goalIds }),
    store.listAll('successCriterion', { goalId: goalIds }),
    store.listAll('indicator', { goalId: goalIds }),
  ]);
  const all = await store.listAll('measurement', { indicatorId: indicators.map((i) => i.id) });
  const byIndicator = new Map<string, Measurement[]>();
  for (const m of all) byIndicator.set(m.indicatorId, [...(byIndicator.get(m.indicatorId) ?? []), m]);
  const measurements: Measurement[] = [];
  for (const list of byIndicator.values()) measurements.push(...list.sort((a, b) => b.period.localeCompare(a.period)).slice(0, recent));
  const parentIds = [...new Set(goals.flatMap((g) => g.parentGoalIds))].filter((id) => !goalIds.includes(id));
  const parentGoals = (await Promise.all(parentIds.map((id) => store.get('goal', id)))).filter((g): g is Goal => g !== null);
  const levelIds = new Set([...goals, ...parentGoals].map((g) => g.levelId));
  const goalLevels = (await Promise.all([...levelIds].map((id) => store.get('goalLevel', id)))).filter((l): l is GoalLevel => l !== null);
  const now = ctx.now();
  return {
    agreement,
    unit,
    goalLevels: goalLevels.sort((a, b) => a.rank - b.rank),
    goals: goals.sort(bySort),
    parentGoals,
    actions: actions.sort(bySort),
    successCriteria: successCriteria.sort(bySort),
    indicators: indicators.sort(bySort),
    measurements,
    indicatorSummaries: indicators.map((i) => indicatorSummary(i, agreement.year, byIndicator.get(i.id) ?? [], now)),
  };
}
