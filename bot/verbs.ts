import { z } from 'zod';
import { Id, Period } from '../api/core/model';

/**
 * The card verbs: a closed union, each with the schema of its payload (card data merged with the inputs;
 * clients such as the Agents Playground send every input value as a string, so numbers are coerced).
 */

export const MEASUREMENT_CARD_VERSION = 1;
export const APPROVAL_CARD_VERSION = 1;

const revision = z.coerce.number().int().min(1);
const optionalText = z.string().max(2_000).optional();

export const PAYLOADS = {
  /** Sends the measurement card for an indicator and period (from "my tasks"). */
  'measurement.open': z.object({ indicatorId: Id, period: Period }),
  'measurement.submit': z.object({
    indicatorId: Id,
    period: Period,
    indicatorRevision: revision,
    cardVersion: z.coerce.number().int(),
    value: z.union([z.string().max(100), z.number()]).optional(),
    comment: optionalText,
    /** "No value for the period": an explicit no value (null), never 0; the value field is not read. */
    noValue: z.literal(true).optional(),
  }),
  /** Sends the approval card of an agreement (from "my tasks"). */
  'approval.open': z.object({ agreementId: Id }),
  /** The card's refresh: the designated approver gets the buttons, everyone else the status. */
  'approval.refresh': z.object({ agreementId: Id, version: revision, cardVersion: z.coerce.number().int() }),
  'approval.approve': z.object({ agreementId: Id, version: revision, cardVersion: z.coerce.number().int(), comment: optionalText }),
  'approval.requestChanges': z.object({ agreementId: Id, version: revision, cardVersion: z.coerce.number().int(), comment: optionalText }),
} as const;

export type Verb = keyof typeof PAYLOADS;
export const VERBS = Object.keys(PAYLOADS) as Verb[];
export type Payload<V extends Verb> = z.infer<(typeof PAYLOADS)[V]>;

/** Verbs that write: they go through a receipt so a redelivered invoke writes once. */
export const WRITING_VERBS: ReadonlySet<Verb> = new Set<Verb>(['measurement.submit', 'approval.approve', 'approval.requestChanges']);

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && Object.hasOwn(PAYLOADS, value);
}
