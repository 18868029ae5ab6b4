import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { read } from '../port';
import { MEASURED_STATUSES, runsOverYears, yearsSoFar } from '../rules/agreement-life';
import { organisation, unitsBelow } from './organisation';

/**
 * The years that have agreements in a unit and the units below it, newest first: what the overview offers to
 * choose from (next year's drafts included), and the year it opens on. Reads the year of each agreement only.
 */
export async function agreementYears(ctx: ServiceContext, rootUnitId: string): Promise<{ years: number[]; current: number | null }> {
  const org = await organisation(ctx);
  const root = org.byId.get(rootUnitId);
  if (!root) throw new NotFoundError('unit', rootUnitId);
  const ids = new Set([root.id, ...unitsBelow(org, rootUnitId).map((u) => u.id)]);
  // A small part of the tenant is read by its units; most of it, all at once (fewer requests on SharePoint).
  const rows =
    ids.size * 4 <= org.units.length
      ? (await ctx.store.readMany([read.fields('agreement', { unitId: [...ids] }, ['year', 'status', 'periodStart', 'periodEnd', 'lastYear'])]))[0]
      : (await ctx.store.readMany([read.fields('agreement', {}, ['unitId', 'year', 'status', 'periodStart', 'periodEnd', 'lastYear'])]))[0].filter((a) =>
          ids.has(a.unitId),
        );
  // An agreement over several years has followed up each year from its first to the one in hand (its closed years keep their overview).
  const years = [...new Set(rows.flatMap((a) => (runsOverYears({ ...a, lastYear: a.lastYear ?? undefined }) ? yearsSoFar(a) : [a.year])))].sort(
    (a, b) => b - a,
  );
  const followedUp = [...new Set(rows.filter((a) => MEASURED_STATUSES.has(a.status)).map((a) => a.year))];
  return { years, current: currentYear(followedUp, ctx.now().getFullYear()) ?? currentYear(years, ctx.now().getFullYear()) };
}

/**
 * The year to open on, of some years: this year if among them, else the latest before it, else the earliest
 * after it. Asked first of the years whose agreements are being followed up (approved, in effect, at year-end):
 * next year's drafts do not move the overview away from the year in hand.
 */
export function currentYear(years: readonly number[], thisYear: number): number | null {
  if (years.includes(thisYear)) return thisYear;
  const before = years.filter((y) => y < thisYear);
  if (before.length) return Math.max(...before);
  return years.length ? Math.min(...years) : null;
}
