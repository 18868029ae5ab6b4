import { appOnlyTokens, graphApplication, onBehalfOfTokens } from '../api/store/sharepoint/credentials';
import { startEntraStandin, type EntraStandin } from './support/entra-standin';

const expected = { tenantId: '4f1c2b7e-0000-4000-8000-000000000001', clientId: 'app-client-id', clientSecret: 'the-secret' };
let entra: EntraStandin;
beforeAll(async () => {
  entra = await startEntraStandin(expected);
});
afterAll(async () => entra.stop());

const credentials = (secret = expected.clientSecret) => ({
  ...expected,
  clientSecret: secret,
  authorityHost: `https://${entra.host}`,
  networkClient: entra.networkClient,
});

describe('Graph credentials through MSAL', () => {
  it('gets an app-only token by client credentials for Graph, and caches it', async () => {
    const c = credentials();
    const tokens = appOnlyTokens(graphApplication(c), c);
    const first = await tokens();
    expect(first).toMatch(/^access-token-\d+-app$/);
    expect(await tokens()).toBe(first);
    const requests = entra.tokenRequests.filter((r) => r.grant_type === 'client_credentials');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ client_id: 'app-client-id', scope: expect.stringContaining('https://graph.microsoft.com/.default') });
  });

  it('exchanges the user token on behalf of the user', async () => {
    const c = credentials();
    const token = await onBehalfOfTokens(graphApplication(c), c, 'user-sso-token')();
    expect(token).toMatch(/-obo$/);
    expect(entra.tokenRequests.at(-1)).toMatchObject({ assertion: 'user-sso-token', requested_token_use: 'on_behalf_of' });
  });

  it('surfaces Entra ID’s own error for a wrong secret', async () => {
    const c = credentials('wrong');
    await expect(appOnlyTokens(graphApplication(c), c)()).rejects.toThrow(/AADSTS7000215/);
  });
});
