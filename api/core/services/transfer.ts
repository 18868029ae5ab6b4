import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { clientHidden, DOCUMENT_KINDS, type DocumentKind, type EntityKind, type EntityOf } from '../entities';
import { NotFoundError, ValidationError } from '../errors';
import type { Agreement, Indicator } from '../model';
import { read, type WriteOp } from '../port';
import { measurementIssues } from '../rules/measurement-value';
import { COLLECTIONS, DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION, OrganisationDocument } from '../transfer';
import { authorizeImport, authorizeReferences, municipalityOfRecord } from '../authorization';
import { subtreeUnits } from './organisation';
import { versionId, versionRecord } from './lifecycle';
import { auditEntry, checkReferences, deriveFields, parseOrThrow } from './records';

export type Progress = (p: { phase: 'validating' | 'checking' | 'writing'; done: number; total: number }) => void;

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
    people: people.map(strip('person')).map(({ municipalityId: _m, ...p }) => p).sort(byId),
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

/** The audit trail's name for an imported organisation document (its entity id is the municipality's). */
export const IMPORT_ENTITY_KIND = 'organisationDocument';

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type ImportResult = { created: number; updated: number; counts: Record<string, number> };

/**
 * Imports an organisation document: everything is validated first (schema, references, measurement rules),
 * then written in one transaction. Records that exist are updated (their revision moves on); nothing is
 * written when anything is wrong, and the error names the field (`goals.3.title`).
 */
export async function importOrganisation(
  ctx: ServiceContext,
  raw: unknown,
  onProgress: Progress = () => {},
  /** The document as it came: its file name and the SHA-256 of its bytes (computed from the records where not given). */
  origin: { name?: string; sha256?: string } = {},
): Promise<ImportResult> {
  const doc = parseOrThrow(OrganisationDocument, raw);
  await authorizeImport(ctx, doc.municipalityId);
  const root = doc.units.find((u) => u.id === doc.municipalityId);
  if (!root || root.parentId !== null || root.kind !== 'municipality')
    throw new ValidationError([
      { code: 'custom', path: ['municipalityId'], message: 'municipalityId must name a unit of kind municipality without parent in units', input: doc.municipalityId } as z.core.$ZodIssue,
    ]);
  const pending = new Map<string, Set<string>>();
  const seen = new Set<string>();
  for (const kind of DOCUMENT_KINDS) {
    const ids = new Set<string>();
    for (const [i, r] of (doc[COLLECTIONS[kind]] as { id: string }[]).entries()) {
      if (ids.has(r.id) || seen.has(`${kind}:${r.id}`))
        throw new ValidationError([{ code: 'custom', path: [COLLECTIONS[kind], i, 'id'], message: `duplicate id ${r.id}`, input: r.id } as z.core.$ZodIssue]);
      ids.add(r.id);
    }
    pending.set(kind, ids);
  }
  const total = DOCUMENT_KINDS.reduce((n, k) => n + (doc[COLLECTIONS[k]] as unknown[]).length, 0);
  let done = 0;
  const indicators = new Map((doc.indicators as unknown as Indicator[]).map((i) => [i.id, i]));
  const byKindAndId = new Map<string, Record<string, unknown>>();
  for (const kind of DOCUMENT_KINDS) for (const r of doc[COLLECTIONS[kind]] as Record<string, unknown>[]) byKindAndId.set(`${kind}:${r.id}`, r);
  const ops: WriteOp[] = [];
  let created = 0;
  let updated = 0;
  const now = ctx.now().toISOString();
  const refused = (collection: string, i: number, field: string, message: string, input: unknown) =>
    new ValidationError([{ code: 'custom', path: [collection, i, ...field.split('.')], message, input } as z.core.$ZodIssue]);
  const home = doc.municipalityId;
  const pendingRecord = (k: EntityKind, id: string) => byKindAndId.get(`${k}:${id}`);
  for (const kind of DOCUMENT_KINDS) {
    const collection = COLLECTIONS[kind];
    for (const [i, r] of (doc[collection] as Record<string, unknown>[]).entries()) {
      // Every record of the document lies in its municipality: people are taken in by it, and a record
      // already stored elsewhere (another municipality's unit, person or agreement) is never moved or renamed.
      if (kind === 'person') {
        if (r.municipalityId === undefined) r.municipalityId = home;
        else if (r.municipalityId !== home) throw refused(collection, i, 'municipalityId', `must be ${home}, the municipality of the document`, r.municipalityId);
      }
      if (kind === 'unit' && r.parentId === null && r.id !== home) throw refused(collection, i, 'parentId', `only the municipality ${home} has no parent`, null);
      const stored = (await ctx.store.get(kind, r.id as string)) as Record<string, unknown> | null;
      if (stored) {
        const where = await municipalityOfRecord(ctx, kind as DocumentKind, stored);
        if (where !== null && where !== home) throw refused(collection, i, 'id', `${kind} ${String(r.id)} belongs to another municipality (${where})`, r.id);
      }
      try {
        await checkReferences(ctx, kind, r, pending);
        await authorizeReferences(ctx, kind, r, home, pendingRecord);
      } catch (err) {
        if (err instanceof Error && 'field' in err) {
          const field = String((err as { field?: string }).field ?? 'id');
          throw new ValidationError([{ code: 'custom', path: [collection, i, ...field.split('.')], message: err.message, input: undefined } as z.core.$ZodIssue]);
        }
        throw err;
      }
      if (kind === 'measurement') {
        const m = r as { indicatorId: string; period: string; value: number };
        const indicator = indicators.get(m.indicatorId) ?? (await ctx.store.get('indicator', m.indicatorId));
        const issues = indicator ? measurementIssues(indicator, m.period, m.value) : [];
        if (issues.length) throw new ValidationError(issues, [collection, i]);
      }
      await deriveFields(ctx, kind, r, pendingRecord);
      const existing = stored as (EntityOf<EntityKind> & { revision: number; createdAt: string }) | null;
      const record = { ...r, revision: existing ? existing.revision + 1 : 1, createdAt: existing?.createdAt ?? now, updatedAt: now } as never;
      ops.push({ type: 'put', kind, record, expectedRevision: existing ? existing.revision : null });
      if (existing) updated++;
      else created++;
      if (++done % 50 === 0 || done === total) onProgress({ phase: 'checking', done, total });
    }
  }
  onProgress({ phase: 'writing', done: 0, total });
  // One audit entry for the whole import, naming the document; the records themselves are in the store, and
  // what changes afterwards is audited record by record.
  const counts = Object.fromEntries(DOCUMENT_KINDS.map((k) => [COLLECTIONS[k], (doc[COLLECTIONS[k]] as unknown[]).length]));
  const document = { name: origin.name ?? null, sha256: origin.sha256 ?? (await sha256(JSON.stringify(raw))), source: doc.source ?? null, exportedAt: doc.exportedAt ?? null };
  const entry = { ...auditEntry(ctx, 'unit', doc.municipalityId, 'import', null, { document, counts, created, updated }), entityKind: IMPORT_ENTITY_KIND };
  ops.push({ type: 'audit', entry });
  await ctx.store.commit(ops);
  await keepImportedVersions(ctx, doc.agreements as unknown as Agreement[]);
  onProgress({ phase: 'writing', done: total, total });
  return { created, updated, counts };
}

/**
 * An agreement that arrives already submitted or decided (the seeds' agreements were approved on paper) has
 * its current version kept as imported, as submitting would have kept it: the next version's changes are
 * then shown against it (approval card, versions view). A version already kept is left as it is.
 */
async function keepImportedVersions(ctx: ServiceContext, agreements: readonly Agreement[]): Promise<void> {
  const decided = agreements.filter((a) => a.status !== 'draft');
  if (!decided.length) return;
  const [kept, stored] = await ctx.store.readMany([read.ids('agreementVersion', decided.map((a) => versionId(a.id, a.version))), read.ids('agreement', decided.map((a) => a.id))]);
  const have = new Set(kept.map((v) => v.id));
  const ops: WriteOp[] = [];
  for (const a of stored) {
    if (have.has(versionId(a.id, a.version))) continue;
    ops.push({ type: 'put', kind: 'agreementVersion', record: await versionRecord(ctx, a), expectedRevision: null });
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
