import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { clientHidden, defOf, DOCUMENT_KINDS, type DocumentKind, type EntityKind, type EntityOf } from '../entities';
import { NotFoundError, parseOrThrow, ValidationError } from '../errors';
import type { Agreement, Indicator, OrgUnit } from '../model';
import { settleGoal } from '../rules/fulfilment';
import { read, type WriteOp } from '../port';
import { measurementIssues } from '../rules/measurement-value';
import {
  COLLECTIONS,
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  documentInMemory,
  OrganisationDocument,
  recordSchema,
  upgradeRecord,
  type DocumentSource,
} from '../transfer';
import { authorizeImport, authorizeReferences, municipalityOfRecord } from '../authorization';
import { forgetOrganisation, subtreeUnits } from './organisation';
import { versionId, versionRecord } from './lifecycle';
import { importAuditEntry } from '../audit';
import { sha256Hex } from '../hash';
import { checkReferences, deriveFields } from './records';

/** How far an import is: records read so far (`total` null while the first pass has not counted them yet). */
export type Progress = (p: { phase: 'validating' | 'writing'; done: number; total: number | null }) => void;

/** A stored record as a document holds it: without what the store keeps and what the core derives. */
const strip =
  (kind: EntityKind) =>
  <T extends { revision: number; createdAt: string; updatedAt: string }>({ revision, createdAt, updatedAt, ...rest }: T) => {
    for (const field of clientHidden(kind)) delete (rest as Record<string, unknown>)[field];
    return rest;
  };
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One municipality (a root unit and everything below it) as an organisation document. */
export async function exportOrganisation(ctx: ServiceContext, municipalityId: string): Promise<OrganisationDocument> {
  const { store } = ctx;
  const units = await subtreeUnits(ctx, municipalityId);
  if (!units.length) throw new NotFoundError('unit', municipalityId);
  const unitIds = units.map((u) => u.id);
  const goalLevels = await store.listAll('goalLevel', { municipalityId });
  const agreements = await store.listAll('agreement', { unitId: unitIds });
  const goals = await store.listAll('goal', { unitId: unitIds });
  const goalIds = goals.map((g) => g.id);
  const actions = await store.listAll('action', { goalId: goalIds });
  const successCriteria = await store.listAll('successCriterion', { goalId: goalIds });
  const indicators = await store.listAll('indicator', { goalId: goalIds });
  const measurements = await store.listAll('measurement', { indicatorId: indicators.map((i) => i.id) });
  const wheelEvents = await store.listAll('wheelEvent', { unitId: unitIds });
  const personIds = new Set<string>();
  const add = (id: string | null | undefined) => id && personIds.add(id);
  units.forEach((u) => [...u.leaderIds, u.approverId, ...u.memberIds, ...(u.qualityOfficeIds ?? [])].forEach(add));
  agreements.forEach((a) => [...a.parties, ...a.signatures].forEach((p) => add(p.personId)));
  [...goals, ...actions, ...indicators].forEach((r) => add(r.ownerId));
  measurements.forEach((m) => [m, ...m.history].forEach((e) => add(e.enteredBy)));
  const people = (await Promise.all([...personIds].map((id) => store.get('person', id)))).filter((p) => p !== null);
  const doc = {
    format: DOCUMENT_FORMAT,
    formatVersion: DOCUMENT_FORMAT_VERSION,
    municipalityId,
    exportedAt: ctx.now().toISOString(),
    // The document's municipality is its people's: an import gives it to them again.
    people: people
      .map(strip('person'))
      .map(({ municipalityId: _m, ...p }) => p)
      .sort(byId),
    units: units.map(strip('unit')).sort(byId),
    goalLevels: goalLevels.map(strip('goalLevel')).sort(byId),
    agreements: agreements.map(strip('agreement')).sort(byId),
    goals: goals.map(strip('goal')).sort(byId),
    actions: actions.map(strip('action')).sort(byId),
    successCriteria: successCriteria.map(strip('successCriterion')).sort(byId),
    indicators: indicators.map(strip('indicator')).sort(byId),
    measurements: measurements.map(strip('measurement')).sort(byId),
    wheelEvents: wheelEvents.map(strip('wheelEvent')).sort(byId),
  };
  return OrganisationDocument.parse(doc);
}

export type ImportResult = { created: number; updated: number; counts: Record<string, number> };

const KIND_OF_COLLECTION = new Map<string, DocumentKind>(DOCUMENT_KINDS.map((k) => [COLLECTIONS[k], k]));

/**
 * The kinds other records point at (references, derived fields, measurement rules): an import holds their
 * records, from the first pass to the end. The others (actions, criteria, measurements, wheel events: most
 * of a large document) are only checked in the first pass and read again one by one to be written.
 */
const HELD_KINDS: ReadonlySet<DocumentKind> = new Set(
  DOCUMENT_KINDS.filter((k) =>
    DOCUMENT_KINDS.some((other) => Object.values(defOf(other).refs).includes(k) || Object.values(defOf(other).derived ?? {}).some((d) => d.from === k)),
  ),
);
/** Schema problems reported at most (each names its field); the first is the error's message. */
const MAX_ISSUES = 50;
/** Writes handed to the store at a time. */
const WRITE_CHUNK = 2_000;

const issue = (path: (string | number)[], message: string, input: unknown) => ({ code: 'custom', path, message, input }) as z.core.$ZodIssue;

/**
 * Imports an organisation document: everything is validated first (schema, references, measurement rules),
 * then written as one commit. Records that exist are updated (their revision moves on); nothing is written
 * when anything is wrong, and the error names the field (`goals.3.title`).
 *
 * A document from a file is never held whole: the first pass reads it record by record, checks each against
 * its schema and keeps only the ids and the records others point at (HELD_KINDS); the second pass reads it
 * again, checks each record's references and rules and hands it to the store's commitAll, which writes
 * everything in one transaction (SQLite) and writes nothing when a check in that pass fails.
 */
export async function importOrganisation(
  ctx: ServiceContext,
  document: unknown,
  onProgress: Progress = () => {},
  /** The document as it came: its file name and the SHA-256 of its bytes (computed from the records where not given). */
  origin: { name?: string; sha256?: string } = {},
  /** dryRun: every check of both passes runs, nothing is written (what the spreadsheet import's preview asks). */
  options: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const source = isSource(document) ? document : null;
  if (!source && (typeof document !== 'object' || document === null || Array.isArray(document))) parseOrThrow(OrganisationDocument, document);
  const input = source ?? documentInMemory(document as Record<string, unknown>);

  // 1. Every record against its schema; ids; the records others point at.
  const fields: Record<string, unknown> = {};
  const issues: z.core.$ZodIssue[] = [];
  const ids = new Map<DocumentKind, Set<string>>(DOCUMENT_KINDS.map((k) => [k, new Set()]));
  const held = new Map<DocumentKind, { index: number; record: Record<string, unknown> }[]>(DOCUMENT_KINDS.map((k) => [k, []]));
  const counts: Record<string, number> = Object.fromEntries(DOCUMENT_KINDS.map((k) => [COLLECTIONS[k], 0]));
  let read = 0;
  /** The header before the records (a document written by anyone but us may put it after them: then read it first). */
  let headerRead = false;
  const readHeader = async () => {
    headerRead = true;
    for await (const { key, index, value } of input.entries(() => false)) if (index === undefined) fields[key] = value;
  };
  for await (const { key, index, value } of input.entries(() => true)) {
    const kind = KIND_OF_COLLECTION.get(key);
    if (index === undefined || !kind) {
      fields[key] = value;
      continue;
    }
    if (!headerRead && fields.formatVersion === undefined) await readHeader();
    counts[key]!++;
    if (++read % PROGRESS_EVERY === 0) onProgress({ phase: 'validating', done: read, total: null });
    if (issues.length >= MAX_ISSUES) continue;
    const r = recordSchema(kind).safeParse(upgradeRecord(kind, value, fields), { reportInput: true });
    if (!r.success) {
      for (const i of r.error.issues) issues.push({ ...i, path: [key, index, ...i.path] });
      continue;
    }
    const record = r.data as Record<string, unknown>;
    const id = record.id as string;
    if (ids.get(kind)!.has(id)) issues.push(issue([key, index, 'id'], `duplicate id ${id}`, id));
    ids.get(kind)!.add(id);
    if (HELD_KINDS.has(kind)) held.get(kind)!.push({ index, record });
  }
  const total = read;
  onProgress({ phase: 'validating', done: total, total });
  // The document's other fields (and a collection that is not a list), against the document's schema.
  const header = OrganisationDocument.safeParse(fields, { reportInput: true });
  if (!header.success) issues.unshift(...header.error.issues);
  if (issues.length || !header.success) throw new ValidationError(issues.slice(0, MAX_ISSUES));
  const doc = header.data;

  await authorizeImport(ctx, doc.municipalityId);
  const home = doc.municipalityId;
  // The municipality is in the document, or (a document of part of it: the spreadsheet import) already stored.
  const root = held.get('unit')!.find(({ record: u }) => u.id === home)?.record ?? (await ctx.store.get('unit', home));
  if (!root || root.parentId !== null || root.kind !== 'municipality')
    throw new ValidationError([issue(['municipalityId'], 'municipalityId must name a unit of kind municipality without parent in units', home)]);

  // 2. Every record's references and rules, then written: the held records first, then the others as read again.
  const byKindAndId = new Map<string, Record<string, unknown>>();
  for (const [kind, list] of held) for (const { record } of list) byKindAndId.set(`${kind}:${record.id}`, record);
  const pendingRecord = (k: EntityKind, id: string) => byKindAndId.get(`${k}:${id}`);
  const indicators = new Map(held.get('indicator')!.map(({ record }) => [record.id as string, record as unknown as Indicator]));
  let created = 0;
  let updated = 0;
  let done = 0;
  const now = ctx.now().toISOString();
  const refused = (collection: string, i: number, field: string, message: string, input: unknown) =>
    new ValidationError([issue([collection, i, ...field.split('.')], message, input)]);

  const checked = async (kind: DocumentKind, i: number, given: Record<string, unknown>): Promise<WriteOp> => {
    const collection = COLLECTIONS[kind];
    // An older document's record brought up to the current format, now that the whole header is known.
    const r = upgradeRecord(kind, given, fields) as Record<string, unknown>;
    // Every record of the document lies in its municipality: people are taken in by it, and a record
    // already stored elsewhere (another municipality's unit, person or agreement) is never moved or renamed.
    if (kind === 'person') {
      if (r.municipalityId === undefined) r.municipalityId = home;
      else if (r.municipalityId !== home) throw refused(collection, i, 'municipalityId', `must be ${home}, the municipality of the document`, r.municipalityId);
    }
    if (kind === 'unit' && r.parentId === null && r.id !== home) throw refused(collection, i, 'parentId', `only the municipality ${home} has no parent`, null);
    const stored = (await ctx.store.get(kind, r.id as string)) as Record<string, unknown> | null;
    if (stored) {
      const where = await municipalityOfRecord(ctx, kind, stored);
      if (where !== null && where !== home) throw refused(collection, i, 'id', `${kind} ${String(r.id)} belongs to another municipality (${where})`, r.id);
    }
    try {
      await checkReferences(ctx, kind, r, ids);
      await authorizeReferences(ctx, kind, r, home, pendingRecord);
    } catch (err) {
      if (err instanceof Error && 'field' in err) {
        const field = String((err as { field?: string }).field ?? 'id');
        throw new ValidationError([issue([collection, i, ...field.split('.')], err.message, undefined)]);
      }
      throw err;
    }
    if (kind === 'goal') {
      // A goal keeps the status it was given (a step of the document's municipality's scale), or none.
      const found = settleGoal(r, root as Pick<OrgUnit, 'fulfilmentScale' | 'goalGroups'>);
      if (found.length) throw new ValidationError(found, [collection, i]);
    }
    if (kind === 'measurement') {
      const m = r as { indicatorId: string; period: string; value: number | null };
      const indicator = indicators.get(m.indicatorId) ?? (await ctx.store.get('indicator', m.indicatorId));
      const found = indicator ? measurementIssues(indicator, m.period, m.value) : [];
      if (found.length) throw new ValidationError(found, [collection, i]);
    }
    await deriveFields(ctx, kind, r, pendingRecord);
    const existing = stored as (EntityOf<EntityKind> & { revision: number; createdAt: string }) | null;
    const record = { ...r, revision: existing ? existing.revision + 1 : 1, createdAt: existing?.createdAt ?? now, updatedAt: now } as never;
    if (existing) updated++;
    else created++;
    if (++done % PROGRESS_EVERY === 0) onProgress({ phase: 'writing', done, total });
    return { type: 'put', kind, record, expectedRevision: existing ? existing.revision : null };
  };

  async function* writes(): AsyncGenerator<WriteOp[]> {
    const chunk: WriteOp[] = [];
    for (const kind of DOCUMENT_KINDS) {
      if (!HELD_KINDS.has(kind)) continue;
      for (const { index, record } of held.get(kind)!) {
        chunk.push(await checked(kind, index, record));
        if (chunk.length >= WRITE_CHUNK) yield chunk.splice(0);
      }
    }
    for await (const { key, index, value } of input.entries((c) => !HELD_KINDS.has(KIND_OF_COLLECTION.get(c)!) && KIND_OF_COLLECTION.has(c))) {
      const kind = KIND_OF_COLLECTION.get(key);
      if (index === undefined || !kind) continue;
      chunk.push(await checked(kind, index, parseOrThrow(recordSchema(kind), upgradeRecord(kind, value, fields), [key, index]) as Record<string, unknown>));
      if (chunk.length >= WRITE_CHUNK) yield chunk.splice(0);
    }
    // One audit entry for the whole import, naming the document; the records themselves are in the store, and
    // what changes afterwards is audited record by record.
    const named = {
      name: origin.name ?? null,
      sha256: origin.sha256 ?? (source ? null : await sha256Hex(JSON.stringify(document))),
      source: doc.source ?? null,
      exportedAt: doc.exportedAt ?? null,
    };
    chunk.push({ type: 'audit', entry: importAuditEntry(ctx, home, { document: named, counts, created, updated }) });
    yield chunk;
  }
  if (options.dryRun) {
    for await (const _ of writes());
    return { created, updated, counts };
  }
  onProgress({ phase: 'writing', done: 0, total });
  await ctx.store.commitAll(writes());
  forgetOrganisation(ctx.store.tenantId);
  await keepImportedVersions(ctx, held.get('agreement')!.map(({ record }) => record) as unknown as Agreement[]);
  onProgress({ phase: 'writing', done: total, total });
  return { created, updated, counts };
}

/** Progress is reported every this many records. */
const PROGRESS_EVERY = 1_000;

const isSource = (d: unknown): d is DocumentSource => typeof (d as DocumentSource | null)?.entries === 'function';

/**
 * An agreement that arrives already submitted or decided (the seeds' agreements were approved on paper) has
 * its current version kept as imported, as submitting would have kept it: the next version's changes are
 * then shown against it (approval card, versions view). A version already kept is left as it is.
 */
async function keepImportedVersions(ctx: ServiceContext, agreements: readonly Agreement[]): Promise<void> {
  const decided = agreements.filter((a) => a.status !== 'draft');
  if (!decided.length) return;
  const [kept, stored] = await ctx.store.readMany([
    read.ids(
      'agreementVersion',
      decided.map((a) => versionId(a.id, a.version)),
    ),
    read.ids(
      'agreement',
      decided.map((a) => a.id),
    ),
  ]);
  const have = new Set(kept.map((v) => v.id));
  const ops: WriteOp[] = [];
  for (const a of stored) {
    if (have.has(versionId(a.id, a.version))) continue;
    ops.push({ type: 'put', kind: 'agreementVersion', record: { ...(await versionRecord(ctx, a)), imported: true }, expectedRevision: null });
  }
  if (ops.length) await ctx.store.commit(ops);
}

/** Loads each document whose municipality is not in the store yet; running it twice changes nothing. */
export async function seedDocuments(ctx: ServiceContext, docs: readonly unknown[], onProgress?: Progress): Promise<{ loaded: string[]; skipped: string[] }> {
  const loaded: string[] = [];
  const skipped: string[] = [];
  for (const doc of docs) {
    const id = (doc as { municipalityId: string }).municipalityId;
    if (await ctx.store.get('unit', id)) skipped.push(id);
    else {
      await importOrganisation(ctx, doc, onProgress);
      loaded.push(id);
    }
  }
  return { loaded, skipped };
}
