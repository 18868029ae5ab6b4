import { join } from 'node:path';
import { makeContext, type ServiceContext } from '../api/core/context';
import type { Cell, Grid } from '../api/core/sheet';
import { exportSheet, importSheet, sheetTemplate } from '../api/core/services/sheet-transfer';
import { seedDocuments } from '../api/core/services/transfer';
import { ValidationError } from '../api/core/errors';
import { silkeborg } from '../api/demo/silkeborg';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { readWorkbook, writeWorkbook } from '../api/spreadsheet/workbook';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';

/**
 * The spreadsheet import and export (docs/spreadsheet.md): the Silkeborg goal table through the Excel template and
 * back; a malformed sheet writes nothing and names each problem's sheet, row and column in the user's language.
 */
const tmp = tempDir();
afterAll(() => tmp.remove());

const AGR = 'silkeborg-borgerservice-2015';
const QO = 'silkeborg-demo-kvalitet';
const KINDS = ['goal', 'action', 'successCriterion', 'indicator', 'measurement'] as const;

/** The quality office of Silkeborg, signed in with a language. */
const office = (store: ReturnType<typeof openSqliteStore>, locale: 'da' | 'sv' | 'en') =>
  makeContext(store.forTenant('demo'), { id: QO, tenantId: 'demo', displayName: 'Kvalitet', locale, authMethod: 'development' });

async function seeded(name: string, doc: typeof silkeborg = silkeborg) {
  const store = openSqliteStore(join(tmp.dir, `${name}.db`));
  await seedDocuments(makeContext(store.forTenant('demo'), systemActor('demo')), [doc]);
  return store;
}

/** Everything of the agreement as stored, without what the store keeps. */
async function contentOf(ctx: ServiceContext) {
  const out: Record<string, unknown[]> = {};
  for (const kind of KINDS) {
    const records = (await ctx.store.listAll(kind, { agreementId: AGR })) as unknown as Record<string, unknown>[];
    out[kind] = records.map(({ revision: _r, createdAt: _c, updatedAt: _u, ...rest }) => rest).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

const xlsx = async (grid: Grid) => readWorkbook(await writeWorkbook(grid, 'xlsx'), 'xlsx', 'x');

describe('the Silkeborg agreement through the Excel template', () => {
  it('exports the goal table, and importing it into a municipality without the goals gives the same records', async () => {
    const source = await seeded('source');
    const ctxA = office(source, 'da');
    const grid = await xlsx(await exportSheet(ctxA, { agreementId: AGR }, 'da'));
    const heading = grid.sheets[0]!.rows[0]!;
    expect(grid.sheets[0]!.name).toBe('Mål');
    expect(heading.slice(0, 8)).toEqual(['Aftale-id', 'Nr.', 'Mål', 'Målets ejer', 'Overordnede mål', 'Handling', 'Succeskriterium', 'Indikator']);
    // Goal 1 of the document: its number, title, owner and the appropriation goal it follows, then its actions and criteria row by row.
    const first = grid.sheets[0]!.rows[1]!;
    expect(first.slice(0, 7)).toEqual([
      AGR,
      '1',
      'Øget digitalisering',
      'Xxxxxxx Xxxxxx',
      'Øget digitalisering',
      'Fortsat fokus på at understøtte borgerne i brug af selvbetjeningsløsninger.',
      'Min. 80% af alle ansøgninger der er en del af de obligatoriske selvbetjeningsløsninger sker digitalt.',
    ]);
    // Goal 1 has 4 actions and 6 criteria: six rows; goal 2 three and three; goal 3 five and seven.
    expect(grid.sheets[0]!.rows).toHaveLength(1 + 6 + 3 + 7);

    // A second municipality store: Silkeborg without the agreement's goals.
    const empty = { ...silkeborg, goals: silkeborg.goals!.filter((g) => g.agreementId !== AGR), actions: [], successCriteria: [] };
    const target = await seeded('target', empty);
    const ctxB = office(target, 'da');
    expect((await contentOf(ctxB)).goal).toEqual([]);
    const preview = await importSheet(ctxB, grid, { agreementId: AGR, dryRun: true });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toEqual({ create: 3 + 12 + 16, update: 0, unchanged: 0 });
    expect((await contentOf(ctxB)).goal).toEqual([]); // a dry run writes nothing
    const done = await importSheet(ctxB, grid, { agreementId: AGR, dryRun: false, name: 'silkeborg.xlsx' });
    expect(done.counts.create).toBe(31);
    expect(await contentOf(ctxB)).toEqual(await contentOf(ctxA));
    // Importing the same file again changes nothing.
    expect((await importSheet(ctxB, grid, { agreementId: AGR, dryRun: true })).counts).toEqual({ create: 0, update: 0, unchanged: 31 });
    await source.close();
    await target.close();
  });

  it('adds indicators with measurements from the template, and a changed value is a correction with history', async () => {
    const store = await seeded('indicators');
    const ctx = office(store, 'sv');
    const template = sheetTemplate('sv');
    // Without the owner and parent goal columns: what a sheet does not name is kept.
    const h = template.sheets[0]!.rows[0]!.map(String).filter((x) => x !== 'Målets ägare' && x !== 'Övergripande mål');
    const row = (values: Record<string, Cell>) => h.map((name) => values[name] ?? null).concat([values['2015'] ?? null]);
    const grid: Grid = {
      sheets: [
        {
          name: 'Mål',
          rows: [
            [...h, '2015'],
            row({
              Nr: '1',
              Mål: 'Øget digitalisering',
              Indikator: 'Digitale ansøgninger',
              Måttenhet: '%',
              Utgångsläge: '71,5',
              'Målnivå som skriven': 'Min. 80%',
              Riktning: 'Minst',
              Målvärde: 80,
              Frekvens: 'En gång om året: december',
              Datakälla: 'Fagsystem',
              '2015': 78,
            }),
          ],
        },
      ],
    };
    const first = await importSheet(ctx, await xlsx(grid), { agreementId: AGR, dryRun: false });
    expect(first.problems).toEqual([]);
    expect(first.changes.map((c) => [c.kind, c.change])).toEqual([
      ['goal', 'unchanged'],
      ['indicator', 'create'],
      ['measurement', 'create'],
    ]);
    // The goal matched by its number; the sheet had no owner or parent column, so they are kept.
    const goal = (await ctx.store.get('goal', `${AGR}-goal-1`))!;
    expect(goal).toMatchObject({ title: 'Øget digitalisering', ownerId: 'silkeborg-xxxxxxx-xxxxxx', parentGoalIds: ['silkeborg-bevilling-14-2015-goal-1'] });
    const [indicator] = await ctx.store.listAll('indicator', { agreementId: AGR });
    expect(indicator).toMatchObject({
      name: 'Digitale ansøgninger',
      unitOfMeasure: '%',
      baseline: 71.5,
      targetText: 'Min. 80%',
      direction: 'increase',
      target: 80,
      frequency: { kind: 'yearly', month: 12 },
      dataSource: 'Fagsystem',
    });
    const [m1] = await ctx.store.listAll('measurement', { indicatorId: indicator!.id });
    expect(m1).toMatchObject({ period: '2015', value: 78, source: 'import', enteredBy: QO, history: [] });

    grid.sheets[0]!.rows[1]![h.length] = 81;
    const second = await importSheet(ctx, grid, { agreementId: AGR, dryRun: false });
    expect(second.changes.filter((c) => c.change !== 'unchanged').map((c) => [c.kind, c.change, c.fields])).toEqual([
      ['measurement', 'update', ['value', 'enteredAt', 'history']],
    ]);
    const [m2] = await ctx.store.listAll('measurement', { indicatorId: indicator!.id });
    expect(m2).toMatchObject({ id: m1!.id, value: 81, history: [{ value: 78, source: 'import' }] });

    // The report says the period has no value ("inget värde"): an explicit no value, never 0.
    grid.sheets[0]!.rows[1]![h.length] = 'inget värde';
    const third = await importSheet(ctx, grid, { agreementId: AGR, dryRun: false });
    expect(third.problems).toEqual([]);
    const [m3] = await ctx.store.listAll('measurement', { indicatorId: indicator!.id });
    expect(m3).toMatchObject({ id: m1!.id, value: null, history: [{ value: 78 }, { value: 81 }] });
    // The export writes the report's dash for it, and reading the export back changes nothing.
    const exported = await xlsx(await exportSheet(ctx, { agreementId: AGR }, 'da'));
    const heading = exported.sheets[0]!.rows[0]!.map(String);
    const rowOf = exported.sheets[0]!.rows.find((r) => r.includes('Digitale ansøgninger'))!;
    expect(rowOf[heading.indexOf('2015')]).toBe('–');
    const again = await importSheet(ctx, exported, { agreementId: AGR, dryRun: true });
    expect(again.problems).toEqual([]);
    expect(again.counts.create + again.counts.update).toBe(0);
    // A dash or the words in any language mean the same; a word that is no number is still refused.
    for (const cell of ['-', '—', 'ingen værdi', 'No value']) {
      grid.sheets[0]!.rows[1]![h.length] = cell;
      expect((await importSheet(ctx, grid, { agreementId: AGR, dryRun: true })).counts.update).toBe(0);
    }
    grid.sheets[0]!.rows[1]![h.length] = 'n/a';
    expect((await importSheet(ctx, grid, { agreementId: AGR, dryRun: true })).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/måste vara ett tal/),
    ]);
    await store.close();
  });
});

describe('a malformed sheet', () => {
  const malformed = (h: string[]): Grid => {
    const at = (name: string) => h.indexOf(name);
    const blank = () => h.map(() => null as Cell);
    const r1 = blank();
    r1[at(h[2]!)] = 'Nyt mål';
    r1[at(h[7]!)] = 'Ventetid';
    r1[at(h[9]!)] = 'mange'; // baseline: not a number
    r1[at(h[14]!)] = 'hver anden uge'; // frequency: unknown
    const r2 = blank();
    r2[at(h[7]!)] = 'Tilfredshed'; // no unit of measure, no frequency
    r2[at(h[3]!)] = '';
    const r3 = blank();
    r3[at(h[2]!)] = 'Mål uden ejer';
    r3[at(h[3]!)] = 'Ingen Sådan Person';
    return { sheets: [{ name: 'Ark1', rows: [h, r1, r2, r3] }] };
  };

  it.each([
    [
      'da',
      'Ark «Ark1», række 2, kolonne «Udgangspunkt»: skal være et tal',
      'Ark «Ark1», række 2, kolonne «Hyppighed»: «hver anden uge» kendes ikke',
      'Ark «Ark1», række 4, kolonne «Målets ejer»: ingen person hedder «Ingen Sådan Person»',
    ],
    [
      'sv',
      'Blad «Ark1», rad 2, kolumn «Utgångsläge»: måste vara ett tal',
      'Blad «Ark1», rad 2, kolumn «Frekvens»: «hver anden uge» är okänt',
      'Blad «Ark1», rad 4, kolumn «Målets ägare»: ingen person heter «Ingen Sådan Person»',
    ],
  ] as const)('writes nothing and names each problem in %s', async (locale, baseline, frequency, owner) => {
    const store = await seeded(`malformed-${locale}`);
    const ctx = office(store, locale);
    const before = await contentOf(ctx);
    const audit = (await ctx.store.auditTrail({}, { limit: 1 })).items[0]!.id;
    const grid = await xlsx(malformed(sheetTemplate(locale).sheets[0]!.rows[0]!.map(String)));
    const preview = await importSheet(ctx, grid, { agreementId: AGR, dryRun: true });
    expect(preview.problems.map((p) => [p.row, p.cell])).toEqual([
      [2, 'J2'],
      [2, 'O2'],
      [4, 'D4'],
    ]);
    const err = await importSheet(ctx, grid, { agreementId: AGR, dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const messages = (err as ValidationError).issues.map((i) => i.message);
    expect(messages[0]).toBe(baseline);
    expect(messages[1]).toMatch(new RegExp(`^${frequency.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(messages[2]).toBe(owner);
    expect(await contentOf(ctx)).toEqual(before);
    expect((await ctx.store.auditTrail({}, { limit: 1 })).items[0]!.id).toBe(audit);
    await store.close();
  });

  it('reports what the record validation finds (a missing unit of measure) at its row and column, and writes nothing', async () => {
    const store = await seeded('schema');
    const ctx = office(store, 'da');
    const h = sheetTemplate('da').sheets[0]!.rows[0]!.map(String);
    const row = h.map(() => null as Cell);
    row[h.indexOf('Mål')] = 'Kortere ventetid';
    row[h.indexOf('Indikator')] = 'Ventetid';
    row[h.indexOf('Hyppighed')] = 'Hvert kvartal';
    const result = await importSheet(ctx, { sheets: [{ name: 'Mål', rows: [h, row] }] }, { agreementId: AGR, dryRun: true });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ sheet: 'Mål', row: 2, column: 'Måleenhed' });
    expect(await ctx.store.listAll('goal', { agreementId: AGR })).toHaveLength(3);
    await store.close();
  });
});
