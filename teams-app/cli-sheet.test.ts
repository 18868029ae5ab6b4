import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tests/support/mother';
import { runCli } from './cli';

/** The qa command's spreadsheet commands: template, export, dry run and import, CSV and Excel, in Danish and Swedish. */
const tmp = tempDir();
afterAll(() => tmp.remove());

async function run(args: string[], db: string) {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    { DB_PATH: db },
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

const AGR = 'silkeborg-borgerservice-2015';

describe('qa import-sheet, export-sheet, sheet-template', () => {
  const db = join(tmp.dir, 'sheet.db');
  beforeAll(async () => expect((await run(['seed'], db)).code).toBe(0));

  it('writes the template with headings in the language asked for', async () => {
    const file = join(tmp.dir, 'skabelon.csv');
    expect((await run(['sheet-template', '--out', file, '--lang', 'da'], db)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff); // Excel reads UTF-8 (æ, ø, å) by the BOM
    expect(text.slice(1).split('\n')[0]).toMatch(/^Aftale-id;Nr\.;Mål;Målets ejer;Overordnede mål;Handling;Succeskriterium;Indikator;Måleenhed;/);
  });

  it('exports an agreement as CSV, imports a changed copy after a dry run, and refuses a malformed one writing nothing', async () => {
    const file = join(tmp.dir, 'borgerservice.csv');
    expect((await run(['export-sheet', AGR, '--out', file, '--lang', 'sv'], db)).code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Verksamhetsplan-id;Nr;Mål;Målets ägare;/);
    // The first row gets an indicator with a value for 2015.
    const header = lines[0]!.split(';');
    const cells = lines[1]!.split(';');
    const set = (name: string, v: string) => (cells[header.indexOf(name)] = v);
    set('Indikator', 'Digitala ansökningar');
    set('Måttenhet', '%');
    set('Frekvens', 'Varje kvartal');
    const edited = join(tmp.dir, 'edited.csv');
    writeFileSync(edited, [`${lines[0]};2015-Q1`, `${cells.join(';')};"78,5"`, ...lines.slice(2)].join('\n'));

    const dry = await run(['import-sheet', edited, '--dry-run', '--lang', 'sv'], db);
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(dry.out).toMatch(/^create indicator \(row 2\) Digitala ansökningar$/m);
    expect(dry.out).toMatch(/^create measurement \(row 2\) 2015-Q1: 78.5$/m);
    expect(dry.out).toMatch(/dry run, nothing written: would create 2, update 0, leave 31 unchanged/);
    const shown = await run(['show', AGR], db);
    expect(shown.out).not.toMatch(/Digitala ansökningar/);

    const done = await run(['import-sheet', edited, '--lang', 'sv'], db);
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toMatch(/^create 2, update 0, leave 31 unchanged$/m);
    expect((await run(['show', AGR], db)).out).toMatch(/indicator: Digitala ansökningar .* latest 78.5 %/);

    const broken = join(tmp.dir, 'broken.csv');
    writeFileSync(broken, [`${lines[0]};2015-Q2`, `${cells.join(';')};många`].join('\n'));
    const refused = await run(['import-sheet', broken, '--lang', 'sv'], db);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^broken!V2 \(2015-Q2\): måste vara ett tal$/m);
    expect(refused.err).toMatch(/Nothing was written/);
  });
});
