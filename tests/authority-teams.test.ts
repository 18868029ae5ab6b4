import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { tempDir } from './support/mother';
import { otherby, testby } from './support/neighbours';
import { startOpenIdStandin, startTeamsMain, type OpenIdStandin } from './support/teams-mode';

/**
 * The attacks of issue 14 on authority and scope, as an attacker meets them: the real server process in Teams
 * mode, each user signed in with a token signed by real RS256 keys (tests/support/teams-mode.ts), the tenant admin
 * configured in TENANT_ADMIN_IDS. The SQLite file is read afterwards to show what was written.
 */
const tmp = tempDir();
let standin: OpenIdStandin;
let run: Awaited<ReturnType<typeof startTeamsMain>>;
let dbPath: string;
beforeAll(async () => {
  standin = await startOpenIdStandin();
  run = await startTeamsMain({ dir: tmp.dir, standin, docs: [testby(), otherby()], env: { TENANT_ADMIN_IDS: 'the-tenant-admin' } });
  dbPath = `${tmp.dir}/${readdirSync(tmp.dir).find((f) => /^teams-.*\.db$/.test(f))}`;
  // The server process compiles its TypeScript as it starts: over 60 s were seen at load average 15.
}, 180_000);
afterAll(async () => {
  await run?.stop();
  await standin?.stop();
  tmp.remove();
});

async function as(user: string, method: string, path: string, body?: unknown, revision?: number) {
  const res = await fetch(`${run.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await standin.token(user)}`, 'Content-Type': 'application/json', ...(revision ? { 'If-Match': `"${revision}"` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const rows = (sql: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe('authority and scope in Teams mode', () => {
  it("a leader cannot put a goal, and then indicators under it, into another unit's draft", async () => {
    const goal = await as('testby-bib-leder', 'POST', '/api/goals', {
      unitId: 'testby-bib',
      agreementId: 'testby-skole-2026',
      levelId: 'testby-level-2',
      year: 2026,
      title: 'Snyltemål',
      origin: 'own',
    });
    expect(goal.status).toBe(403);
    expect(rows("SELECT id FROM goals WHERE agreement_id = 'testby-skole-2026'")).toEqual([{ id: 'testby-goal-1' }]);
  });

  it("a staff member named as the 'chief' party cannot sign for the chief", async () => {
    const leader = 'testby-leder';
    let a = (await as(leader, 'GET', '/api/agreements/testby-skole-2026')).body;
    a = (
      await as(
        leader,
        'PATCH',
        '/api/agreements/testby-skole-2026',
        { parties: [{ role: 'chief', name: 'Mette', personId: 'testby-medarbejder' }] },
        a.revision,
      )
    ).body;
    a = (await as(leader, 'POST', '/api/agreements/testby-skole-2026/submit', undefined, a.revision)).body;
    a = (await as('testby-chef', 'POST', '/api/agreements/testby-skole-2026/decision', { version: a.version, decision: 'approve' })).body;
    a = (await as(leader, 'POST', '/api/agreements/testby-skole-2026/sign', undefined, a.revision)).body;
    expect((await as('testby-medarbejder', 'POST', '/api/agreements/testby-skole-2026/sign', undefined, a.revision)).status).toBe(403);
    expect((await as(leader, 'GET', '/api/agreements/testby-skole-2026')).body.status).toBe('approved');
  });

  it("a quality office cannot rename another municipality's chief, create a municipality or read the tenant's audit trail", async () => {
    const chief = (await as('otherby-kvalitet', 'GET', '/api/people/otherby-chef')).body;
    expect((await as('testby-kvalitet', 'PATCH', '/api/people/otherby-chef', { displayName: 'Mallory', email: 'm@example.org' }, chief.revision)).status).toBe(
      403,
    );
    expect((await as('otherby-kvalitet', 'GET', '/api/people/otherby-chef')).body).toMatchObject({ displayName: 'Carl Chef', revision: chief.revision });
    const municipality = { id: 'nyby', kind: 'municipality', parentId: null, name: 'Nyby', leaderIds: [], approverId: null, memberIds: [] };
    expect((await as('testby-kvalitet', 'POST', '/api/units', municipality)).status).toBe(403);
    expect((await as('testby-kvalitet', 'GET', '/api/audit')).status).toBe(403);
    expect((await as('testby-kvalitet', 'GET', '/api/audit?entityId=otherby-goal-1')).status).toBe(403);
    // The configured tenant admin may.
    expect((await as('the-tenant-admin', 'POST', '/api/units', municipality)).status).toBe(201);
    expect((await as('the-tenant-admin', 'GET', '/api/audit')).status).toBe(200);
  });

  it("an indicator's owner must be a person of the municipality", async () => {
    const indicator = {
      goalId: 'testby-bib-goal',
      name: 'Besøg',
      unitOfMeasure: 'stk',
      direction: 'increase',
      frequency: { kind: 'monthly' },
      measureType: 'result',
    };
    expect((await as('testby-bib-leder', 'POST', '/api/indicators', { ...indicator, ownerId: 'otherby-medarbejder' })).body.error).toMatchObject({
      code: 'reference_out_of_scope',
      field: 'ownerId',
    });
    expect((await as('testby-bib-leder', 'POST', '/api/indicators', { ...indicator, ownerId: 'nobody' })).body.error).toMatchObject({
      code: 'reference_not_found',
      field: 'ownerId',
    });
  });

  it('a signed-in user without a role reads neither drafts nor the people directory', async () => {
    expect((await as('someone-in-the-tenant', 'GET', '/api/agreements/testby-bib-2026/view')).status).toBe(403);
    expect((await as('someone-in-the-tenant', 'GET', '/api/people?limit=200')).body.items).toEqual([]);
    expect((await as('testby-bib-medarbejder', 'GET', '/api/agreements/testby-bib-2026/view')).status).toBe(200);
  });
});
