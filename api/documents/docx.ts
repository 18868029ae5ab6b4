import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { paragraphs, type Block, type Cell, type DocumentModel } from './model';

/**
 * The document as Word (docx): the title as Heading 1, each section as Heading 2 and its subheadings as Heading 3
 * (Word's own heading styles, so its navigation pane and a screen reader find them), tables with a repeating
 * header row, lists as Word lists (numbering), the document's language on every run, its title in the file's
 * properties.
 */

const TAG = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' } as const;
const BULLETS = 'bullets';
const NUMBERS = 'numbers';

/** Prose as written: a paragraph per paragraph, line breaks kept. */
function prose(text: string, opts: { style?: string } = {}): Paragraph[] {
  return paragraphs(text).map((p) => new Paragraph({ ...opts, children: lines(p) }));
}

function lines(text: string, bold = false): ParagraphChild[] {
  return text.split('\n').map((l, i) => new TextRun({ text: l, bold, break: i > 0 ? 1 : 0 }));
}

function cellParagraphs(c: Cell, header: boolean): Paragraph[] {
  if (!c.lines.length) return [new Paragraph({})];
  if (c.list) return c.lines.map((l) => new Paragraph({ children: lines(l, header), numbering: { reference: BULLETS, level: 0 } }));
  return c.lines.map((l, i) => new Paragraph({ children: lines(l, header && i === 0) }));
}

function table(b: Extract<Block, { type: 'table' }>): (Paragraph | Table)[] {
  return [
    new Paragraph({ style: 'Caption', children: [new TextRun({ text: b.caption })], keepNext: true }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: b.columns.map((c) => new TableCell({ children: [new Paragraph({ children: lines(c, true) })], shading: { fill: 'F3F2F1' } })),
        }),
        ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => new TableCell({ children: cellParagraphs(c, i === 0) })) })),
      ],
    }),
    new Paragraph({}),
  ];
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(b.text)] })];
    case 'text':
      return prose(b.text);
    case 'list':
      return b.items.map((i) => new Paragraph({ children: lines(i), numbering: { reference: b.ordered ? NUMBERS : BULLETS, level: 0 } }));
    case 'facts':
      return b.items.map((i) => new Paragraph({ children: [new TextRun({ text: `${i.term}: `, bold: true }), ...lines(i.value)] }));
    case 'table':
      return table(b);
  }
}

/** The Word file's bytes. */
export async function renderDocx(model: DocumentModel): Promise<Buffer> {
  const language = { value: TAG[model.lang] };
  const doc = new Document({
    title: model.title,
    creator: 'Kvalitetsaftaler i Teams',
    styles: { default: { document: { run: { font: 'Calibri', language } } } },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            { level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 260 } } } },
          ],
        },
        {
          reference: NUMBERS,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 260 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(model.title)] }),
          ...block(model.about),
          ...model.sections.flatMap((s) => [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] }), ...s.blocks.flatMap(block)]),
          ...(model.source ? prose(model.source) : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
