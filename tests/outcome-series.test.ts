import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { DOCUMENT_KINDS } from '../api/core/entities';
import { formatMeasured } from '../api/core/i18n/text';
import { getMeasurementCardState } from '../api/core/services/card-measurement';
import { myTasks } from '../api/core/services/my-tasks';
import { organisation } from '../api/core/services/organisation';
import { exportOrganisation, importOrganisation } from '../api/core/services/transfer';
import { COLLECTIONS, DOCUMENT_FORMAT_VERSION, OrganisationDocument } from '../api/core/transfer';
import { planReminders } from '../api/core/rules/reminder-planner';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { measurementReceiptCard } from '../bot/cards/measurement-receipt-card';
import { receiptModel } from '../bot/views';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';
import { OpenApiChecker } from './support/openapi-check';
import { FOLLOWED_UP_SINCE, SERIES_DOCUMENT, outcomeSeries } from './support/outcome-series';
import { openTestStore, startTestServer, type TestServer } from './support/server';

/**
 * Issue 17, point 6: outcome series as reports write them. What a reader of the report expects: a year written "–"
 * has no value — it is not 0, it is not late, nothing is drawn for it — and the column keeps the name the report
 * gave it; a value taken from a report carries its period, its column and the report, not an entry time nobody
 * knows; a period due before the agreement came into the product is never late. Through import, the REST view,
 * the card, the export and back.
 */
const NOW = () => new Date('2026-07-20T10:00:00Z');
let server: TestServer;
let checker: OpenApiChecker;
const tmp = tempDir();
const store = openTestStore(join(tmp.dir, 'series.db'));
const tenant = store.forTenant('demo');
const context = () => makeContext(tenant, systemActor('demo'), NOW);

async function api(method: string, path: string, user = 'serieby-leder', body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'X-Dev-User': user, 'Accept-Language': 'sv-SE' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  expect(checker.check(method, path, res.status, parsed)).toBeTruthy();
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  server = await startTestServer([outcomeSeries()], { now: NOW, store });
  checker = new OpenApiChecker(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterAll(async () => {
  await server.stop();
  tmp.remove();
});

const sortById = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const VIEW = '/api/agreements/serieby-skole-2026/view';

describe('outcome series with labelled columns and an explicit "no value"', () => {
  it('keeps a year written "–" as no value, with its column and its report, and no entry time', async () => {
    const stored = await tenant.get('measurement', 'serieby-outcome-2024');
    expect(stored).toMatchObject({ period: '2024', value: null, label: '2024', source: 'import', document: SERIES_DOCUMENT, enteredAt: null, enteredBy: null });
    expect((await tenant.get('measurement', 'serieby-outcome-2025'))!.label).toBe('Utfall 2025');
    // The indicator's summary holds the year as reported with no value: never 0.
    expect((await tenant.get('measurementSummary', 'serieby-indicator-2'))!.values).toEqual({ '2023': 71, '2024': null, '2025': 78 });
  });

  it('shows the series in the REST view as written: no value is null, the column labels kept, the latest value the last one given', async () => {
    const r = await api('GET', VIEW);
    expect(r.status).toBe(200);
    const points = (r.body.measurements as { indicatorId: string; period: string; value: number | null; label?: string }[])
      .filter((m) => m.indicatorId === 'serieby-indicator-2')
      .map((m) => [m.period, m.value, m.label]);
    expect(points).toEqual([
      ['2025', 78, 'Utfall 2025'],
      ['2024', null, '2024'],
      ['2023', 71, '2023'],
    ]);
    const summary = (r.body.indicatorSummaries as { indicatorId: string; latestValue: number | null }[]).find((s) => s.indicatorId === 'serieby-indicator-2');
    expect(summary!.latestValue).toBe(78);
  });

  it('never counts a period due before the agreement came into the product as late, in the view, the overview, my work or reminders', async () => {
    const view = (await api('GET', VIEW)).body;
    const quarterly = (view.indicatorSummaries as { indicatorId: string; periods: { period: string; state: string }[]; latePeriods: string[] }[]).find(
      (s) => s.indicatorId === 'serieby-indicator-1',
    )!;
    // Q1 (due 31 March) lies before 15 May; Q2 (due 30 June) after it, unreported on 20 July: late.
    expect(quarterly.periods.find((p) => p.period === '2026-Q1')!.state).toBe('before_product');
    expect(quarterly.latePeriods).toEqual(['2026-Q2']);

    const overview = await api('GET', '/api/overview?unitId=serieby&year=2026', 'serieby-kvalitet');
    const row = (overview.body as { agreement: { id: string } | null; lateMeasurements?: number }[]).find((x) => x.agreement?.id === 'serieby-skole-2026');
    expect(row!.lateMeasurements).toBe(1);

    const mine = await myTasks(context(), 'serieby-leder');
    expect(mine.measurements.find((t) => t.indicator.id === 'serieby-indicator-1')!.open.map((p) => p.period)).toEqual(['2026-Q2']);

    const org = await organisation(context());
    const planned = planReminders({
      now: NOW(),
      units: org.units,
      wheelEvents: [],
      agreements: [(await tenant.get('agreement', 'serieby-skole-2026'))!],
      indicators: [
        { id: 'serieby-indicator-1', ownerId: null, frequency: { kind: 'quarterly' }, unitId: 'serieby-skole', year: 2026, since: FOLLOWED_UP_SINCE },
      ],
      reported: new Map(),
      pauses: [],
    });
    const periods = planned.flatMap((p) => p.items).map((i) => ('period' in i ? i.period : null));
    expect(periods).toContain('2026-Q2');
    expect(periods).not.toContain('2026-Q1');
  });

  it('takes a "no value" reported in the tab as null, not late and not 0, and shows it as "–" on the receipt card', async () => {
    const r = await api('POST', '/api/measurements', 'serieby-leder', { indicatorId: 'serieby-indicator-1', period: '2026-Q2', value: null, source: 'tab' });
    expect(r.status).toBe(201);
    expect(r.body.value).toBeNull();
    const view = (await api('GET', VIEW)).body;
    const quarterly = view.indicatorSummaries.find((s: { indicatorId: string }) => s.indicatorId === 'serieby-indicator-1');
    expect(quarterly.latePeriods).toEqual([]);
    expect(quarterly.periods.find((p: { period: string }) => p.period === '2026-Q2').state).toBe('reported');
    // Nothing is judged on it: the indicator has no value to be on or off track with.
    expect(quarterly.latestValue).toBeNull();
    expect(quarterly.track).toBe('no_data');

    const state = await getMeasurementCardState(makeContext(tenant, { ...systemActor('demo'), id: 'serieby-leder' }, NOW), 'serieby-indicator-1', '2026-Q2');
    const card = JSON.stringify(
      measurementReceiptCard(receiptModel({ locale: 'sv', links: { teamsAppId: null, publicUrl: 'http://x' }, inTeams: false }, state)),
    );
    expect(card).toContain(formatMeasured(null, '%', 'sv'));
    expect(card).toContain('inget värde');
    expect(card).not.toMatch(/\b0 %/);
  });

  it('says "no value" in Danish, Swedish and English, never 0', () => {
    expect(formatMeasured(null, '%', 'da')).toBe('– ingen værdi');
    expect(formatMeasured(null, '%', 'sv')).toBe('– inget värde');
    expect(formatMeasured(null, '%', 'en')).toBe('– no value');
    expect(formatMeasured(0, '%', 'da')).toBe('0 %');
  });

  it('comes back from the export exactly as imported, and imports again unchanged', async () => {
    const exported = OrganisationDocument.parse(JSON.parse(JSON.stringify(await exportOrganisation(context(), 'serieby'))));
    expect(exported.formatVersion).toBe(DOCUMENT_FORMAT_VERSION);
    const expected = OrganisationDocument.parse(outcomeSeries());
    // The no value reported in the tab above is the one thing added since the import.
    exported.measurements = (exported.measurements as { id: string; period: string; indicatorId: string }[]).filter(
      (m) => !(m.indicatorId === 'serieby-indicator-1' && m.period === '2026-Q2'),
    ) as never;
    for (const kind of DOCUMENT_KINDS) {
      const c = COLLECTIONS[kind];
      expect({ [c]: sortById(exported[c] as { id: string }[]) }).toEqual({ [c]: sortById(expected[c] as { id: string }[]) });
    }
    const again = openSqliteStore(join(tmp.dir, 'again.db'));
    try {
      await importOrganisation(makeContext(again.forTenant('demo'), systemActor('demo'), NOW), exported);
      const back = await exportOrganisation(makeContext(again.forTenant('demo'), systemActor('demo'), NOW), 'serieby');
      expect(sortById(back.measurements as { id: string }[])).toEqual(sortById(exported.measurements as { id: string }[]));
    } finally {
      await again.close();
    }
  });

  it('refuses a value that claims to be entered in the product without who and when, naming the field', async () => {
    const doc = outcomeSeries('fejlby');
    doc.measurements = [{ id: 'fejlby-m', indicatorId: 'fejlby-indicator-1', period: '2026-Q1', value: 3, source: 'tab', history: [] }];
    const other = openSqliteStore(join(tmp.dir, 'refused.db'));
    try {
      await expect(importOrganisation(makeContext(other.forTenant('demo'), systemActor('demo'), NOW), doc)).rejects.toMatchObject({
        issues: expect.arrayContaining([expect.objectContaining({ path: expect.arrayContaining(['measurements', 0, 'enteredBy']) })]),
      });
      expect(await other.forTenant('demo').listAll('measurement', {})).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
