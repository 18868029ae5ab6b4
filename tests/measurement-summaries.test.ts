import Database from 'better-sqlite3';
import { join } from 'node:path';
import { auditEntry } from '../api/core/audit';
import { makeContext } from '../api/core/context';
import type { Measurement, MeasurementSummary } from '../api/core/model';
import type { Store, TenantStore } from '../api/core/port';
import { recordMeasurement } from '../api/core/services/measurements';
import { getOverview } from '../api/core/services/overview';
import { createRecord, deleteRecord, updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import type { TypedDocumentInput } from '../api/core/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { openTestStore } from './support/server';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * The overview judges each indicator by the values of its reported periods, read from one summary per indicator
 * that the core keeps with every measurement write. Whatever writes a measurement — the tab, a card, the REST
 * API, an import, a delete or its cascade, two people at once — the summary must say exactly what the
 * measurements say, in both stores. The expectation is read from the measurements themselves.
 */

const NOW = () => new Date('2026-11-22T12:00:00Z');
const tmp = tempDir();
let fx: SharePointFixture;
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['t'] });
}, 60_000);
afterAll(async () => {
  await fx?.stop();
  tmp.remove();
});

/** Where the summaries and the measurements disagree, one line each; [] when they agree. */
async function divergence(store: TenantStore): Promise<string[]> {
  const [measurements, summaries, indicators] = await store.readMany([
    { kind: 'measurement', where: {} },
    { kind: 'measurementSummary', where: {} },
    { kind: 'indicator', where: {} },
  ] as const);
  const byIndicator = new Map<string, string>();
  for (const m of [...(measurements as Measurement[])].sort((a, b) => a.period.localeCompare(b.period)))
    byIndicator.set(m.indicatorId, `${byIndicator.get(m.indicatorId) ?? ''}${m.period}=${m.value};`);
  const out: string[] = [];
  const summarised = new Map((summaries as MeasurementSummary[]).map((s) => [s.id, s]));
  for (const [indicatorId, expected] of byIndicator) {
    const s = summarised.get(indicatorId);
    const actual = s
      ? Object.entries(s.values)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([period, value]) => `${period}=${value};`)
          .join('')
      : '(no summary)';
    if (actual !== expected) out.push(`${indicatorId}: measurements ${expected} summary ${actual}`);
  }
  const live = new Set(indicators.map((i) => i.id));
  for (const s of summarised.values()) {
    if (s.indicatorId !== s.id) out.push(`${s.id}: summary of ${s.indicatorId}`);
    if (!live.has(s.id)) out.push(`${s.id}: summary of a deleted indicator`);
    if (Object.keys(s.values).length && !byIndicator.has(s.id)) out.push(`${s.id}: summary without measurements`);
  }
  return out;
}

function document(prefix: string, values: number[]): TypedDocumentInput {
  const doc = smallMunicipality(prefix);
  doc.indicators!.push({
    id: `${prefix}-indicator-2`,
    goalId: `${prefix}-goal-1`,
    name: 'Fravær',
    unitOfMeasure: '%',
    valueType: 'percentage',
    baseline: 8,
    target: 5,
    direction: 'decrease',
    frequency: { kind: 'monthly' },
    measureType: 'result',
    dataSource: 'Elevadministration',
  } as never);
  doc.measurements = values.map((value, i) => ({
    id: `${prefix}-m-${i}`,
    indicatorId: `${prefix}-indicator-1`,
    period: `2026-Q${i + 1}`,
    value,
    enteredBy: `${prefix}-leder`,
    enteredAt: '2026-10-01T08:00:00.000Z',
    source: 'import',
  })) as never;
  return doc;
}

const stores: [string, () => Store][] = [
  ['SQLite', () => openTestStore(':memory:')],
  ['SharePoint', () => fx.store],
];

describe.each(stores)('measurement summaries (%s)', (_name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  const ctx = () => makeContext(store.forTenant('t'), systemActor('t'), NOW);
  const tenant = () => store.forTenant('t');
  const offTrack = async (p: string) => (await getOverview(ctx(), p, 2026)).find((r) => r.unit.id === `${p}-skole`)!.goalsOffTrack;

  it('agree with the measurements after every kind of write, and the overview judges by the latest value', async () => {
    const p = 'sum';
    await importOrganisation(ctx(), document(p, [71, 74, 78]));
    expect(await divergence(tenant())).toEqual([]);
    // Target 80 or more; the latest value (Q3, 78) misses it.
    expect(await offTrack(p)).toBe(1);

    await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q4', value: 60 });
    expect(await divergence(tenant())).toEqual([]);
    // A correction of the latest period turns the goal.
    const { measurement } = await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q4', value: 85, revision: 1 });
    expect(measurement.revision).toBe(2);
    expect(await divergence(tenant())).toEqual([]);
    expect(await offTrack(p)).toBe(0);

    // Through the entity routes: create, update, delete.
    const created = await createRecord(ctx(), 'measurement', {
      indicatorId: `${p}-indicator-2`,
      period: '2026-05',
      value: 9,
      enteredBy: `${p}-leder`,
      enteredAt: '2026-06-01T08:00:00.000Z',
      source: 'api',
    });
    expect(await divergence(tenant())).toEqual([]);
    expect(await offTrack(p)).toBe(1);
    const updated = await updateRecord(ctx(), 'measurement', created.id, { value: 4 }, created.revision);
    expect(await divergence(tenant())).toEqual([]);
    expect(await offTrack(p)).toBe(0);
    await deleteRecord(ctx(), 'measurement', updated.id, updated.revision);
    expect(await divergence(tenant())).toEqual([]);
    // Deleting the latest value of the first indicator brings its earlier one (Q3, 78) back.
    const q4 = (await tenant().listAll('measurement', { indicatorId: `${p}-indicator-1`, period: '2026-Q4' }))[0]!;
    await deleteRecord(ctx(), 'measurement', q4.id, q4.revision);
    expect(await divergence(tenant())).toEqual([]);
    expect(await offTrack(p)).toBe(1);
  }, 60_000);

  it('keep every value when several people report the same indicator at once', async () => {
    const p = 'samtidig';
    await importOrganisation(ctx(), document(p, []));
    await Promise.all(
      ['01', '02', '03', '04', '05', '06'].map((month, i) =>
        recordMeasurement(ctx(), { indicatorId: `${p}-indicator-2`, period: `2026-${month}`, value: 5 + i }),
      ),
    );
    expect(await divergence(tenant())).toEqual([]);
    expect(Object.keys((await tenant().get('measurementSummary', `${p}-indicator-2`))!.values)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  }, 60_000);

  it('follow an import that changes values, and go with the indicator and the agreement', async () => {
    const p = 'igen';
    await importOrganisation(ctx(), document(p, [71, 74]));
    await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-2`, period: '2026-02', value: 7 });
    // The same document again, with other values and a third quarter.
    await importOrganisation(ctx(), document(p, [90, 91, 92]));
    expect(await divergence(tenant())).toEqual([]);
    expect((await tenant().get('measurementSummary', `${p}-indicator-1`))?.values).toEqual({ '2026-Q1': 90, '2026-Q2': 91, '2026-Q3': 92 });
    const indicator = (await tenant().get('indicator', `${p}-indicator-2`))!;
    await deleteRecord(ctx(), 'indicator', indicator.id, indicator.revision);
    expect(await tenant().get('measurementSummary', indicator.id)).toBeNull();
    expect(await divergence(tenant())).toEqual([]);
    const agreement = (await tenant().get('agreement', `${p}-skole-2026`))!;
    await deleteRecord(ctx(), 'agreement', agreement.id, agreement.revision);
    expect(await tenant().get('measurementSummary', `${p}-indicator-1`)).toBeNull();
    expect(await divergence(tenant())).toEqual([]);
  }, 60_000);

  it('is checked by a test that notices a measurement written past the core', async () => {
    const p = 'forbi';
    await importOrganisation(ctx(), document(p, [71]));
    const m = (await tenant().listAll('measurement', { indicatorId: `${p}-indicator-1` }))[0]!;
    // The store itself, not the context: nothing keeps the summary.
    const past = { ...m, value: 99, revision: m.revision + 1 };
    await tenant().commit([
      { type: 'put', kind: 'measurement', record: past, expectedRevision: m.revision },
      { type: 'audit', entry: auditEntry(ctx(), 'measurement', m.id, 'update', m, past) },
    ]);
    expect(await divergence(tenant())).toEqual([`${p}-indicator-1: measurements 2026-Q1=99; summary 2026-Q1=71;`]);
    await tenant().commit([
      { type: 'put', kind: 'measurement', record: { ...m, revision: m.revision + 2 }, expectedRevision: m.revision + 1 },
      { type: 'audit', entry: auditEntry(ctx(), 'measurement', m.id, 'update', past, m) },
    ]);
    expect(await divergence(tenant())).toEqual([]);
  }, 60_000);
});

describe('the SQLite migration to measurement summaries', () => {
  it('fills the summaries of a file written before them from its measurements', async () => {
    const path = join(tmp.dir, 'before-summaries.db');
    const first = openSqliteStore(path);
    const ctx = makeContext(first.forTenant('t'), systemActor('t'), NOW);
    await importOrganisation(ctx, document('gammel', [71, 74, 78]));
    await recordMeasurement(ctx, { indicatorId: 'gammel-indicator-2', period: '2026-03', value: 6 });
    await first.close();
    // As the file was before migration 7: without the summaries, and without what later migrations (8: the
    // audit trail's `at`; 9: the agreement roll-ups; 10: the meeting sessions; 12: the people's change counter; 15: the
    // key-figure states; 16: the publications) added, so every migration from 7 on runs as on a real file of version 6.
    const raw = new Database(path);
    raw.exec(`
      DROP TABLE meeting_sessions;
      DROP TABLE key_figure_runs;
      DROP TABLE publications;
      DROP TRIGGER people_revision_insert;
      DROP TRIGGER people_revision_update;
      DROP TRIGGER people_revision_delete;
      DROP TABLE agreement_rollups;
      DROP TABLE measurement_summaries;
      DROP INDEX audit_entity_at;
      DROP INDEX audit_tenant_at;
      ALTER TABLE audit DROP COLUMN at;
      CREATE INDEX audit_entity ON audit (tenant_id, entity_id, seq);
      CREATE INDEX audit_tenant ON audit (tenant_id, seq);
    `);
    raw.pragma('user_version = 6');
    raw.close();
    const again = openSqliteStore(path);
    expect(await again.forTenant('t').count('measurementSummary', {})).toBe(2);
    expect(await divergence(again.forTenant('t'))).toEqual([]);
    await again.close();
  });
});
