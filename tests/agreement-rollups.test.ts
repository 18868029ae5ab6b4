import Database from 'better-sqlite3';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { AgreementRollup, Goal, Indicator, Measurement } from '../api/core/model';
import type { Store, TenantStore } from '../api/core/port';
import { submitAgreement } from '../api/core/services/lifecycle';
import { recordMeasurement } from '../api/core/services/measurements';
import { getOverview, type OverviewRow } from '../api/core/services/overview';
import { createRecord, deleteRecord, updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import type { TypedDocumentInput } from '../api/core/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { openTestStore } from './support/server';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * The chief's overview reads one roll-up per agreement that the core keeps with every write. Whatever writes —
 * a measurement reported, corrected or deleted, an indicator or goal created, changed or deleted, the agreement
 * edited or moved on, an import, two people at once — the overview must show what the agreement's records say,
 * in both stores. Each step states what the domain expects (reporting a value below the target puts the goal off
 * track; a quarter without a value ten days past its end is late), and every roll-up is compared with figures
 * recomputed from the goals, indicators and measurements themselves.
 */

// 5 December 2026: Q1–Q3 and January–October are past their grace period (late), November is due, December upcoming.
const NOW = () => new Date('2026-12-05T12:00:00Z');
const tmp = tempDir();
let fx: SharePointFixture;
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['t'] });
}, 60_000);
afterAll(async () => {
  await fx?.stop();
  tmp.remove();
});

const GRACE_DAYS = 10;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/** The periods of a year and their due dates (the last day of the period), written out from the domain. */
function periodsOf(i: Indicator, year: number): { period: string; due: string }[] {
  const f = i.frequency;
  const months = f.kind === 'monthly' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : f.kind === 'months' ? [...f.months].sort((a, b) => a - b) : [];
  if (f.kind === 'quarterly') return [1, 2, 3, 4].map((q) => ({ period: `${year}-Q${q}`, due: lastDay(year, q * 3) }));
  if (f.kind === 'yearly') return [{ period: `${year}`, due: lastDay(year, f.month) }];
  return months.map((m) => ({ period: `${year}-${String(m).padStart(2, '0')}`, due: lastDay(year, m) }));
}

/** Whether a value misses the indicator's target, by the domain's rule (increase: at least; decrease: at most; keep: within tolerance; range: between). */
function misses(i: Indicator, value: number): boolean {
  if (i.target === null) return false;
  if (i.direction === 'increase') return value < i.target;
  if (i.direction === 'decrease') return value > i.target;
  if (i.direction === 'keep') return Math.abs(value - i.target) > (i.tolerance ?? 0);
  return i.targetMax !== null && (value < i.target || value > i.targetMax);
}

type Figures = { goals: number; goalsOffTrack: number; due: number; late: number };

/** Every agreement's figures recomputed from its goals, indicators and measurements (not from any summary). */
async function recomputed(store: TenantStore): Promise<Map<string, Figures>> {
  const [agreements, goals, indicators, measurements] = await store.readMany([
    { kind: 'agreement', where: {} },
    { kind: 'goal', where: {} },
    { kind: 'indicator', where: {} },
    { kind: 'measurement', where: {} },
  ] as const);
  const today = NOW().toISOString().slice(0, 10);
  const out = new Map<string, Figures>();
  for (const a of agreements) {
    const f: Figures = { goals: 0, goalsOffTrack: 0, due: 0, late: 0 };
    for (const g of (goals as Goal[]).filter((x) => x.agreementId === a.id)) {
      f.goals++;
      let off = g.status === 'off_track' || g.status === 'at_risk';
      for (const i of (indicators as Indicator[]).filter((x) => x.goalId === g.id)) {
        const mine = (measurements as Measurement[]).filter((m) => m.indicatorId === i.id).sort((x, y) => (x.period < y.period ? 1 : -1));
        if (mine[0] && mine[0].value !== null && misses(i, mine[0].value)) off = true;
        for (const p of periodsOf(i, a.year)) {
          if (mine.some((m) => m.period === p.period) || today < p.due) continue;
          if (today <= addDays(p.due, GRACE_DAYS)) f.due++;
          else f.late++;
        }
      }
      if (off) f.goalsOffTrack++;
    }
    out.set(a.id, f);
  }
  return out;
}

/** Where the overview (from the roll-ups) and the recomputed figures disagree, and roll-ups without an agreement; [] when none. */
async function divergence(store: Store, municipalityId: string): Promise<string[]> {
  const tenant = store.forTenant('t');
  const expected = await recomputed(tenant);
  const out: string[] = [];
  const rows = await getOverview(makeContext(tenant, systemActor('t'), NOW), municipalityId, 2026);
  for (const row of rows) {
    if (!row.agreement) continue;
    const want = expected.get(row.agreement.id);
    const got = { goals: row.goals, goalsOffTrack: row.goalsOffTrack, due: row.dueMeasurements, late: row.lateMeasurements };
    if (JSON.stringify(want) !== JSON.stringify(got)) out.push(`${row.agreement.id}: records ${JSON.stringify(want)} roll-up ${JSON.stringify(got)}`);
  }
  for (const r of (await tenant.listAll('agreementRollup', {})) as AgreementRollup[])
    if (!expected.has(r.id)) out.push(`${r.id}: roll-up of a deleted agreement`);
  return out;
}

const stores: [string, () => Store][] = [
  ['SQLite', () => openTestStore(':memory:')],
  ['SharePoint', () => fx.store],
];

describe.each(stores)('agreement roll-ups (%s)', (name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  const as = (id?: string) => makeContext(store.forTenant('t'), id ? { ...systemActor('t', 'development'), id, displayName: id } : systemActor('t'), NOW);
  const ctx = () => as();
  const row = async (p: string): Promise<OverviewRow> => (await getOverview(ctx(), p, 2026)).find((r) => r.unit.id === `${p}-skole`)!;
  const figures = async (p: string) => {
    const r = await row(p);
    return { goals: r.goals, goalsOffTrack: r.goalsOffTrack, due: r.dueMeasurements, late: r.lateMeasurements };
  };

  it('show what the records say after every kind of write', async () => {
    const p = 'rul';
    await importOrganisation(ctx(), smallMunicipality(p));
    // One quarterly indicator, target at least 80, nothing reported: Q1–Q3 late, Q4 not yet due.
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 3 });
    expect(await divergence(store, p)).toEqual([]);

    // A value below the target puts the goal off track; a correction above it brings it back.
    await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 60 });
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 2 });
    await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 85, revision: 1 });
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 2 });
    expect(await divergence(store, p)).toEqual([]);

    // A new monthly indicator: ten months late, November due.
    const absence = await createRecord(ctx(), 'indicator', {
      id: `${p}-indicator-2`,
      goalId: `${p}-goal-1`,
      name: 'Fravær',
      unitOfMeasure: '%',
      valueType: 'percentage',
      baseline: 8,
      target: 5,
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      measureType: 'result',
      dataSource: 'Elevadministration',
    });
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 1, late: 12 });
    // November reported through the entity routes, above the target of at most 5: off track, nothing due.
    const november = await createRecord(ctx(), 'measurement', {
      indicatorId: absence.id,
      period: '2026-11',
      value: 9,
      enteredBy: `${p}-leder`,
      enteredAt: '2026-12-01T08:00:00.000Z',
      source: 'api',
    });
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 12 });
    expect(await divergence(store, p)).toEqual([]);
    // The target moved to at most 10: the value meets it.
    const moved = await updateRecord(ctx(), 'indicator', absence.id, { target: 10 }, absence.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 12 });
    // A value corrected through the entity routes, above the new target.
    const corrected = await updateRecord(ctx(), 'measurement', november.id, { value: 11 }, november.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 12 });
    // Deleted: November is due again, and the indicator has no value to judge.
    await deleteRecord(ctx(), 'measurement', corrected.id, corrected.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 1, late: 12 });
    expect(await divergence(store, p)).toEqual([]);

    // The goal marked at risk counts as off track, whatever its indicators say.
    const goal = (await store.forTenant('t').get('goal', `${p}-goal-1`))!;
    const atRisk = await updateRecord(ctx(), 'goal', goal.id, { status: 'at_risk' }, goal.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 1, due: 1, late: 12 });
    await updateRecord(ctx(), 'goal', goal.id, { status: 'on_track' }, atRisk.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 1, late: 12 });

    // The indicator deleted with its measurements.
    await deleteRecord(ctx(), 'indicator', moved.id, moved.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 2 });
    expect(await divergence(store, p)).toEqual([]);

    // A second goal with a yearly indicator due at the end of June (late), then deleted with it (the cascade).
    const second = await createRecord(ctx(), 'goal', {
      id: `${p}-goal-2`,
      unitId: `${p}-skole`,
      agreementId: `${p}-skole-2026`,
      levelId: `${p}-level-2`,
      year: 2026,
      title: 'Trivsel',
      origin: 'own',
      kind: 'result',
    });
    await createRecord(ctx(), 'indicator', {
      id: `${p}-indicator-3`,
      goalId: second.id,
      name: 'Trivsel',
      unitOfMeasure: 'point',
      valueType: 'number',
      baseline: 3,
      target: 4,
      direction: 'increase',
      frequency: { kind: 'yearly', month: 6 },
      measureType: 'result',
      dataSource: 'Trivselsmåling',
    });
    expect(await figures(p)).toEqual({ goals: 2, goalsOffTrack: 0, due: 0, late: 3 });
    expect(await divergence(store, p)).toEqual([]);
    const stored = (await store.forTenant('t').get('goal', second.id))!;
    await deleteRecord(ctx(), 'goal', stored.id, stored.revision);
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 2 });

    // Two people report two quarters at once: both count.
    await Promise.all(['2026-Q2', '2026-Q3'].map((period, n) => recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period, value: 81 + n })));
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 0 });
    expect(await divergence(store, p)).toEqual([]);

    // The agreement's title edited and the agreement submitted: the overview shows both.
    let agreement = (await store.forTenant('t').get('agreement', `${p}-skole-2026`))!;
    agreement = await updateRecord(ctx(), 'agreement', agreement.id, { title: 'Kvalitetsaftale 2026, Østre Skole' }, agreement.revision);
    await submitAgreement(as(`${p}-leder`), agreement.id, agreement.revision);
    expect((await row(p)).agreement).toMatchObject({ id: agreement.id, status: 'submitted', title: 'Kvalitetsaftale 2026, Østre Skole' });
    expect(await divergence(store, p)).toEqual([]);
  }, 120_000);

  it('count every value when a whole team reports one agreement at once', async () => {
    const p = 'rulteam';
    await importOrganisation(ctx(), smallMunicipality(p));
    await createRecord(ctx(), 'indicator', {
      id: `${p}-indicator-2`,
      goalId: `${p}-goal-1`,
      name: 'Fravær',
      unitOfMeasure: '%',
      valueType: 'percentage',
      baseline: 8,
      target: 5,
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      measureType: 'result',
      dataSource: 'Elevadministration',
    });
    // SharePoint's commits meet at the roll-up's revision and are built again; in one process on SQLite they queue.
    const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].slice(0, name === 'SharePoint' ? 4 : 12);
    const results = await Promise.allSettled([
      ...months.map((m, n) => recordMeasurement(ctx(), { indicatorId: `${p}-indicator-2`, period: `2026-${m}`, value: 3 + (n % 3) })),
      ...['2026-Q1', '2026-Q2', '2026-Q3'].map((period) => recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period, value: 82 })),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // Q1–Q3 reported; the months not reported are late (January–October) or due (November); the latest value meets the target of at most 5.
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: months.length >= 11 ? 0 : 1, late: 10 - Math.min(months.length, 10) });
    expect(await divergence(store, p)).toEqual([]);
  }, 60_000);

  it('follow an import that changes values, and go with the agreement', async () => {
    const p = 'rulimport';
    const doc = (values: number[]): TypedDocumentInput => ({
      ...smallMunicipality(p),
      measurements: values.map((value, i) => ({
        id: `${p}-m-${i}`,
        indicatorId: `${p}-indicator-1`,
        period: `2026-Q${i + 1}`,
        value,
        enteredBy: `${p}-leder`,
        enteredAt: '2026-10-01T08:00:00.000Z',
        source: 'import',
      })) as never,
    });
    await importOrganisation(ctx(), doc([90, 70]));
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 1 });
    await importOrganisation(ctx(), doc([70, 90, 95]));
    expect(await figures(p)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 0 });
    expect(await divergence(store, p)).toEqual([]);
    const agreement = (await store.forTenant('t').get('agreement', `${p}-skole-2026`))!;
    await deleteRecord(ctx(), 'agreement', agreement.id, agreement.revision);
    expect(await store.forTenant('t').get('agreementRollup', agreement.id)).toBeNull();
    expect((await row(p)).agreement).toBeNull();
    expect(await divergence(store, p)).toEqual([]);
  }, 60_000);
});

describe('the SQLite migration to agreement roll-ups', () => {
  it('fills the roll-ups of a file written before them from its records', async () => {
    const path = join(tmp.dir, 'before-rollups.db');
    const first = openSqliteStore(path);
    const ctx = makeContext(first.forTenant('t'), systemActor('t'), NOW);
    await importOrganisation(ctx, smallMunicipality('gammel'));
    await recordMeasurement(ctx, { indicatorId: 'gammel-indicator-1', period: '2026-Q2', value: 60 });
    await first.close();
    // As the file was before migration 9: without the roll-ups (nor the meeting sessions of migration 10, nor the
    // people's change counter of 12, nor the key-figure states of 15, nor the publications of 16).
    const raw = new Database(path);
    raw.exec(
      'DROP TABLE agreement_rollups; DROP TABLE meeting_sessions; DROP TABLE key_figure_runs; DROP TABLE publications; DROP TRIGGER people_revision_insert; DROP TRIGGER people_revision_update; DROP TRIGGER people_revision_delete;',
    );
    raw.pragma('user_version = 8');
    raw.close();
    const again = openSqliteStore(path);
    expect(await again.forTenant('t').count('agreementRollup', {})).toBe(1);
    // Q2 below the target of at least 80; Q1 and Q3 late.
    const rows = await getOverview(makeContext(again.forTenant('t'), systemActor('t'), NOW), 'gammel', 2026);
    expect(rows.find((r) => r.unit.id === 'gammel-skole')).toMatchObject({ goals: 1, goalsOffTrack: 1, dueMeasurements: 0, lateMeasurements: 2 });
    expect(await divergence(again, 'gammel')).toEqual([]);
    await again.close();
  });
});

describe('a roll-up computed from inputs this instance already knows', () => {
  it('reads only the agreement, its roll-up and the summary for a measurement, and all again once another instance changed the agreement', async () => {
    // Two server instances on one database file.
    const path = join(tmp.dir, 'two-instances.db');
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    const p = 'to';
    const ctxA = () => makeContext(a.forTenant('t'), systemActor('t'), NOW);
    const ctxB = () => makeContext(b.forTenant('t'), systemActor('t'), NOW);
    const figuresIn = async (store: Store) => {
      const r = (await getOverview(makeContext(store.forTenant('t'), systemActor('t'), NOW), p, 2026)).find((x) => x.unit.id === `${p}-skole`)!;
      return { goals: r.goals, goalsOffTrack: r.goalsOffTrack, due: r.dueMeasurements, late: r.lateMeasurements };
    };
    await importOrganisation(ctxA(), smallMunicipality(p));
    // Q1 meets the target of at least 80.
    await recordMeasurement(ctxA(), { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 85 });
    // What instance A reads for the next measurement of the same agreement.
    const reads = jest.spyOn(a.forTenant('t'), 'readMany');
    const kindsRead = () => reads.mock.calls.flatMap(([queries]) => queries.map((q) => q.kind));
    await recordMeasurement(ctxA(), { indicatorId: `${p}-indicator-1`, period: '2026-Q2', value: 90 });
    expect(kindsRead()).not.toContain('goal');
    expect(kindsRead()).not.toContain('indicator');
    expect(await figuresIn(a)).toEqual({ goals: 1, goalsOffTrack: 0, due: 0, late: 1 });

    // Instance B marks the goal at risk: it counts as off track, and A's next measurement must not forget it.
    const goal = (await b.forTenant('t').get('goal', `${p}-goal-1`))!;
    await updateRecord(ctxB(), 'goal', goal.id, { status: 'at_risk' }, goal.revision);
    // A's overview, served from the year's roll-ups A keeps, shows B's change at once.
    expect(await figuresIn(a)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 1 });
    reads.mockClear();
    await recordMeasurement(ctxA(), { indicatorId: `${p}-indicator-1`, period: '2026-Q3', value: 88 });
    expect(kindsRead()).toContain('goal');
    expect(await figuresIn(a)).toEqual({ goals: 1, goalsOffTrack: 1, due: 0, late: 0 });

    // Instance B adds a monthly indicator (January–October late, November due); A corrects Q3 and must count them.
    await createRecord(ctxB(), 'indicator', {
      id: `${p}-indicator-2`,
      goalId: `${p}-goal-1`,
      name: 'Fravær',
      unitOfMeasure: '%',
      valueType: 'percentage',
      baseline: 8,
      target: 5,
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      measureType: 'result',
      dataSource: 'Elevadministration',
    });
    await recordMeasurement(ctxA(), { indicatorId: `${p}-indicator-1`, period: '2026-Q3', value: 70, revision: 1 });
    expect(await figuresIn(a)).toEqual({ goals: 1, goalsOffTrack: 1, due: 1, late: 10 });
    expect(await divergence(a, p)).toEqual([]);
    reads.mockRestore();
    await a.close();
    await b.close();
  });
  it('a measurement written while the one before it waits for the disk reads no goal or indicator either, and the figures hold', async () => {
    const path = join(tmp.dir, 'waiting-for-disk.db');
    const store = openSqliteStore(path);
    const p = 'disk';
    const tenant = store.forTenant('t');
    const ctx = () => makeContext(tenant, systemActor('t'), NOW);
    await importOrganisation(ctx(), smallMunicipality(p));
    await recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 85 });
    // The disk holds every sync back until let go (Node's FileHandle, underneath the store).
    const probe = await fsp.open(path, 'r');
    const FileHandle = Object.getPrototypeOf(probe) as fsp.FileHandle;
    await probe.close();
    const datasync = FileHandle.datasync;
    let letGo!: () => void;
    const disk = new Promise<void>((resolve) => (letGo = resolve));
    const held = jest.spyOn(FileHandle, 'datasync').mockImplementation(async function (this: fsp.FileHandle) {
      await disk;
      await datasync.call(this);
    });
    const reads = jest.spyOn(tenant, 'readMany');
    try {
      // Q2 is written to the database and waits for the disk; Q3 comes meanwhile, as requests do.
      const q2 = recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q2', value: 90 });
      while ((await tenant.listAll('measurement', { indicatorId: `${p}-indicator-1` })).length < 2) await new Promise((r) => setTimeout(r, 1));
      reads.mockClear();
      const q3 = recordMeasurement(ctx(), { indicatorId: `${p}-indicator-1`, period: '2026-Q3', value: 88 });
      while ((await tenant.listAll('measurement', { indicatorId: `${p}-indicator-1` })).length < 3) await new Promise((r) => setTimeout(r, 1));
      const kinds = reads.mock.calls.flatMap(([queries]) => queries.map((q) => q.kind));
      letGo();
      await Promise.all([q2, q3]);
      expect(kinds).not.toContain('goal');
      expect(kinds).not.toContain('indicator');
      // Q1 to Q3 reported and on target: nothing late, nothing off track.
      expect(await divergence(store, p)).toEqual([]);
      const row = (await getOverview(ctx(), p, 2026)).find((x) => x.unit.id === `${p}-skole`)!;
      expect({ goalsOffTrack: row.goalsOffTrack, late: row.lateMeasurements }).toEqual({ goalsOffTrack: 0, late: 0 });
    } finally {
      letGo();
      held.mockRestore();
      reads.mockRestore();
      await store.close();
    }
  });
});
