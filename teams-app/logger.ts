import { pino, type Logger } from 'pino';

/**
 * The server's logger: JSON lines on standard output that carry no secret. Three layers, each catching
 * what the one before may miss:
 * - the request logger (teams-app/server.ts) writes request headers without credentials, and of the answer
 *   only its status and the headers that describe it (LOGGED_RESPONSE_HEADERS);
 * - pino's `redact` blanks the credential fields wherever a logged object carries them (headers of
 *   requests and of upstream calls inside logged errors);
 * - every line is scrubbed of the configured secret values and of anything shaped like a bearer token
 *   or a JWT before it is written, whatever field it hid in.
 */
export const REDACTED = '[redacted]';

/** Header names whose values are credentials (lower case, as Node gives them). */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-dev-user',
  'x-ms-token-aad-access-token',
  'x-ms-token-aad-id-token',
] as const;

/**
 * The response headers a request's log line keeps (teams-app/server.ts): what tells an operator about the answer. The
 * others — the same security headers on every answer, rate-limit counters, cookies — are left out: they made two
 * thirds of each line, and pino's redaction costs per path it looks at, on every line.
 */
export const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'location', 'retry-after'] as const;

/** Paths of the credential headers under `prefix`, lower case as Node gives a request's headers, or also capitalised as other clients send them. */
const headerPaths = (prefix: string, cases: 'lower' | 'both') =>
  CREDENTIAL_HEADERS.flatMap((h) => [
    `${prefix}["${h}"]`,
    ...(cases === 'both' ? [`${prefix}["${h.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())}"]`] : []),
  ]);

const REDACT_PATHS = [
  // Node gives an incoming request's header names in lower case (https://nodejs.org/api/http.html#messageheaders).
  ...headerPaths('req.headers', 'lower'),
  // Errors of upstream calls (axios in botbuilder, fetch wrappers) carry the request they made.
  ...headerPaths('err.config.headers', 'both'),
  ...headerPaths('err.request.headers', 'both'),
  ...headerPaths('err.response.config.headers', 'both'),
  'err.config.data',
  'err.response.config.data',
  '*.client_secret',
  '*.clientSecret',
  '*.password',
  '*.appPassword',
  '*.access_token',
  '*.refresh_token',
  '*.assertion',
];

/** Bearer credentials and JWTs (three base64url parts, the first a JSON object: "eyJ…"). */
const TOKEN_SHAPES = [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/gi, /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g];

/** Replaces every secret value and token shape in one serialized log line. */
export function scrubber(secrets: readonly string[]): (line: string) => string {
  // JSON-escaped forms too: a secret with a quote or backslash appears escaped in the line.
  const values = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const v of values) out = out.split(v).join(REDACTED);
    for (const shape of TOKEN_SHAPES)
      out = out.replace(shape, (m, scheme?: string) => (typeof scheme === 'string' && !m.startsWith('eyJ') ? `${scheme} ${REDACTED}` : REDACTED));
    return out;
  };
}

export function createLogger(opts: { level: string; version: string; secrets: readonly string[] }): Logger {
  const scrub = scrubber(opts.secrets);
  return pino({
    level: opts.level,
    base: { app: 'kvalitetsaftaler', version: opts.version },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrub },
  });
}
