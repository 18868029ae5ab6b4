import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import { createGraphClient } from '../../api/store/sharepoint/graph-http';
import type { DeliveryLedger } from '../../bot/dispatcher';
import { graphDeliveryLedger } from '../../bot/graph-delivery-ledger';
import { makeCertificate } from '../graph-standin/graph-standin';
import { GRAPH_HOST, routeHost } from './microsoft-cloud';
import type { AddressInfo } from 'node:net';
import type { RateLimits, RateWindow } from '../../bot/rate-limiter';
import { closeAfter } from './teardown';

/**
 * A local stand-in for the Bot Connector's send endpoint (POST /v3/conversations/{id}/activities[/{replyTo}]),
 * as Teams documents its behaviour for bots: it enforces the rate limits per conversation and per app
 * (sliding windows over arrivals; a refused request does not count), answers 429 with Retry-After in whole
 * seconds when one is exceeded, fails a share of sends with 503, answers 403 for blocked conversations and
 * 404 for unknown ones. It deduplicates nothing: every accepted send is recorded with the idempotency key
 * the sender put on it. Written independently of bot/rate-limiter.ts, so the two check each other.
 *
 * It also answers the part of Microsoft Graph that shows the same chats (Teams is one service behind both
 * APIs), in Graph's documented shapes, so the dispatcher's delivery ledger can look for a message after a
 * crash: the user's installation of the app (`GET /v1.0/users/{id}/teamwork/installedApps?$expand=teamsApp&
 * $filter=teamsApp/externalId eq '{app}'`), the chat between user and app (`…/installedApps/{id}/chat`) and
 * the chat's messages (`GET /v1.0/chats/{id}/messages`, $top ≤ 50, $orderby lastModifiedDateTime desc with a
 * $filter on the same property, @odata.nextLink paging). Every accepted send appears there as a chatMessage
 * sent by the bot, with its Adaptive Card as an attachment whose content is the card's JSON.
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
  /** The Teams app's id (manifest id) its Graph part answers for. */
  teamsAppId?: string;
};

export type Standin = {
  url: string;
  deliveries: Delivery[];
  counts: { accepted: number; throttled: number; unavailable: number; forbidden: number; notFound: number };
  /** Who has the app installed, for the Graph part: Microsoft Entra object id → the personal chat's conversation id. */
  installations: Map<string, string>;
  /** Graph requests answered, by path without query. */
  graphRequests: string[];
  /** The Graph part over HTTPS (the Graph client speaks only HTTPS), with the certificate to trust; set with `teamsAppId`. */
  graph: { url: string; ca: string } | null;
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

  const installations = new Map<string, string>();
  const graphRequests: string[] = [];
  const graph = graphPart({ deliveries, installations, teamsAppId: o.teamsAppId ?? '00000000-0000-0000-0000-000000000000' });

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if ((req.url ?? '').startsWith('/v1.0/')) {
        graphRequests.push((req.url ?? '').split('?')[0]!);
        if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return reply(401, graphError('InvalidAuthenticationToken', 'Access token is empty.'));
        const out = graph(req.method ?? 'GET', req.url!, `https://${req.headers.host}`);
        return reply(out.status, out.body);
      }
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
        return reply(
          429,
          { error: { code: 'Throttled', message: 'Too many requests.' } },
          { 'retry-after': String(Math.max(1, Math.ceil((wait * scale) / 1000)) / scale) },
        );
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
      const d: Delivery = {
        conversationId,
        key: typeof keyHeader === 'string' ? keyHeader : null,
        at: now,
        activityId,
        text: Buffer.concat(chunks).toString('utf8'),
      };
      deliveries.push(d);
      counts.accepted++;
      o.onDelivery?.(d);
      reply(201, { id: activityId });
    });
  };
  const server: Server = createServer(handler);
  let graphServer: https.Server | null = null;
  let graphInfo: Standin['graph'] = null;
  if (o.teamsAppId) {
    const { key, cert } = await makeCertificate();
    graphServer = https.createServer({ key, cert }, handler);
    await new Promise<void>((resolve) => graphServer!.listen(0, '127.0.0.1', resolve));
    graphInfo = { url: `https://127.0.0.1:${(graphServer.address() as AddressInfo).port}`, ca: cert };
  }
  const releaseGraph = graphInfo ? routeGraphTo(graphInfo) : async () => {};
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    deliveries,
    counts,
    installations,
    graphRequests,
    graph: graphInfo,
    close: closeAfter(async () => {
      await releaseGraph();
      for (const s of [server, graphServer])
        if (s)
          await new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          });
    }),
  };
}

/**
 * The dispatcher's delivery ledger on the stand-in's Graph part: the Graph client calls
 * https://graph.microsoft.com as in production. The stand-in routes that host to itself in its own process
 * (until it closes); a child process calls routeGraphTo(graph) first.
 */
export function standinLedger(teamsAppId: string): DeliveryLedger {
  const client = createGraphClient({ token: async () => 'standin-token', userAgent: 'NONISV|Test|KvalitetsaftalerTeams/test' });
  return graphDeliveryLedger(client, teamsAppId);
}

/** Routes https://graph.microsoft.com to a stand-in's Graph part (its URL and certificate), in this process. */
export const routeGraphTo = (graph: { url: string; ca: string }) => routeHost(GRAPH_HOST, { port: Number(new URL(graph.url).port), ca: graph.ca });

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

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'standin' } } });

/** The Graph side of the same chats: installations, the chat between user and app, and its messages. */
function graphPart(o: { deliveries: Delivery[]; installations: Map<string, string>; teamsAppId: string }) {
  const installationId = (user: string) => Buffer.from(`${user}##${o.teamsAppId}`).toString('base64');
  const chatIdOf = (user: string) => `19:${user}_${o.teamsAppId}@unq.gbl.spaces`;
  const userOfChat = new Map<string, string>();
  const teamsApp = () => ({ id: `app-${o.teamsAppId}`, externalId: o.teamsAppId, displayName: 'Kvalitetsaftaler', distributionMethod: 'organization' });
  const bad = (message: string) => ({ status: 400, body: graphError('BadRequest', message) });
  const notFound = (message: string) => ({ status: 404, body: graphError('NotFound', message) });

  function message(d: Delivery, chatId: string) {
    const activity = JSON.parse(d.text) as { attachments?: { contentType: string; content: unknown }[] };
    const created = new Date(d.at).toISOString();
    const attachments = (activity.attachments ?? []).map((a, i) => ({
      id: `${d.activityId}-${i}`,
      contentType: a.contentType,
      contentUrl: null,
      content: typeof a.content === 'string' ? a.content : JSON.stringify(a.content),
      name: null,
      thumbnailUrl: null,
      teamsAppId: o.teamsAppId,
    }));
    return {
      id: d.activityId,
      replyToId: null,
      etag: d.activityId,
      messageType: 'message',
      createdDateTime: created,
      lastModifiedDateTime: created,
      lastEditedDateTime: null,
      deletedDateTime: null,
      subject: null,
      summary: null,
      chatId,
      importance: 'normal',
      locale: 'en-us',
      webUrl: null,
      channelIdentity: null,
      policyViolation: null,
      eventDetail: null,
      from: {
        application: {
          '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
          id: o.teamsAppId,
          displayName: 'Kvalitetsaftaler',
          applicationIdentityType: 'bot',
        },
        device: null,
        user: null,
      },
      body: { contentType: 'html', content: attachments.map((a) => `<attachment id="${a.id}"></attachment>`).join('') },
      attachments,
      mentions: [],
      reactions: [],
    };
  }

  return (method: string, url: string, origin: string): { status: number; body: unknown } => {
    if (method !== 'GET') return { status: 405, body: graphError('Request_BadRequest', 'The HTTP method is not allowed for this resource.') };
    const [path, search = ''] = url.split(/\?(.*)/s, 2) as [string, string?];
    const q = new URLSearchParams(search);
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent).slice(1);
    // /users/{id}/teamwork/installedApps[/{installation}/chat]
    if (segs[0] === 'users' && segs[2] === 'teamwork' && segs[3] === 'installedApps') {
      const user = segs[1]!;
      const installed = o.installations.has(user);
      if (segs.length === 4) {
        const filter = q.get('$filter');
        const fm = filter ? /^teamsApp\/externalId eq '([^']*)'$/.exec(filter) : null;
        if (filter && !fm) return bad(`The filter '${filter}' is not supported by the stand-in.`);
        const matches = installed && (!fm || fm[1] === o.teamsAppId);
        const expand = q.get('$expand') === 'teamsApp';
        return {
          status: 200,
          body: {
            '@odata.context': `${origin}/v1.0/$metadata#users('${user}')/teamwork/installedApps`,
            value: matches ? [{ id: installationId(user), ...(expand ? { teamsApp: teamsApp() } : {}) }] : [],
          },
        };
      }
      if (segs.length === 6 && segs[5] === 'chat') {
        if (!installed || segs[4] !== installationId(user)) return notFound('The app installation was not found.');
        const chatId = chatIdOf(user);
        userOfChat.set(chatId, user);
        return {
          status: 200,
          body: {
            '@odata.context': `${origin}/v1.0/$metadata#chats/$entity`,
            id: chatId,
            topic: null,
            createdDateTime: '2026-01-01T00:00:00Z',
            lastUpdatedDateTime: new Date().toISOString(),
            chatType: 'oneOnOne',
            webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chatId)}/0`,
            tenantId: 'tenant',
            onlineMeetingInfo: null,
            viewpoint: null,
          },
        };
      }
    }
    // /chats/{chat-id}/messages
    if (segs[0] === 'chats' && segs[2] === 'messages' && segs.length === 3) {
      const user = userOfChat.get(segs[1]!);
      const conversationId = user ? o.installations.get(user) : undefined;
      if (!conversationId) return notFound('Chat not found.');
      const top = Number(q.get('$top') ?? 50);
      if (!Number.isInteger(top) || top < 1 || top > 50) return bad('Invalid page size specified: The page size must be between 1 and 50.');
      const orderby = q.get('$orderby');
      if (orderby && !/^(lastModifiedDateTime|createdDateTime)( desc)?$/.test(orderby)) return bad(`The orderby '${orderby}' is not supported.`);
      let list = o.deliveries.filter((d) => d.conversationId === conversationId).map((d) => message(d, segs[1]!));
      list.sort((a, b) => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime) || b.id.localeCompare(a.id));
      // As documented: the filter applies only with $orderby on the same property; otherwise it is ignored.
      const filter = q.get('$filter');
      if (filter && orderby?.startsWith('lastModifiedDateTime')) {
        for (const clause of filter.split(/\s+and\s+/)) {
          const fm = /^lastModifiedDateTime (gt|lt) (\S+)$/.exec(clause);
          if (!fm || Number.isNaN(Date.parse(fm[2]!))) return bad(`Invalid filter clause: ${clause}`);
          const at = Date.parse(fm[2]!);
          list = list.filter((m) => (fm[1] === 'gt' ? Date.parse(m.lastModifiedDateTime) > at : Date.parse(m.lastModifiedDateTime) < at));
        }
      }
      const skip = Number(q.get('$skiptoken') ?? 0);
      const page = list.slice(skip, skip + top);
      const next = skip + top < list.length ? new URLSearchParams({ ...Object.fromEntries(q), $skiptoken: String(skip + top) }) : null;
      return {
        status: 200,
        body: {
          '@odata.context': `${origin}/v1.0/$metadata#chats('${segs[1]}')/messages`,
          '@odata.count': page.length,
          ...(next ? { '@odata.nextLink': `${origin}${path}?${next.toString()}` } : {}),
          value: page,
        },
      };
    }
    return bad(`Resource not found for the segment '${segs[0] ?? ''}'.`);
  };
}
