import express, { type Request, type Response } from 'express';
import { formatDate, pickLocale, t } from '../core/i18n';
import type { Locale, OrgUnit } from '../core/model';
import { Slug, type Publication } from '../core/model/publications';
import type { Store, TenantStore } from '../core/port';
import type { AgreementView } from '../core/services/agreement-view';
import { publicationAt, publicationsAt, publicPath } from '../core/services/publications';
import { documentBody, escapeHtml, htmlPage } from '../documents/html';
import { agreementDocument } from '../documents/model';

/**
 * The public pages of published agreements, without sign-in and without Teams: one per municipality, year and unit
 * (/offentlig/{municipality}/{year}/{unit}), and a list per municipality and per year. Server-rendered by the same
 * HTML renderer as the export, with the municipality's name and the accessibility statement it configures. Nothing
 * but publication records is read to answer (services/publications.ts): what was never published, or was
 * unpublished, or is a later version than the one published, is not there — every other address answers the same
 * "not found" page.
 */
export type PublicPagesDeps = {
  store: Store;
  /** The tenants whose published agreements are served, searched in order (the sign-in's allowed tenants). */
  tenants: readonly string[];
};

const ok = (s: string) => Slug.safeParse(s).success;
const yearOf = (s: string) => (/^\d{4}$/.test(s) ? Number(s) : null);

type Shell = {
  lang: Locale;
  title: string;
  municipality: OrgUnit | null;
  municipalityName: string;
  municipalitySlug: string;
  trail: { href?: string; text: string }[];
};

function header(s: Shell): string {
  return [
    '<header class="site">',
    `<p class="municipality"><a href="/offentlig/${s.municipalitySlug}">${escapeHtml(s.municipalityName)}</a></p>`,
    `<nav aria-label="${escapeHtml(t('publicBreadcrumb', s.lang))}"><ol class="trail">`,
    ...s.trail.map(
      (c) => `<li>${c.href ? `<a href="${escapeHtml(c.href)}">${escapeHtml(c.text)}</a>` : `<span aria-current="page">${escapeHtml(c.text)}</span>`}</li>`,
    ),
    '</ol></nav>',
    '</header>',
  ].join('\n');
}

function footer(s: Shell, extra = ''): string {
  const statement = s.municipality?.accessibilityStatementUrl;
  return [
    '<footer class="site">',
    extra,
    statement ? `<p><a href="${escapeHtml(statement)}">${escapeHtml(t('accessibilityStatement', s.lang))}</a></p>` : '',
    '</footer>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The site's own lines around the document: readable, printable (the header's trail is left out on paper). */
const SITE_CSS = `
header.site, footer.site { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
header.site { border-bottom: 1px solid #8a8886; }
footer.site { border-top: 1px solid #8a8886; color: #484644; font-size: 0.9rem; }
.municipality { font-weight: 600; font-size: 1.1rem; margin: 0 0 0.25rem; }
.municipality a { color: inherit; text-decoration: none; }
ol.trail { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; margin: 0; }
ol.trail li + li::before { content: "/"; margin-right: 0.5rem; color: #605e5c; }
ul.agreements { padding-left: 1.2rem; }
@media print { ol.trail { display: none; } header.site, footer.site { padding: 0; max-width: none; } }
`;

function page(s: Shell, main: string, foot = ''): string {
  return htmlPage({ lang: s.lang, title: s.title, css: SITE_CSS, header: header(s), main, footer: footer(s, foot) });
}

function send(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'public, max-age=60');
  res.send(html);
}

function notFound(req: Request, res: Response): void {
  const lang = pickLocale(req.header('accept-language'));
  const title = t('publicNotFound', lang);
  send(res, 404, htmlPage({ lang, title, main: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(t('publicNotFoundText', lang))}</p>` }));
}

export function createPublicPages(deps: PublicPagesDeps): express.Router {
  const router = express.Router({ caseSensitive: true, strict: false });

  /** The tenant that publishes at a municipality's address, with its publications there (of one year). */
  async function find(municipalitySlug: string, year?: number): Promise<{ store: TenantStore; found: Publication[] } | null> {
    for (const tenant of deps.tenants) {
      const store = deps.store.forTenant(tenant);
      const found = await publicationsAt(store, municipalitySlug, year);
      if (found.length) return { store, found };
    }
    return null;
  }
  const municipalityOf = async (store: TenantStore, p: Publication) => store.get('unit', p.municipalityId);

  router.get('/:m', async (req, res) => {
    const m = String(req.params.m);
    const hit = ok(m) ? await find(m) : null;
    if (!hit) return notFound(req, res);
    const first = hit.found[0]!;
    const lang = first.lang;
    const municipality = await municipalityOf(hit.store, first);
    const years = [...new Set(hit.found.map((p) => p.year))];
    const shell: Shell = {
      lang,
      title: `${t('publicTitle', lang)} – ${first.municipalityName}`,
      municipality,
      municipalityName: first.municipalityName,
      municipalitySlug: m,
      trail: [{ text: t('publicTitle', lang) }],
    };
    const main = [
      `<h1>${escapeHtml(t('publicTitle', lang))}</h1>`,
      `<ul class="agreements">${years.map((y) => `<li><a href="/offentlig/${m}/${y}">${escapeHtml(t('publicYearTitle', lang, { year: y }))}</a></li>`).join('')}</ul>`,
    ].join('\n');
    send(res, 200, page(shell, main));
  });

  router.get('/:m/:year', async (req, res) => {
    const m = String(req.params.m);
    const year = yearOf(String(req.params.year));
    const hit = ok(m) && year !== null ? await find(m, year) : null;
    if (!hit) return notFound(req, res);
    const first = hit.found[0]!;
    const lang = first.lang;
    const shell: Shell = {
      lang,
      title: `${t('publicYearTitle', lang, { year: year! })} – ${first.municipalityName}`,
      municipality: await municipalityOf(hit.store, first),
      municipalityName: first.municipalityName,
      municipalitySlug: m,
      trail: [{ href: `/offentlig/${m}`, text: t('publicTitle', lang) }, { text: String(year) }],
    };
    const items = hit.found.map((p) => {
      const view = p.view as unknown as AgreementView;
      return `<li><a href="${publicPath(p)}">${escapeHtml(view.unit.name)}</a> – ${escapeHtml(view.agreement.title)}</li>`;
    });
    send(res, 200, page(shell, `<h1>${escapeHtml(shell.title)}</h1>\n<ul class="agreements">${items.join('')}</ul>`));
  });

  router.get('/:m/:year/:unit', async (req, res) => {
    const m = String(req.params.m);
    const u = String(req.params.unit);
    const year = yearOf(String(req.params.year));
    if (!ok(m) || !ok(u) || year === null) return notFound(req, res);
    let p: Publication | null = null;
    let store: TenantStore | null = null;
    for (const tenant of deps.tenants) {
      store = deps.store.forTenant(tenant);
      p = await publicationAt(store, m, year, u);
      if (p) break;
    }
    if (!p || !store) return notFound(req, res);
    const municipality = await municipalityOf(store, p);
    const view = p.view as unknown as AgreementView;
    const doc = agreementDocument(view, municipality, p.lang);
    const shell: Shell = {
      lang: p.lang,
      title: `${doc.title} – ${p.municipalityName}`,
      municipality,
      municipalityName: p.municipalityName,
      municipalitySlug: m,
      trail: [{ href: `/offentlig/${m}`, text: t('publicTitle', p.lang) }, { href: `/offentlig/${m}/${year}`, text: String(year) }, { text: view.unit.name }],
    };
    const published = `<p>${escapeHtml(t('publicPublishedOn', p.lang, { date: formatDate(p.publishedAt, p.lang), version: p.version }))}</p>`;
    send(res, 200, page(shell, documentBody(doc), published));
  });

  router.use(notFound);
  return router;
}
