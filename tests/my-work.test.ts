import { join } from 'node:path';
import { pino } from 'pino';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { importOrganisation } from '../api/core/services/transfer';
import type { TypedDocumentInput } from '../api/core/transfer';
import { developmentSignIn } from '../api/http/identity';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { createApp, startServer, type RunningServer } from '../teams-app/server';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';
import { OpenApiChecker } from './support/openapi-check';
import { otherby, testby } from './support/neighbours';

/**
 * GET /api/me/work, the tab's home view: what is due and late for the person asking, across their units, and
 * nothing of anyone else's. Testby's school and library measure quarterly; on 5 July 2026 the second quarter
 * (due 30 June) is due for both, and the library's first quarter (due 31 March, never reported) is long late.
 * The school reported its first quarter. Otherby is another municipality in the same tenant.
 */
const NOW = () => new Date('2026-07-05T10:00:00Z');
const tmp = tempDir();
let store: Store;
const servers: RunningServer[] = [];

function inEffect(doc: TypedDocumentInput): TypedDocumentInput {
  for (const a of doc.agreements ?? []) (a as { status?: string }).status = 'in_effect';
  return doc;
}

async function serve(settings?: { graceDays: number }, on: { store?: Store; now?: () => Date } = {}): Promise<RunningServer> {
  const logger = pino({ level: 'silent' });
  const s = on.store ?? store;
  const app = createApp({
    store: s,
    identity: developmentSignIn(s, 'demo'),
    logger,
    version: 'test',
    now: on.now ?? NOW,
    tabDist: join(tmp.dir, 'no-tab'),
    settings,
  });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', store: { ...s, close: async () => {} }, logger, shutdownTimeoutMs: 2_000 });
  servers.push(server);
  return server;
}

async function call(server: RunningServer, as: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'X-Dev-User': as, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

type Work = {
  measurements: { indicator: { id: string }; unit: { id: string }; open: { period: string; due: string; state: string }[]; values: Record<string, number> }[];
  actions: { action: { id: string }; mine: boolean }[];
  agreementsToSubmit: { agreement: { id: string } }[];
  agreementsToApprove: { agreement: { id: string; status: string } }[];
};
let checker: OpenApiChecker;
const work = async (server: RunningServer, as: string): Promise<Work> => {
  const res = await call(server, as, '/api/me/work');
  expect(res.status).toBe(200);
  // Every answer is what the OpenAPI document says it is.
  expect(checker.check('GET', '/api/me/work', res.status, res.body)).toBe('getMyWork');
  return res.body as Work;
};

let server: RunningServer;
beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'my-work.db'));
  const ctx = makeContext(store.forTenant('demo'), systemActor('demo'));
  const t = inEffect(testby());
  // Next year's agreement of the school, sent to the chief for approval.
  t.agreements!.push({
    id: 'testby-skole-2027',
    unitId: 'testby-skole',
    year: 2027,
    title: 'Kvalitetsaftale 2027 for Østre Skole',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    status: 'submitted',
  } as never);
  await importOrganisation(ctx, t);
  await importOrganisation(ctx, inEffect(otherby()));
  server = await serve();
  checker = new OpenApiChecker((await call(server, 'testby-chef', '/api/openapi.json')).body as Record<string, unknown>);
});
afterAll(async () => {
  for (const s of servers) await s.shutdown();
  await store.close();
  tmp.remove();
});

describe('GET /api/me/work', () => {
  it("shows staff of the school the school's due measurement with what is already reported, and not the library's", async () => {
    const w = await work(server, 'testby-medarbejder');
    expect(w.measurements).toEqual([
      expect.objectContaining({
        indicator: expect.objectContaining({ id: 'testby-indicator-1' }),
        unit: { id: 'testby-skole', name: 'Østre Skole' },
        open: [{ period: '2026-Q2', due: '2026-06-30', state: 'due' }],
        values: { '2026-Q1': 72 },
      }),
    ]);
    expect(w.actions.map((a) => a.action.id)).toEqual(['testby-action-1']);
    expect(w.agreementsToApprove).toEqual([]);
  });

  it("shows staff of the library the library's late first quarter before its due second, and nothing of the school", async () => {
    const w = await work(server, 'testby-bib-medarbejder');
    expect(w.measurements.map((m) => [m.indicator.id, m.open.map((p) => `${p.period}:${p.state}`)])).toEqual([
      ['testby-bib-indicator', ['2026-Q1:late', '2026-Q2:due']],
    ]);
    expect(w.actions.map((a) => a.action.id)).toEqual(['testby-bib-action']);
  });

  it('shows someone of another municipality nothing of Testby', async () => {
    const other = await work(server, 'otherby-medarbejder');
    expect(JSON.stringify(other)).not.toContain('testby');
    expect(other.measurements.map((m) => m.indicator.id)).toEqual(['otherby-indicator-1']);
    // Their quality office belongs to no unit: nothing to report, nothing to approve.
    expect(await work(server, 'otherby-kvalitet')).toEqual({
      measurements: [],
      actions: [],
      agreementsToSubmit: [],
      agreementsToApprove: [],
      agreementsFollowedUp: [],
    });
  });

  it('puts the agreement sent for approval before the chief, and nowhere else', async () => {
    const chief = await work(server, 'testby-chef');
    expect(chief.agreementsToApprove.map((a) => a.agreement)).toEqual([expect.objectContaining({ id: 'testby-skole-2027', status: 'submitted' })]);
    expect(chief.measurements).toEqual([]);
    expect((await work(server, 'testby-leder')).agreementsToApprove).toEqual([]);
    expect((await work(server, 'otherby-chef')).agreementsToApprove).toEqual([]);
  });

  it('calls a measurement late once the grace days after its due date have passed', async () => {
    // Five days past the end of June: due with the default ten days of grace, late with three.
    const strict = await serve({ graceDays: 3 });
    expect((await work(strict, 'testby-medarbejder')).measurements[0]!.open).toEqual([{ period: '2026-Q2', due: '2026-06-30', state: 'late' }]);
    expect((await work(server, 'testby-medarbejder')).measurements[0]!.open[0]!.state).toBe('due');
  });

  it('drops a measurement once it is reported, and the library still sees its own', async () => {
    const saved = await call(server, 'testby-medarbejder', '/api/measurements', {
      method: 'POST',
      body: JSON.stringify({ indicatorId: 'testby-indicator-1', period: '2026-Q2', value: 75 }),
    });
    expect(saved.status).toBe(201);
    expect((await work(server, 'testby-medarbejder')).measurements).toEqual([]);
    expect((await work(server, 'testby-bib-medarbejder')).measurements).toHaveLength(1);
  });

  it('follows a value reported on another instance sharing the store, and the turn of the day', async () => {
    const open = async (at: RunningServer) =>
      (await work(at, 'testby-bib-medarbejder')).measurements.flatMap((m) => m.open.map((p) => `${p.period} ${p.state}`));
    expect(await open(server)).toEqual(['2026-Q1 late', '2026-Q2 due']);
    expect(await open(server)).toEqual(['2026-Q1 late', '2026-Q2 due']);
    // Ten days' grace after 30 June: on 15 July the second quarter is late too.
    const later = await serve(undefined, { now: () => new Date('2026-07-15T10:00:00Z') });
    expect(await open(later)).toEqual(['2026-Q1 late', '2026-Q2 late']);
    expect(await open(server)).toEqual(['2026-Q1 late', '2026-Q2 due']);

    const second = openSqliteStore(join(tmp.dir, 'my-work.db'));
    try {
      const elsewhere = await serve(undefined, { store: second });
      const indicatorId = (await work(server, 'testby-bib-medarbejder')).measurements[0]!.indicator.id;
      const saved = await call(elsewhere, 'testby-bib-medarbejder', '/api/measurements', {
        method: 'POST',
        body: JSON.stringify({ indicatorId, period: '2026-Q1', value: 40 }),
      });
      expect(saved.status).toBe(201);
      expect(await open(server)).toEqual(['2026-Q2 due']);
    } finally {
      for (const s of servers.splice(-1)) await s.shutdown();
      await second.close();
    }
  });
});

describe('GET /api/units/{id}/agreement-years', () => {
  it('lists the years that have agreements below a unit, next year included, and opens on this year', async () => {
    const years = await call(server, 'testby-chef', '/api/units/testby/agreement-years');
    expect(years.body).toEqual({ years: [2027, 2026], current: 2026 });
    expect(checker.check('GET', '/api/units/testby/agreement-years', years.status, years.body)).toBe('getAgreementYears');
    expect((await call(server, 'otherby-chef', '/api/units/otherby/agreement-years')).body).toEqual({ years: [2026], current: 2026 });
    expect((await call(server, 'testby-chef', '/api/units/nowhere/agreement-years')).status).toBe(404);
  });
});

describe('GET /api/me/units for the quality office', () => {
  it('names the municipality as their unit, and only their own municipality', async () => {
    const res = await call(server, 'testby-kvalitet', '/api/me/units');
    expect(res.body).toEqual([expect.objectContaining({ unit: expect.objectContaining({ id: 'testby' }), roles: ['quality_office'] })]);
    expect(checker.check('GET', '/api/me/units', res.status, res.body)).toBe('getMyUnits');
    expect((await call(server, 'otherby-kvalitet', '/api/me/units')).body.map((m: { unit: { id: string } }) => m.unit.id)).toEqual(['otherby']);
  });
});
