import { UNDELIVERABLE } from '../api/core/services/outbox';
import type { SendOutcome } from './channel';

/**
 * The reminder dispatcher's delivery policy, as pure decisions: what to do with the answer to one send
 * (sent, retry after how long, give up, fail) and with a send in doubt whose fate the ledger could not
 * tell. No store, no clock, no network: bot/dispatcher.ts carries the decisions out.
 *
 * - 429, 412, 502, 503, 504, any other 5xx and a network error (status 0) are retried: after Retry-After
 *   when the answer gave one, otherwise after an exponential backoff with equal jitter and a cap.
 * - 403 (the user blocked or uninstalled the app) and 404 (the conversation is gone) are final: given up,
 *   with the reason recorded for the quality office.
 * - Any other status is a failure at once; a retryable one fails when the retry budget is spent.
 */

export type RetryPolicy = { baseMs: number; capMs: number; maxAttempts: number };
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 8 };

const RETRYABLE = new Set([429, 412, 502, 503, 504]);

/** Jitter added to a Retry-After the receiver named, so the retries of many reminders do not arrive together. */
const RETRY_AFTER_JITTER_MS = 50;

/**
 * The wait before attempt `attempts + 1`: min(cap, base · 2^attempts), with equal jitter (at least half of it,
 * so retries spread without bunching at zero). `random` returns a number in [0, 1).
 */
export function backoffMs(policy: RetryPolicy, attempts: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempts);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type DeliveryDecision =
  | { do: 'sent'; activityId: string | null }
  /** Try again after `delayMs`; `blockConversation`: the receiver refused (429), keep off the conversation until then. */
  | { do: 'retry'; delayMs: number; blockConversation: boolean; detail: string }
  /** Final, nothing more to try: `given_up` when the recipient cannot be reached, `failed` otherwise. */
  | { do: 'stop'; state: 'given_up' | 'failed'; reason: string };

/** What to do with the answer to one send of a reminder that had `attempts` attempts before it. */
export function decideDelivery(outcome: SendOutcome, attempts: number, policy: RetryPolicy, random: () => number): DeliveryDecision {
  if (outcome.ok) return { do: 'sent', activityId: outcome.activityId ?? null };
  const detail = `${outcome.status || 'network'} ${outcome.message}`.slice(0, 1_500);
  if (outcome.status === 403 || outcome.status === 404) {
    const code = outcome.status === 403 ? UNDELIVERABLE.blocked : UNDELIVERABLE.notFound;
    return { do: 'stop', state: 'given_up', reason: `${code}: ${detail}` };
  }
  const retryable = RETRYABLE.has(outcome.status) || outcome.status === 0 || outcome.status >= 500;
  if (!retryable) return { do: 'stop', state: 'failed', reason: `http_${outcome.status}: ${detail}` };
  if (attempts + 1 >= policy.maxAttempts) return { do: 'stop', state: 'failed', reason: `${UNDELIVERABLE.exhausted}: ${detail}` };
  const delayMs = outcome.retryAfterMs !== null ? outcome.retryAfterMs + Math.round(random() * RETRY_AFTER_JITTER_MS) : backoffMs(policy, attempts, random);
  return { do: 'retry', delayMs, blockConversation: outcome.status === 429, detail };
}

/** Whether the receiver counted the send against its rate limits: a 429 was refused before it counted. */
export const countedByReceiver = (outcome: SendOutcome) => outcome.ok || outcome.status !== 429;

export type InDoubtDecision = { do: 'look_again'; delayMs: number; detail: string } | { do: 'stop'; state: 'failed'; reason: string };

/**
 * A send in doubt after a crash whose fate the delivery ledger could not tell (Graph unreachable): look
 * again later, and once the retry budget is spent mark it failed (`delivery_unconfirmed`) rather than risk
 * a second copy in the user's chat.
 */
export function decideUnconfirmed(error: unknown, attempts: number, policy: RetryPolicy, random: () => number): InDoubtDecision {
  const detail = `could not look in the chat: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1_000);
  if (attempts + 1 >= policy.maxAttempts) return { do: 'stop', state: 'failed', reason: `${UNDELIVERABLE.unconfirmed}: ${detail}` };
  return { do: 'look_again', delayMs: backoffMs(policy, attempts, random), detail: `in_doubt: ${detail}` };
}

/** Retry-After as seconds or as an HTTP date, in milliseconds; null when absent or unreadable (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
