import Database from 'better-sqlite3';
import { join } from 'node:path';
import { makeContext } from '../../core/context';
import { ENTITIES, ENTITY_KINDS } from '../../core/entities';
import { ConflictError } from '../../core/errors';
import { importOrganisation } from '../../core/services/transfer';
import { createRecord, deleteRecord, updateRecord } from '../../core/services/records';
import { smallMunicipality, tempDir } from '../../../tests/support/mother';
import { openSqliteStore } from './sqlite-store';
import { MIGRATIONS } from './migrations';

const actor = (tenantId: string) => ({ id: 'tester', tenantId, displayName: 'Tester', locale: 'en' as const, authMethod: 'cli' as const });
const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const freshStore = () => openSqliteStore(join(tmp.dir, `store-${++n}.db`));

describe('SQLite store', () => {
  it('creates the file and its schema on first open, and reopening applies nothing twice', async () => {
    const path = join(tmp.dir, 'nested', 'folder', 'first.db');
    const store = openSqliteStore(path);
    await store.close();
    const again = openSqliteStore(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await again.close();
  });

  it('has a column and an index for every field the core filters on', async () => {
    const store = freshStore();
    for (const kind of ENTITY_KINDS) {
      const table = ENTITIES[kind].path.replace(/-/g, '_');
      const cols = (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      const indexed = (store.db.prepare(`PRAGMA index_list(${table})`).all() as { name: string }[]).flatMap((i) =>
        (store.db.prepare(`PRAGMA index_info(${i.name})`).all() as { name: string }[]).map((c) => c.name),
      );
      for (const field of ENTITIES[kind].indexed as readonly string[]) {
        const col = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        expect(cols).toContain(col);
        expect(indexed).toContain(col);
      }
    }
    await store.close();
  });

  it('keeps tenants apart', async () => {
    const store = freshStore();
    await importOrganisation(makeContext(store.forTenant('a'), actor('a')), smallMunicipality());
    expect(await store.forTenant('b').get('unit', 'testby')).toBeNull();
    expect(await store.forTenant('b').listAll('goal', {})).toEqual([]);
    expect(await store.forTenant('a').count('goal', {})).toBe(2);
    await store.close();
  });

  it('writes several rows all or nothing: a conflict in the last op leaves the first unwritten', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await importOrganisation(ctx, smallMunicipality());
    const unit = (await ctx.store.get('unit', 'testby-skole'))!;
    await expect(
      ctx.store.commit([
        { type: 'put', kind: 'unit', record: { ...unit, name: 'Changed', revision: unit.revision + 1 }, expectedRevision: unit.revision },
        { type: 'put', kind: 'unit', record: { ...unit, id: 'testby', revision: 99 }, expectedRevision: 42 },
      ]),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await ctx.store.get('unit', 'testby-skole'))!.name).toBe('Østre Skole');
    await store.close();
  });

  it('refuses a stale update with the current state, and cascades a delete in one transaction with audit entries', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await importOrganisation(ctx, smallMunicipality());
    const goal = (await ctx.store.get('goal', 'testby-goal-1'))!;
    const updated = await updateRecord(ctx, 'goal', goal.id, { status: 'on_track' }, goal.revision);
    expect(updated.revision).toBe(goal.revision + 1);
    const stale = updateRecord(ctx, 'goal', goal.id, { status: 'off_track' }, goal.revision);
    await expect(stale).rejects.toMatchObject({ code: 'conflict', current: expect.objectContaining({ status: 'on_track' }) });
    await deleteRecord(ctx, 'goal', goal.id, updated.revision);
    expect(await ctx.store.count('action', { goalId: goal.id })).toBe(0);
    expect(await ctx.store.count('indicator', { goalId: goal.id })).toBe(0);
    const trail = await ctx.store.auditTrail({}, { limit: 10 });
    expect(trail.items.slice(0, 4).map((e) => `${e.action} ${e.entityKind}`)).toEqual(
      expect.arrayContaining(['delete goal', 'delete action', 'delete indicator', 'delete successCriterion']),
    );
    await store.close();
  });

  it('refuses to delete a unit that still has units or agreements under it', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await importOrganisation(ctx, smallMunicipality());
    const root = (await ctx.store.get('unit', 'testby'))!;
    await expect(deleteRecord(ctx, 'unit', 'testby', root.revision)).rejects.toMatchObject({ code: 'has_dependants' });
    await store.close();
  });

  it('keeps the audit trail append-only, even against direct SQL', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await createRecord(ctx, 'person', { id: 'p1', displayName: 'Pia' });
    expect(() => store.db.prepare('UPDATE audit SET data = ?').run('{}')).toThrow(/cannot be changed/);
    expect(() => store.db.prepare('DELETE FROM audit').run()).toThrow(/cannot be deleted/);
    await store.close();
  });

  it('pages with a cursor until the end, without losing or repeating a record', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    for (let i = 0; i < 23; i++) await createRecord(ctx, 'person', { id: `p-${String(i).padStart(2, '0')}`, displayName: `Person ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.list('person', {}, { limit: 5, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    await store.close();
  });

  it('survives a crash between transactions: a new connection sees every committed write', async () => {
    const path = join(tmp.dir, 'crash.db');
    const store = openSqliteStore(path);
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await createRecord(ctx, 'person', { id: 'kept', displayName: 'Kept' });
    // A second connection (as after a restart) reads the WAL without the first being closed.
    const other = new Database(path, { readonly: true });
    expect(other.prepare("SELECT COUNT(*) AS n FROM people WHERE id = 'kept'").get()).toEqual({ n: 1 });
    other.close();
    await store.close();
  });
});

describe('SQLite migrations', () => {
  it('moves a version-1 file forward, copying each goal agreement onto its actions, criteria, indicators and measurements', async () => {
    const path = join(tmp.dir, 'v1.db');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    const row = (table: string, id: string, data: object, cols: Record<string, unknown>) =>
      raw
        .prepare(`INSERT INTO ${table} (tenant_id, id, revision, data${Object.keys(cols).map((c) => `, ${c}`).join('')}) VALUES (?, ?, 1, ?${Object.keys(cols).map(() => ', ?').join('')})`)
        .run('a', id, JSON.stringify({ id, ...data }), ...Object.values(cols));
    row('goals', 'g1', { agreementId: 'a1' }, { unit_id: 'u', agreement_id: 'a1', year: 2026 });
    row('actions', 'x1', { goalId: 'g1' }, { goal_id: 'g1' });
    row('indicators', 'i1', { goalId: 'g1' }, { goal_id: 'g1' });
    row('measurements', 'm1', { indicatorId: 'i1' }, { indicator_id: 'i1', period: '2026-01' });
    raw.close();
    const store = openSqliteStore(path);
    const t = store.forTenant('a');
    expect(await t.get('action', 'x1')).toMatchObject({ agreementId: 'a1' });
    expect((await t.listAll('measurement', { agreementId: 'a1' })).map((m) => m.id)).toEqual(['m1']);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await store.close();
  });
});
