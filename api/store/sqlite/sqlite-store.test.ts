import Database from 'better-sqlite3';
import * as fsp from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeContext } from '../../core/context';
import { ENTITIES, ENTITY_KINDS } from '../../core/entities';
import { createRecord } from '../../core/services/records';
import { tempDir } from '../../../tests/support/mother';
import { openSqliteStore } from './sqlite-store';
import { MIGRATIONS } from './migrations';

const actor = (tenantId: string) => ({ id: 'tester', tenantId, displayName: 'Tester', locale: 'en' as const, authMethod: 'cli' as const });
const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const freshStore = () => openSqliteStore(join(tmp.dir, `store-${++n}.db`));

/** What only the SQLite adapter has; the behaviour all stores share is in tests/contract. */
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

  it('keeps the audit trail append-only, even against direct SQL', async () => {
    const store = freshStore();
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    await createRecord(ctx, 'person', { id: 'p1', displayName: 'Pia' });
    expect(() => store.db.prepare('UPDATE audit SET data = ?').run('{}')).toThrow(/cannot be changed/);
    expect(() => store.db.prepare('DELETE FROM audit').run()).toThrow(/cannot be deleted/);
    await store.close();
  });

  it('writes commits that arrive together with one disk sync, each all or nothing, a failing one refused alone', async () => {
    const store = freshStore();
    const tenant = store.forTenant('t');
    const at = new Date().toISOString();
    const person = (id: string, revision = 1) => ({ id, displayName: id, revision, createdAt: at, updatedAt: at });
    const put = (id: string, expectedRevision: number | null, revision = 1) => ({
      type: 'put' as const,
      kind: 'person' as const,
      record: person(id, revision) as never,
      expectedRevision,
    });
    const audit = (id: string) => ({
      type: 'audit' as const,
      entry: {
        id: `audit-${id}-${Math.random()}`,
        at,
        actorId: 'tester',
        actorName: 'Tester',
        action: 'create',
        entityKind: 'person',
        entityId: id,
        before: null,
        after: null,
      } as never,
    });
    await tenant.commit([put('p0', null), audit('p0')]);
    const commits: string[] = [];
    const exec = store.db.exec.bind(store.db);
    store.db.exec = ((sql: string) => {
      if (/^(BEGIN|COMMIT)/.test(sql)) commits.push(sql);
      return exec(sql);
    }) as typeof store.db.exec;
    const results = await Promise.allSettled([
      tenant.commit([put('p1', null), audit('p1')]),
      // Two records, the second of which exists already: neither is written.
      tenant.commit([put('p2', null), audit('p2'), put('p0', null), audit('p0')]),
      tenant.commit([put('p3', null), audit('p3'), put('p0', 1, 2), audit('p0')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ kind: 'person', id: 'p0' });
    expect(commits).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    expect((await tenant.listAll('person', {})).map((p) => [p.id, p.revision])).toEqual([
      ['p0', 2],
      ['p1', 1],
      ['p3', 1],
    ]);
    // A commit on its own is written on its own; closing waits for what is on its way.
    const last = tenant.commit([put('p4', null), audit('p4')]);
    await store.close();
    await last;
    const again = openSqliteStore(join(tmp.dir, `store-${n}.db`));
    expect(await again.forTenant('t').get('person', 'p4')).not.toBeNull();
    await again.close();
  });

  it('answers a commit only once its write-ahead log is synced to disk, serving reads while the disk works', async () => {
    const path = join(tmp.dir, 'durable.db');
    const store = openSqliteStore(path);
    const tenant = store.forTenant('a');
    const events: string[] = [];
    // Node's file system underneath the store: its disk syncs are watched, and a read is made while one runs.
    const probe = await fsp.open(path, 'r');
    const FileHandle = Object.getPrototypeOf(probe) as fsp.FileHandle;
    await probe.close();
    const datasync = FileHandle.datasync;
    const spy = jest.spyOn(FileHandle, 'datasync').mockImplementation(async function (this: fsp.FileHandle) {
      events.push('disk sync started');
      events.push(`read meanwhile: ${(await tenant.get('person', 'durable'))?.displayName}`);
      await datasync.call(this);
      events.push('on disk');
    });
    try {
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: SQLite itself does not wait for the disk
      await createRecord(makeContext(tenant, actor('a')), 'person', { id: 'durable', displayName: 'Durable' });
      events.push('answered');
      expect(events).toEqual(['disk sync started', 'read meanwhile: Durable', 'on disk', 'answered']);
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });

  it('copies its log into the file on a thread of its own: reads are served meanwhile, the next commit waits, and the log does not grow', async () => {
    const path = join(tmp.dir, 'checkpointed.db');
    const store = openSqliteStore(path);
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    const events: string[] = [];
    // Node's worker threads underneath the store: a checkpoint asked of the thread is held until released.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const postMessage = Worker.prototype.postMessage;
    const spy = jest.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, message: unknown) {
      if (message !== 'checkpoint') return postMessage.call(this, message);
      events.push('checkpoint asked');
      void held.then(() => postMessage.call(this, message));
    });
    const logSize = () => statSync(`${path}-wal`).size;
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0); // the event loop's connection never checkpoints
      // One transaction per record, as the requests of one user come.
      for (let i = 0; i < 100; i++) await createRecord(ctx, 'person', { id: `p${i}`, displayName: `Person ${i}` });
      expect(events).toEqual(['checkpoint asked']);
      const afterHundred = logSize();
      const read = store
        .forTenant('a')
        .get('person', 'p99')
        .then((p) => events.push(`read ${p?.displayName}`));
      const write = createRecord(ctx, 'person', { id: 'late', displayName: 'Late' }).then(() => events.push('written'));
      await read;
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push('checkpoint released');
      release();
      await write;
      expect(events).toEqual(['checkpoint asked', 'read Person 99', 'checkpoint released', 'written']);
      // Two hundred transactions more: the log was copied and began again from its start, twice.
      for (let i = 100; i < 300; i++) await createRecord(ctx, 'person', { id: `p${i}`, displayName: `Person ${i}` });
      expect(events.filter((e) => e === 'checkpoint asked')).toHaveLength(3);
      expect(logSize()).toBeLessThanOrEqual(afterHundred * 1.25);
    } finally {
      spy.mockRestore();
      await store.close();
    }
    // Closed: the log is in the file, and gone.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openSqliteStore(path);
    expect(await again.forTenant('a').listAll('person', {})).toHaveLength(301);
    await again.close();
  });

  it('copies its log on the event loop, as SQLite would, when no thread can do it', async () => {
    const path = join(tmp.dir, 'no-thread.db');
    const store = openSqliteStore(path);
    const ctx = makeContext(store.forTenant('a'), actor('a'));
    const spy = jest.spyOn(Worker.prototype, 'postMessage').mockImplementation(() => {
      throw new Error('no thread');
    });
    try {
      for (let i = 0; i < 100; i++) await createRecord(ctx, 'person', { id: `p${i}`, displayName: `Person ${i}` });
      const afterHundred = statSync(`${path}-wal`).size;
      for (let i = 100; i < 300; i++) await createRecord(ctx, 'person', { id: `p${i}`, displayName: `Person ${i}` });
      expect(spy).toHaveBeenCalled();
      expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(afterHundred * 1.25);
      expect(await store.forTenant('a').listAll('person', {})).toHaveLength(300);
    } finally {
      spy.mockRestore();
      await store.close();
    }
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
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma('user_version = 1');
    const row = (table: string, id: string, data: object, cols: Record<string, unknown>) =>
      raw
        .prepare(
          `INSERT INTO ${table} (tenant_id, id, revision, data${Object.keys(cols)
            .map((c) => `, ${c}`)
            .join('')}) VALUES (?, ?, 1, ?${Object.keys(cols)
            .map(() => ', ?')
            .join('')})`,
        )
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

  it('moves the records into rowid tables, where a record of a few kilobytes stays on its page: every record, key, index and trigger kept', async () => {
    const path = join(tmp.dir, 'v16.db');
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, 16))
      if (typeof m === 'string') raw.exec(m);
      else m(raw);
    raw.pragma('user_version = 16');
    // An agreement as long as a real municipality's (3-4 KB of JSON), and a unit: the units' change counter is a trigger.
    const agreement = { id: 'a1', unitId: 'u1', year: 2026, title: 'Aftale', missionVision: 'Vi arbejder for borgerne. '.repeat(120) };
    raw
      .prepare('INSERT INTO agreements (tenant_id, id, revision, data, unit_id, year) VALUES (?, ?, 1, ?, ?, ?)')
      .run('a', 'a1', JSON.stringify(agreement), 'u1', 2026);
    raw
      .prepare('INSERT INTO units (tenant_id, id, revision, data, parent_id) VALUES (?, ?, 1, ?, NULL)')
      .run('a', 'u1', JSON.stringify({ id: 'u1', name: 'Enhed' }));
    const schema = (db: Database.Database) =>
      db.prepare(`SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name`).all();
    const overflow = (db: Database.Database) =>
      (db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name = 'agreements' AND pagetype = 'overflow'`).get() as { n: number }).n;
    const before = schema(raw);
    expect(overflow(raw)).toBeGreaterThan(0);
    raw.close();

    const store = openSqliteStore(path);
    const tables = store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID'`).all() as { name: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['revisions', 'store_meta']); // narrow rows of their own, no records
    expect(schema(store.db)).toEqual(before);
    expect(overflow(store.db)).toBe(0);
    const t = store.forTenant('a');
    expect(await t.get('agreement', 'a1')).toEqual(agreement);
    expect((await t.listAll('agreement', { unitId: 'u1' })).map((a) => a.id)).toEqual(['a1']);
    // The key is still the key, and the triggers still fire.
    expect(() => store.db.prepare(`INSERT INTO agreements (tenant_id, id, revision, data) VALUES ('a', 'a1', 1, '{}')`).run()).toThrow(/UNIQUE/);
    const revision = await t.revisionOf('unit');
    store.db.prepare(`INSERT INTO units (tenant_id, id, revision, data, parent_id) VALUES ('a', 'u2', 1, '{"id":"u2"}', 'u1')`).run();
    expect(await t.revisionOf('unit')).not.toBe(revision);
    await store.close();
  });
});
