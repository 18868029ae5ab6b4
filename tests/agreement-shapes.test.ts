import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pino } from 'pino';
import { makeContext, type Actor } from '../api/core/context';
import { DOCUMENT_KINDS } from '../api/core/entities';
import type { Agreement } from '../api/core/model';
import type { Store } from '../api/core/port';
import { conditionsOf, nextTerm, signingRoleOf } from '../api/core/rules/agreement-life';
import { planReminders } from '../api/core/rules/reminder-planner';
import { getApprovalSummary } from '../api/core/services/approvals';
import {
  closeAgreement,
  createNextYearDraft,
  listVersions,
  openNewVersion,
  signAgreement,
  startNextYear,
  startYearEnd,
  submitAgreement,
} from '../api/core/services/lifecycle';
import { decideApproval } from '../api/core/services/approvals';
import { updateRecord } from '../api/core/services/records';
import { recordMeasurement } from '../api/core/services/measurements';
import { organisation } from '../api/core/services/organisation';
import { gatherPlannerInputs } from '../api/core/services/outbox';
import { getOverview } from '../api/core/services/overview';
import { agreementYears } from '../api/core/services/agreement-years';
import { exportOrganisation, importOrganisation } from '../api/core/services/transfer';
import { COLLECTIONS, DOCUMENT_FORMAT_VERSION, OrganisationDocument } from '../api/core/transfer';
import { developmentSignIn } from '../api/http/identity';
import { MIGRATIONS } from '../api/store/sqlite/migrations';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { approvalCard } from '../bot/cards/approval-card';
import { approvalModel } from '../bot/views';
import { createApp, startServer, type RunningServer } from '../teams-app/server';
import { systemActor } from '../teams-app/system-actor';
import { agreementShapes, MULTI_YEAR, OPEN_ENDED, SHAPES } from './support/agreement-shapes';
import { tempDir } from './support/mother';
import { client } from './support/neighbours';
import { OpenApiChecker } from './support/openapi-check';

/**
 * Agreements as municipalities write them (issue 17): over several years, open-ended, with their approval and
 * period as written, parties that are offices, a delegated follow-up, and their source. Each shape goes through
 * import, the REST view, the approval card and the export, and comes back as it was written.
 */
const tmp = tempDir();
const TENANT = 'shapes';
let store: Store;
const actor = (id: string): Actor => ({ id, tenantId: TENANT, displayName: id, locale: 'da', authMethod: 'development' });
const as = (id: string, now = '2024-06-01T10:00:00Z') => makeContext(store.forTenant(TENANT), actor(id), () => new Date(now));
const get = async (id: string) => (await store.forTenant(TENANT).get('agreement', id))!;

beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'shapes.db'));
  await importOrganisation(makeContext(store.forTenant(TENANT), systemActor(TENANT)), agreementShapes());
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

describe('each shape comes back from the store as it was written', () => {
  it('exports every record of the document unchanged (no end date made up, no party named, the approval and source kept)', async () => {
    const expected = OrganisationDocument.parse(agreementShapes());
    const exported = await exportOrganisation(makeContext(store.forTenant(TENANT), systemActor(TENANT)), SHAPES);
    const byId = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    for (const kind of DOCUMENT_KINDS)
      expect({ [kind]: byId(exported[COLLECTIONS[kind]] as { id: string }[]) }).toEqual({ [kind]: byId(expected[COLLECTIONS[kind]] as { id: string }[]) });
    const open = exported.agreements.find((a) => a.id === OPEN_ENDED)!;
    expect(open.periodEnd).toBeNull();
    expect(open).not.toHaveProperty('lastYear');
  });

  it('shows an agreement imported already approved as imported, with its approval as written — not as submitted by the import', async () => {
    const versions = await listVersions(as('shapes-leder'), MULTI_YEAR);
    expect(versions).toHaveLength(1);
    expect(versions[0]!.imported).toBe(true);
    expect((await get(MULTI_YEAR)).approvalLine).toEqual({
      text: 'Godkendt i Børne- og Skoleudvalget den 12. december 2023 (sag 17/4711) – "enstemmigt"',
      date: '2023-12-12',
    });
  });

  it('serves each shape over REST as the OpenAPI document says, with the signing parties still missing named', async () => {
    const logger = pino({ level: 'silent' });
    const app = createApp({
      store,
      identity: developmentSignIn(store, TENANT),
      logger,
      version: 'test',
      now: () => new Date('2024-06-01T10:00:00Z'),
      tabDist: join(tmp.dir, 'no-tab'),
    });
    const server: RunningServer = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      store: { ...store, close: async () => {} },
      logger,
      shutdownTimeoutMs: 2_000,
    });
    try {
      const call = client(server.url);
      const checker = new OpenApiChecker((await call('GET', '/api/openapi.json', 'shapes-leder')).body as Record<string, unknown>);
      const multi = await call('GET', `/api/agreements/${MULTI_YEAR}/view`, 'shapes-leder');
      expect(multi.status).toBe(200);
      expect(checker.check('GET', `/api/agreements/${MULTI_YEAR}/view`, 200, multi.body)).toBeTruthy();
      const a = multi.body.agreement as Agreement;
      expect(a).toMatchObject({ year: 2024, lastYear: 2027, periodText: 'Aftaleperioden er 2024–2027 med årlig opfølgning' });
      expect(a.source).toContain('https://formby.example.dk/styringsaftale.pdf');
      expect(a.parties[2]).toEqual({ role: 'board_chair', title: 'Formanden for skolebestyrelsernes fællesråd', personId: 'shapes-formand' });
      // In effect as imported, but the municipality requires four signing parties: two are missing, and said so.
      const moves = await call('GET', `/api/agreements/${MULTI_YEAR}/moves`, 'shapes-leder');
      expect(checker.check('GET', `/api/agreements/${MULTI_YEAR}/moves`, 200, moves.body)).toBeTruthy();
      expect(moves.body.signing).toEqual({
        required: ['leader', 'chief', 'board_chair', 'works_council_deputy'],
        missing: ['board_chair', 'works_council_deputy'],
      });
      const open = await call('GET', `/api/agreements/${OPEN_ENDED}/view`, 'shapes-dagleder');
      expect(open.status).toBe(200);
      expect(checker.check('GET', `/api/agreements/${OPEN_ENDED}/view`, 200, open.body)).toBeTruthy();
      expect(open.body.agreement.periodEnd).toBeNull();
      // An open-ended agreement cannot be given a last year; an agreement cannot end before it starts.
      const bad = await call('PATCH', `/api/agreements/${OPEN_ENDED}`, 'shapes-kvalitet', { lastYear: 2027 }, open.body.agreement.revision);
      expect(bad.status).toBe(400);
    } finally {
      await server.shutdown();
    }
  });

  it('puts the period as the document has it on the approval card: open-ended, not a made-up end; and the source', async () => {
    const env = { locale: 'da' as const, links: { teamsAppId: null, publicUrl: 'https://kvalitet.example.dk' }, inTeams: true };
    const open = JSON.stringify(
      approvalCard(approvalModel(env as never, await getApprovalSummary(as('shapes-chef'), OPEN_ENDED), { view: 'status', approverUserIds: [] })),
    );
    expect(open).toContain('januar 2025 – løbende (ingen slutdato)');
    expect(open).toContain('Kilde: Formby Kommune, udviklingsaftale for Solsikken');
    const multi = JSON.stringify(
      approvalCard(approvalModel(env as never, await getApprovalSummary(as('shapes-chef'), MULTI_YEAR), { view: 'status', approverUserIds: [] })),
    );
    expect(multi).toContain('Aftalen gælder 2024–2027, opfølgning for 2024');
  });
});

describe('an agreement over several years is followed up year by year and closes only at its end', () => {
  it('keeps each year its own follow-up: due periods, overview, year-end evaluation; then the next agreement runs as long', async () => {
    // The delegated follow-up, not the leaders or the chief, receives the follow-up reminders of 2024.
    const [input] = await gatherPlannerInputs(as('system'), new Date('2024-08-20T08:00:00Z'));
    const planned = planReminders({ ...input!, now: new Date('2024-08-20T08:00:00Z') });
    const measurement = planned.filter((r) => r.type === 'measurements' || r.type === 'escalation');
    expect(measurement.length).toBeGreaterThan(0);
    expect(new Set(measurement.map((r) => r.recipientId))).toEqual(new Set(['shapes-konsulent']));
    expect(measurement.flatMap((r) => r.items.map((i) => (i as { period: string }).period))).toContain('2024-Q2');
    // … and can act on them: report the period; someone with no part in the agreement cannot.
    await recordMeasurement(as('shapes-konsulent'), { indicatorId: 'shapes-indicator-1', period: '2024-Q2', value: 78 });
    await expect(recordMeasurement(as('shapes-dagleder'), { indicatorId: 'shapes-indicator-1', period: '2024-Q3', value: 79 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    // The consultant owns the follow-up but signs nothing.
    expect(signingRoleOf(await organisation(as('system')), await get(MULTI_YEAR), 'shapes-konsulent')).toBeNull();

    // Year-end 2024: the agreement does not close; the next year's follow-up begins.
    let a = await startYearEnd(as('shapes-leder', '2024-12-15T10:00:00Z'), MULTI_YEAR, (await get(MULTI_YEAR)).revision);
    await expect(closeAgreement(as('shapes-kvalitet', '2024-12-20T10:00:00Z'), MULTI_YEAR, a.revision)).rejects.toMatchObject({ code: 'invalid_transition' });
    a = await startNextYear(as('shapes-chef', '2025-01-05T10:00:00Z'), MULTI_YEAR, a.revision);
    expect(a).toMatchObject({ status: 'in_effect', year: 2025, lastYear: 2027 });
    expect(a.yearEnds).toEqual([
      expect.objectContaining({
        year: 2024,
        version: 1,
        by: 'shapes-chef',
        goals: [
          {
            goalId: 'shapes-goal-1',
            title: 'Alle elever bliver så dygtige, de kan',
            // The document gave the goal no status and nobody set one: the year-end keeps none, never "not started".
            status: null,
            results: 'Resultater for 2024: 78 % læser alderssvarende.',
          },
        ],
      }),
    ]);
    // 2025 revises the budget as a new version: approved again, and in effect only once all four signing parties
    // have signed it — the two offices by the persons who hold them.
    a = await openNewVersion(as('shapes-leder', '2025-01-10T10:00:00Z'), MULTI_YEAR, a.revision);
    a = await updateRecord(as('shapes-leder', '2025-01-10T10:00:00Z'), 'agreement', MULTI_YEAR, { budget: { amount: 420000000, currency: 'DKK' } }, a.revision);
    expect((await submitAgreement(as('shapes-leder', '2025-01-11T10:00:00Z'), MULTI_YEAR, a.revision)).status).toBe('submitted');
    a = await decideApproval(as('shapes-chef', '2025-01-12T10:00:00Z'), { agreementId: MULTI_YEAR, version: 2, decision: 'approve' });
    for (const who of ['shapes-leder', 'shapes-chef', 'shapes-formand']) {
      a = await signAgreement(as(who, '2025-01-13T10:00:00Z'), MULTI_YEAR, a.revision);
      expect(a.status).toBe('approved');
    }
    await expect(signAgreement(as('shapes-konsulent', '2025-01-13T10:00:00Z'), MULTI_YEAR, a.revision)).rejects.toMatchObject({ code: 'forbidden' });
    a = await signAgreement(as('shapes-med', '2025-01-14T10:00:00Z'), MULTI_YEAR, a.revision);
    expect(a).toMatchObject({ status: 'in_effect', year: 2025, version: 2 });
    expect(a.signatures.filter((x) => x.version === 2).map((x) => [x.role, x.name])).toEqual([
      ['leader', 'Lone Leder'],
      ['chief', 'Carl Chef'],
      ['board_chair', 'Frede Formand'],
      ['works_council_deputy', 'Mona MED'],
    ]);
    const goal = (await store.forTenant(TENANT).get('goal', 'shapes-goal-1'))!;
    expect(goal.year).toBe(2025);
    expect(goal.schema.results).toBeUndefined();
    // Each year has its line in the overview; 2025 counts 2025's periods.
    for (const year of [2024, 2025]) {
      const row = (await getOverview(as('shapes-chef', '2025-05-10T10:00:00Z'), SHAPES, year)).find((r) => r.unit.id === 'shapes-skole')!;
      expect(row.agreement).toMatchObject({ id: MULTI_YEAR });
    }
    const in2025 = (await getOverview(as('shapes-chef', '2025-05-10T10:00:00Z'), SHAPES, 2025)).find((r) => r.unit.id === 'shapes-skole')!;
    expect(in2025.lateMeasurements + in2025.dueMeasurements).toBe(1); // 2025-Q1, not 2024's
    expect((await agreementYears(as('shapes-chef'), SHAPES)).years).toEqual(expect.arrayContaining([2024, 2025]));
    // The 2025 reminders speak of 2025's periods.
    const [input2025] = await gatherPlannerInputs(as('system'), new Date('2025-04-20T08:00:00Z'));
    const periods = planReminders({ ...input2025!, now: new Date('2025-04-20T08:00:00Z') }).flatMap((r) =>
      r.items.map((i) => (i as { period?: string }).period),
    );
    expect(periods).toContain('2025-Q1');

    // 2025 and 2026 closed, the last year 2027 closes the agreement; no year follows it.
    for (const [year, at] of [
      [2025, '2026-01-05'],
      [2026, '2027-01-05'],
    ] as const) {
      a = await startYearEnd(as('shapes-leder', `${year}-12-15T10:00:00Z`), MULTI_YEAR, a.revision);
      a = await startNextYear(as('shapes-kvalitet', `${at}T10:00:00Z`), MULTI_YEAR, a.revision);
    }
    expect(a.year).toBe(2027);
    a = await startYearEnd(as('shapes-leder', '2027-12-15T10:00:00Z'), MULTI_YEAR, a.revision);
    await expect(startNextYear(as('shapes-kvalitet', '2027-12-20T10:00:00Z'), MULTI_YEAR, a.revision)).rejects.toMatchObject({ code: 'invalid_transition' });
    a = await closeAgreement(as('shapes-kvalitet', '2027-12-20T10:00:00Z'), MULTI_YEAR, a.revision);
    expect(a.status).toBe('closed');
    expect(a.yearEnds.map((y) => y.year)).toEqual([2024, 2025, 2026]);

    // The next agreement runs four years again, titled for them.
    expect(a.yearEnds.map((y) => y.version)).toEqual([1, 2, 2]);
    const next = await createNextYearDraft(as('shapes-leder', '2027-12-21T10:00:00Z'), MULTI_YEAR, ['shapes-goal-1']);
    expect(next).toMatchObject({
      year: 2028,
      title: 'Styringsaftale 2028–2031 for Skoleområdet',
      periodStart: '2028-01-01',
      periodEnd: '2031-12-31',
      lastYear: 2031,
      status: 'draft',
      yearEnds: [],
      approvalLine: null,
    });
    expect(next.source).toBeUndefined();
  }, 60_000);
});

describe('an open-ended agreement', () => {
  it('may close at any year end or go on to the next year; the one after it starts the year after and is open-ended too', async () => {
    const a = await get(OPEN_ENDED);
    expect(conditionsOf(a)('the agreement may end with this year')).toBe(true);
    expect(conditionsOf(a)('a year of the agreement follows')).toBe(true);
    expect(nextTerm(a)).toMatchObject({ year: 2026, periodStart: '2026-01-01', periodEnd: null, title: 'Udviklingsaftale for Dagtilbud Solsikken' });
    expect(nextTerm({ ...a, year: 2027 })).toMatchObject({ year: 2028, periodStart: '2028-01-01', periodEnd: null });
  });
});

describe('documents and stores written before format version 2', () => {
  it('imports a format version 1 document: each agreement takes the document’s source, wherever the header stands', async () => {
    const doc = agreementShapes() as Record<string, unknown>;
    const v1: Record<string, unknown> = { ...doc, formatVersion: 1, source: 'Formby Kommune, eksport fra det gamle system' };
    for (const a of v1.agreements as Record<string, unknown>[]) delete a.source;
    // The header after the records, as another writer may put it.
    const { format, formatVersion, municipalityId, source, ...collections } = v1;
    const late = { ...collections, format, formatVersion, municipalityId, source };
    const s2 = openSqliteStore(join(tmp.dir, 'v1.db'));
    try {
      const ctx = makeContext(s2.forTenant(TENANT), systemActor(TENANT));
      await importOrganisation(ctx, late);
      const exported = await exportOrganisation(ctx, SHAPES);
      expect(exported.formatVersion).toBe(DOCUMENT_FORMAT_VERSION);
      expect(exported.agreements.map((a) => a.source)).toEqual([
        'Formby Kommune, eksport fra det gamle system',
        'Formby Kommune, eksport fra det gamle system',
      ]);
    } finally {
      await s2.close();
    }
  });

  it('refuses a document of a format version it does not know, naming the field', async () => {
    const s2 = openSqliteStore(join(tmp.dir, 'v4.db'));
    try {
      await expect(
        importOrganisation(makeContext(s2.forTenant(TENANT), systemActor(TENANT)), { ...agreementShapes(), formatVersion: 4 }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ['formatVersion'] })],
      });
    } finally {
      await s2.close();
    }
  });

  it('migrates an embedded store of before: versions kept by an import are marked as imported, submitted ones not', async () => {
    const path = join(tmp.dir, 'v9.db');
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, 9)) {
      if (typeof m === 'string') raw.exec(m);
      else m(raw);
    }
    raw.pragma('user_version = 9');
    const version = (id: string, status: string) =>
      raw.prepare('INSERT INTO agreement_versions (tenant_id, id, revision, data, agreement_id) VALUES (?, ?, 1, ?, ?)').run(
        TENANT,
        id,
        JSON.stringify({
          id,
          agreementId: 'a',
          version: 1,
          submittedAt: '2026-01-01T00:00:00Z',
          submittedBy: 'system',
          snapshot: { agreement: { status } },
          revision: 1,
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
        }),
        'a',
      );
    version('imported--v1', 'in_effect');
    version('submitted--v1', 'submitted');
    raw.close();
    const migrated = openSqliteStore(path);
    try {
      expect(migrated.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(await migrated.forTenant(TENANT).get('agreementVersion', 'imported--v1')).toMatchObject({ imported: true });
      expect(await migrated.forTenant(TENANT).get('agreementVersion', 'submitted--v1')).toMatchObject({ imported: false });
    } finally {
      await migrated.close();
    }
  });
});
