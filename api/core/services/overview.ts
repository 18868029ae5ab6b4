import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { AgreementStatus, OrgUnit } from '../model';
import { read } from '../port';
import { periodStatuses, trackState, latest } from '../rules/indicator-status';
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
 * measurements due or late. Two waves of reads, whatever the number of units.
 */
export async function getOverview(ctx: ServiceContext, rootUnitId: string, year: number): Promise<OverviewRow[]> {
  const [units, agreements] = await ctx.store.readMany([read.all('unit', {}), read.all('agreement', { year })]);
  if (!units.some((u) => u.id === rootUnitId)) throw new NotFoundError('unit', rootUnitId);
  const children = groupBy(units, (u) => u.parentId);
  const below: OrgUnit[] = [];
  const walk = (id: string) => {
    for (const child of children.get(id) ?? []) {
      below.push(child);
      walk(child.id);
    }
  };
  walk(rootUnitId);
  const ids = new Set(below.map((u) => u.id));
  const mine = agreements.filter((a) => ids.has(a.unitId));
  const agreementIds = mine.map((a) => a.id);
  const [goals, indicators, measurements] = await ctx.store.readMany([
    read.all('goal', { agreementId: agreementIds }),
    read.all('indicator', { agreementId: agreementIds }),
    read.all('measurement', { agreementId: agreementIds }),
  ]);
  const goalsBy = groupBy(goals, (g) => g.agreementId);
  const indicatorsBy = groupBy(indicators, (i) => i.goalId);
  const measurementsBy = groupBy(measurements, (m) => m.indicatorId);
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
        const ms = measurementsBy.get(i.id) ?? [];
        if (trackState(i, latest(ms)?.value) === 'off_track') off = true;
        for (const p of periodStatuses(i, year, ms, now, ctx.settings.graceDays)) {
          if (p.state === 'due') dueMeasurements++;
          if (p.state === 'late') lateMeasurements++;
        }
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
