import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { client, otherby, tableCounts, testby } from './support/neighbours';
import { startTestServer, type TestServer } from './support/server';

/**
 * The read policy (docs/roles.md, "Who reads what"), the quality office's municipality scope, signing roles
 * from the tree and the import's scope, as the domain states them. Over HTTP where there is a route.
 */
let server: TestServer;
let call: ReturnType<typeof client>;
let counts: () => Record<string, number>;
beforeAll(async () => {
  const published = otherby();
  // Otherby's school agreement is approved: a public document.
  (published.agreements![0] as { status?: string }).status = 'approved';
  server = await startTestServer([testby(), published], { settings: { tenantAdminIds: ['tenant-admin'] } });
  call = client(server.url);
  counts = tableCounts(server.dbPath);
});
afterAll(async () => server.stop());

const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((x) => x.id);

describe("a draft is read by its unit's people, its chief and the quality office only", () => {
  it("staff of the library may not read the school's draft, nor anything in it", async () => {
    const staff = 'testby-bib-medarbejder';
    expect((await call('GET', '/api/agreements/testby-skole-2026', staff)).status).toBe(403);
    expect((await call('GET', '/api/agreements/testby-skole-2026/view', staff)).status).toBe(403);
    expect((await call('GET', '/api/agreements/testby-skole-2026/red-thread', staff)).status).toBe(403);
    expect((await call('GET', '/api/agreements/testby-skole-2026/versions', staff)).status).toBe(403);
    expect((await call('GET', '/api/goals/testby-goal-1', staff)).status).toBe(403);
    expect((await call('GET', '/api/indicators/testby-indicator-1/measurements', staff)).status).toBe(403);
    expect((await call('GET', '/api/measurements/testby-measurement', staff)).status).toBe(403);
    // Lists leave them out rather than refuse.
    expect(ids(await call('GET', '/api/agreements?year=2026', staff))).not.toContain('testby-skole-2026');
    expect(ids(await call('GET', '/api/agreements?year=2026', staff))).toContain('testby-bib-2026');
    expect(ids(await call('GET', '/api/goals?year=2026', staff))).not.toContain('testby-goal-1');
    expect(ids(await call('GET', '/api/indicators', staff))).toEqual(expect.not.arrayContaining(['testby-indicator-1']));
    expect(ids(await call('GET', '/api/measurements', staff))).toEqual(expect.not.arrayContaining(['testby-measurement']));
    // The municipality's own goals (the vision, outside any agreement) are everyone's.
    expect((await call('GET', '/api/goals/testby-vision', staff)).status).toBe(200);
  });

  it("the school's staff and leader, the chief above it and Testby's quality office read it", async () => {
    for (const who of ['testby-medarbejder', 'testby-leder', 'testby-chef', 'testby-kvalitet', 'tenant-admin']) {
      expect({ who, status: (await call('GET', '/api/agreements/testby-skole-2026/view', who)).status }).toEqual({ who, status: 200 });
      expect({ who, listed: ids(await call('GET', '/api/goals?agreementId=testby-skole-2026', who)) }).toEqual({
        who,
        listed: expect.arrayContaining(['testby-goal-1']),
      });
    }
  });

  it("another municipality's quality office and a signed-in reader without a role may not read it", async () => {
    for (const who of ['otherby-kvalitet', 'someone-in-the-tenant']) {
      expect({ who, status: (await call('GET', '/api/agreements/testby-skole-2026/view', who)).status }).toEqual({ who, status: 403 });
      expect({ who, listed: ids(await call('GET', '/api/agreements?year=2026', who)) }).toEqual({
        who,
        listed: expect.not.arrayContaining(['testby-skole-2026', 'testby-bib-2026']),
      });
    }
  });

  it('an approved agreement is a public document: everyone signed in to the tenant reads it', async () => {
    for (const who of ['someone-in-the-tenant', 'testby-medarbejder', 'otherby-medarbejder']) {
      expect({ who, status: (await call('GET', '/api/agreements/otherby-skole-2026/view', who)).status }).toEqual({ who, status: 200 });
      expect({ who, listed: ids(await call('GET', '/api/goals?agreementId=otherby-skole-2026', who)) }).toEqual({ who, listed: ['otherby-goal-1'] });
    }
  });

  it("the overview shows a draft's state to everyone, but counts its goals only for those who may read it", async () => {
    const row = async (who: string) =>
      (
        (await call('GET', '/api/overview?unitId=testby&year=2026', who)).body as {
          unit: { id: string };
          agreement: { status: string } | null;
          goals: number;
        }[]
      ).find((r) => r.unit.id === 'testby-skole');
    expect(await row('testby-leder')).toMatchObject({ agreement: { status: 'draft' }, goals: 1 });
    expect(await row('testby-bib-medarbejder')).toMatchObject({ agreement: { status: 'draft' }, goals: 0 });
  });
});

describe('the people directory', () => {
  it("people with a role in Testby read Testby's people, not Otherby's", async () => {
    const listed = ids(await call('GET', '/api/people?limit=200', 'testby-bib-medarbejder'));
    expect(listed).toEqual(expect.arrayContaining(['testby-leder', 'testby-chef', 'testby-bib-leder']));
    expect(listed.filter((id) => id.startsWith('otherby'))).toEqual([]);
    expect((await call('GET', '/api/people/otherby-chef', 'testby-bib-medarbejder')).status).toBe(403);
    expect((await call('GET', '/api/people/testby-chef', 'testby-bib-medarbejder')).status).toBe(200);
  });

  it('a signed-in user without a role reads no one but themselves', async () => {
    expect(ids(await call('GET', '/api/people?limit=200', 'someone-in-the-tenant'))).toEqual([]);
    expect((await call('GET', '/api/people/testby-leder', 'someone-in-the-tenant')).status).toBe(403);
  });
});

describe('the quality office acts on its own municipality only', () => {
  const QO = 'testby-kvalitet';
  it("cannot rename another municipality's chief", async () => {
    const chief = await call('GET', '/api/people/otherby-chef', 'otherby-kvalitet');
    const before = counts();
    const r = await call('PATCH', '/api/people/otherby-chef', QO, { displayName: 'Mallory', email: 'mallory@example.org' }, chief.body.revision);
    expect(r.status).toBe(403);
    expect(counts()).toEqual(before);
    expect((await call('GET', '/api/people/otherby-chef', 'otherby-kvalitet')).body.displayName).toBe('Carl Chef');
  });

  it('cannot create a municipality; the tenant admin can, and then names its quality office', async () => {
    const municipality = { kind: 'municipality', parentId: null, name: 'Nyby Kommune', leaderIds: [], approverId: null, memberIds: [] };
    expect((await call('POST', '/api/units', QO, { ...municipality, id: 'nyby' })).status).toBe(403);
    // Nor by moving one of its units to the top.
    const school = await call('GET', '/api/units/testby-skole', QO);
    expect((await call('PATCH', '/api/units/testby-skole', QO, { parentId: null }, school.body.revision)).status).toBe(403);
    const made = await call('POST', '/api/units', 'tenant-admin', { ...municipality, id: 'nyby' });
    expect(made.status).toBe(201);
    const person = await call('POST', '/api/people', 'tenant-admin', { id: 'nyby-kvalitet', municipalityId: 'nyby', displayName: 'Nina Ny' });
    expect(person.status).toBe(201);
    expect((await call('PATCH', '/api/units/nyby', 'tenant-admin', { qualityOfficeIds: ['nyby-kvalitet'] }, made.body.revision)).status).toBe(200);
    // Testby's quality office cannot reach into it.
    expect((await call('POST', '/api/goal-levels', QO, { municipalityId: 'nyby', rank: 1, name: { da: 'Vision' } })).status).toBe(403);
  });

  it("reads the audit trail of its own municipality's records, not another's, and not the whole tenant's", async () => {
    expect((await call('GET', '/api/audit?entityId=testby-goal-1', QO)).status).toBe(200);
    expect((await call('GET', '/api/audit?entityId=otherby-goal-1', QO)).status).toBe(403);
    expect((await call('GET', '/api/audit?entityId=otherby-chef', QO)).status).toBe(403);
    expect((await call('GET', '/api/audit', QO)).status).toBe(403);
    expect((await call('GET', '/api/audit', 'tenant-admin')).status).toBe(200);
  });

  it("cannot put events on another municipality's annual wheel", async () => {
    const r = await call('POST', '/api/wheel-events', QO, { unitId: 'otherby', year: 2026, month: 5, title: { da: 'Snyd' }, kind: 'other' });
    expect(r.status).toBe(403);
  });
});

describe('signing roles come from the organisation tree', () => {
  it("a staff member named as 'chief' party by the leader cannot sign as chief; the real chief can", async () => {
    const leader = 'testby-bib-leder';
    let a = (await call('GET', '/api/agreements/testby-bib-2026', leader)).body;
    a = (
      await call(
        'PATCH',
        '/api/agreements/testby-bib-2026',
        leader,
        { parties: [{ role: 'chief', name: 'Bo Bog', personId: 'testby-bib-medarbejder' }] },
        a.revision,
      )
    ).body;
    a = (await call('POST', '/api/agreements/testby-bib-2026/submit', leader, undefined, a.revision)).body;
    a = (await call('POST', '/api/agreements/testby-bib-2026/decision', 'testby-chef', { version: a.version, decision: 'approve' })).body;
    expect(a.status).toBe('approved');
    a = (await call('POST', '/api/agreements/testby-bib-2026/sign', leader, undefined, a.revision)).body;
    expect(a.signatures).toHaveLength(1);
    const forged = await call('POST', '/api/agreements/testby-bib-2026/sign', 'testby-bib-medarbejder', undefined, a.revision);
    expect(forged.status).toBe(403);
    // The leader cannot sign a second time in another role either.
    expect((await call('POST', '/api/agreements/testby-bib-2026/sign', leader, undefined, a.revision)).status).toBeGreaterThanOrEqual(400);
    expect((await call('GET', '/api/agreements/testby-bib-2026', leader)).body.status).toBe('approved');
    const signed = await call('POST', '/api/agreements/testby-bib-2026/sign', 'testby-chef', undefined, a.revision);
    expect(signed.body).toMatchObject({ status: 'in_effect', signatures: [{ role: 'leader' }, { role: 'chief', personId: 'testby-chef' }] });
  });
});

describe('the import stays in its municipality', () => {
  const importAs = async (actorId: string, doc: unknown) => {
    const store = openSqliteStore(server.dbPath);
    try {
      return await importOrganisation(
        makeContext(store.forTenant('demo'), { id: actorId, tenantId: 'demo', displayName: actorId, locale: 'en', authMethod: 'teams-sso' }),
        doc,
      );
    } finally {
      await store.close();
    }
  };

  it("refuses a Testby document that moves Otherby's school under Testby, naming the field, and writes nothing", async () => {
    const doc = testby();
    doc.units!.push({ id: 'otherby-skole', parentId: 'testby', kind: 'unit', name: 'Stjålet Skole', leaderIds: [], approverId: null, memberIds: [] });
    const before = counts();
    await expect(importAs('testby-kvalitet', doc)).rejects.toMatchObject({ code: 'validation_failed', field: `units.${doc.units!.length - 1}.id` });
    expect(counts()).toEqual(before);
  });

  it("refuses a Testby document that renames Otherby's people", async () => {
    const doc = testby();
    doc.people!.push({ id: 'otherby-chef', displayName: 'Mallory' });
    const before = counts();
    await expect(importAs('testby-kvalitet', doc)).rejects.toMatchObject({ code: 'validation_failed', field: `people.${doc.people!.length - 1}.id` });
    expect(counts()).toEqual(before);
  });

  it("refuses a Testby document whose records name Otherby's people or goals", async () => {
    const doc = testby();
    (doc.indicators![0] as { ownerId?: string }).ownerId = 'otherby-leder';
    await expect(importAs('testby-kvalitet', doc)).rejects.toMatchObject({ code: 'validation_failed', field: 'indicators.0.ownerId' });
    const linked = testby();
    linked.goals![1]!.parentGoalIds = ['otherby-vision'];
    await expect(importAs('testby-kvalitet', linked)).rejects.toMatchObject({ code: 'validation_failed', field: 'goals.1.parentGoalIds.0' });
  });

  it("lets Testby's quality office import Testby only, and only the tenant admin bring a new municipality", async () => {
    await expect(importAs('testby-kvalitet', otherby())).rejects.toMatchObject({ code: 'forbidden' });
    const fresh = otherby();
    fresh.municipalityId = 'freshby';
    fresh.units = [{ id: 'freshby', parentId: null, kind: 'municipality', name: 'Freshby', leaderIds: [], approverId: null, memberIds: [] }];
    Object.assign(fresh, {
      people: [],
      goalLevels: [],
      agreements: [],
      goals: [],
      actions: [],
      successCriteria: [],
      indicators: [],
      measurements: [],
      wheelEvents: [],
    });
    await expect(importAs('testby-kvalitet', fresh)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(importAs('testby-kvalitet', testby())).resolves.toMatchObject({ created: 0 });
  });
});
