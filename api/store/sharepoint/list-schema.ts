import { ENTITIES, ENTITY_KINDS, type EntityKind } from '../../core/entities';
import { auditTime, foldAscii } from '../../core/port';

/**
 * The SharePoint lists of the product, declared once: `npm run provision` creates them from this table,
 * and the Graph adapter reads and writes through it.
 *
 * Each record is one list item: the record as JSON in `Data` (a multi-line text column), its id in
 * `RecordId` (indexed, unique), its place in the port's order in `SortKey` (indexed, see orderKey), its
 * revision in `Revision`, a readable `Title`, and one indexed column for each field the core filters on
 * (entities.ts, `indexed`). Every column used in a $filter or $orderby is
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

/**
 * The longest text a single line of text column holds (https://learn.microsoft.com/en-us/graph/api/resources/textcolumn,
 * `maxLength`: at most 255).
 */
export const TEXT_CHARS = 255;

/**
 * A text that sorts, under any collation a SharePoint site may use, as the port orders ids (compareIds).
 * SharePoint sorts and compares text by the site's collation (regional settings: RegionalSettings.Collation,
 * https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server/jj170823(v=office.15) — Danish/
 * Norwegian, Finnish/Swedish, General, …), without case: in Danish "aa" sorts as "å" after "z", in word sort
 * a hyphen is all but ignored, "_" and ":" come before the digits. Only digits sort alike in all of them, one
 * by one, a shorter text before a longer one it begins. So each character of the id (A–Z folded, as
 * compareIds folds) becomes digits, by a code that keeps the order of code points and where no code begins
 * another: U+002D–U+007C (every character an id may hold) two digits "10"–"89", below that "0" and two
 * digits, above it "9" and seven. A key longer than a text column holds is cut (ids up to 127 characters fit
 * whole): a cut key still sorts no later than a longer one, and equal cut keys are told apart by id.
 */
export function orderKey(id: string): string {
  let key = '';
  for (const ch of foldAscii(id)) {
    const c = ch.codePointAt(0)!;
    key += c < 0x2d ? `0${String(c).padStart(2, '0')}` : c < 0x7d ? String(c - 0x2d + 10) : `9${String(c).padStart(7, '0')}`;
    if (key.length >= TEXT_CHARS) break;
  }
  return key.slice(0, TEXT_CHARS);
}

/** The order key of an audit entry: its instant in UTC as 17 digits (year to millisecond), then its id's key. */
export const auditKey = (e: { at: string; id: string }): string => (auditTime(e.at).replace(/\D/g, '') + orderKey(e.id)).slice(0, TEXT_CHARS);

const pascal = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

/** The column of an indexed field: `parentId` → `ParentId`; `year` is a number, the rest text. */
export function indexColumn(field: string): ColumnDef {
  return { name: pascal(field), type: field === 'year' ? 'number' : 'text', indexed: true, description: `Copy of ${field} for filtering` };
}

const RECORD_COLUMNS: ColumnDef[] = [
  { name: 'RecordId', type: 'text', indexed: true, unique: true, description: 'The record id used by the app' },
  { name: 'SortKey', type: 'text', indexed: true, description: 'The record id as digits that sort alike in every collation' },
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
      { name: 'SortKey', type: 'text', indexed: true, description: 'Time and entry id as digits that sort alike in every collation, newest last' },
      // Kept for sites provisioned before SortKey: provision fills SortKey of their entries from it.
      { name: 'Seq', type: 'text', indexed: false, description: 'Time and entry id as text (before SortKey)' },
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
    description:
      'Kvalitetsaftaler: one item per counted kind (units, people) whose token is new after every change of that kind, so each server instance can tell with one small read whether what it cached is current',
    columns: [
      { name: 'RecordId', type: 'text', indexed: true, unique: true, description: 'The counted kind (unit, person)' },
      { name: 'Token', type: 'text', indexed: false, description: 'A new random value after every write of the kind' },
    ],
  },
];

export function listOf(kind: ListKind): ListDef {
  const def = LISTS.find((l) => l.kind === kind);
  if (!def) throw new Error(`no list for ${kind}`);
  return def;
}
