import { routeHost, type Route } from './microsoft-cloud';

/**
 * Preloaded into a child process (`node --import tsx --import ./tests/support/route-microsoft-hosts.ts …`):
 * routes Microsoft's hosts to the parent's stand-ins underneath fetch, as tests/support/microsoft-cloud.ts
 * does in the test process. The routes come in KA_TEST_ROUTES: `{ "graph.microsoft.com": { port, ca }, … }`.
 * The program itself runs unchanged (the production commands, configured by their environment).
 */
const routes = JSON.parse(process.env.KA_TEST_ROUTES ?? '{}') as Record<string, Route>;
for (const [host, route] of Object.entries(routes)) routeHost(host, route);
