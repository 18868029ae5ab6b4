import { join } from 'node:path';
import { rolesFor } from '../../core/authorization';
import { makeContext } from '../../core/context';
import type { TenantStore } from '../../core/port';
import { getMyUnits } from '../../core/services/my-units';
import { getOrganisationTree } from '../../core/services/organisation';
import { createRecord, updateRecord } from '../../core/services/records';
import { importOrganisation } from '../../core/services/transfer';
import { smallMunicipality, tempDir } from '../../../tests/support/mother';
import { openSqliteStore } from './sqlite-store';

const tmp = tempDir();
afterAll(() => tmp.remove());
const cli = { id: 'qa', tenantId: 't', displayName: 'QA', locale: 'en' as const, authMethod: 'cli' as const };
const person = (id: string) => ({ id, tenantId: 't', displayName: id, locale: 'da' as const, authMethod: 'development' as const });

/** Counts the unit reads a store answers, to show when the organisation comes from the cache. */
function counting(store: TenantStore): { store: TenantStore; unitReads: () => number } {
  let n = 0;
  const wrapped = Object.create(store) as TenantStore;
  wrapped.listAll = (async (kind, where) => {
    if (kind === 'unit') n++;
    return store.listAll(kind, where);
  }) as TenantStore['listAll'];
  return { store: wrapped, unitReads: () => n };
}

/** Two server instances on one SQLite file, each with its own connection, as behind a load balancer. */
describe('the organisation cache across server instances', () => {
  it('reads the units once per change, and an instance sees a change another instance made on its next request', async () => {
    const path = join(tmp.dir, 'shared.db');
    const one = openSqliteStore(path);
    const two = openSqliteStore(path);
    await importOrganisation(makeContext(one.forTenant('t'), cli), smallMunicipality('by'));

    const a = counting(one.forTenant('t'));
    // The new leader is not a leader yet, as the first instance sees it.
    expect(await rolesFor(makeContext(a.store, person('ny-leder')), 'by-skole')).not.toContain('leader');
    expect(await getMyUnits(makeContext(a.store, person('ny-leder')))).toEqual([]);
    const reads = a.unitReads();
    // Nothing changed: further requests on the first instance do not read the units again.
    for (let i = 0; i < 5; i++) await getOrganisationTree(makeContext(a.store, person('by-leder')));
    expect(a.unitReads()).toBe(reads);

    // The second instance makes them the leader of the school.
    const ctxTwo = makeContext(two.forTenant('t'), cli);
    // A leader must be a person of the municipality: the entry first (people are not units: the cache is not read again).
    await createRecord(ctxTwo, 'person', { id: 'ny-leder', municipalityId: 'by', displayName: 'Ny Leder' });
    const unit = (await two.forTenant('t').get('unit', 'by-skole'))!;
    await updateRecord(ctxTwo, 'unit', 'by-skole', { leaderIds: [...unit.leaderIds, 'ny-leder'] }, unit.revision);

    // The first instance's next request sees it: roles, my units and the tree.
    expect(await rolesFor(makeContext(a.store, person('ny-leder')), 'by-skole')).toContain('leader');
    expect((await getMyUnits(makeContext(a.store, person('ny-leder')))).map((u) => [u.unit.id, u.roles])).toEqual([['by-skole', ['leader']]]);
    const tree = await getOrganisationTree(makeContext(a.store, person('by-leder')));
    expect(tree[0]!.children[0]!.leaderIds).toContain('ny-leder');
    expect(a.unitReads()).toBe(reads + 1);
    await one.close();
    await two.close();
  });

  it('never mixes the organisations of two files that hold the same tenant', async () => {
    const first = openSqliteStore(join(tmp.dir, 'first.db'));
    const second = openSqliteStore(join(tmp.dir, 'second.db'));
    await importOrganisation(makeContext(first.forTenant('t'), cli), smallMunicipality('forste'));
    await importOrganisation(makeContext(second.forTenant('t'), cli), smallMunicipality('anden'));
    // Both files have the same number of unit writes, so a bare counter would agree.
    for (let i = 0; i < 2; i++) {
      expect((await getOrganisationTree(makeContext(first.forTenant('t'), cli))).map((u) => u.id)).toEqual(['forste']);
      expect((await getOrganisationTree(makeContext(second.forTenant('t'), cli))).map((u) => u.id)).toEqual(['anden']);
    }
    await first.close();
    await second.close();
  });

  it('sees a unit deleted and a unit written by direct SQL', async () => {
    const store = openSqliteStore(join(tmp.dir, 'sql.db'));
    await importOrganisation(makeContext(store.forTenant('t'), cli), smallMunicipality('by'));
    const ids = async () => (await getOrganisationTree(makeContext(store.forTenant('t'), cli)))[0]!.children.map((u) => u.id).sort();
    expect(await ids()).toEqual(['by-skole']);
    const row = store.db.prepare("SELECT * FROM units WHERE id = 'by-skole'").get() as Record<string, unknown>;
    store.db
      .prepare('INSERT INTO units (tenant_id, id, revision, data, parent_id) VALUES (?, ?, ?, ?, ?)')
      .run('t', 'by-ny', 1, String(row.data).replace(/by-skole/g, 'by-ny'), 'by');
    expect(await ids()).toEqual(['by-ny', 'by-skole']);
    store.db.prepare("DELETE FROM units WHERE id = 'by-ny'").run();
    expect(await ids()).toEqual(['by-skole']);
    await store.close();
  });
});
