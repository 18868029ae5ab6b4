import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimits, RateWindow } from '../../bot/rate-limiter';

/**
 * A local stand-in for the Bot Connector's send endpoint (POST /v3/conversations/{id}/activities[/{replyTo}]),
 * as Teams documents its behaviour for bots: it enforces the rate limits per conversation and per app
 * (sliding windows over arrivals; a refused request does not count), answers 429 with Retry-After in whole
 * seconds when one is exceeded, fails a share of sends with 503, answers 403 for blocked conversations and
 * 404 for unknown ones. It deduplicates nothing: every accepted send is recorded with the idempotency key
 * the sender put on it. Written independently of bot/rate-limiter.ts, so the two check each other.
 */

export type Delivery = { conversationId: string; key: string | null; at: number; activityId: string; text: string };

export type StandinOptions = {
  limits: RateLimits;
  /** Share of sends answered 503 (0–1). */
  failRate?: number;
  blocked?: Iterable<string>;
  missing?: Iterable<string>;
  /** Deterministic pseudo-random numbers for the 503s. */
  seed?: number;
  idempotencyHeader?: string;
  /**
   * Retry-After is whole seconds, as HTTP has it. A benchmark that compresses time N times passes N, and
   * the stand-in then says "Retry-After: 0.1" where the real service would say 1 (the same share of a window).
   */
  timeScale?: number;
  /** Called on every accepted send (the crash test watches progress with it). */
  onDelivery?: (d: Delivery) => void;
};

export type Standin = {
  url: string;
  deliveries: Delivery[];
  counts: { accepted: number; throttled: number; unavailable: number; forbidden: number; notFound: number };
  close(): Promise<void>;
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Milliseconds until `times` (arrival times, ascending) leaves room for one more in every window. */
function waitFor(times: number[], windows: readonly RateWindow[], now: number): number {
  let wait = 0;
  for (const w of windows) {
    const inWindow = times.filter((t) => t > now - w.perMs);
    if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + w.perMs - now);
  }
  return wait;
}

export async function startBotConnectorStandin(o: StandinOptions): Promise<Standin> {
  const random = mulberry32(o.seed ?? 42);
  const blocked = new Set(o.blocked ?? []);
  const missing = new Set(o.missing ?? []);
  const header = (o.idempotencyHeader ?? 'x-kvalitetsaftaler-idempotency-key').toLowerCase();
  const longest = (ws: readonly RateWindow[]) => Math.max(...ws.map((w) => w.perMs));
  const perConversation = new Map<string, number[]>();
  const app: number[] = [];
  const deliveries: Delivery[] = [];
  const counts = { accepted: 0, throttled: 0, unavailable: 0, forbidden: 0, notFound: 0 };
  let seq = 0;
  const scale = o.timeScale ?? 1;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !m) return reply(404, { error: { code: 'NotFound', message: 'no such route' } });
      const conversationId = decodeURIComponent(m[1]!);
      if (missing.has(conversationId)) {
        counts.notFound++;
        return reply(404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      }
      if (blocked.has(conversationId)) {
        counts.forbidden++;
        return reply(403, { error: { code: 'BotDisabledByAdmin', message: 'The bot is blocked or not installed for this user.' } });
      }
      const now = Date.now();
      const times = perConversation.get(conversationId) ?? [];
      while (times.length && times[0]! <= now - longest(o.limits.perConversation)) times.shift();
      while (app.length && app[0]! <= now - longest(o.limits.perTenant)) app.shift();
      const wait = Math.max(waitFor(times, o.limits.perConversation, now), waitFor(app, o.limits.perTenant, now));
      if (wait > 0) {
        counts.throttled++;
        return reply(429, { error: { code: 'Throttled', message: 'Too many requests.' } }, { 'retry-after': String(Math.max(1, Math.ceil((wait * scale) / 1000)) / scale) });
      }
      // The request is within the limits: it counts against them whether it then succeeds or not.
      times.push(now);
      perConversation.set(conversationId, times);
      app.push(now);
      if (random() < (o.failRate ?? 0)) {
        counts.unavailable++;
        return reply(503, { error: { code: 'ServiceUnavailable', message: 'Try again later.' } });
      }
      const activityId = `1:${++seq}`;
      const keyHeader = req.headers[header];
      const d: Delivery = { conversationId, key: typeof keyHeader === 'string' ? keyHeader : null, at: now, activityId, text: Buffer.concat(chunks).toString('utf8') };
      deliveries.push(d);
      counts.accepted++;
      o.onDelivery?.(d);
      reply(201, { id: activityId });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    deliveries,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A conversation reference as Teams gives one for a personal chat, pointing at the stand-in. */
export function personalReference(serviceUrl: string, conversationId: string, userId: string): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant' },
    bot: { id: '28:bot', name: 'Kvalitetsaftaler' },
    user: { id: userId },
  };
}
