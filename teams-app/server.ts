import compression from 'compression';
import express from 'express';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Store } from '../api/core/port';
import { httpError, toApiError } from '../api/http/errors';
import type { IdentityResolver } from '../api/http/identity';
import { createApiRouter, type ApiDeps } from '../api/http/router';
import { createPublicPages } from '../api/http/public-pages';
import { securityHeaders } from '../api/http/hardening';
import { domainMessage, pickLocale } from '../api/core/i18n';
import { CREDENTIAL_HEADERS, LOGGED_RESPONSE_HEADERS, REDACTED } from './logger';
import { createBotRouter, type BotCredentials } from '../bot/adapter';
import { BENCH_BASELINE_PATH, benchBaselineRouter } from './bench-baseline';
import type { TabLinks } from '../bot/deep-link';
import type { LiveChannel } from '../api/http/live';

export type ServerDeps = {
  store: Store;
  identity: IdentityResolver;
  logger: Logger;
  version: string;
  bodyLimit?: string;
  now?: () => Date;
  writeLimitPerMinute?: number;
  /** Seals paging cursors (CURSOR_SECRET); see ApiDeps.cursorSecret. */
  cursorSecret?: string;
  readLimitPerMinute?: number;
  /** Express' "trust proxy" (TRUST_PROXY): which hops are believed about the client's address; default none. */
  trustProxy?: false | number | string[];
  /** The store per request, for SharePoint on behalf of the user (see ApiDeps.storeFor). */
  storeFor?: ApiDeps['storeFor'];
  /** The tenant's directory for the people picker, in Teams (see ApiDeps.directoryFor). */
  directoryFor?: ApiDeps['directoryFor'];
  /** What the municipality configured (REMINDER_GRACE_DAYS), for every use case the API runs. */
  settings?: ApiDeps['settings'];
  /** Folder of the built tab; served at /tab. */
  tabDist?: string;
  /** The bot at /api/messages; without it the endpoint answers 501. */
  bot?: BotOptions;
  /** The live channel between instances (dialogue meetings); without it, one within this process. */
  live?: LiveChannel;
  /** The key-figure databases and schedule (see ApiDeps.keyFigures). */
  keyFigures?: ApiDeps['keyFigures'];
  /** The tenants whose published agreements the public pages (/offentlig) serve, searched in order; none without it. */
  publicTenants?: readonly string[];
  /** `npm run bench` only (BENCH_BASELINE=on): answers stored bodies through the same stack, the fair baseline. */
  benchBaseline?: boolean;
};

export type BotOptions = {
  credentials: BotCredentials;
  /** The store tenant the bot serves. */
  tenantId: string;
  links: TabLinks;
  developmentPersonId: string | null;
};

export const TAB_DIST = join(__dirname, '..', 'tab', 'dist');

/** The one app: the REST API, the bot endpoint, the built tab and the health check. */
export function createApp(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders());
  // Answers go out compressed where the client accepts it (Teams also runs on phones): an agreement view of
  // a large municipality is a tenth of its size gzipped.
  app.use(compression());
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: {
        // Headers without credentials; the client's address as the trusted proxies (TRUST_PROXY) tell it.
        req: (req: { headers: Record<string, unknown>; remoteAddress?: string; raw?: express.Request }) => {
          const headers = { ...req.headers };
          for (const h of CREDENTIAL_HEADERS) if (h in headers) headers[h] = REDACTED;
          req.headers = headers;
          req.remoteAddress = req.raw?.ip ?? req.remoteAddress;
          return req;
        },
        // The status and the headers that describe the answer (LOGGED_RESPONSE_HEADERS), none of them a credential.
        res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
          statusCode: res.statusCode,
          headers: Object.fromEntries(LOGGED_RESPONSE_HEADERS.flatMap((h) => (res.headers?.[h] === undefined ? [] : [[h, res.headers[h]]]))),
        }),
      },
    }),
  );

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ok', version: deps.version });
    } catch (err) {
      // Not ready: the store cannot be reached. Graph's Retry-After, when it gave one, tells a probe when to ask again.
      const { retryAfterSeconds } = toApiError(err, 'en', domainMessage);
      if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
      deps.logger.warn({ err }, 'health check: the store is unavailable');
      res.status(503).json({ status: 'unavailable', version: deps.version });
    }
  });

  if (deps.bot) {
    const { credentials, tenantId, links, developmentPersonId } = deps.bot;
    app.use(
      '/api/messages',
      createBotRouter(
        {
          store: deps.store,
          tenantId,
          allowedTeamsTenantId: credentials.tenantId,
          links,
          developmentPersonId,
          logger: deps.logger,
          now: deps.now,
          settings: deps.settings,
        },
        credentials,
      ),
    );
  } else
    app.use('/api/messages', (req, res) => {
      const { status, body } = httpError('bot_not_enabled', pickLocale(req.header('accept-language')));
      res.status(status).json(body);
    });

  if (deps.benchBaseline) app.use(BENCH_BASELINE_PATH, benchBaselineRouter(deps.store));
  app.use(
    '/api',
    createApiRouter({
      store: deps.store,
      identity: deps.identity,
      version: deps.version,
      bodyLimit: deps.bodyLimit,
      now: deps.now,
      writeLimitPerMinute: deps.writeLimitPerMinute,
      readLimitPerMinute: deps.readLimitPerMinute,
      storeFor: deps.storeFor,
      directoryFor: deps.directoryFor,
      settings: deps.settings,
      cursorSecret: deps.cursorSecret,
      live: deps.live,
      keyFigures: deps.keyFigures,
    }),
  );

  // The published agreements, without sign-in and without Teams (api/http/public-pages.ts).
  app.use('/offentlig', createPublicPages({ store: deps.store, tenants: deps.publicTenants ?? [] }));

  const tabDist = deps.tabDist ?? TAB_DIST;
  app.get('/', (_req, res) => res.redirect('/tab/'));
  if (existsSync(join(tabDist, 'index.html'))) {
    app.use('/tab', express.static(tabDist, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes of the tab (/tab/config, /tab/agreements/…) all load the same page.
    app.get(/^\/tab(\/.*)?$/, (_req, res) => res.sendFile(join(tabDist, 'index.html')));
  } else {
    app.get(/^\/tab(\/.*)?$/, (_req, res) =>
      res.status(503).type('text/plain').send('The tab is not built. Run "npm run build:tab" (npm start does this for you).'),
    );
  }

  app.use((req, res) => {
    const { status, body } = httpError('route_not_found', pickLocale(req.header('accept-language')));
    res.status(status).json(body);
  });
  // Whatever a route outside /api throws (a malformed path at /tab/…): the JSON error, never Express' page.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const { status, body } = toApiError(err, pickLocale(req.header('accept-language')), domainMessage);
    const code = (err as { status?: unknown })?.status;
    if (status >= 500 && typeof code === 'number' && code >= 400 && code < 500) {
      // Express' own refusals (a path that cannot be decoded): the client's mistake, told as not found.
      const notFound = httpError('route_not_found', pickLocale(req.header('accept-language')));
      res.status(notFound.status).json(notFound.body);
      return;
    }
    if (status >= 500) deps.logger.error({ err }, 'request failed');
    if (!res.headersSent) res.status(status).json(body);
  });
  return app;
}

export type RunningServer = { url: string; port: number; shutdown: () => Promise<void> };

/**
 * How long an idle kept-alive connection stays open. Whoever reuses a connection (a load balancer or proxy in
 * front, a browser, a test's fetch) must be the side that closes it when idle: a server that closes first races
 * the client's next request on that connection, which then fails with ECONNRESET or a 502. Node's default of
 * 5 seconds is shorter than every proxy's idle timeout; Azure Load Balancer, in front of App Service, keeps an
 * idle flow 4 minutes by default
 * (https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout), AWS' load balancers 60 s.
 * The server tells its clients in the `Keep-Alive: timeout=245` header, so undici (fetch) and browsers close
 * their end a little earlier.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 245_000;
/**
 * How long the headers of a request may take; above the keep-alive timeout, so a request that starts on a
 * connection just before its idle time runs out is not cut off (Node checks both on one timer), and within Node's
 * requestTimeout (300 s).
 */
export const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 5_000;

/**
 * Starts listening. shutdown() stops accepting connections, lets requests in flight finish (up to the
 * timeout, then cuts the rest) and closes the store.
 */
export async function startServer(
  app: express.Express,
  opts: { port: number; host: string; store: Store; logger: Logger; shutdownTimeoutMs: number; live?: LiveChannel },
): Promise<RunningServer> {
  const server = app.listen(opts.port, opts.host);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  const shutdown = () =>
    (closing ??= (async () => {
      opts.logger.info('shutting down: finishing requests in flight');
      // Live streams never finish by themselves: closing the channel ends them (clients reconnect to another instance).
      await opts.live?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections turn idle once their last response is sent: close them as they do.
      server.closeIdleConnections();
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => {
        opts.logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, opts.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      clearInterval(sweeper);
      await opts.store.close();
      opts.logger.info('stopped');
    })());
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return { url: `http://${host}:${port}`, port, shutdown };
}
