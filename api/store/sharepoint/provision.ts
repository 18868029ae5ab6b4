import type { Client } from '@microsoft/microsoft-graph-client';
import type { ColumnDef, ListDef } from './list-schema';

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
  let page = (await client.api(`/sites/${siteId}/lists`).select('id,displayName').top(500).get()) as { value: { id: string; displayName: string }[]; '@odata.nextLink'?: string };
  for (;;) {
    for (const l of page.value) existing.set(l.displayName, l.id);
    if (!page['@odata.nextLink']) break;
    page = await client.api(page['@odata.nextLink']).get();
  }
  for (const list of lists) {
    let listId = existing.get(list.displayName);
    if (!listId) {
      const created = (await client.api(`/sites/${siteId}/lists`).post({
        displayName: list.displayName,
        description: list.description,
        columns: list.columns.map(columnDefinition),
        list: { template: 'genericList' },
      })) as { id: string };
      listId = created.id;
      change(`created list ${list.displayName} with ${list.columns.length} columns`);
    }
    const columns = ((await client.api(`/sites/${siteId}/lists/${listId}/columns`).get()) as { value: GraphColumn[] }).value;
    for (const def of list.columns) {
      const col = columns.find((c) => c.name === def.name);
      if (!col) {
        await client.api(`/sites/${siteId}/lists/${listId}/columns`).post(columnDefinition(def));
        change(`added column ${list.displayName}.${def.name}${def.indexed ? ' (indexed)' : ''}`);
      } else if (def.indexed && !col.indexed) {
        await client.api(`/sites/${siteId}/lists/${listId}/columns/${col.id}`).patch({ indexed: true });
        change(`indexed column ${list.displayName}.${def.name}`);
      }
    }
  }
  if (!changes.length) log(`no changes: ${lists.length} lists are up to date`);
  return changes;
}
