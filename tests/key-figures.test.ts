import { join } from 'node:path';
import { makeContext, type Actor } from '../api/core/context';
import { recordMeasurement } from '../api/core/services/measurements';
import { keyFigureStatus, syncKeyFigures, type KeyFigureSchedule } from '../api/core/services/key-figures';
import { updateRecord } from '../api/core/services/records';
import { exportSheet, importSheet } from '../api/core/services/sheet-transfer';
import { readWorkbook, writeWorkbook } from '../api/spreadsheet/workbook';
import { importOrganisation } from '../api/core/services/transfer';
import { hoejeTaastrup, silkeborg } from '../api/demo';
import { keyFigureSources } from '../api/keyfigures';
import { openTestStore } from './support/server';
import { systemActor } from '../teams-app/system-actor';
import { koladaStandin, statbankStandin, type StandinControl } from './support/keyfigure-standins';
import { tempDir } from './support/mother';

/**
 * Key figures from Kolada and StatBank as measurements (issue 21, point 4): the core's run (services/key-figures.ts)
 * through the production adapters (api/keyfigures/, the platform's fetch) against local stand-ins that answer as the
 * providers document their APIs (tests/support/keyfigure-standins.ts).
 */
const TENANT = 'keyfigures';
const GOAL = 'silkeborg-borgerservice-2015-goal-1';
const KOLADA_INDICATOR = 'silkeborg-kolada';
const STATBANK_INDICATOR = 'silkeborg-statbank';
const SCHEDULE: KeyFigureSchedule = { intervalMs: 24 * 3_600_000, retryBaseMs: 10 * 60_000, retryCapMs: 3_600_000 };
const QUALITY_OFFICE = 'silkeborg-demo-kvalitet';
const STAFF = 'silkeborg-demo-borgerservice';

const tmp = tempDir();
let clock = new Date('2026-12-01T06:00:00Z');
const store = openTestStore(join(tmp.dir, 'keyfigures.db'));
const tenant = store.forTenant(TENANT);
const actor = (id: string): Actor => ({ id, tenantId: TENANT, displayName: id, locale: 'da', authMethod: 'development' });
const ctxOf = (a: Actor = systemActor(TENANT, 'bot')) => makeContext(tenant, a, () => clock);
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

let kolada: StandinControl;
let statbank: StandinControl;
let sources: ReturnType<typeof keyFigureSources>;

const measurementsOf = async (indicatorId: string) => (await tenant.listAll('measurement', { indicatorId })).sort((a, b) => a.period.localeCompare(b.period));

beforeAll(async () => {
  kolada = await koladaStandin([
    { kpi: 'N00945', area: '0180', year: 2022, T: 71.5, K: 70, M: 73 },
    { kpi: 'N00945', area: '0180', year: 2023, T: 73 },
    { kpi: 'N00945', area: '0180', year: 2024, T: null },
    // Another municipality's value of the same KPI is never taken.
    { kpi: 'N00945', area: '1860', year: 2023, T: 12 },
  ]);
  statbank = await statbankStandin([
    {
      id: 'AUS08',
      variables: ['OMRÅDE', 'YDELSESTYPE', 'Tid'],
      rows: [
        { codes: { OMRÅDE: '740', YDELSESTYPE: 'TOT', Tid: '2025K3' }, value: 1234 },
        { codes: { OMRÅDE: '740', YDELSESTYPE: 'TOT', Tid: '2025K4' }, value: 1250.5 },
        { codes: { OMRÅDE: '740', YDELSESTYPE: 'TOT', Tid: '2026K1' }, value: null },
        { codes: { OMRÅDE: '101', YDELSESTYPE: 'TOT', Tid: '2025K4' }, value: 9999 },
      ],
    },
  ]);
  sources = keyFigureSources({ koladaUrl: kolada.url, statbankUrl: statbank.url, timeoutMs: 2_000 });
  const sk = structuredClone(silkeborg);
  const base = { goalId: GOAL, unitOfMeasure: '%', direction: 'increase' as const, measureType: 'result' as const };
  sk.indicators = [
    ...(sk.indicators ?? []),
    {
      ...base,
      id: KOLADA_INDICATOR,
      sortOrder: 1,
      name: 'Andel nöjda brukare (Kolada N00945)',
      valueType: 'percentage' as const,
      frequency: { kind: 'yearly' as const, month: 12 },
      keyFigure: {
        provider: 'kolada' as const,
        kpi: 'N00945',
        level: 'municipality' as const,
        areaId: '0180',
        gender: 'T' as const,
        yearOffset: 0,
        fromYear: 2022,
      },
    },
    {
      ...base,
      id: STATBANK_INDICATOR,
      sortOrder: 2,
      name: 'Modtagere af ydelser (AUS08)',
      unitOfMeasure: 'personer',
      frequency: { kind: 'quarterly' as const },
      keyFigure: {
        provider: 'statbank' as const,
        table: 'AUS08',
        variables: [
          { code: 'OMRÅDE', value: '740' },
          { code: 'YDELSESTYPE', value: 'TOT' },
        ],
        timeVariable: 'Tid',
        yearOffset: 0,
        fromYear: 2025,
      },
    },
  ];
  await importOrganisation(ctxOf(systemActor(TENANT)), sk);
  await importOrganisation(ctxOf(systemActor(TENANT)), hoejeTaastrup);
});

describe('a key-figure run', () => {
  it('with the stand-in down and up again records each value once', async () => {
    await kolada.down('refuse');
    await statbank.down('error');
    // The links came in with the import: the daily scan of every indicator finds them.
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE)).toMatchObject({ attempted: 0 });
    const first = await syncKeyFigures(ctxOf(), sources, SCHEDULE, { scan: true });
    expect(first).toMatchObject({ attempted: 2, failed: 2, created: 0 });
    expect(await measurementsOf(KOLADA_INDICATOR)).toEqual([]);
    const failedRun = (await tenant.get('keyFigureRun', KOLADA_INDICATOR))!;
    expect(failedRun).toMatchObject({ failures: 1, lastSuccessAt: null, nextAttemptAt: new Date(clock.getTime() + 10 * 60_000).toISOString() });
    expect(failedRun.lastError!.message).toMatch(/Kolada did not answer/);
    expect((await tenant.get('keyFigureRun', STATBANK_INDICATOR))!.lastError).toMatchObject({ status: 503 });

    // Before the retry is due nothing is asked; a second failure doubles the pause.
    later(5 * 60_000);
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE)).toMatchObject({ attempted: 0 });
    later(6 * 60_000);
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE)).toMatchObject({ attempted: 2, failed: 2 });
    expect((await tenant.get('keyFigureRun', KOLADA_INDICATOR))!).toMatchObject({
      failures: 2,
      nextAttemptAt: new Date(clock.getTime() + 20 * 60_000).toISOString(),
    });

    await kolada.up();
    await statbank.up();
    later(21 * 60_000);
    const retrievedAt = clock.toISOString();
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE)).toMatchObject({ attempted: 2, failed: 0, created: 4, conflicts: 0 });
    expect(kolada.served).toBe(1);
    expect(statbank.served).toBe(1);
    // Run again, due or not: nothing twice.
    later(60_000);
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE, { force: true })).toMatchObject({ attempted: 2, created: 0, corrected: 0, unchanged: 4 });
    later(25 * 3_600_000);
    expect(await syncKeyFigures(ctxOf(), sources, SCHEDULE)).toMatchObject({ attempted: 2, created: 0, unchanged: 4 });

    const yearly = await measurementsOf(KOLADA_INDICATOR);
    expect(yearly.map((m) => [m.period, m.value, m.source])).toEqual([
      ['2022', 71.5, 'keyfigure'],
      ['2023', 73, 'keyfigure'],
    ]);
    expect(yearly[0]!.keyFigure).toEqual({ provider: 'kolada', id: 'N00945', area: 'municipality 0180', period: '2022', retrievedAt });
    expect(yearly[0]!.history).toEqual([]);
    const quarterly = await measurementsOf(STATBANK_INDICATOR);
    expect(quarterly.map((m) => [m.period, m.value, m.keyFigure?.period])).toEqual([
      ['2025-Q3', 1234, '2025K3'],
      ['2025-Q4', 1250.5, '2025K4'],
    ]);
    expect(quarterly[0]!.keyFigure).toMatchObject({ provider: 'statbank', id: 'AUS08', area: 'OMRÅDE=740, YDELSESTYPE=TOT' });
    // Each created value has its audit entry, by the actor of the run.
    const trail = await tenant.auditTrail({ entityId: yearly[0]!.id }, { limit: 10 });
    expect(trail.items.map((e) => [e.action, e.actorId])).toEqual([['create', 'system']]);
    const run = (await tenant.get('keyFigureRun', KOLADA_INDICATOR))!;
    expect(run).toMatchObject({ failures: 0, lastError: null, lastSuccessAt: expect.any(String), conflicts: [] });
    // The adapters asked as the documentation says.
    expect(kolada.requests.at(-1)).toBe(`GET /v2/data/kpi/N00945/municipality/0180/year/2022,2023,2024,2025,2026`);
  });

  it('keeps a value a person entered, lists the difference for the quality office, and follows a figure the source revised', async () => {
    // Someone enters 2023 by hand as 74; the source says 73.
    const entered = await recordMeasurement(ctxOf(actor(QUALITY_OFFICE)), {
      indicatorId: KOLADA_INDICATOR,
      period: '2023',
      value: 74,
      source: 'tab',
      revision: 1,
    });
    expect(entered.corrected).toBe(true);
    // The source revises 2022 from 71.5 to 72 and publishes 2024.
    const revised = await koladaStandin([
      { kpi: 'N00945', area: '0180', year: 2022, T: 72 },
      { kpi: 'N00945', area: '0180', year: 2023, T: 73 },
      { kpi: 'N00945', area: '0180', year: 2024, T: 75 },
    ]);
    const revisedSources = keyFigureSources({ koladaUrl: revised.url, statbankUrl: statbank.url, timeoutMs: 2_000 });
    later(60_000);
    const result = await syncKeyFigures(ctxOf(), revisedSources, SCHEDULE, { force: true });
    expect(result).toMatchObject({ created: 1, corrected: 1, conflicts: 1 });
    const yearly = await measurementsOf(KOLADA_INDICATOR);
    expect(yearly.map((m) => [m.period, m.value, m.source])).toEqual([
      ['2022', 72, 'keyfigure'],
      ['2023', 74, 'tab'],
      ['2024', 75, 'keyfigure'],
    ]);
    expect(yearly[0]!.history.map((h) => [h.value, h.source])).toEqual([[71.5, 'keyfigure']]);
    const run = (await tenant.get('keyFigureRun', KOLADA_INDICATOR))!;
    expect(run.conflicts).toEqual([{ period: '2023', keyFigureValue: 73, value: 74, source: 'tab', enteredBy: QUALITY_OFFICE }]);
    // Again: the person's value still stands, nothing is recorded twice, the conflict is still listed.
    expect(await syncKeyFigures(ctxOf(), revisedSources, SCHEDULE, { force: true })).toMatchObject({ created: 0, corrected: 0, conflicts: 1 });
    expect((await measurementsOf(KOLADA_INDICATOR)).length).toBe(3);
    // The quality office reads it; staff may not.
    const status = await keyFigureStatus(ctxOf(actor(QUALITY_OFFICE)));
    expect(status.municipalityId).toBe('silkeborg');
    expect(status.links.map((l) => [l.indicatorId, l.run?.conflicts.length])).toEqual([
      [KOLADA_INDICATOR, 1],
      [STATBANK_INDICATOR, 0],
    ]);
    await expect(keyFigureStatus(ctxOf(actor(STAFF)), 'silkeborg')).rejects.toMatchObject({ code: 'forbidden' });
    // Høje-Taastrup's quality office sees none of Silkeborg's links.
    await expect(keyFigureStatus(ctxOf(actor('hoeje-taastrup-demo-kvalitet')), 'silkeborg')).rejects.toMatchObject({ code: 'forbidden' });
    await revised.close();
  });

  it('leaves out periods the indicator does not have and values outside its bounds', async () => {
    const skipping = await koladaStandin([
      { kpi: 'U00001', area: '0180', year: 2025, T: 140 },
      { kpi: 'U00001', area: '0180', year: 2026, T: 50 },
    ]);
    const s = keyFigureSources({ koladaUrl: skipping.url, statbankUrl: statbank.url, timeoutMs: 2_000 });
    const before = (await tenant.get('indicator', KOLADA_INDICATOR))!;
    // The link is the quality office's to set, through the indicator's ordinary update; staff may not.
    const link = {
      provider: 'kolada' as const,
      kpi: 'U00001',
      level: 'municipality' as const,
      areaId: '0180',
      gender: 'T' as const,
      yearOffset: 0,
      fromYear: 2025,
    };
    await expect(updateRecord(ctxOf(actor(STAFF)), 'indicator', KOLADA_INDICATOR, { keyFigure: link }, before.revision)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await updateRecord(ctxOf(actor(QUALITY_OFFICE)), 'indicator', KOLADA_INDICATOR, { keyFigure: link }, before.revision);
    // A link set through the update is due at once, without a scan.
    expect((await tenant.get('keyFigureRun', KOLADA_INDICATOR))!).toMatchObject({
      keyFigureId: 'U00001',
      lastAttemptAt: null,
      nextAttemptAt: clock.toISOString(),
    });
    later(60_000);
    const result = await syncKeyFigures(ctxOf(), s, SCHEDULE, { municipalityId: 'silkeborg' });
    expect(result).toMatchObject({ attempted: 1, created: 1 });
    const run = (await tenant.get('keyFigureRun', KOLADA_INDICATOR))!;
    expect(run.skipped).toEqual([{ period: '2025', reason: 'value' }]);
    expect(run.keyFigureId).toBe('U00001');
    // Unlinked, its state goes with the link; the values fetched stay.
    const now = (await tenant.get('indicator', KOLADA_INDICATOR))!;
    await updateRecord(ctxOf(actor(QUALITY_OFFICE)), 'indicator', KOLADA_INDICATOR, { keyFigure: null }, now.revision);
    expect(await tenant.get('keyFigureRun', KOLADA_INDICATOR)).toBeNull();
    expect(await syncKeyFigures(ctxOf(), s, SCHEDULE, { scan: true })).toMatchObject({ attempted: 0 });
    expect(await tenant.get('keyFigureRun', KOLADA_INDICATOR)).toBeNull();
    expect((await measurementsOf(KOLADA_INDICATOR)).map((m) => m.period)).toEqual(['2022', '2023', '2024', '2026']);
    await skipping.close();
  });

  it('exports the fetched values with their origin on a second sheet, and the file imports again unchanged', async () => {
    const ctx = ctxOf(actor(QUALITY_OFFICE));
    const grid = await exportSheet(ctx, { agreementId: 'silkeborg-borgerservice-2015' }, 'da');
    expect(grid.sheets.map((x) => x.name)).toEqual(['Mål', 'Kilder']);
    const [head, ...rows] = grid.sheets[1]!.rows;
    expect(head).toEqual(['Indikator-id', 'Indikator', 'Periode', 'Værdi', 'Kilde', 'Oprindelse']);
    const q3 = rows.find((r) => r[0] === STATBANK_INDICATOR && r[2] === '2025-Q3')!;
    expect(q3.slice(0, 5)).toEqual([STATBANK_INDICATOR, 'Modtagere af ydelser (AUS08)', '2025-Q3', 1234, 'Nøgletal']);
    expect(String(q3[5])).toMatch(/^Danmarks Statistik AUS08, 2025K3 \(hentet .+\); OMRÅDE=740, YDELSESTYPE=TOT$/);
    // A person's value is not listed there: it came from no other system.
    expect(rows.some((r) => r[0] === KOLADA_INDICATOR && r[2] === '2023')).toBe(false);
    const file = await writeWorkbook(grid, 'xlsx');
    const back = await importSheet(ctx, await readWorkbook(file, 'xlsx', 'Mål'), { agreementId: 'silkeborg-borgerservice-2015', dryRun: true });
    expect(back.problems).toEqual([]);
    expect(back.counts).toMatchObject({ create: 0, update: 0 });
  });
});
