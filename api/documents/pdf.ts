import { readFileSync } from 'node:fs';
import { create as parseFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import { paragraphs, type Block, type Cell, type DocumentModel } from './model';

/**
 * The document as a tagged PDF (pdfkit): the document's language and title (shown as the window title), a
 * structure tree in reading order — H1, one Sect per section with its H2, H3, P, L/LI/Lbl/LBody, Table/TR/TH/TD
 * with column and row header scopes — and an embedded font that has every letter of the three languages (DejaVu
 * Sans from the `dejavu-fonts-ttf` package: pdfkit's standard fonts are not embedded, which PDF/UA requires).
 */

/**
 * The fonts, parsed once per process (fontkit, pdfkit's own font reader) and given to every document as parsed
 * fonts: given as a file, pdfkit parses it again each time a table cell switches font and back (about a second
 * per document on a busy machine); each document still embeds its own subset.
 */
type Font = Parameters<InstanceType<typeof PDFDocument>['registerFont']>[1];
let fonts: { regular: Font; bold: Font } | null = null;
function loadFonts(): { regular: Font; bold: Font } {
  const parse = (file: string) => parseFont(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))) as Font;
  return (fonts ??= { regular: parse('DejaVuSans.ttf'), bold: parse('DejaVuSans-Bold.ttf') });
}

/** The BCP 47 tag of the document's language. */
const TAG = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' } as const;

type Doc = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Doc['struct']>;

const SIZE = { h1: 20, h2: 15, h3: 12, body: 10, small: 9 } as const;

function heading(doc: Doc, parent: Struct, tag: 'H1' | 'H2' | 'H3', text: string, size: number): void {
  doc.moveDown(tag === 'H3' ? 0.6 : 1);
  // A heading never stands alone at the foot of a page.
  if (doc.y > doc.page.height - doc.page.margins.bottom - size * 4) doc.addPage();
  doc.font('Bold').fontSize(size);
  parent.add(doc.struct(tag, {}, () => doc.text(text)));
  doc.font('Regular').fontSize(SIZE.body);
  doc.moveDown(0.3);
}

function prose(doc: Doc, parent: Struct, text: string): void {
  for (const p of paragraphs(text)) {
    parent.add(doc.struct('P', {}, () => doc.text(p)));
    doc.moveDown(0.4);
  }
}

function list(doc: Doc, parent: Struct, items: string[], ordered: boolean): void {
  if (!items.length) return;
  const l = doc.struct('L');
  parent.add(l);
  doc.list(items, { listType: ordered ? 'numbered' : 'bullet', structParent: l, bulletRadius: 2, textIndent: 12 } as never);
  l.end();
  doc.moveDown(0.4);
}

const cellText = (c: Cell) => (c.list ? c.lines.map((l) => `• ${l}`).join('\n') : c.lines.join('\n'));

function table(doc: Doc, parent: Struct, b: Extract<Block, { type: 'table' }>): void {
  doc.font('Bold').fontSize(SIZE.body);
  parent.add(doc.struct('Caption', {}, () => doc.text(b.caption)));
  doc.font('Regular').moveDown(0.2);
  doc.table({
    structParent: parent,
    defaultStyle: { padding: 4, border: 0.5, borderColor: '#8a8886' },
    data: [
      b.columns.map((c) => ({ text: c, type: 'TH', scope: 'Column', font: { src: 'Bold' }, backgroundColor: '#f3f2f1' })),
      ...b.rows.map((r) => r.map((c, i) => (i === 0 ? { text: cellText(c), type: 'TH', scope: 'Row', font: { src: 'Bold' } } : { text: cellText(c) }))),
    ],
  } as never);
  doc.x = doc.page.margins.left;
  doc.moveDown(0.6);
}

function facts(doc: Doc, parent: Struct, b: Extract<Block, { type: 'facts' }>): void {
  // A description list: each term and its value as one paragraph, the term in bold.
  for (const i of b.items) {
    parent.add(
      doc.struct('P', {}, () => {
        doc.font('Bold').text(`${i.term}: `, { continued: true });
        doc.font('Regular').text(i.value);
      }),
    );
    doc.moveDown(0.2);
  }
  doc.moveDown(0.4);
}

function block(doc: Doc, parent: Struct, b: Block): void {
  switch (b.type) {
    case 'heading':
      return heading(doc, parent, 'H3', b.text, SIZE.h3);
    case 'text':
      return prose(doc, parent, b.text);
    case 'list':
      return list(doc, parent, b.items, b.ordered);
    case 'facts':
      return facts(doc, parent, b);
    case 'table':
      return table(doc, parent, b);
  }
}

/** The PDF's bytes. */
export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    tagged: true,
    lang: TAG[model.lang],
    displayTitle: true,
    info: { Title: model.title, Creator: 'Kvalitetsaftaler i Teams' },
    bufferPages: false,
    autoFirstPage: true,
  } as never);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = loadFonts();
  doc.registerFont('Regular', regular);
  doc.registerFont('Bold', bold);
  doc.font('Regular').fontSize(SIZE.body);

  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.font('Bold').fontSize(SIZE.h1);
  root.add(doc.struct('H1', {}, () => doc.text(model.title)));
  doc.font('Regular').fontSize(SIZE.body).moveDown(0.5);
  block(doc, root, model.about);
  for (const s of model.sections) {
    const sect = doc.struct('Sect');
    root.add(sect);
    heading(doc, sect, 'H2', s.title, SIZE.h2);
    for (const b of s.blocks) block(doc, sect, b);
    sect.end();
  }
  if (model.source) {
    doc.moveDown(1).fontSize(SIZE.small);
    root.add(doc.struct('P', {}, () => doc.text(model.source!)));
  }
  root.end();
  doc.end();
  return done;
}
