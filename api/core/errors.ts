import type { z } from 'zod';

/**
 * Errors of the domain, each with a stable code a client can act on. Messages for users are made from
 * the code and params in the user's language (see i18n.ts); `message` here is for logs.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'already_exists'
  | 'reference_not_found'
  | 'reference_out_of_scope'
  | 'has_dependants'
  | 'precondition_required'
  | 'unauthenticated'
  | 'forbidden'
  | 'store_unavailable'
  | 'invalid_transition'
  | 'locked';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a schema or a rule; carries every issue with its path. */
export class ValidationError extends DomainError {
  constructor(
    readonly issues: readonly z.core.$ZodIssue[],
    readonly prefix: (string | number)[] = [],
  ) {
    const first = issues[0];
    const field = first ? [...prefix, ...first.path].map(String).join('.') : undefined;
    super('validation_failed', `${field ?? 'input'}: ${first?.message ?? 'invalid'}`, {}, field || undefined);
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super('not_found', `${kind} ${id} not found`, { kind, id });
  }
}

/** A write based on a revision that is no longer current: the caller gets the current state. */
export class ConflictError extends DomainError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly current: unknown,
    code: 'conflict' | 'already_exists' = 'conflict',
  ) {
    super(code, `${kind} ${id} was changed by someone else (or already exists)`, { kind, id });
  }
}

export class ReferenceNotFoundError extends DomainError {
  constructor(
    field: string,
    readonly kind: string,
    readonly id: string,
  ) {
    super('reference_not_found', `${field} points at ${kind} ${id}, which does not exist`, { kind, id }, field);
  }
}

/** A reference to a record of another municipality, or a parent the record may not be placed under. */
export class ReferenceOutOfScopeError extends DomainError {
  constructor(
    field: string,
    readonly kind: string,
    readonly id: string,
  ) {
    super('reference_out_of_scope', `${field} points at ${kind} ${id}, which lies outside the record's municipality`, { kind, id }, field);
  }
}

export class HasDependantsError extends DomainError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly dependantKind: string,
    count: number,
  ) {
    super('has_dependants', `${kind} ${id} still has ${count} ${dependantKind} record(s)`, { kind, id, dependantKind, count });
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor() {
    super('precondition_required', 'an update must name the revision it is based on (If-Match header or "revision")', {}, 'revision');
  }
}

export class ForbiddenError extends DomainError {
  constructor(reason: string) {
    super('forbidden', reason, { reason });
  }
}

/**
 * The storage behind the port failed or could not be reached (SharePoint answered with an error, throttled
 * beyond the retries, or the connection dropped): its code and message are kept, and how long the storage
 * asked to be left alone (Retry-After), when it said.
 */
export class StoreUnavailableError extends DomainError {
  constructor(
    readonly storeCode: string,
    storeMessage: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super('store_unavailable', `storage failed: ${storeCode}: ${storeMessage}`, { storeCode, storeMessage });
  }
}

/** A lifecycle move the agreement's state does not allow ("only a draft can be submitted"). */
export class InvalidTransitionError extends DomainError {
  constructor(
    readonly current: unknown,
    move: string,
    status: string,
  ) {
    super('invalid_transition', `cannot ${move} an agreement that is ${status}`, { move, status });
  }
}

/** A change to a part of an agreement that its state locks (submitted, approved, in effect, closed). */
export class LockedError extends DomainError {
  constructor(field: string, status: string) {
    super('locked', `the agreement is ${status}: ${field} cannot be changed now`, { status }, field);
  }
}

/** Parses input with a schema: the value, or a ValidationError naming every issue's field (after `prefix`). */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix: (string | number)[] = []): T {
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ValidationError(r.error.issues, prefix);
  return r.data;
}
