import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pickLocale } from '../core/i18n';
import type { Locale } from '../core/model';

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

const TOO_MANY: Record<Locale, string> = {
  da: 'Du har gemt mange ændringer på kort tid. Vent lidt, og prøv igen.',
  sv: 'Du har sparat många ändringar på kort tid. Vänta en stund och försök igen.',
  en: 'You have saved many changes in a short time. Wait a moment and try again.',
};

/**
 * At most `limit` writes per user per window; reads are not counted. The key is the signed-in user
 * (res.locals.actor, set by the identity step), so it must run after it. Counters live in the app
 * instance; behind several instances each counts its own share.
 */
export function writeRateLimit(opts: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
    keyGenerator: (_req, res) => `${(res.locals as { actor?: { tenantId: string; id: string } }).actor?.tenantId}:${(res.locals as { actor?: { id: string } }).actor?.id}`,
    handler: (req, res, _next, options) => {
      const locale = (res.locals as { locale?: Locale }).locale ?? pickLocale(req.header('accept-language'));
      res.status(options.statusCode).json({ error: { code: 'rate_limited', message: TOO_MANY[locale] } });
    },
  });
}
