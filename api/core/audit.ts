import type { ServiceContext } from './context';
import { DOCUMENT_KINDS, type DocumentKind, type EntityKind } from './entities';
import type { AuditEntry } from './model';
import type { WriteOp } from './port';
import { COLLECTIONS } from './transfer';

/**
 * The audit trail's rule, written once: every domain record a commit writes or deletes has its audit entry in
 * the same commit. Every store refuses a commit that breaks it (the storage contract suite checks SQLite and
 * SharePoint), so a use case cannot forget it.
 */

/** What an audit entry is: who did what to which record, when, with the record before and after. */
export function auditEntry(ctx: ServiceContext, kind: EntityKind, entityId: string, action: AuditEntry['action'], before: unknown, after: unknown): AuditEntry {
  const at = ctx.now();
  return { id: auditEntryId(at), at: at.toISOString(), actorId: ctx.actor.id, entityKind: kind, entityId, action, before, after };
}

let lastMillisecond = -1;
let sequence = 0;
/**
 * The id of an audit entry: a UUID version 7 (RFC 9562, section 5.7) — the entry's millisecond in its first 48
 * bits, then a counter of the entries this process made in that millisecond (24 bits), then random bits. The
 * trail is ordered by instant, then by id (compareAudit), so entries of one millisecond come newest first as
 * they were made, in both stores.
 */
export function auditEntryId(at: Date): string {
  const ms = at.getTime();
  if (ms === lastMillisecond) sequence = (sequence + 1) % 0x1000000;
  else {
    lastMillisecond = ms;
    sequence = 0;
  }
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  const time = hex(Math.max(0, ms), 12);
  // 48 random bits: the last group of a version 4 UUID, all of it random (RFC 9562, section 5.4). randomUUID draws
  // from a pool of entropy; getRandomValues asks the system for every call (36 us a write on the server, profiled).
  const random = globalThis.crypto.randomUUID().slice(24);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(sequence >> 12, 3)}-${hex(0x8000 | (sequence & 0xfff), 4)}-${random}`;
}

/** The audit trail's name for an imported organisation document (its entity id is the municipality's). */
export const IMPORT_ENTITY_KIND = 'organisationDocument';

/** What an import's one entry says: the document (name, SHA-256 of its bytes), how many records of each collection it held. */
export type ImportAudit = {
  document: { name: string | null; sha256: string | null; source: unknown; exportedAt: string | null };
  counts: Record<string, number>;
  created: number;
  updated: number;
};

/**
 * The designed exception: an import is audited as one entry for the whole document, not one per record. That entry
 * stands for exactly the records it counts — per collection, the writes of the same commit that have no entry of
 * their own must be as many as its counts say, all of them creates or updates (an import deletes nothing).
 */
export function importAuditEntry(ctx: ServiceContext, municipalityId: string, audit: ImportAudit): AuditEntry {
  return { ...auditEntry(ctx, 'unit', municipalityId, 'import', null, audit), entityKind: IMPORT_ENTITY_KIND };
}

/** The kinds whose every change is audited: the domain's records (the product's own bookkeeping is not). */
const AUDITED: ReadonlySet<string> = new Set(DOCUMENT_KINDS);

type Write = Exclude<WriteOp, { type: 'audit' }>;
const idOf = (o: Write) => (o.type === 'put' ? o.record.id : o.id);
const named = (o: Write) => `${o.type} ${o.kind} ${idOf(o)}`;

/** The writes of some ops without an entry of their own among the same ops, and the import entries among them. */
function tally(ops: readonly WriteOp[]): { missing: Write[]; imports: AuditEntry[] } {
  const entries = ops.flatMap((o) => (o.type === 'audit' ? [o.entry] : []));
  const audited = new Set(entries.map((e) => `${e.entityKind}:${e.entityId}`));
  const missing = ops.filter((o): o is Write => o.type !== 'audit' && AUDITED.has(o.kind) && !audited.has(`${o.kind}:${idOf(o)}`));
  return { missing, imports: entries.filter((e) => e.entityKind === IMPORT_ENTITY_KIND && e.action === 'import') };
}

/** Whether one import entry stands for exactly these creates and updates, counted per collection. */
function importCovers(imports: readonly AuditEntry[], byCollection: ReadonlyMap<string, number>): boolean {
  if (imports.length !== 1) return false;
  const counts = (imports[0]!.after as Partial<ImportAudit> | null)?.counts ?? {};
  return [...new Set([...byCollection.keys(), ...Object.keys(counts)])].every((c) => (byCollection.get(c) ?? 0) === (counts[c] ?? 0));
}

function countPuts(missing: readonly Write[], into = new Map<string, number>()): Map<string, number> {
  for (const o of missing) if (o.type === 'put') into.set(COLLECTIONS[o.kind as DocumentKind], (into.get(COLLECTIONS[o.kind as DocumentKind]) ?? 0) + 1);
  return into;
}

/** The writes of a commit that the rule refuses, each as "put goal g-1" or "delete action a-1"; empty when it holds. */
export function unauditedWrites(ops: readonly WriteOp[]): string[] {
  const { missing, imports } = tally(ops);
  if (!missing.length) return [];
  if (missing.every((o) => o.type === 'put') && importCovers(imports, countPuts(missing))) return [];
  return missing.map(named);
}

/** A commit that breaks the audit rule: a defect of the code that made it, never the user's; nothing is written. */
export class UnauditedWriteError extends Error {
  constructor(readonly writes: readonly string[]) {
    super(
      `refused: a commit writes domain records without their audit entries (${writes.slice(0, 5).join(', ')}${writes.length > 5 ? `, … ${writes.length} in all` : ''})`,
    );
    this.name = 'UnauditedWriteError';
  }
}

/** What every store's commit does first: refuses the whole commit when the audit rule does not hold. */
export function assertAudited(ops: readonly WriteOp[]): void {
  const writes = unauditedWrites(ops);
  if (writes.length) throw new UnauditedWriteError(writes);
}

/**
 * The same rule over a commit handed over in chunks (commitAll, an import): a record's own entry comes in the
 * same chunk; the import's one entry, wherever it comes, stands for exactly the records without one. Passes the
 * chunks on as they come and throws — so the store writes nothing — at the first delete without its entry, or at
 * the end when the entry does not count what was written.
 */
export async function* auditedChunks(chunks: AsyncIterable<readonly WriteOp[]>): AsyncGenerator<readonly WriteOp[]> {
  const byCollection = new Map<string, number>();
  const imports: AuditEntry[] = [];
  for await (const ops of chunks) {
    const t = tally(ops);
    const deletes = t.missing.filter((o) => o.type === 'delete');
    if (deletes.length) throw new UnauditedWriteError(deletes.map(named));
    countPuts(t.missing, byCollection);
    imports.push(...t.imports);
    yield ops;
  }
  if (byCollection.size && !importCovers(imports, byCollection))
    throw new UnauditedWriteError([...byCollection].map(([c, n]) => `put ${n} ${c} without their entries`));
}
