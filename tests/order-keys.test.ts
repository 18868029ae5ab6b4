import Database from 'better-sqlite3';
import type { AuditEntry } from '../api/core/model';
import { compareIds } from '../api/core/port';
import { auditKey, LISTS, listOf, orderKey, TEXT_CHARS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * One order of ids for both stores (api/core/port.ts, compareIds): SQLite gives it natively, and the SharePoint
 * adapter's SortKey gives it under every collation a site may have.
 */

/** Ids a collation orders otherwise, and random ones over ASCII, Latin-1, private use and beyond U+FFFF. */
function sampleIds(): string[] {
  const fixed = [
    'a10',
    'a9',
    'B1',
    'b1x',
    'å',
    'Å1',
    '_x',
    'aab',
    'ab',
    'a-c',
    'ac',
    'a_1',
    'a1',
    'a:1',
    'a.1',
    'z',
    'Z0',
    'ß',
    'æ',
    'ø',
    '\uE000',
    '😀',
    '\uFFFD',
    'Ω',
    'a',
    'A',
  ];
  const alphabet = [...'aAbBzZ09_-.:|~ æøåÆØÅüßΩ', '\uE000', '\uFFFF', '😀', '𝔸'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const random = Array.from({ length: 400 }, () => Array.from({ length: 1 + rnd(8) }, () => alphabet[rnd(alphabet.length)]).join(''));
  return [...new Set([...fixed, ...random])];
}

describe('the one order of ids', () => {
  it('is what SQLite gives natively with ORDER BY lower(id), id', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const ids = sampleIds();
    const insert = db.prepare('INSERT INTO t (id) VALUES (?)');
    for (const id of ids) insert.run(id);
    const native = (db.prepare('SELECT id FROM t ORDER BY lower(id), id').all() as { id: string }[]).map((r) => r.id);
    expect(native).toEqual([...ids].sort(compareIds));
    db.close();
  });

  it('is the order of SortKey, which sorts alike as code units and under Danish, Swedish and General collations', () => {
    const ids = sampleIds();
    const byIds = [...ids].sort(compareIds);
    for (const id of ids) expect(orderKey(id)).toMatch(/^\d*$/);
    // Ids that differ only in the case of A-Z share a key (SharePoint's unique RecordId holds only one of them): ties go by compareIds.
    const keyOrder = [...ids].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : compareIds(a, b)));
    expect(keyOrder).toEqual(byIds);
    for (const locale of ['da-DK', 'sv-SE', 'en-US', 'de-DE', 'fi-FI']) {
      const collate = new Intl.Collator(locale, { sensitivity: 'accent' }).compare;
      const collated = [...ids].sort((a, b) => collate(orderKey(a), orderKey(b)) || compareIds(a, b));
      expect({ locale, order: collated }).toEqual({ locale, order: byIds });
    }
  });

  it('fits a text column: ids up to 127 characters whole, longer ones cut without breaking the order', () => {
    const long = 'x'.repeat(127);
    expect(orderKey(long)).toHaveLength(254);
    expect(orderKey(`${long}yz`)).toHaveLength(TEXT_CHARS);
    expect(orderKey(`${long}a`) <= orderKey(`${long}b`)).toBe(true);
    expect(auditKey({ at: '2026-11-30T12:38:34.123+01:00', id: 'x' })).toBe(`20261130113834123${orderKey('x')}`);
  });
});

describe('sites provisioned before SortKey', () => {
  let fx: SharePointFixture;
  beforeAll(async () => {
    fx = await sharePointFixture({ tenants: ['demo'] });
  }, 60_000);
  afterAll(async () => fx?.stop());

  it('get the key of every item written before it on the next npm run provision, and only once', async () => {
    const site = fx.sites.demo!;
    const t = '2026-01-01T00:00:00.000Z';
    const units = ['b-2', 'a-10', 'A-9', 'aab'].map((id) => ({
      id,
      revision: 1,
      createdAt: t,
      updatedAt: t,
      name: id,
      parentId: 'old',
      leaderIds: [],
      memberIds: [],
    }));
    // As the adapter wrote them before: no SortKey; audit entries with Seq.
    fx.standin.seedItems(
      site,
      listOf('unit').displayName,
      units.map((u) => ({ Title: u.name, RecordId: u.id, Revision: 1, ParentId: 'old', Data: JSON.stringify(u) })),
    );
    const entries: AuditEntry[] = ['e-1', 'e-2'].map((id, i) => ({
      id,
      at: `2026-01-0${i + 1}T00:00:00.000Z`,
      actorId: 'x',
      entityKind: 'unit',
      entityId: 'old',
      action: 'update',
      before: null,
      after: null,
    }));
    fx.standin.seedItems(
      site,
      listOf('audit').displayName,
      entries.map((e) => ({ Title: 'update unit', RecordId: e.id, EntityId: 'old', Seq: `${e.at}|${e.id}`, Data: JSON.stringify(e) })),
    );
    const store = fx.store.forTenant('demo');
    const changes = await provisionLists(fx.client, site, LISTS);
    expect(changes).toEqual(
      expect.arrayContaining([
        'filled SortKey of 4 items of KAUnits written before it existed',
        'filled SortKey of 2 items of KAAudit written before it existed',
      ]),
    );
    expect((await store.list('unit', { parentId: 'old' }, { limit: 10 })).items.map((u) => u.id)).toEqual(['a-10', 'A-9', 'aab', 'b-2']);
    expect((await store.auditTrail({ entityId: 'old' }, { limit: 10 })).items.map((e) => e.id)).toEqual(['e-2', 'e-1']);
    expect(await provisionLists(fx.client, site, LISTS)).toEqual([]);
  }, 60_000);
});
