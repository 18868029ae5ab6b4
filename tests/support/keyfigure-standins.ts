import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAfter } from './teardown';

/**
 * Local stand-ins for the two public key-figure databases, real HTTP servers answering as the providers document
 * their APIs (written from the documentation, not from api/keyfigures/, so the two check each other). Each can be
 * taken down — its port refuses connections (`down('refuse')`) or it answers 503 (`down('error')`) — and brought
 * up again on the same port, and counts the requests it answered.
 */

export type StandinControl = {
  url: string;
  /** Requests answered with data (not while down). */
  served: number;
  /** Every request's method and path with query, in order. */
  requests: string[];
  down(how?: 'refuse' | 'error'): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

type Handler = (req: IncomingMessage, body: string, res: ServerResponse, self: StandinControl) => void;

async function standin(handler: Handler): Promise<StandinControl> {
  let mode: 'up' | 'refuse' | 'error' = 'up';
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => {
          self.requests.push(`${req.method} ${req.url}`);
          if (mode === 'error') {
            res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
            return;
          }
          handler(req, body, res, self);
        });
      });
      s.keepAliveTimeout = 1;
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    });
  await listen();
  const self: StandinControl = {
    url: `http://127.0.0.1:${port}`,
    served: 0,
    requests: [],
    async down(how = 'refuse') {
      mode = how;
      if (how === 'refuse') await stop();
    },
    async up() {
      mode = 'up';
      if (!server) await listen();
    },
    close: closeAfter(stop),
  };
  return self;
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

// ---- Kolada -------------------------------------------------------------------------------------------------

/** One published value: KPI, municipality or unit, year, and the values per gender (T, K, M; null: not published). */
export type KoladaValue = { kpi: string; area: string; year: number; ou?: boolean; T: number | null; K?: number | null; M?: number | null };

/**
 * Kolada's API v2 as https://github.com/Hypergene/kolada (README.rst) documents it:
 * - "Query data": `/v2/data/kpi/<KPI>/municipality/<MUNICIPALITY_ID>/year/<PERIOD>`, KPI, id and period each comma
 *   separated lists; the same for units under `/v2/oudata/kpi/<KPI>/ou/<OU_ID>/year/<PERIOD>`;
 * - "Routes": every answer is `{"values": [...], "count": n, "previous_page"?, "next_page"?}`, at most 5,000 items a
 *   page (`per_page` lowers it), further pages at the full URL in `next_page`;
 * - "Object structure": an item is `{"kpi", "municipality" (or for units "ou"), "period", "values": [{"count",
 *   "gender", "status", "value"}]}`, at most three values, one per gender, `value` a number or null;
 * - "Error-codes": 404 for a URL of no documented form, 400 for illegal parameters.
 */
export async function koladaStandin(published: KoladaValue[]): Promise<StandinControl> {
  return standin((req, _body, res, self) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const m = /^\/v2\/(data|oudata)\/kpi\/([^/]+)\/(municipality|ou)\/([^/]+)\/year\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m || (m[1] === 'data') !== (m[3] === 'municipality')) return json(res, 404, { error: 'Not found' });
    const kpis = decodeURIComponent(m[2]!).split(',');
    const areas = decodeURIComponent(m[4]!).split(',');
    const years = m[5]!.split(',');
    if (years.some((y) => !/^\d{4}$/.test(y))) return json(res, 400, { error: 'Illegal parameter: year' });
    const perPage = Math.min(5_000, Number(url.searchParams.get('per_page') ?? 5_000));
    const page = Number(url.searchParams.get('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) return json(res, 400, { error: 'Illegal parameter: per_page' });
    const ou = m[1] === 'oudata';
    const all = published
      .filter((v) => !!v.ou === ou && kpis.includes(v.kpi) && areas.includes(v.area) && years.includes(String(v.year)))
      .map((v) => ({
        kpi: v.kpi,
        [ou ? 'ou' : 'municipality']: v.area,
        period: String(v.year),
        values: (['T', 'K', 'M'] as const).filter((g) => v[g] !== undefined).map((g) => ({ count: 1, gender: g, status: '', value: v[g] ?? null })),
      }));
    const items = all.slice((page - 1) * perPage, page * perPage);
    const pageUrl = (n: number) => {
      const u = new URL(`${self.url}${url.pathname}`);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(n));
      return u.toString();
    };
    self.served++;
    json(res, 200, {
      values: items,
      count: items.length,
      ...(page > 1 ? { previous_page: pageUrl(page - 1) } : {}),
      ...(page * perPage < all.length ? { next_page: pageUrl(page + 1) } : {}),
    });
  });
}

// ---- StatBank -----------------------------------------------------------------------------------------------

/** A StatBank table: its variables (the time variable last) and its values by the codes of every variable. */
export type StatbankTable = { id: string; variables: string[]; timeVariable?: string; rows: { codes: Record<string, string>; value: number | null }[] };

/**
 * Statistics Denmark's StatBank API as https://www.dst.dk/en/Statistik/hjaelp-til-statistikbanken/api documents it:
 * - "General introduction" / "Function": the data function at `/v1/data`, the settings POSTed as a JSON object
 *   (UTF-8); `table`, `format`, `lang` ("da" default, "en"), `valuePresentation` ("Code", "Value", "ValueAndCode")
 *   and `variables`: `[{"code": "<variable>", "values": ["<code>", ...]}]`, `*` a joker (as in "2020*", or all);
 * - the CSV format: a header of the variables' codes and the content column, one line per value, semicolons between;
 *   decimal comma in Danish, point in English; ".." where no value is published; the variables asked for in the
 *   table's order, the time variable as TID (as the answers shown in github.com/alemartinello/dstapi's notebook and
 *   read by github.com/rOpenGov/dkstat, R/dst_get_data.R);
 * - time codes 2024 (year), 2024K1 (quarter), 2024M03 (month);
 * - an unknown table or variable is refused with 400 and a message.
 */
export async function statbankStandin(tables: StatbankTable[]): Promise<StandinControl> {
  return standin((req, body, res, self) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (url.pathname.replace(/\/+$/, '').toLowerCase() !== '/v1/data' || req.method !== 'POST') return json(res, 404, { message: 'Not found' });
    let q: { table?: string; format?: string; lang?: string; valuePresentation?: string; variables?: { code: string; values: string[] }[] };
    try {
      q = JSON.parse(body) as typeof q;
    } catch {
      return json(res, 400, { errorTypeCode: 'EXTRACT-BADREQUEST', message: 'The request is not valid JSON' });
    }
    const table = tables.find((t) => t.id.toLowerCase() === String(q.table ?? '').toLowerCase());
    if (!table) return json(res, 400, { errorTypeCode: 'EXTRACT-NOTFOUND', message: `Table "${q.table}" was not found` });
    if ((q.format ?? '').toUpperCase() !== 'CSV')
      return json(res, 400, { errorTypeCode: 'EXTRACT-BADREQUEST', message: 'Only CSV is served by this stand-in' });
    const asked = new Map<string, string[]>();
    for (const v of q.variables ?? []) {
      const known = table.variables.find((x) => x.toUpperCase() === v.code.toUpperCase());
      if (!known) return json(res, 400, { errorTypeCode: 'EXTRACT-NOTFOUND', message: `Variable "${v.code}" was not found in table ${table.id}` });
      asked.set(known, v.values);
    }
    const matches = (code: string, patterns: string[]) =>
      patterns.some((p) => (p.endsWith('*') ? code.startsWith(p.slice(0, -1)) : code.toUpperCase() === p.toUpperCase()));
    // A variable not asked for is eliminated (its total); the stand-in's tables hold only the rows they serve.
    const rows = table.rows.filter((r) => [...asked].every(([code, values]) => matches(r.codes[code] ?? '', values)));
    const english = (q.lang ?? 'da') === 'en';
    const shown = table.variables.filter((v) => asked.has(v));
    const head = [...shown.map((v) => v.toUpperCase()), 'INDHOLD'].join(';');
    const lines = rows.map((r) =>
      [...shown.map((v) => r.codes[v] ?? ''), r.value === null ? '..' : english ? String(r.value) : String(r.value).replace('.', ',')].join(';'),
    );
    self.served++;
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(`${[head, ...lines].join('\r\n')}\r\n`);
  });
}
