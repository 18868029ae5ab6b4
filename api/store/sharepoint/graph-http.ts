import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';

/** Returns an access token for Microsoft Graph (app-only or on behalf of the user; see credentials.ts). */
export type TokenSource = () => Promise<string>;

export type GraphHttpOptions = {
  /** https://graph.microsoft.com, or a local stand-in in tests. */
  baseUrl: string;
  token: TokenSource;
  /** SharePoint's guidance: NONISV|<Organisation>|<App>/<version>. */
  userAgent: string;
  /** The fetch used for every round trip (a stand-in's tests pass one that trusts its certificate). */
  fetch?: typeof fetch;
  /** Called once per HTTP round trip, for tests and benchmarks that count them. */
  onRoundTrip?: (info: { method: string; url: string; status: number }) => void;
  /** Added to every round trip; the benchmark simulates a network with it. */
  latencyMs?: number;
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

/** The last link of the chain: one HTTP round trip with the configured fetch. */
class FetchHandler implements Middleware {
  constructor(private readonly opts: GraphHttpOptions) {}
  async execute(context: Context): Promise<void> {
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const doFetch = this.opts.fetch ?? fetch;
    const response = await doFetch(context.request as string, context.options as RequestInit);
    context.response = response;
    const url = typeof context.request === 'string' ? context.request : (context.request as Request).url;
    this.opts.onRoundTrip?.({ method: (context.options?.method ?? 'GET').toUpperCase(), url, status: response.status });
  }
}

/** A Graph client on the SDK's middleware chain: authentication, User-Agent, retries with Retry-After, fetch. */
export function createGraphClient(opts: GraphHttpOptions): Client {
  const auth = new AuthenticationHandler({ getAccessToken: () => opts.token() });
  const ua = new UserAgentHandler(opts.userAgent);
  const retry = new RetryHandler(new RetryHandlerOptions(1, opts.maxRetries ?? 3));
  const last = new FetchHandler(opts);
  auth.setNext(ua);
  ua.setNext(retry);
  retry.setNext(last);
  const host = new URL(opts.baseUrl).hostname;
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    customHosts: host === 'graph.microsoft.com' ? undefined : new Set([host]),
  });
}
