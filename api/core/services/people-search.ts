import { readableOnly, WRITE_PERMISSIONS, rolesFor } from '../authorization';
import type { ServiceContext } from '../context';
import type { Person } from '../model';
import { KeptWhileCounted } from './kept';
import { organisation } from './organisation';
import { foldForSearch, MAX_SEARCH_RESULTS, MIN_SEARCH_LENGTH, rankPeople } from '../rules/people-search';

/**
 * A person found by name for a people picker: from the store, or — in Teams, for someone who may add people —
 * from the tenant's directory (Microsoft Entra ID, through Graph), not yet in the store. The picker shows the
 * name (with the job title and e-mail address to tell two of the same name apart), never the id.
 */
export type PersonHit = { id: string; displayName: string; email?: string; jobTitle?: string; inStore: boolean };

/** A person of the tenant's directory (Entra ID): the id is the Entra object id, as a person's id in Teams. */
export type DirectoryPerson = { id: string; displayName: string; email?: string; jobTitle?: string };

/**
 * Where people are found outside the store: the tenant's directory. The composition root passes one where the
 * server runs in Teams with a Graph client (api/directory/graph-people.ts); nowhere else.
 */
export interface PeopleDirectory {
  /** The tenant this directory answers for: it is asked only for actors of that tenant. */
  readonly tenantId: string;
  /** Members of the tenant whose name or e-mail address matches `text`, at most `limit`. */
  search(text: string, limit: number): Promise<DirectoryPerson[]>;
}

/**
 * The people of each tenant as last read, with the store's revision of them (as the organisation in
 * organisation.ts): a search reads the revision (one small read) and the people again only when it moved.
 */
const DIRECTORIES = new KeptWhileCounted<'people', readonly Person[]>('person');

async function storedPeople(ctx: ServiceContext): Promise<readonly Person[]> {
  const { store } = ctx;
  const kept = await DIRECTORIES.current(store, 'people');
  if (kept) return kept;
  const { revision, records } = await store.listCounted('person');
  return DIRECTORIES.keep(
    store,
    'people',
    revision,
    records.map((p) => Object.freeze(p)),
  );
}

/** Whether the actor may add people in some municipality (its quality office, the tenant admin): only they are offered the directory's. */
async function mayAddPeople(ctx: ServiceContext): Promise<boolean> {
  const may = (roles: Set<string>) => WRITE_PERMISSIONS.person.create.some((r) => roles.has(r));
  if (may(await rolesFor(ctx, null))) return true;
  for (const u of (await organisation(ctx)).byId.values()) if (!u.parentId && may(await rolesFor(ctx, u.id))) return true;
  return false;
}

/**
 * People whose name or e-mail address matches what was typed (case and accents aside: "soren" finds Søren), best
 * first, at most `limit` (1–50): those in the store the actor may read (the read policy), then, where the server
 * has the tenant's directory and the actor may add people, members of the tenant not yet in the store. Fewer than
 * two letters find no one.
 */
export async function searchPeople(ctx: ServiceContext, text: string, limit: number, directory?: PeopleDirectory | null): Promise<PersonHit[]> {
  const bounded = Math.max(1, Math.min(Math.floor(limit) || 1, MAX_SEARCH_RESULTS));
  if (foldForSearch(text).replace(/\s+/g, '').length < MIN_SEARCH_LENGTH) return [];
  const hits: PersonHit[] = [];
  // Ranked first, then read-checked in ranked order until enough are found (the directory may be large).
  const ranked = rankPeople(await storedPeople(ctx), text, Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < ranked.length && hits.length < bounded; i += bounded) {
    const readable = await readableOnly(ctx, 'person', ranked.slice(i, i + bounded) as unknown as Record<string, unknown>[]);
    for (const p of readable as unknown as Person[]) if (hits.length < bounded) hits.push(hitOf(p, true));
  }
  if (directory && directory.tenantId === ctx.store.tenantId && hits.length < bounded && (await mayAddPeople(ctx))) {
    const stored = new Set((await storedPeople(ctx)).map((p) => p.id));
    const known = new Set(hits.map((h) => h.id));
    const found = await directory.search(text, bounded);
    for (const p of rankPeople(found, text, bounded)) if (!stored.has(p.id) && !known.has(p.id) && hits.length < bounded) hits.push(hitOf(p, false));
  }
  return hits;
}

/** The people with these ids the actor may read (a picker shows the names of those already chosen); others are left out. */
export async function peopleByIds(ctx: ServiceContext, ids: readonly string[]): Promise<PersonHit[]> {
  const wanted = new Set(ids);
  const people = (await storedPeople(ctx)).filter((p) => wanted.has(p.id));
  return ((await readableOnly(ctx, 'person', people as unknown as Record<string, unknown>[])) as unknown as Person[]).map((p) => hitOf(p, true));
}

function hitOf(p: Pick<Person, 'id' | 'displayName' | 'email' | 'jobTitle'>, inStore: boolean): PersonHit {
  return { id: p.id, displayName: p.displayName, ...(p.email ? { email: p.email } : {}), ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}), inStore };
}
