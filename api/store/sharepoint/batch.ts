import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { StoreUnavailableError } from '../../core/errors';

/** One request of a JSON batch, its url relative to the Graph version ("/sites/…"). */
/**
 * `dependsOn`: requests of the same list (by index) that Graph must carry out before this one
 * (https://learn.microsoft.com/en-us/graph/json-batching, "Sequencing requests with the dependsOn property");
 * honoured where they go in the same batch, and otherwise already done by then (the batches go one after another).
 */
export type SubRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: readonly number[];
};
// Graph's JSON as it came; the adapter reads the fields it knows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SubResponse = { status: number; headers: Record<string, string>; body: any };

export const MAX_BATCH = 20;
/** Sub-responses retried as they come: throttled or unavailable, so not carried out (throttling docs). */
const RETRYABLE = new Set([429, 503]);
/** A gateway or server error on a read is retried too; on a write its outcome is unknown (see commit). */
const RETRYABLE_READ = new Set([429, 500, 502, 503, 504]);

export type BatchOptions = { maxAttempts?: number; maxWaitSeconds?: number };

const header = (headers: Record<string, string> | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** Retry-After in seconds (Graph sends whole or fractional seconds; an HTTP date is allowed by RFC 9110). */
export function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/**
 * A write batch whose answer never came (the connection dropped after it was sent, or a gateway error): its
 * requests may or may not have been carried out. `answers` holds what is known (earlier chunks), the rest
 * is undefined; the caller reads back to find out.
 */
export class WriteOutcomeUnknown extends Error {
  constructor(
    readonly answers: (SubResponse | undefined)[],
    readonly failure: StoreUnavailableError,
  ) {
    super(`outcome of a write batch unknown: ${failure.message}`);
    this.name = 'WriteOutcomeUnknown';
  }
}

/**
 * What a failed `$batch` round trip means. The Graph client reports a dropped connection or a refused one
 * as GraphError statusCode -1 ("fetch failed"), a token that could not be had as statusCode -1 with the
 * token error's name as code, and an HTTP error after its own retries with the status and headers.
 */
function failureOf(e: unknown): { error: StoreUnavailableError; sent: 'no' | 'maybe'; retryable: boolean } {
  if (e instanceof StoreUnavailableError) return { error: e, sent: 'no', retryable: false };
  const g = e as { statusCode?: number; code?: string | null; message?: string; headers?: Headers; body?: unknown };
  const status = typeof g?.statusCode === 'number' ? g.statusCode : -1;
  const message = g?.message || String(e);
  if (status === -1 && g?.code === TOKEN_UNAVAILABLE) return { error: new StoreUnavailableError('token_unavailable', message), sent: 'no', retryable: false };
  if (status === -1) {
    // Node's fetch says "fetch failed"; the client keeps that only for an Error of its own realm (not in a jest VM).
    const what = `the connection to Microsoft Graph failed${g?.message ? ` (${g.message})` : ''}`;
    return { error: new StoreUnavailableError('connection_failed', what), sent: 'maybe', retryable: true };
  }
  let code = g.code || `http_${status}`;
  try {
    const body = typeof g.body === 'string' ? JSON.parse(g.body) : g.body;
    if (body?.error?.code) code = body.error.code;
  } catch {
    /* the code the client gave */
  }
  const error = new StoreUnavailableError(code, message, status, retryAfterSeconds(g.headers?.get?.('Retry-After')));
  if (status === 429 || status === 503) return { error, sent: 'no', retryable: false }; // the client already retried these
  if (status >= 500) return { error, sent: 'maybe', retryable: true };
  return { error, sent: 'no', retryable: false };
}

/**
 * A failed call of the Graph client outside a batch (the site lookup, the health check, provisioning) as
 * the store's error: 503 store_unavailable with Graph's Retry-After, its message one line naming `what`
 * failed. Never the client's own error, which would reach a user as 500 or an admin as a stack.
 */
export function graphFailure(e: unknown, what: string): StoreUnavailableError {
  const { error } = failureOf(e);
  const message = String(error.params.storeMessage ?? error.message).replace(/\s*\n\s*/g, ' ');
  return new StoreUnavailableError(String(error.params.storeCode ?? 'unknown'), `${what}: ${message}`, error.status, error.retryAfterSeconds);
}

/** The name a token source's failure carries through the Graph client (see graph-http.ts). */
export const TOKEN_UNAVAILABLE = 'TokenUnavailable';

type BatchAnswer = { responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[]; retryAfter?: string };

/**
 * One `POST /$batch`. Graph answers a batch it could parse with 200 and each request's own status
 * (https://learn.microsoft.com/en-us/graph/json-batching, "Response format"); a batch with a throttled
 * request may also answer 424 with the same body, as an earlier revision of the throttling page said ("The
 * batch itself fails with a status code of 424"), and the wait may come on the batch's own response rather
 * than in the throttled request's headers (https://learn.microsoft.com/en-us/graph/throttling). So the raw
 * response is read here: its responses and its Retry-After. Any other answer is the batch's own failure,
 * after the client's retries, thrown in the shape the client's errors have (status, code, headers, body).
 */
async function roundTrip(client: Client, body: unknown): Promise<BatchAnswer> {
  const raw = (await client.api('/$batch').responseType(ResponseType.RAW).post(body)) as Response;
  const text = await raw.text();
  let json: { responses?: BatchAnswer['responses']; error?: { code?: string; message?: string } } | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (Array.isArray(json?.responses) && (raw.ok || raw.status === 424))
    return { responses: json.responses, retryAfter: raw.headers.get('Retry-After') ?? undefined };
  throw Object.assign(new Error(json?.error?.message || `HTTP ${raw.status}`), {
    statusCode: raw.status,
    code: json?.error?.code || null,
    headers: raw.headers,
    body: json,
  });
}

/**
 * Sends requests as JSON batches of at most 20, in as few round trips as possible, and retries the ones
 * a batch answers with 429 or 503 (reads also 500, 502, 504), honouring their Retry-After (the SDK retries
 * only whole requests). Answers are matched to requests by id: Graph may answer in any order.
 *
 * A failed round trip never escapes as a Graph client error: a read-only batch is sent again after a
 * dropped connection or a server error (up to the attempts), then fails as StoreUnavailableError (503,
 * with Graph's Retry-After); a write batch whose answer was lost throws WriteOutcomeUnknown for the caller
 * to reconcile.
 */
export async function sendBatch(client: Client, requests: readonly SubRequest[], opts: BatchOptions = {}): Promise<SubResponse[]> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxWait = opts.maxWaitSeconds ?? 30;
  const readOnly = requests.every((r) => r.method === 'GET');
  const retryable = readOnly ? RETRYABLE_READ : RETRYABLE;
  const results: SubResponse[] = new Array(requests.length);
  let pending = requests.map((_, i) => i);
  for (let attempt = 1; pending.length; attempt++) {
    const retry: number[] = [];
    let wait = 0;
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      const chunk = pending.slice(start, start + MAX_BATCH);
      const body = {
        requests: chunk.map((i) => {
          const r = requests[i]!;
          const headers = { ...(r.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...r.headers };
          const dependsOn = r.dependsOn?.filter((d) => d < i && chunk.includes(d)).map(String) ?? [];
          return {
            id: String(i),
            method: r.method,
            url: r.url,
            ...(dependsOn.length ? { dependsOn } : {}),
            ...(Object.keys(headers).length ? { headers } : {}),
            ...(r.body !== undefined ? { body: r.body } : {}),
          };
        }),
      };
      let answer: BatchAnswer;
      try {
        answer = await roundTrip(client, body);
      } catch (e) {
        const f = failureOf(e);
        if (readOnly && f.retryable && attempt < maxAttempts) {
          retry.push(...chunk);
          wait = Math.max(wait, f.error.retryAfterSeconds ?? 2 ** (attempt - 1));
          continue;
        }
        if (!readOnly && f.sent === 'maybe') {
          const known: (SubResponse | undefined)[] = [...results];
          for (const i of [...chunk, ...pending.slice(start + MAX_BATCH)]) known[i] = undefined;
          // Requests not yet sent are known not to have happened: say so, so they are not read back.
          for (const i of pending.slice(start + MAX_BATCH)) known[i] = NOT_SENT;
          throw new WriteOutcomeUnknown(known, f.error);
        }
        throw f.error;
      }
      const again = new Set(answer.responses.filter((r) => retryable.has(r.status)).map((r) => Number(r.id)));
      for (const r of answer.responses) {
        const i = Number(r.id);
        // A throttled request's wait is in its own headers, or on the batch's response (see roundTrip).
        const own = header(r.headers, 'Retry-After');
        const headers =
          RETRYABLE_READ.has(r.status) && own === undefined && answer.retryAfter ? { ...r.headers, 'Retry-After': answer.retryAfter } : (r.headers ?? {});
        const res = { status: r.status, headers, body: r.body };
        // 424: not carried out because a request it depends on failed; it goes again with that one.
        if ((again.has(i) || (r.status === 424 && requests[i]!.dependsOn?.some((d) => again.has(d)))) && attempt < maxAttempts) {
          retry.push(i);
          const after = retryAfterSeconds(header(headers, 'Retry-After'));
          wait = Math.max(wait, after !== undefined && after > 0 ? after : 2 ** attempt);
        } else results[i] = res;
      }
    }
    pending = retry;
    if (pending.length) await new Promise((r) => setTimeout(r, Math.min(wait, maxWait) * 1000));
  }
  return results;
}

/** Stands for a request of a failed write batch that was never sent. */
export const NOT_SENT: SubResponse = Object.freeze({ status: 0, headers: {}, body: undefined }) as SubResponse;

/** Graph's error envelope of a failed sub-response, as code and message. */
export function graphErrorOf(res: SubResponse): { code: string; message: string; retryAfterSeconds?: number } {
  const err = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  // The code may be empty (json-batching.md's example answers a 403 with "code": "").
  return {
    code: err?.code || `http_${res.status}`,
    message: err?.message || `HTTP ${res.status}`,
    retryAfterSeconds: retryAfterSeconds(header(res.headers, 'Retry-After')),
  };
}
