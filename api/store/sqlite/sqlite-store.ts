import Database from 'better-sqlite3';
import { closeSync, fdatasyncSync, mkdirSync, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { assertAudited, auditedChunks } from '../../core/audit';
import { ENTITIES, type EntityKind, type EntityOf } from '../../core/entities';
import { ConflictError, DomainError } from '../../core/errors';
import type { AuditEntry } from '../../core/model';
import {
  auditPosition,
  auditTime,
  byId,
  parseAuditPosition,
  type CountedKind,
  type Page,
  type PageRequest,
  type ReadQuery,
  type ReadResult,
  type Store,
  type TenantStore,
  type Where,
  type WriteOp,
} from '../../core/port';
import { checkpointer, type Checkpointer } from './checkpointer';
import { MIGRATIONS } from './migrations';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');
const tableOf = (kind: EntityKind) => snake(ENTITIES[kind].path);
const indexedOf = (kind: EntityKind): readonly string[] => ENTITIES[kind].indexed;

type Row = { id: string; revision: number; data: string };

/** Applies the migrations not yet applied, each in its own transaction. Returns the schema version. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    const migration = MIGRATIONS[v]!;
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

/**
 * Keeps the planner's statistics current. Every key and index is led by the tenant, so without statistics
 * SQLite reads a whole tenant through the primary key instead of using the index of the filtered field.
 * `PRAGMA optimize` analyses only the tables that have no statistics or have grown or shrunk tenfold since,
 * so it costs nothing most of the time. It reads those tables whole (no analysis_limit): a sample sees only
 * the first tenant of an index and takes the tenant for a selective column (3.6 s for 540,000 measurements).
 */
export function gatherStatistics(db: Database.Database): void {
  db.pragma('analysis_limit = 0');
  db.pragma('optimize = 0x10002');
  // Only the averages (sqlite_stat1) are kept, not the samples (sqlite_stat4) that ANALYZE also writes in this build:
  // with samples, SQLite plans a statement again each time a value compared with an indexed column is bound
  // (https://sqlite.org/c3ref/prepare.html), that is on every run of every read here, which made a small read
  // two to four times as costly. With averages only, a read of one field names its index (whereSql), and the planner
  // chooses the index among several filtered fields and for a read by id (query-plans.test.ts).
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'`).get() && db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get())
    db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
}

/** Writes after which the statistics are looked at again; one commit of this many (an import) at once. */
const STATISTICS_AFTER_WRITES = 5_000;

/** The embedded store: one SQLite file, created with its schema on first open. */
export function openSqliteStore(path: string): Store & { db: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Every commit is on disk before it answers, without the event loop waiting for the disk: SQLite appends each
  // commit to its write-ahead log without a disk sync (synchronous = NORMAL; a checkpoint still syncs log and file,
  // in that order), and the store syncs the log off the event loop before the commit answers (logSynced). In memory
  // there is no disk.
  db.pragma(`synchronous = ${path === ':memory:' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  if (path !== ':memory:') {
    LOGS.set(db, `${resolve(path)}-wal`);
    // The log is copied into the file by a thread of its own (checkpointed), not inside a commit on the event loop.
    db.pragma('wal_autocheckpoint = 0');
    CHECKPOINTS.set(db, { thread: checkpointer(resolve(path)), groups: 0, under: null });
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  migrate(db);
  logSyncedNow(db);
  gatherStatistics(db);
  // A migration may have written the whole file again (17 did): its log is copied into the file before the first
  // read, which would otherwise look for every page it reads in a log of that size.
  if (version < MIGRATIONS.length && path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  const tenants = new Map<string, SqliteTenantStore>();
  return {
    db,
    // One object per tenant (it holds nothing but the database and the tenant), so that what the core keeps per
    // store in this process (derived-records.ts: the commits under way) is shared by every request of the tenant.
    forTenant: (tenantId) => {
      let tenant = tenants.get(tenantId);
      if (!tenant) tenants.set(tenantId, (tenant = new SqliteTenantStore(db, tenantId)));
      return tenant;
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      await written(db);
      await idle(db);
      await CHECKPOINTS.get(db)?.under;
      await CHECKPOINTS.get(db)?.thread.stop();
      await (await LOG_HANDLES.get(db))?.close();
      LOG_HANDLES.delete(db);
      // The last connection to close copies what is left of the log into the file and removes the log.
      db.close();
    },
  };
}

/** Prepared statements per database, by SQL text: preparing costs more than running the small statements here. */
const STATEMENTS = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const MAX_STATEMENTS = 500;
/** Per database, its function that runs a function in one transaction (a savepoint inside one already open). */
const TRANSACTIONS = new WeakMap<Database.Database, (run: () => unknown) => unknown>();
function inOneTransaction<T>(db: Database.Database, run: () => T): T {
  let transaction = TRANSACTIONS.get(db);
  if (!transaction) TRANSACTIONS.set(db, (transaction = db.transaction((f: () => unknown) => f())));
  return transaction(run) as T;
}
/** Per database, the index led by (tenant_id, column) of each table and column ("table.column"), null where there is none. */
const INDEXES = new WeakMap<Database.Database, Map<string, string | null>>();
function indexOf(db: Database.Database, table: string, column: string): string | null {
  let known = INDEXES.get(db);
  if (!known) INDEXES.set(db, (known = new Map()));
  const key = `${table}.${column}`;
  if (!known.has(key)) {
    const names = (db.prepare(`SELECT name FROM pragma_index_list(?) ORDER BY name`).all(table) as { name: string }[]).map((i) => i.name);
    const led = names.filter((name) => {
      const cols = (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(name) as { name: string }[]).map((c) => c.name);
      return cols[0] === 'tenant_id' && cols[1] === column;
    });
    // The index of the column alone, where there is one, before one that goes on to further columns.
    known.set(key, led.sort((a, b) => a.length - b.length)[0] ?? null);
  }
  return known.get(key)!;
}
/** Records written per database since its statistics were last looked at. */
const WRITES = new WeakMap<Database.Database, number>();
/** A commitAll under way on a database: settled when its transaction has ended. */
const BUSY = new WeakMap<Database.Database, Promise<void>>();
async function idle(db: Database.Database): Promise<void> {
  for (let busy = BUSY.get(db); busy; busy = BUSY.get(db)) await busy;
}

function wrote(db: Database.Database, count: number): void {
  const written = (WRITES.get(db) ?? 0) + count;
  if (written >= STATISTICS_AFTER_WRITES) {
    gatherStatistics(db);
    WRITES.set(db, 0);
  } else WRITES.set(db, written);
}

/** The write-ahead log of each database on disk (none in memory). */
const LOGS = new WeakMap<Database.Database, string>();
/**
 * The log of each database, open while the store is: SQLite removes the log only when its last connection closes,
 * so the file synced is the one SQLite writes (a log restarted from its beginning is still that file).
 */
const LOG_HANDLES = new WeakMap<Database.Database, Promise<FileHandle | null>>();

/**
 * Settles when everything committed on the database so far is on disk: the write-ahead log's data synced
 * (fdatasync) on one of libuv's threads, so the event loop serves other requests meanwhile. No log yet: nothing
 * has been committed to one.
 */
async function logSynced(db: Database.Database): Promise<void> {
  const log = LOGS.get(db);
  if (!log) return;
  let handle = LOG_HANDLES.get(db);
  if (!handle) {
    handle = open(log, 'r+').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    LOG_HANDLES.set(db, handle);
    // No log, or it could not be opened: the next sync tries again.
    void handle.then(
      (h) => h ?? LOG_HANDLES.delete(db),
      () => LOG_HANDLES.delete(db),
    );
  }
  await (await handle)?.datasync();
}

/**
 * Checkpoints, off the event loop. SQLite's automatic checkpoint copies the log into the file inside the commit that
 * fills it (1,000 pages), on the event loop: 12–16 ms during which no request was served, about once per hundred
 * commits of a measurement. Here the connection never checkpoints by itself (wal_autocheckpoint = 0); after
 * CHECKPOINT_AFTER_GROUPS transactions a thread with its own connection does (checkpointer.ts), while the event loop
 * serves reads. The next group of commits waits for it, so that the log is wholly copied when the next transaction
 * begins, and SQLite starts the log afresh from its beginning instead of letting it grow.
 */
type Checkpoints = { thread: Checkpointer; groups: number; under: Promise<void> | null };
const CHECKPOINTS = new WeakMap<Database.Database, Checkpoints>();
/** About SQLite's automatic checkpoint of 1,000 pages: a measurement's transaction writes 10–15 pages. */
const CHECKPOINT_AFTER_GROUPS = 100;

function committed(db: Database.Database, transactions: number): void {
  const c = CHECKPOINTS.get(db);
  if (!c) return;
  c.groups += transactions;
  if (c.under || c.groups < CHECKPOINT_AFTER_GROUPS) return;
  c.groups = 0;
  c.under = c.thread
    .checkpoint()
    .then(
      () => undefined,
      // The thread failed (it could not start, or its connection could not open): checkpointed here instead.
      () => void db.pragma('wal_checkpoint(PASSIVE)'),
    )
    .finally(() => (c.under = null));
}

/** The same, waiting on the event loop: once, after opening (the migrations' commits). */
function logSyncedNow(db: Database.Database): void {
  const log = LOGS.get(db);
  if (!log) return;
  let fd: number;
  try {
    fd = openSync(log, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Group commit. Every commit is on disk before it answers — nothing committed is lost on a crash or a power cut —
 * and SQLite's own work is synchronous (better-sqlite3). So the commits that arrive within one turn of the event loop
 * are written together: one transaction, each commit in a savepoint of its own (applied all together or not at all,
 * a failing one undone alone and refused with its own error); then the log is synced to disk off the event loop
 * (logSynced), and each commit answers only after that. Meanwhile the next group may commit: a reader may see a
 * commit for the few milliseconds before it is on disk, never one that is refused.
 */
type Job = { run: () => void; count: number; resolve: () => void; reject: (err: unknown) => void };
const GROUPS = new WeakMap<Database.Database, Job[]>();
/** Groups not yet written, per database: closing waits for them. */
const UNWRITTEN = new WeakMap<Database.Database, Set<Promise<void>>>();

function groupCommit(db: Database.Database, run: () => void, count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let jobs = GROUPS.get(db);
    if (!jobs) {
      const group: Job[] = (jobs = []);
      GROUPS.set(db, group);
      let unwritten = UNWRITTEN.get(db);
      if (!unwritten) UNWRITTEN.set(db, (unwritten = new Set()));
      const pending: Promise<void> = new Promise<void>((done) => setImmediate(() => void writeGroup(db, group).finally(done))).then(
        () => void unwritten.delete(pending),
      );
      unwritten.add(pending);
    }
    jobs.push({ run, count, resolve, reject });
  });
}

async function writeGroup(db: Database.Database, jobs: readonly Job[]): Promise<void> {
  // A checkpoint under way: commits arriving meanwhile join this group.
  await CHECKPOINTS.get(db)?.under;
  // Commits from here on make the next group.
  GROUPS.delete(db);
  if (BUSY.has(db)) await idle(db);
  const applied: Job[] = [];
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const job of jobs) {
      db.exec('SAVEPOINT one_commit');
      try {
        job.run();
        db.exec('RELEASE one_commit');
        applied.push(job);
      } catch (err) {
        db.exec('ROLLBACK TO one_commit');
        db.exec('RELEASE one_commit');
        job.reject(err);
      }
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    for (const job of applied) job.reject(err);
    return;
  }
  try {
    await logSynced(db);
  } catch (err) {
    // Committed, but not known to be on disk: refused, as a commit that failed.
    for (const job of applied) job.reject(err);
    return;
  }
  for (const job of applied) job.resolve();
  committed(db, 1);
  wrote(
    db,
    applied.reduce((n, job) => n + job.count, 0),
  );
}

/** Settles when every commit waiting for its group has been written. */
async function written(db: Database.Database): Promise<void> {
  for (let unwritten = UNWRITTEN.get(db); unwritten?.size; unwritten = UNWRITTEN.get(db)) await Promise.all([...unwritten]);
}

class SqliteTenantStore implements TenantStore {
  constructor(
    private readonly db: Database.Database,
    readonly tenantId: string,
  ) {}

  private prepare(sql: string): Database.Statement {
    let cache = STATEMENTS.get(this.db);
    if (!cache) STATEMENTS.set(this.db, (cache = new Map()));
    let stmt = cache.get(sql);
    if (!stmt) {
      // Lists of ids make many distinct texts (IN (?, ?, …)); keep the cache bounded.
      if (cache.size >= MAX_STATEMENTS) cache.clear();
      cache.set(sql, (stmt = this.db.prepare(sql)));
    }
    return stmt;
  }

  /**
   * The filter as SQL, and the table to read it from: where one field is filtered, through that field's index
   * (INDEXED BY), whatever the statistics say. The statistics are averages (gatherStatistics): by them, a few values
   * of a field with few values (a year, a state) look like the whole tenant, and SQLite would read every tenant's
   * rows instead. Several fields are left to the planner, which picks the most selective index by those averages.
   */
  private whereSql<K extends EntityKind>(kind: K, where: Where<K>): { from: string; sql: string; params: unknown[] } {
    const parts = ['tenant_id = ?'];
    const params: unknown[] = [this.tenantId];
    const allowed = indexedOf(kind);
    const filtered = (Object.entries(where) as [string, unknown][]).filter(([, value]) => value !== undefined);
    const table = tableOf(kind);
    const index = filtered.length === 1 ? indexOf(this.db, table, snake(filtered[0]![0])) : null;
    for (const [field, value] of filtered) {
      if (!allowed.includes(field)) throw new Error(`${kind}.${field} is not an indexed field`);
      const col = snake(field);
      if (value === null) parts.push(`${col} IS NULL`);
      else if (Array.isArray(value)) {
        if (value.length === 0) parts.push('0');
        else {
          parts.push(`${col} IN (${value.map(() => '?').join(',')})`);
          params.push(...value);
        }
      } else {
        parts.push(`${col} = ?`);
        params.push(value);
      }
    }
    return { from: index ? `${table} INDEXED BY ${index}` : table, sql: parts.join(' AND '), params };
  }

  async get<K extends EntityKind>(kind: K, id: string): Promise<EntityOf<K> | null> {
    return this.one(kind, id);
  }

  private one<K extends EntityKind>(kind: K, id: string): EntityOf<K> | null {
    const row = this.prepare(`SELECT data FROM ${tableOf(kind)} WHERE tenant_id = ? AND id = ?`).get(this.tenantId, id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as EntityOf<K>) : null;
  }

  /**
   * The records with these ids (each once, in the port's order), by one statement per 256 ids. The list is made as
   * long as the next power of two by repeating its last id, so that few statement texts are prepared.
   */
  private some<K extends EntityKind>(kind: K, ids: readonly string[]): EntityOf<K>[] {
    const unique = [...new Set(ids)];
    const records: EntityOf<K>[] = [];
    for (let at = 0; at < unique.length; at += 256) {
      const chunk = unique.slice(at, at + 256);
      const length = 2 ** Math.ceil(Math.log2(chunk.length));
      const params = [...chunk, ...Array<string>(length - chunk.length).fill(chunk.at(-1)!)];
      const rows = this.prepare(`SELECT data FROM ${tableOf(kind)} WHERE tenant_id = ? AND id IN (${'?, '.repeat(length - 1)}?)`).all(
        this.tenantId,
        ...params,
      ) as Row[];
      for (const r of rows) records.push(JSON.parse(r.data) as EntityOf<K>);
    }
    return records.sort(byId);
  }

  async list<K extends EntityKind>(kind: K, where: Where<K>, page: PageRequest): Promise<Page<EntityOf<K>>> {
    const { from, sql, params } = this.whereSql(kind, where);
    const after = page.cursor ?? null;
    // The port's order (compareIds): ids without case, then exactly.
    const rows = this.prepare(
      `SELECT id, data FROM ${from} WHERE ${sql}${after !== null ? ' AND (lower(id) > lower(?) OR (lower(id) = lower(?) AND id > ?))' : ''} ORDER BY lower(id), id LIMIT ?`,
    ).all(...params, ...(after !== null ? [after, after, after] : []), page.limit + 1) as Row[];
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit);
    return {
      items: items.map((r) => JSON.parse(r.data) as EntityOf<K>),
      nextCursor: more && items.length > 0 ? items[items.length - 1]!.id : null,
    };
  }

  async listAll<K extends EntityKind>(kind: K, where: Where<K>): Promise<EntityOf<K>[]> {
    return this.all(kind, where);
  }

  private all<K extends EntityKind>(kind: K, where: Where<K>): EntityOf<K>[] {
    const { from, sql, params } = this.whereSql(kind, where);
    const rows = this.prepare(`SELECT data FROM ${from} WHERE ${sql} ORDER BY lower(id), id`).all(...params) as Row[];
    return rows.map((r) => JSON.parse(r.data) as EntityOf<K>);
  }

  /**
   * Only the named fields, each as its JSON value (text, number, object, list; null where absent): indexed ones
   * from their columns, the others taken out of the JSON by SQLite, and the rows handed over as one JSON list,
   * so JavaScript parses one small text instead of every record.
   */
  private listFields(kind: EntityKind, where: Where<EntityKind>, fields: readonly string[]): Record<string, unknown>[] {
    const { from, sql, params } = this.whereSql(kind, where);
    const indexed = indexedOf(kind);
    const named = fields.filter((f) => f !== 'id' && /^[A-Za-z][A-Za-z0-9]*$/.test(f));
    const cols = named.filter((f) => indexed.includes(f)).map((f) => snake(f));
    const pairs = named.map((f) => `, '${f}', ${indexed.includes(f) ? snake(f) : `data -> '$.${f}'`}`).join('');
    const row = this.prepare(
      `SELECT json_group_array(json_object('id', id${pairs})) AS rows FROM (SELECT id, data${cols.map((c) => `, ${c}`).join('')} FROM ${from} WHERE ${sql} ORDER BY lower(id), id)`,
    ).get(...params) as { rows: string };
    return JSON.parse(row.rows) as Record<string, unknown>[];
  }

  async count<K extends EntityKind>(kind: K, where: Where<K>): Promise<number> {
    const { from, sql, params } = this.whereSql(kind, where);
    return (this.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${sql}`).get(...params) as { n: number }).n;
  }

  /**
   * All in one read transaction: the answers are of one moment, as one round trip on SharePoint gives them, and the
   * database's read lock is taken once instead of once per statement.
   */
  async readMany<const Q extends readonly ReadQuery[]>(queries: Q): Promise<{ -readonly [I in keyof Q]: ReadResult<Q[I]> }> {
    const results = inOneTransaction(this.db, () =>
      queries.map((q) =>
        'id' in q
          ? this.one(q.kind, q.id)
          : 'ids' in q
            ? this.some(q.kind, q.ids)
            : q.fields
              ? this.listFields(q.kind, q.where, q.fields)
              : this.all(q.kind, q.where),
      ),
    );
    return results as { -readonly [I in keyof Q]: ReadResult<Q[I]> };
  }

  async commit(ops: readonly WriteOp[]): Promise<void> {
    assertAudited(ops);
    await groupCommit(
      this.db,
      () => {
        for (const op of ops) this.apply(op);
      },
      ops.length,
    );
  }

  /**
   * One transaction held open while the chunks come. Other commits through this connection wait until it
   * ends (they would otherwise join it); other connections wait for the database's write lock as for any
   * long commit (busy_timeout). Reads through this connection meanwhile see the writes so far.
   */
  async commitAll(chunks: AsyncIterable<readonly WriteOp[]>): Promise<void> {
    await idle(this.db);
    let release!: () => void;
    BUSY.set(this.db, new Promise<void>((resolve) => (release = resolve)));
    let written = 0;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        for await (const ops of auditedChunks(chunks)) {
          for (const op of ops) this.apply(op);
          written += ops.length;
        }
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      BUSY.delete(this.db);
      release();
    }
    await logSynced(this.db);
    committed(this.db, CHECKPOINT_AFTER_GROUPS);
    wrote(this.db, written);
  }

  async listCounted<K extends CountedKind>(kind: K): Promise<{ revision: string | null; records: EntityOf<K>[] }> {
    return { revision: await this.revisionOf(kind), records: await this.listAll(kind, {}) };
  }

  async revisionOf(kind: CountedKind): Promise<string | null> {
    const row = this.prepare(
      "SELECT (SELECT value FROM store_meta WHERE key = 'store_id') AS store, (SELECT revision FROM revisions WHERE tenant_id = ? AND kind = ?) AS revision",
    ).get(this.tenantId, kind) as { store: string; revision: number | null };
    return `${row.store}:${row.revision ?? 0}`;
  }

  private apply(op: WriteOp): void {
    if (op.type === 'audit') {
      const e = op.entry;
      this.prepare('INSERT INTO audit (tenant_id, id, entity_kind, entity_id, at, data) VALUES (?, ?, ?, ?, ?, ?)').run(
        this.tenantId,
        e.id,
        e.entityKind,
        e.entityId,
        auditTime(e.at),
        JSON.stringify(e),
      );
      return;
    }
    const table = tableOf(op.kind);
    const id = op.type === 'put' ? op.record.id : op.id;
    const existing = this.prepare(`SELECT revision, data FROM ${table} WHERE tenant_id = ? AND id = ?`).get(this.tenantId, id) as Row | undefined;
    // Parsed only for a conflict, which carries the current record.
    const current = () => (existing ? JSON.parse(existing.data) : null);
    if (op.type === 'delete') {
      if (!existing) return;
      if (op.expectedRevision !== null && existing.revision !== op.expectedRevision) throw new ConflictError(op.kind, id, current());
      this.prepare(`DELETE FROM ${table} WHERE tenant_id = ? AND id = ?`).run(this.tenantId, id);
      return;
    }
    if (op.expectedRevision === null && existing) throw new ConflictError(op.kind, id, current(), 'already_exists');
    if (op.expectedRevision !== null && existing?.revision !== op.expectedRevision) throw new ConflictError(op.kind, id, current());
    const cols = indexedOf(op.kind);
    const record = op.record as unknown as Record<string, unknown>;
    const values = cols.map((c) => (record[c] === undefined ? null : record[c]));
    try {
      this.prepare(
        `INSERT INTO ${table} (tenant_id, id, revision, data${cols.map((c) => `, ${snake(c)}`).join('')})
           VALUES (?, ?, ?, ?${cols.map(() => ', ?').join('')})
           ON CONFLICT (tenant_id, id) DO UPDATE SET revision = excluded.revision, data = excluded.data${cols
             .map((c) => `, ${snake(c)} = excluded.${snake(c)}`)
             .join('')}`,
      ).run(this.tenantId, id, op.record.revision, JSON.stringify(op.record), ...values);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(op.kind, id, null, 'already_exists');
      throw err;
    }
  }

  async auditTrail(query: { entityId?: string }, page: PageRequest): Promise<Page<AuditEntry>> {
    const after = page.cursor ? parseAuditPosition(page.cursor) : null;
    if (page.cursor && !after) throw new DomainError('validation_failed', 'cursor is not a page of this store', {}, 'cursor');
    const params: unknown[] = [this.tenantId];
    let sql = 'SELECT data FROM audit WHERE tenant_id = ?';
    if (query.entityId) {
      sql += ' AND entity_id = ?';
      params.push(query.entityId);
    }
    // The port's order (compareAudit): newest first, then ids last first.
    if (after) {
      sql += ' AND at <= ? AND (at < ? OR lower(id) < lower(?) OR (lower(id) = lower(?) AND id < ?))';
      params.push(after.at, after.at, after.id, after.id, after.id);
    }
    sql += ' ORDER BY at DESC, lower(id) DESC, id DESC LIMIT ?';
    params.push(page.limit + 1);
    const rows = this.prepare(sql).all(...params) as { data: string }[];
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.data) as AuditEntry);
    return { items, nextCursor: rows.length > page.limit && items.length ? auditPosition(items[items.length - 1]!) : null };
  }
}
