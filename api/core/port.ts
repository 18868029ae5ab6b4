import type { EntityKind, EntityOf, IndexedField } from './entities';
import type { AuditEntry } from './model';

/**
 * The storage port. The core talks to storage only through these interfaces; the SQLite adapter
 * (api/store/sqlite) and the SharePoint adapter implement them and pass one contract suite.
 */

/** Filters name indexed fields only; an array means "any of". */
export type Where<K extends EntityKind> = Partial<Record<IndexedField<K>, string | number | null | readonly (string | number)[]>>;

/**
 * `cursor` is a store's own position (the last id, an audit sequence, a Graph nextLink): the store hands it
 * out as `nextCursor` and takes it back unchanged. It never reaches a client as it is — the REST API seals
 * it (api/http/cursor.ts).
 */
export type PageRequest = { limit: number; cursor?: string | null };
export type Page<T> = { items: T[]; nextCursor: string | null };

/** One read of a batch: a record by id, records by ids, or every record matching a filter. */
export type ReadQuery =
  { kind: EntityKind; id: string } | { kind: EntityKind; ids: readonly string[] } | { kind: EntityKind; where: Where<EntityKind>; fields?: readonly string[] };
export type ReadResult<Q> = Q extends { kind: infer K extends EntityKind; id: string }
  ? EntityOf<K> | null
  : Q extends { kind: infer K extends EntityKind; fields: readonly (infer F)[] }
    ? Pick<EntityOf<K>, (F & keyof EntityOf<K>) | 'id'>[]
    : Q extends { kind: infer K extends EntityKind }
      ? EntityOf<K>[]
      : never;

/** Typed builders for readMany queries. */
export const read = {
  one: <K extends EntityKind>(kind: K, id: string) => ({ kind, id }) as { kind: K; id: string },
  ids: <K extends EntityKind>(kind: K, ids: readonly string[]) => ({ kind, ids }) as { kind: K; ids: readonly string[] },
  all: <K extends EntityKind>(kind: K, where: Where<K>) => ({ kind, where }) as unknown as { kind: K; where: Where<EntityKind> },
  /**
   * Every matching record, only the named fields (and the id): for reads of many records of which a use case
   * needs a little (an overview's goals and indicators). Each field as its JSON value, null where absent.
   */
  fields: <K extends EntityKind, const F extends readonly (keyof EntityOf<K> & string)[]>(kind: K, where: Where<K>, fields: F) =>
    ({ kind, where, fields }) as unknown as { kind: K; where: Where<EntityKind>; fields: F },
};

/**
 * The kinds whose changes the store counts (revisionOf). The roll-ups are counted where it costs nothing more (SQLite:
 * a trigger), for the dashboards' cache of a year's roll-ups (services/year-rollups.ts); SharePoint answers null for
 * them (a token renewed after every measurement write would cost each write a round trip), and the dashboards read afresh.
 */
export type CountedKind = 'unit' | 'person' | 'agreementRollup';

export type WriteOp =
  | { type: 'put'; kind: EntityKind; record: EntityOf<EntityKind>; expectedRevision: number | null }
  | { type: 'delete'; kind: EntityKind; id: string; expectedRevision: number | null }
  | { type: 'audit'; entry: AuditEntry };

/**
 * The one order of every list a store returns (list pages, listAll, readMany by ids or by filter): by id, first
 * with the ASCII letters A–Z folded to lower case — SharePoint compares text without case, and its unique
 * RecordId column allows no two ids that differ only in case — then exactly; characters compared by code
 * point. This is what SQLite does natively with `ORDER BY lower(id), id` (its lower() folds ASCII only, its
 * BINARY collation compares UTF-8, i.e. code points); the SharePoint adapter orders by a key that sorts the
 * same under every site collation (list-schema.ts, orderKey). So the core's answers depend neither on the
 * store, nor on a collation, nor on the order records were created in.
 */
export function compareIds(a: string, b: string): number {
  return compareCodePoints(foldAscii(a), foldAscii(b)) || compareCodePoints(a, b);
}

/** A–Z to a–z, nothing else (SQLite's lower() without ICU). */
export const foldAscii = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Code point order of two strings. JavaScript compares UTF-16 units, which puts a character beyond U+FFFF (a
 * surrogate pair, D800–DFFF) before U+E000–U+FFFF; UTF-8 and code points put it after. Units from D800 up
 * are moved so that surrogates come last.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
export const byId = <T extends { id: string }>(a: T, b: T): number => compareIds(a.id, b.id);

/** An audit entry's time as the stores order it: the instant in UTC, `2026-11-30T12:38:34.123Z` (sorts as text). */
export const auditTime = (at: string): string => new Date(at).toISOString();

/**
 * The order of the audit trail: newest first (by the instant of `at`), entries of the same instant by id,
 * last first (compareIds). A page's position is the last entry's `auditPosition`.
 */
export function compareAudit(a: { at: string; id: string }, b: { at: string; id: string }): number {
  const x = auditTime(a.at);
  const y = auditTime(b.at);
  return x !== y ? (x < y ? 1 : -1) : compareIds(b.id, a.id);
}
export const auditPosition = (e: { at: string; id: string }): string => `${auditTime(e.at)}|${e.id}`;
/** The time and id of an audit position; null when it is not one. */
export function parseAuditPosition(position: string): { at: string; id: string } | null {
  const bar = position.indexOf('|');
  if (bar < 0) return null;
  const at = position.slice(0, bar);
  const id = position.slice(bar + 1);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) && id ? { at, id } : null;
}

export interface TenantStore {
  readonly tenantId: string;
  get<K extends EntityKind>(kind: K, id: string): Promise<EntityOf<K> | null>;
  /** One page of records, in id order (compareIds). */
  list<K extends EntityKind>(kind: K, where: Where<K>, page: PageRequest): Promise<Page<EntityOf<K>>>;
  /** Every matching record, in id order (the adapter pages through them). */
  listAll<K extends EntityKind>(kind: K, where: Where<K>): Promise<EntityOf<K>[]>;
  count<K extends EntityKind>(kind: K, where: Where<K>): Promise<number>;
  /**
   * Several independent reads at once; the lists in id order. The SharePoint adapter sends them as one $batch round trip, so a
   * use case that reads in two waves costs two round trips.
   */
  readMany<const Q extends readonly ReadQuery[]>(queries: Q): Promise<{ -readonly [I in keyof Q]: ReadResult<Q[I]> }>;
  /**
   * Applies the writes all together or not at all. A put with expectedRevision null creates and fails
   * if the record exists; otherwise the stored revision must equal expectedRevision. Any mismatch throws
   * ConflictError carrying the current record and nothing is written. A commit that writes or deletes a domain
   * record without its audit entry is refused first, with nothing written (assertAudited, core/audit.ts).
   */
  commit(ops: readonly WriteOp[]): Promise<void>;
  /**
   * Applies a long run of writes (an import) like one commit, all together or not at all, taking them chunk
   * by chunk as they come, so that a store that can (SQLite: one transaction) never holds them all. When
   * `chunks` throws, nothing of it is written and the error is passed on.
   */
  commitAll(chunks: AsyncIterable<readonly WriteOp[]>): Promise<void>;
  /**
   * A token that changes whenever a record of the kind is written or deleted, by any instance sharing the
   * store, and is the same for every instance reading the same content; cheap to ask on every request (it
   * tells a cache whether it is current). null where the store cannot tell cheaply: the caller reads afresh.
   */
  revisionOf(kind: CountedKind): Promise<string | null>;
  /** Every record of a counted kind with the revision they are current at (read before them), in one round trip where the store can. */
  listCounted<K extends CountedKind>(kind: K): Promise<{ revision: string | null; records: EntityOf<K>[] }>;
  /** Audit entries, newest first (compareAudit), optionally for one entity. */
  auditTrail(query: { entityId?: string }, page: PageRequest): Promise<Page<AuditEntry>>;
}

export interface Store {
  forTenant(tenantId: string): TenantStore;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
