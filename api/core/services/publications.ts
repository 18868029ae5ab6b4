import { auditEntry } from '../audit';
import { rolesFor } from '../authorization';
import type { ServiceContext } from '../context';
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../errors';
import type { Agreement, Locale, OrgUnit } from '../model';
import { DEFAULT_PUBLISH_ROLES, slugOf, type Publication } from '../model/publications';
import { read, type TenantStore } from '../port';
import { roleMeets } from '../roles';
import { lineOf, PUBLISHED_STATUSES } from '../rules/agreement-life';
import { ROLLUP } from './agreement-rollups';
import { getAgreementView, type AgreementView } from './agreement-view';
import { organisation } from './organisation';

/**
 * Publishing: an approved agreement made public on the municipality's pages (/offentlig/…), read there by anyone
 * without signing in. Publishing keeps the version as it is then (its view, as every reader may see it); a new
 * version drafted afterwards stays private until it is approved and published in turn; unpublishing deletes the
 * record, and with it everything the public pages could show of the agreement. Both are audited. Who may publish is
 * the municipality's choice (`publishRoles`, default the quality office).
 */

export type PublicationState = {
  published: { version: number; at: string; byName: string; path: string } | null;
  /** Whether the actor may publish or unpublish this agreement (its state aside). */
  mayPublish: boolean;
  /** Whether its state allows publishing (approved, in effect, year-end, closed). */
  publishable: boolean;
};

/** The public address of a publication. */
export const publicPath = (p: Pick<Publication, 'municipalitySlug' | 'year' | 'unitSlug'>) => `/offentlig/${p.municipalitySlug}/${p.year}/${p.unitSlug}`;

async function municipalityOf(ctx: ServiceContext, unitId: string): Promise<{ municipality: OrgUnit; line: OrgUnit[] }> {
  const line = lineOf(await organisation(ctx), unitId);
  const municipality = line.at(-1);
  if (!municipality || municipality.parentId) throw new NotFoundError('unit', unitId);
  return { municipality, line };
}

async function mayPublish(ctx: ServiceContext, a: Pick<Agreement, 'unitId'>): Promise<boolean> {
  const { municipality } = await municipalityOf(ctx, a.unitId);
  const needed = municipality.publishRoles ?? DEFAULT_PUBLISH_ROLES;
  for (const role of await rolesFor(ctx, a.unitId)) if (roleMeets(role, needed)) return true;
  return false;
}

async function agreementOf(ctx: ServiceContext, agreementId: string): Promise<Agreement> {
  const a = await ctx.store.get('agreement', agreementId);
  if (!a) throw new NotFoundError('agreement', agreementId);
  return a;
}

export async function publicationState(ctx: ServiceContext, agreementId: string): Promise<PublicationState> {
  // Reading the agreement's view first applies the read policy.
  const view = await getAgreementView(ctx, agreementId);
  const p = await ctx.store.get('publication', agreementId);
  return {
    published: p ? { version: p.version, at: p.publishedAt, byName: p.publishedByName, path: publicPath(p) } : null,
    mayPublish: await mayPublish(ctx, view.agreement),
    publishable: PUBLISHED_STATUSES.has(view.agreement.status),
  };
}

/**
 * The view as anyone may read it: the agreement is published, so all of it is; of its parent goals only those of no
 * agreement (the municipality's own) or of a published one — a parent in another unit's draft is not made public.
 */
async function publicView(ctx: ServiceContext, view: AgreementView): Promise<AgreementView> {
  const ids = [...new Set(view.parentGoals.map((g) => g.agreementId).filter((id): id is string => !!id))];
  const [rollups] = await ctx.store.readMany([read.ids(ROLLUP, ids)]);
  const open = new Set(rollups.filter((r) => PUBLISHED_STATUSES.has(r.status)).map((r) => r.agreementId));
  return { ...view, parentGoals: view.parentGoals.filter((g) => !g.agreementId || open.has(g.agreementId)) };
}

/** A unit's address within its municipality and year, taken by no other agreement's publication. */
async function freeUnitSlug(ctx: ServiceContext, municipalitySlug: string, year: number, unit: OrgUnit, agreementId: string): Promise<string> {
  const base = unit.publicSlug ?? slugOf(unit.name);
  const taken = new Set(
    (await ctx.store.listAll('publication', { municipalitySlug, year })).filter((p) => p.agreementId !== agreementId).map((p) => p.unitSlug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Publishes the agreement's current version (or publishes it again, replacing the version shown). */
export async function publishAgreement(ctx: ServiceContext, agreementId: string, lang: Locale): Promise<Publication> {
  const a = await agreementOf(ctx, agreementId);
  if (!(await mayPublish(ctx, a))) throw new ForbiddenError(`${ctx.actor.id} may not publish agreement ${agreementId}`);
  if (!PUBLISHED_STATUSES.has(a.status)) throw new InvalidTransitionError(a, 'publish', a.status);
  const view = await publicView(ctx, await getAgreementView(ctx, agreementId));
  const { municipality } = await municipalityOf(ctx, a.unitId);
  const municipalitySlug = municipality.publicSlug ?? slugOf(municipality.name);
  const before = await ctx.store.get('publication', agreementId);
  const at = ctx.now().toISOString();
  const record: Publication = {
    id: agreementId,
    revision: (before?.revision ?? 0) + 1,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
    agreementId,
    unitId: a.unitId,
    municipalityId: municipality.id,
    municipalityName: municipality.name,
    municipalitySlug,
    unitSlug:
      before && before.municipalitySlug === municipalitySlug && before.year === a.year
        ? before.unitSlug
        : await freeUnitSlug(ctx, municipalitySlug, a.year, view.unit, agreementId),
    year: a.year,
    version: a.version,
    lang,
    publishedAt: at,
    publishedBy: ctx.actor.id,
    publishedByName: ctx.actor.displayName,
    view: view as unknown as Record<string, unknown>,
  };
  // The audit entry names what was published and where; the kept view is the agreement's, audited with it.
  const summary = (p: Publication | null) => (p ? { version: p.version, path: publicPath(p), publishedAt: p.publishedAt } : null);
  await ctx.store.commit([
    { type: 'put', kind: 'publication', record, expectedRevision: before?.revision ?? null },
    {
      type: 'audit',
      entry: { ...auditEntry(ctx, 'publication', agreementId, before ? 'update' : 'create', summary(before), summary(record)), note: 'published' },
    },
  ]);
  return record;
}

/** Takes the agreement off the public pages. */
export async function unpublishAgreement(ctx: ServiceContext, agreementId: string): Promise<void> {
  const a = await agreementOf(ctx, agreementId);
  if (!(await mayPublish(ctx, a))) throw new ForbiddenError(`${ctx.actor.id} may not unpublish agreement ${agreementId}`);
  const before = await ctx.store.get('publication', agreementId);
  if (!before) throw new NotFoundError('publication', agreementId);
  await ctx.store.commit([
    { type: 'delete', kind: 'publication', id: agreementId, expectedRevision: before.revision },
    {
      type: 'audit',
      entry: { ...auditEntry(ctx, 'publication', agreementId, 'delete', { version: before.version, path: publicPath(before) }, null), note: 'unpublished' },
    },
  ]);
}

// ---- The public pages: no one signed in, so nothing but publications is read ---------------------------

/** The publications of a municipality's address, of one year or all years, by unit address. */
export async function publicationsAt(store: TenantStore, municipalitySlug: string, year?: number): Promise<Publication[]> {
  const found = await store.listAll('publication', year === undefined ? { municipalitySlug } : { municipalitySlug, year });
  return found.sort((x, y) => y.year - x.year || x.unitSlug.localeCompare(y.unitSlug));
}

/** The one publication at an address, or null: nothing else is ever read for a public page. */
export async function publicationAt(store: TenantStore, municipalitySlug: string, year: number, unitSlug: string): Promise<Publication | null> {
  return (await publicationsAt(store, municipalitySlug, year)).find((p) => p.unitSlug === unitSlug) ?? null;
}
