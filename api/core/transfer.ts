import { z } from 'zod';
import { clientHidden, defOf, DOCUMENT_KINDS, type DocumentKind, type EntityKind } from './entities';

/**
 * The organisation document: one municipality's whole setup and content as JSON, for export, import,
 * demo data and tests. Records leave out what the store keeps (revision, createdAt, updatedAt).
 */
export const DOCUMENT_FORMAT = 'kvalitetsaftaler/organisation';
export const DOCUMENT_FORMAT_VERSION = 1;

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
    formatVersion: z.literal(DOCUMENT_FORMAT_VERSION),
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

/** A record of `kind` as written in a document, typed field by field (for demo data and test mothers). */
type Entities = typeof import('./entities').ENTITIES;
/** Fields of `kind` the core derives; documents and create requests leave them out. */
export type DerivedField<K extends EntityKind> = Entities[K] extends { derived: infer D }
  ? { [F in keyof D]: D[F] extends { orGiven: true } ? never : F }[keyof D] & string
  : never;
export type RecordInput<K extends EntityKind> = Omit<z.input<Entities[K]['schema']>, keyof typeof STORED_KEYS | DerivedField<K>>;

/** A document typed collection by collection; `OrganisationDocument.parse` checks it at run time. */
export type TypedDocumentInput = {
  format: typeof DOCUMENT_FORMAT;
  formatVersion: typeof DOCUMENT_FORMAT_VERSION;
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
