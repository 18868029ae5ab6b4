/**
 * A local, in-process stand-in for Microsoft Graph v1.0 — the SharePoint sites / lists / columns /
 * list items part, list-item delta and JSON batching — answering over real HTTPS in Graph's
 * documented shapes, so the SharePoint storage adapter can be tested without a tenant.
 *
 * TLS: at start a self-signed certificate for 127.0.0.1 is made with the `openssl` CLI in a temporary
 * directory (read into memory, directory removed). Trust it with `standin.ca`:
 *   - `trustingFetch(standin.ca)` — a `fetch` built on `https.request` with `{ ca }` (no dependency:
 *     `undici` is not installed as a package here, and Node 20's built-in fetch cannot be given a CA
 *     without undici's `Agent`). Hand it to the Graph client's final middleware.
 *   - or start a child process with `NODE_EXTRA_CA_CERTS` pointing at a file holding `standin.ca`.
 *
 * Shapes, codes and messages follow microsoftgraph/microsoft-graph-docs-contrib (see README.md in this
 * folder for what was looked up and what is a best guess). The behaviours the SharePoint adapter relies on,
 * each with its page (cited again where it is served):
 *   - JSON batching — request/response shape, at most 20, answers matched by id and in any order, outer 200:
 *     https://learn.microsoft.com/graph/json-batching
 *   - throttling — 429 with (or without) Retry-After, whole or fractional seconds, the error body:
 *     https://learn.microsoft.com/graph/throttling
 *   - error bodies — code, message, innerError (request-id, date, nested code): https://learn.microsoft.com/graph/errors
 *   - paging — @odata.nextLink is opaque, keeps the query options, by list title or id:
 *     https://learn.microsoft.com/graph/paging
 *   - ETags of list items, both forms: https://learn.microsoft.com/graph/api/listitem-get and
 *     https://learn.microsoft.com/graph/api/listitem-delta
 *   - tokens: the Entra ID stand-in, tests/support/entra-standin.ts.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GRAPH_HOST, routeHost, type Route } from '../support/microsoft-cloud';
import { closeAfter } from '../support/teardown';
import { usersRoute, type StandinUser } from './users';
import {
  ODataError,
  compareValues,
  evalFilter,
  type Collate,
  parseFilter,
  parseOrderBy,
  parseQuery,
  type ExpandItem,
  type FilterNode,
  type Operand,
  type QueryOptions,
} from './odata';

// ====================================================================================================
// Public API
// ====================================================================================================

export type RecordedRequest = {
  method: string;
  /** Path and query exactly as received, e.g. `/v1.0/sites/...` (an absolute URL is never recorded). */
  url: string;
  /** Request headers, lower-case names (as Node gives them), e.g. `headers['user-agent']`. */
  headers: Record<string, string>;
  body: unknown;
  /** Set for `POST /v1.0/$batch`: the number of sub-requests. */
  batchSize?: number;
};

/**
 * A fault to inject. `match` receives the method and the URL as path + query starting with `/v1.0/`
 * (for a sub-request inside a `$batch`, its relative URL with `/v1.0` prefixed if it lacked it).
 */
export type Fault = {
  /** `body` is the parsed request body (of a `$batch`: `{ requests: [...] }`; of a sub-request: its own). */
  match: (req: { method: string; url: string; body?: unknown }) => boolean;
  /** The error status to answer (not needed with `drop`). */
  status?: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
  /** How many matching requests to fail (default 1). */
  times?: number;
  /** Hit matching sub-requests inside a `$batch` (the batch answers 200) instead of plain requests. */
  insideBatch?: boolean;
  /**
   * Instead of an error status, drop the connection: `before` the request is carried out (nothing happens),
   * or `after` it (the request took effect but its answer is lost). The client sees a network error
   * ("fetch failed"). Plain requests only (a `$batch` as a whole).
   */
  drop?: 'before' | 'after';
  /**
   * Answer `status` only after carrying the request out (a gateway that gave up waiting for an answer that
   * did come: 504 Gateway Timeout, https://learn.microsoft.com/en-us/graph/errors). Plain requests only.
   */
  carriedOut?: boolean;
};

export interface GraphStandin {
  baseUrl: string;
  /** Where graph.microsoft.com reaches it (for a child process: tests/support/route-microsoft-hosts.ts). */
  route: Route;
  hostname: string;
  ca: string;
  requests: RecordedRequest[];
  resetRequests(): void;
  inject(fault: Fault): void;
  /**
   * The Retry-After of the last 429 or 503 fault served (null: it had none). The stand-in, not the test,
   * decides whether one is sent (faultError): a test holds the adapter's answer to what was served.
   */
  lastRetryAfter(): string | null;
  /** Forgets every injected fault not yet used up. */
  clearFaults(): void;
  setPageSize(n: number): void;
  setLatency(ms: number): void;
  /**
   * A site with the collation of its regional settings: `locale` (a BCP 47 tag) or, without one, Danish/Norwegian,
   * Finnish/Swedish and General in turn.
   */
  createSite(hostname: string, serverRelativePath: string, opts?: { displayName?: string; locale?: string }): { id: string };
  /** Makes every delta token handed out so far stale: using one answers 410 `resyncRequired`. */
  invalidateDeltaTokens(): void;
  /**
   * Test set-up, not a Graph behaviour: adds items to a list (by title or id) at once, each value checked
   * against its column as a create would, without the unique-value scan (the caller's ids are unique).
   * For lists of many thousand items, which would take minutes to write through batches.
   */
  seedItems(siteId: string, list: string, items: readonly Record<string, unknown>[]): void;
  /** Test set-up: the tenant's users (Entra ID) that `/users` lists and searches (users.ts). */
  seedUsers(users: readonly StandinUser[]): void;
  stop(): Promise<void>;
}

// ====================================================================================================
// State
// ====================================================================================================

type ColumnKind = 'text' | 'number' | 'boolean' | 'dateTime';

type Column = {
  id: string;
  name: string;
  displayName: string;
  description: string;
  columnGroup: string;
  enforceUniqueValues: boolean;
  hidden: boolean;
  indexed: boolean;
  readOnly: boolean;
  required: boolean;
  kind: ColumnKind;
  facet: Record<string, unknown>;
  /** Built-in fields are computed (id, Created, ...) and cannot be written. */
  computed?: (item: Item) => unknown;
};

type Item = {
  id: number;
  guid: string;
  version: number;
  values: Record<string, unknown>; // user-writable column values (by internal name)
  created: string;
  modified: string;
  changeSeq: number;
};

type ListState = {
  id: string;
  displayName: string;
  name: string;
  description: string;
  created: string;
  modified: string;
  etagVersion: number;
  columns: Column[];
  items: Map<number, Item>;
  nextItemId: number;
  tombstones: { id: number; seq: number }[];
  site: Site;
};

type Site = {
  id: string;
  hostname: string;
  serverRelativePath: string;
  name: string;
  displayName: string;
  created: string;
  modified: string;
  lists: ListState[];
  /** How text is sorted and compared on the site (SITE_COLLATIONS). */
  collate: Collate;
};

/**
 * SharePoint sorts and compares text by the collation of the site's regional settings
 * (RegionalSettings.Collation: https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server/jj170823(v=office.15),
 * "the rules by which characters are sorted and compared"; the locale sets it: "The locale setting controls
 * numbering, sorting, …", https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server-2010/cc824907(v=office.14)),
 * without case (SharePoint's text comparisons ignore case) but with accents. A municipality's site is Danish or
 * Swedish; sites made without a locale get Danish/Norwegian, Finnish/Swedish and General (en-US) in turn, so a
 * client that relies on one collation's order (or on code-unit order) fails on another. ICU's collations
 * stand for Windows' here: in Danish "aa" sorts (and compares) as "å", after "z"; punctuation comes before
 * digits, and digits before letters.
 */
const SITE_COLLATIONS = ['da-DK', 'sv-SE', 'en-US'] as const;
const collationOf = (locale: string): Collate => new Intl.Collator(locale, { sensitivity: 'accent', usage: 'sort' }).compare;

const USER = { displayName: 'Graph Stand-in', id: '6f5a9d6e-2c1a-4f57-9a0e-6a51d2b3c4e5', email: 'standin@contoso.com' };
const JSON_CT = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const ITEM_CT = { id: '0x0100A1B2C3D4E5F60718293A4B5C6D7E8F90', name: 'Item' };
const MAX_TOP = 5000;
const NOTE_MAX_CHARS = 63_999;
const LIST_VIEW_THRESHOLD = 5000;
const MAX_BATCH = 20;
const HONOR_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';

const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// ====================================================================================================
// Internal request/response model (shared by plain requests and $batch sub-requests)
// ====================================================================================================

type Req = {
  method: string;
  /** path + query, relative to the version, starting with '/' (e.g. `/sites/x/lists?$top=1`). */
  rel: string;
  headers: Record<string, string>; // lower-case names
  body: unknown;
};
type Res = { status: number; headers: Record<string, string>; body?: unknown };

class GraphError extends Error {
  /** Served without innerError (the error resource's innerError is optional: https://learn.microsoft.com/graph/errors). */
  withoutInner = false;
  /** A throttling fault (429 or 503) answered inside a $batch: the batch decides where its Retry-After goes. */
  throttled = false;
  constructor(
    public status: number,
    public code: string,
    message: string,
    public extraHeaders: Record<string, string> = {},
    public inner: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFound = (what: string): GraphError => new GraphError(404, 'itemNotFound', what);
const invalid = (msg: string): GraphError => new GraphError(400, 'invalidRequest', msg);
const methodNotAllowed = (): GraphError => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

const DEFAULT_FAULT: Record<number, { code: string; message: string; inner?: Record<string, string> }> = {
  400: { code: 'invalidRequest', message: 'The request is malformed or incorrect.' },
  401: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
  403: { code: 'accessDenied', message: 'Access denied. You do not have permission to perform this action or access this resource.' },
  404: { code: 'itemNotFound', message: 'The resource could not be found.' },
  409: { code: 'nameAlreadyExists', message: 'The specified item name already exists.' },
  412: { code: 'resourceModified', message: "ETag does not match current item's value", inner: { code: 'entityTagDoesNotMatch' } },
  423: { code: 'resourceLocked', message: 'The resource that is being accessed is locked.' },
  // https://learn.microsoft.com/graph/throttling, "Sample response"
  429: { code: 'TooManyRequests', message: 'Please retry again later.', inner: { code: '429', message: 'Please retry after', status: '429' } },
  500: { code: 'generalException', message: 'An unspecified error has occurred.' },
  502: { code: 'generalException', message: 'Bad gateway.' },
  503: { code: 'serviceNotAvailable', message: 'The service is not available. Try the request again after a delay. There may be a Retry-After header.' },
  504: { code: 'generalException', message: 'The server, while acting as a proxy, did not receive a timely response from the upstream server.' },
};

// ====================================================================================================
// Certificate
// ====================================================================================================

const execFileP = promisify(execFile);

/**
 * A self-signed certificate for 127.0.0.1 and for Microsoft's public hosts (also used by the Entra and Bot
 * Connector stand-ins): tests reach a stand-in by its public name, routed to it underneath fetch
 * (tests/support/microsoft-cloud.ts), and TLS checks the name as it would against Microsoft.
 */
export async function makeCertificate(): Promise<{ key: string; cert: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-standin-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await execFileP('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '7',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:login.microsoftonline.com,DNS:graph.microsoft.com',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]);
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ====================================================================================================
// The stand-in
// ====================================================================================================

export async function startGraphStandin(opts: { latencyMs?: number; pageSize?: number } = {}): Promise<GraphStandin> {
  const { key, cert } = await makeCertificate();
  const sites: Site[] = [];
  const faults: (Fault & { left: number })[] = [];
  const requests: RecordedRequest[] = [];
  let pageSize = opts.pageSize ?? 100;
  let latencyMs = opts.latencyMs ?? 0;
  let changeSeq = 0;
  let batchCount = 0;
  let faultCount = 0;
  const users: StandinUser[] = [];
  let batchThrottleCount = 0;
  let lastRetryAfter: string | null = null;
  let deltaEpoch = 1;
  let baseUrl = '';

  // ---------------------------------------------------------------- lookups
  const findSiteById = (id: string): Site | undefined => sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
  const findSiteByPath = (host: string, p: string): Site | undefined => {
    const norm = (x: string): string => ('/' + x.replace(/^\/+|\/+$/g, '')).toLowerCase();
    return sites.find((s) => s.hostname.toLowerCase() === host.toLowerCase() && norm(s.serverRelativePath) === norm(p));
  };
  const siteWebUrl = (s: Site): string => `https://${s.hostname}${s.serverRelativePath === '/' ? '' : s.serverRelativePath}`;
  const findList = (site: Site, ref: string): ListState => {
    const l = site.lists.find((x) => x.id.toLowerCase() === ref.toLowerCase()) ?? site.lists.find((x) => x.displayName.toLowerCase() === ref.toLowerCase());
    if (!l) throw notFound('The specified list was not found');
    return l;
  };
  const findColumn = (list: ListState, ref: string): Column => {
    const c = list.columns.find((x) => x.id.toLowerCase() === ref.toLowerCase()) ?? list.columns.find((x) => x.name.toLowerCase() === ref.toLowerCase());
    if (!c) throw notFound('The specified column was not found');
    return c;
  };
  const findItem = (list: ListState, ref: string): Item => {
    const it = /^\d+$/.test(ref) ? list.items.get(Number(ref)) : undefined;
    if (!it) throw notFound('The specified item was not found');
    return it;
  };
  /** Resolves a field reference (as used in fields/X, $select and request bodies) to a column. */
  const fieldColumn = (list: ListState, name: string): Column | undefined =>
    name.toLowerCase() === 'id' ? list.columns.find((c) => c.name === 'ID') : list.columns.find((c) => c.name === name);

  // ---------------------------------------------------------------- builders
  /**
   * A list item's ETag: a quoted "<unique id>,<version>". Microsoft's pages show it both with the id in
   * braces and upper case ("{12AD05BB-…},756": https://learn.microsoft.com/graph/api/listitem-delta,
   * "Response") and as a bare GUID ("…,1": https://learn.microsoft.com/graph/api/listitem-get); the stand-in
   * serves both, item by item (odd ids braced), so a client can only treat it as opaque. The version goes
   * up on every update (https://learn.microsoft.com/graph/api/resources/listitem, eTag: "ETag for the item").
   */
  const etagOf = (it: Item): string => (it.id % 2 ? `"{${it.guid.toUpperCase()}},${it.version}"` : `"${it.guid},${it.version}"`);
  const listEtag = (l: ListState): string => `"${l.id},${l.etagVersion}"`;

  const builtInColumns = (): Column[] => [
    col({
      id: 'c042a256-787d-4a6f-8a8a-cf6ab767f12d',
      name: 'ContentType',
      displayName: 'Content Type',
      columnGroup: '_Hidden',
      kind: 'text',
      computed: () => 'Item',
    }),
    col({ id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247', name: 'Title', displayName: 'Title', columnGroup: 'Custom Columns', kind: 'text', required: true }),
    col({
      id: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f',
      name: 'Modified',
      displayName: 'Modified',
      columnGroup: '_Hidden',
      kind: 'dateTime',
      readOnly: true,
      computed: (it) => it.modified,
    }),
    col({
      id: '8c06beca-0777-48f7-91c7-6da68bc07b69',
      name: 'Created',
      displayName: 'Created',
      columnGroup: '_Hidden',
      kind: 'dateTime',
      readOnly: true,
      computed: (it) => it.created,
    }),
    col({
      id: '1d22ea11-1e32-424e-89ab-9fedbadb6ce1',
      name: 'ID',
      displayName: 'ID',
      columnGroup: '_Hidden',
      kind: 'number',
      readOnly: true,
      indexed: true,
      computed: (it) => String(it.id),
    }),
  ];

  function defaultFacet(kind: ColumnKind, given: Record<string, unknown> | undefined): Record<string, unknown> {
    const g = given ?? {};
    switch (kind) {
      case 'text': {
        const multi = g.allowMultipleLines === true;
        const base: Record<string, unknown> = multi
          ? { allowMultipleLines: true, appendChangesToExistingText: false, linesForEditing: 6 }
          : { allowMultipleLines: false, appendChangesToExistingText: false, linesForEditing: 0, maxLength: 255 };
        return { ...base, ...g };
      }
      case 'number':
        return { decimalPlaces: 'automatic', displayAs: 'number', maximum: 1.7976931348623157e308, minimum: -1.7976931348623157e308, ...g };
      case 'boolean':
        return { ...g };
      case 'dateTime':
        return { displayAs: 'default', format: 'dateTime', ...g };
    }
  }

  function col(c: Partial<Column> & { id: string; name: string; kind: ColumnKind }): Column {
    return {
      displayName: c.name,
      description: '',
      columnGroup: 'Custom Columns',
      enforceUniqueValues: false,
      hidden: false,
      indexed: false,
      readOnly: false,
      required: false,
      ...c,
      facet: c.facet ?? defaultFacet(c.kind, undefined),
    };
  }

  function columnFromBody(list: ListState, b: Record<string, unknown>): Column {
    const name = typeof b.name === 'string' && b.name ? b.name : typeof b.displayName === 'string' ? b.displayName : '';
    if (!name) throw invalid("The column definition requires a 'name'.");
    if (list.columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      throw new GraphError(409, 'nameAlreadyExists', `A duplicate field name "${name}" was found.`);
    }
    const kinds = (['text', 'number', 'boolean', 'dateTime'] as ColumnKind[]).filter((k) => b[k] !== undefined);
    if (kinds.length !== 1) throw invalid('A column definition needs exactly one of text, number, boolean, dateTime (the stand-in supports these).');
    const kind = kinds[0]!;
    const enforce = b.enforceUniqueValues === true;
    return col({
      id: randomUUID(),
      name,
      displayName: typeof b.displayName === 'string' ? b.displayName : name,
      description: typeof b.description === 'string' ? b.description : '',
      enforceUniqueValues: enforce,
      hidden: b.hidden === true,
      // SharePoint indexes a column when unique values are enforced on it.
      indexed: b.indexed === true || enforce,
      readOnly: false,
      required: b.required === true,
      kind,
      facet: defaultFacet(kind, b[kind] as Record<string, unknown>),
    });
  }

  const columnJson = (c: Column): Record<string, unknown> => ({
    columnGroup: c.columnGroup,
    description: c.description,
    displayName: c.displayName,
    enforceUniqueValues: c.enforceUniqueValues,
    hidden: c.hidden,
    id: c.id,
    indexed: c.indexed,
    name: c.name,
    readOnly: c.readOnly,
    required: c.required,
    [c.kind]: c.facet,
  });

  const siteJson = (s: Site): Record<string, unknown> => ({
    '@odata.context': `${baseUrl}/v1.0/$metadata#sites/$entity`,
    createdDateTime: s.created,
    description: '',
    id: s.id,
    lastModifiedDateTime: s.modified,
    name: s.name,
    webUrl: siteWebUrl(s),
    displayName: s.displayName,
    siteCollection: { hostname: s.hostname },
  });

  const listJson = (l: ListState): Record<string, unknown> => ({
    '@odata.etag': listEtag(l),
    createdDateTime: l.created,
    description: l.description,
    eTag: listEtag(l),
    id: l.id,
    lastModifiedDateTime: l.modified,
    name: l.name,
    webUrl: `${siteWebUrl(l.site)}/Lists/${l.name}`,
    displayName: l.displayName,
    createdBy: { user: { ...USER } },
    lastModifiedBy: { user: { ...USER } },
    parentReference: { siteId: l.site.id },
    list: { contentTypesEnabled: false, hidden: false, template: 'genericList' },
  });

  function fieldsJson(l: ListState, it: Item, select?: string[]): Record<string, unknown> {
    const title = it.values.Title;
    const all: Record<string, unknown> = { '@odata.etag': etagOf(it) };
    // Column values in column order: Title, then the list's own columns.
    for (const c of l.columns) {
      if (c.computed) continue;
      const v = it.values[c.name];
      if (v !== undefined && v !== null) all[c.name] = v;
    }
    Object.assign(all, {
      id: String(it.id),
      ContentType: 'Item',
      Modified: it.modified,
      Created: it.created,
      AuthorLookupId: '6',
      EditorLookupId: '6',
      _UIVersionString: `${it.version}.0`,
      Attachments: false,
      Edit: '',
      ...(title !== undefined && title !== null ? { LinkTitleNoMenu: title, LinkTitle: title } : {}),
      ItemChildCount: '0',
      FolderChildCount: '0',
      _ComplianceFlags: '',
      _ComplianceTag: '',
      _ComplianceTagWrittenTime: '',
      _ComplianceTagUserId: '',
    });
    if (!select) return all;
    const out: Record<string, unknown> = { '@odata.etag': all['@odata.etag'] };
    for (const s of select) {
      const k = s.toLowerCase() === 'id' ? 'id' : s;
      if (all[k] !== undefined) out[k] = all[k];
    }
    return out;
  }

  function itemJson(l: ListState, it: Item, expand?: ExpandItem[]): Record<string, unknown> {
    const j: Record<string, unknown> = {
      '@odata.etag': etagOf(it),
      createdDateTime: it.created,
      eTag: etagOf(it),
      id: String(it.id),
      lastModifiedDateTime: it.modified,
      webUrl: `${siteWebUrl(l.site)}/Lists/${l.name}/${it.id}_.000`,
      createdBy: { user: { ...USER } },
      lastModifiedBy: { user: { ...USER } },
      parentReference: { id: l.id, siteId: l.site.id },
      contentType: { ...ITEM_CT },
    };
    const fx = expand?.find((e) => e.name.toLowerCase() === 'fields');
    if (fx) {
      j['fields@odata.context'] = `${baseUrl}/v1.0/$metadata#sites('${l.site.id}')/lists('${l.id}')/items('${it.id}')/fields/$entity`;
      j.fields = fieldsJson(l, it, fx.options.select);
    }
    return j;
  }

  const selectProps = (obj: Record<string, unknown>, select?: string[], keep: string[] = []): Record<string, unknown> => {
    if (!select) return obj;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith('@odata.') || keep.includes(k) || select.some((s) => s.toLowerCase() === k.toLowerCase())) out[k] = v;
    }
    return out;
  };

  // ---------------------------------------------------------------- field writes
  function coerce(c: Column, v: unknown): unknown {
    if (v === null) return null;
    const bad = (): GraphError => invalid(`Field '${c.name}' has an invalid value for a ${c.kind} column.`);
    switch (c.kind) {
      case 'text':
        if (typeof v !== 'string') throw bad();
        if (c.facet.allowMultipleLines !== true && v.length > Number(c.facet.maxLength ?? 255)) {
          throw invalid(`The value of field '${c.name}' exceeds its maximum length of ${String(c.facet.maxLength ?? 255)} characters.`);
        }
        // A Multiple lines of text column in a list holds at most 63,999 characters ("Multiple lines of text"
        // in https://support.microsoft.com/en-us/office/list-and-library-column-types-and-options-0d8ddb7b-7dc7-414d-a283-ee9dca891df7;
        // the textColumn resource, https://learn.microsoft.com/en-us/graph/api/resources/textcolumn, gives no
        // larger maxLength for allowMultipleLines). Longer values are refused, not cut.
        if (c.facet.allowMultipleLines === true && v.length > NOTE_MAX_CHARS) {
          throw invalid(`The value of field '${c.name}' exceeds its maximum length of ${NOTE_MAX_CHARS} characters.`);
        }
        return v;
      case 'number':
        if (typeof v === 'number' && Number.isFinite(v)) return v;
        if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
        throw bad();
      case 'boolean':
        if (typeof v === 'boolean') return v;
        throw bad();
      case 'dateTime': {
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw bad();
        return new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
    }
  }

  function applyFields(l: ListState, it: Item | undefined, fields: unknown): Record<string, unknown> {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw invalid('Invalid request body: fields must be an object.');
    const next: Record<string, unknown> = { ...(it?.values ?? {}) };
    for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
      if (k.startsWith('@odata.')) continue;
      const c = fieldColumn(l, k);
      if (!c) throw invalid(`Field '${k}' is not recognized`);
      if (c.readOnly || c.computed) throw invalid(`Field '${k}' is read-only`);
      next[c.name] = coerce(c, v);
    }
    // Unique values (SharePoint compares text case-insensitively).
    for (const c of l.columns) {
      if (!c.enforceUniqueValues) continue;
      const v = next[c.name];
      if (v === undefined || v === null || v === '') continue;
      for (const other of l.items.values()) {
        if (it && other.id === it.id) continue;
        const ov = other.values[c.name];
        if (ov !== undefined && ov !== null && compareValues(ov, v, l.site.collate) === 0) {
          throw new GraphError(
            409,
            'nameAlreadyExists',
            'The list item could not be added or updated because duplicate values were found in one or more fields in the list.',
          );
        }
      }
    }
    return next;
  }

  function checkIfMatch(req: Req, it: Item): void {
    const h = req.headers['if-match'];
    if (h === undefined) return;
    const norm = (s: string): string => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '').replace(/[{}]/g, '').toLowerCase();
    const tags = h.split(/,(?=\s*(?:W\/)?")/).map((x) => x.trim());
    if (tags.some((t) => t === '*')) return;
    const current = norm(etagOf(it));
    if (!tags.some((t) => norm(t) === current)) {
      throw new GraphError(412, 'resourceModified', "ETag does not match current item's value", {}, { code: 'entityTagDoesNotMatch' });
    }
  }

  // ---------------------------------------------------------------- item queries
  const itemValue = (l: ListState, it: Item, fieldPath: string): unknown => {
    const name = fieldPath.replace(/^fields\//i, '');
    const c = fieldColumn(l, name);
    if (!c) return undefined;
    if (c.computed) {
      const v = c.computed(it);
      return c.name === 'ID' ? Number(v) : v;
    }
    return it.values[c.name];
  };

  function checkQueryable(l: ListState, paths: string[], req: Req, forFilter: boolean): void {
    const prefer = (req.headers['prefer'] ?? '').toLowerCase().includes(HONOR_NON_INDEXED.toLowerCase());
    for (const p of paths) {
      const m = /^fields\/(.+)$/i.exec(p);
      if (!m) throw invalid(`Invalid ${forFilter ? 'filter' : 'orderby'} clause: only fields/<column> can be referenced on list items ('${p}').`);
      const c = fieldColumn(l, m[1]!);
      if (!c) throw invalid(`Field '${m[1]}' is not recognized`);
      if (!c.indexed && !prefer) {
        throw invalid(
          `Field '${c.name}' cannot be referenced in filter or orderby as it is not indexed. Provide all query options with 'Prefer: ${HONOR_NON_INDEXED}' to allow non-indexed queries.`,
        );
      }
    }
  }

  function pageSizeFor(q: QueryOptions): number {
    if (q.top === undefined) return pageSize;
    if (!/^\d+$/.test(q.top) || Number(q.top) < 1) throw invalid(`Invalid value '${q.top}' for $top.`);
    return Math.min(Number(q.top), MAX_TOP);
  }

  /** The URL of the next page: the original path and query options, with the skip token replaced. */
  function nextLinkFor(req: Req, param: string, token: string, path?: string): string {
    const [p, qs = ''] = req.rel.split(/\?(.*)/s, 2) as [string, string?];
    const kept = qs.split('&').filter((x) => x && !new RegExp(`^\\$?${param.replace(/^\$/, '')}=`, 'i').test(x));
    kept.push(`${param}=${encodeURIComponent(token)}`);
    return `${baseUrl}/v1.0${path ?? p}?${kept.join('&')}`;
  }

  /**
   * How the next page of list items names its list, in turn: by title and by GUID. Graph's paging guidance
   * (https://learn.microsoft.com/en-us/graph/paging, "treat the entire URL as an opaque string") leaves
   * the path of the link to the service: a list asked for by title may come back named by its GUID, which
   * Graph accepts as `{list-id}` in every list URL (https://learn.microsoft.com/en-us/graph/api/list-get,
   * "GET /sites/{site-id}/lists/{list-id}"). Both forms carry a $skiptoken (concepts/paging.md).
   */
  const NEXT_LINK_FORMS = ['title', 'guid'] as const;
  let nextLinkTurn = 0;
  function itemsPathFor(l: ListState, req: Req): string {
    const form = NEXT_LINK_FORMS[nextLinkTurn++ % NEXT_LINK_FORMS.length]!;
    const sitePart = /^(\/sites\/.*?)\/lists\//i.exec(req.rel.split('?')[0]!)?.[1] ?? `/sites/${l.site.id}`;
    return `${sitePart}/lists/${form === 'title' ? encodeURIComponent(l.displayName) : l.id}/items`;
  }

  /**
   * SharePoint's list view threshold (5,000 items, fixed in SharePoint Online): on a list holding more, a
   * query may not make the database look at more than 5,000 items. "Manage large lists and libraries"
   * (https://support.microsoft.com/en-us/office/manage-large-lists-and-libraries-b8588dae-9387-48c2-9248-c24122f07c59)
   * and "Add an index to a list or library column"
   * (https://support.microsoft.com/en-us/office/add-an-index-to-a-list-or-library-column-f3f00554-b7dc-44d1-a2ed-d477eac463b0):
   * the first column a filter uses must be indexed, and the filter on it must return fewer items than the
   * threshold — an index does not help when its filter alone matches more. Modelled so: the leading
   * predicate is the first conjunct of the filter (an "or" group as a whole), together with every further
   * top-level comparison on the same column (a range such as `ID ge 1 and ID lt 5001`); on a list above the
   * threshold it must be on an indexed column (the Prefer header does not lift this) and match at most 5,000
   * items. Unfiltered reads page through any list ($top at most 5,000; sorting on an indexed column).
   * The error body follows what Graph has been reported to answer (code `notSupported`, inner code
   * `tooManyResources`); its status 400 is a best guess.
   */
  function checkListViewThreshold(l: ListState, node: FilterNode): void {
    if (l.items.size <= LIST_VIEW_THRESHOLD) return;
    const conjuncts: FilterNode[] = [];
    const flatten = (n: FilterNode): void => {
      if (n.op === 'and') {
        flatten(n.left);
        flatten(n.right);
      } else conjuncts.push(n);
    };
    flatten(node);
    const pathOf = (n: FilterNode): string | null =>
      n.op === 'cmp' ? (n.left.kind === 'path' ? n.left.path : n.right.kind === 'path' ? n.right.path : null) : n.op === 'startswith' ? n.path : null;
    const first = conjuncts[0]!;
    const column = pathOf(first);
    const leading = column === null ? [first] : conjuncts.filter((c) => pathOf(c)?.toLowerCase() === column.toLowerCase());
    const paths = column === null ? parseFilterPaths(first) : [column];
    const indexed = paths.every((p) => fieldColumn(l, p.replace(/^fields\//i, ''))?.indexed === true);
    let matched = 0;
    if (indexed) for (const it of l.items.values()) if (leading.every((c) => evalFilter(c, (p) => itemValue(l, it, p), l.site.collate))) matched++;
    if (!indexed || matched > LIST_VIEW_THRESHOLD)
      throw new GraphError(400, 'notSupported', 'The request is unprocessable because it uses too many resources', {}, { code: 'tooManyResources' });
  }

  /** The column paths a filter node refers to. */
  function parseFilterPaths(n: FilterNode): string[] {
    if (n.op === 'and' || n.op === 'or') return [...parseFilterPaths(n.left), ...parseFilterPaths(n.right)];
    if (n.op === 'not') return parseFilterPaths(n.arg);
    if (n.op === 'startswith') return [n.path];
    const operands: Operand[] = [(n as Extract<FilterNode, { op: 'cmp' }>).left, (n as Extract<FilterNode, { op: 'cmp' }>).right];
    return operands.flatMap((o) => (o.kind === 'path' ? [o.path] : []));
  }

  function listItems(l: ListState, req: Req, q: QueryOptions): Res {
    let rows = [...l.items.values()].sort((a, b) => a.id - b.id);
    if (q.filter !== undefined) {
      let parsed;
      try {
        parsed = parseFilter(q.filter);
      } catch (e) {
        throw invalid(e instanceof ODataError ? e.message : 'Invalid filter clause');
      }
      checkQueryable(l, parsed.paths, req, true);
      checkListViewThreshold(l, parsed.node);
      rows = rows.filter((it) => evalFilter(parsed.node, (p) => itemValue(l, it, p), l.site.collate));
    }
    let ordered = false;
    if (q.orderby !== undefined) {
      let ob;
      try {
        ob = parseOrderBy(q.orderby);
      } catch (e) {
        throw invalid(e instanceof ODataError ? e.message : 'Invalid orderby clause');
      }
      checkQueryable(
        l,
        ob.map((o) => o.path),
        req,
        false,
      );
      // Each row's values looked up once (a list beyond the threshold has many rows to sort).
      const keyed = rows.map((it) => ({ it, v: ob.map((o) => itemValue(l, it, o.path)) }));
      keyed.sort((a, b) => {
        for (let k = 0; k < ob.length; k++) {
          const c = compareValues(a.v[k], b.v[k], l.site.collate);
          if (c !== 0) return ob[k]!.desc ? -c : c;
        }
        return a.it.id - b.it.id;
      });
      rows = keyed.map((x) => x.it);
      ordered = true;
    }
    const size = pageSizeFor(q);
    // Skip token like SharePoint's: base64 of "Paged=TRUE&p_ID=<last id>" (+ the position when ordered).
    let start = 0;
    if (q.skiptoken !== undefined) {
      const decoded = Buffer.from(q.skiptoken, 'base64').toString('utf8');
      const m = /^Paged=TRUE&p_ID=(\d+)(?:&p_Index=(\d+))?$/.exec(decoded);
      if (!m) throw invalid('The skip token is invalid.');
      if (ordered) start = Number(m[2] ?? 0);
      else {
        const lastId = Number(m[1]);
        start = rows.findIndex((r) => r.id > lastId);
        if (start < 0) start = rows.length;
      }
    }
    const page = rows.slice(start, start + size);
    const body: Record<string, unknown> = {
      '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${l.site.id}')/lists('${l.id}')/items`,
      value: page.map((it) => itemJson(l, it, q.expand)),
    };
    if (start + size < rows.length && page.length > 0) {
      const last = page[page.length - 1]!;
      const tok = Buffer.from(`Paged=TRUE&p_ID=${last.id}${ordered ? `&p_Index=${start + size}` : ''}`).toString('base64');
      body['@odata.nextLink'] = nextLinkFor(req, '$skiptoken', tok, itemsPathFor(l, req));
    }
    return ok(body);
  }

  // ---------------------------------------------------------------- delta
  type DeltaToken = { e: number; since: number; upto: number; after: number };
  const encTok = (t: DeltaToken): string => Buffer.from(JSON.stringify(t)).toString('base64url');
  function decTok(s: string): DeltaToken {
    try {
      const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as DeltaToken;
      if (typeof t.e === 'number' && typeof t.since === 'number' && typeof t.upto === 'number' && typeof t.after === 'number') return t;
    } catch {
      /* fall through */
    }
    throw invalid('The delta token is not valid.');
  }

  function delta(l: ListState, req: Req, q: QueryOptions): Res {
    const [p] = req.rel.split('?') as [string];
    const link = (t: DeltaToken): string => `${baseUrl}/v1.0${p}?token=${encTok(t)}`;
    const ctx = `${baseUrl}/v1.0/$metadata#Collection(microsoft.graph.listItem)`;
    if (q.token === 'latest') {
      return ok({ '@odata.context': ctx, value: [], '@odata.deltaLink': link({ e: deltaEpoch, since: changeSeq, upto: changeSeq, after: 0 }) });
    }
    let t: DeltaToken;
    if (q.token === undefined) t = { e: deltaEpoch, since: -1, upto: changeSeq, after: 0 };
    else {
      t = decTok(q.token);
      if (t.e !== deltaEpoch) {
        const fresh = `${baseUrl}/v1.0${p}`;
        throw new GraphError(
          410,
          'resyncRequired',
          "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
          { Location: fresh },
          { code: 'resyncChangesApplyDifferences' },
        );
      }
      if (t.upto === t.since) t = { ...t, upto: changeSeq }; // a deltaLink: changes since then, up to now
    }
    type Entry = { seq: number; id: number; item?: Item };
    const entries: Entry[] = [];
    // A full enumeration (since < 0) lists every live item; a later round lists what changed in (since, upto].
    const inRound = (seq: number): boolean => seq > t.since && seq <= t.upto;
    for (const it of l.items.values()) {
      if (t.since < 0) entries.push({ seq: 0, id: it.id, item: it });
      else if (inRound(it.changeSeq)) entries.push({ seq: it.changeSeq, id: it.id, item: it });
    }
    if (t.since >= 0) for (const ts of l.tombstones) if (inRound(ts.seq)) entries.push({ seq: ts.seq, id: ts.id });
    entries.sort((a, b) => a.seq - b.seq || a.id - b.id);
    const startIdx = t.after;
    const size = pageSizeFor(q);
    const page = entries.slice(startIdx, startIdx + size);
    const value = page.map((e) =>
      e.item
        ? itemJson(l, e.item, q.expand)
        : { id: String(e.id), parentReference: { siteId: l.site.id }, contentType: { ...ITEM_CT }, deleted: { state: 'deleted' } },
    );
    const body: Record<string, unknown> = { '@odata.context': ctx, value };
    if (startIdx + size < entries.length) body['@odata.nextLink'] = link({ ...t, after: startIdx + size });
    else body['@odata.deltaLink'] = link({ e: deltaEpoch, since: t.upto, upto: t.upto, after: 0 });
    return ok(body);
  }

  // ---------------------------------------------------------------- helpers for responses
  function ok(body: unknown, status = 200, extra: Record<string, string> = {}): Res {
    return { status, headers: { 'Cache-Control': 'no-cache', 'OData-Version': '4.0', 'Content-Type': JSON_CT, ...extra }, body };
  }
  const noContent = (): Res => ({ status: 204, headers: { 'Cache-Control': 'no-cache' } });

  /**
   * Graph's error envelope (https://learn.microsoft.com/graph/errors, "Error resource type"): `error` with
   * `code`, `message` and `innerError` (request-id, client-request-id, date; a nested `code` where a more
   * specific one exists, as `entityTagDoesNotMatch` under `resourceModified`).
   */
  function errorRes(e: GraphError, req: Req, requestId: string): Res {
    return {
      status: e.status,
      headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json', ...e.extraHeaders },
      body: {
        error: {
          code: e.code,
          message: e.message,
          ...(e.withoutInner
            ? {}
            : {
                innerError: {
                  ...e.inner,
                  date: nowIso().replace(/Z$/, ''),
                  'request-id': requestId,
                  'client-request-id': req.headers['client-request-id'] ?? requestId,
                },
              }),
        },
      },
    };
  }

  /**
   * An injected fault's error, in one of the forms Microsoft's pages allow, in turn (fault by fault, the same
   * sequence in every run), so every test meets every form and none picks one:
   * - the top-level code: the documented one, or an empty one — the JSON batching page's own example answers
   *   a 403 with `"code": ""` (https://learn.microsoft.com/graph/json-batching, "Response format");
   * - innerError: present or absent — "innerError: Optional. An additional error object that might be more
   *   specific than the top-level error" (https://learn.microsoft.com/graph/errors, "Error resource type");
   * - for a 429 or 503, Retry-After: sent (the fault's value, or 1 s; whole or fractional seconds as in the
   *   "Sample response", `Retry-After: 2.128`) or not at all — "If no Retry-After header is provided, we
   *   recommend implementing an exponential backoff" (https://learn.microsoft.com/graph/throttling) and
   *   503's "There may be a Retry-After header" (https://learn.microsoft.com/graph/errors, "HTTP status codes").
   *   Other statuses carry Retry-After only when the fault gives one.
   * The turn counts every fault served: `k % 2` the code, `k / 2 % 2` innerError, `k / 4 % 2` Retry-After.
   */
  function faultError(f: Fault): GraphError {
    const status = f.status ?? 500;
    const d = DEFAULT_FAULT[status] ?? { code: 'generalException', message: `Injected fault ${status}.` };
    const k = faultCount++;
    const throttling = status === 429 || status === 503;
    const headers: Record<string, string> = {};
    const retryAfter = throttling ? (Math.floor(k / 4) % 2 ? undefined : (f.retryAfterSeconds ?? 1)) : f.retryAfterSeconds;
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    if (throttling) lastRetryAfter = retryAfter === undefined ? null : String(retryAfter);
    const inner = f.code === undefined && f.message === undefined ? (d.inner ?? {}) : {};
    const code = f.code ?? (k % 2 ? '' : d.code);
    const e = new GraphError(status, code, f.message ?? d.message, headers, inner);
    e.withoutInner = Math.floor(k / 2) % 2 === 1;
    e.throttled = throttling;
    return e;
  }

  /** Consumes a matching fault, if any. */
  function takeFault(method: string, url: string, insideBatch: boolean, body?: unknown): Fault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (!!f.insideBatch !== insideBatch) continue;
      if (!f.match({ method, url, body })) continue;
      f.left--;
      if (f.left <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- routing
  function bodyObject(req: Req): Record<string, unknown> {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw invalid('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    return req.body as Record<string, unknown>;
  }

  function route(req: Req): Res {
    const [rawPath, search = ''] = req.rel.split(/\?(.*)/s, 2) as [string, string?];
    // The tenant's users (Entra ID), with the query options of directory objects ($search, $count): users.ts.
    if (/^\/users\/?$/i.test(rawPath)) {
      const answer = usersRoute(req.method, search, req.headers, users);
      if ('error' in answer) throw new GraphError(answer.error.status, answer.error.code, answer.error.message);
      return ok(answer.body, answer.status);
    }
    let q: QueryOptions;
    try {
      q = parseQuery(search);
    } catch (e) {
      throw invalid(e instanceof ODataError ? e.message : 'Invalid query options');
    }
    const m = /^\/sites\/(.*)$/i.exec(rawPath);
    if (!m) {
      const seg = decodeURIComponent(rawPath.split('/')[1] ?? '');
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${seg}'.`);
    }
    // Site addressing: /sites/{site-id}[/...] or /sites/{hostname}:/{server-relative-path}[:[/...]]
    const rest = m[1]!;
    let site: Site | undefined;
    let tail: string;
    const pm = /^([^/:]+):(\/[^:]*?)(?::(\/.*)?)?$/.exec(rest);
    if (pm) {
      site = findSiteByPath(decodeURIComponent(pm[1]!), decodeURIComponent(pm[2]!));
      tail = pm[3] ?? '';
    } else {
      const i = rest.indexOf('/');
      const ref = decodeURIComponent(i < 0 ? rest : rest.slice(0, i));
      site = findSiteById(ref);
      tail = i < 0 ? '' : rest.slice(i);
    }
    if (!site) throw notFound('Requested site could not be found');
    const segs = tail.split('/').filter(Boolean).map(decodeURIComponent);
    const M = req.method;

    if (segs.length === 0) {
      if (M !== 'GET') throw methodNotAllowed();
      return ok(selectProps(siteJson(site), q.select));
    }
    if (segs[0]!.toLowerCase() !== 'lists') throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segs[0]}'.`);

    // /lists
    if (segs.length === 1) {
      if (M === 'GET') {
        let lists = site.lists;
        if (q.filter !== undefined) {
          let parsed;
          try {
            parsed = parseFilter(q.filter);
          } catch (e) {
            throw invalid(e instanceof ODataError ? e.message : 'Invalid filter clause');
          }
          lists = lists.filter((l) => evalFilter(parsed.node, (p) => listJson(l)[p]));
        }
        return ok({
          '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists`,
          value: lists.map((l) => listWithExpand(l, q)),
        });
      }
      if (M === 'POST') {
        return ok({ '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists/$entity`, ...createList(site, bodyObject(req)) }, 201);
      }
      throw methodNotAllowed();
    }

    const list = findList(site, segs[1]!);
    if (segs.length === 2) {
      if (M === 'GET') {
        return ok({ '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists/$entity`, ...listWithExpand(list, q) });
      }
      throw methodNotAllowed();
    }
    const sub = segs[2]!.toLowerCase();

    if (sub === 'columns') {
      if (segs.length === 3) {
        if (M === 'GET') {
          return ok({
            '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/columns`,
            value: list.columns.map((c) => selectProps(columnJson(c), q.select)),
          });
        }
        if (M === 'POST') {
          const c = columnFromBody(list, bodyObject(req));
          list.columns.push(c);
          touchList(list);
          return ok({ '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/columns/$entity`, ...columnJson(c) }, 201);
        }
        throw methodNotAllowed();
      }
      if (segs.length === 4) {
        const c = findColumn(list, segs[3]!);
        if (M === 'GET') return ok(selectProps(columnJson(c), q.select));
        if (M === 'PATCH') {
          patchColumn(list, c, bodyObject(req));
          return ok({ '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/columns/$entity`, ...columnJson(c) });
        }
        if (M === 'DELETE') {
          if (c.computed || c.name === 'Title') throw new GraphError(403, 'accessDenied', 'This column cannot be deleted.');
          list.columns = list.columns.filter((x) => x !== c);
          return noContent();
        }
        throw methodNotAllowed();
      }
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segs[4]}'.`);
    }

    if (sub === 'items') {
      if (segs.length === 3) {
        if (M === 'GET') return listItems(list, req, q);
        if (M === 'POST') {
          const b = bodyObject(req);
          const values = applyFields(list, undefined, b.fields ?? {});
          const t = nowIso();
          const it: Item = { id: list.nextItemId++, guid: randomUUID(), version: 1, values, created: t, modified: t, changeSeq: ++changeSeq };
          list.items.set(it.id, it);
          return ok(
            {
              '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/items/$entity`,
              ...itemJson(list, it, [{ name: 'fields', options: {} }]),
            },
            201,
            { ETag: etagOf(it) },
          );
        }
        throw methodNotAllowed();
      }
      if (segs[3]!.toLowerCase() === 'delta' && segs.length === 4) {
        if (M !== 'GET') throw methodNotAllowed();
        return delta(list, req, q);
      }
      const it = findItem(list, segs[3]!);
      if (segs.length === 4) {
        if (M === 'GET') {
          return ok(
            {
              '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/items/$entity`,
              ...selectProps(itemJson(list, it, q.expand), q.select, ['fields']),
            },
            200,
            { ETag: etagOf(it) },
          );
        }
        if (M === 'PATCH') {
          checkIfMatch(req, it);
          const b = bodyObject(req);
          if (b.fields !== undefined) updateItem(list, it, b.fields);
          return ok(itemJson(list, it, [{ name: 'fields', options: {} }]), 200, { ETag: etagOf(it) });
        }
        if (M === 'DELETE') {
          checkIfMatch(req, it);
          list.items.delete(it.id);
          list.tombstones.push({ id: it.id, seq: ++changeSeq });
          return noContent();
        }
        throw methodNotAllowed();
      }
      if (segs.length === 5 && segs[4]!.toLowerCase() === 'fields') {
        if (M === 'GET')
          return ok({
            '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/items('${it.id}')/fields/$entity`,
            ...fieldsJson(list, it, q.select),
          });
        if (M === 'PATCH') {
          checkIfMatch(req, it);
          updateItem(list, it, bodyObject(req));
          return ok(
            { '@odata.context': `${baseUrl}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/items('${it.id}')/fields/$entity`, ...fieldsJson(list, it) },
            200,
            { ETag: etagOf(it) },
          );
        }
        throw methodNotAllowed();
      }
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segs[segs.length - 1]}'.`);
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segs[2]}'.`);
  }

  function updateItem(list: ListState, it: Item, fields: unknown): void {
    it.values = applyFields(list, it, fields);
    it.version++;
    it.modified = nowIso();
    it.changeSeq = ++changeSeq;
  }

  function touchList(l: ListState): void {
    l.modified = nowIso();
    l.etagVersion++;
  }

  function patchColumn(list: ListState, c: Column, b: Record<string, unknown>): void {
    for (const k of ['indexed', 'required', 'enforceUniqueValues', 'hidden'] as const) {
      if (b[k] !== undefined) {
        if (typeof b[k] !== 'boolean') throw invalid(`Property '${k}' must be a boolean.`);
        c[k] = b[k] as boolean;
      }
    }
    if (c.enforceUniqueValues) c.indexed = true;
    if (typeof b.description === 'string') c.description = b.description;
    if (typeof b.displayName === 'string') c.displayName = b.displayName;
    if (b[c.kind] !== undefined && typeof b[c.kind] === 'object') c.facet = { ...c.facet, ...(b[c.kind] as Record<string, unknown>) };
    touchList(list);
  }

  function createList(site: Site, b: Record<string, unknown>): Record<string, unknown> {
    const displayName = typeof b.displayName === 'string' ? b.displayName.trim() : '';
    if (!displayName) throw invalid("The list requires a 'displayName'.");
    if (site.lists.some((l) => l.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw new GraphError(
        409,
        'nameAlreadyExists',
        'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.',
      );
    }
    const template = (b.list as { template?: unknown } | undefined)?.template ?? 'genericList';
    if (template !== 'genericList')
      throw new GraphError(400, 'notSupported', `The stand-in supports only the genericList template (got '${String(template)}').`);
    const t = nowIso();
    const l: ListState = {
      id: randomUUID(),
      displayName,
      name: displayName.replace(/[^A-Za-z0-9_-]/g, ''),
      description: typeof b.description === 'string' ? b.description : '',
      created: t,
      modified: t,
      etagVersion: 1,
      columns: builtInColumns(),
      items: new Map(),
      nextItemId: 1,
      tombstones: [],
      site,
    };
    const cols = Array.isArray(b.columns) ? (b.columns as Record<string, unknown>[]) : [];
    for (const cb of cols) l.columns.push(columnFromBody(l, cb));
    site.lists.push(l);
    return listJson(l);
  }

  function listWithExpand(l: ListState, q: QueryOptions): Record<string, unknown> {
    const j = selectProps(listJson(l), q.select);
    for (const e of q.expand ?? []) {
      const n = e.name.toLowerCase();
      if (n === 'columns') j.columns = l.columns.map((c) => selectProps(columnJson(c), e.options.select));
      else if (n === 'items') {
        j.items = [...l.items.values()].sort((a, b) => a.id - b.id).map((it) => selectProps(itemJson(l, it, e.options.expand), e.options.select, ['fields']));
      } else throw invalid(`Could not find a property named '${e.name}' on type 'microsoft.graph.list'.`);
    }
    return j;
  }

  // ---------------------------------------------------------------- batch
  function batch(body: unknown, outerHeaders: Record<string, string>): Res {
    const reqs = (body as { requests?: unknown } | null)?.requests;
    const bad = (msg: string): never => {
      throw new GraphError(400, 'BadRequest', msg);
    };
    if (!Array.isArray(reqs)) bad("Invalid batch payload format: the property 'requests' is required.");
    const list = reqs as Record<string, unknown>[];
    if (list.length === 0) bad('Invalid batch payload format: the batch contains no requests.');
    if (list.length > MAX_BATCH) bad(`Invalid batch payload format: a batch can contain at most ${MAX_BATCH} requests (got ${list.length}).`);
    const ids = new Set<string>();
    for (const r of list) {
      if (typeof r !== 'object' || r === null) bad('Invalid batch payload format.');
      if (typeof r.id !== 'string' || !r.id) bad("Invalid batch payload format: every request needs a string 'id'.");
      if (typeof r.method !== 'string' || typeof r.url !== 'string')
        bad(`Invalid batch payload format: request id : ${String(r.id)} needs 'method' and 'url'.`);
      const id = (r.id as string).toLowerCase();
      if (ids.has(id)) bad(`Invalid batch payload format: request id '${String(r.id)}' is used more than once.`);
      ids.add(id);
      const h = (r.headers ?? {}) as Record<string, unknown>;
      if (r.body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
        bad(`Write request id : ${String(r.id)} does not contain Content-Type header or body.`);
      }
      if (r.dependsOn !== undefined) {
        if (!Array.isArray(r.dependsOn)) bad(`Invalid batch payload format: dependsOn of request id : ${String(r.id)} must be an array.`);
        for (const d of r.dependsOn as unknown[]) {
          if (typeof d !== 'string' || !list.some((x) => String(x.id).toLowerCase() === d.toLowerCase())) {
            bad(`Invalid batch payload format: request id : ${String(r.id)} depends on an unknown request id '${String(d)}'.`);
          }
        }
      }
    }
    // Execution order: dependencies first (depth-first), otherwise in the order given.
    const byId = new Map(list.map((r) => [String(r.id).toLowerCase(), r]));
    const throttledIds = new Set<string>();
    const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
    const visiting = new Set<string>();
    const run = (r: Record<string, unknown>): void => {
      const id = String(r.id).toLowerCase();
      if (results.has(id)) return;
      if (visiting.has(id)) bad('Invalid batch payload format: dependsOn contains a cycle.');
      visiting.add(id);
      const deps = ((r.dependsOn as string[] | undefined) ?? []).map((d) => d.toLowerCase());
      for (const d of deps) run(byId.get(d)!);
      const failed = deps.some((d) => results.get(d)!.status >= 400);
      const subReqId = randomUUID();
      let res: Res;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((r.headers ?? {}) as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
      if (outerHeaders['client-request-id'] && !headers['client-request-id']) headers['client-request-id'] = outerHeaders['client-request-id'];
      let rel = String(r.url);
      if (!rel.startsWith('/')) rel = '/' + rel;
      rel = rel.replace(/^\/v1\.0(?=\/|$)/i, '');
      const sub: Req = { method: String(r.method).toUpperCase(), rel, headers, body: r.body };
      if (failed) {
        res = errorRes(new GraphError(424, 'FailedDependency', 'Failed dependency: a request this request depends on failed.'), sub, subReqId);
      } else {
        const f = takeFault(sub.method, `/v1.0${rel}`, true, sub.body);
        const fe = f ? faultError(f) : null;
        if (fe?.throttled) throttledIds.add(String(r.id).toLowerCase());
        res = fe ? errorRes(fe, sub, subReqId) : handle(sub, subReqId);
      }
      results.set(id, { id: String(r.id), status: res.status, headers: res.headers, ...(res.body !== undefined ? { body: res.body } : {}) });
      visiting.delete(id);
    };
    for (const r of list) run(r);
    // "Individual responses might appear in a different order than the requests" and are matched by id
    // (https://learn.microsoft.com/graph/json-batching, "Response format"): served in request order,
    // reversed and rotated by one, batch by batch in turn.
    const answered = list.map((r) => results.get(String(r.id).toLowerCase())!);
    const form = batchCount++ % 3;
    const ordered = form === 0 ? answered : form === 1 ? [...answered].reverse() : [...answered.slice(1), ...answered.slice(0, 1)];
    if (!throttledIds.size) return ok({ responses: ordered });
    // A request of the batch was throttled. Where its wait is said, in turn:
    // - in its own response's headers, the batch answering 200: "The batch itself succeeds with a status code
    //   of 200 (OK) ... retry each failed request from the batch using the value provided in the retry-after
    //   response header from the JSON content" (https://learn.microsoft.com/graph/throttling, "Throttling and
    //   batching"; https://learn.microsoft.com/graph/json-batching, "Batch size limitations");
    // - on the batch's own response instead (the outer HTTP response of the throttled call, throttling.md:
    //   "Returns a suggested wait time in the response header of the failed request"), the batch answering 200;
    // - as the page's earlier revision had it: "The batch itself fails with a status code of 424 (Failed
    //   Dependency)", with every request's response in the body as usual.
    const place = batchThrottleCount++ % 3;
    if (place === 0) return ok({ responses: ordered });
    if (place === 2) return ok({ responses: ordered }, 424);
    let longest: string | undefined;
    for (const a of ordered) {
      if (!throttledIds.has(a.id.toLowerCase())) continue;
      const after = a.headers['Retry-After'];
      if (after !== undefined && (longest === undefined || Number(after) > Number(longest))) longest = after;
      delete a.headers['Retry-After'];
    }
    return ok({ responses: ordered }, 200, longest !== undefined ? { 'Retry-After': longest } : {});
  }

  /** Executes one request (plain or inside a batch) and maps errors to Graph's envelope. */
  function handle(req: Req, requestId: string): Res {
    try {
      return route(req);
    } catch (e) {
      if (e instanceof GraphError) return errorRes(e, req, requestId);
      return errorRes(new GraphError(500, 'generalException', e instanceof Error ? e.message : String(e)), req, requestId);
    }
  }

  // ---------------------------------------------------------------- HTTP server
  async function onRequest(inc: IncomingMessage, out: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of inc) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(inc.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const method = (inc.method ?? 'GET').toUpperCase();
    const url = inc.url ?? '/';
    let body: unknown = undefined;
    let parseFailed = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        parseFailed = true;
      }
    }
    const isBatch = /^\/v1\.0\/\$batch(\?|$)/i.test(url) || /^\/v1\.0\/%24batch(\?|$)/i.test(url);
    const rec: RecordedRequest = { method, url, headers, body };
    if (isBatch && Array.isArray((body as { requests?: unknown } | undefined)?.requests)) {
      rec.batchSize = (body as { requests: unknown[] }).requests.length;
    }
    requests.push(rec);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

    // Links and contexts name the host the client called: https://graph.microsoft.com when routed to here.
    baseUrl = headers.host && headers.host !== localHost ? `https://${headers.host}` : localBase;
    const requestId = randomUUID();
    const relFull = url.replace(/^\/v1\.0(?=\/|\?|$)/i, '');
    const req: Req = { method, rel: relFull || '/', headers, body };
    let res: Res;
    let dropAfter = false;
    let f: Fault | undefined;
    const auth = headers['authorization'] ?? '';
    if (!/^Bearer\s+\S+/i.test(auth)) {
      res = errorRes(new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'), req, requestId);
    } else if (!/^\/v1\.0(\/|$)/i.test(url)) {
      res = errorRes(new GraphError(400, 'BadRequest', 'Invalid version: the stand-in serves only /v1.0.'), req, requestId);
    } else {
      f = takeFault(method, url, false, body);
      if (f?.drop === 'before') return void inc.socket.destroy();
      if (f?.drop === 'after') dropAfter = true;
      if (f && !f.drop && !f.carriedOut) res = errorRes(faultError(f), req, requestId);
      else if (parseFailed) {
        res = errorRes(
          invalid('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'),
          req,
          requestId,
        );
      } else if (isBatch) {
        if (method !== 'POST') res = errorRes(methodNotAllowed(), req, requestId);
        else {
          try {
            res = batch(body, headers);
          } catch (e) {
            res = errorRes(e instanceof GraphError ? e : new GraphError(500, 'generalException', String(e)), req, requestId);
          }
        }
      } else res = handle(req, requestId);
    }
    if (f?.carriedOut) res = errorRes(faultError(f), req, requestId);
    const outHeaders: Record<string, string> = {
      ...res.headers,
      'request-id': requestId,
      'client-request-id': headers['client-request-id'] ?? requestId,
      'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graph-standin"}}',
    };
    const payload = res.body === undefined ? '' : JSON.stringify(res.body);
    if (dropAfter) return void inc.socket.destroy();
    out.writeHead(res.status, outHeaders);
    out.end(payload);
  }

  const server = https.createServer({ key, cert }, (inc, out) => {
    onRequest(inc, out).catch((e: unknown) => {
      if (!out.headersSent) out.writeHead(500, { 'Content-Type': 'application/json' });
      out.end(JSON.stringify({ error: { code: 'generalException', message: String(e) } }));
    });
  });
  // Graph's front end keeps an idle connection open for long; Node's default of 5 s would close one under a
  // client that is about to reuse it (a test whose event loop was busy seeding), and the request would fail as
  // a dropped connection. The client closes idle connections first (it reads `Keep-Alive: timeout=120`).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const localHost = `127.0.0.1:${port}`;
  const localBase = `https://${localHost}`;
  baseUrl = localBase;
  // The Graph client calls https://graph.microsoft.com; that host now reaches this stand-in (the last one started).
  const release = routeHost(GRAPH_HOST, { port, ca: cert });

  return {
    baseUrl: localBase,
    route: { port, ca: cert },
    hostname: '127.0.0.1',
    ca: cert,
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
    inject: (f) => {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    lastRetryAfter: () => lastRetryAfter,
    clearFaults: () => {
      faults.length = 0;
    },
    setPageSize: (n) => {
      if (!Number.isInteger(n) || n < 1) throw new Error('page size must be a positive integer');
      pageSize = n;
    },
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    createSite: (hostname, serverRelativePath, o) => {
      const p = '/' + serverRelativePath.replace(/^\/+|\/+$/g, '');
      const existing = findSiteByPath(hostname, p);
      if (existing) return { id: existing.id };
      const name = p === '/' ? '' : p.split('/').pop()!;
      const t = nowIso();
      const s: Site = {
        id: `${hostname},${randomUUID()},${randomUUID()}`,
        hostname,
        serverRelativePath: p,
        name,
        displayName: o?.displayName ?? (name || 'Communication site'),
        created: t,
        modified: t,
        lists: [],
        collate: collationOf(o?.locale ?? SITE_COLLATIONS[sites.length % SITE_COLLATIONS.length]!),
      };
      sites.push(s);
      return { id: s.id };
    },
    invalidateDeltaTokens: () => {
      deltaEpoch++;
    },
    seedUsers: (more) => {
      users.push(...more);
    },
    seedItems: (siteId, listRef, items) => {
      const site = findSiteById(siteId);
      if (!site) throw new Error(`no site ${siteId}`);
      const list = findList(site, listRef);
      for (const fields of items) {
        const values: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(fields)) {
          const c = fieldColumn(list, k);
          if (!c || c.readOnly || c.computed) throw new Error(`Field '${k}' is not recognized`);
          values[c.name] = coerce(c, v);
        }
        const t = nowIso();
        const it: Item = { id: list.nextItemId++, guid: randomUUID(), version: 1, values, created: t, modified: t, changeSeq: ++changeSeq };
        list.items.set(it.id, it);
      }
    },
    stop: closeAfter(async () => {
      await release();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    }),
  };
}

// ====================================================================================================
// trustingFetch
// ====================================================================================================

/**
 * A `fetch` that trusts `ca` (the stand-in's self-signed certificate) in addition to nothing else.
 * Built on `https.request` with `{ ca }` and a keep-alive agent, returning a WHATWG `Response`, because
 * the `undici` package (whose `Agent` would let Node 20's global fetch take a CA) is not installed here.
 * Accepts a URL string, a `URL` or a `Request` as input (the Graph client passes a string URL and an
 * init object). Works in jest's node environment.
 */
export function trustingFetch(ca: string): typeof fetch {
  const agent = new https.Agent({ ca, keepAlive: true });
  const f = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url: string;
    let method = init.method;
    const headers = new Headers();
    let bodySrc: unknown = init.body;
    if (typeof input === 'string') url = input;
    else if (input instanceof URL) url = input.href;
    else {
      url = input.url;
      method = method ?? input.method;
      input.headers.forEach((v, k) => headers.set(k, v));
      if (bodySrc === undefined && input.body !== null) bodySrc = await input.arrayBuffer();
    }
    new Headers(init.headers).forEach((v, k) => headers.set(k, v));
    method = (method ?? 'GET').toUpperCase();
    let body: Buffer | undefined;
    if (bodySrc !== undefined && bodySrc !== null) {
      if (typeof bodySrc === 'string') {
        body = Buffer.from(bodySrc, 'utf8');
        if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      } else if (bodySrc instanceof ArrayBuffer) body = Buffer.from(bodySrc);
      else if (ArrayBuffer.isView(bodySrc)) body = Buffer.from(bodySrc.buffer, bodySrc.byteOffset, bodySrc.byteLength);
      else {
        const r = new Response(bodySrc as BodyInit);
        body = Buffer.from(await r.arrayBuffer());
        const ct = r.headers.get('content-type');
        if (ct && !headers.has('content-type')) headers.set('content-type', ct);
      }
    }
    const hdrs: Record<string, string> = {};
    headers.forEach((v, k) => (hdrs[k] = v));
    if (body) hdrs['content-length'] = String(body.length);
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new Error('The operation was aborted'));
        return;
      }
      const r = https.request(url, { method, headers: hdrs, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined) continue;
            if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
            else h.set(k, v);
          }
          const status = res.statusCode ?? 500;
          const nullBody = status === 204 || status === 205 || status === 304 || method === 'HEAD';
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      });
      r.on('error', reject);
      signal?.addEventListener('abort', () => r.destroy(signal.reason instanceof Error ? signal.reason : new Error('The operation was aborted')), {
        once: true,
      });
      r.end(body);
    });
  };
  return f as typeof fetch;
}
