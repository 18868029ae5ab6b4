import { client, storedRecord, tableCounts, testby, otherby } from './support/neighbours';
import { startTestServer, type TestServer } from './support/server';

/**
 * Who may write what, as docs/roles.md and the domain say it, written out here by hand: nothing is read from
 * the permission table the core enforces (tests/authorization.test.ts runs every role against that table;
 * this file is what would catch a wrong entry in it). Over HTTP on a real SQLite file, with the neighbours
 * of tests/support/neighbours.ts: Testby's school and library (each with a leader, staff and a draft), the
 * chief above both, Testby's quality office, Otherby's quality office and a signed-in reader without a role.
 */
let server: TestServer;
let call: ReturnType<typeof client>;
let counts: () => Record<string, number>;
beforeAll(async () => {
  server = await startTestServer([testby(), otherby()], { settings: { tenantAdminIds: ['tenant-admin'] } });
  call = client(server.url);
  counts = tableCounts(server.dbPath);
});
afterAll(async () => server.stop());

const STAFF = 'testby-medarbejder';
const LEADER = 'testby-leder';
const CHIEF = 'testby-chef';
const QUALITY_OFFICE = 'testby-kvalitet';
const READER = 'someone-in-the-tenant';

/** The record's current revision, read by the quality office (who reads everything in Testby). */
const revision = async (path: string): Promise<number> => {
  const r = await call('GET', path, QUALITY_OFFICE);
  expect({ path, status: r.status }).toEqual({ path, status: 200 });
  return r.body.revision as number;
};

let n = 0;
/** A new record of each kind for the school (Testby's setup for the setup kinds). */
const NEW: Record<string, () => [string, Record<string, unknown>]> = {
  person: () => ['/api/people', { municipalityId: 'testby', displayName: `Ny Person ${++n}` }],
  unit: () => ['/api/units', { parentId: 'testby', kind: 'unit', name: `Ny enhed ${++n}`, leaderIds: [], approverId: null, memberIds: [] }],
  goalLevel: () => ['/api/goal-levels', { municipalityId: 'testby', rank: 3 + (++n % 15), name: { da: `Niveau ${n}` } }],
  wheelEvent: () => ['/api/wheel-events', { unitId: 'testby', year: 2026, month: 9, title: { da: `Temadag ${++n}` }, kind: 'other' }],
  agreement: () => [
    '/api/agreements',
    { unitId: 'testby-skole', year: 2030 + ++n, title: `Aftale ${n}`, periodStart: `${2030 + n}-01-01`, periodEnd: `${2030 + n}-12-31` },
  ],
  goal: () => [
    '/api/goals',
    { unitId: 'testby-skole', agreementId: 'testby-skole-2026', levelId: 'testby-level-2', year: 2026, title: `Mål ${++n}`, origin: 'own' },
  ],
  action: () => ['/api/actions', { goalId: 'testby-goal-1', text: `Handling ${++n}` }],
  successCriterion: () => ['/api/success-criteria', { goalId: 'testby-goal-1', text: `Kriterium ${++n}` }],
  indicator: () => [
    '/api/indicators',
    { goalId: 'testby-goal-1', name: `Indikator ${++n}`, unitOfMeasure: '%', direction: 'increase', frequency: { kind: 'monthly' }, measureType: 'result' },
  ],
  measurement: () => ['/api/measurements', { indicatorId: 'testby-indicator-1', period: `${2040 + ++n}-Q1`, value: 50 }],
};
const create = (who: string, kind: keyof typeof NEW) => {
  const [path, body] = NEW[kind]!();
  return call('POST', path, who, body);
};

describe('staff', () => {
  it('may not delete an indicator, nor create one, nor delete a goal of their unit', async () => {
    const before = counts();
    expect((await call('DELETE', '/api/indicators/testby-indicator-1', STAFF, undefined, await revision('/api/indicators/testby-indicator-1'))).status).toBe(
      403,
    );
    expect((await create(STAFF, 'indicator')).status).toBe(403);
    expect((await call('DELETE', '/api/goals/testby-goal-1', STAFF, undefined, await revision('/api/goals/testby-goal-1'))).status).toBe(403);
    expect(counts()).toEqual(before);
    expect((await call('GET', '/api/indicators/testby-indicator-1', STAFF)).status).toBe(200);
  });

  it('report measurements and update the actions of their own unit', async () => {
    expect((await create(STAFF, 'measurement')).status).toBe(201);
    const updated = await call(
      'PATCH',
      '/api/actions/testby-action-1',
      STAFF,
      { text: 'Læsebånd hver morgen, også fredag' },
      await revision('/api/actions/testby-action-1'),
    );
    expect(updated.status).toBe(200);
  });

  it('may change no setup of the municipality', async () => {
    for (const kind of ['person', 'unit', 'goalLevel', 'wheelEvent'] as const)
      expect({ kind, status: (await create(STAFF, kind)).status }).toEqual({ kind, status: 403 });
  });
});

describe('a reader (signed in to the tenant, without a role)', () => {
  it('may not write anything: no create of any kind, no update, no delete, and nothing is written', async () => {
    const before = counts();
    for (const kind of Object.keys(NEW)) expect({ kind, status: (await create(READER, kind)).status }).toEqual({ kind, status: 403 });
    expect(
      (await call('PATCH', '/api/agreements/testby-skole-2026', READER, { title: 'Min aftale' }, await revision('/api/agreements/testby-skole-2026'))).status,
    ).toBe(403);
    expect((await call('DELETE', '/api/goals/testby-goal-1', READER, undefined, await revision('/api/goals/testby-goal-1'))).status).toBe(403);
    expect(
      (await call('POST', '/api/agreements/testby-skole-2026/submit', READER, undefined, await revision('/api/agreements/testby-skole-2026'))).status,
    ).toBe(403);
    expect(counts()).toEqual(before);
  });
});

describe('a leader', () => {
  it('writes the content of their own unit: goals, indicators, criteria, the agreement', async () => {
    for (const kind of ['goal', 'action', 'successCriterion', 'indicator', 'measurement', 'agreement'] as const)
      expect({ kind, status: (await create(LEADER, kind)).status }).toEqual({ kind, status: 201 });
    expect(
      (
        await call(
          'PATCH',
          '/api/agreements/testby-skole-2026',
          LEADER,
          { title: 'Kvalitetsaftale 2026 for Østre Skole (rettet)' },
          await revision('/api/agreements/testby-skole-2026'),
        )
      ).status,
    ).toBe(200);
  });

  it('may not write in another unit of the same municipality (the library), and nothing there changes', async () => {
    const before = counts();
    const library = storedRecord(server.dbPath, 'agreements', 'testby-bib-2026');
    expect(library).not.toBeNull();
    const refused = [
      await call('POST', '/api/indicators', LEADER, {
        goalId: 'testby-bib-goal',
        name: 'Indsmuglet',
        unitOfMeasure: 'stk',
        direction: 'increase',
        frequency: { kind: 'monthly' },
        measureType: 'result',
      }),
      await call('POST', '/api/actions', LEADER, { goalId: 'testby-bib-goal', text: 'Indsmuglet' }),
      await call('POST', '/api/measurements', LEADER, { indicatorId: 'testby-bib-indicator', period: '2026-Q2', value: 1 }),
      await call('PATCH', '/api/agreements/testby-bib-2026', LEADER, { title: 'Overtaget' }, await revision('/api/agreements/testby-bib-2026')),
      await call('DELETE', '/api/actions/testby-bib-action', LEADER, undefined, await revision('/api/actions/testby-bib-action')),
      await call('POST', '/api/agreements/testby-bib-2026/submit', LEADER, undefined, await revision('/api/agreements/testby-bib-2026')),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(counts()).toEqual(before);
    expect(storedRecord(server.dbPath, 'agreements', 'testby-bib-2026')).toEqual(library);
  });

  it('may not delete the agreement, nor change the setup of the municipality', async () => {
    expect((await call('DELETE', '/api/agreements/testby-skole-2026', LEADER, undefined, await revision('/api/agreements/testby-skole-2026'))).status).toBe(
      403,
    );
    for (const kind of ['person', 'unit', 'goalLevel', 'wheelEvent'] as const)
      expect({ kind, status: (await create(LEADER, kind)).status }).toEqual({ kind, status: 403 });
  });
});

describe('the chief', () => {
  it('writes no content of the units below (that is the leader’s), and no setup', async () => {
    for (const kind of ['goal', 'indicator', 'action', 'agreement', 'person', 'unit'] as const)
      expect({ kind, status: (await create(CHIEF, kind)).status }).toEqual({ kind, status: 403 });
    expect((await call('PATCH', '/api/goals/testby-bib-goal', CHIEF, { title: 'Chefens mål' }, await revision('/api/goals/testby-bib-goal'))).status).toBe(403);
  });

  it('approves a submitted agreement of a unit below; its leader and the quality office may not', async () => {
    const submitted = await call(
      'POST',
      '/api/agreements/testby-bib-2026/submit',
      'testby-bib-leder',
      undefined,
      await revision('/api/agreements/testby-bib-2026'),
    );
    expect(submitted.status).toBe(200);
    const decision = { version: submitted.body.version, decision: 'approve' };
    for (const who of ['testby-bib-leder', QUALITY_OFFICE, 'tenant-admin', 'testby-bib-medarbejder'])
      expect({ who, status: (await call('POST', '/api/agreements/testby-bib-2026/decision', who, decision)).status }).toEqual({ who, status: 403 });
    const approved = await call('POST', '/api/agreements/testby-bib-2026/decision', CHIEF, decision);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
  });
});

describe('a leader who is also named the approver of their own unit', () => {
  it('may not approve their own agreement: the approval is the check of someone above (nor by inheriting the role)', async () => {
    // Some municipalities name a unit's leader as its approver by mistake or to get going; the leader still
    // does not approve the agreement they wrote and submitted.
    // The chief approves for the whole municipality; the school names its own leader as approver.
    const municipality = await call('GET', '/api/units/testby', QUALITY_OFFICE);
    expect((await call('PATCH', '/api/units/testby', QUALITY_OFFICE, { approverId: CHIEF }, municipality.body.revision)).status).toBe(200);
    const unit = await call('GET', '/api/units/testby-skole', QUALITY_OFFICE);
    expect((await call('PATCH', '/api/units/testby-skole', QUALITY_OFFICE, { approverId: LEADER }, unit.body.revision)).status).toBe(200);
    const submitted = await call('POST', '/api/agreements/testby-skole-2026/submit', LEADER, undefined, await revision('/api/agreements/testby-skole-2026'));
    expect(submitted.status).toBe(200);
    const decision = { version: submitted.body.version, decision: 'approve' };
    const refused = await call('POST', '/api/agreements/testby-skole-2026/decision', LEADER, decision);
    expect(refused.status).toBe(403);
    expect((await call('GET', '/api/agreements/testby-skole-2026', LEADER)).body.status).toBe('submitted');
    // Sending it back is a decision too: not theirs either.
    expect(
      (await call('POST', '/api/agreements/testby-skole-2026/decision', LEADER, { ...decision, decision: 'requestChanges', comment: 'Ret selv' })).status,
    ).toBe(403);
    // The chief above approves it.
    expect((await call('POST', '/api/agreements/testby-skole-2026/decision', CHIEF, decision)).status).toBe(200);
  });
});

describe('the quality office', () => {
  it("administers its municipality's setup: people, units, goal levels, the annual wheel", async () => {
    for (const kind of ['person', 'unit', 'goalLevel', 'wheelEvent'] as const)
      expect({ kind, status: (await create(QUALITY_OFFICE, kind)).status }).toEqual({ kind, status: 201 });
  });

  it("of another municipality administers nothing of Testby's", async () => {
    const before = counts();
    for (const kind of ['person', 'unit', 'goalLevel', 'wheelEvent', 'goal', 'indicator'] as const)
      expect({ kind, status: (await create('otherby-kvalitet', kind)).status }).toEqual({ kind, status: 403 });
    expect(counts()).toEqual(before);
  });

  it('may not create a municipality; the tenant admin may', async () => {
    const municipality = (id: string) => ({ id, parentId: null, kind: 'municipality', name: `Kommune ${id}`, leaderIds: [], approverId: null, memberIds: [] });
    expect((await call('POST', '/api/units', QUALITY_OFFICE, municipality('nyby'))).status).toBe(403);
    expect((await call('POST', '/api/units', 'tenant-admin', municipality('nyby'))).status).toBe(201);
  });
});
