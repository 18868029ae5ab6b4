import { ConflictError } from '../errors';
import type { Measurement, MeasurementSummary } from '../model';
import { read, type TenantStore, type WriteOp } from '../port';

/**
 * Keeps each indicator's measurement summary (model: MeasurementSummary) equal to its measurements: every commit
 * that writes or deletes a measurement also writes the summary of its indicator, in the same commit (so both
 * stores keep them together or not at all), and a commit that deletes an indicator deletes its summary. Every
 * write path — the tab, cards, the REST API, imports, cascades — commits through the context's store, which is
 * wrapped here (context.ts), so there is no second place to forget.
 *
 * Concurrent writes of one indicator meet at the summary's revision: the losing commit is built again from the
 * summary as it now is and tried again; the measurements' own revisions are checked as before.
 */

const KIND = 'measurementSummary';
const ATTEMPTS = 10;

/** The values of some measurements by period, in period order. */
export function valuesOf(measurements: readonly Pick<Measurement, 'period' | 'value'>[]): Record<string, number> {
  const sorted = [...measurements].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return Object.fromEntries(sorted.map((m) => [m.period, m.value]));
}

/** The summary of an indicator's measurements: a new record, or the next revision of `current`. */
export function summaryRecord(
  indicatorId: string,
  agreementId: string | null,
  values: Record<string, number>,
  at: string,
  current: MeasurementSummary | null = null,
): MeasurementSummary {
  return current
    ? { ...current, agreementId, values, revision: current.revision + 1, updatedAt: at }
    : { id: indicatorId, indicatorId, agreementId, values, revision: 1, createdAt: at, updatedAt: at };
}

/** What some writes change in the summaries: the periods set and unset per indicator, the indicators deleted. */
class SummaryChanges {
  private readonly changes = new Map<string, { agreementId: string | null; set: Map<string, number>; unset: Set<string> }>();
  private readonly indicatorsDeleted = new Set<string>();

  private changeOf(m: Measurement) {
    let c = this.changes.get(m.indicatorId);
    if (!c) this.changes.set(m.indicatorId, (c = { agreementId: m.agreementId ?? null, set: new Map(), unset: new Set() }));
    return c;
  }

  /** Takes in some writes, before they are applied (a deleted measurement is read for its indicator and period). */
  async add(store: TenantStore, ops: readonly WriteOp[]): Promise<void> {
    const deletedIds: string[] = [];
    for (const op of ops) if (op.type === 'delete' && op.kind === 'measurement') deletedIds.push(op.id);
    // A period never changes: a deleted measurement's is the stored one.
    const [deleted] = deletedIds.length ? await store.readMany([read.ids('measurement', deletedIds)]) : [[] as Measurement[]];
    const deletedById = new Map(deleted.map((m) => [m.id, m]));
    for (const op of ops) {
      if (op.type === 'put' && op.kind === 'measurement') {
        const m = op.record as Measurement;
        const c = this.changeOf(m);
        c.agreementId = m.agreementId ?? null;
        c.unset.delete(m.period);
        c.set.set(m.period, m.value);
      } else if (op.type === 'delete' && op.kind === 'measurement') {
        const m = deletedById.get(op.id);
        if (!m) continue;
        const c = this.changeOf(m);
        c.set.delete(m.period);
        c.unset.add(m.period);
      } else if (op.type === 'delete' && op.kind === 'indicator') this.indicatorsDeleted.add(op.id);
    }
  }

  /** The writes that bring the summaries up to date: the current ones read once, each changed as taken in. */
  async ops(store: TenantStore, at: string): Promise<WriteOp[]> {
    const out: WriteOp[] = [...this.indicatorsDeleted].map((id) => ({ type: 'delete' as const, kind: KIND, id, expectedRevision: null }));
    const changed = [...this.changes.keys()].filter((id) => !this.indicatorsDeleted.has(id));
    if (!changed.length) return out;
    const [summaries] = await store.readMany([read.ids(KIND, changed)]);
    const current = new Map(summaries.map((s) => [s.id, s]));
    for (const indicatorId of changed) {
      const c = this.changes.get(indicatorId)!;
      const before = current.get(indicatorId) ?? null;
      const values = new Map(Object.entries(before?.values ?? {}));
      for (const period of c.unset) values.delete(period);
      for (const [period, value] of c.set) values.set(period, value);
      const record = summaryRecord(indicatorId, c.agreementId, valuesOf([...values].map(([period, value]) => ({ period, value }))), at, before);
      out.push({ type: 'put', kind: KIND, record, expectedRevision: before ? before.revision : null });
    }
    return out;
  }
}

/** The writes that keep the summaries of the indicators touched by `ops` current; [] when none is touched. */
export async function summaryOps(store: TenantStore, ops: readonly WriteOp[], at: string): Promise<WriteOp[]> {
  if (!ops.some((op) => op.type !== 'audit' && (op.kind === 'measurement' || (op.kind === 'indicator' && op.type === 'delete')))) return [];
  const changes = new SummaryChanges();
  await changes.add(store, ops);
  return changes.ops(store, at);
}

/** A long run of writes passed on as it comes, followed by the writes of the summaries it changes (one read of them, at the end). */
async function* withSummaries(store: TenantStore, chunks: AsyncIterable<readonly WriteOp[]>, now: () => Date): AsyncIterable<readonly WriteOp[]> {
  const changes = new SummaryChanges();
  for await (const ops of chunks) {
    await changes.add(store, ops);
    yield ops;
  }
  const extra = await changes.ops(store, now().toISOString());
  if (extra.length) yield extra;
}

/**
 * The store of a use case, its commits keeping the measurement summaries (makeContext wraps every store in it).
 * Everything else is the store's own, whatever it offers.
 */
export function keepingSummaries(store: TenantStore, now: () => Date): TenantStore {
  if (WRAPPED.has(store)) return store;
  const commit = async (ops: readonly WriteOp[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const extra = await summaryOps(store, ops, now().toISOString());
      try {
        return await store.commit(extra.length ? [...ops, ...extra] : ops);
      } catch (err) {
        // Another commit moved the summary in between: build it again from what is stored now.
        if (!(err instanceof ConflictError && err.kind === KIND && attempt < ATTEMPTS)) throw err;
        // A moment apart, so that writers who met once do not meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  };
  // A store that takes a long run of writes as one commit (an import) keeps the summaries the same way.
  const long = store as TenantStore & { commitAll?: (chunks: AsyncIterable<readonly WriteOp[]>) => Promise<void> };
  const commitAll = (chunks: AsyncIterable<readonly WriteOp[]>) => long.commitAll!(withSummaries(store, chunks, now));
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
