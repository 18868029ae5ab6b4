import { auditEntry } from '../api/core/audit';
import { makeContext } from '../api/core/context';
import { StoreUnavailableError } from '../api/core/errors';
import { getAgreementView } from '../api/core/services/agreement-view';
import { getOverview } from '../api/core/services/overview';
import { forgetOrganisation } from '../api/core/services/organisation';
import { createRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { hoejeTaastrup } from '../api/demo';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { systemActor } from '../teams-app/system-actor';
import { bigMunicipality } from './support/big-municipality';
import { municipalityDocument } from './support/large-municipality';
import { smallMunicipality } from './support/mother';
import { startTestServer } from './support/server';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

let fx: SharePointFixture;
const lilleby = municipalityDocument({ prefix: 'lilleby', units: 5, people: 7, goals: 10, indicators: 10, measurements: 0 });
const ctx = () => makeContext(fx.store.forTenant('demo'), systemActor('demo'), () => new Date('2026-11-22T12:00:00Z'));

beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
  await importOrganisation(ctx(), hoejeTaastrup);
  await importOrganisation(ctx(), bigMunicipality('storby', 100));
  await importOrganisation(ctx(), lilleby);
}, 120_000);
afterAll(async () => fx.stop());
beforeEach(() => fx.reset());

describe('the SharePoint adapter: round trips', () => {
  it('renders one agreement in 2 round trips on an instance that has not read the organisation yet (right after start)', async () => {
    // A goal linked to a goal of the agreement of the unit above (the generated municipality's red thread).
    const child = lilleby.goals!.find((g) => g.parentGoalIds?.length)!;
    forgetOrganisation('demo');
    fx.reset();
    const view = await getAgreementView(ctx(), child.agreementId!);
    // The parent goals lie in another unit's agreement: where, is found without a third read.
    expect(view.parentGoals.map((g) => g.id)).toEqual(expect.arrayContaining(child.parentGoalIds!));
    expect(view.parentGoals.every((g) => g.agreementId && g.agreementId !== child.agreementId)).toBe(true);
    expect(fx.roundTrips()).toBe(2);
  });

  it('renders one agreement in at most 2 round trips to Graph', async () => {
    const view = await getAgreementView(ctx(), 'hoeje-taastrup-team-myndighed-2016');
    expect(view.goals).toHaveLength(6);
    expect(view.actions.length).toBeGreaterThan(10);
    expect(view.parentGoals.length).toBeGreaterThan(0);
    expect(fx.roundTrips()).toBeLessThanOrEqual(2);
    expect(fx.standin.requests.every((r) => r.url.startsWith('/v1.0/$batch'))).toBe(true);
    expect(Math.max(...fx.standin.requests.map((r) => r.batchSize ?? 1))).toBeLessThanOrEqual(20);
  });

  it("gives a chief's overview of 100 units in at most 5 round trips", async () => {
    const rows = await getOverview(ctx(), 'storby-adm', 2026);
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.agreement !== null && r.goals === 2)).toBe(true);
    expect(rows.filter((r) => r.goalsOffTrack > 0).length).toBeGreaterThan(0);
    expect(fx.roundTrips()).toBeLessThanOrEqual(5);
  });

  it('follows @odata.nextLink to the end: nothing is cut off when lists span many pages', async () => {
    fx.standin.setPageSize(7);
    try {
      const store = fx.store.forTenant('demo');
      const all = await store.listAll('action', { agreementId: 'hoeje-taastrup-team-myndighed-2016' });
      expect(all).toHaveLength(31);
      const units = await store.listAll('unit', { parentId: 'storby-adm' });
      expect(units).toHaveLength(100);
    } finally {
      fx.standin.setPageSize(100);
    }
  });

  it('decorates every request with the User-Agent SharePoint asks for', async () => {
    await fx.store.forTenant('demo').get('unit', 'storby');
    expect(fx.standin.requests.length).toBeGreaterThan(0);
    for (const r of fx.standin.requests) expect(r.headers['user-agent']).toBe('NONISV|TestbyKommune|KvalitetsaftalerTeams/0.1.0');
  });
});

describe('the SharePoint adapter: records larger than a text column', () => {
  const graph = () => fx.client;
  async function items(list: string): Promise<{ id: string; fields: Record<string, unknown> }[]> {
    const out: { id: string; fields: Record<string, unknown> }[] = [];
    let page = await graph().api(`/sites/${fx.sites.demo}/lists/${list}/items?$expand=fields&$top=5000`).get();
    for (;;) {
      out.push(...page.value);
      if (!page['@odata.nextLink']) return out;
      page = await graph().api(page['@odata.nextLink']).get();
    }
  }

  it('keeps a 200,000-character agreement in parts, undoes them with a failed commit and leaves no part unreferenced', async () => {
    const id = 'hoeje-taastrup-team-myndighed-2016';
    const sections = Array.from({ length: 40 }, (_, i) => ({
      key: `s${i}`,
      title: `Afsnit ${i}`,
      body: `${i} ` + 'Ældreplejen i Høje-Taastrup 😀 '.repeat(160),
      sortOrder: i,
    }));
    const store = () => fx.store.forTenant('demo');
    const put = (record: Record<string, unknown>, expectedRevision: number) => ({
      type: 'put' as const,
      kind: 'agreement' as const,
      record: record as never,
      expectedRevision,
    });
    const audited = (record: Record<string, unknown>, expectedRevision: number) => [
      put(record, expectedRevision),
      { type: 'audit' as const, entry: auditEntry(makeContext(store(), systemActor('demo')), 'agreement', id, 'update', null, record) },
    ];
    const current = (await store().get('agreement', id))!;
    const big = { ...current, sections, revision: current.revision + 1 };
    await store().commit(audited(big, current.revision));
    expect(await store().get('agreement', id)).toEqual(big);
    const parts = await items('KAParts');
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts.every((p) => String(p.fields.Data).length <= 63_999)).toBe(true);
    // A commit that fails after its parts were written leaves the record and its parts as they were.
    fx.standin.inject({ match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'), status: 400, insideBatch: true });
    const entry = {
      id: 'audit-big',
      at: '2026-11-22T12:00:00.000Z',
      actorId: 'system',
      action: 'update',
      entityKind: 'agreement',
      entityId: id,
      before: big,
      after: big,
    } as never;
    await expect(
      store().commit([put({ ...big, sections: [...sections].reverse(), revision: big.revision + 1 }, big.revision), { type: 'audit', entry }]),
    ).rejects.toThrow();
    expect(await store().get('agreement', id)).toEqual(big);
    // Rewritten small: the agreement's old parts go.
    await store().commit(audited({ ...big, sections: [], revision: big.revision + 1 }, big.revision));
    const referenced = new Set(
      [...(await items('KAAgreements')), ...(await items('KAAudit'))]
        .map((i) => String(i.fields.Data))
        .filter((d) => d.startsWith('{"$parts":'))
        .map((d) => (JSON.parse(d) as { $parts: string }).$parts),
    );
    const left = await items('KAParts');
    expect(left.filter((p) => !referenced.has(String(p.fields.PartsKey)))).toEqual([]);
    expect([...(await items('KAAgreements'))].find((i) => i.fields.RecordId === id)!.fields.Data).not.toContain('$parts');
  }, 60_000);
});

describe('the SharePoint adapter: throttling and faults', () => {
  it('retries a 429 inside a batch after its Retry-After', async () => {
    fx.standin.inject({ match: (r) => r.url.includes('/lists/KAGoals/items'), status: 429, retryAfterSeconds: 1, insideBatch: true });
    const started = Date.now();
    const view = await getAgreementView(ctx(), 'hoeje-taastrup-team-myndighed-2016');
    expect(view.goals).toHaveLength(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fx.roundTrips()).toBe(3);
  });

  it('retries a 503 on the whole request (the SDK retry handler)', async () => {
    fx.standin.inject({ match: (r) => r.url.startsWith('/v1.0/$batch'), status: 503, retryAfterSeconds: 1 });
    expect((await fx.store.forTenant('demo').get('unit', 'storby'))?.name).toBe('Storby Kommune');
    expect(fx.roundTrips()).toBe(2);
  });

  it('gives up after a cap and surfaces Graph’s code and message', async () => {
    fx.standin.inject({ match: (r) => r.url.includes('/lists/KAUnits/items'), status: 429, retryAfterSeconds: 1, insideBatch: true, times: 5 });
    await expect(fx.store.forTenant('demo').get('unit', 'storby')).rejects.toMatchObject({ code: 'store_unavailable', status: 429 });
    expect(fx.roundTrips()).toBe(5);
  }, 20_000);

  it('surfaces other errors with Graph’s code and message (a read is tried again first)', async () => {
    fx.standin.inject({
      match: (r) => r.url.includes('/lists/KAUnits/items'),
      status: 500,
      code: 'generalException',
      message: 'Something broke',
      insideBatch: true,
      times: 5,
    });
    const err = await fx.store
      .forTenant('demo')
      .get('unit', 'storby')
      .catch((e) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err.params).toEqual({ storeCode: 'generalException', storeMessage: 'Something broke' });
  }, 20_000);

  it('undoes the writes of a commit when one of them fails', async () => {
    const c = ctx();
    await importOrganisation(c, smallMunicipality('undo'));
    const unit = (await c.store.get('unit', 'undo-skole'))!;
    fx.standin.inject({
      match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'),
      status: 500,
      code: 'generalException',
      message: 'audit list down',
      insideBatch: true,
    });
    await expect(
      c.store.commit([
        { type: 'put', kind: 'unit', record: { ...unit, name: 'Ændret', revision: unit.revision + 1 }, expectedRevision: unit.revision },
        {
          type: 'put',
          kind: 'person',
          record: { id: 'undo-new', displayName: 'Ny', revision: 1, createdAt: unit.createdAt, updatedAt: unit.updatedAt },
          expectedRevision: null,
        },
        {
          type: 'audit',
          entry: { id: 'undo-audit', at: unit.createdAt, actorId: 'x', entityKind: 'unit', entityId: unit.id, action: 'update', before: null, after: null },
        },
        {
          type: 'audit',
          entry: {
            id: 'undo-audit-person',
            at: unit.createdAt,
            actorId: 'x',
            entityKind: 'person',
            entityId: 'undo-new',
            action: 'create',
            before: null,
            after: null,
          },
        },
      ]),
    ).rejects.toMatchObject({ code: 'store_unavailable' });
    const after = makeContext(fx.store.forTenant('demo'), systemActor('demo'));
    expect((await after.store.get('unit', 'undo-skole'))!.name).toBe('Østre Skole');
    expect(await after.store.get('person', 'undo-new')).toBeNull();
    // And the record can be changed again afterwards: its ETag moved on, the revision did not.
    await createRecord(after, 'person', { id: 'undo-new', municipalityId: 'undo', displayName: 'Ny igen' });
  });
});

describe('the REST API on SharePoint', () => {
  it('answers a stale update with 409 and the current state, as on SQLite', async () => {
    const server = await startTestServer([], { store: fx.store });
    try {
      const headers = { 'X-Dev-User': 'storby-chef', 'Content-Type': 'application/json' };
      const goal = await (await fetch(`${server.url}/api/goals/storby-u1-2026-g0`, { headers })).json();
      const ok = await fetch(`${server.url}/api/goals/${goal.id}`, {
        method: 'PATCH',
        headers: { ...headers, 'If-Match': `"${goal.revision}"` },
        body: JSON.stringify({ status: 'at_risk' }),
      });
      expect(ok.status).toBe(200);
      const stale = await fetch(`${server.url}/api/goals/${goal.id}`, {
        method: 'PATCH',
        headers: { ...headers, 'If-Match': `"${goal.revision}"` },
        body: JSON.stringify({ status: 'achieved' }),
      });
      expect(stale.status).toBe(409);
      expect((await stale.json()).error).toMatchObject({ code: 'conflict', current: { status: 'at_risk' } });
    } finally {
      await server.shutdownOnly();
    }
  });
});

describe('provisioning', () => {
  it('creates the lists, columns and indexes on an empty site, and a second run changes nothing', async () => {
    const client = fx.client;
    const site = fx.standin.createSite('testby.sharepoint.com', '/sites/fresh');
    const first = await provisionLists(client, site.id, LISTS);
    expect(first.filter((c) => c.startsWith('created list'))).toHaveLength(LISTS.length);
    expect(await provisionLists(client, site.id, LISTS)).toEqual([]);
    // A list made by hand without an index gets the missing column and index.
    const other = fx.standin.createSite('testby.sharepoint.com', '/sites/partial');
    await client
      .api(`/sites/${other.id}/lists`)
      .post({ displayName: 'KAUnits', columns: [{ name: 'RecordId', text: {}, indexed: false }], list: { template: 'genericList' } });
    const changes = await provisionLists(client, other.id, LISTS);
    expect(changes).toEqual(expect.arrayContaining(['indexed column KAUnits.RecordId', 'added column KAUnits.ParentId (indexed)']));
  });
});
