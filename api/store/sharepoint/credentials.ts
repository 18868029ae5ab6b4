import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { TokenSource } from './graph-http';

/**
 * Tokens for Microsoft Graph through MSAL (`@azure/msal-node`), which caches them and renews them before
 * they expire. One application object per process; it holds the token cache.
 *
 * App-only (client credentials) is the usual set-up: grant the app `Sites.Selected` and give it write access
 * to the one site (docs/deployment.md). On behalf of the user exchanges the user's Teams SSO token, so
 * SharePoint applies the user's own permissions.
 *
 * MSAL gets the app's identity and the tenant's authority and nothing else: its own defaults (instance
 * discovery, its network client on Node's fetch) are what runs, in production and in the tests alike —
 * the tests reach a local Entra ID underneath fetch, not through an option here. An option set to
 * `undefined` is not left out: MSAL merges `{...defaults, ...options}`, so an explicit `undefined`
 * replaces a default (a `knownAuthorities: undefined` once stopped every token request).
 */
export type GraphCredentials = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
};

export const AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** The one MSAL configuration of the app (exported so a test can hold it to exactly this). */
export function msalConfiguration(c: GraphCredentials): Configuration {
  return { auth: { clientId: c.clientId, clientSecret: c.clientSecret, authority: `${AUTHORITY_HOST}/${c.tenantId}` } };
}

export function graphApplication(c: GraphCredentials): ConfidentialClientApplication {
  return new ConfidentialClientApplication(msalConfiguration(c));
}

/** App-only tokens (client credentials flow). */
export function appOnlyTokens(app: ConfidentialClientApplication): TokenSource {
  return async () => {
    const r = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!r?.accessToken) throw new Error('Microsoft Entra ID returned no access token for the app');
    return r.accessToken;
  };
}

/** Tokens on behalf of the signed-in user, from the user's SSO token (on-behalf-of flow). */
export function onBehalfOfTokens(app: ConfidentialClientApplication, userToken: string): TokenSource {
  return async () => {
    const r = await app.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [GRAPH_SCOPE] });
    if (!r?.accessToken) throw new Error('Microsoft Entra ID returned no access token on behalf of the user');
    return r.accessToken;
  };
}
