import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { TokenSource } from './graph-http';

/**
 * Tokens for Microsoft Graph through MSAL (`@azure/msal-node`), which caches them and renews them before
 * they expire. One application object per process; it holds the token cache.
 *
 * App-only (client credentials) is the usual set-up: grant the app `Sites.Selected` and give it write access
 * to the one site (docs/deployment.md). On behalf of the user exchanges the user's Teams SSO token, so
 * SharePoint applies the user's own permissions.
 */
export type GraphCredentials = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com unless a national cloud is used. */
  authorityHost?: string;
  /** Resource of the tokens; https://graph.microsoft.com. */
  graphResource?: string;
  /** For tests: MSAL's network client (a local token endpoint). */
  networkClient?: NonNullable<Configuration['system']>['networkClient'];
};

export function graphApplication(c: GraphCredentials): ConfidentialClientApplication {
  const host = (c.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return new ConfidentialClientApplication({
    auth: {
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      authority: `${host}/${c.tenantId}`,
      knownAuthorities: c.authorityHost ? [new URL(host).host] : undefined,
    },
    system: c.networkClient ? { networkClient: c.networkClient } : undefined,
  });
}

const scopeOf = (c: GraphCredentials) => `${(c.graphResource ?? 'https://graph.microsoft.com').replace(/\/+$/, '')}/.default`;

/** App-only tokens (client credentials flow). */
export function appOnlyTokens(app: ConfidentialClientApplication, c: GraphCredentials): TokenSource {
  return async () => {
    const r = await app.acquireTokenByClientCredential({ scopes: [scopeOf(c)] });
    if (!r?.accessToken) throw new Error('Microsoft Entra ID returned no access token for the app');
    return r.accessToken;
  };
}

/** Tokens on behalf of the signed-in user, from the user's SSO token (on-behalf-of flow). */
export function onBehalfOfTokens(app: ConfidentialClientApplication, c: GraphCredentials, userToken: string): TokenSource {
  return async () => {
    const r = await app.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [scopeOf(c)] });
    if (!r?.accessToken) throw new Error('Microsoft Entra ID returned no access token on behalf of the user');
    return r.accessToken;
  };
}
