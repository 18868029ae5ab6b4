import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { pino } from 'pino';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { teamsSso } from '../api/http/teams-sso';
import { createApp, startServer } from '../teams-app/server';
import { onBehalfOfStores, peopleDirectoryFor } from '../teams-app/store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';
import { REGISTRATION, sharePointConfig, sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * SharePoint on behalf of the signed-in user (GRAPH_AUTH=obo): a request with a Teams SSO token (real RS256
 * signature, local JWKS) reaches the Graph stand-in with a token exchanged for that user at the Entra
 * token endpoint (on-behalf-of grant, the SSO token as assertion). The stores are built by production's
 * onBehalfOfStores from the configuration an admin's environment gives; Entra ID and Graph are reached at
 * their public addresses, routed underneath fetch to the local stand-ins.
 */
const TENANT = REGISTRATION.AAD_APP_TENANT_ID;
const CLIENT = REGISTRATION.AAD_APP_CLIENT_ID;
let jwks: Server;
let jwksBase = '';
let key: CryptoKey;
let fx: SharePointFixture;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  const pub = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/oidc') res.end(JSON.stringify({ jwks_uri: `${jwksBase}/keys` }));
    else res.end(JSON.stringify({ keys: [pub] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksBase = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  fx = await sharePointFixture({ tenants: [TENANT] });
  await importOrganisation(makeContext(fx.store.forTenant(TENANT), systemActor(TENANT)), smallMunicipality());
}, 60_000);
afterAll(async () => {
  await fx.stop();
  await new Promise<void>((r) => jwks.close(() => r()));
});

it('reads the agreement with a token exchanged on behalf of the user, and refuses a request without one', async () => {
  const sso = await new SignJWT({ oid: 'testby-leder', tid: TENANT, scp: 'access_as_user', name: 'Lone Leder' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
    .setAudience(CLIENT)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
  const config = sharePointConfig({
    GRAPH_AUTH: 'obo',
    AUTH_MODE: 'teams',
    SHAREPOINT_SITE_ID: fx.sites[TENANT]!,
    BOT_ID: 'bot-app-id',
    BOT_PASSWORD: 'bot-secret',
  });
  const logger = pino({ level: 'silent' });
  const app = createApp({
    store: fx.store,
    identity: teamsSso({ clientId: CLIENT, allowedTenants: [TENANT], openIdConfigurationUrl: `${jwksBase}/oidc` }),
    logger,
    version: 'test',
    storeFor: onBehalfOfStores(config, TENANT, config.siteId!),
  });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', store: { ...fx.store, close: async () => {} }, logger, shutdownTimeoutMs: 1_000 });
  try {
    fx.reset();
    const res = await fetch(`${server.url}/api/agreements/testby-skole-2026`, { headers: { Authorization: `Bearer ${sso}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe('testby-skole-2026');
    expect(fx.entra.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: sso,
    });
    expect(fx.standin.requests.length).toBeGreaterThan(0);
    for (const r of fx.standin.requests) expect(r.headers.authorization).toMatch(/^Bearer access-token-\d+-obo$/);
    const anonymous = await fetch(`${server.url}/api/agreements/testby-skole-2026`);
    expect(anonymous.status).toBe(401);
  } finally {
    await server.shutdown();
  }
});

describe('the people picker in Teams: the tenant’s directory through Graph', () => {
  const tokenFor = (oid: string, name: string) =>
    new SignJWT({ oid, tid: TENANT, scp: 'access_as_user', name })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
      .setAudience(CLIENT)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);

  it('offers the quality office members of the tenant not yet in the app (no guests), found by name as typed; a leader only the app’s people', async () => {
    fx.standin.seedUsers([
      { id: '11111111-aaaa-4bbb-8ccc-000000000001', displayName: 'Søren Østergaard', mail: 'soeren.oestergaard@testby.dk', jobTitle: 'Skoleleder' },
      { id: '11111111-aaaa-4bbb-8ccc-000000000002', displayName: 'Søren Gæst', mail: 'soeren@partner.example', userType: 'Guest' },
      { id: '11111111-aaaa-4bbb-8ccc-000000000003', displayName: 'Lone Leder', mail: 'lone@testby.dk' },
      { id: 'testby-leder', displayName: 'Lone Leder', mail: 'lone.leder@testby.dk' },
    ]);
    const config = sharePointConfig({
      GRAPH_AUTH: 'obo',
      AUTH_MODE: 'teams',
      SHAREPOINT_SITE_ID: fx.sites[TENANT]!,
      BOT_ID: 'bot-app-id',
      BOT_PASSWORD: 'bot-secret',
    });
    const logger = pino({ level: 'silent' });
    const app = createApp({
      store: fx.store,
      identity: teamsSso({ clientId: CLIENT, allowedTenants: [TENANT], openIdConfigurationUrl: `${jwksBase}/oidc` }),
      logger,
      version: 'test',
      storeFor: onBehalfOfStores(config, TENANT, config.siteId!),
      directoryFor: peopleDirectoryFor(config),
    });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', store: { ...fx.store, close: async () => {} }, logger, shutdownTimeoutMs: 1_000 });
    try {
      const search = async (q: string, token: string) => {
        const res = await fetch(`${server.url}/api/people/search?q=${encodeURIComponent(q)}`, { headers: { Authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as { items: { id: string; displayName: string; inStore: boolean; jobTitle?: string }[] }).items;
      };
      const office = await tokenFor('testby-kvalitet', 'Karen Kvalitet');
      fx.reset();
      expect(await search('søren', office)).toEqual([
        {
          id: '11111111-aaaa-4bbb-8ccc-000000000001',
          displayName: 'Søren Østergaard',
          email: 'soeren.oestergaard@testby.dk',
          jobTitle: 'Skoleleder',
          inStore: false,
        },
      ]);
      // Asked of Graph as its documentation says, on behalf of the user.
      const asked = fx.standin.requests.filter((r) => /\/users\?/.test(r.url));
      expect(asked).toHaveLength(1);
      expect(asked[0]!.headers.consistencylevel).toBe('eventual');
      expect(asked[0]!.headers.authorization).toMatch(/-obo$/);
      // Someone already in the app comes from the store, once.
      expect((await search('lone', office)).map((p) => [p.id, p.inStore])).toEqual([
        ['testby-leder', true],
        ['11111111-aaaa-4bbb-8ccc-000000000003', false],
      ]);
      // A leader may not add people: only the app's people, and Graph is not asked.
      fx.reset();
      expect(await search('søren', await tokenFor('testby-leder', 'Lone Leder'))).toEqual([]);
      expect(fx.standin.requests.filter((r) => /\/users\?/.test(r.url))).toHaveLength(0);
    } finally {
      await server.shutdown();
    }
  });
});
