import type { Client } from '@microsoft/microsoft-graph-client';

/** One request of a JSON batch, its url relative to the Graph version ("/sites/…"). */
export type SubRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; headers?: Record<string, string>; body?: unknown };
export type SubResponse = { status: number; headers: Record<string, string>; body: any };

export const MAX_BATCH = 20;
const RETRYABLE = new Set([429, 503, 504]);

export type BatchOptions = { maxAttempts?: number; maxWaitSeconds?: number };

const header = (headers: Record<string, string> | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/**
 * Sends requests as JSON batches of at most 20, in as few round trips as possible, and retries the ones
 * a batch answers with 429, 503 or 504, honouring their Retry-After (the SDK retries only whole requests).
 * Answers come back in the order of the requests.
 */
export async function sendBatch(client: Client, requests: readonly SubRequest[], opts: BatchOptions = {}): Promise<SubResponse[]> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxWait = opts.maxWaitSeconds ?? 30;
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
          return { id: String(i), method: r.method, url: r.url, ...(Object.keys(headers).length ? { headers } : {}), ...(r.body !== undefined ? { body: r.body } : {}) };
        }),
      };
      const answer = (await client.api('/$batch').post(body)) as { responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] };
      for (const r of answer.responses) {
        const i = Number(r.id);
        const res = { status: r.status, headers: r.headers ?? {}, body: r.body };
        if (RETRYABLE.has(r.status) && attempt < maxAttempts) {
          retry.push(i);
          const after = Number(header(r.headers, 'Retry-After'));
          wait = Math.max(wait, Number.isFinite(after) && after > 0 ? after : 2 ** attempt);
        } else results[i] = res;
      }
    }
    pending = retry;
    if (pending.length) await new Promise((r) => setTimeout(r, Math.min(wait, maxWait) * 1000));
  }
  return results;
}

/** Graph's error envelope of a failed sub-response, as code and message. */
export function graphErrorOf(res: SubResponse): { code: string; message: string } {
  const err = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { code: err?.code ?? `http_${res.status}`, message: err?.message ?? `HTTP ${res.status}` };
}
