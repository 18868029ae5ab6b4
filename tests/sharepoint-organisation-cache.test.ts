import os from 'node:os';
import path from 'node:path';
import { rolesFor } from '../api/core/authorization';
import { makeContext } from '../api/core/context';
import { getMyUnits } from '../api/core/services/my-units';
import { forgetOrganisation, getOrganisationTree } from '../api/core/services/organisation';
import { createRecord, deleteRecord, updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { fileRecoveryJournal } from '../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../api/store/sharepoint/sharepoint-store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * Two server instances on one SharePoint site (behind a load balancer): each has its own store and Graph
 * client state; a unit change made through one is seen by the other on its next request, and no request
 * reads the units again while they have not changed.
 */
let fx: SharePointFixture;
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
  await importOrganisation(makeContext(fx.store.forTenant('demo'), systemActor('demo')), smallMunicipality('by'));
}, 120_000);
afterAll(async () => fx.stop());

const person = (id: string) => ({ id, tenantId: 'demo', displayName: id, locale: 'da' as const, authMethod: 'development' as const });

/** Sub-requests that read the whole units list (the organisation), in the stand-in's log since the last reset. */
function unitListReads(): number {
  const urls = fx.standin.requests.flatMap((r) => (r.batchSize ? (r.body as { requests: { url: string }[] }).requests.map((s) => s.url) : [r.url]));
  return urls.filter((u) => u.includes('/lists/KAUnits/items') && !/[?&](\$|%24)filter=/.test(u)).length;
}

describe('the organisation cache on SharePoint across server instances', () => {
  it('reads the units once per change; another instance sees a change on its next request', async () => {
    const second = openSharePointStore({
      client: fx.client,
      sites: fx.sites,
      batch: { maxWaitSeconds: 2 },
      recovery: fileRecoveryJournal(path.join(os.tmpdir(), `kvalitet-second-${process.pid}.jsonl`)),
    });
    const one = () => fx.store.forTenant('demo');
    const two = () => second.forTenant('demo');

    // The new leader is not a leader yet, as the first instance sees it.
    expect(await rolesFor(makeContext(one(), person('ny-leder')), 'by-skole')).not.toContain('leader');
    expect(await getMyUnits(makeContext(one(), person('ny-leder')))).toEqual([]);

    // Nothing changed: each further request asks for the revision only, one small read in one round trip.
    fx.reset();
    for (let i = 0; i < 5; i++) await getOrganisationTree(makeContext(one(), person('by-leder')));
    expect(unitListReads()).toBe(0);
    expect(fx.roundTrips()).toBe(5);

    // The second instance makes them the leader of the school (a person first: people are not units).
    const ctxTwo = makeContext(two(), systemActor('demo'));
    await createRecord(ctxTwo, 'person', { id: 'ny-leder', municipalityId: 'by', displayName: 'Ny Leder' });
    fx.reset();
    await getOrganisationTree(makeContext(one(), person('by-leder')));
    expect(unitListReads()).toBe(0);
    const unit = (await two().get('unit', 'by-skole'))!;
    await updateRecord(ctxTwo, 'unit', 'by-skole', { leaderIds: [...unit.leaderIds, 'ny-leder'] }, unit.revision);

    // The first instance's next request sees it, reading the units once: roles, my units and the tree.
    fx.reset();
    expect(await rolesFor(makeContext(one(), person('ny-leder')), 'by-skole')).toContain('leader');
    expect((await getMyUnits(makeContext(one(), person('ny-leder')))).map((u) => [u.unit.id, u.roles])).toEqual([['by-skole', ['leader']]]);
    const tree = await getOrganisationTree(makeContext(one(), person('by-leder')));
    expect(tree.find((u) => u.id === 'by')!.children[0]!.leaderIds).toContain('ny-leder');
    expect(unitListReads()).toBe(1);

    // An instance without the organisation (just started, or after writing units itself) reads the revision and the
    // units in one round trip, Graph reading the revision first (dependsOn), so a change in between is seen next time.
    forgetOrganisation('demo');
    fx.reset();
    await getOrganisationTree(makeContext(one(), person('by-leder')));
    expect(fx.roundTrips()).toBe(1);
    const batch = (fx.standin.requests[0]!.body as { requests: { id: string; url: string; dependsOn?: string[] }[] }).requests;
    const revision = batch.find((r) => r.url.includes('/lists/KARevisions/items'))!;
    expect(batch.find((r) => r.url.includes('/lists/KAUnits/items'))!.dependsOn).toEqual([revision.id]);

    // A unit created and deleted on the second instance: seen by the first each time.
    const ids = async () =>
      (await getOrganisationTree(makeContext(one(), person('by-leder'))))
        .find((u) => u.id === 'by')!
        .children.map((u) => u.id)
        .sort();
    await createRecord(ctxTwo, 'unit', { id: 'by-ny', parentId: 'by', kind: 'unit', name: 'Ny Skole', leaderIds: [], approverId: null, memberIds: [] });
    expect(await ids()).toEqual(['by-ny', 'by-skole']);
    await deleteRecord(ctxTwo, 'unit', 'by-ny', (await two().get('unit', 'by-ny'))!.revision);
    expect(await ids()).toEqual(['by-skole']);
  }, 120_000);

  it('sees a unit commit that failed and was undone: the revision is renewed after the undo too', async () => {
    const store = fx.store.forTenant('demo');
    const before = await store.revisionOf('unit');
    const unit = (await store.get('unit', 'by-skole'))!;
    fx.standin.inject({ match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'), status: 400, insideBatch: true });
    const entry = {
      id: 'audit-undone',
      at: '2026-11-30T12:00:00.000Z',
      actorId: 'system',
      action: 'update',
      entityKind: 'unit',
      entityId: unit.id,
      before: null,
      after: null,
    } as never;
    await expect(
      store.commit([
        { type: 'put', kind: 'unit', record: { ...unit, name: 'Aldrig', revision: unit.revision + 1 } as never, expectedRevision: unit.revision },
        { type: 'audit', entry },
      ]),
    ).rejects.toThrow();
    expect((await store.get('unit', 'by-skole'))!.name).toBe(unit.name);
    expect(await store.revisionOf('unit')).not.toBe(before);
  }, 60_000);
});
