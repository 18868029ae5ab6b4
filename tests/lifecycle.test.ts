import { diffLine } from '../api/core/rules/versions';
import { smallMunicipality } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/** The agreement's whole life over the REST API, with every refused move. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer([smallMunicipality()]);
});
afterAll(async () => server.stop());

const A = 'testby-skole-2026';
async function call(user: string, method: string, path: string, body?: unknown, revision?: number) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'X-Dev-User': user, 'Accept-Language': 'da', 'Content-Type': 'application/json', ...(revision ? { 'If-Match': `"${revision}"` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const agreement = async () => (await call('testby-leder', 'GET', `/agreements/${A}`)).body;
const goal = async () => (await call('testby-leder', 'GET', '/goals/testby-goal-1')).body;
const move = async (user: string, name: string) => call(user, 'POST', `/agreements/${A}/${name}`, undefined, (await agreement()).revision);

describe('the life of an agreement', () => {
  it('runs draft → submitted → (changes requested) → approved → signed into effect → year-end → closed, refusing every wrong move', async () => {
    // Only the leader (or the quality office) submits.
    expect((await move('testby-medarbejder', 'submit')).body.error.code).toBe('forbidden');
    const submitted = await move('testby-leder', 'submit');
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 1 });
    expect((await move('testby-leder', 'submit')).body.error).toMatchObject({
      code: 'invalid_transition',
      message: 'Det kan ikke lade sig gøre, mens aftalen er indsendt.',
    });
    // Submitted content is locked.
    const g = await goal();
    const locked = await call('testby-leder', 'PATCH', '/goals/testby-goal-1', { title: 'Nyt navn' }, g.revision);
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: 'locked', field: 'title' });
    // The chief decides; nobody else; a request for changes needs a comment.
    expect((await call('testby-leder', 'POST', `/agreements/${A}/decision`, { version: 1, decision: 'approve' })).body.error.code).toBe('forbidden');
    expect((await call('testby-chef', 'POST', `/agreements/${A}/decision`, { version: 1, decision: 'requestChanges' })).body.error.field).toBe('comment');
    const back = await call('testby-chef', 'POST', `/agreements/${A}/decision`, {
      version: 1,
      decision: 'requestChanges',
      comment: 'Tilføj et mål om trivsel.',
    });
    expect(back.body).toMatchObject({ status: 'draft', version: 1 });
    expect(
      (
        await call('testby-leder', 'POST', '/goals', {
          unitId: 'testby-skole',
          agreementId: A,
          levelId: 'testby-level-2',
          year: 2026,
          title: 'Eleverne trives',
          origin: 'own',
        })
      ).status,
    ).toBe(201);
    await move('testby-leder', 'submit');
    // A decision about a version no longer current is refused with the current state.
    const approved = await call('testby-chef', 'POST', `/agreements/${A}/decision`, { version: 1, decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'approved' });
    const again = await call('testby-chef', 'POST', `/agreements/${A}/decision`, { version: 1, decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.current).toMatchObject({ status: 'approved' });
    // Signatures: the leader, then the chief; the configured parties (default leader and chief) put it into effect.
    expect((await move('testby-medarbejder', 'sign')).body.error.code).toBe('forbidden');
    expect((await move('testby-leder', 'sign')).body).toMatchObject({
      status: 'approved',
      signatures: [expect.objectContaining({ role: 'leader', version: 1 })],
    });
    expect((await move('testby-leder', 'sign')).body.error.code).toBe('validation_failed');
    expect((await move('testby-chef', 'sign')).body).toMatchObject({ status: 'in_effect' });
    // In effect: follow-up goes on (action status, goal status), content stays locked.
    const action = (await call('testby-leder', 'GET', '/actions/testby-action-1')).body;
    expect((await call('testby-medarbejder', 'PATCH', '/actions/testby-action-1', { status: 'in_progress' }, action.revision)).status).toBe(200);
    expect((await call('testby-medarbejder', 'PATCH', '/actions/testby-action-1', { text: 'Andet' }, action.revision + 1)).body.error.code).toBe('locked');
    // Year end: results and proposals for follow-up, then closed by the chief.
    expect((await move('testby-leder', 'year-end')).body).toMatchObject({ status: 'year_end' });
    const g2 = await goal();
    const results = await call(
      'testby-leder',
      'PATCH',
      '/goals/testby-goal-1',
      { status: 'not_achieved', schema: { ...g2.schema, results: '74 % læser alderssvarende.', followUpProposals: 'Fortsæt læsebåndet.' } },
      g2.revision,
    );
    expect(results.status).toBe(200);
    expect((await move('testby-leder', 'close')).body.error.code).toBe('forbidden');
    expect((await move('testby-chef', 'close')).body).toMatchObject({ status: 'closed' });
    const g3 = await goal();
    expect((await call('testby-leder', 'PATCH', '/goals/testby-goal-1', { status: 'achieved' }, g3.revision)).body.error.code).toBe('locked');
    // Every move is in the audit trail, with who and before and after.
    const trail = (await call('testby-chef', 'GET', `/audit?entityId=${A}&limit=50`)).body.items as { action: string; actorId: string }[];
    expect(trail.map((e) => e.action).reverse()).toEqual(expect.arrayContaining(['transition', 'approve', 'sign', 'sign']));
    expect(
      trail
        .filter((e) => e.action === 'sign')
        .map((e) => e.actorId)
        .sort(),
    ).toEqual(['testby-chef', 'testby-leder']);
  });

  it("opens next year's draft with the unmet goal carried over and linked to its origin", async () => {
    const next = await call('testby-leder', 'POST', `/agreements/${A}/next-year`, { carryGoalIds: ['testby-goal-1'] });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ id: 'testby-skole-2027', year: 2027, status: 'draft', version: 1, periodStart: '2027-01-01', signatures: [] });
    const view = (await call('testby-leder', 'GET', '/agreements/testby-skole-2027/view')).body;
    expect(view.goals).toEqual([expect.objectContaining({ carriedOverFromGoalId: 'testby-goal-1', status: null, title: 'Flere elever læser alderssvarende' })]);
    expect(view.goals[0].schema.results).toBeUndefined();
    expect(view.actions).toHaveLength(1);
    expect(view.indicators).toHaveLength(1);
    expect((await call('testby-leder', 'POST', `/agreements/${A}/next-year`, { carryGoalIds: [] })).status).toBe(409);
    expect((await call('testby-leder', 'POST', `/agreements/${A}/next-year`, { carryGoalIds: ['nope'] })).body.error.field).toBe('carryGoalIds');
  });

  it('keeps each submitted version as a snapshot and shows the difference between versions; an approval racing a new version is refused', async () => {
    const B = 'testby-skole-2027';
    const rev = async () => (await call('testby-leder', 'GET', `/agreements/${B}`)).body.revision;
    await call('testby-leder', 'POST', `/agreements/${B}/submit`, undefined, await rev());
    await call('testby-chef', 'POST', `/agreements/${B}/decision`, { version: 1, decision: 'approve' });
    // The chief's card still shows version 1 while the leader opens version 2 and changes it.
    const v2 = await call('testby-leder', 'POST', `/agreements/${B}/new-version`, undefined, await rev());
    expect(v2.body).toMatchObject({ status: 'draft', version: 2 });
    const g = (await call('testby-leder', 'GET', '/goals/testby-goal-1--2027')).body;
    await call('testby-leder', 'PATCH', `/goals/${g.id}`, { title: 'Alle elever læser alderssvarende' }, g.revision);
    await call('testby-leder', 'POST', '/goals', {
      unitId: 'testby-skole',
      agreementId: B,
      levelId: 'testby-level-2',
      year: 2027,
      title: 'Mere bevægelse',
      origin: 'own',
    });
    await call('testby-leder', 'PATCH', `/agreements/${B}`, { budget: { amount: 22000000, currency: 'DKK' } }, await rev());
    await call('testby-leder', 'POST', `/agreements/${B}/submit`, undefined, await rev());
    const stale = await call('testby-chef', 'POST', `/agreements/${B}/decision`, { version: 1, decision: 'approve' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.current).toMatchObject({ status: 'submitted', version: 2 });
    const versions = (await call('testby-leder', 'GET', `/agreements/${B}/versions`)).body;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const diff = (await call('testby-leder', 'GET', `/agreements/${B}/diff?from=1&to=2`)).body;
    expect(diff.goalsAdded.map((x: { title: string }) => x.title)).toEqual(['Mere bevægelse']);
    expect(diff.goalsChanged).toEqual([{ id: 'testby-goal-1--2027', title: 'Alle elever læser alderssvarende', fields: ['title'] }]);
    expect(diff.budget).toEqual({ from: 21848850, to: 22000000, currency: 'DKK' });
    expect(diffLine(diff, 'da').replace(/\u00a0/g, ' ')).toBe('1 mål tilføjet; 1 mål ændret; økonomisk ramme 21.848.850 kr. → 22.000.000 kr.');
  });

  it('refuses a new agreement that claims to be approved already', async () => {
    const r = await call('testby-kvalitet', 'POST', '/agreements', {
      unitId: 'testby-skole',
      year: 2030,
      title: 'X',
      periodStart: '2030-01-01',
      periodEnd: '2030-12-31',
      status: 'approved',
    });
    expect(r.body.error).toMatchObject({ code: 'validation_failed', field: 'status' });
  });
});
