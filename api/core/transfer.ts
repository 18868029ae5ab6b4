import { z } from 'zod';
import { clientHidden, defOf, DOCUMENT_KINDS, type DocumentKind, type EntityKind } from './entities';

/**
 * The organisation document: one municipality's whole setup and content as JSON, for export, import,
 * demo data and tests. Records leave out what the store keeps (revision, createdAt, updatedAt).
 */
export const DOCUMENT_FORMAT = 'kvalitetsaftaler/organisation';
export const DOCUMENT_FORMAT_VERSION = 3;
/** The format versions an import reads: an older document is brought up to the current version on the way in (upgradeRecord). */
export const READABLE_FORMAT_VERSIONS = [1, 2, 3] as const;

/** The collection name of each kind in the document. */
export const COLLECTIONS = {
  person: 'people',
  unit: 'units',
  goalLevel: 'goalLevels',
  agreement: 'agreements',
  goal: 'goals',
  action: 'actions',
  successCriterion: 'successCriteria',
  indicator: 'indicators',
  measurement: 'measurements',
  wheelEvent: 'wheelEvents',
} as const satisfies Record<DocumentKind, string>;

const STORED_KEYS = { revision: true, createdAt: true, updatedAt: true } as const;

/** The schema of a record of `kind` as it appears in a document or a create request (made once per kind: zod compiles each schema on first use). */
export function recordSchema(kind: EntityKind) {
  let schema = RECORD_SCHEMAS.get(kind);
  if (!schema) RECORD_SCHEMAS.set(kind, (schema = makeRecordSchema(kind)));
  return schema;
}
const RECORD_SCHEMAS = new Map<EntityKind, ReturnType<typeof makeRecordSchema>>();

function makeRecordSchema(kind: EntityKind) {
  const def = defOf(kind);
  const derived = Object.fromEntries(clientHidden(kind).map((f) => [f, true] as const));
  const base = def.schema.omit({ ...STORED_KEYS, ...derived }).strict();
  return def.refine ? base.superRefine(def.refine as (v: unknown, ctx: z.RefinementCtx) => void) : base;
}

const collections = Object.fromEntries(DOCUMENT_KINDS.map((k) => [COLLECTIONS[k], z.array(recordSchema(k)).default([])])) as {
  [K in DocumentKind as (typeof COLLECTIONS)[K]]: z.ZodDefault<z.ZodArray<ReturnType<typeof recordSchema>>>;
};

export const OrganisationDocument = z
  .object({
    format: z.literal(DOCUMENT_FORMAT),
    formatVersion: z.union(READABLE_FORMAT_VERSIONS.map((v) => z.literal(v))).transform((): typeof DOCUMENT_FORMAT_VERSION => DOCUMENT_FORMAT_VERSION),
    /** The root unit (kind municipality) the document describes. */
    municipalityId: z.string().min(1),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    /** Where the content comes from, e.g. the public document a demo agreement was taken from. */
    source: z.string().max(2_000).optional(),
    ...collections,
  })
  .strict();
export type OrganisationDocumentInput = z.input<typeof OrganisationDocument>;
export type OrganisationDocument = z.output<typeof OrganisationDocument>;

/** What of a document's header the step from an older format version reads. */
export type DocumentHeader = { formatVersion?: unknown; source?: unknown };

/**
 * The one step that brings a record of an older document up to the current format version (the record as written,
 * before its schema is checked; the same record comes back when there is nothing to do). Idempotent: an import
 * calls it when it first reads a record and again once the whole header is known. Each format version's changes
 * are added here, in order, and nowhere else.
 *
 * 1 → 2: an agreement keeps its provenance (`source`): a version 1 document carried it only for the whole
 * document, which the import threw away, so each agreement takes the document's.
 *
 * 2 → 3: outcome series as reports write them: a measurement may be an explicit "no value" (`value` null), keeps
 * its column's `label` and the `document` it was taken from, and a value taken from a document needs no entry time
 * (`enteredBy`, `enteredAt` null); an agreement says since when it is followed up in the product
 * (`followedUpSince`). Every version 2 record is a valid version 3 record as it stands: nothing to change (an older
 * product refuses a version 3 document by its version instead of misreading a null value).
 */
export function upgradeRecord(kind: string, record: unknown, header: DocumentHeader): unknown {
  const from = typeof header.formatVersion === 'number' ? header.formatVersion : DOCUMENT_FORMAT_VERSION;
  if (from >= 2 || typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  const r = record as Record<string, unknown>;
  if (kind === 'agreement' && r.source === undefined && typeof header.source === 'string' && header.source.length) return { ...r, source: header.source };
  return record;
}

/** A whole document in memory brought up to the current format version (upgradeRecord on each record). */
export function upgradeDocument<T extends Record<string, unknown>>(doc: T): T {
  const out: Record<string, unknown> = { ...doc };
  for (const [kind, collection] of Object.entries(COLLECTIONS)) {
    const list = doc[collection];
    if (Array.isArray(list)) out[collection] = list.map((r) => upgradeRecord(kind, r, doc));
  }
  return out as T;
}

/** A record of `kind` as written in a document, typed field by field (for demo data and test mothers). */
type Entities = typeof import('./entities').ENTITIES;
/** Fields of `kind` the core derives; documents and create requests leave them out. */
export type DerivedField<K extends EntityKind> =
  | (Entities[K] extends { derived: infer D } ? { [F in keyof D]: D[F] extends { orGiven: true } ? never : F }[keyof D] & string : never)
  | (Entities[K] extends { kept: readonly (infer F)[] } ? F & string : never);
export type RecordInput<K extends EntityKind> = Omit<z.input<Entities[K]['schema']>, keyof typeof STORED_KEYS | DerivedField<K>>;

/** A document typed collection by collection; `OrganisationDocument.parse` checks it at run time. */
export type TypedDocumentInput = {
  format: typeof DOCUMENT_FORMAT;
  formatVersion: (typeof READABLE_FORMAT_VERSIONS)[number];
  municipalityId: string;
  exportedAt?: string;
  source?: string;
} & { [K in DocumentKind as (typeof COLLECTIONS)[K]]?: RecordInput<K>[] };

/**
 * One piece of an organisation document as a reader hands it over: a field of the document (`index`
 * undefined), or one record of a collection (`key` the collection, `index` its place in it).
 */
export type DocumentEntry = { key: string; index?: number; value: unknown };

/**
 * An organisation document that can be read more than once, entry by entry in the document's order, without
 * being held whole (a file: teams-app/document-file.ts). `wanted` names the collections whose records the
 * reader hands over; the others it passes over (it still hands over every field that is not a list).
 */
export interface DocumentSource {
  entries(wanted: (collection: string) => boolean): AsyncIterable<DocumentEntry>;
}

/** A document already in memory (demo data, tests) as a source. */
export function documentInMemory(doc: Record<string, unknown>): DocumentSource {
  return {
    async *entries(wanted) {
      for (const [key, value] of Object.entries(doc)) {
        if (!Array.isArray(value)) yield { key, value };
        else if (wanted(key)) for (const [index, record] of value.entries()) yield { key, index, value: record };
      }
    },
  };
}
