import { readableOnly } from '../authorization';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { AgreementStatus, OrgUnit } from '../model';
import { organisation, unitsBelow } from './organisation';
import { read } from '../port';
import { latestValue, periodCounts, trackState } from '../rules/indicator-status';
import { groupBy } from './agreement-view';

export type OverviewRow = {
  unit: Pick<OrgUnit, 'id' | 'name' | 'kind' | 'parentId'>;
  agreement: { id: string; status: AgreementStatus; version: number; title: string } | null;
  goals: number;
  /** Goals marked off track or at risk, or with an indicator whose latest value misses its target. */
  goalsOffTrack: number;
  dueMeasurements: number;
  lateMeasurements: number;
};

/**
 * The chief's overview: every unit below a unit, with its agreement for the year, goals off track and
 * measurements due or late. Reads the agreements of those units only; three waves of reads (the organisation,
 * the agreements, what they hold), whatever the number of units.
 */
export async function getOverview(ctx: ServiceContext, rootUnitId: string, year: number): Promise<OverviewRow[]> {
  const org = await organisation(ctx);
  if (!org.byId.has(rootUnitId)) throw new NotFoundError('unit', rootUnitId);
  const below = unitsBelow(org, rootUnitId);
  // A small part of the tenant is read by its units; most of it, by the year (fewer requests on SharePoint).
  const ids = new Set(below.map((u) => u.id));
  const mine = !below.length
    ? []
    : below.length * 4 <= org.units.length
      ? await ctx.store.listAll('agreement', { unitId: [...ids], year })
      : (await ctx.store.listAll('agreement', { year })).filter((a) => ids.has(a.unitId));
  // A draft the actor may not read shows its state, not its content: its figures are not counted.
  const agreementIds = (await readableOnly(ctx, 'agreement', mine)).map((a) => a.id);
  const [goals, indicators, summaries] = await ctx.store.readMany([
    // Of goals and indicators, only what the figures are made of.
    read.fields('goal', { agreementId: agreementIds }, ['agreementId', 'status']),
    read.fields('indicator', { agreementId: agreementIds }, ['goalId', 'frequency', 'direction', 'target', 'targetMax', 'tolerance', 'baseline']),
    // The value of each reported period, one record per indicator (not its measurements, a dozen each).
    read.fields('measurementSummary', { agreementId: agreementIds }, ['indicatorId', 'values']),
  ]);
  const goalsBy = groupBy(goals, (g) => g.agreementId);
  const indicatorsBy = groupBy(indicators, (i) => i.goalId);
  const valuesBy = new Map(summaries.map((s) => [s.indicatorId, s.values]));
  const agreementBy = new Map(mine.map((a) => [a.unitId, a]));
  const now = ctx.now();
  return below.map((unit) => {
    const a = agreementBy.get(unit.id) ?? null;
    const unitGoals = a ? (goalsBy.get(a.id) ?? []) : [];
    let goalsOffTrack = 0;
    let dueMeasurements = 0;
    let lateMeasurements = 0;
    for (const g of unitGoals) {
      let off = g.status === 'off_track' || g.status === 'at_risk';
      for (const i of indicatorsBy.get(g.id) ?? []) {
        const values = valuesBy.get(i.id) ?? {};
        if (trackState(i, latestValue(values)) === 'off_track') off = true;
        const { due, late } = periodCounts(i, year, (period) => period in values, now, ctx.settings.graceDays);
        dueMeasurements += due;
        lateMeasurements += late;
      }
      if (off) goalsOffTrack++;
    }
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId },
      agreement: a ? { id: a.id, status: a.status, version: a.version, title: a.title } : null,
      goals: unitGoals.length,
      goalsOffTrack,
      dueMeasurements,
      lateMeasurements,
    };
  });
}
