import { ConflictError } from '../errors';
import type { Goal, Indicator, Measurement, MeasurementSummary } from '../model';
import { read, type ReadQuery, type TenantStore, type WriteOp } from '../port';
import { ROLLUP, RollupChanges } from './agreement-rollups';
import { SUMMARY, SummaryChanges } from './measurement-summaries';

/**
 * The records the core keeps for reading fast, derived from the domain's records in the same commit as every write
 * that changes them: one measurement summary per indicator (measurement-summaries.ts) and one roll-up per agreement
 * (agreement-rollups.ts). Every use case's store is wrapped here (context.ts), so whatever writes — the tab, cards,
 * the REST API, imports, cascades — keeps them.
 *
 * A commit costs at most two reads more, each one round trip on SharePoint: the stored records it deletes or
 * changes (only when it deletes, or changes a goal or an indicator), then the summaries and the touched
 * agreements' records. Concurrent writes meet at a summary's or roll-up's revision: the losing commit is built
 * again from what is stored now and tried again.
 */

const ATTEMPTS = 10;

type Changes = { summaries: SummaryChanges; rollups: RollupChanges };
const changes = (): Changes => ({ summaries: new SummaryChanges(), rollups: new RollupChanges() });

/** Takes in some writes: reads what they delete or change, where anything is to be read. */
async function takeIn(store: TenantStore, ops: readonly WriteOp[], c: Changes): Promise<void> {
  const measurementIds = SummaryChanges.deletedMeasurements(ops);
  const { goalIds, indicatorIds } = RollupChanges.before(ops);
  const [measurements, goals, indicators] =
    measurementIds.length || goalIds.length || indicatorIds.length
      ? await store.readMany([read.ids('measurement', measurementIds), read.ids('goal', goalIds), read.ids('indicator', indicatorIds)])
      : [[] as Measurement[], [] as Goal[], [] as Indicator[]];
  c.summaries.add(ops, measurements);
  c.rollups.add(ops, { goals, indicators, measurements });
}

/** The writes of the derived records for everything taken in: the summaries, then the roll-ups (which judge by them). */
async function settle(store: TenantStore, c: Changes, at: string): Promise<WriteOp[]> {
  const changed = c.summaries.changed();
  const [first = [], ...rest] = c.rollups.batches();
  // The summaries and the first agreements in one read.
  const queries: ReadQuery[] = [read.ids(SUMMARY, changed), ...(first.length ? c.rollups.queries(first) : [])];
  const [summaries, ...answers] = changed.length || first.length ? await store.readMany(queries) : [[]];
  const summaryOps = c.summaries.ops(summaries as MeasurementSummary[], at);
  const values = new Map<string, Record<string, number>>();
  for (const op of summaryOps) if (op.type === 'put') values.set(op.record.id, (op.record as MeasurementSummary).values);
  const out = [...summaryOps];
  if (first.length) out.push(...c.rollups.ops(first, answers, values, at));
  for (const batch of rest) out.push(...c.rollups.ops(batch, await store.readMany(c.rollups.queries(batch)), values, at));
  return out;
}

/** The derived writes of one commit. */
export async function derivedOps(store: TenantStore, ops: readonly WriteOp[], at: string): Promise<WriteOp[]> {
  if (!ops.some((op) => op.type !== 'audit' && TOUCHING.has(op.kind))) return [];
  const c = changes();
  await takeIn(store, ops, c);
  return settle(store, c, at);
}
const TOUCHING: ReadonlySet<string> = new Set(['agreement', 'goal', 'indicator', 'measurement']);

/** A long run of writes passed on as it comes, followed by the derived writes it makes (read once, at the end). */
async function* withDerived(store: TenantStore, chunks: AsyncIterable<readonly WriteOp[]>, now: () => Date): AsyncIterable<readonly WriteOp[]> {
  const c = changes();
  for await (const ops of chunks) {
    await takeIn(store, ops, c);
    yield ops;
  }
  const extra = await settle(store, c, now().toISOString());
  if (extra.length) yield extra;
}

/**
 * The store of a use case, its commits keeping the derived records (makeContext wraps every store in it).
 * Everything else is the store's own, whatever it offers.
 */
export function keepingDerived(store: TenantStore, now: () => Date): TenantStore {
  if (WRAPPED.has(store)) return store;
  const commit = async (ops: readonly WriteOp[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const extra = await derivedOps(store, ops, now().toISOString());
      try {
        return await store.commit(extra.length ? [...ops, ...extra] : ops);
      } catch (err) {
        // Another commit moved a summary or a roll-up in between: build them again from what is stored now.
        if (!(err instanceof ConflictError && (err.kind === SUMMARY || err.kind === ROLLUP) && attempt < ATTEMPTS)) throw err;
        // A moment apart, so that writers who met once do not meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  };
  // A store that takes a long run of writes as one commit (an import) keeps them the same way.
  const long = store as TenantStore & { commitAll?: (chunks: AsyncIterable<readonly WriteOp[]>) => Promise<void> };
  const commitAll = (chunks: AsyncIterable<readonly WriteOp[]>) => long.commitAll!(withDerived(store, chunks, now));
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'commit') return commit;
      if (prop === 'commitAll' && typeof long.commitAll === 'function') return commitAll;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  WRAPPED.add(wrapped);
  return wrapped;
}
const WRAPPED = new WeakSet<TenantStore>();
