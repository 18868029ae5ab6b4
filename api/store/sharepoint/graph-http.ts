import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TOKEN_UNAVAILABLE } from './batch';

/** Returns an access token for Microsoft Graph (app-only or on behalf of the user; see credentials.ts). */
export type TokenSource = () => Promise<string>;

/**
 * The Graph client has no network options of its own: it calls https://graph.microsoft.com with Node's
 * fetch, in production and in tests alike (tests route that host to a local stand-in underneath fetch).
 */
export const GRAPH_BASE_URL = 'https://graph.microsoft.com';

export type GraphHttpOptions = {
  token: TokenSource;
  /** SharePoint's guidance: NONISV|<Organisation>|<App>/<version>. */
  userAgent: string;
  /** Retries of a 429, 503 or 504 (honouring Retry-After) before the error surfaces. */
  maxRetries?: number;
};

export const userAgentOf = (organisation: string, version: string) => `NONISV|${organisation.replace(/[|\s]+/g, '')}|KvalitetsaftalerTeams/${version}`;

/** Sets the User-Agent SharePoint asks for on every request, so throttling can tell us apart. */
class UserAgentHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly userAgent: string) {}
  async execute(context: Context): Promise<void> {
    context.options ??= {};
    const headers = new Headers(context.options.headers as HeadersInit | undefined);
    headers.set('User-Agent', this.userAgent);
    context.options.headers = Object.fromEntries(headers.entries());
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The last link of the chain: one HTTP round trip with Node's fetch. */
class FetchHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    context.response = await fetch(context.request as string, context.options as RequestInit);
  }
}

/**
 * Whether a request may have changed something: anything but a GET, except a $batch of GETs only. The
 * SDK's RetryHandler sends a request again after 429, 503 and 504; the first two mean Graph did not carry
 * it out (https://learn.microsoft.com/en-us/graph/throttling, https://learn.microsoft.com/en-us/graph/errors:
 * "503 Service Unavailable: The service is temporarily unavailable"), but a 504 is a gateway that gave up
 * waiting: the write may have happened, and sending it again could create a record twice. Such an answer
 * goes to the caller instead, which reads back what happened (sharepoint-store.ts, commit).
 */
function mayWrite(options: { method?: string; body?: unknown } | undefined, request: unknown): boolean {
  const method = (options?.method ?? 'GET').toUpperCase();
  if (method === 'GET') return false;
  if (method !== 'POST' || !/\/\$batch(\?|$)/.test(String(request))) return true;
  try {
    const body = JSON.parse(String(options?.body)) as { requests?: { method?: string }[] };
    return !(body.requests ?? []).every((r) => (r.method ?? 'GET').toUpperCase() === 'GET');
  } catch {
    return true;
  }
}

/** A Graph client on the SDK's middleware chain: authentication, User-Agent, retries with Retry-After, fetch. */
export function createGraphClient(opts: GraphHttpOptions): Client {
  const auth = new AuthenticationHandler({
    getAccessToken: () =>
      opts.token().catch((e: unknown) => {
        // Named so a failed round trip can tell "no token, nothing sent" from a dropped connection (batch.ts).
        const err = new Error(`no token for Microsoft Graph: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        err.name = TOKEN_UNAVAILABLE;
        throw err;
      }),
  });
  const ua = new UserAgentHandler(opts.userAgent);
  const retry = new RetryHandler(
    new RetryHandlerOptions(1, opts.maxRetries ?? 3, (_delay, _attempt, request, options, response) => response.status !== 504 || !mayWrite(options, request)),
  );
  const last = new FetchHandler();
  auth.setNext(ua);
  ua.setNext(retry);
  retry.setNext(last);
  return Client.initWithMiddleware({ middleware: auth, baseUrl: GRAPH_BASE_URL, defaultVersion: 'v1.0' });
}
