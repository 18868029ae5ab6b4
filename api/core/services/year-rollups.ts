import { readableOnly, readerKey } from '../authorization';
import type { ServiceContext } from '../context';
import type { AgreementRollup } from '../model';
import { read } from '../port';
import { ROLLUP } from './agreement-rollups';
import { KeptWhileCounted } from './kept';
import type { Organisation } from './organisation';

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

/**
 * What is judged and made from one year's roll-ups as kept above (the same array while nothing changed) with one
 * organisation: for each reader, the agreements withheld from them; for each set of withheld agreements, what the
 * dashboards and the overview made. A new array (a roll-up changed) or a new organisation (a unit changed) starts
 * afresh. Where the store cannot count roll-ups (SharePoint) each request reads a new array, and nothing is kept.
 */
type Judged = {
  org: Organisation;
  /** By readerKey (authorization.ts). */
  withheld: Map<string, ReadonlySet<string>>;
  /** One set per list of withheld agreements, so that readers withheld the same share what is made. */
  sets: Map<string, ReadonlySet<string>>;
  made: WeakMap<ReadonlySet<string>, Map<string, unknown>>;
};
const JUDGED = new WeakMap<readonly YearRollup[], Judged>();
/** Readers judged per array (then it starts afresh), and things made per set of withheld agreements. */
const READERS = 2_000;
const MADE = 500;

function judged(org: Organisation, rollups: readonly YearRollup[]): Judged {
  let j = JUDGED.get(rollups);
  if (!j || j.org !== org) JUDGED.set(rollups, (j = { org, withheld: new Map(), sets: new Map(), made: new WeakMap() }));
  return j;
}

/**
 * The agreements among roll-ups that the reader may not look into, in their order: a roll-up carries its agreement's
 * id, unit and state, which is what the read policy judges (authorization.ts, readableOnly).
 */
export async function withheldAmong<T extends Record<string, unknown> & { id: string }>(ctx: ServiceContext, rollups: readonly T[]): Promise<string[]> {
  const readable = new Set((await readableOnly(ctx, 'agreement', rollups)).map((r) => r.id));
  return rollups.filter((r) => !readable.has(r.id)).map((r) => r.id);
}

/**
 * The agreements among a year's roll-ups that the reader may not look into (another unit's draft: counted by its
 * state, nothing in it), as the read policy judges them (authorization.ts, readableOnly) — judged once per reader
 * while the roll-ups and the organisation stand. Readers withheld the same agreements get the same set.
 */
export async function withheldFrom(ctx: ServiceContext, org: Organisation, rollups: readonly YearRollup[]): Promise<ReadonlySet<string>> {
  const reader = readerKey(ctx);
  const found = judged(org, rollups).withheld.get(reader);
  if (found) return found;
  const ids = await withheldAmong(ctx, rollups);
  const j = judged(org, rollups);
  if (j.withheld.size >= READERS) {
    j.withheld.clear();
    j.sets.clear();
  }
  const list = ids.join('\n');
  let set = j.sets.get(list);
  if (!set) j.sets.set(list, (set = new Set(ids)));
  j.withheld.set(reader, set);
  return set;
}

/**
 * What a use case makes from a year's roll-ups, the organisation and the agreements withheld from the reader
 * (withheldFrom), by the use case's own key (its name, the unit, the day, the grace days — whatever else it reads):
 * the same facts make the same answer, so it is made once and answered again, to every reader withheld the same,
 * until a roll-up or a unit changes. Shared between requests: never change what it returns.
 */
export function madeOnce<T>(org: Organisation, rollups: readonly YearRollup[], withheld: ReadonlySet<string>, key: string, make: () => T): T {
  const j = judged(org, rollups);
  let byKey = j.made.get(withheld);
  if (!byKey) j.made.set(withheld, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = make();
  if (byKey.size >= MADE) byKey.clear();
  byKey.set(key, value);
  return value;
}
