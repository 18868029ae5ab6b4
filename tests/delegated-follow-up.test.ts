import { makeContext } from '../api/core/context';
import { createRecord } from '../api/core/services/records';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { agreementShapes, MULTI_YEAR } from './support/agreement-shapes';
import { OpenApiChecker } from './support/openapi-check';
import { startTestServer, type TestServer } from './support/server';

/**
 * A delegated follow-up (issue 17, point 8): a party who owns the follow-up (`followsUp`) but belongs to no unit
 * finds the agreement under their work in the tab (GET /api/me/work), with its due and late measurements, and may
 * report them; someone who is no such party finds none of it.
 */
const NOW = () => new Date('2024-08-20T10:00:00Z');
let server: TestServer;
let checker: OpenApiChecker;

async function call(method: string, path: string, user: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'X-Dev-User': user };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  checker.check(method, path, res.status, parsed);
  return { status: res.status, body: parsed };
}

type Work = {
  measurements: { indicator: { id: string }; agreement: { id: string }; open: { period: string; state: string }[] }[];
  agreementsFollowedUp: { agreement: { id: string; title: string } }[];
};

beforeAll(async () => {
  server = await startTestServer([agreementShapes()], { now: NOW });
  checker = new OpenApiChecker(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterAll(async () => server.stop());

describe('a delegated follow-up in the tab', () => {
  it('lists the agreement and its late measurements under the delegate’s work, and lets them report', async () => {
    const work = (await call('GET', '/api/me/work', 'shapes-konsulent')).body as Work;
    expect(work.agreementsFollowedUp.map((x) => x.agreement.id)).toEqual([MULTI_YEAR]);
    const task = work.measurements.find((m) => m.indicator.id === 'shapes-indicator-1')!;
    expect(task.agreement.id).toBe(MULTI_YEAR);
    // 20 August 2024: the first quarter is long late, the second (due 30 June) too.
    expect(task.open.map((p) => [p.period, p.state])).toEqual([
      ['2024-Q1', 'late'],
      ['2024-Q2', 'late'],
    ]);
    const r = await call('POST', '/api/measurements', 'shapes-konsulent', { indicatorId: 'shapes-indicator-1', period: '2024-Q1', value: 76, source: 'tab' });
    expect(r.status).toBe(201);
    const after = (await call('GET', '/api/me/work', 'shapes-konsulent')).body as Work;
    expect(after.measurements.find((m) => m.indicator.id === 'shapes-indicator-1')!.open.map((p) => p.period)).toEqual(['2024-Q2']);
  });

  it('shows none of it to someone who is no party with the follow-up', async () => {
    const work = (await call('GET', '/api/me/work', 'shapes-dagleder')).body as Work;
    expect(work.agreementsFollowedUp).toEqual([]);
    expect(work.measurements.filter((m) => m.agreement.id === MULTI_YEAR)).toEqual([]);
  });

  it("finds a new delegation at once, also when another server instance wrote it (next year's draft)", async () => {
    expect(((await call('GET', '/api/me/work', 'shapes-dagleder')).body as Work).agreementsFollowedUp).toEqual([]);
    // Another instance on the same database writes next year's draft, with the follow-up delegated to the day-care leader.
    const other = openSqliteStore(server.dbPath);
    const ctx = makeContext(other.forTenant('demo'), systemActor('demo'), NOW);
    const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...agreement } = (await other.forTenant('demo').get('agreement', MULTI_YEAR))!;
    await createRecord(ctx, 'agreement', {
      ...agreement,
      id: 'shapes-next-year',
      year: agreement.year + 1,
      status: 'draft',
      signatures: [],
      parties: [{ role: 'other', name: 'Dagleder', personId: 'shapes-dagleder', title: 'Dagleder', signs: false, followsUp: true }],
    });
    await other.close();
    const work = (await call('GET', '/api/me/work', 'shapes-dagleder')).body as Work;
    expect(work.agreementsFollowedUp.map((x) => x.agreement.id)).toEqual(['shapes-next-year']);
  });
});
