import type { Measurement, MeasurementSummary } from '../model';
import type { WriteOp } from '../port';

/**
 * Keeps each indicator's measurement summary (model: MeasurementSummary) equal to its measurements: every commit
 * that writes or deletes a measurement also writes the summary of its indicator, in the same commit (so both
 * stores keep them together or not at all), and a commit that deletes an indicator deletes its summary. Every
 * write path — the tab, cards, the REST API, imports, cascades — commits through the context's store, which is
 * wrapped for it (derived-records.ts), so there is no second place to forget.
 *
 * Concurrent writes of one indicator meet at the summary's revision: the losing commit is built again from the
 * summary as it now is and tried again; the measurements' own revisions are checked as before.
 */

export const SUMMARY = 'measurementSummary';

/** The values of some measurements by period, in period order. */
export function valuesOf(measurements: readonly Pick<Measurement, 'period' | 'value'>[]): Record<string, number | null> {
  const sorted = [...measurements].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return Object.fromEntries(sorted.map((m) => [m.period, m.value]));
}

/** The summary of an indicator's measurements: a new record, or the next revision of `current`. */
export function summaryRecord(
  indicatorId: string,
  agreementId: string | null,
  values: Record<string, number | null>,
  at: string,
  current: MeasurementSummary | null = null,
): MeasurementSummary {
  return current
    ? { ...current, agreementId, values, revision: current.revision + 1, updatedAt: at }
    : { id: indicatorId, indicatorId, agreementId, values, revision: 1, createdAt: at, updatedAt: at };
}

/** What some writes change in the summaries: the periods set and unset per indicator, the indicators deleted. */
export class SummaryChanges {
  private readonly changes = new Map<string, { agreementId: string | null; set: Map<string, number | null>; unset: Set<string> }>();
  private readonly indicatorsDeleted = new Set<string>();

  /** The measurements some writes delete: read before the writes (a deleted one's indicator and period are the stored ones). */
  static deletedMeasurements(ops: readonly WriteOp[]): string[] {
    return ops.flatMap((op) => (op.type === 'delete' && op.kind === 'measurement' ? [op.id] : []));
  }

  private changeOf(m: Measurement) {
    let c = this.changes.get(m.indicatorId);
    if (!c) this.changes.set(m.indicatorId, (c = { agreementId: m.agreementId ?? null, set: new Map(), unset: new Set() }));
    return c;
  }

  /** Takes in some writes, with the stored measurements they delete (a period never changes: a deleted measurement's is the stored one). */
  add(ops: readonly WriteOp[], deleted: readonly Measurement[]): void {
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

  /** Takes in measurements as they are stored, for indicators whose summary is made afresh (derived-records.ts: fillDerivedRecords). */
  addStored(measurements: readonly Measurement[]): void {
    for (const m of measurements) this.changeOf(m).set.set(m.period, m.value);
  }

  /** The indicators whose summaries are to be read (`read.ids(SUMMARY, …)`) and handed to `ops`. */
  changed(): string[] {
    return [...this.changes.keys()].filter((id) => !this.indicatorsDeleted.has(id));
  }

  /** The writes that bring the summaries up to date: each current one (`changed`, as stored) changed as taken in. */
  ops(summaries: readonly MeasurementSummary[], at: string): WriteOp[] {
    const out: WriteOp[] = [...this.indicatorsDeleted].map((id) => ({ type: 'delete' as const, kind: SUMMARY, id, expectedRevision: null }));
    const current = new Map(summaries.map((s) => [s.id, s]));
    for (const indicatorId of this.changed()) {
      const c = this.changes.get(indicatorId)!;
      const before = current.get(indicatorId) ?? null;
      const values = new Map(Object.entries(before?.values ?? {}));
      for (const period of c.unset) values.delete(period);
      for (const [period, value] of c.set) values.set(period, value);
      const record = summaryRecord(indicatorId, c.agreementId, valuesOf([...values].map(([period, value]) => ({ period, value }))), at, before);
      out.push({ type: 'put', kind: SUMMARY, record, expectedRevision: before ? before.revision : null });
    }
    return out;
  }
}
