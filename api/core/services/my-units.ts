import type { ServiceContext } from '../context';
import type { Agreement, OrgUnit } from '../model';
import { read } from '../port';
import { groupBy } from './agreement-view';

export type UnitRole = 'leader' | 'member' | 'approver';
export type MyUnit = {
  unit: Pick<OrgUnit, 'id' | 'name' | 'kind' | 'parentId'>;
  roles: UnitRole[];
  /** The unit's agreement of the year asked for, or its latest. */
  agreement: Pick<Agreement, 'id' | 'title' | 'year' | 'status' | 'version'> | null;
};

/** The units the user leads, belongs to or approves for, each with its agreement: the tab's start page. */
export async function getMyUnits(ctx: ServiceContext, year?: number): Promise<MyUnit[]> {
  const me = ctx.actor.id;
  const [units, agreements] = await ctx.store.readMany([read.all('unit', {}), read.all('agreement', {})]);
  const byUnit = groupBy(agreements, (a) => a.unitId);
  const rows: MyUnit[] = [];
  for (const u of units) {
    const roles: UnitRole[] = [];
    if (u.leaderIds.includes(me)) roles.push('leader');
    if (u.memberIds.includes(me)) roles.push('member');
    if (u.approverId === me) roles.push('approver');
    if (!roles.length) continue;
    const list = (byUnit.get(u.id) ?? []).sort((a, b) => b.year - a.year);
    const a = (year !== undefined ? list.find((x) => x.year === year) : list[0]) ?? null;
    rows.push({
      unit: { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId },
      roles,
      agreement: a ? { id: a.id, title: a.title, year: a.year, status: a.status, version: a.version } : null,
    });
  }
  return rows.sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'da'));
}
