import { ConflictError, DomainError, InvalidTransitionError, StoreUnavailableError, ValidationError } from '../core/errors';
import { issueMessage, t } from '../core/i18n';
import type { Locale } from '../core/model';

/** The one JSON shape of every error the API returns. */
export type ApiError = {
  error: {
    code: string;
    message: string;
    field?: string;
    details?: { field: string; code: string; message: string }[];
    /** On a conflict: the record as it is now, so the client can merge and retry. */
    current?: unknown;
  };
};

const STATUS: Record<string, number> = {
  validation_failed: 400,
  invalid_json: 400,
  reference_not_found: 422,
  reference_out_of_scope: 422,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  has_dependants: 409,
  precondition_required: 428,
  unauthenticated: 401,
  forbidden: 403,
  store_unavailable: 503,
  invalid_transition: 409,
  locked: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  route_not_found: 404,
  invalid_activity: 400,
  bot_not_enabled: 501,
  key_figures_not_enabled: 501,
  rate_limited: 429,
  read_rate_limited: 429,
  sign_in_unavailable: 503,
  internal: 500,
};

/** Errors of the HTTP layer itself; their words are the catalogue's `error.<code>`. */
type HttpCode =
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'route_not_found'
  | 'invalid_activity'
  | 'bot_not_enabled'
  | 'key_figures_not_enabled'
  | 'rate_limited'
  | 'read_rate_limited'
  | 'sign_in_unavailable'
  | 'internal';

/** A service the request needs cannot be reached now: 503 with Retry-After, the message by code. */
export class UnavailableError extends Error {
  constructor(
    readonly code: HttpCode,
    readonly retryAfterSeconds: number,
  ) {
    super(`${code}: retry after ${retryAfterSeconds} s`);
    this.name = 'UnavailableError';
  }
}

/** A refusal of the HTTP layer (a body of a type the route does not take): the status and message by code. */
export class HttpError extends Error {
  constructor(readonly code: HttpCode) {
    super(code);
    this.name = 'HttpError';
  }
}

export function httpError(code: HttpCode, locale: Locale): { status: number; body: ApiError } {
  return { status: STATUS[code] ?? 500, body: { error: { code, message: t(`error.${code}`, locale) } } };
}

export function toApiError(
  err: unknown,
  locale: Locale,
  domainMessage: (e: DomainError, l: Locale) => string,
): { status: number; body: ApiError; retryAfterSeconds?: number } {
  if (err instanceof HttpError) return httpError(err.code, locale);
  if (err instanceof UnavailableError) return { ...httpError(err.code, locale), status: 503, retryAfterSeconds: err.retryAfterSeconds };
  if (err instanceof ValidationError) {
    const details = err.issues.map((i) => ({
      field: [...err.prefix, ...i.path].map(String).join('.'),
      code: i.code,
      message: issueMessage(i, locale),
    }));
    const first = details[0];
    return {
      status: 400,
      body: {
        error: {
          code: err.code,
          message: first ? `${first.field ? `${first.field}: ` : ''}${first.message}` : domainMessage(err, locale),
          ...(first?.field ? { field: first.field } : {}),
          details,
        },
      },
    };
  }
  if (err instanceof DomainError) {
    // The storage's own Retry-After reaches the client (whole seconds, at least 1).
    const retryAfter = err instanceof StoreUnavailableError && err.retryAfterSeconds !== undefined ? Math.max(1, Math.ceil(err.retryAfterSeconds)) : undefined;
    return {
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      status: STATUS[err.code] ?? 400,
      body: {
        error: {
          code: err.code,
          message: domainMessage(err, locale),
          ...(err.field ? { field: err.field } : {}),
          ...((err instanceof ConflictError || err instanceof InvalidTransitionError) && err.current ? { current: err.current } : {}),
        },
      },
    };
  }
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return httpError('invalid_json', locale);
  if (e?.type === 'entity.too.large') return httpError('payload_too_large', locale);
  return httpError('internal', locale);
}
