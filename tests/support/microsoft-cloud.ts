import { runInThisContext } from 'node:vm';
import { Agent, buildConnector, type Dispatcher } from 'undici';

/**
 * Routes Microsoft's public hosts (login.microsoftonline.com, graph.microsoft.com) to local HTTPS
 * stand-ins, underneath the production code: the code under test calls the real URLs with Node's own
 * `fetch` (MSAL's default network client and the Graph client both do), and this installs undici's
 * global dispatcher so that a connection to a routed host goes to the stand-in's port instead. TLS is
 * still verified: the stand-in's certificate names the public host (see makeCertificate), and only the
 * stand-ins' certificates are trusted for routed hosts. Other hosts (a test's own server on 127.0.0.1)
 * connect as usual.
 *
 * Jest runs each test file in a VM context of its own, but `fetch` is Node's, which reads the global
 * dispatcher from the host realm's globalThis; so the dispatcher is set there (in a plain process that
 * is the same object).
 */
export type Route = { port: number; ca: string };

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/** Node's own dispatcher, kept on the host realm once, so a test file that left a route behind cannot make it stick. */
const ORIGINAL = Symbol.for('kvalitetsaftaler.tests.originalDispatcher');
const hostGlobal = runInThisContext('globalThis') as Record<symbol, Dispatcher | undefined>;
// Node creates its dispatcher only at the first fetch; before that the slot is empty, and putting that emptiness
// back would break every later fetch of the worker (an assertion inside Node's fetch). A plain Agent stands in then.
if (!hostGlobal[ORIGINAL]) hostGlobal[ORIGINAL] = hostGlobal[DISPATCHER] ?? new Agent();

const routes = new Map<string, Route>();
let installed: Agent | null = null;

function routingAgent(): Agent {
  const table = new Map(routes);
  const direct = buildConnector({});
  const connectors = new Map([...table].map(([host, r]) => [host, buildConnector({ ca: r.ca })]));
  return new Agent({
    connect: (opts, callback) => {
      const route = table.get(opts.hostname);
      if (!route) return direct(opts, callback);
      return connectors.get(opts.hostname)!({ ...opts, hostname: '127.0.0.1', port: String(route.port), servername: opts.hostname }, callback);
    },
  });
}

/** Installs an agent for the current table; returns the one it replaces (its pooled connections may point at a stand-in that is gone: close it). */
function install(): Agent | null {
  const old = installed;
  installed = routes.size ? routingAgent() : null;
  hostGlobal[DISPATCHER] = installed ?? hostGlobal[ORIGINAL];
  return old;
}

/**
 * Sends every connection to `host` (e.g. "graph.microsoft.com") to the local stand-in at `route`.
 * Returns a function that removes the route again (and restores Node's dispatcher when none is left).
 */
export function routeHost(host: string, route: Route): () => Promise<void> {
  routes.set(host, route);
  void install()?.close();
  return async () => {
    if (routes.get(host) !== route) return;
    routes.delete(host);
    await install()?.close();
  };
}

export const LOGIN_HOST = 'login.microsoftonline.com';
export const GRAPH_HOST = 'graph.microsoft.com';

/** A child process routes the same hosts when started with `--import` of this module and the environment routesEnv gives. */
export const ROUTE_PRELOAD = './tests/support/route-microsoft-hosts.ts';
export const routesEnv = (routes: Record<string, Route>): { KA_TEST_ROUTES: string } => ({ KA_TEST_ROUTES: JSON.stringify(routes) });
