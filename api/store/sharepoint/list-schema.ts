import { ENTITIES, ENTITY_KINDS, type EntityKind } from '../../core/entities';

/**
 * The SharePoint lists of the product, declared once: `npm run provision` creates them from this table,
 * and the Graph adapter reads and writes through it.
 *
 * Each record is one list item: the record as JSON in `Data` (a multi-line text column), its id in
 * `RecordId` (indexed, unique), its revision in `Revision`, a readable `Title`, and one indexed column for
 * each field the core filters on (entities.ts, `indexed`). Every column used in a $filter or $orderby is
 * indexed, so lists beyond the 5,000-item view threshold keep working.
 */

export type ColumnType = 'text' | 'note' | 'number';
export type ColumnDef = { name: string; type: ColumnType; indexed: boolean; unique?: boolean; description: string };
/** What a list holds: the records of a kind, the audit trail, the parts of large records, the revision tokens. */
export type ListKind = EntityKind | 'audit' | 'parts' | 'revisions';
export type ListDef = { kind: ListKind; displayName: string; description: string; columns: ColumnDef[] };

/**
 * A Multiple lines of text column holds at most 63,999 characters in SharePoint lists. A record whose JSON is
 * longer (an agreement with long sections, the snapshot of a submitted version, an audit entry carrying
 * both) is split into parts of at most PART_CHARS, kept as items of the `KAParts` list; the record's own
 * `Data` then holds only a reference to them (partsReference). Nothing is cut off, whatever the size.
 */
export const PART_CHARS = 60_000;

/**
 * SharePoint's list view threshold: on a list holding more items, a query whose leading filter matches more
 * than this many is refused (https://support.microsoft.com/en-us/office/manage-large-lists-and-libraries-b8588dae-9387-48c2-9248-c24122f07c59).
 * The adapter then reads in windows of this many item ids.
 */
export const LIST_VIEW_THRESHOLD = 5000;

/** null has no filterable form in list items; the index columns store this marker instead. */
export const NULL_TEXT = '~';
export const NULL_NUMBER = -1;

const pascal = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

/** The column of an indexed field: `parentId` → `ParentId`; `year` is a number, the rest text. */
export function indexColumn(field: string): ColumnDef {
  return { name: pascal(field), type: field === 'year' ? 'number' : 'text', indexed: true, description: `Copy of ${field} for filtering` };
}

const RECORD_COLUMNS: ColumnDef[] = [
  { name: 'RecordId', type: 'text', indexed: true, unique: true, description: 'The record id used by the app' },
  { name: 'Revision', type: 'number', indexed: false, description: 'Revision for optimistic concurrency' },
  { name: 'Data', type: 'note', indexed: false, description: 'The record as JSON' },
];

const listName = (kind: string) => `KA${pascal(ENTITIES[kind as EntityKind]?.path.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) ?? kind)}`;

export const LISTS: readonly ListDef[] = [
  ...ENTITY_KINDS.map((kind) => ({
    kind,
    displayName: listName(kind),
    description: `Kvalitetsaftaler: ${ENTITIES[kind].path}`,
    columns: [...RECORD_COLUMNS, ...(ENTITIES[kind].indexed as readonly string[]).map(indexColumn)],
  })),
  {
    kind: 'audit' as const,
    displayName: 'KAAudit',
    description: 'Kvalitetsaftaler: audit trail (append-only)',
    columns: [
      { name: 'RecordId', type: 'text', indexed: true, unique: true, description: 'Audit entry id' },
      { name: 'EntityId', type: 'text', indexed: true, description: 'The record the entry is about' },
      { name: 'Seq', type: 'text', indexed: true, description: 'Sortable time and id, newest last' },
      { name: 'Data', type: 'note', indexed: false, description: 'The entry as JSON' },
    ],
  },
  {
    kind: 'parts' as const,
    displayName: 'KAParts',
    description: 'Kvalitetsaftaler: the parts of records too large for one text column',
    columns: [
      { name: 'PartsKey', type: 'text', indexed: true, description: 'The parts of one written record share this key' },
      { name: 'Part', type: 'number', indexed: false, description: 'Position of the part, from 1' },
      { name: 'Data', type: 'note', indexed: false, description: 'One part of the record as JSON text' },
    ],
  },
  {
    kind: 'revisions' as const,
    displayName: 'KARevisions',
    description: 'Kvalitetsaftaler: one item per counted kind (units) whose token is new after every change of that kind, so each server instance can tell with one small read whether what it cached is current',
    columns: [
      { name: 'RecordId', type: 'text', indexed: true, unique: true, description: 'The counted kind (unit)' },
      { name: 'Token', type: 'text', indexed: false, description: 'A new random value after every write of the kind' },
    ],
  },
];

export function listOf(kind: ListKind): ListDef {
  const def = LISTS.find((l) => l.kind === kind);
  if (!def) throw new Error(`no list for ${kind}`);
  return def;
}
