import type { ServiceContext } from '../core/context';
import { LOCALES, type Locale } from '../core/model';
import { read } from '../core/port';
import { lineOf } from '../core/rules/agreement-life';
import { getAgreementView, type AgreementView } from '../core/services/agreement-view';
import { organisation } from '../core/services/organisation';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { agreementDocument, type DocumentModel } from './model';
import { renderPdf } from './pdf';

/** The formats an agreement exports as, with their media type and file extension. */
export const DOCUMENT_FORMATS = {
  pdf: { type: 'application/pdf', extension: 'pdf' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
} as const;
export type DocumentFormat = keyof typeof DOCUMENT_FORMATS;
export const isDocumentFormat = (f: unknown): f is DocumentFormat => typeof f === 'string' && Object.prototype.hasOwnProperty.call(DOCUMENT_FORMATS, f);

export async function render(model: DocumentModel, format: DocumentFormat): Promise<Buffer> {
  if (format === 'pdf') return renderPdf(model);
  if (format === 'docx') return renderDocx(model);
  return Buffer.from(renderHtml(model), 'utf8');
}

/**
 * The language an agreement is written in: the language of its unit's leaders (who write it), else of its
 * approving chief's municipality's quality office, else the reader's.
 */
async function agreementLanguage(ctx: ServiceContext, v: AgreementView, fallback: Locale): Promise<Locale> {
  const ids = [...v.unit.leaderIds, ...(v.unit.approverId ? [v.unit.approverId] : [])];
  if (!ids.length) return fallback;
  const [people] = await ctx.store.readMany([read.ids('person', ids)]);
  const found = ids.map((id) => people.find((p) => p.id === id)?.locale).find((l): l is Locale => !!l);
  return found ?? fallback;
}

/** A file name from the unit's name and the year, safe on every file system: "Borgerservice-2015.pdf". */
export function fileName(v: AgreementView, format: DocumentFormat): string {
  const base = `${v.unit.name}-${v.agreement.year}${v.agreement.version > 1 ? `-v${v.agreement.version}` : ''}`
    .normalize('NFC')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\p{Cc}+/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base}.${DOCUMENT_FORMATS[format].extension}`;
}

/** The document model of one agreement as the actor may read it (the read policy of the agreement view). */
export async function agreementModel(ctx: ServiceContext, agreementId: string, lang?: Locale): Promise<{ view: AgreementView; model: DocumentModel }> {
  const view = await getAgreementView(ctx, agreementId);
  const org = await organisation(ctx);
  const municipality = lineOf(org, view.unit.id).at(-1) ?? null;
  const locale = lang && (LOCALES as readonly string[]).includes(lang) ? lang : await agreementLanguage(ctx, view, ctx.actor.locale);
  return { view, model: agreementDocument(view, municipality, locale) };
}

/** One agreement as a file: its bytes, media type and name. */
export async function exportAgreement(
  ctx: ServiceContext,
  agreementId: string,
  format: DocumentFormat,
  lang?: Locale,
): Promise<{ bytes: Buffer; type: string; name: string }> {
  const { view, model } = await agreementModel(ctx, agreementId, lang);
  return { bytes: await render(model, format), type: DOCUMENT_FORMATS[format].type, name: fileName(view, format) };
}
