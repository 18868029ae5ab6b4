import { ConflictError, DomainError, InvalidTransitionError, ValidationError } from '../core/errors';
import { issueMessage } from '../core/i18n';
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
  route_not_found: 404,
  internal: 500,
};

const HTTP_MESSAGES: Record<string, Record<Locale, string>> = {
  invalid_json: { da: 'Forespørgslen er ikke gyldig JSON.', sv: 'Begäran är inte giltig JSON.', en: 'The request body is not valid JSON.' },
  payload_too_large: { da: 'Forespørgslen er for stor.', sv: 'Begäran är för stor.', en: 'The request is too large.' },
  route_not_found: { da: 'Denne adresse findes ikke i API’et.', sv: 'Den här adressen finns inte i API:et.', en: 'This address does not exist in the API.' },
  internal: {
    da: 'Der skete en uventet fejl. Prøv igen; fortsætter fejlen, så kontakt kvalitetsafdelingen.',
    sv: 'Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta kvalitetsenheten.',
    en: 'Something unexpected went wrong. Try again; if it persists, contact the quality office.',
  },
};

export function httpError(code: keyof typeof HTTP_MESSAGES, locale: Locale): { status: number; body: ApiError } {
  return { status: STATUS[code] ?? 500, body: { error: { code, message: HTTP_MESSAGES[code]![locale] } } };
}

export function toApiError(err: unknown, locale: Locale, domainMessage: (e: DomainError, l: Locale) => string): { status: number; body: ApiError } {
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
    return {
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
