import type { Client } from '@microsoft/microsoft-graph-client';
import { assertAudited, auditedChunks } from '../../core/audit';
import { ENTITIES, type EntityKind, type EntityOf } from '../../core/entities';
import { ConflictError, DomainError, StoreUnavailableError } from '../../core/errors';
import type { AuditEntry } from '../../core/model';
import {
  auditPosition,
  byId,
  compareAudit,
  compareIds,
  parseAuditPosition,
  type CountedKind,
  type Page,
  type PageRequest,
  type ReadQuery,
  type ReadResult,
  type Store,
  type TenantStore,
  type Where,
  type WriteOp,
} from '../../core/port';
import { graphErrorOf, graphFailure, sendBatch, WriteOutcomeUnknown, type BatchOptions, type SubRequest, type SubResponse } from './batch';
import type { Image, RecoveryEntry, RecoveryJournal } from './recovery-journal';
import { auditKey, indexColumn, LIST_VIEW_THRESHOLD, listOf, NULL_NUMBER, NULL_TEXT, orderKey, PART_CHARS, TEXT_CHARS, type ListKind } from './list-schema';

/**
 * The production store: SharePoint lists on the tenant's own site, through Microsoft Graph.
 * Reads of one use-case wave go out as one JSON batch; writes check revisions first, go out as batches
 * with If-Match on every update and delete, and are undone if any of them fails (SharePoint has no
 * transactions). A write batch whose answer was lost is read back before the commit answers; what cannot
 * be undone now is kept in the recovery journal and restored later (recovery-journal.ts).
 */

export type SharePointStoreOptions = {
  client: Client;
  /** The site of each tenant: tenant id → Graph site id. No tenant reaches another tenant's site. */
  sites: Readonly<Record<string, string>>;
  /** Page size of list item queries ($top). */
  pageSize?: number;
  batch?: BatchOptions;
  /** Where the undo of a partly applied commit is kept when it cannot be done at once. */
  recovery: RecoveryJournal;
};

/** For a record kept in parts: `partsData` is what its Data column holds (the reference), `partItemIds` the KAParts items. */
type Parts = { partsData?: string; partItemIds?: string[] };
type Item = { id: string; eTag?: string; '@odata.etag'?: string; fields: Record<string, unknown> } & Parts;
type Known = { itemId: string; etag: string; record: Record<string, unknown> } & Parts;

/** What Data holds for a record kept in parts: `{"$parts":"<key>","count":n}` (a record never has a `$parts` field). */
const PARTS_PREFIX = '{"$parts":';
const partsReference = (data: unknown): { key: string; count: number } | null => {
  if (typeof data !== 'string' || !data.startsWith(PARTS_PREFIX)) return null;
  const ref = JSON.parse(data) as { $parts: string; count: number };
  return { key: ref.$parts, count: ref.count };
};

/** SharePoint refused a query for its list view threshold (tests/graph-standin: checkListViewThreshold). */
function refusedForSize(res: SubResponse): boolean {
  const err = (res.body as { error?: { code?: string; message?: string; innerError?: { code?: string } } } | undefined)?.error;
  return (
    res.status >= 400 &&
    /tooManyResources|too many resources|list view threshold|SPQueryThrottledException/i.test(`${err?.code} ${err?.innerError?.code} ${err?.message}`)
  );
}

/** The $filter of a request url, decoded; null without one. */
function filterOf(url: string): string | null {
  const m = /[?&]\$filter=([^&]*)/.exec(url);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Splits text into parts of at most PART_CHARS, never between the two halves of a surrogate pair. */
function splitText(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + PART_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts;
}

type Current = { itemId: string; etag: string; record: Record<string, unknown> };
/** One write of a commit; a part is one KAParts item of a large record. */
type Planned = { op: WriteOp; req: SubRequest; before: Known | undefined; part?: true };

/** Whether a record is now as an image had it before or after the commit (same revision; audit entries by presence). */
function matches(image: Image, current: Map<string, Current>, which: 'before' | 'after'): boolean {
  const want = image[which];
  const now = current.get(`${image.kind}:${image.id}`)?.record ?? null;
  if (!want || !now) return !want && !now;
  return image.kind === 'audit' || now.revision === want.revision;
}

/** Answers of writes whose own answer was lost, as reading back found them. */
const APPLIED: SubResponse = Object.freeze({ status: 200, headers: {}, body: undefined }) as SubResponse;
const NOT_APPLIED: SubResponse = Object.freeze({ status: 0, headers: {}, body: undefined }) as SubResponse;

/** Values in OData string literals double their single quotes. */
const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
const OR_CHUNK = 15;
/** The item id of each site's revision item per kind (site:kind), once read or written. */
const REVISION_ITEMS = new Map<string, string>();
/** The counted kinds that writes touch (whose revision items are renewed after them). */
const COUNTED: readonly CountedKind[] = ['unit', 'person'];
const countedIn = (kinds: readonly string[]): CountedKind[] => COUNTED.filter((k) => kinds.includes(k));

/** How often and how patiently opening the store tries to finish what a crash left half done. */
export type RecoverOptions = { attempts?: number; firstWaitMs?: number; maxWaitMs?: number };

export type SharePointStore = Store & {
  /**
   * Finishes or undoes every commit the journal holds that no live process owns, retrying with backoff while
   * Graph fails; throws StoreUnavailableError when it still cannot (the store must not serve requests then).
   */
  recover(opts?: RecoverOptions): Promise<void>;
};

export function openSharePointStore(opts: SharePointStoreOptions): SharePointStore {
  return {
    forTenant(tenantId) {
      const siteId = opts.sites[tenantId];
      if (!siteId) throw new DomainError('forbidden', `no SharePoint site is configured for tenant ${tenantId}`, { reason: 'tenant' });
      return new SharePointTenantStore(opts, tenantId, siteId);
    },
    async ping() {
      for (const siteId of Object.values(opts.sites))
        await opts.client
          .api(`/sites/${siteId}`)
          .select('id')
          .get()
          .catch((e: unknown) => {
            throw graphFailure(e, `reaching the SharePoint site ${siteId}`);
          });
    },
    async recover({ attempts = 6, firstWaitMs = 1000, maxWaitMs = 30_000 } = {}) {
      for (const [tenantId, siteId] of Object.entries(opts.sites)) {
        const site = new SharePointTenantStore(opts, tenantId, siteId);
        for (let attempt = 1; ; attempt++) {
          const failure = await site.recoverPending();
          if (!failure) break;
          if (attempt >= attempts) {
            const cause = failure instanceof StoreUnavailableError ? failure : null;
            throw new StoreUnavailableError(
              'recovery_failed',
              `a commit left half done could not be finished or undone after ${attempts} attempts: ${failure.message}`,
              cause?.status,
              cause?.retryAfterSeconds,
            );
          }
          await new Promise((r) => setTimeout(r, Math.min(maxWaitMs, firstWaitMs * 2 ** (attempt - 1))));
        }
      }
    },
    async close() {},
  };
}

/** The named fields of a record, and its id (the Data column holds the whole record: Graph cannot select inside it). */
const pick = (record: Record<string, unknown>, fields: readonly string[]) => Object.fromEntries(['id', ...fields].map((f) => [f, record[f] ?? null]));

function titleOf(record: Record<string, unknown>): string {
  const pick = record.title ?? record.name ?? record.displayName ?? record.text ?? record.period ?? record.id;
  const text = typeof pick === 'object' && pick !== null ? Object.values(pick as Record<string, string>)[0] : String(pick);
  return String(text ?? record.id).slice(0, 255);
}

/** The columns of a record's item besides Data: Title, RecordId, SortKey, Revision and a copy of each indexed field. */
export function recordColumns(kind: EntityKind, record: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = { Title: titleOf(record), RecordId: record.id, SortKey: orderKey(String(record.id)), Revision: record.revision };
  for (const field of ENTITIES[kind].indexed as readonly string[]) {
    const v = record[field];
    fields[indexColumn(field).name] = v === null || v === undefined ? (field === 'year' ? NULL_NUMBER : NULL_TEXT) : v;
  }
  return fields;
}

/** The columns of an audit entry's item besides Data; SortKey sorts by time, then id. */
export const auditColumns = (e: AuditEntry): Record<string, unknown> => ({
  Title: `${e.action} ${e.entityKind}`,
  RecordId: e.id,
  EntityId: e.entityId,
  SortKey: auditKey(e),
});

/** How one list is paged in the port's order (orderedPage). */
type Ordering<T> = {
  list: EntityKind | 'audit';
  /** The query's own $filter ('' for none). */
  filter: string;
  /** Newest first (the audit trail) rather than ascending. */
  desc: boolean;
  read: (item: Item) => T;
  /** The item's SortKey, as written (orderKey, auditKey). */
  key: (record: T) => string;
  /** The port's order of two records, which the SortKey order agrees with. */
  compare: (a: T, b: T) => number;
};

/** A list request, or one window of it (`original` the request, `openFrom` where an open-ended window starts). */
type WindowJob = { i: number; r: SubRequest; windowed?: true; original?: SubRequest; openFrom?: number };

/** The list of a request url: `/sites/{site}/lists/{list}/items`. */
const listKey = (url: string) => url.split('?')[0]!;

/**
 * Lists SharePoint has refused a query on for its size, with the highest item id seen: a hint where the
 * windows end (the last is open-ended, so a stale hint loses nothing). Kept for the process, at most
 * MAX_LARGE_LISTS lists (the oldest forgotten first).
 */
const LARGE_LISTS = new Map<string, number>();
const MAX_LARGE_LISTS = 1000;
function rememberLarge(list: string, highest: number): void {
  LARGE_LISTS.delete(list);
  LARGE_LISTS.set(list, highest);
  if (LARGE_LISTS.size > MAX_LARGE_LISTS) LARGE_LISTS.delete(LARGE_LISTS.keys().next().value!);
}

/** A list request as windows of LIST_VIEW_THRESHOLD item ids from `from` to `highest`, the last one open-ended. */
function windowsOf(job: { i: number; r: SubRequest }, from: number, highest: number): WindowJob[] {
  const filter = filterOf(job.r.url)!;
  const windows: WindowJob[] = [];
  for (let start = from; ; start += LIST_VIEW_THRESHOLD) {
    const open = start + LIST_VIEW_THRESHOLD > highest;
    const f = `fields/ID ge ${start}${open ? '' : ` and fields/ID lt ${start + LIST_VIEW_THRESHOLD}`} and (${filter})`;
    const url = job.r.url.replace(/([?&])\$filter=[^&]*/, (_, sep: string) => `${sep}$filter=${encodeURIComponent(f)}`);
    windows.push({ i: job.i, r: { method: job.r.method, url }, windowed: true, original: job.r, ...(open ? { openFrom: start } : {}) });
    if (open) return windows;
  }
}

class SharePointTenantStore implements TenantStore {
  /** Items read or written during this store's life (one request): their item ids and ETags. */
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly opts: SharePointStoreOptions,
    readonly tenantId: string,
    private readonly siteId: string,
  ) {}

  private get client() {
    return this.opts.client;
  }
  private itemsUrl(kind: ListKind) {
    return `/sites/${this.siteId}/lists/${listOf(kind).displayName}/items`;
  }
  private fieldsSelect(kind: ListKind) {
    return `$select=id,eTag&$expand=fields($select=${listOf(kind)
      .columns.map((c) => c.name)
      .join(',')})`;
  }

  /** The $filter clauses of a where, one request per chunk of an "any of" list; [] when it can match nothing. */
  private filters<K extends EntityKind>(kind: K, where: Where<K>): string[] | null {
    const allowed = ENTITIES[kind].indexed as readonly string[];
    let clauses: string[][] = [[]];
    for (const [field, value] of Object.entries(where) as [string, unknown][]) {
      if (value === undefined) continue;
      if (!allowed.includes(field)) throw new Error(`${kind}.${field} is not an indexed field`);
      const col = `fields/${indexColumn(field).name}`;
      const norm = (v: unknown) => literal(v === null ? (field === 'year' ? NULL_NUMBER : NULL_TEXT) : (v as string | number));
      if (Array.isArray(value)) {
        const unique = [...new Set(value as (string | number)[])];
        if (!unique.length) return null;
        const chunks: string[] = [];
        for (let i = 0; i < unique.length; i += OR_CHUNK)
          chunks.push(
            `(${unique
              .slice(i, i + OR_CHUNK)
              .map((v) => `${col} eq ${norm(v)}`)
              .join(' or ')})`,
          );
        clauses = clauses.flatMap((c) => chunks.map((chunk) => [...c, chunk]));
      } else clauses = clauses.map((c) => [...c, `${col} eq ${norm(value)}`]);
    }
    return clauses.map((c) => c.join(' and '));
  }

  private listRequests<K extends EntityKind>(kind: K, where: Where<K>): SubRequest[] {
    const filters = this.filters(kind, where);
    if (filters === null) return [];
    return filters.map((f) => ({
      method: 'GET' as const,
      url: `${this.itemsUrl(kind)}?${this.fieldsSelect(kind)}${f ? `&$filter=${encodeURIComponent(f)}` : ''}&$top=${this.opts.pageSize ?? 5000}`,
    }));
  }

  /** Records by id, a chunk of ids per request. */
  private idsRequests(kind: EntityKind, ids: readonly string[]): SubRequest[] {
    const unique = [...new Set(ids)];
    const out: SubRequest[] = [];
    for (let i = 0; i < unique.length; i += OR_CHUNK) {
      const f = unique
        .slice(i, i + OR_CHUNK)
        .map((id) => `fields/RecordId eq ${literal(id)}`)
        .join(' or ');
      out.push({ method: 'GET', url: `${this.itemsUrl(kind)}?${this.fieldsSelect(kind)}&$filter=${encodeURIComponent(f)}&$top=${this.opts.pageSize ?? 5000}` });
    }
    return out;
  }

  private byIdRequest(kind: EntityKind, id: string): SubRequest {
    return {
      method: 'GET',
      url: `${this.itemsUrl(kind)}?${this.fieldsSelect(kind)}&$filter=${encodeURIComponent(`fields/RecordId eq ${literal(id)}`)}&$top=1`,
    };
  }

  private fail(res: SubResponse): never {
    const { code, message, retryAfterSeconds } = graphErrorOf(res);
    throw new StoreUnavailableError(code, message, res.status, retryAfterSeconds);
  }

  /**
   * Runs list requests in batches and follows every @odata.nextLink to the end (unless `follow` is false: a
   * page of at most $top items), batching the follow-ups too. A query SharePoint refuses for its list view
   * threshold (its filter alone matches more than 5,000 items of a larger list: the pending reminders of a
   * big campaign, the measurements of a big agreement) runs again in windows of item ids, each led by
   * `fields/ID ge a and fields/ID lt a+5000` — the always indexed ID column narrowed to at most 5,000 items —
   * and the original filter after it; the last window is open-ended (`fields/ID ge a`), so items added
   * since the highest id was looked up are read too. A list once refused is read in windows straight away
   * (LARGE_LISTS); should its open window have grown beyond the threshold, it is windowed again from there.
   */
  private async collect(requests: SubRequest[], follow = true): Promise<Item[][]> {
    const out: Item[][] = requests.map(() => []);
    // Windows replace a request by several: only where no request depends on another by its place.
    const sequenced = requests.some((r) => r.dependsOn?.length);
    let wave: WindowJob[] = requests.flatMap((r, i) => {
      const highest = !sequenced && filterOf(r.url) !== null ? LARGE_LISTS.get(listKey(r.url)) : undefined;
      return highest === undefined ? [{ i, r }] : windowsOf({ i, r }, 1, highest);
    });
    while (wave.length) {
      const answers = await sendBatch(
        this.client,
        wave.map((w) => w.r),
        this.opts.batch,
      );
      const next: WindowJob[] = [];
      const refused: WindowJob[] = [];
      answers.forEach((res, j) => {
        const job = wave[j]!;
        if (res.status !== 200) {
          if (refusedForSize(res) && filterOf(job.r.url) !== null && (!job.windowed || job.openFrom !== undefined)) return void refused.push(job);
          this.fail(res);
        }
        out[job.i]!.push(...((res.body?.value ?? []) as Item[]));
        const link = res.body?.['@odata.nextLink'] as string | undefined;
        if (link && follow) next.push({ i: job.i, r: { method: 'GET', url: this.relative(link) }, windowed: job.windowed });
      });
      if (refused.length) next.push(...(await this.inIdWindows(refused)));
      wave = next;
    }
    await this.joinParts(out.flat());
    return out;
  }

  /** The refused queries again, in windows of LIST_VIEW_THRESHOLD item ids up to each list's highest id (one round trip to find it). */
  private async inIdWindows(jobs: WindowJob[]): Promise<WindowJob[]> {
    const lists = [...new Set(jobs.map((j) => listKey(j.r.url)))];
    const tops = await sendBatch(
      this.client,
      lists.map((path) => ({ method: 'GET' as const, url: `${path}?$select=id&$orderby=${encodeURIComponent('fields/ID desc')}&$top=1` })),
      this.opts.batch,
    );
    tops.forEach((res, k) => {
      if (res.status !== 200) this.fail(res);
      rememberLarge(lists[k]!, Number((res.body?.value as { id: string }[] | undefined)?.[0]?.id ?? 0));
    });
    return jobs.flatMap((job) => windowsOf(job.original ? { i: job.i, r: job.original } : job, job.openFrom ?? 1, LARGE_LISTS.get(listKey(job.r.url))!));
  }

  /** Puts the parts of records kept in KAParts back into their Data (one more wave, only when there are any). */
  private async joinParts(items: Item[]): Promise<void> {
    const split = items.map((item) => ({ item, ref: partsReference(item.fields?.Data) })).filter((x) => x.ref !== null);
    if (!split.length) return;
    const keys = [...new Set(split.map((x) => x.ref!.key))];
    const requests: SubRequest[] = [];
    for (let i = 0; i < keys.length; i += OR_CHUNK) {
      const f = keys
        .slice(i, i + OR_CHUNK)
        .map((k) => `fields/PartsKey eq ${literal(k)}`)
        .join(' or ');
      requests.push({
        method: 'GET',
        url: `${this.itemsUrl('parts')}?${this.fieldsSelect('parts')}&$filter=${encodeURIComponent(f)}&$top=${this.opts.pageSize ?? 5000}`,
      });
    }
    const byKey = new Map<string, Item[]>();
    for (const part of (await this.collect(requests)).flat()) {
      const key = String(part.fields.PartsKey);
      byKey.set(key, [...(byKey.get(key) ?? []), part]);
    }
    for (const { item, ref } of split) {
      const parts = (byKey.get(ref!.key) ?? []).sort((a, b) => Number(a.fields.Part) - Number(b.fields.Part));
      if (parts.length !== ref!.count)
        throw new StoreUnavailableError('parts_missing', `record item ${item.id} has ${parts.length} of its ${ref!.count} parts`, 503);
      item.partsData = String(item.fields.Data);
      item.fields.Data = parts.map((p) => String(p.fields.Data)).join('');
      item.partItemIds = parts.map((p) => p.id);
    }
  }

  /** A nextLink is absolute; batch urls are relative to the version. */
  private relative(link: string): string {
    const u = new URL(link);
    return `${u.pathname.replace(/^\/v1\.0/, '')}${u.search}`;
  }

  private remember(kind: EntityKind, item: Item): Record<string, unknown> {
    const record = JSON.parse(String(item.fields.Data)) as Record<string, unknown>;
    const etag = item.eTag ?? item['@odata.etag'] ?? (item.fields['@odata.etag'] as string);
    this.known.set(`${kind}:${record.id}`, { itemId: item.id, etag, record, partsData: item.partsData, partItemIds: item.partItemIds });
    return record;
  }

  async get<K extends EntityKind>(kind: K, id: string): Promise<EntityOf<K> | null> {
    const [items] = await this.collect([this.byIdRequest(kind, id)]);
    const item = items![0];
    return item ? (this.remember(kind, item) as EntityOf<K>) : null;
  }

  async listAll<K extends EntityKind>(kind: K, where: Where<K>): Promise<EntityOf<K>[]> {
    const [result] = await this.readMany([{ kind, where } as ReadQuery]);
    return result as EntityOf<K>[];
  }

  /**
   * The token of the kind's item in KARevisions, which every commit that writes a record of the kind renews
   * after its writes (touchRevision): one small read. A list's own lastModifiedDateTime
   * (https://learn.microsoft.com/en-us/graph/api/resources/list) is no substitute: it has whole seconds, so two
   * changes within one second could leave a cache that read between them current in appearance.
   */
  async revisionOf(kind: CountedKind): Promise<string | null> {
    // Only the kinds whose writes renew their token (the roll-ups are not: port.ts, CountedKind).
    if (!COUNTED.includes(kind)) return null;
    const [res] = await sendBatch(this.client, [this.revisionRequest(kind)], this.opts.batch);
    // A site provisioned before KARevisions existed (npm run provision adds it): no revision, callers read afresh.
    if (res!.status === 404) return null;
    if (res!.status !== 200) this.fail(res!);
    return this.tokenOf(kind, (res!.body?.value as Item[] | undefined)?.[0]);
  }

  /** The revision and the records in one round trip: Graph reads the revision first (dependsOn). */
  async listCounted<K extends CountedKind>(kind: K): Promise<{ revision: string | null; records: EntityOf<K>[] }> {
    if (!COUNTED.includes(kind)) return { revision: null, records: await this.listAll(kind, {}) };
    try {
      const [revision, ...lists] = await this.collect([this.revisionRequest(kind), ...this.listRequests(kind, {}).map((r) => ({ ...r, dependsOn: [0] }))]);
      return {
        revision: this.tokenOf(kind, revision![0]),
        records: lists
          .flat()
          .map((item) => this.remember(kind, item) as EntityOf<K>)
          .sort(byId),
      };
    } catch (err) {
      if (!(err instanceof StoreUnavailableError && err.status === 404)) throw err;
      return { revision: await this.revisionOf(kind), records: await this.listAll(kind, {}) };
    }
  }

  private tokenOf(kind: CountedKind, item: Item | undefined): string {
    if (item) REVISION_ITEMS.set(`${this.siteId}:${kind}`, item.id);
    // The site is part of the token: caches of two sites holding the same tenant never mix.
    return `${this.siteId}:${item ? `${item.id}:${String(item.fields.Token)}` : 'none'}`;
  }

  private revisionRequest(kind: CountedKind): SubRequest {
    return {
      method: 'GET',
      url: `${this.itemsUrl('revisions')}?${this.fieldsSelect('revisions')}&$filter=${encodeURIComponent(`fields/RecordId eq ${literal(kind)}`)}&$top=1`,
    };
  }

  /**
   * Gives the kind's revision item a new token, after the writes of a commit (or of an undo) have been
   * carried out, so a server instance that read the records before or between them reads them again on
   * its next request. Written without If-Match: two instances renewing at once both leave a new token.
   */
  private async touchRevision(kind: CountedKind): Promise<void> {
    const key = `${this.siteId}:${kind}`;
    const fields = { Title: kind, RecordId: kind, Token: globalThis.crypto.randomUUID() };
    for (let attempt = 0; attempt < 3; attempt++) {
      // No KARevisions list on the site yet: nobody can cache, nothing to renew.
      if (!REVISION_ITEMS.has(key) && (await this.revisionOf(kind)) === null) return;
      const itemId = REVISION_ITEMS.get(key);
      const [res] = await sendBatch(
        this.client,
        [
          itemId
            ? { method: 'PATCH', url: `${this.itemsUrl('revisions')}/${itemId}/fields`, body: fields }
            : { method: 'POST', url: this.itemsUrl('revisions'), body: { fields } },
        ],
        this.opts.batch,
      );
      if (res!.status < 300) {
        if (!itemId) REVISION_ITEMS.set(key, String(res!.body?.id));
        return;
      }
      // Deleted meanwhile (404), or created by another instance at the same moment (409): look again.
      if (res!.status !== 404 && res!.status !== 409) this.fail(res!);
      REVISION_ITEMS.delete(key);
    }
    throw new StoreUnavailableError('revision_not_renewed', `the revision of ${kind} could not be renewed`, 503);
  }

  async count<K extends EntityKind>(kind: K, where: Where<K>): Promise<number> {
    return (await this.listAll(kind, where)).length;
  }

  /**
   * A page of a list in the port's order (compareIds), after the id the cursor holds. See orderedPage.
   */
  async list<K extends EntityKind>(kind: K, where: Where<K>, page: PageRequest): Promise<Page<EntityOf<K>>> {
    const filters = this.filters(kind, where);
    if (filters === null) return { items: [], nextCursor: null };
    if (filters.length > 1) throw new Error('paged lists take single values, not lists of values');
    const after = page.cursor ?? null;
    const rows = await this.orderedPage<EntityOf<K>>(
      { list: kind, filter: filters[0]!, desc: false, read: (item) => this.remember(kind, item) as EntityOf<K>, key: (r) => orderKey(r.id), compare: byId },
      after === null ? null : { key: orderKey(after), beyond: (r) => compareIds(after, r.id) < 0 },
      page.limit,
    );
    const items = rows.slice(0, page.limit);
    return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
  }

  /**
   * Up to limit + 1 records of a list in the port's order, after a position: ordered by the SortKey column,
   * which sorts as the port orders under every site collation (list-schema.ts, orderKey), never by the
   * collation of a text column. The position is the page's own (the last record's key), not a Graph
   * nextLink, so a page can be read in windows: when SharePoint refuses the query for its list view
   * threshold (its filter, or the key range after the position, alone matches more than 5,000 items), it is
   * asked again in windows of 5,000 item ids (collect), each window ordered by SortKey and cut to limit + 1,
   * and the windows merged — what "Handling Large Folders and Lists" prescribes: an indexed filter that
   * narrows to less than the threshold, ordered on an indexed column, a bounded row limit
   * (https://learn.microsoft.com/en-us/previous-versions/office/developer/sharepoint-2010/ee557257(v=office.14)).
   * Keys cut to a column's length may be equal for different records: those equal to the position's key, or
   * to the page's last, are read whole and ordered by the port's comparison.
   */
  private async orderedPage<T>(o: Ordering<T>, after: { key: string; beyond: (record: T) => boolean } | null, limit: number): Promise<T[]> {
    const cmp = o.desc ? 'lt' : 'gt';
    const url = (clause: string | null, top: number, ordered: boolean) => {
      const f = [o.filter, clause].filter(Boolean).join(' and ');
      const orderby = ordered ? `&$orderby=${encodeURIComponent(`fields/SortKey${o.desc ? ' desc' : ''}`)}` : '';
      return `${this.itemsUrl(o.list)}?${this.fieldsSelect(o.list)}${f ? `&$filter=${encodeURIComponent(f)}` : ''}${orderby}&$top=${top}`;
    };
    const ties = (key: string): SubRequest => ({ method: 'GET', url: url(`fields/SortKey eq ${literal(key)}`, LIST_VIEW_THRESHOLD, false) });
    const requests: SubRequest[] = [{ method: 'GET', url: url(after ? `fields/SortKey ${cmp} ${literal(after.key)}` : null, limit + 1, true) }];
    if (after && after.key.length >= TEXT_CHARS) requests.push(ties(after.key));
    const answers = await this.collect(requests, false);
    const seen = new Set<string>();
    const merge = (items: Item[]) =>
      items
        .filter((item) => !seen.has(item.id) && seen.add(item.id))
        .map(o.read)
        .filter((r) => !after || after.beyond(r));
    let rows = merge(answers.flat())
      .sort(o.compare)
      .slice(0, limit + 1);
    const last = rows[rows.length - 1];
    if (rows.length > limit && o.key(last!).length >= TEXT_CHARS) {
      const [more] = await this.collect([ties(o.key(last!))], false);
      rows = [...rows, ...merge(more!)].sort(o.compare).slice(0, limit + 1);
    }
    return rows;
  }

  async readMany<const Q extends readonly ReadQuery[]>(queries: Q): Promise<{ -readonly [I in keyof Q]: ReadResult<Q[I]> }> {
    const requests: SubRequest[] = [];
    const owners: number[] = [];
    queries.forEach((q, qi) => {
      const reqs = 'id' in q ? [this.byIdRequest(q.kind, q.id)] : 'ids' in q ? this.idsRequests(q.kind, q.ids) : this.listRequests(q.kind, q.where);
      for (const r of reqs) {
        requests.push(r);
        owners.push(qi);
      }
    });
    const answers = await this.collect(requests);
    const results: unknown[] = queries.map((q) => ('id' in q ? null : []));
    answers.forEach((items, i) => {
      const qi = owners[i]!;
      const q = queries[qi]!;
      const records = items.map((item) => this.remember(q.kind, item));
      if ('id' in q) results[qi] = records[0] ?? null;
      else if ('fields' in q && q.fields) (results[qi] as unknown[]).push(...records.map((r) => pick(r, q.fields!)));
      else (results[qi] as unknown[]).push(...records);
    });
    // Graph answers in item (creation) order, chunk by chunk: the port's order is by id.
    for (const r of results) if (Array.isArray(r)) (r as { id: string }[]).sort(byId);
    return results as { -readonly [I in keyof Q]: ReadResult<Q[I]> };
  }

  /**
   * The Data of a record: its JSON, or — longer than a text column holds — a reference to parts written as
   * KAParts items by the requests returned with it (in the same batch as the record).
   */
  private dataOf(json: string, title: string): { Data: string; parts: SubRequest[] } {
    if (json.length <= PART_CHARS) return { Data: json, parts: [] };
    const key = globalThis.crypto.randomUUID();
    const chunks = splitText(json);
    return {
      Data: JSON.stringify({ $parts: key, count: chunks.length }),
      parts: chunks.map((Data, i) => ({
        method: 'POST' as const,
        url: this.itemsUrl('parts'),
        body: { fields: { Title: `${title} ${i + 1}/${chunks.length}`.slice(0, 255), PartsKey: key, Part: i + 1, Data } },
      })),
    };
  }

  private fieldsOf(kind: EntityKind, record: Record<string, unknown>): { fields: Record<string, unknown>; parts: SubRequest[] } {
    const { Data, parts } = this.dataOf(JSON.stringify(record), `${kind} ${String(record.id)}`);
    return { fields: { ...recordColumns(kind, record), Data }, parts };
  }

  /** Deletes parts no record refers to any more (after a write replaced or deleted them); a failure only leaves unreferenced items. */
  private async dropParts(partItemIds: readonly string[]): Promise<void> {
    if (!partItemIds.length) return;
    await sendBatch(
      this.client,
      partItemIds.map((id) => ({ method: 'DELETE' as const, url: `${this.itemsUrl('parts')}/${id}`, headers: { 'If-Match': '*' } })),
      this.opts.batch,
    ).catch(() => undefined);
  }

  async commit(ops: readonly WriteOp[]): Promise<void> {
    assertAudited(ops);
    // 1. Know every target's item and ETag (one batch for those not read yet), and check revisions first.
    const targets = ops.filter((o): o is Exclude<WriteOp, { type: 'audit' }> => o.type !== 'audit');
    const unknown = targets.filter((o) => !this.known.has(`${o.kind}:${o.type === 'put' ? o.record.id : o.id}`));
    if (unknown.length) await this.readMany(unknown.map((o) => ({ kind: o.kind, id: o.type === 'put' ? o.record.id : o.id })));
    for (const op of targets) {
      const id = op.type === 'put' ? op.record.id : op.id;
      const known = this.known.get(`${op.kind}:${id}`);
      const current = known?.record ?? null;
      if (op.type === 'put' && op.expectedRevision === null && current) throw new ConflictError(op.kind, id, current, 'already_exists');
      if (op.expectedRevision !== null && (current?.revision ?? null) !== op.expectedRevision && !(op.type === 'delete' && !current))
        throw new ConflictError(op.kind, id, current);
    }
    // 2. Write everything, each update and delete guarded by If-Match.
    // A part is one KAParts item of a large record, written in the same batch and undone like the rest.
    const planned: Planned[] = [];
    const addParts = (op: WriteOp, parts: SubRequest[]) => parts.forEach((req) => planned.push({ op, req, before: undefined, part: true }));
    for (const op of ops) {
      if (op.type === 'audit') {
        const e: AuditEntry = op.entry;
        const { Data, parts } = this.dataOf(JSON.stringify(e), `audit ${e.id}`);
        const fields = { ...auditColumns(e), Data };
        addParts(op, parts);
        planned.push({ op, req: { method: 'POST', url: this.itemsUrl('audit'), body: { fields } }, before: undefined });
        continue;
      }
      const id = op.type === 'put' ? op.record.id : op.id;
      const before = this.known.get(`${op.kind}:${id}`);
      if (op.type === 'delete') {
        if (before)
          planned.push({ op, req: { method: 'DELETE', url: `${this.itemsUrl(op.kind)}/${before.itemId}`, headers: { 'If-Match': before.etag } }, before });
      } else if (before) {
        const { fields, parts } = this.fieldsOf(op.kind, op.record as unknown as Record<string, unknown>);
        addParts(op, parts);
        planned.push({
          op,
          req: { method: 'PATCH', url: `${this.itemsUrl(op.kind)}/${before.itemId}/fields`, headers: { 'If-Match': before.etag }, body: fields },
          before,
        });
      } else {
        const { fields, parts } = this.fieldsOf(op.kind, op.record as unknown as Record<string, unknown>);
        addParts(op, parts);
        planned.push({ op, req: { method: 'POST', url: this.itemsUrl(op.kind), body: { fields } }, before });
      }
    }
    await this.recoverPending();
    const counted = countedIn(targets.map((t) => t.kind));
    if (!counted.length) return this.carryOut(planned);
    try {
      await this.carryOut(planned);
    } catch (err) {
      // Undone, or partly: what other instances may have read meanwhile is no longer there.
      for (const kind of counted) await this.touchRevision(kind).catch(() => undefined);
      throw err;
    }
    for (const kind of counted) await this.touchRevision(kind);
  }

  /** 2. and 3. of a commit: the writes, and their undo when one of them fails. */
  private async carryOut(planned: readonly Planned[]): Promise<void> {
    const images = planned.map((p) => this.imageOf(p.op, p.before));
    const recordImages = images.filter((_, i) => !planned[i]!.part);
    // Write-ahead: a commit of more than one write is journaled before its first write, so a process killed
    // between its writes leaves an entry the next start finishes or undoes (recovery-journal.ts).
    const entry = planned.length > 1 ? await this.opts.recovery.begin(this.siteId, recordImages) : null;
    let answers: SubResponse[];
    let lost: StoreUnavailableError | null = null;
    try {
      answers = await sendBatch(
        this.client,
        planned.map((p) => p.req),
        this.opts.batch,
      );
    } catch (e) {
      if (!(e instanceof WriteOutcomeUnknown)) {
        // Nothing of the failing round trip was carried out, but an earlier one of a long commit may have been.
        for (const p of planned) this.forget(p.op);
        await this.undo(entry, recordImages);
        throw e;
      }
      // The answer was lost after sending: read back what SharePoint did before answering.
      lost = e.failure;
      const open = e.answers.flatMap((a, i) => (a === undefined ? [i] : []));
      let current: Map<string, Current>;
      try {
        current = await this.readCurrent(open.filter((i) => !planned[i]!.part).map((i) => images[i]!));
      } catch {
        // Nothing can be read now: the journal entry (all this commit may have written) is left for recovery.
        for (const p of planned) this.forget(p.op);
        if (entry) await this.opts.recovery.release(entry.id);
        throw lost;
      }
      answers = e.answers.map((a, i) => a ?? (matches(images[i]!, current, 'after') ? APPLIED : NOT_APPLIED));
    }
    const failed = answers.findIndex((a) => a.status >= 300 || a.status === 0);
    if (failed === -1) {
      // Complete: the entry goes before the replaced parts do (an undo would refer to them again).
      if (entry) await this.opts.recovery.resolve(entry.id);
      const replaced = planned.flatMap((p) => (p.part ? [] : (p.before?.partItemIds ?? [])));
      const partsOf = new Map<WriteOp, string[]>();
      answers.forEach((res, i) => {
        const p = planned[i]!;
        if (p.part) partsOf.set(p.op, [...(partsOf.get(p.op) ?? []), String(res.body?.id)]);
        else if (res === APPLIED) this.forget(p.op);
        else this.afterWrite(p, res, partsOf.get(p.op));
      });
      await this.dropParts(replaced);
      return;
    }
    // 3. Something failed: undo what succeeded, then report the failure.
    const applied = answers.flatMap((a, i) => (a.status > 0 && a.status < 300 ? [i] : []));
    for (const p of planned) this.forget(p.op);
    await this.undo(
      entry,
      applied.filter((i) => !planned[i]!.part).map((i) => images[i]!),
    );
    // Parts this commit wrote are referenced by nothing now (a restored record refers to its earlier parts).
    await this.dropParts(applied.filter((i) => planned[i]!.part && answers[i]!.body?.id).map((i) => String(answers[i]!.body.id)));
    const bad = answers[failed]!;
    if (bad.status === 0) throw lost ?? new StoreUnavailableError('not_applied', 'the write was not carried out');
    const op = planned[failed]!.op;
    if (op.type !== 'audit') {
      const id = op.type === 'put' ? op.record.id : op.id;
      if (bad.status === 412) throw new ConflictError(op.kind, id, await this.get(op.kind, id));
      // The item this commit read is gone (another commit deleted it, or undid its creation): changed meanwhile, as for 412.
      if (bad.status === 404 && planned[failed]!.before) throw new ConflictError(op.kind, id, await this.get(op.kind, id));
      if (bad.status === 409 && op.type === 'put') throw new ConflictError(op.kind, id, await this.get(op.kind, id), 'already_exists');
    }
    this.fail(bad);
  }

  /**
   * SharePoint has no transaction to hold open: the writes are gathered and go out as one commit (undone together
   * on failure). The chunks are held to the audit rule as chunks first (auditedChunks: a record's entry in its own
   * chunk), as every store holds them, so a stream that another store refuses is not accepted here.
   */
  async commitAll(chunks: AsyncIterable<readonly WriteOp[]>): Promise<void> {
    const ops: WriteOp[] = [];
    for await (const chunk of auditedChunks(chunks)) ops.push(...chunk);
    await this.commit(ops);
  }

  /**
   * Undoes a failed commit's writes that were carried out; the journal entry goes when that is done and
   * stays for recovery when it cannot be done now. Without an entry (a single write) there is nothing to undo.
   */
  private async undo(entry: RecoveryEntry | null, images: readonly Image[]): Promise<void> {
    if (!entry) return;
    if ((await this.restore(images)) === null) await this.opts.recovery.resolve(entry.id);
    else await this.opts.recovery.release(entry.id);
  }

  private imageOf(op: WriteOp, before: Known | undefined): Image {
    if (op.type === 'audit') return { kind: 'audit', id: op.entry.id, before: null, after: op.entry as unknown as Record<string, unknown> };
    const beforeData = before?.partsData ? { beforeData: before.partsData } : {};
    if (op.type === 'delete') return { kind: op.kind, id: op.id, before: before?.record ?? null, after: null, ...beforeData };
    return { kind: op.kind, id: op.record.id, before: before?.record ?? null, after: op.record as unknown as Record<string, unknown>, ...beforeData };
  }

  private forget(op: WriteOp): void {
    if (op.type !== 'audit') this.known.delete(`${op.kind}:${op.type === 'put' ? op.record.id : op.id}`);
  }

  private afterWrite(p: { op: WriteOp; req: SubRequest; before: Known | undefined }, res: SubResponse, partItemIds?: string[]): void {
    const { op } = p;
    if (op.type === 'audit') return;
    if (op.type === 'delete') {
      this.known.delete(`${op.kind}:${op.id}`);
      return;
    }
    const etag = (res.body?.eTag ?? res.body?.['@odata.etag'] ?? res.body?.fields?.['@odata.etag'] ?? res.headers?.ETag ?? '*') as string;
    const itemId = String(res.body?.id && op.type === 'put' && !p.before ? res.body.id : (p.before?.itemId ?? res.body?.id));
    const data = p.req.body as { fields?: { Data?: string }; Data?: string } | undefined;
    const partsData = partItemIds?.length ? (data?.fields?.Data ?? data?.Data) : undefined;
    this.known.set(`${op.kind}:${op.record.id}`, { itemId, etag, record: op.record as unknown as Record<string, unknown>, partsData, partItemIds });
  }

  /** The records of some images as they are now on the site: item id, ETag and record, by kind and id. */
  private async readCurrent(images: readonly Image[]): Promise<Map<string, Current>> {
    const requests: SubRequest[] = [];
    const kinds: string[] = [];
    for (const kind of [...new Set(images.map((i) => i.kind))]) {
      for (const r of this.idsRequests(
        kind as EntityKind,
        images.filter((i) => i.kind === kind).map((i) => i.id),
      )) {
        requests.push(r);
        kinds.push(kind);
      }
    }
    const out = new Map<string, Current>();
    const answers = await this.collect(requests);
    answers.forEach((items, j) => {
      for (const item of items) {
        const record = JSON.parse(String(item.fields.Data)) as Record<string, unknown>;
        out.set(`${kinds[j]}:${record.id}`, { itemId: item.id, etag: item.eTag ?? item['@odata.etag'] ?? String(item.fields['@odata.etag']), record });
      }
    });
    return out;
  }

  /**
   * Puts records back as they were before a commit, where they are still as the commit left them (a record
   * someone has changed since is left alone). Idempotent. Returns null when done, else why not.
   */
  private async restore(images: readonly Image[], known?: Map<string, Current>): Promise<Error | null> {
    if (!images.length) return null;
    try {
      const current = known ?? (await this.readCurrent(images));
      const reverse: SubRequest[] = [];
      for (const image of images) {
        if (!matches(image, current, 'after') || matches(image, current, 'before')) continue;
        const now = current.get(`${image.kind}:${image.id}`);
        const url = this.itemsUrl(image.kind as EntityKind);
        if (!image.before) {
          reverse.push({ method: 'DELETE', url: `${url}/${now!.itemId}`, headers: { 'If-Match': now!.etag } });
          continue;
        }
        // A record kept in parts refers to its earlier parts again (they are dropped only after a commit succeeds).
        const { fields, parts } = this.fieldsOf(image.kind as EntityKind, image.before);
        const restored = image.beforeData ? { ...fields, Data: image.beforeData } : fields;
        if (!image.beforeData) reverse.push(...parts);
        if (now) reverse.push({ method: 'PATCH', url: `${url}/${now.itemId}/fields`, headers: { 'If-Match': now.etag }, body: restored });
        else reverse.push({ method: 'POST', url, body: { fields: restored } });
      }
      const answers = reverse.length ? await sendBatch(this.client, reverse, this.opts.batch) : [];
      if (reverse.length) for (const kind of countedIn(images.map((i) => i.kind))) await this.touchRevision(kind);
      const refused = answers.find((a) => a.status >= 300 && a.status !== 404 && a.status !== 412);
      if (refused)
        return new StoreUnavailableError(graphErrorOf(refused).code, graphErrorOf(refused).message, refused.status, graphErrorOf(refused).retryAfterSeconds);
      // 404 / 412: changed by someone else meanwhile; read again and try once more next time.
      if (answers.some((a) => a.status === 404 || a.status === 412))
        return new StoreUnavailableError('changed_meanwhile', 'a record changed while it was restored');
      return null;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /**
   * Finishes what earlier commits left half done (journal entries of this site no live commit owns): a
   * commit all of whose writes are there is complete; any other is undone. Returns null when nothing is
   * left, else why not (the rest stays for the next time).
   */
  async recoverPending(): Promise<Error | null> {
    for (const entry of await this.opts.recovery.pending(this.siteId)) {
      let current: Map<string, Current>;
      try {
        current = await this.readCurrent(entry.images);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
      const complete = entry.images.every((image) => matches(image, current, 'after'));
      const failure = complete ? null : await this.restore(entry.images, current);
      if (failure) return failure;
      await this.opts.recovery.resolve(entry.id);
    }
    return null;
  }

  /** The audit trail in the port's order (compareAudit), after the position the cursor holds. See orderedPage. */
  async auditTrail(query: { entityId?: string }, page: PageRequest): Promise<Page<AuditEntry>> {
    const after = page.cursor ? parseAuditPosition(page.cursor) : null;
    if (page.cursor && !after) throw new DomainError('validation_failed', 'cursor is not a page of this store', {}, 'cursor');
    const rows = await this.orderedPage<AuditEntry>(
      {
        list: 'audit',
        filter: query.entityId ? `fields/EntityId eq ${literal(query.entityId)}` : '',
        desc: true,
        read: (item) => JSON.parse(String(item.fields.Data)) as AuditEntry,
        key: auditKey,
        compare: compareAudit,
      },
      after && { key: auditKey(after), beyond: (e) => compareAudit(after, e) < 0 },
      page.limit,
    );
    const items = rows.slice(0, page.limit);
    return { items, nextCursor: rows.length > page.limit ? auditPosition(items[items.length - 1]!) : null };
  }
}
