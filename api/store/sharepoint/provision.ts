import type { Client } from '@microsoft/microsoft-graph-client';
import { graphFailure, sendBatch } from './batch';
import { auditKey, orderKey, type ColumnDef, type ListDef } from './list-schema';

/** One Graph call of provisioning; its failure says which step failed (503 store_unavailable, Graph's Retry-After). */
async function step<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw graphFailure(e, what);
  }
}

/**
 * Creates or updates the product's lists, columns and indexes on a site, idempotently: a second run
 * changes nothing. Returns what it changed, one line per change.
 */
type GraphColumn = { id: string; name: string; indexed?: boolean; enforceUniqueValues?: boolean };

export function columnDefinition(c: ColumnDef): Record<string, unknown> {
  const type =
    c.type === 'number' ? { number: {} } : c.type === 'note' ? { text: { allowMultipleLines: true, textType: 'plain', linesForEditing: 6 } } : { text: {} };
  return { name: c.name, description: c.description, indexed: c.indexed, ...(c.unique ? { enforceUniqueValues: true } : {}), ...type };
}

export async function provisionLists(client: Client, siteId: string, lists: readonly ListDef[], log: (line: string) => void = () => {}): Promise<string[]> {
  const changes: string[] = [];
  const change = (line: string) => {
    changes.push(line);
    log(line);
  };
  const existing = new Map<string, string>();
  type Lists = { value: { id: string; displayName: string }[]; '@odata.nextLink'?: string };
  const reading = `reading the lists of site ${siteId}`;
  let page = await step(reading, () => client.api(`/sites/${siteId}/lists`).select('id,displayName').top(500).get() as Promise<Lists>);
  for (;;) {
    for (const l of page.value) existing.set(l.displayName, l.id);
    const next = page['@odata.nextLink'];
    if (!next) break;
    page = await step(reading, () => client.api(next).get() as Promise<Lists>);
  }
  for (const list of lists) {
    let listId = existing.get(list.displayName);
    if (!listId) {
      const created = await step(
        `creating list ${list.displayName}`,
        () =>
          client.api(`/sites/${siteId}/lists`).post({
            displayName: list.displayName,
            description: list.description,
            columns: list.columns.map(columnDefinition),
            list: { template: 'genericList' },
          }) as Promise<{ id: string }>,
      );
      listId = created.id;
      change(`created list ${list.displayName} with ${list.columns.length} columns`);
    }
    const id = listId;
    const columns = (
      await step(
        `reading the columns of list ${list.displayName}`,
        () => client.api(`/sites/${siteId}/lists/${id}/columns`).get() as Promise<{ value: GraphColumn[] }>,
      )
    ).value;
    for (const def of list.columns) {
      const col = columns.find((c) => c.name === def.name);
      if (!col) {
        await step(`adding column ${list.displayName}.${def.name}`, () => client.api(`/sites/${siteId}/lists/${id}/columns`).post(columnDefinition(def)));
        change(`added column ${list.displayName}.${def.name}${def.indexed ? ' (indexed)' : ''}`);
      } else if (def.indexed && !col.indexed) {
        await step(`indexing column ${list.displayName}.${def.name}`, () =>
          client.api(`/sites/${siteId}/lists/${id}/columns/${col.id}`).patch({ indexed: true }),
        );
        change(`indexed column ${list.displayName}.${def.name}`);
      }
    }
    if (list.columns.some((c) => c.name === 'SortKey')) {
      const filled = await fillSortKeys(client, siteId, listId, list.kind === 'audit');
      if (filled) change(`filled SortKey of ${filled} items of ${list.displayName} written before it existed`);
    }
  }
  if (!changes.length) log(`no changes: ${lists.length} lists are up to date`);
  return changes;
}

/**
 * Gives items written before the SortKey column existed their key (list-schema.ts, orderKey; for the audit
 * trail auditKey, from the time its former Seq column kept as `<at>|<id>`): the adapter orders and pages by
 * it. Reads the whole list unfiltered, page by page (allowed beyond the list view threshold), and writes only
 * items without a key, 20 to a batch; a second run finds none.
 */
async function fillSortKeys(client: Client, siteId: string, listId: string, audit: boolean): Promise<number> {
  const items = `/sites/${siteId}/lists/${listId}/items`;
  type Row = { id: string; fields: { RecordId?: string; SortKey?: string; Seq?: string } };
  let page = (await client.api(`${items}?$expand=fields($select=RecordId,SortKey${audit ? ',Seq' : ''})&$top=5000`).get()) as {
    value: Row[];
    '@odata.nextLink'?: string;
  };
  let filled = 0;
  for (;;) {
    const missing = page.value.filter((r) => !r.fields.SortKey && r.fields.RecordId);
    for (let i = 0; i < missing.length; i += 20) {
      const writes = missing.slice(i, i + 20).map((r) => {
        const id = r.fields.RecordId!;
        const at = r.fields.Seq?.split('|')[0];
        return { method: 'PATCH' as const, url: `${items}/${r.id}/fields`, body: { SortKey: audit && at ? auditKey({ at, id }) : orderKey(id) } };
      });
      const answers = await sendBatch(client, writes);
      const bad = answers.find((a) => a.status >= 300);
      if (bad) throw new Error(`could not fill SortKey: HTTP ${bad.status} ${JSON.stringify(bad.body?.error ?? '')}`);
      filled += writes.length;
    }
    if (!page['@odata.nextLink']) return filled;
    page = await client.api(page['@odata.nextLink']).get();
  }
}
