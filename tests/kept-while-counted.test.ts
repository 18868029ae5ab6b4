import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { TenantStore } from '../api/core/port';
import { KeptWhileCounted } from '../api/core/services/kept';
import { getMyUnits } from '../api/core/services/my-units';
import { organisation, unitsApprovedBy } from '../api/core/services/organisation';
import { createRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';

/**
 * What an instance keeps of a tenant's records between requests (the organisation, the people, a year's roll-ups,
 * the delegated follow-ups: api/core/services/kept.ts) is answered only while the store it was read from still
 * counts the same. A write by another instance on the same file ends it; another store of the same tenant — another
 * file with the same records, so the same count — never gets it.
 */
const tmp = tempDir();
afterAll(() => tmp.remove());

it('answers what it kept while its own store counts the same, and never for another store of the tenant', async () => {
  const file = join(tmp.dir, 'a.db');
  const one = openSqliteStore(file);
  const two = openSqliteStore(file); // a second instance on the same file
  const other = openSqliteStore(join(tmp.dir, 'b.db'));
  try {
    for (const s of [one, other]) await importOrganisation(makeContext(s.forTenant('t'), systemActor('t')), smallMunicipality('p'));
    const kept = new KeptWhileCounted<string, string>('unit');
    const first = await kept.look(one.forTenant('t'), 'units');
    expect(first.value).toBeUndefined();
    kept.keep(one.forTenant('t'), 'units', first.revision, 'read from a.db');
    expect(await kept.current(one.forTenant('t'), 'units')).toBe('read from a.db');
    expect((await kept.look(two.forTenant('t'), 'units')).value).toBe('read from a.db');
    // The other file holds the same units, written as often: still not what was read from a.db.
    expect(await kept.current(other.forTenant('t'), 'units')).toBeUndefined();
    expect((await kept.look(other.forTenant('t'), 'units')).value).toBeUndefined();

    // The second instance writes units: the first one's next look reads again.
    await importOrganisation(makeContext(two.forTenant('t'), systemActor('t')), smallMunicipality('q'));
    expect(await kept.current(one.forTenant('t'), 'units')).toBeUndefined();
    expect((await kept.look(one.forTenant('t'), 'units')).value).toBeUndefined();
  } finally {
    for (const s of [one, two, other]) await s.close();
  }
});

it('keeps a few keys per tenant, the oldest dropped first, and nothing where the store cannot count', () => {
  const kept = new KeptWhileCounted<number, string>('agreementRollup', 2);
  const store = { tenantId: 't' } as TenantStore;
  for (const [year, value] of [
    [2025, 'a'],
    [2026, 'b'],
    [2027, 'c'],
  ] as const)
    kept.keep(store, year, 'r1', value);
  expect([2025, 2026, 2027].map((y) => kept.last('t', y))).toEqual([undefined, 'b', 'c']);
  expect(kept.last('u', 2026)).toBeUndefined();
  // SharePoint does not count roll-ups (port.ts, CountedKind): what is read there is answered, not kept.
  expect(kept.keep(store, 2028, null, 'd')).toBe('d');
  expect(kept.last('t', 2028)).toBeUndefined();
});

it('a person named on a unit by another instance finds it at once among their units and the agreements they approve', async () => {
  const file = join(tmp.dir, 'people.db');
  const one = openSqliteStore(file);
  const two = openSqliteStore(file);
  try {
    await importOrganisation(makeContext(one.forTenant('t'), systemActor('t')), smallMunicipality('p'));
    const as = (store: typeof one, id: string) => makeContext(store.forTenant('t'), { ...systemActor('t', 'development'), id, displayName: id });
    const units = async (id: string) => (await getMyUnits(as(one, id))).map((m) => `${m.unit.id}: ${m.roles.join(', ')}`);
    expect(await units('p-medarbejder')).toEqual(['p-skole: member']);
    expect(await units('p-chef')).toEqual(['p-skole: approver']);

    // The other instance makes Mette a leader of a new unit whose agreements Karen approves.
    await createRecord(as(two, 'p-kvalitet'), 'unit', {
      id: 'p-bibliotek',
      parentId: 'p',
      kind: 'unit',
      name: 'Biblioteket',
      leaderIds: ['p-medarbejder'],
      approverId: 'p-kvalitet',
      memberIds: [],
    });
    expect(await units('p-medarbejder')).toEqual(['p-bibliotek: leader', 'p-skole: member']);
    expect(await units('p-kvalitet')).toEqual(['p-bibliotek: approver', 'p: quality_office']);
    const organisationNow = await organisation(as(one, 'p-kvalitet'));
    expect(unitsApprovedBy(organisationNow, 'p-kvalitet').map((u) => u.id)).toEqual(['p-bibliotek']);
    expect(unitsApprovedBy(organisationNow, 'p-chef').map((u) => u.id)).toEqual(['p-skole']);
  } finally {
    await one.close();
    await two.close();
  }
});
