import type { ServiceContext } from '../context';
import { compareNames } from '../i18n';
import type { Agreement, OrgUnit } from '../model';
import { groupBy } from '../collections';
import { organisation, unitsNaming } from './organisation';

export type UnitRole = 'leader' | 'member' | 'approver' | 'quality_office';
export type MyUnit = {
  unit: Pick<OrgUnit, 'id' | 'name' | 'kind' | 'parentId'>;
  roles: UnitRole[];
  /** The unit's agreement of the year asked for, or its latest. */
  agreement: Pick<Agreement, 'id' | 'title' | 'year' | 'status' | 'version'> | null;
};

/** The units the user leads, belongs to or approves for, and the municipality of its quality office, each with its agreement: the tab's start page. */
export async function getMyUnits(ctx: ServiceContext, year?: number): Promise<MyUnit[]> {
  const me = ctx.actor.id;
  const rolesOf = (u: OrgUnit): UnitRole[] => [
    ...(u.leaderIds.includes(me) ? (['leader'] as const) : []),
    ...(u.memberIds.includes(me) ? (['member'] as const) : []),
    ...(u.approverId === me ? (['approver'] as const) : []),
    // The quality office works for its whole municipality: the municipality is their unit (setup, the wheel).
    ...(!u.parentId && u.qualityOfficeIds?.includes(me) ? (['quality_office'] as const) : []),
  ];
  const mine = unitsNaming(await organisation(ctx), me)
    .map((unit) => ({ unit, roles: rolesOf(unit) }))
    .filter((m) => m.roles.length);
  // Only the agreements of the user's units: the organisation comes from the cache, the agreements by unit.
  const agreements = mine.length ? await ctx.store.listAll('agreement', { unitId: mine.map((m) => m.unit.id) }) : [];
  const byUnit = groupBy(agreements, (a) => a.unitId);
  const rows: MyUnit[] = mine.map(({ unit: u, roles }) => {
    const list = (byUnit.get(u.id) ?? []).sort((a, b) => b.year - a.year);
    const a = (year !== undefined ? list.find((x) => x.year === year) : list[0]) ?? null;
    return {
      unit: { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId },
      roles,
      agreement: a ? { id: a.id, title: a.title, year: a.year, status: a.status, version: a.version } : null,
    };
  });
  return rows.sort((a, b) => compareNames(a.unit.name, b.unit.name));
}
