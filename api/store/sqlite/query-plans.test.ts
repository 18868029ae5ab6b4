import { join } from 'node:path';
import { IMPORT_ENTITY_KIND } from '../../core/audit';
import { DOCUMENT_KINDS, ENTITIES, ENTITY_KINDS, type EntityKind } from '../../core/entities';
import { COLLECTIONS } from '../../core/transfer';
import { tempDir } from '../../../tests/support/mother';
import { openSqliteStore } from './sqlite-store';

/**
 * Every filtered read goes through the index of its field, on a store of realistic size (a tenth of the large
 * municipality of issue 15, in two tenants), once the store has gathered its statistics by itself: after the
 * import-sized commit below, with nothing run by hand. A read of one field names its index; the statistics choose
 * the key's index for a read by id and the index among several filtered fields. Without statistics SQLite reads the
 * whole tenant through the key's index (tenant_id, id). The kinds and fields come from the entity table; the queries are the store's
 * own SQL, captured as it prepares them.
 */
const tmp = tempDir();
afterAll(() => tmp.remove());

/** Records per kind in one tenant: the large municipality (1,500 units) divided by ten. */
const ROWS: Record<EntityKind, number> = {
  person: 300,
  unit: 150,
  goalLevel: 4,
  agreement: 450,
  goal: 1_500,
  action: 3_000,
  successCriterion: 1_500,
  indicator: 4_500,
  measurement: 54_000,
  wheelEvent: 60,
  conversation: 300,
  cardReceipt: 2_000,
  reminder: 6_000,
  lease: 1,
  pause: 60,
  agreementVersion: 300,
  measurementSummary: 4_500,
  agreementRollup: 450,
  meetingSession: 100,
  keyFigureRun: 200,
  publication: 450,
};
/** How many records share one value of a field, where it is not about ten (a unit's children). */
const SHARE: Record<string, number> = {
  'agreement.year': 150, // three years of agreements
  'goal.year': 500,
  'goal.levelId': 375,
  'measurement.agreementId': 360,
  'measurement.indicatorId': 12,
  'indicator.agreementId': 30,
  'measurementSummary.agreementId': 30,
  'agreementRollup.year': 150,
  'action.agreementId': 20,
  'successCriterion.agreementId': 10,
  'goal.agreementId': 10,
  'wheelEvent.year': 20,
  'reminder.state': 1_500, // pending, sent, failed, given up
  'reminder.occasion': 20,
  'reminder.recipientId': 20,
  'conversation.personId': 1,
  'pause.personId': 1,
  'agreementVersion.agreementId': 2,
  'meetingSession.agreementId': 2,
  'publication.municipalitySlug': 450,
  'publication.year': 150,
  'goalLevel.municipalityId': 4,
  'keyFigureRun.municipalityId': 50,
};
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');
const tableOf = (kind: EntityKind) => snake(ENTITIES[kind].path);
const fieldsOf = (kind: EntityKind) => ENTITIES[kind].indexed as readonly string[];

describe('query plans of the SQLite store', () => {
  it('uses the index of the filtered field for every filter of the entity table, with the statistics it gathered itself', async () => {
    const store = openSqliteStore(join(tmp.dir, 'realistic.db'));
    // Fill two tenants through the store's own commit, as an import does (the commit gathers the statistics).
    for (const tenant of ['kommune-a', 'kommune-b']) {
      const ops = ENTITY_KINDS.flatMap((kind) =>
        Array.from({ length: ROWS[kind] }, (_, n) => {
          const record: Record<string, unknown> = { id: `${kind}-${String(n).padStart(6, '0')}`, revision: 1 };
          for (const field of fieldsOf(kind)) {
            const share = SHARE[`${kind}.${field}`] ?? 10;
            // An indicator's twelve measurements have the twelve months (one period each: a unique index).
            const group = kind === 'measurement' && field === 'period' ? n % 12 : Math.floor(n / share);
            record[field] =
              field === 'year'
                ? 2024 + group
                : field === 'period'
                  ? `2026-${String(group + 1).padStart(2, '0')}`
                  : field === 'parentId' && group === 0
                    ? null
                    : `${field}-${group}`;
          }
          return { type: 'put' as const, kind, record: record as never, expectedRevision: null };
        }),
      );
      // One import entry for the domain's records, counting them (the audit rule's one exception, core/audit.ts).
      const counts = Object.fromEntries(DOCUMENT_KINDS.map((k) => [COLLECTIONS[k], ROWS[k]]));
      const entry = {
        id: `import-${tenant}`,
        at: '2026-01-01T00:00:00.000Z',
        actorId: 'tester',
        entityKind: IMPORT_ENTITY_KIND,
        entityId: 'rows',
        action: 'import' as const,
        before: null,
        after: { counts },
      };
      await store.forTenant(tenant).commit([...ops, { type: 'audit', entry }]);
    }
    // The store's own SQL for each filter, as it prepares it.
    const sqlOf = new Map<string, string>();
    const prepare = store.db.prepare.bind(store.db);
    let current = '';
    let table = '';
    store.db.prepare = ((sql: string) => {
      // The read of the kind's table (not a look at the schema the store may make first).
      if (current && !sqlOf.has(current) && new RegExp(`FROM ${table}\\b`).test(sql)) sqlOf.set(current, sql);
      return prepare(sql);
    }) as typeof store.db.prepare;
    const t = store.forTenant('kommune-a');
    const misses: string[] = [];
    // A tenant's few goal levels (four, all of one municipality) are read whole, rightly: the indexes are for what grows.
    for (const kind of ENTITY_KINDS.filter((k) => ROWS[k] >= 50))
      for (const field of fieldsOf(kind)) {
        const value = field === 'year' ? 2025 : field === 'period' ? '2026-03' : `${field}-3`;
        const many = [value, `${value}x`, `${value}y`];
        const reads: [string, () => Promise<unknown>, unknown[]][] = [
          ['one', () => t.listAll(kind, { [field]: value } as never), [value]],
          ['many', () => t.listAll(kind, { [field]: many } as never), many],
          ['count', () => t.count(kind, { [field]: value } as never), [value]],
        ];
        for (const [name, run, values] of reads) {
          current = `${kind}.${field} ${name}`;
          table = tableOf(kind);
          await run();
          const sql = sqlOf.get(current);
          expect({ read: current, sql: typeof sql }).toEqual({ read: current, sql: 'string' });
          const params = ['kommune-a', ...values];
          const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
          const indexes = (store.db.prepare(`PRAGMA index_list(${tableOf(kind)})`).all() as { name: string }[])
            .filter((i) => (store.db.prepare(`PRAGMA index_info(${i.name})`).all() as { name: string }[]).some((c) => c.name === snake(field)))
            .map((i) => i.name);
          if (!indexes.some((i) => new RegExp(`USING (COVERING )?INDEX ${i} \\(tenant_id=\\? AND ${snake(field)}`).test(plan)))
            misses.push(`${current}: ${plan}`);
        }
      }
    current = '';
    expect(misses).toEqual([]);
    // Averages only, no samples: with samples SQLite would plan each read again every time its values are bound.
    expect((store.db.prepare('SELECT count(*) AS n FROM sqlite_stat1').get() as { n: number }).n).toBeGreaterThan(20);
    expect(store.db.prepare('SELECT count(*) AS n FROM sqlite_stat4').get()).toEqual({ n: 0 });
    await store.close();
  }, 120_000);

  it("reads a whole tenant through the key's index without statistics (what the test above guards against)", async () => {
    const store = openSqliteStore(join(tmp.dir, 'bare.db'));
    const plan = (
      store.db.prepare('EXPLAIN QUERY PLAN SELECT data FROM measurements WHERE tenant_id = ? AND agreement_id = ? ORDER BY id').all('a', 'b') as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan.join('; ')).toMatch(/USING INDEX sqlite_autoindex_measurements_1 \(tenant_id=\?\)/);
    await store.close();
  });
});
