import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pickLocale } from '../core/i18n';
import type { Locale } from '../core/model';
import { httpError } from './errors';

/**
 * Web hardening: security headers with a Content-Security-Policy whose frame-ancestors admit only Teams
 * and Microsoft 365 hosts, and a per-user limit on writes.
 */

/** Hosts that may frame the tab (Teams web, desktop and mobile, Microsoft 365 and Outlook). */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.teams.microsoft.us',
];

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Fluent UI (Griffel) inserts its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        // teams-js reads Teams' list of valid origins from this CDN when it runs inside Teams.
        connectSrc: ["'self'", 'https://res.cdn.office.net'],
        frameAncestors: FRAME_ANCESTORS,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // X-Frame-Options cannot list several hosts; frame-ancestors above governs framing instead.
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/**
 * At most `writes` changes and `reads` reads per user per minute, counted apart (a burst of reads never
 * blocks a save). The key is the signed-in user (res.locals.actor, set by the identity step), so it must
 * run after it. A refusal is 429 with Retry-After (set by express-rate-limit). Counters live in the app instance; behind several
 * instances each counts its own share.
 */
export function userRateLimits(opts: { windowMs: number; writes: number; reads: number }): RequestHandler[] {
  const isRead = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  const limiter = (limit: number, reads: boolean) =>
    rateLimit({
      windowMs: opts.windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (_req, res) => {
        const actor = (res.locals as { actor?: { tenantId: string; id: string } }).actor;
        return `${actor?.tenantId}:${actor?.id}`;
      },
      handler: (req, res, _next, options) => {
        const locale = (res.locals as { locale?: Locale }).locale ?? pickLocale(req.header('accept-language'));
        const { body } = httpError(reads ? 'read_rate_limited' : 'rate_limited', locale);
        res.status(options.statusCode).json(body);
      },
    });
  // One of the two counts each request: the other is not asked at all (each limiter's step costs some tens of
  // microseconds before it could skip a request, every API request paying it twice).
  const writes = limiter(opts.writes, false);
  const reads = limiter(opts.reads, true);
  return [(req, res, next) => (isRead(req.method) ? reads : writes)(req, res, next)];
}
