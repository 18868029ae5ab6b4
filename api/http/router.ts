import type {} from 'pino-http';
import { gzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { makeContext, type Actor, type ServiceContext, type Settings } from '../core/context';
import { DomainError } from '../core/errors';
import { domainMessage, pickLocale } from '../core/i18n';
import type { Locale } from '../core/model';
import type { Store } from '../core/port';
import { cursorCodec } from './cursor';
import { localChannel, type LiveChannel } from './live';
import { httpError, toApiError } from './errors';
import type { IdentityResolver } from './identity';
import { buildOpenApi } from './openapi';
import { userRateLimits } from './hardening';
import { routesFor, type Call, type FileBody, type KeyFigureService, type Route } from './routes';
import type { PeopleDirectory } from '../core/services/people-search';

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
  /** The live channel between instances (dialogue meetings); without it, one within this process. */
  live?: LiveChannel;
  /**
   * The tenant's directory for a request (Microsoft Entra ID through Graph, in Teams), for the people picker's
   * search; without it people are found in the store only.
   */
  directoryFor?: (actor: Actor, req: Request) => PeopleDirectory | null;
  /** The key-figure databases and schedule (KEYFIGURES=on); without them "fetch now" answers 501. */
  keyFigures?: KeyFigureService | null;
};

/** A shared body (RouteDef.sharedBody) as sent: its JSON and that gzipped, made once per body object. */
const SHARED_BODIES = new WeakMap<object, { json: Buffer; gzip: Buffer }>();

function sendShared(req: Request, res: Response, body: object): void {
  let sent = SHARED_BODIES.get(body);
  if (!sent) {
    const json = Buffer.from(JSON.stringify(body));
    SHARED_BODIES.set(body, (sent = { json, gzip: gzipSync(json) }));
  }
  const gzip = req.acceptsEncodings('gzip') === 'gzip';
  res.vary('Accept-Encoding');
  // Already compressed: the compression middleware leaves an answer with a Content-Encoding as it is.
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.type('application/json').send(gzip ? sent.gzip : sent.json);
}

/** A file, named for saving; a private answer no cache keeps. From disk it is streamed (and its range requests served). */
function sendFile(res: Response, file: FileBody): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.attachment(file.fileName); // sets the type the name's extension has: the file's own type after it
  res.type(file.contentType);
  if ('path' in file) res.sendFile(file.path);
  else res.send(file.bytes);
}

type Locals = { ctx: ServiceContext; actor: Actor; locale: Locale };
const locals = (res: Response) => res.locals as Locals;

/**
 * The REST API for the tab, mounted at /api: the routes of the route table (routes.ts), the public ones before
 * sign-in, the others after it and the per-user rate limits. Every route asks the core; none decides on its own.
 */
export function createApiRouter(deps: ApiDeps): express.Router {
  const now = deps.now ?? (() => new Date());
  const router = express.Router();
  const routes = routesFor(deps.identity.mode);
  const openapi = buildOpenApi({ version: deps.version, signIn: deps.identity.mode });
  const cursors = cursorCodec(deps.cursorSecret);
  const live = deps.live ?? localChannel();

  const mount = (r: Route, before: RequestHandler[] = []) =>
    router[r.method](
      r.path,
      ...before,
      ...(r.upload ? [express.raw({ type: [...r.upload.contentTypes], limit: r.upload.limit })] : []),
      async (req: Request, res: Response) => {
        const call: Call = {
          get ctx() {
            if (r.public) throw new Error(`${r.operationId} is public: it has no signed-in user`);
            return locals(res).ctx;
          },
          now,
          cursors,
          document: () => openapi,
          live,
          directory: () => deps.directoryFor?.(locals(res).actor, req) ?? null,
          keyFigures: deps.keyFigures ?? null,
        };
        if (r.stream && req.accepts(['application/json', 'text/event-stream']) === 'text/event-stream') return r.stream(req, res, call);
        const reply = await r.handle(req, call);
        for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
        res.status(reply.status);
        if (reply.body === undefined) res.end();
        else if (r.responses[reply.status]?.files) sendFile(res, reply.body as unknown as FileBody);
        else if (r.sharedBody) sendShared(req, res, reply.body as object);
        else res.json(reply.body);
      },
    );

  for (const r of routes) if (r.public) mount(r);

  router.use(express.json({ limit: deps.bodyLimit ?? '1mb', strict: true }));

  // Other systems, signed in with their own Entra ID application token (RouteDef.application), before the user sign-in.
  const limits = userRateLimits({ windowMs: 60_000, writes: deps.writeLimitPerMinute ?? 120, reads: deps.readLimitPerMinute ?? 1200 });
  const applicationSignIn = async (req: Request, res: Response, next: NextFunction) => {
    if (!deps.identity.resolveApplication)
      throw new DomainError(
        'unauthenticated',
        'application sign-in needs Entra ID sign-in configured (AAD_APP_CLIENT_ID)',
        { reason: 'no Entra ID' },
        'Authorization',
      );
    const actor = await deps.identity.resolveApplication(req);
    const ctx = makeContext(deps.store.forTenant(actor.tenantId), actor, now, deps.settings);
    Object.assign(res.locals, { ctx, actor, locale: actor.locale } satisfies Locals);
    next();
  };
  for (const r of routes) if (r.application) mount(r, [applicationSignIn, ...limits]);

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const actor = await deps.identity.resolve(req);
    const ctx = makeContext((deps.storeFor?.(actor, req) ?? deps.store).forTenant(actor.tenantId), actor, now, deps.settings);
    Object.assign(res.locals, { ctx, actor, locale: actor.locale } satisfies Locals);
    res.setHeader('X-Auth-Mode', deps.identity.mode);
    next();
  });

  router.use(limits);

  for (const r of routes) if (!r.public && !r.application) mount(r);

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
