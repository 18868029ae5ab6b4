import { OpenApiChecker } from './support/openapi-check';
import { smallMunicipality } from './support/mother';
import { startTestServer, type TestServer } from './support/server';
import { ENTITIES, PUBLIC_KINDS } from '../api/core/entities';

let server: TestServer;
let checker: OpenApiChecker;
const checked = new Set<string>();

type Reply = { status: number; body: any; headers: Headers };
async function api(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; user?: string | null; headers?: Record<string, string>; lang?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.user !== null) headers['X-Dev-User'] = opts.user ?? 'testby-leder';
  if (opts.lang) headers['Accept-Language'] = opts.lang;
  if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined) });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  checked.add(checker.check(method, path, res.status, body));
  return { status: res.status, body, headers: res.headers };
}

beforeAll(async () => {
  server = await startTestServer([smallMunicipality()]);
  const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
  checker = new OpenApiChecker(doc);
});
afterAll(async () => server.stop());

describe('REST API over HTTP on a real SQLite file', () => {
  it('asks for a user and says how, in the one error shape', async () => {
    const r = await api('GET', '/api/me', { user: null, lang: 'da-DK' });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'unauthenticated', message: 'Du er ikke logget ind.', field: 'X-Dev-User' });
  });

  it('tells who is signed in and that it is the development sign-in', async () => {
    const r = await api('GET', '/api/me');
    expect(r.body).toMatchObject({ id: 'testby-leder', displayName: 'Lone Leder', authMethod: 'development' });
    expect(r.headers.get('x-auth-mode')).toBe('development');
  });

  it('returns the organisation tree', async () => {
    const r = await api('GET', '/api/organisation/tree');
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toMatchObject({ id: 'testby', children: [expect.objectContaining({ id: 'testby-skole', children: [] })] });
  });

  it('answers the organisation tree compressed, and 304 without a body while no unit changed', async () => {
    const get = (headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/organisation/tree`, { headers: { 'X-Dev-User': 'testby-medarbejder', 'Accept-Encoding': 'gzip', ...headers } });
    const first = await get();
    const tag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(tag).toMatch(/^"[^"]+"$/);
    const tree = await first.json();
    expect(tree[0].id).toBe('testby');
    // Another person of the tenant holding the same tree: nothing to send.
    const again = await get({ 'If-None-Match': tag, 'X-Dev-User': 'testby-leder' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Without compression accepted, the same tree as plain JSON.
    const plain = await get({ 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(tree);
    // A unit renamed: a new tree under a new tag.
    const unit = await api('GET', '/api/units/testby-skole');
    const renamed = await api('PATCH', '/api/units/testby-skole', {
      user: 'testby-kvalitet',
      body: { name: 'Østre Skole og SFO' },
      headers: { 'If-Match': `"${unit.body.revision}"` },
    });
    expect(renamed.status).toBe(200);
    const changed = await get({ 'If-None-Match': tag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect((await changed.json())[0].children[0].name).toBe('Østre Skole og SFO');
    await api('PATCH', '/api/units/testby-skole', {
      user: 'testby-kvalitet',
      body: { name: unit.body.name },
      headers: { 'If-Match': `"${renamed.body.revision}"` },
    });
  });

  it('returns an agreement with goals, actions, criteria, indicators, measurements and derived facts in one call', async () => {
    await api('POST', '/api/measurements', { body: { indicatorId: 'testby-indicator-1', period: '2026-Q1', value: 74 } });
    const r = await api('GET', '/api/agreements/testby-skole-2026/view');
    expect(r.status).toBe(200);
    expect(r.body.agreement.budget).toEqual({ amount: 21848850, currency: 'DKK' });
    expect(r.body.goals.map((g: any) => g.id)).toEqual(['testby-goal-1']);
    expect(r.body.parentGoals.map((g: any) => g.id)).toEqual(['testby-vision']);
    expect(r.body.actions).toHaveLength(1);
    expect(r.body.successCriteria).toHaveLength(1);
    expect(r.body.measurements.map((m: any) => m.value)).toEqual([74]);
    expect(r.body.indicatorSummaries[0]).toMatchObject({ latestValue: 74, track: 'off_track', progress: 0.4 });
  });

  it("gives the chief's overview of the units below a unit", async () => {
    const r = await api('GET', '/api/overview?unitId=testby&year=2026');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      expect.objectContaining({
        unit: expect.objectContaining({ id: 'testby-skole' }),
        agreement: expect.objectContaining({ id: 'testby-skole-2026' }),
        goals: 1,
        goalsOffTrack: 1,
      }),
    ]);
    expect((await api('GET', '/api/overview?unitId=nowhere')).status).toBe(404);
    expect((await api('GET', '/api/overview')).body.error.field).toBe('unitId');
  });

  it('lists my units with my roles, the red thread of an agreement, and the annual wheel', async () => {
    const mine = await api('GET', '/api/me/units');
    expect(mine.body).toEqual([
      expect.objectContaining({
        unit: expect.objectContaining({ id: 'testby-skole' }),
        roles: ['leader'],
        agreement: expect.objectContaining({ id: 'testby-skole-2026' }),
      }),
    ]);
    const thread = await api('GET', '/api/agreements/testby-skole-2026/red-thread');
    expect(thread.body.goals.map((g: any) => g.id).sort()).toEqual(['testby-goal-1', 'testby-vision']);
    expect(thread.body.levels.map((l: any) => l.rank)).toEqual([1, 2]);
    await api('POST', '/api/wheel-events', {
      user: 'testby-kvalitet',
      body: { unitId: 'testby', year: 2026, month: 3, title: { da: 'Dialogmøde', en: 'Dialogue meeting' }, kind: 'dialogue_meeting' },
    });
    const wheel = await api('GET', '/api/units/testby-skole/wheel?year=2026');
    expect(wheel.body.events).toEqual([expect.objectContaining({ unitName: 'Testby Kommune', effectiveDate: '2026-03-31' })]);
  });

  it('keeps my out-of-office periods, which the reminder planner honours', async () => {
    const bad = await api('POST', '/api/me/pauses', { body: { from: '2026-07-20', to: '2026-07-01' }, lang: 'da' });
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'to' });
    const p = await api('POST', '/api/me/pauses', { body: { from: '2026-07-01', to: '2026-07-20', note: 'Sommerferie' } });
    expect(p.status).toBe(201);
    expect((await api('GET', '/api/me/pauses')).body).toEqual([expect.objectContaining({ personId: 'testby-leder', from: '2026-07-01', to: '2026-07-20' })]);
    expect((await api('DELETE', `/api/me/pauses/${p.body.id}`, { user: 'testby-chef' })).status).toBe(400);
    expect((await api('DELETE', `/api/me/pauses/${p.body.id}`)).status).toBe(204);
    expect((await api('GET', '/api/me/pauses')).body).toEqual([]);
  });

  it('creates, updates with the revision it was based on, and refuses a stale update with the current state', async () => {
    const created = await api('POST', '/api/actions', { body: { goalId: 'testby-goal-1', text: 'Forældremøde om læsning', dueDate: '2026-09-01' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;
    const updated = await api('PATCH', `/api/actions/${id}`, { body: { status: 'in_progress' }, headers: { 'If-Match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'in_progress', revision: 2 });
    const stale = await api('PATCH', `/api/actions/${id}`, { body: { status: 'done' }, headers: { 'If-Match': '"1"' }, lang: 'sv' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', current: { status: 'in_progress', revision: 2 } });
    expect(stale.body.error.message).toMatch(/Någon annan har ändrat aktiviteten/);
    const viaBody = await api('PATCH', `/api/actions/${id}`, { body: { status: 'done', revision: 2 } });
    expect(viaBody.body.status).toBe('done');
  });

  it('requires the revision on every update and delete', async () => {
    const r = await api('PATCH', '/api/goals/testby-goal-1', { body: { status: 'at_risk' } });
    expect(r.status).toBe(428);
    expect(r.body.error).toMatchObject({ code: 'precondition_required', field: 'revision' });
    expect((await api('DELETE', '/api/goals/testby-goal-1')).status).toBe(428);
  });

  it('names the field and speaks the user language on bad input', async () => {
    const base = {
      goalId: 'testby-goal-1',
      name: 'Ventetid',
      unitOfMeasure: 'dage',
      direction: 'range',
      target: 5,
      frequency: { kind: 'monthly' },
      measureType: 'result',
    };
    const da = await api('POST', '/api/indicators', { body: base, lang: 'da' });
    expect(da.status).toBe(400);
    expect(da.body.error).toMatchObject({ code: 'validation_failed', field: 'targetMax' });
    expect(da.body.error.message).toBe('targetMax: et interval kræver både nedre (target) og øvre grænse (targetMax)');
    const en = await api('POST', '/api/goals', {
      body: { unitId: 'testby-skole', agreementId: null, levelId: 'testby-level-2', year: 2026, title: 42, origin: 'own' },
      lang: 'en',
    });
    expect(en.status).toBe(400);
    expect(en.body.error.field).toBe('title');
    expect(en.body.error.message).toMatch(/^title: Invalid input: expected string, received number/);
    const sv = await api('POST', '/api/goals', {
      body: { unitId: 'testby-skole', agreementId: null, levelId: 'testby-level-2', year: 2026, title: 42, origin: 'own' },
      lang: 'sv-SE',
    });
    expect(sv.body.error.message).toMatch(/^title: Ogiltig inmatning/);
  });

  it('refuses a reference to a record that does not exist, naming the field', async () => {
    const r = await api('POST', '/api/goals', {
      body: { unitId: 'testby-skole', agreementId: 'nope', levelId: 'testby-level-2', year: 2026, title: 'X', origin: 'own' },
      lang: 'da',
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'reference_not_found', field: 'agreementId', message: 'Feltet peger på aftalen (nope), som ikke findes.' });
  });

  it('answers bad JSON, oversized bodies and unknown routes in the same shape, never with a 500', async () => {
    const bad = await api('POST', '/api/goals', { raw: '{"title": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await api('POST', '/api/goals', { raw: JSON.stringify({ title: 'x'.repeat(2_000_000) }) });
    expect(big.status).toBe(413);
    const missing = await fetch(`${server.url}/api/nowhere`, { headers: { 'X-Dev-User': 'testby-leder' } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('route_not_found');
  });

  it('does not answer 500 to any malformed body on any create route', async () => {
    const garbage = [
      null,
      [],
      'text',
      1,
      {},
      { id: '../../etc' },
      { id: 'x', revision: 'a' },
      { unitId: {} },
      { goalId: ['a'] },
      { year: 1e308 },
      { name: { da: '' } },
    ];
    for (const kind of PUBLIC_KINDS) {
      const path = kind === 'measurement' ? '/api/measurements' : `/api/${ENTITIES[kind].path}`;
      for (const body of garbage) {
        const r = await api('POST', path, { raw: JSON.stringify(body) });
        expect([400, 409, 422]).toContain(r.status);
        expect(r.body.error.code).toBeTruthy();
      }
    }
  });

  it('records a measurement, and a correction keeps the earlier value in history', async () => {
    const first = await api('POST', '/api/measurements', {
      body: { indicatorId: 'testby-indicator-1', period: '2026-Q2', value: 76, comment: 'Første måling' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ value: 76, source: 'api', enteredBy: 'testby-leder', history: [] });
    const fix = await api('POST', '/api/measurements', {
      body: { indicatorId: 'testby-indicator-1', period: '2026-Q2', value: 78, source: 'tab', revision: 1 },
    });
    expect(fix.status).toBe(200);
    expect(fix.body).toMatchObject({ value: 78, source: 'tab', revision: 2, history: [{ value: 76, comment: 'Første måling', source: 'api' }] });
    const stale = await api('POST', '/api/measurements', { body: { indicatorId: 'testby-indicator-1', period: '2026-Q2', value: 80, revision: 1 } });
    expect(stale.status).toBe(409);
    const wrongPeriod = await api('POST', '/api/measurements', { body: { indicatorId: 'testby-indicator-1', period: '2026-05', value: 80 }, lang: 'da' });
    expect(wrongPeriod.body.error).toMatchObject({ field: 'period', message: 'period: perioden passer ikke til indikatorens målefrekvens' });
    const tooHigh = await api('POST', '/api/measurements', { body: { indicatorId: 'testby-indicator-1', period: '2026-Q3', value: 101 } });
    expect(tooHigh.body.error).toMatchObject({ field: 'value' });
    const list = await api('GET', '/api/indicators/testby-indicator-1/measurements');
    expect(list.body.items.map((m: any) => m.period)).toHaveLength(2);
  });

  it('pages through lists with a cursor', async () => {
    const first = await api('GET', '/api/people?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', `/api/people?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    expect((await api('GET', '/api/people?limit=0')).status).toBe(400);
    const roots = await api('GET', '/api/units?parentId=null');
    expect(roots.body.items.map((u: any) => u.id)).toEqual(['testby']);
  });

  it('deletes with the revision and then says the record is gone, in the user language', async () => {
    const c = await api('POST', '/api/success-criteria', { body: { goalId: 'testby-goal-1', text: 'Slettes igen' } });
    expect((await api('DELETE', `/api/success-criteria/${c.body.id}`, { headers: { 'If-Match': '"1"' } })).status).toBe(204);
    const gone = await api('GET', `/api/success-criteria/${c.body.id}`, { lang: 'da' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(`Vi kunne ikke finde succeskriteriet (${c.body.id}).`);
  });

  it('keeps an audit trail of every change, with who and before and after; an import is one entry under its municipality', async () => {
    const before = await api('GET', '/api/goals/testby-goal-1');
    const changed = await api('PATCH', '/api/goals/testby-goal-1', { body: { status: 'on_track' }, headers: { 'If-Match': `"${before.body.revision}"` } });
    expect(changed.status).toBe(200);
    const r = await api('GET', '/api/audit?entityId=testby-goal-1');
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({
      entityKind: 'goal',
      entityId: 'testby-goal-1',
      actorId: 'testby-leder',
      action: 'update',
      before: { status: before.body.status },
      after: { status: 'on_track' },
    });
    expect(r.body.items.some((e: any) => e.action === 'import')).toBe(false);
    const imported = await api('GET', '/api/audit?entityId=testby', { user: 'testby-kvalitet' });
    expect(imported.status).toBe(200);
    expect(imported.body.items.at(-1)).toMatchObject({
      entityKind: 'organisationDocument',
      entityId: 'testby',
      actorId: 'system',
      action: 'import',
      after: { counts: { goals: 2 } },
    });
    expect(imported.body.items.at(-1).after.document.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds people by part of a name or e-mail address for the people picker, case and accents aside, bounded, names never ids alone', async () => {
    const added = await api('POST', '/api/people', {
      user: 'testby-kvalitet',
      body: { municipalityId: 'testby', displayName: 'Søren Ærøbo', email: 'soeren.aeroebo@testby.dk', jobTitle: 'Pædagog' },
    });
    expect(added.status).toBe(201);
    const search = (q: string, user = 'testby-leder', extra = '') => api('GET', `/api/people/search?q=${encodeURIComponent(q)}${extra}`, { user });
    const found = await search('soren aero');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      { id: added.body.id, displayName: 'Søren Ærøbo', email: 'soeren.aeroebo@testby.dk', jobTitle: 'Pædagog', inStore: true },
    ]);
    expect((await search('SØREN')).body.items.map((p: { displayName: string }) => p.displayName)).toEqual(['Søren Ærøbo']);
    expect((await search('soeren.aeroebo@')).body.items.map((p: { displayName: string }) => p.displayName)).toEqual(['Søren Ærøbo']);
    // The whole name starting with what was typed comes first.
    expect((await search('le')).body.items.map((p: { displayName: string }) => p.displayName)).toEqual(['Lone Leder']);
    expect((await search('e', 'testby-leder', '&limit=2')).body.items).toEqual([]);
    expect((await search('er', 'testby-leder', '&limit=2')).body.items).toHaveLength(2);
    // The read policy holds: someone of no municipality finds no one of Testby's.
    expect((await search('lone', 'someone-else')).body.items).toEqual([]);
    const bad = await api('GET', '/api/people/search?q=', { lang: 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('q');
    expect((await api('GET', '/api/people/search?q=lone&limit=51')).body.error.field).toBe('limit');
    // The names of people already chosen, by id: those the caller may read.
    const named = await api('GET', `/api/people/names?ids=testby-leder,${added.body.id},nobody`);
    expect(named.body.items.map((p: { displayName: string }) => p.displayName).sort()).toEqual(['Lone Leder', 'Søren Ærøbo']);
    expect((await api('GET', '/api/people/names?ids=testby-leder', { user: 'someone-else' })).body.items).toEqual([]);
    expect((await api('GET', '/api/people/names?ids=')).body.error.field).toBe('ids');
  });

  it('validated every response above against the OpenAPI document', () => {
    for (const op of [
      'searchPeople',
      'getPeopleNames',
      'addMyPause',
      'listMyPauses',
      'removeMyPause',
      'getMyUnits',
      'getRedThread',
      'getWheel',
      'getMe',
      'getOrganisationTree',
      'getAgreementView',
      'recordMeasurement',
      'create_action',
      'update_action',
      'list_person',
      'delete_successCriterion',
      'listAudit',
    ])
      expect(checked).toContain(op);
  });
});
