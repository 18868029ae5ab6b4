import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { planIntoOutbox } from '../api/core/services/outbox';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { OpenApiChecker } from './support/openapi-check';
import { smallMunicipality, tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

const tmp = tempDir();
let store: Store;
let server: TestServer;
let checker: OpenApiChecker;
const checked = new Set<string>();
const NOW = new Date('2026-03-20T08:00:00Z');

async function api(method: string, path: string, user: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'X-Dev-User': user, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  checked.add(checker.check(method, path, res.status, parsed));
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'routes.db'));
  server = await startTestServer([smallMunicipality()], { store, now: () => NOW });
  checker = new OpenApiChecker(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterAll(async () => {
  await server.stop();
  await store.close();
  tmp.remove();
});

describe('the annual wheel routes', () => {
  it('applies a ready-made wheel for the quality office only, and names a bad template or year', async () => {
    expect((await api('POST', '/api/units/testby/wheel/template', 'testby-leder', { templateId: 'oesteraaker', year: 2026 })).status).toBe(403);
    const bad = await api('POST', '/api/units/testby/wheel/template', 'testby-kvalitet', { templateId: 'nowhere', year: 2026 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('templateId');
    expect((await api('POST', '/api/units/testby/wheel/template', 'testby-kvalitet', { templateId: 'oesteraaker', year: 'next' })).body.error.field).toBe(
      'year',
    );
    const r = await api('POST', '/api/units/testby/wheel/template', 'testby-kvalitet', { templateId: 'oesteraaker', year: 2026 });
    expect(r.status).toBe(200);
    expect(r.body.created.length).toBeGreaterThan(10);
    expect((await api('POST', '/api/units/nowhere/wheel/template', 'testby-kvalitet', { templateId: 'oesteraaker', year: 2026 })).status).toBe(404);
  });

  it('copies the wheel into the next year', async () => {
    const r = await api('POST', '/api/units/testby/wheel/copy', 'testby-kvalitet', { fromYear: 2026, toYear: 2027 });
    expect(r.status).toBe(200);
    expect(r.body.created.every((e: { year: number }) => e.year === 2027)).toBe(true);
    expect((await api('POST', '/api/units/testby/wheel/copy', 'testby-kvalitet', { fromYear: 2026, toYear: 2027 })).body.created).toEqual([]);
    expect((await api('POST', '/api/units/testby/wheel/copy', 'testby-kvalitet', [])).status).toBe(400);
  });

  it('shows each event’s campaign: planned, sent, failed with reasons, pending; to leaders, chiefs and the quality office', async () => {
    await planIntoOutbox(makeContext(store.forTenant('demo'), systemActor('demo'), () => NOW));
    const r = await api('GET', '/api/units/testby-skole/wheel/campaigns?year=2026', 'testby-leder');
    expect(r.status).toBe(200);
    // On 20 March the March budget dialogue (31 March, reminded 14 days before) has its campaign planned; nothing is sent yet.
    const planned = r.body.events.filter((e: { planned: number }) => e.planned > 0);
    expect(planned.length).toBeGreaterThan(0);
    for (const e of planned) expect(e).toMatchObject({ pending: e.planned, sent: 0, failed: 0, progress: 0 });
    expect((await api('GET', '/api/units/testby-skole/wheel/campaigns?year=2026', 'testby-medarbejder')).status).toBe(403);
    expect((await api('GET', '/api/units/testby-skole/wheel/campaigns?year=x', 'testby-leder')).status).toBe(400);
  });

  it("reads an event title from the product's ready-made wheels in the reader's language; a municipality's own title stays as written", async () => {
    const base = { unitId: 'testby', year: 2028, month: 11, kind: 'other', audience: ['leaders'], reminderOffsetsDays: [14], action: 'none' };
    expect(
      (await api('POST', '/api/wheel-events', 'testby-kvalitet', { ...base, id: 'testby-2028-detail', title: { da: 'Detailbudget færdig' } })).status,
    ).toBe(201);
    expect((await api('POST', '/api/wheel-events', 'testby-kvalitet', { ...base, id: 'testby-2028-own', title: { da: 'Vores egen frist' } })).status).toBe(201);
    const r = await api('GET', '/api/units/testby/wheel?year=2028', 'testby-kvalitet');
    const titles = Object.fromEntries(r.body.events.map((e: { id: string; title: object }) => [e.id, e.title]));
    // Assens's ready-made wheel names it in Swedish and English too.
    expect(titles['testby-2028-detail']).toEqual({ da: 'Detailbudget færdig', sv: 'Detaljbudget klar', en: 'Detailed budget completed' });
    expect(titles['testby-2028-own']).toEqual({ da: 'Vores egen frist' });
  });

  it('validated every response against the OpenAPI document', () => {
    for (const op of ['applyWheelTemplate', 'copyWheel', 'getWheelCampaigns']) expect(checked).toContain(op);
  });
});
