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

/** The writes that keep the summaries of the indicators touched by `ops` current; [] when none is touched. */
export async function summaryOps(store: TenantStore, ops: readonly WriteOp[], at: string): Promise<WriteOp[]> {
  const put: Measurement[] = [];
  const deletedIds: string[] = [];
  const indicatorsDeleted = new Set<string>();
  for (const op of ops) {
    if (op.type === 'put' && op.kind === 'measurement') put.push(op.record as Measurement);
    else if (op.type === 'delete' && op.kind === 'measurement') deletedIds.push(op.id);
    else if (op.type === 'delete' && op.kind === 'indicator') indicatorsDeleted.add(op.id);
  }
  if (!put.length && !deletedIds.length && !indicatorsDeleted.size) return [];
  // A deleted measurement is known by its id only: its indicator and period are read (a period never changes).
  const [deleted] = deletedIds.length ? await store.readMany([read.ids('measurement', deletedIds)]) : [[] as Measurement[]];
  const changes = new Map<string, { agreementId: string | null; set: Map<string, number>; unset: Set<string> }>();
  const changeOf = (m: Measurement) => {
    let c = changes.get(m.indicatorId);
    if (!c) changes.set(m.indicatorId, (c = { agreementId: m.agreementId ?? null, set: new Map(), unset: new Set() }));
    return c;
  };
  for (const m of deleted) {
    const c = changeOf(m);
    c.set.delete(m.period);
    c.unset.add(m.period);
  }
  for (const m of put) {
    const c = changeOf(m);
    c.agreementId = m.agreementId ?? null;
    c.unset.delete(m.period);
    c.set.set(m.period, m.value);
  }
  for (const id of indicatorsDeleted) changes.delete(id);
  const out: WriteOp[] = [...indicatorsDeleted].map((id) => ({ type: 'delete' as const, kind: KIND, id, expectedRevision: null }));
  if (!changes.size) return out;
  const [summaries] = await store.readMany([read.ids(KIND, [...changes.keys()])]);
  const current = new Map(summaries.map((s) => [s.id, s]));
  for (const [indicatorId, c] of changes) {
    const before = current.get(indicatorId) ?? null;
    const values = new Map(Object.entries(before?.values ?? {}));
    for (const period of c.unset) values.delete(period);
    for (const [period, value] of c.set) values.set(period, value);
    const record = summaryRecord(indicatorId, c.agreementId, valuesOf([...values].map(([period, value]) => ({ period, value }))), at, before);
    out.push({ type: 'put', kind: KIND, record, expectedRevision: before ? before.revision : null });
  }
  return out;
}

/** The store of a use case, its commits keeping the measurement summaries (makeContext wraps every store in it). */
export function keepingSummaries(store: TenantStore, now: () => Date): TenantStore {
  if (WRAPPED.has(store)) return store;
  const wrapped: TenantStore = {
    tenantId: store.tenantId,
    get: (kind, id) => store.get(kind, id),
    list: (kind, where, page) => store.list(kind, where, page),
    listAll: (kind, where) => store.listAll(kind, where),
    count: (kind, where) => store.count(kind, where),
    readMany: (queries) => store.readMany(queries),
    revisionOf: (kind) => store.revisionOf(kind),
    auditTrail: (query, page) => store.auditTrail(query, page),
    async commit(ops) {
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
    },
  };
  WRAPPED.add(wrapped);
  return wrapped;
}
const WRAPPED = new WeakSet<TenantStore>();
