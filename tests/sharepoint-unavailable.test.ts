import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../teams-app/cli';
import { startGraphStandin, type GraphStandin } from './graph-standin/graph-standin';
import { startEntraStandin, type EntraStandin } from './support/entra-standin';
import { startMain } from './support/main-process';
import { GRAPH_HOST, LOGIN_HOST, ROUTE_PRELOAD, routesEnv } from './support/microsoft-cloud';
import { startTestServer } from './support/server';
import { REGISTRATION, sharePointFixture, sharePointEnv, type SharePointFixture } from './support/sharepoint';
import { closeAfter } from './support/teardown';

/**
 * Every way Microsoft Graph fails — throttled beyond the Graph client's retries (429, with or without
 * Retry-After), unavailable (503), a dropped connection (the client's "fetch failed") — is a clear "store
 * unavailable", never a 500 or a crash, outside the commits too: the health check answers 503 (with
 * Graph's Retry-After), and `npm run provision`, `npm start` and `npm run qa` stop with one line naming what
 * failed, no stack. The commands run as production runs them (child processes of node with tsx, configured by
 * the environment, Microsoft's hosts routed underneath fetch to the stand-ins).
 */
const ROOT = join(__dirname, '..');
const SITE = 'https://testby.sharepoint.com/sites/kvalitet';
const isSiteLookup = (r: { method: string; url: string }) => r.method === 'GET' && r.url.startsWith('/v1.0/sites/testby.sharepoint.com:/sites/kvalitet');
const STACK = /\n\s+at /;

describe('the health check when Graph fails', () => {
  let fx: SharePointFixture;
  let url: string;
  beforeAll(async () => {
    fx = await sharePointFixture({ tenants: ['demo'] });
    url = (await startTestServer([], { store: fx.store })).url;
  }, 120_000);
  afterAll(async () => fx?.stop());
  beforeEach(() => fx.standin.clearFaults());
  const isPing = (r: { method: string; url: string }) => r.method === 'GET' && r.url.startsWith(`/v1.0/sites/${fx.sites.demo}?`);

  it('answers 200 while the site answers', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('throttled beyond the retries: 503, with the Retry-After Graph gave when it gave one', async () => {
    const seen = new Set<string | null>();
    for (let i = 0; i < 2; i++) {
      fx.standin.inject({ match: isPing, status: 429, retryAfterSeconds: 1.5, times: 4 });
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(503);
      const given = fx.standin.lastRetryAfter();
      seen.add(given);
      expect(res.headers.get('retry-after')).toBe(given === null ? null : '2');
      expect(await res.json()).toMatchObject({ status: 'unavailable' });
    }
    // The stand-in sends it and leaves it out in turn: both forms were met.
    expect(seen).toEqual(new Set(['1.5', null]));
  }, 90_000);

  it('a dropped connection: 503', async () => {
    fx.standin.inject({ match: isPing, drop: 'before' });
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable' });
    // And ready again once Graph is.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 30_000);
});

describe('the commands when Graph fails', () => {
  let standin: GraphStandin;
  let entra: EntraStandin;
  beforeAll(async () => {
    standin = await startGraphStandin();
    entra = await startEntraStandin({
      tenantId: REGISTRATION.AAD_APP_TENANT_ID,
      clientId: REGISTRATION.AAD_APP_CLIENT_ID,
      clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET,
    });
    standin.createSite('testby.sharepoint.com', '/sites/kvalitet');
  }, 60_000);
  beforeEach(() => standin.clearFaults());
  const childEnv = () => ({ ...sharePointEnv({ SHAREPOINT_SITE_URL: SITE }), ...routesEnv({ [GRAPH_HOST]: standin.route, [LOGIN_HOST]: entra.route }) });

  /** `npm run provision` as a process of its own; its exit code and what it printed. */
  async function provision(): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', ROUTE_PRELOAD, 'teams-app/provision.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...childEnv() },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    closeAfter(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exit;
    });
    return { code: await exit, out, err };
  }

  it('npm run provision, the site lookup loses its connection: exit 1, one line naming the lookup', async () => {
    standin.inject({ match: isSiteLookup, drop: 'before', times: 10 });
    const r = await provision();
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK);
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Provisioning failed: looking up the SharePoint site https:\/\/testby\.sharepoint\.com\/sites\/kvalitet: the connection to Microsoft Graph failed \(fetch failed\) \(Microsoft Graph: connection_failed\)$/,
      ),
    ]);
  }, 90_000);

  it("npm run provision, creating a list is throttled beyond the retries: exit 1, one line naming the list, the status and Graph's Retry-After when it gave one", async () => {
    standin.inject({ match: (r) => r.method === 'POST' && /\/lists$/.test(r.url), status: 429, retryAfterSeconds: 0.2, times: 10 });
    const r = await provision();
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK);
    const after = standin.lastRetryAfter() === null ? '' : ', retry after 1 s';
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Provisioning failed: creating list KA\\w+: .*\\(Microsoft Graph: \\w+, HTTP 429${after}\\)$`)),
    ]);
  }, 90_000);

  it('npm run provision, reading the lists answers 503: exit 1, one line', async () => {
    standin.inject({ match: (r) => r.method === 'GET' && /\/lists\?/.test(r.url), status: 503, retryAfterSeconds: 0.1, times: 10 });
    const r = await provision();
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK);
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^Provisioning failed: reading the lists of site testby\.sharepoint\.com,[\w-]+,[\w-]+: .*HTTP 503.*\)$/),
    ]);
  }, 90_000);

  it("npm start, the site lookup is unavailable: exit 1, one line naming the lookup and Graph's Retry-After when it gave one", async () => {
    standin.inject({ match: isSiteLookup, status: 503, retryAfterSeconds: 0.3, times: 10 });
    const main = startMain({ ...childEnv(), REMINDERS: 'off', LOG_LEVEL: 'silent', DEMO_DATA: 'off' }, { preload: [ROUTE_PRELOAD] });
    expect(await main.exit).toBe(1);
    expect(main.output()).not.toMatch(STACK);
    const after = standin.lastRetryAfter() === null ? '' : ', retry after 1 s';
    expect(main.output().trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not start: looking up the SharePoint site https://testby\\.sharepoint\\.com/sites/kvalitet: .*\\(Microsoft Graph: \\w+, HTTP 503${after}\\)$`,
        ),
      ),
    ]);
  }, 90_000);

  it('npm run qa, the connection keeps dropping: exit 1, one line', async () => {
    standin.inject({ match: isSiteLookup, drop: 'before', times: 10 });
    let err = '';
    const code = await runCli(
      ['show'],
      { ...process.env, ...sharePointEnv({ SHAREPOINT_SITE_URL: SITE }) },
      () => undefined,
      (s) => (err += s),
    );
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Cannot open the store: looking up the SharePoint site https:\/\/testby\.sharepoint\.com\/sites\/kvalitet: the connection to Microsoft Graph failed.*\(Microsoft Graph: connection_failed\)$/,
      ),
    ]);
  }, 60_000);
});
