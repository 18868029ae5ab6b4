import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import fs from 'node:fs';
import path from 'node:path';
import { appOnlyTokens, graphApplication, msalConfiguration, onBehalfOfTokens } from '../api/store/sharepoint/credentials';
import { credentialsOf } from '../teams-app/store';
import { startEntraStandin, type EntraStandin } from './support/entra-standin';
import { REGISTRATION, sharePointConfig } from './support/sharepoint';

/**
 * Tokens for Graph as a municipality's admin gets them: the configuration comes from the environment the
 * admin sets (no authority host, no network options), MSAL runs with its own defaults, and Entra ID is
 * reached as https://login.microsoftonline.com — routed underneath Node's fetch to a local stand-in that
 * answers instance discovery, the OpenID configuration and the token endpoint as Microsoft documents them.
 */

// Every MSAL application the code under test constructs, with the configuration it was given.
const mockConfigurations: Configuration[] = [];
jest.mock('@azure/msal-node', () => {
  const actual = jest.requireActual('@azure/msal-node');
  return {
    ...actual,
    ConfidentialClientApplication: class extends actual.ConfidentialClientApplication {
      constructor(configuration: Configuration) {
        mockConfigurations.push(configuration);
        super(configuration);
      }
    },
  };
});

const TENANT = REGISTRATION.AAD_APP_TENANT_ID;
let entra: EntraStandin;
beforeAll(async () => {
  entra = await startEntraStandin({ tenantId: TENANT, clientId: REGISTRATION.AAD_APP_CLIENT_ID, clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET });
});
afterAll(async () => entra.stop());

describe('Graph credentials through MSAL, as production builds them', () => {
  it('gets an app-only token with the configuration of a plain production environment (no authority host set), and caches it', async () => {
    const tokens = appOnlyTokens(graphApplication(credentialsOf(sharePointConfig())));
    const first = await tokens();
    expect(first).toMatch(/^access-token-\d+-app$/);
    expect(await tokens()).toBe(first);
    const requests = entra.tokenRequests.filter((r) => r.grant_type === 'client_credentials');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      client_id: REGISTRATION.AAD_APP_CLIENT_ID,
      client_secret: REGISTRATION.AAD_APP_CLIENT_SECRET,
      scope: expect.stringContaining('https://graph.microsoft.com/.default'),
    });
    // The token came from the tenant's own token endpoint on Entra ID's public host.
    expect(entra.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/${TENANT}/oauth2/v2.0/token`]);
  });

  it('would have caught the original failure: an authority option set to undefined stops MSAL before any request', async () => {
    const before = entra.requests.length;
    const broken = new ConfidentialClientApplication({
      auth: { ...msalConfiguration(credentialsOf(sharePointConfig())).auth, knownAuthorities: undefined as unknown as string[] },
    });
    await expect(broken.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toMatchObject({
      errorCode: 'endpoints_resolution_error',
    });
    expect(entra.requests.length).toBe(before);
  });

  it('exchanges the user token on behalf of the user', async () => {
    const token = await onBehalfOfTokens(graphApplication(credentialsOf(sharePointConfig())), 'user-sso-token')();
    expect(token).toMatch(/-obo$/);
    expect(entra.tokenRequests.at(-1)).toMatchObject({
      assertion: 'user-sso-token',
      requested_token_use: 'on_behalf_of',
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    });
  });

  it('surfaces Entra ID’s own error for a wrong secret', async () => {
    const tokens = appOnlyTokens(graphApplication(credentialsOf(sharePointConfig({ AAD_APP_CLIENT_SECRET: 'wrong' }))));
    await expect(tokens()).rejects.toThrow(/AADSTS7000215/);
  });
});

describe('the Entra ID stand-in', () => {
  it('answers instance discovery and the OpenID configuration at their documented addresses, for MSAL when it asks', async () => {
    const authorize = encodeURIComponent(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
    const discovery = await (
      await fetch(`https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`)
    ).json();
    expect(discovery).toMatchObject({
      'api-version': '1.1',
      tenant_discovery_endpoint: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
    });
    expect(discovery.metadata[0]).toMatchObject({
      preferred_network: 'login.microsoftonline.com',
      aliases: expect.arrayContaining(['login.microsoftonline.com']),
    });
    const config = await (await fetch(discovery.tenant_discovery_endpoint)).json();
    expect(config).toMatchObject({
      token_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    });
    const unknown = await fetch(
      `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.example.org/x/oauth2/v2.0/authorize')}`,
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_instance', error_codes: [50049] });
  });
});

describe('MSAL is constructed the same way in the tests as in production', () => {
  it('every MSAL application built in this file had exactly the production configuration', () => {
    const production = {
      auth: {
        clientId: REGISTRATION.AAD_APP_CLIENT_ID,
        clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET,
        authority: `https://login.microsoftonline.com/${TENANT}`,
      },
    };
    expect(msalConfiguration(credentialsOf(sharePointConfig()))).toStrictEqual(production);
    const built = mockConfigurations.filter((c) => !('knownAuthorities' in c.auth)); // less the deliberately broken one above
    expect(built.length).toBeGreaterThanOrEqual(3);
    for (const c of built) expect(c).toStrictEqual({ auth: { ...production.auth, clientSecret: c.auth.clientSecret } });
  });

  it('nothing but api/store/sharepoint/credentials.ts constructs an MSAL application', () => {
    const root = path.resolve(__dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (
          /\.tsx?$/.test(e.name) &&
          /new\s+(ConfidentialClientApplication|PublicClientApplication|ManagedIdentityApplication)\b/.test(fs.readFileSync(p, 'utf8'))
        )
          offenders.push(path.relative(root, p));
      }
    };
    for (const dir of ['api', 'bot', 'teams-app', 'tests']) walk(path.join(root, dir));
    expect(offenders.sort()).toEqual(['api/store/sharepoint/credentials.ts', 'tests/graph-credentials.test.ts']);
  });
});
