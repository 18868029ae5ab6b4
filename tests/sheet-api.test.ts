import { hoejeTaastrup, silkeborg } from '../api/demo';
import type { Cell, Grid } from '../api/core/sheet';
import { readWorkbook, SHEET_CONTENT_TYPES, writeWorkbook } from '../api/spreadsheet/workbook';
import { OpenApiChecker } from './support/openapi-check';
import { startTestServer, type TestServer } from './support/server';

/**
 * The spreadsheet routes over HTTP: the template and the exports as files headed in the caller's language, the
 * import's preview and commit, and what the import refuses (a user who is not the quality office, a file of the
 * wrong type, rows pointing into another municipality).
 */
let server: TestServer;
let checker: OpenApiChecker;
const AGR = 'silkeborg-borgerservice-2015';
const HT_GOAL = 'hoeje-taastrup-team-myndighed-2016-goal-1';
const QO = 'silkeborg-demo-kvalitet';

beforeAll(async () => {
  server = await startTestServer([silkeborg, hoejeTaastrup]);
  checker = new OpenApiChecker(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterAll(async () => server.stop());

async function call(method: string, path: string, opts: { user?: string; lang?: string; body?: Buffer; type?: string } = {}) {
  const headers: Record<string, string> = { 'X-Dev-User': opts.user ?? QO, 'Accept-Language': opts.lang ?? 'da' };
  if (opts.type) headers['Content-Type'] = opts.type;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.body ? new Uint8Array(opts.body) : undefined });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json') ? JSON.parse(bytes.toString()) : undefined;
  if (json !== undefined) checker.check(method, path, res.status, json);
  return { status: res.status, headers: res.headers, bytes, json };
}
const upload = (grid: Grid, dryRun: boolean, user = QO, lang = 'da') =>
  writeWorkbook(grid, 'xlsx').then((body) =>
    call('POST', `/api/agreements/${AGR}/sheet-import?dryRun=${dryRun}&fileName=maal.xlsx`, { user, lang, body, type: SHEET_CONTENT_TYPES.xlsx }),
  );

describe('spreadsheet routes', () => {
  it('serves the template and the exports as files, documented as such', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content: object }>; requestBody?: { content: object } }>>;
    };
    expect(Object.keys(doc.paths['/api/agreements/{id}/sheet']!.get!.responses['200']!.content)).toEqual([SHEET_CONTENT_TYPES.xlsx, 'text/csv']);
    expect(Object.keys(doc.paths['/api/agreements/{id}/sheet-import']!.post!.requestBody!.content)).toEqual([SHEET_CONTENT_TYPES.xlsx, 'text/csv']);

    const template = await call('GET', '/api/sheet-template?format=xlsx', { lang: 'sv' });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(template.headers.get('content-disposition')).toMatch(/attachment; filename="M.*\.xlsx"/);
    const grid = await readWorkbook(template.bytes, 'xlsx', 'x');
    expect(grid.sheets[0]!.rows[0]!.slice(0, 4)).toEqual(['Verksamhetsplan-id', 'Nr', 'Mål', 'Målets ägare']);

    const csv = await call('GET', `/api/agreements/${AGR}/sheet?format=csv`, { lang: 'en' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(
      csv.bytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\n')[0],
    ).toMatch(/^Agreement id;No\.;Goal;Goal owner;/);
    // The organisation part: Silkeborg's administration and everything below it.
    const part = await readWorkbook((await call('GET', '/api/units/silkeborg-job-og-borgerservice/sheet?year=2015')).bytes, 'xlsx', 'x');
    expect(part.sheets[0]!.rows.length).toBe(17);
    expect((await call('GET', '/api/units/silkeborg/sheet?format=pdf')).json.error.field).toBe('format');
    expect((await call('GET', '/api/units/nowhere/sheet')).status).toBe(404);
  });

  it('previews, then imports, an exported sheet with a new indicator; the preview writes nothing', async () => {
    const grid = await readWorkbook((await call('GET', `/api/agreements/${AGR}/sheet`)).bytes, 'xlsx', 'x');
    const rows = grid.sheets[0]!.rows;
    const h = rows[0]!.map(String);
    rows[1]![h.indexOf('Indikator')] = 'Digitale ansøgninger';
    rows[1]![h.indexOf('Måleenhed')] = '%';
    rows[1]![h.indexOf('Hyppighed')] = 'Hvert kvartal';
    const preview = await upload(grid, true);
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ dryRun: true, problems: [], counts: { create: 1, update: 0, unchanged: 31 } });
    expect((await call('GET', `/api/indicators?agreementId=${AGR}`)).json.items).toEqual([]);
    const done = await upload(grid, false);
    expect(done.json).toMatchObject({ dryRun: false, counts: { create: 1 } });
    expect((await call('GET', `/api/indicators?agreementId=${AGR}`)).json.items).toHaveLength(1);
  });

  it('refuses a file with a problem: 400 naming each cell in the language of the caller, nothing written', async () => {
    const grid = await readWorkbook((await call('GET', `/api/agreements/${AGR}/sheet`)).bytes, 'xlsx', 'x');
    const rows = grid.sheets[0]!.rows;
    const h = rows[0]!.map(String);
    rows[2]![h.indexOf('Indikator')] = 'Arrangementer';
    rows[2]![h.indexOf('Måleenhed')] = 'antal';
    rows[2]![h.indexOf('Hyppighed')] = 'Hvert kvartal';
    rows[2]![h.indexOf('Udgangspunkt')] = 'seks';
    const r = await upload(grid, false, QO, 'sv');
    expect(r.status).toBe(400);
    expect(r.json.error.details).toEqual([{ field: 'Mål!J3', code: 'custom', message: 'Blad «Mål», rad 3, kolumn «Udgangspunkt»: måste vara ett tal' }]);
    expect((await call('GET', `/api/indicators?agreementId=${AGR}`)).json.items).toHaveLength(1);
  });

  it('keeps the import to the quality office, to spreadsheet files, and to records of the municipality', async () => {
    const grid = await readWorkbook((await call('GET', `/api/agreements/${AGR}/sheet`)).bytes, 'xlsx', 'x');
    // The unit's leader and staff may not import; the quality office of another municipality neither.
    for (const user of ['silkeborg-xxxxxxx-xxxxxx', 'silkeborg-demo-borgerservice', 'hoeje-taastrup-demo-kvalitet'])
      expect([user, (await upload(grid, true, user)).status]).toEqual([user, 403]);
    // Also a file with problems: its preview (which names people and records) is not shown to them.
    const withProblem: Grid = { sheets: [{ name: 'Mål', rows: [grid.sheets[0]!.rows[0]!, ['', '', 'Mål', 'Ingen Sådan Person']] }] };
    expect((await upload(withProblem, true, 'silkeborg-demo-borgerservice')).status).toBe(403);
    expect((await upload(withProblem, true)).json.problems).toHaveLength(1);
    const wrongType = await call('POST', `/api/agreements/${AGR}/sheet-import`, { body: Buffer.from('{}'), type: 'application/pdf' });
    expect(wrongType.status).toBe(415);
    const garbage = await call('POST', `/api/agreements/${AGR}/sheet-import`, { body: Buffer.from('not a zip'), type: SHEET_CONTENT_TYPES.xlsx });
    expect([garbage.status, garbage.json.error.field]).toEqual([400, 'file']);

    // A row naming Høje-Taastrup's agreement, and a goal id of Høje-Taastrup's, are problems; nothing is written.
    const h = grid.sheets[0]!.rows[0]!.map(String);
    const row = (values: Record<string, Cell>) => h.map((name) => values[name] ?? null);
    const hostile: Grid = {
      sheets: [
        {
          name: 'Mål',
          rows: [
            h,
            row({ 'Aftale-id': 'hoeje-taastrup-team-myndighed-2016', Mål: 'Overtaget mål' }),
            row({ 'Mål-id': HT_GOAL, Mål: 'Omdøbt' }),
            row({ Mål: 'Ejet af en fremmed', 'Målets ejer': 'Demo Kvalitetskonsulent (Høje-Taastrup)' }),
          ],
        },
      ],
    };
    const r = await upload(hostile, true);
    expect(r.json.problems.map((p: { cell: string }) => p.cell)).toEqual(['A2', 'R3', 'D4']);
    expect((await call('GET', `/api/goals/${HT_GOAL}`, { user: 'hoeje-taastrup-demo-kvalitet' })).json.title).not.toBe('Omdøbt');
  });
});
