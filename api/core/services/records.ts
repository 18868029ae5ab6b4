import type { z } from 'zod';
import type { ServiceContext } from '../context';
import {
  authorizeRecordRead,
  authorizeReferences,
  authorizeWrite,
  municipalityOfRecord,
  municipalityOfUnit,
  ownMunicipality,
  readableOnly,
  type Pending,
} from '../authorization';
import { clientHidden, defOf, isInternal, referencesOf, type DocumentKind, type EntityKind, type EntityOf } from '../entities';
import { auditEntry } from '../audit';
import { HasDependantsError, LockedError, NotFoundError, parseOrThrow, ReferenceNotFoundError, ValidationError, ConflictError } from '../errors';
import type { Page, PageRequest, Where, WriteOp } from '../port';
import { localDate } from '../rules/periods';
import { recordSchema } from '../transfer';
import { openFields } from '../rules/agreement-life';
import { settleGoal } from '../rules/fulfilment';
import { forgetOrganisation, organisation } from './organisation';
import { linkChangeOps } from './key-figures';

/**
 * Create, update and delete of any entity in the entity table, with validation, reference checks,
 * optimistic concurrency, cascades and an audit entry for every record written: the one path for
 * writes from the REST API, the bot and the command line.
 */

type AnyRecord = Record<string, unknown> & { id: string; revision: number; createdAt: string; updatedAt: string };

/** Fields that never change after creation, per kind (besides id). */
const IMMUTABLE: Partial<Record<EntityKind, readonly string[]>> = {
  measurement: ['indicatorId', 'period'],
  goalLevel: ['municipalityId'],
  // Children copy the goal's agreement; moving a goal to another agreement would strand them.
  goal: ['agreementId'],
  // A person belongs to one municipality; another municipality's quality office takes them in by import.
  person: ['municipalityId'],
  // The lifecycle moves these (services/lifecycle.ts, approvals.ts), never a plain update.
  agreement: ['status', 'version', 'signatures', 'decision'],
};

/** Checks that every reference of a record points at an existing record (or one about to be written). */
export async function checkReferences(
  ctx: ServiceContext,
  kind: EntityKind,
  record: Record<string, unknown>,
  pending: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Promise<void> {
  for (const { field, kind: refKind, id } of referencesOf(kind, record)) {
    if (pending.get(refKind)?.has(id)) continue;
    if (!(await ctx.store.get(refKind, id))) throw new ReferenceNotFoundError(field, refKind, id);
  }
}

/**
 * Fills the fields a record copies from its parent (entities.ts, `derived`): the body's value never counts
 * where the parent is named. `pending` holds parents written in the same operation (an import), looked up
 * before the store.
 */
export async function deriveFields(ctx: ServiceContext, kind: EntityKind, record: Record<string, unknown>, pending?: Pending): Promise<void> {
  for (const [field, { from, via, orGiven }] of Object.entries(defOf(kind).derived ?? {})) {
    const parentId = record[via];
    if (typeof parentId !== 'string') {
      if (!orGiven) record[field] = null;
      continue;
    }
    const parent = pending?.(from, parentId) ?? ((await ctx.store.get(from, parentId)) as Record<string, unknown> | null);
    record[field] = parent?.[field] ?? null;
  }
}

/** A document kind's write is allowed where the record lies, and every reference it holds lies in its municipality. */
async function authorize(ctx: ServiceContext, op: 'create' | 'update', kind: EntityKind, record: AnyRecord, before: AnyRecord | null = null): Promise<void> {
  if (isInternal(kind)) return;
  await authorizeWrite(ctx, op, kind as DocumentKind, record, before);
  await authorizeReferences(ctx, kind, record, await municipalityOfRecord(ctx, kind as DocumentKind, record));
}

const withoutDerived = (kind: EntityKind, record: Record<string, unknown>) => {
  const copy = { ...record };
  for (const field of clientHidden(kind)) delete copy[field];
  return copy;
};

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (['revision', 'updatedAt', 'createdAt'].includes(key)) continue;
    if (key === 'schema') {
      const b = (before.schema ?? {}) as Record<string, unknown>;
      const a = (after.schema ?? {}) as Record<string, unknown>;
      for (const p of new Set([...Object.keys(b), ...Object.keys(a)])) if (JSON.stringify(b[p]) !== JSON.stringify(a[p])) out.push(`schema.${p}`);
    } else if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(key);
  }
  return out;
}

/**
 * An agreement's content is locked from submission on: its goals, actions, criteria and indicators change only
 * in what its state leaves open (rules/agreement-life.ts: follow-up fields; nothing once closed).
 */
async function checkLock(ctx: ServiceContext, kind: EntityKind, before: AnyRecord | null, after: AnyRecord | null): Promise<void> {
  const record = (after ?? before)!;
  const agreementId = kind === 'agreement' ? record.id : (record.agreementId as string | null | undefined);
  if (!agreementId || !['agreement', 'goal', 'action', 'successCriterion', 'indicator'].includes(kind)) return;
  const agreement = kind === 'agreement' ? (before as EntityOf<'agreement'> | null) : await ctx.store.get('agreement', agreementId);
  const open = agreement ? openFields(agreement.status, kind) : 'all';
  if (!agreement || open === 'all') return;
  if (!before || !after) throw new LockedError(kind, agreement.status);
  // What the core keeps (a goal's statusMeaning) follows the fields it is made from.
  const kept = defOf(kind).kept ?? [];
  const closedFields = changedFields(before, after).filter((f) => !open.includes(f) && !kept.includes(f));
  if (closedFields.length) throw new LockedError(closedFields[0]!, agreement.status);
}

/** Extra rules some kinds have beyond their schema. */
async function checkRules(ctx: ServiceContext, kind: EntityKind, record: AnyRecord): Promise<void> {
  if (kind === 'goal') {
    // The status is a step of the municipality's scale, the group one of its goal groups.
    const o = await organisation(ctx);
    const issues = settleGoal(record, o.byId.get(municipalityOfUnit(o, record.unitId as string) ?? ''));
    if (issues.length) throw new ValidationError(issues);
  }
  if (kind === 'unit' && record.parentId) {
    // Walk up from the new parent: meeting the unit itself would make a cycle.
    let cursor: string | null = record.parentId as string;
    for (let depth = 0; cursor && depth < 100; depth++) {
      if (cursor === record.id)
        throw new ValidationError([{ code: 'custom', path: ['parentId'], message: 'a unit cannot be its own ancestor', input: cursor } as z.core.$ZodIssue]);
      const parent: EntityOf<'unit'> | null = await ctx.store.get('unit', cursor);
      cursor = parent?.parentId ?? null;
    }
  }
}

export async function getRecord<K extends EntityKind>(ctx: ServiceContext, kind: K, id: string): Promise<EntityOf<K>> {
  const found = await ctx.store.get(kind, id);
  if (!found) throw new NotFoundError(kind, id);
  return found;
}

/** One record as the REST API serves it: refused when the read policy keeps it from the actor. */
export async function readRecord<K extends EntityKind>(ctx: ServiceContext, kind: K, id: string): Promise<EntityOf<K>> {
  const record = await getRecord(ctx, kind, id);
  await authorizeRecordRead(ctx, kind, record as Record<string, unknown>);
  return record;
}

/** A page of records as the REST API serves it: what the read policy keeps from the actor is left out of the page. */
export async function listRecords<K extends EntityKind>(ctx: ServiceContext, kind: K, where: Where<K>, page: PageRequest): Promise<Page<EntityOf<K>>> {
  const found = await ctx.store.list(kind, where, page);
  return { ...found, items: (await readableOnly(ctx, kind, found.items as Record<string, unknown>[])) as EntityOf<K>[] };
}

export async function createRecord<K extends EntityKind>(ctx: ServiceContext, kind: K, input: unknown): Promise<EntityOf<K>> {
  const withId = input && typeof input === 'object' && !('id' in input) ? { ...input, id: ctx.newId() } : input;
  const parsed = parseOrThrow(recordSchema(kind), withId) as Record<string, unknown> & { id: string };
  const now = ctx.now().toISOString();
  const record = { ...parsed, revision: 1, createdAt: now, updatedAt: now } as AnyRecord;
  // A person without a municipality joins the creator's, when they are the quality office of exactly one;
  // otherwise (the tenant admin) the person belongs to none until named, and no record may name them.
  if (kind === 'person' && !record.municipalityId) {
    const own = await ownMunicipality(ctx);
    if (own) record.municipalityId = own;
  }
  await checkReferences(ctx, kind, record);
  await deriveFields(ctx, kind, record);
  await checkRules(ctx, kind, record);
  await authorize(ctx, 'create', kind, record);
  if (kind === 'agreement' && (record.status !== 'draft' || record.version !== 1 || (record.signatures as unknown[]).length || record.decision))
    throw new ValidationError([
      { code: 'custom', path: ['status'], message: 'a new agreement starts as a draft, version 1, unsigned', input: record.status } as z.core.$ZodIssue,
    ]);
  // An agreement made in the product is followed up here from the day it is made: a period due before is never late.
  if (kind === 'agreement' && !record.followedUpSince) record.followedUpSince = localDate(ctx.now());
  await checkLock(ctx, kind, null, record);
  await ctx.store.commit([
    { type: 'put', kind, record: record as never, expectedRevision: null },
    { type: 'audit', entry: auditEntry(ctx, kind, record.id, 'create', null, record) },
    ...(kind === 'indicator' ? await linkChangeOps(ctx, null, record) : []),
  ]);
  if (kind === 'unit') forgetOrganisation(ctx.store.tenantId);
  return record as unknown as EntityOf<K>;
}

export async function updateRecord<K extends EntityKind>(
  ctx: ServiceContext,
  kind: K,
  id: string,
  patch: Record<string, unknown>,
  expectedRevision: number,
): Promise<EntityOf<K>> {
  const existing = (await getRecord(ctx, kind, id)) as unknown as AnyRecord;
  if (existing.revision !== expectedRevision) throw new ConflictError(kind, id, existing);
  const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...changes } = patch;
  for (const field of IMMUTABLE[kind] ?? [])
    if (field in changes && existing[field] !== undefined && JSON.stringify(changes[field]) !== JSON.stringify(existing[field]))
      throw new ValidationError([{ code: 'custom', path: [field], message: 'the field cannot be changed', input: changes[field] } as z.core.$ZodIssue]);
  const { revision, createdAt, updatedAt, ...current } = existing;
  const merged = parseOrThrow(recordSchema(kind), { ...withoutDerived(kind, current), ...changes }) as Record<string, unknown>;
  const record = { ...merged, id, revision: revision + 1, createdAt, updatedAt: ctx.now().toISOString() } as AnyRecord;
  await checkReferences(ctx, kind, record);
  await deriveFields(ctx, kind, record);
  await checkRules(ctx, kind, record);
  // Both where the record was and where it goes: moving a unit needs rights over both.
  await authorize(ctx, 'update', kind, record, existing);
  await checkLock(ctx, kind, existing, record);
  await ctx.store.commit([
    { type: 'put', kind, record: record as never, expectedRevision: revision },
    { type: 'audit', entry: auditEntry(ctx, kind, id, 'update', existing, record) },
    ...(kind === 'indicator' ? await linkChangeOps(ctx, existing, record) : []),
  ]);
  if (kind === 'unit') forgetOrganisation(ctx.store.tenantId);
  return record as unknown as EntityOf<K>;
}

/** Deletes a record and, in the same transaction, everything that cascades from it. */
export async function deleteRecord(ctx: ServiceContext, kind: EntityKind, id: string, expectedRevision: number): Promise<void> {
  const existing = (await getRecord(ctx, kind, id)) as unknown as AnyRecord;
  if (!isInternal(kind)) await authorizeWrite(ctx, 'delete', kind as DocumentKind, null, existing);
  await checkLock(ctx, kind, existing, null);
  if (existing.revision !== expectedRevision) throw new ConflictError(kind, id, existing);
  for (const r of defOf(kind).restrict) {
    const n = await ctx.store.count(r.kind, { [r.field]: id } as never);
    if (n > 0) throw new HasDependantsError(kind, id, r.kind, n);
  }
  const ops: WriteOp[] = [];
  const visit = async (k: EntityKind, record: AnyRecord, expected: number) => {
    for (const c of defOf(k).cascade) {
      for (const child of (await ctx.store.listAll(c.kind, { [c.field]: record.id } as never)) as unknown as AnyRecord[])
        await visit(c.kind, child, child.revision);
    }
    ops.push({ type: 'delete', kind: k, id: record.id, expectedRevision: expected });
    ops.push({ type: 'audit', entry: auditEntry(ctx, k, record.id, 'delete', record, null) });
  };
  await visit(kind, existing, expectedRevision);
  await ctx.store.commit(ops);
  if (ops.some((op) => op.type === 'delete' && op.kind === 'unit')) forgetOrganisation(ctx.store.tenantId);
}
