import { z } from 'zod';
import type { ServiceContext } from '../context';
import { authorizeMeasurement } from '../authorization';
import { ConflictError, parseOrThrow, ValidationError } from '../errors';
import { Id, MeasurementSource, Period, type Measurement } from '../model';
import { measurementIssues } from '../rules/measurement-value';
import { auditEntry } from '../audit';
import { getRecord } from './records';

export const RecordMeasurementInput = z
  .object({
    indicatorId: Id,
    period: Period,
    /** null: an explicit "no value" for the period (a report's "–"), never 0. */
    value: z.number().finite().nullable(),
    comment: z.string().max(2_000).optional(),
    /** The column as the report names it ("Utfall 2023"); kept as written. */
    label: z.string().min(1).max(100).optional(),
    source: MeasurementSource.default('api'),
    /** When correcting: the revision of the measurement the correction is based on. */
    revision: z.number().int().min(1).optional(),
  })
  .strict();
export type RecordMeasurementInput = z.input<typeof RecordMeasurementInput>;

/**
 * Records the value of an indicator for a period, from the tab, a card, an import or the API.
 * A second value for the same period is a correction: the earlier entry moves into the history.
 */
export async function recordMeasurement(ctx: ServiceContext, raw: unknown): Promise<{ measurement: Measurement; corrected: boolean }> {
  const input = parseOrThrow(RecordMeasurementInput, raw);
  const indicator = await getRecord(ctx, 'indicator', input.indicatorId);
  await authorizeMeasurement(ctx, indicator);
  const issues = measurementIssues(indicator, input.period, input.value);
  if (issues.length) throw new ValidationError(issues);
  const now = ctx.now().toISOString();
  const entry = { value: input.value, comment: input.comment, label: input.label, enteredBy: ctx.actor.id, enteredAt: now, source: input.source };
  const existing = (await ctx.store.listAll('measurement', { indicatorId: input.indicatorId, period: input.period }))[0] ?? null;
  if (existing && input.revision !== undefined && input.revision !== existing.revision) throw new ConflictError('measurement', existing.id, existing);
  if (!existing && input.revision !== undefined) throw new ConflictError('measurement', input.indicatorId, null);
  let measurement: Measurement;
  if (existing) {
    const { history, id, indicatorId, agreementId, period, revision, createdAt, updatedAt, ...previous } = existing;
    // A correction keeps the column's label unless it names another; the document a value came from stays with it in the history.
    const { document: _document, ...kept } = existing;
    measurement = {
      ...kept,
      ...stripUndefined(entry),
      comment: entry.comment,
      history: [...history, previous],
      revision: revision + 1,
      updatedAt: now,
    };
  } else {
    measurement = {
      id: ctx.newId(),
      indicatorId: input.indicatorId,
      agreementId: indicator.agreementId,
      period: input.period,
      ...stripUndefined(entry),
      history: [],
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
  }
  if (measurement.comment === undefined) delete measurement.comment;
  if (measurement.label === undefined) delete measurement.label;
  await ctx.store.commit([
    { type: 'put', kind: 'measurement', record: measurement, expectedRevision: existing ? existing.revision : null },
    { type: 'audit', entry: auditEntry(ctx, 'measurement', measurement.id, existing ? 'update' : 'create', existing, measurement) },
  ]);
  return { measurement, corrected: existing !== null };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
