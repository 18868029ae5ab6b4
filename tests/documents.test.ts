import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DEMO_DOCUMENTS } from '../api/demo';
import { documentFixture } from './support/document-fixture';
import { tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/**
 * Issue 20, points 1 and 6: an agreement exports as a tagged PDF, a Word file and accessible HTML, in the
 * municipality's section order and the agreement's language, with its content exactly as stored. Each file is
 * read back — the PDF with poppler (pdfinfo, pdftotext: apt-get install poppler-utils), the Word file with
 * mammoth — and compared with what the agreement says. The expected words are written out here as a reader
 * expects them, not taken from the code that writes them.
 */
let server: TestServer;
const tmp = tempDir();

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS, documentFixture()]);
});
afterAll(async () => {
  await server.stop();
  tmp.remove();
});

type Got = { status: number; type: string; disposition: string; bytes: Buffer; json?: any };
async function exportAs(id: string, format: string, user: string, query = ''): Promise<Got> {
  const res = await fetch(`${server.url}/api/agreements/${encodeURIComponent(id)}/export?format=${format}${query}`, {
    headers: { 'X-Dev-User': user, 'Accept-Language': 'en' },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    disposition: res.headers.get('content-disposition') ?? '',
    bytes,
    ...(type.startsWith('application/json') ? { json: JSON.parse(bytes.toString('utf8')) } : {}),
  };
}

/** Text compared without its layout: a PDF wraps lines (even inside a word in a narrow column), a table puts spaces where it likes. */
const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '');

let files = 0;
function pdfTools(bytes: Buffer): { info: string; text: string; tree: Element[] } {
  const path = join(tmp.dir, `doc-${++files}.pdf`);
  writeFileSync(path, bytes);
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { info: run('pdfinfo', [path]), text: run('pdftotext', ['-enc', 'UTF-8', path, '-']), tree: structure(run('pdfinfo', ['-struct-text', path])) };
}

/** The PDF's structure tree as `pdfinfo -struct-text` prints it: each element with its depth and its text. */
type Element = { depth: number; tag: string; text: string; attrs: string[] };
function structure(out: string): Element[] {
  const elements: Element[] = [];
  for (const line of out.split('\n')) {
    const depth = line.length - line.trimStart().length;
    const s = line.trim();
    if (!s) continue;
    const last = elements[elements.length - 1];
    if (s.startsWith('"')) {
      if (last) last.text += s.slice(1, -1);
    } else if (s.startsWith('/')) {
      if (last) last.attrs.push(s);
    } else {
      const tag = /^([A-Za-z0-9]+)/.exec(s)?.[1];
      if (tag) elements.push({ depth, tag, text: '', attrs: [] });
    }
  }
  return elements;
}
const tagged = (tree: Element[], tag: string) => tree.filter((e) => e.tag === tag).map((e) => e.text);

const FIXTURE = 'dokby-enhet-2026';
const FIXTURE_USER = 'dokby-medarbetare';
/** What the fixture's agreement says, as a Swedish reader reads it. */
const FIXTURE_TEXTS = [
  'Verksamhetsplan 2026 – Äldreomsorg & hemtjänst (§ 12)',
  'Enheten ansvarar för hemtjänst enligt 4 kap. 1 § SoL & LSS – "trygghet i vardagen".',
  'Trygg äldreomsorg – för alla.',
  'Självständighet & delaktighet hela livet.',
  'Antal brukare (personer)',
  '1 234',
  '1 310,5',
  '168 400',
  '21 848 850,50 kr',
  'Budgetram 2026 (nettokostnad)',
  'Inklusive 1,5 mnkr för § 7-insatser & kompetensutveckling.',
  '1. Brukarna upplever ökad trygghet & delaktighet',
  'Effektmål',
  '2. Väntetiden på beslut – kortare än 14 dagar',
  'Kontaktmannaskap införs på alla grupper (§ 5 & § 6)',
  'Brukarråd fyra gånger per år – mars, juni, september, december',
  'Handläggningsrutin ses över i Q1–Q2',
  'Minst 85 % av brukarna är nöjda – mätt i brukarenkäten',
  'Högst 14 dagars väntetid & inga överklaganden enligt § 16',
  'Andel nöjda brukare',
  // The target as the agreement words it, and one made from comparator, numbers and unit.
  'minst 85 % (”nöjd” & ”mycket nöjd”)',
  'Mellan 10 och 14 dagar',
  // The latest result of each indicator: the newest period, not the first.
  '12 dagar (kvartal 2 2026)',
  'Inga mätningar ännu',
  'Enligt § 3 ska nämnden – i samråd med brukarrådet – följa upp målen.',
  'Andra stycket: <b>inte fetstil</b> & "citat".',
  // Who signed which version, and when; who has not signed the version in force.
  'Jörgen Ærø-Sørensen',
  '10 januari 2026 kl. 09:15',
  '12 januari 2026 kl. 14:05',
  '2 mars 2026 kl. 10:30',
  'Øjvind Ås',
  'Inte underskriven',
];
/** The Swedish section headings, in the default order (Dokåker configures none); the own section stands before the signatures. */
const FIXTURE_SECTIONS = ['Beskrivning av enheten', 'Förutsättningar', 'Budgetram', 'Mål', 'Resultatindikatorer', '1. Uppdrag & ansvar', 'Underskrifter'];

/** Silkeborg's published agreement (seed 001) in the order the municipality configured: its numbered chapters. */
const SILKEBORG = 'silkeborg-borgerservice-2015';
const SILKEBORG_USER = 'silkeborg-demo-borgerservice';
const SILKEBORG_SECTIONS = [
  '1. Indhold',
  '2. Mission og vision',
  'Bevillingens mål fra bevilling 14',
  '3. Økonomi – budgetforudsætninger for institutionen',
  'Driftsbudget',
  '4. Målskema',
  'Tegn og indikatorer',
  '5. Rammerne for ledelsens arbejde',
  'Underskrifter',
];
const SILKEBORG_TEXTS = [
  'Aftale mellem Borgerservice og Michael Maaløe',
  'Økonomi- og Erhvervsudvalgets mission er gennem overblik og sammenhæng at sætte rammer for drift og udvikling.',
  'Vi åbner døre til nye muligheder',
  '21.848.850 kr.',
  'Driftsbudget for 2015',
  '1. Øget digitalisering',
  'Fortsat fokus på at understøtte borgerne i brug af selvbetjeningsløsninger.',
  'Min. 80% af alle ansøgninger der er en del af de obligatoriske selvbetjeningsløsninger sker digitalt.',
  'Aftalerne offentliggøres på kommunens hjemmeside senest 31. januar 2015.',
];

describe('an agreement as a tagged PDF', () => {
  it('is tagged, titled, in the agreement’s language, with an embedded font, its headings in the municipality’s order', async () => {
    const got = await exportAs(SILKEBORG, 'pdf', SILKEBORG_USER);
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/pdf');
    expect(got.disposition).toMatch(/^attachment; filename="?Borgerservice-2015\.pdf"?$/);
    const pdf = pdfTools(got.bytes);
    expect(pdf.info).toMatch(/^Tagged:\s+yes$/m);
    expect(pdf.info).toMatch(/^Title:\s+Aftale mellem Borgerservice og Michael Maaløe$/m);
    // The document's language (Danish: the unit's leader writes Danish) and the title shown instead of the file name.
    expect(got.bytes.toString('latin1')).toContain('/Lang (da-DK)');
    expect(got.bytes.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
    const fonts = execFileSync('pdffonts', [join(tmp.dir, `doc-${files}.pdf`)], { encoding: 'utf8' });
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map

    expect(tagged(pdf.tree, 'H1')).toEqual(['Aftale mellem Borgerservice og Michael Maaløe']);
    expect(tagged(pdf.tree, 'H2')).toEqual(SILKEBORG_SECTIONS);
    for (const text of SILKEBORG_TEXTS) expect(squash(pdf.text)).toContain(squash(text));
  });

  it('keeps every character and amount as stored, in Swedish, with table headers for columns and rows', async () => {
    const got = await exportAs(FIXTURE, 'pdf', FIXTURE_USER);
    expect(got.status).toBe(200);
    const pdf = pdfTools(got.bytes);
    expect(pdf.info).toMatch(/^Tagged:\s+yes$/m);
    expect(pdf.info).toContain('Verksamhetsplan 2026 – Äldreomsorg & hemtjänst (§ 12)');
    expect(got.bytes.toString('latin1')).toContain('/Lang (sv-SE)');
    expect(tagged(pdf.tree, 'H2')).toEqual(FIXTURE_SECTIONS);
    for (const text of FIXTURE_TEXTS) expect(squash(pdf.text)).toContain(squash(text));
    // Reading order is the structure tree's: the goal table's header row, then each goal with its actions and criteria.
    const heads = pdf.tree.filter((e) => e.tag === 'TH' && e.attrs.includes('/Scope /Column')).map((e) => e.text);
    expect(heads).toEqual(
      expect.arrayContaining(['Mål', 'Aktiviteter', 'Styrtal', 'Indikator', 'Målvärde', 'Senaste resultat', 'Namn', 'Roll', 'Version', 'Undertecknad']),
    );
    const rowHeads = pdf.tree.filter((e) => e.tag === 'TH' && e.attrs.includes('/Scope /Row')).map((e) => squash(e.text));
    expect(rowHeads).toEqual(expect.arrayContaining([squash('1. Brukarna upplever ökad trygghet & delaktighetEffektmål'), squash('Andel nöjda brukare')]));
    const all = squash(pdf.tree.map((e) => e.text).join(''));
    const order = [
      '1. Brukarna upplever',
      'Kontaktmannaskap införs',
      'Minst 85 % av brukarna',
      '2. Väntetiden på beslut',
      'Handläggningsrutin',
      'Högst 14 dagars',
    ].map((s) => all.indexOf(squash(s)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(pdf.tree.filter((e) => e.tag === 'Table')).toHaveLength(4); // key figures, goals, indicators, signatures
  });

  it('is written in another language when asked (`lang`), the content as stored', async () => {
    const got = await exportAs(FIXTURE, 'pdf', FIXTURE_USER, '&lang=en');
    const pdf = pdfTools(got.bytes);
    expect(got.bytes.toString('latin1')).toContain('/Lang (en-GB)');
    expect(tagged(pdf.tree, 'H2')).toEqual([
      'Unit description',
      'Framework conditions',
      'Budget frame',
      'Goals',
      'Indicators',
      '1. Uppdrag & ansvar',
      'Signatures',
    ]);
    expect(squash(pdf.text)).toContain(squash('SEK 21,848,850.50'));
    expect(squash(pdf.text)).toContain(squash('minst 85 % (”nöjd” & ”mycket nöjd”)'));
  });
});

describe('an agreement as a Word file', () => {
  it('has real headings, tables and lists, the language and the title, and every text as stored', async () => {
    const got = await exportAs(FIXTURE, 'docx', FIXTURE_USER);
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(got.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Äldreomsorg & hemtjänst – Öst-2026-v2.docx')}`);
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: got.bytes });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    const inner = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'g'))].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    const decode = (s: string) =>
      s
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"');
    expect(inner('h1').map(decode)).toEqual(['Verksamhetsplan 2026 – Äldreomsorg & hemtjänst (§ 12)']);
    expect(inner('h2').map(decode)).toEqual(FIXTURE_SECTIONS);
    expect(html.match(/<table>/g)).toHaveLength(4);
    // The goal table's actions are a Word list in their cell.
    expect(html).toMatch(/<td><ul><li>Kontaktmannaskap införs på alla grupper \(§ 5 &amp; § 6\)<\/li><li>Brukarråd fyra gånger/);
    const { value: text } = await mammoth.extractRawText({ buffer: got.bytes });
    for (const t of FIXTURE_TEXTS) expect(squash(text)).toContain(squash(t));

    const zip = await JSZip.loadAsync(got.bytes);
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:lang w:val="sv-SE"');
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('<dc:title>Verksamhetsplan 2026 – Äldreomsorg &amp; hemtjänst (§ 12)</dc:title>');
    // The header row repeats on every page.
    expect(await zip.file('word/document.xml')!.async('string')).toContain('<w:tblHeader/>');
  });

  it('reads Silkeborg’s agreement back in its configured order', async () => {
    const got = await exportAs(SILKEBORG, 'docx', SILKEBORG_USER);
    const { value: html } = await mammoth.convertToHtml({ buffer: got.bytes });
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(SILKEBORG_SECTIONS);
    const { value: text } = await mammoth.extractRawText({ buffer: got.bytes });
    for (const t of SILKEBORG_TEXTS) expect(squash(text)).toContain(squash(t));
  });
});

describe('an agreement as accessible HTML', () => {
  it('is one page in the agreement’s language, text escaped, headings and table headers in place', async () => {
    const got = await exportAs(FIXTURE, 'html', FIXTURE_USER);
    expect(got.status).toBe(200);
    expect(got.type).toBe('text/html; charset=utf-8');
    const html = got.bytes.toString('utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    expect(html).toContain('<title>Verksamhetsplan 2026 – Äldreomsorg &amp; hemtjänst (§ 12)</title>');
    expect(html).toContain('Andra stycket: &lt;b&gt;inte fetstil&lt;/b&gt; &amp; &quot;citat&quot;.');
    expect(html).not.toContain('<b>');
    expect([...html.matchAll(/<h2 id="s-\d+">(.*?)<\/h2>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))).toEqual(FIXTURE_SECTIONS);
    expect(html).toContain('<th scope="col">Senaste resultat</th>');
    expect(html).toMatch(/@media print/);
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    for (const t of FIXTURE_TEXTS) expect(squash(text)).toContain(squash(t));
  });
});

describe('who may export', () => {
  it('follows the read policy: a draft stays with its unit, an unknown agreement is not found, a bad format is named', async () => {
    // Høje-Taastrup's agreement is in effect: readable by anyone signed in, so a Silkeborg employee may export it.
    expect((await exportAs('hoeje-taastrup-team-myndighed-2016', 'html', SILKEBORG_USER)).status).toBe(200);
    // A draft: made by Dokåker's leader, not readable by another municipality's staff.
    const created = await fetch(`${server.url}/api/agreements`, {
      method: 'POST',
      headers: { 'X-Dev-User': 'dokby-ledare', 'Content-Type': 'application/json' },
      body: JSON.stringify({ unitId: 'dokby-enhet', year: 2027, title: 'Utkast 2027', periodStart: '2027-01-01', periodEnd: '2027-12-31' }),
    });
    expect(created.status).toBe(201);
    const draft = ((await created.json()) as { id: string }).id;
    for (const format of ['pdf', 'docx', 'html']) {
      const refused = await exportAs(draft, format, SILKEBORG_USER);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('forbidden');
      expect((await exportAs(draft, format, 'dokby-medarbetare')).status).toBe(200);
    }
    expect((await exportAs('no-such-agreement', 'pdf', SILKEBORG_USER)).status).toBe(404);
    const bad = await exportAs(SILKEBORG, 'odt', SILKEBORG_USER);
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('format');
    const badLang = await exportAs(SILKEBORG, 'pdf', SILKEBORG_USER, '&lang=de');
    expect(badLang.status).toBe(400);
    expect(badLang.json.error.field).toBe('lang');
    const anonymous = await fetch(`${server.url}/api/agreements/${SILKEBORG}/export?format=pdf`);
    expect(anonymous.status).toBe(401);
  });
});
