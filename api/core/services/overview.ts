import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { AgreementRollup, AgreementStatus, OrgUnit } from '../model';
import { organisation, unitsBelow } from './organisation';
import { dueAndLate } from '../rules/indicator-status';
import { localDate } from '../rules/periods';
import { countedYearRollups, madeOnce, withheldAmong, withheldFrom } from './year-rollups';

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
 * measurements due or late. Reads one roll-up per agreement of those units (services/agreement-rollups.ts), kept
 * with every write, so the answer costs the units it shows, not what their agreements hold; two waves of reads
 * (the organisation, the roll-ups), whatever the number of units. Where the store counts the roll-ups' changes, the
 * year's roll-ups this instance keeps for the dashboards serve (services/year-rollups.ts), and an overview made is
 * answered again while nothing it was made from changed. Shared between requests: never change what it returns.
 */
export async function getOverview(ctx: ServiceContext, rootUnitId: string, year: number): Promise<OverviewRow[]> {
  const org = await organisation(ctx);
  if (!org.byId.has(rootUnitId)) throw new NotFoundError('unit', rootUnitId);
  const below = unitsBelow(org, rootUnitId);
  if (!below.length) return [];
  // The year's roll-ups as this instance keeps them where the store counts their changes (one small read): the
  // overview is made once while they, the organisation and the day stand, for every reader withheld the same drafts.
  const kept = await countedYearRollups(ctx, year);
  if (kept) {
    const withheld = await withheldFrom(ctx, org, kept);
    const key = ['overview', rootUnitId, localDate(ctx.now()), ctx.settings.graceDays].join('\n');
    return madeOnce(org, kept, withheld, key, () => {
      const ids = new Set(below.map((u) => u.id));
      return rows(
        ctx,
        below,
        kept.filter((r) => ids.has(r.unitId)),
        withheld,
      );
    });
  }
  // Else a small part of the tenant is read by its units, most of it by the year (fewer requests on SharePoint).
  const ids = new Set(below.map((u) => u.id));
  const rollups =
    below.length * 4 <= org.units.length
      ? await ctx.store.listAll('agreementRollup', { unitId: [...ids], year })
      : (await ctx.store.listAll('agreementRollup', { year })).filter((r) => ids.has(r.unitId));
  return rows(ctx, below, rollups, new Set(await withheldAmong(ctx, rollups)));
}

/** One row per unit; a draft the actor may not read (withheld) shows its state, not its content: its figures are not counted. */
function rows(
  ctx: ServiceContext,
  below: readonly OrgUnit[],
  rollups: readonly Pick<AgreementRollup, 'id' | 'agreementId' | 'unitId' | 'status' | 'version' | 'title' | 'goals' | 'goalsOffTrack' | 'unreportedByDue'>[],
  withheld: ReadonlySet<string>,
): OverviewRow[] {
  const byUnit = new Map(rollups.map((r) => [r.unitId, r]));
  const now = ctx.now();
  return below.map((unit) => {
    const r = byUnit.get(unit.id) ?? null;
    const figures = r && !withheld.has(r.id) ? r : null;
    const { due, late } = figures ? dueAndLate(figures.unreportedByDue, now, ctx.settings.graceDays) : { due: 0, late: 0 };
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId },
      agreement: r ? { id: r.agreementId, status: r.status, version: r.version, title: r.title } : null,
      goals: figures?.goals ?? 0,
      goalsOffTrack: figures?.goalsOffTrack ?? 0,
      dueMeasurements: due,
      lateMeasurements: late,
    };
  });
}
