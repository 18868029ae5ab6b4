import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
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

export const userAgentOf = (organisation: string, version: string) =>
  `NONISV|${organisation.replace(/[|\s]+/g, '')}|KvalitetsaftalerTeams/${version}`;

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
  const retry = new RetryHandler(new RetryHandlerOptions(1, opts.maxRetries ?? 3));
  const last = new FetchHandler();
  auth.setNext(ua);
  ua.setNext(retry);
  retry.setNext(last);
  return Client.initWithMiddleware({ middleware: auth, baseUrl: GRAPH_BASE_URL, defaultVersion: 'v1.0' });
}
