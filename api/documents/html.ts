import { paragraphs, type Block, type Cell, type DocumentModel } from './model';

/**
 * The document as accessible HTML (WCAG 2.1 AA): one <h1>, a heading per section, tables with a caption and
 * header cells (`scope`), lists as lists, the document's language on <html>. A print stylesheet comes with it.
 * The same renderer serves the export (`GET /api/agreements/{id}/export?format=html`) and the public pages
 * (`/offentlig/…`), which wrap it in the municipality's own header and footer.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Prose as written: paragraphs, and line breaks within them. */
const prose = (s: string) => paragraphs(s).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`);

function cellHtml(c: Cell): string {
  if (c.list) return c.lines.length ? `<ul>${c.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '';
  return c.lines.map((l, i) => (i === 0 ? escapeHtml(l) : `<br><span class="note">${escapeHtml(l)}</span>`)).join('');
}

function blockHtml(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      return [`<h3>${escapeHtml(b.text)}</h3>`];
    case 'text':
      return prose(b.text);
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return [`<${tag}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`];
    }
    case 'facts':
      return [
        `<dl aria-label="${escapeHtml(b.label)}">`,
        ...b.items.map((i) => `<div><dt>${escapeHtml(i.term)}</dt><dd>${prose(i.value).join('')}</dd></div>`),
        '</dl>',
      ];
    case 'table':
      return [
        '<div class="table">',
        `<table>`,
        `<caption>${escapeHtml(b.caption)}</caption>`,
        `<thead><tr>${b.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cellHtml(c)}</th>` : `<td>${cellHtml(c)}</td>`)).join('')}</tr>`),
        '</tbody>',
        '</table>',
        '</div>',
      ];
  }
}

/** The stylesheet of the document: readable on screen, and on paper without anything but the document. */
export const DOCUMENT_CSS = `
:root { color-scheme: light; }
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1b1b1b; background: #fff; margin: 0; }
.document { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; padding-top: 0.75rem; border-top: 1px solid #8a8886; }
h3 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 0.75rem; max-width: 75ch; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
dl > div { display: contents; }
dt { font-weight: 600; }
dd { margin: 0; }
dd p { margin: 0; }
/* A word longer than the line (a Swedish compound in a heading) breaks rather than widening the page. */
h1, h2, h3, p, li, caption { overflow-wrap: break-word; }
/*
 * On a phone or in a meeting side panel (320 px): the page's margin and the title's size shrink, so that a title's long
 * word ("Verksamhetsplan" at 1.9rem is 273 px, a pixel wider than the line) stays whole on its line; each term stands
 * above its value, so that a long term never pushes the value off the page.
 */
@media (max-width: 36rem) {
  .document { padding: 1rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  dl { grid-template-columns: minmax(0, 1fr); }
  dd { margin: 0 0 0.5rem; }
  dt, dd { overflow-wrap: anywhere; }
}
.table { overflow-x: auto; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.25rem; }
th, td { border: 1px solid #8a8886; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { font-weight: 600; }
td ul, th ul { margin: 0; padding-left: 1.2rem; }
.note { font-weight: 400; color: #484644; }
.source { color: #484644; font-size: 0.875rem; }
a { color: #0f548c; }
@media print {
  body { font-size: 10.5pt; }
  .document { max-width: none; padding: 0; }
  .no-print, nav, button { display: none !important; }
  h2, h3 { break-after: avoid; }
  tr, dl > div { break-inside: avoid; }
  .table { overflow: visible; }
  a { color: inherit; }
}
`;

/** The document's content: its <h1>, what it is about, its sections and its source. */
export function documentBody(doc: DocumentModel): string {
  return [
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...blockHtml(doc.about),
    ...doc.sections.flatMap((s, i) => [
      `<section aria-labelledby="s-${i + 1}">`,
      `<h2 id="s-${i + 1}">${escapeHtml(s.title)}</h2>`,
      ...s.blocks.flatMap(blockHtml),
      '</section>',
    ]),
    ...(doc.source ? [`<p class="source">${escapeHtml(doc.source)}</p>`] : []),
  ].join('\n');
}

/**
 * A whole page around the document: `header` and `footer` (already HTML, made from escaped text by the caller)
 * go around <main>. Without them, the export: the document alone.
 */
export function renderHtml(doc: DocumentModel, page: { title?: string; header?: string; footer?: string; css?: string } = {}): string {
  return htmlPage({ ...page, lang: doc.lang, title: page.title ?? doc.title, main: documentBody(doc) });
}

/** A page of the product's documents: the document's stylesheet (and `css`), a header, <main>, a footer. */
export function htmlPage(page: { lang: string; title: string; css?: string; header?: string; main: string; footer?: string }): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(page.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${DOCUMENT_CSS}${page.css ?? ''}</style>`,
    '</head>',
    '<body>',
    ...(page.header ? [page.header] : []),
    '<main class="document">',
    page.main,
    '</main>',
    ...(page.footer ? [page.footer] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
