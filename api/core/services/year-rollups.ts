import type { ServiceContext } from '../context';
import type { AgreementRollup } from '../model';
import { read } from '../port';
import { ROLLUP } from './agreement-rollups';
import { KeptWhileCounted } from './kept';

/** What the overview, the dashboards, the red thread's counts and the comparison of indicators read of each roll-up. */
export const YEAR_ROLLUP_FIELDS = [
  'agreementId',
  'unitId',
  'status',
  'version',
  'title',
  'goals',
  'goalsOffTrack',
  'goalsByFulfilment',
  'indicatorsByTrack',
  'unreportedByDue',
  'goalLinks',
  'indicatorKeys',
] as const;
export type YearRollup = Pick<AgreementRollup, 'id' | (typeof YEAR_ROLLUP_FIELDS)[number]>;

/** Per tenant, per year; a few years each. */
const KEPT = new KeptWhileCounted<number, readonly YearRollup[]>(ROLLUP, 4);

/**
 * Every roll-up of a year in the tenant (the agreements' figures, kept with every write: agreement-rollups.ts), as
 * the dashboards read them: kept by this instance and answered again while the store's count of roll-up changes
 * stands where it was (one small read; port.ts, revisionOf), read afresh after any write of any agreement — on this
 * instance or another sharing the store — and every time where the store cannot tell (SharePoint: one round trip).
 * Facts only, for every reader alike: what a reader may see of them is decided by the caller (the read policy).
 * Shared between requests: never change what it returns.
 */
export async function yearRollups(ctx: ServiceContext, year: number): Promise<readonly YearRollup[]> {
  return (await lookUpOnce(ctx, year, false))!;
}

/**
 * The year's roll-ups where the store counts their changes (SQLite), else null without a read: for a use case that
 * reads fewer roll-ups itself where every read goes to the store (the overview of one area, on SharePoint).
 */
export async function countedYearRollups(ctx: ServiceContext, year: number): Promise<readonly YearRollup[] | null> {
  return lookUpOnce(ctx, year, true);
}

/** Looked up once per request (memo); asked first where only counted ones would do, and read when asked again. */
async function lookUpOnce(ctx: ServiceContext, year: number, onlyCounted: boolean): Promise<readonly YearRollup[] | null> {
  const memoKey = `year-rollups:${year}`;
  let p = ctx.memo.get(memoKey) as Promise<readonly YearRollup[] | null> | undefined;
  if (!p) ctx.memo.set(memoKey, (p = lookUp(ctx, year, onlyCounted)));
  const found = await p;
  if (found !== null || onlyCounted) return found;
  const read = lookUp(ctx, year, false);
  ctx.memo.set(memoKey, read);
  return read;
}

async function lookUp(ctx: ServiceContext, year: number, onlyCounted: boolean): Promise<readonly YearRollup[] | null> {
  const { value, revision } = await KEPT.look(ctx.store, year);
  if (value) return value;
  if (revision === null && onlyCounted) return null;
  const [rollups] = await ctx.store.readMany([read.fields(ROLLUP, { year }, YEAR_ROLLUP_FIELDS)]);
  for (const r of rollups) Object.freeze(r);
  return KEPT.keep(ctx.store, year, revision, rollups);
}
