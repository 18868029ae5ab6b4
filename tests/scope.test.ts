import { clientHidden, ENTITIES, PUBLIC_KINDS, type EntityKind } from '../api/core/entities';
import { COLLECTIONS } from '../api/core/transfer';
import { client, otherby, storedRecord, tableCounts, testby } from './support/neighbours';
import { startTestServer, type TestServer } from './support/server';

/**
 * Authority comes from the stored parent chain, generated from the entity table: for every kind with REST
 * routes and every reference it holds (entities.ts, `refs`), a create and an update whose reference points into
 * another municipality, at a record that does not exist, or (for a leader) into another unit of the same
 * municipality. Each is refused (4xx) with nothing written — or, where the core derives the field from the
 * stored parent, accepted with the reference ignored. A new kind or a new reference is covered without new
 * test code. Over HTTP, against the running server.
 */
const LEADER = 'testby-leder'; // leads Østre Skole in Testby
const QUALITY_OFFICE = 'testby-kvalitet'; // Testby's quality office

/**
 * References that may cross units within the municipality: the red thread links to goals above, a shared goal
 * names the unit it comes from, a goal carried over names last year's, the levels and the people are the
 * municipality's. Every other reference places the record and stays in the actor's unit.
 */
const MAY_CROSS_UNITS = new Set(['goal.parentGoalIds[]', 'goal.sharedFromUnitId', 'goal.carriedOverFromGoalId']);
const MUNICIPALITY_WIDE: ReadonlySet<EntityKind> = new Set(['person', 'goalLevel']);

const home = testby();
const neighbour = otherby();
/** A record of each kind in the other municipality: the last of its collection (the school's, not the municipality's). */
const elsewhere = (kind: EntityKind) => {
  const list = (neighbour as unknown as Record<string, { id: string }[] | undefined>)[COLLECTIONS[kind as keyof typeof COLLECTIONS]] ?? [];
  return list[list.length - 1]?.id;
};
/** A record of each kind in the other unit of Testby (the library). */
const OTHER_UNIT: Partial<Record<EntityKind, string>> = {
  unit: 'testby-bib',
  agreement: 'testby-bib-2026',
  goal: 'testby-bib-goal',
  indicator: 'testby-bib-indicator',
};

/** Sets a reference of the entity table (`leaderIds[]`, `parties[].personId`, `ownerId`) in a body. */
function setRef(body: Record<string, unknown>, path: string, id: string): void {
  const [head, tail] = path.split('[]');
  if (tail === undefined) body[head!] = id;
  else if (tail === '') body[head!] = [id];
  else body[head!] = [{ role: 'other', name: 'Someone', [tail.slice(1)]: id }];
}
function getRef(record: Record<string, unknown> | null, path: string): unknown[] {
  if (!record) return [];
  const [head, tail] = path.split('[]');
  const v = record[head!];
  if (tail === undefined) return [v];
  return ((v as unknown[]) ?? []).map((el) => (tail ? (el as Record<string, unknown>)[tail.slice(1)] : el));
}

const pathOf = (kind: EntityKind) => (kind === 'measurement' ? '/api/measurements' : `/api/${ENTITIES[kind].path}`);
const tableOf = (kind: EntityKind) => ENTITIES[kind].path.replace(/-/g, '_');
let period = 0;
/** A create request made from a stored record (what the route takes: measurements are reported, not created). */
function createBody(kind: EntityKind, record: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'measurement') return { indicatorId: record.indicatorId, period: `${1990 + ++period}-Q1`, value: 50 };
  const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...rest } = record;
  for (const field of clientHidden(kind)) delete rest[field];
  return structuredClone(rest);
}
const REFUSED = [400, 403, 404, 422];
const outcome = (status: number) => (REFUSED.includes(status) ? 'refused' : [200, 201].includes(status) ? 'accepted' : status);

let server: TestServer;
let call: ReturnType<typeof client>;
let counts: () => Record<string, number>;
beforeAll(async () => {
  server = await startTestServer([home, neighbour]);
  call = client(server.url);
  counts = tableCounts(server.dbPath);
});
afterAll(async () => server.stop());

/** The first record of the kind in Testby's school or municipality that the leader, or else the quality office, may create a copy of. */
async function baseline(kind: EntityKind): Promise<{ actor: string; body: Record<string, unknown> }> {
  const records = ((home as unknown as Record<string, Record<string, unknown>[] | undefined>)[COLLECTIONS[kind as keyof typeof COLLECTIONS]] ?? []).filter(
    (r) => !String(r.id).startsWith('testby-bib'),
  );
  for (const actor of [LEADER, QUALITY_OFFICE])
    for (const r of records) {
      const body = createBody(kind, storedRecord(server.dbPath, tableOf(kind), String(r.id))!);
      if ([200, 201].includes((await call('POST', pathOf(kind), actor, body)).status)) return { actor, body };
    }
  throw new Error(`no ${kind} of Testby can be created by its leader or quality office: the baseline is broken`);
}

describe('references into another unit or municipality, generated from the entity table', () => {
  for (const kind of PUBLIC_KINDS) {
    const refs = Object.entries(ENTITIES[kind].refs) as [string, EntityKind][];
    it(`${kind}: every reference (${refs.map(([f]) => f).join(', ')}) is refused or ignored on create and update, and nothing is written`, async () => {
      const { actor, body } = await baseline(kind);
      const mayUpdate = kind !== 'measurement'; // a measurement is corrected by reporting it again
      for (const [field, refKind] of refs) {
        const targets: { where: string; id: string }[] = [{ where: 'unknown', id: `no-such-${refKind}` }];
        const far = elsewhere(refKind);
        if (far) targets.push({ where: 'another municipality', id: far });
        const near = OTHER_UNIT[refKind];
        if (near && actor === LEADER && !MAY_CROSS_UNITS.has(`${kind}.${field}`) && !MUNICIPALITY_WIDE.has(kind))
          targets.push({ where: 'another unit', id: near });
        for (const target of targets) {
          const label = `${kind}.${field} → ${target.where} (${target.id}) as ${actor}`;
          // Create.
          const attack = structuredClone(body);
          setRef(attack, field, target.id);
          let before = counts();
          const created = await call('POST', pathOf(kind), actor, attack);
          if (created.status >= 400) {
            expect({ label, outcome: outcome(created.status) }).toEqual({ label, outcome: 'refused' });
            expect({ label, counts: counts() }).toEqual({ label, counts: before });
          } else {
            expect({ label, outcome: outcome(created.status) }).toEqual({ label, outcome: 'accepted' });
            const stored = storedRecord(server.dbPath, tableOf(kind), created.body.id);
            expect({ label, stored: getRef(stored, field) }).toEqual({ label, stored: expect.not.arrayContaining([target.id]) });
          }
          // Update of a record the actor made in their own unit.
          if (!mayUpdate) continue;
          const own = await call('POST', pathOf(kind), actor, structuredClone(body));
          expect({ label, status: own.status }).toEqual({ label, status: 201 });
          const patch: Record<string, unknown> = {};
          setRef(patch, field, target.id);
          before = counts();
          const updated = await call('PATCH', `${pathOf(kind)}/${own.body.id}`, actor, patch, own.body.revision);
          const stored = storedRecord(server.dbPath, tableOf(kind), own.body.id);
          if (updated.status >= 400) {
            expect({ label, outcome: outcome(updated.status) }).toEqual({ label, outcome: 'refused' });
            expect({ label, counts: counts() }).toEqual({ label, counts: before });
            expect({ label, revision: stored?.revision }).toEqual({ label, revision: own.body.revision });
          } else {
            expect({ label, update: getRef(stored, field) }).toEqual({ label, update: expect.not.arrayContaining([target.id]) });
          }
        }
      }
    }, 60_000);
  }
});

describe('the attacks of issue 14, as the domain tells them', () => {
  it("a leader cannot put a goal into another unit's agreement by naming their own unit", async () => {
    const before = counts();
    const r = await call('POST', '/api/goals', 'testby-bib-leder', {
      unitId: 'testby-bib',
      agreementId: 'testby-skole-2026',
      levelId: 'testby-level-2',
      year: 2026,
      title: 'Snyltemål',
      origin: 'own',
    });
    expect(r.status).toBe(403);
    expect(counts()).toEqual(before);
  });

  it("the school's leader adding a goal to the school's agreement gets it in the school, whatever unit the body names", async () => {
    const r = await call('POST', '/api/goals', LEADER, {
      unitId: 'testby-bib',
      agreementId: 'testby-skole-2026',
      levelId: 'testby-level-2',
      year: 2026,
      title: 'Læselyst',
      origin: 'own',
    });
    expect(r.status).toBe(201);
    expect(r.body.unitId).toBe('testby-skole');
  });

  it("an indicator's owner must be a person of the municipality", async () => {
    const indicator = {
      goalId: 'testby-goal-1',
      name: 'Fravær',
      unitOfMeasure: '%',
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      measureType: 'result',
    };
    const unknown = await call('POST', '/api/indicators', LEADER, { ...indicator, ownerId: 'nobody-at-all' });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'reference_not_found', field: 'ownerId' } } });
    const foreign = await call('POST', '/api/indicators', LEADER, { ...indicator, ownerId: 'otherby-medarbejder' });
    expect(foreign).toMatchObject({ status: 422, body: { error: { code: 'reference_out_of_scope', field: 'ownerId' } } });
    const colleague = await call('POST', '/api/indicators', LEADER, { ...indicator, ownerId: 'testby-bib-medarbejder' });
    expect(colleague.status).toBe(201);
  });
});
