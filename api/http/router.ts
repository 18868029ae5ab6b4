import type {} from 'pino-http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { makeContext, type Actor, type ServiceContext, type Settings } from '../core/context';
import { ENTITIES, PUBLIC_KINDS, type EntityKind } from '../core/entities';
import { DomainError, PreconditionRequiredError, ValidationError } from '../core/errors';
import { domainMessage, pickLocale } from '../core/i18n';
import type { Locale } from '../core/model';
import type { Store } from '../core/port';
import { permissionsInUnit } from '../core/authorization';
import { getAgreementView } from '../core/services/agreement-view';
import { recordMeasurement } from '../core/services/measurements';
import { getOrganisationTree } from '../core/services/organisation';
import { getOverview } from '../core/services/overview';
import { getAuditTrail } from '../core/services/audit';
import { decideApproval } from '../core/services/approvals';
import { closeAgreement, createNextYearDraft, diffVersions, listVersions, openNewVersion, signAgreement, startYearEnd, submitAgreement } from '../core/services/lifecycle';
import { getMyUnits } from '../core/services/my-units';
import { addPause, myPauses, removePause } from '../core/services/pauses';
import { getRedThread } from '../core/services/red-thread';
import { getWheel } from '../core/services/wheel';
import { applyTemplate, copyWheel, WHEEL_TEMPLATES } from '../core/services/wheel-templates';
import { campaignState } from '../core/services/outbox';
import { createRecord, deleteRecord, listRecords, readRecord, updateRecord } from '../core/services/records';
import { cursorCodec, type CursorCodec } from './cursor';
import { httpError, toApiError } from './errors';
import type { IdentityResolver } from './identity';
import { buildOpenApi } from './openapi';
import { userRateLimits } from './hardening';
import type { z } from 'zod';

export type ApiDeps = {
  store: Store;
  identity: IdentityResolver;
  now?: () => Date;
  version: string;
  /** Largest JSON body accepted. */
  bodyLimit?: string;
  /** Writes per user per minute before 429 (default 120). */
  writeLimitPerMinute?: number;
  /** Reads per user per minute before 429 (default 1200). */
  readLimitPerMinute?: number;
  /**
   * The store for one request, where it depends on the user (SharePoint on behalf of the signed-in user);
   * without it every request uses `store`.
   */
  storeFor?: (actor: Actor, req: Request) => Store;
  /** What the municipality configured (grace days before a measurement is late); defaults where left out. */
  settings?: Partial<Settings>;
  /**
   * The key that seals paging cursors (CURSOR_SECRET; every instance behind one address needs the same).
   * Without it, a random key per process.
   */
  cursorSecret?: string;
};

type Locals = { ctx: ServiceContext; actor: Actor; locale: Locale };
const locals = (res: Response) => res.locals as Locals;

const invalid = (field: string, message: string, input: unknown) =>
  new ValidationError([{ code: 'custom', path: [field], message, input } as z.core.$ZodIssue]);

function pageOf(req: Request): { limit: number; cursor: string | null } {
  const { limit: rawLimit, cursor } = req.query;
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'limit must be a whole number from 1 to 200', rawLimit);
  return { limit, cursor: typeof cursor === 'string' && cursor ? cursor : null };
}

/** The revision a change is based on: If-Match ("3" or W/"3") or "revision" in the body or query. */
function expectedRevision(req: Request): number {
  const header = req.header('if-match');
  const body = req.body as { revision?: unknown } | undefined;
  const raw = header ? header.replace(/^W\//, '').replace(/"/g, '') : (body?.revision ?? req.query.revision);
  if (raw === undefined || raw === null || raw === '') throw new PreconditionRequiredError();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalid('revision', 'revision must be a positive whole number', raw);
  return n;
}

const etag = (revision: number) => `"${revision}"`;

/** The REST API for the tab, mounted at /api. Every route asks the core; none decides on its own. */
export function createApiRouter(deps: ApiDeps): express.Router {
  const now = deps.now ?? (() => new Date());
  const router = express.Router();
  const openapi = buildOpenApi(deps.version);
  const cursors = cursorCodec(deps.cursorSecret);

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  router.use(express.json({ limit: deps.bodyLimit ?? '1mb', strict: true }));

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const actor = await deps.identity.resolve(req);
    const ctx = makeContext((deps.storeFor?.(actor, req) ?? deps.store).forTenant(actor.tenantId), actor, now, deps.settings);
    Object.assign(res.locals, { ctx, actor, locale: actor.locale } satisfies Locals);
    res.setHeader('X-Auth-Mode', deps.identity.mode);
    next();
  });

  router.use(userRateLimits({ windowMs: 60_000, writes: deps.writeLimitPerMinute ?? 120, reads: deps.readLimitPerMinute ?? 1200 }));

  router.get('/me', (_req, res) => {
    res.json(locals(res).actor);
  });

  if (deps.identity.mode === 'development')
    // The development sign-in lets the caller act as anyone, so the directory it picks from hides nothing:
    // the tab's person picker lists everyone here. Teams sign-in has no such route (the read policy applies).
    router.get('/dev/people', async (_req, res) => {
      const people = await locals(res).ctx.store.listAll('person', {});
      res.json({ items: people.map((p) => ({ id: p.id, displayName: p.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName, 'da')) });
    });

  router.get('/me/pauses', async (_req, res) => {
    res.json(await myPauses(locals(res).ctx));
  });
  router.post('/me/pauses', async (req, res) => {
    res.status(201).json(await addPause(locals(res).ctx, req.body));
  });
  router.delete('/me/pauses/:id', async (req, res) => {
    await removePause(locals(res).ctx, String(req.params.id));
    res.status(204).end();
  });

  router.get('/me/units', async (req, res) => {
    const year = req.query.year === undefined ? undefined : Number(req.query.year);
    if (year !== undefined && !Number.isInteger(year)) throw invalid('year', 'year must be a whole number', req.query.year);
    res.json(await getMyUnits(locals(res).ctx, year));
  });

  router.get('/agreements/:id/red-thread', async (req, res) => {
    res.json(await getRedThread(locals(res).ctx, String(req.params.id)));
  });

  router.get('/units/:id/permissions', async (req, res) => {
    res.json(await permissionsInUnit(locals(res).ctx, String(req.params.id)));
  });

  router.get('/units/:id/wheel', async (req, res) => {
    const year = Number(req.query.year ?? now().getFullYear());
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw invalid('year', 'year must be a whole number from 1990 to 2100', req.query.year);
    res.json(await getWheel(locals(res).ctx, String(req.params.id), year));
  });

  // The agreement's life (services/lifecycle.ts): each move names the revision it is based on.
  const moves = { submit: submitAgreement, sign: signAgreement, 'year-end': startYearEnd, close: closeAgreement, 'new-version': openNewVersion } as const;
  for (const [name, move] of Object.entries(moves))
    router.post(`/agreements/:id/${name}`, async (req, res) => {
      const a = await move(locals(res).ctx, String(req.params.id), expectedRevision(req));
      res.setHeader('ETag', etag(a.revision)).json(a);
    });

  router.post('/agreements/:id/decision', async (req, res) => {
    const a = await decideApproval(locals(res).ctx, { ...(req.body as object), agreementId: String(req.params.id) } as never);
    res.setHeader('ETag', etag(a.revision)).json(a);
  });

  router.get('/agreements/:id/versions', async (req, res) => {
    res.json(await listVersions(locals(res).ctx, String(req.params.id)));
  });

  router.get('/agreements/:id/diff', async (req, res) => {
    const fromV = Number(req.query.from);
    const toV = req.query.to === undefined ? undefined : Number(req.query.to);
    if (!Number.isInteger(fromV) || fromV < 1) throw invalid('from', 'from must be a version number', req.query.from);
    if (toV !== undefined && (!Number.isInteger(toV) || toV < 1)) throw invalid('to', 'to must be a version number', req.query.to);
    res.json(await diffVersions(locals(res).ctx, String(req.params.id), fromV, toV));
  });

  router.post('/agreements/:id/next-year', async (req, res) => {
    const ids = (req.body as { carryGoalIds?: unknown } | undefined)?.carryGoalIds ?? [];
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw invalid('carryGoalIds', 'carryGoalIds must be a list of goal ids', ids);
    res.status(201).json(await createNextYearDraft(locals(res).ctx, String(req.params.id), ids as string[]));
  });

  // The annual cycle: a ready-made wheel, last year's wheel copied, and the state of the reminder campaigns.
  const yearOf = (field: string, raw: unknown) => {
    const year = typeof raw === 'string' && raw !== '' ? Number(raw) : raw;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) throw invalid(field, 'must be a whole number from 1990 to 2100', raw);
    return year;
  };
  const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

  router.post('/units/:id/wheel/template', async (req, res) => {
    const body = bodyOf(req);
    const template = WHEEL_TEMPLATES.find((t) => t.id === body.templateId);
    if (!template) throw invalid('templateId', `must be one of ${WHEEL_TEMPLATES.map((t) => t.id).join(', ')}`, body.templateId);
    res.json(await applyTemplate(locals(res).ctx, String(req.params.id), yearOf('year', body.year), template));
  });

  router.post('/units/:id/wheel/copy', async (req, res) => {
    const body = bodyOf(req);
    res.json(await copyWheel(locals(res).ctx, String(req.params.id), yearOf('fromYear', body.fromYear), yearOf('toYear', body.toYear)));
  });

  router.get('/units/:id/wheel/campaigns', async (req, res) => {
    const year = yearOf('year', req.query.year ?? String(now().getFullYear()));
    res.json(await campaignState(locals(res).ctx, year, String(req.params.id)));
  });

  router.get('/organisation/tree', async (_req, res) => {
    res.json(await getOrganisationTree(locals(res).ctx));
  });

  router.get('/agreements/:id/view', async (req, res) => {
    const recent = req.query.recent === undefined ? 12 : Number(req.query.recent);
    if (!Number.isInteger(recent) || recent < 1 || recent > 60) throw invalid('recent', 'recent must be a whole number from 1 to 60', req.query.recent);
    res.json(await getAgreementView(locals(res).ctx, String(req.params.id), recent));
  });

  router.get('/overview', async (req, res) => {
    const unitId = typeof req.query.unitId === 'string' ? req.query.unitId : '';
    if (!unitId) throw invalid('unitId', 'unitId is required', req.query.unitId);
    const year = Number(req.query.year ?? now().getFullYear());
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw invalid('year', 'year must be a whole number from 1990 to 2100', req.query.year);
    res.json(await getOverview(locals(res).ctx, unitId, year));
  });

  router.post('/measurements', async (req, res) => {
    const { measurement, corrected } = await recordMeasurement(locals(res).ctx, { source: 'api', ...req.body });
    res.status(corrected ? 200 : 201).setHeader('ETag', etag(measurement.revision)).json(measurement);
  });

  router.get('/indicators/:id/measurements', async (req, res) => {
    const { ctx } = locals(res);
    await readRecord(ctx, 'indicator', String(req.params.id));
    const where = { indicatorId: String(req.params.id) };
    res.json(await cursors.page({ tenantId: ctx.store.tenantId, kind: 'measurement', filter: where }, pageOf(req), (p) => listRecords(ctx, 'measurement', where, p)));
  });

  router.get('/audit', async (req, res) => {
    const entityId = typeof req.query.entityId === 'string' ? req.query.entityId : undefined;
    const { ctx } = locals(res);
    res.json(await cursors.page({ tenantId: ctx.store.tenantId, kind: 'audit', filter: { entityId } }, pageOf(req), (p) => getAuditTrail(ctx, { entityId }, p)));
  });

  for (const kind of PUBLIC_KINDS) mountEntity(router, kind, cursors);

  router.use((_req: Request, res: Response) => {
    const { status, body } = httpError('route_not_found', locals(res).locale ?? 'en');
    res.status(status).json(body);
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const locale = locals(res).locale ?? pickLocale(req.header('accept-language'));
    const { status, body, retryAfterSeconds } = toApiError(err, locale, domainMessage);
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    if (status === 503) req.log?.warn({ err: String(err) }, 'request answered 503');
    else if (status >= 500) req.log?.error({ err }, 'request failed');
    else if (!(err instanceof DomainError)) req.log?.warn({ err: String(err) }, 'request refused');
    res.status(status).json(body);
  });
  return router;
}

function mountEntity(router: express.Router, kind: EntityKind, cursors: CursorCodec): void {
  const def = ENTITIES[kind];
  const base = `/${def.path}`;

  router.get(base, async (req, res) => {
    const where: Record<string, unknown> = {};
    for (const field of def.indexed as readonly string[]) {
      const v = req.query[field];
      if (typeof v !== 'string') continue;
      if (v === 'null') where[field] = null;
      else if (field === 'year') {
        const year = Number(v);
        if (!Number.isInteger(year)) throw invalid(field, 'year must be a whole number', v);
        where[field] = year;
      } else where[field] = v;
    }
    const { ctx } = locals(res);
    res.json(await cursors.page({ tenantId: ctx.store.tenantId, kind, filter: where }, pageOf(req), (p) => listRecords(ctx, kind, where as never, p)));
  });

  router.get(`${base}/:id`, async (req, res) => {
    const record = await readRecord(locals(res).ctx, kind, String(req.params.id));
    res.setHeader('ETag', etag(record.revision)).json(record);
  });

  if (kind !== 'measurement') {
    // Measurements are written through POST /api/measurements, which keeps corrections in history.
    router.post(base, async (req, res) => {
      const record = await createRecord(locals(res).ctx, kind, req.body);
      res.status(201).setHeader('ETag', etag(record.revision)).setHeader('Location', `/api${base}/${record.id}`).json(record);
    });
    router.patch(`${base}/:id`, async (req, res) => {
      if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw invalid('body', 'the body must be a JSON object', req.body);
      const revision = expectedRevision(req);
      const record = await updateRecord(locals(res).ctx, kind, String(req.params.id), req.body as Record<string, unknown>, revision);
      res.setHeader('ETag', etag(record.revision)).json(record);
    });
  }

  router.delete(`${base}/:id`, async (req, res) => {
    await deleteRecord(locals(res).ctx, kind, String(req.params.id), expectedRevision(req));
    res.status(204).end();
  });
}
