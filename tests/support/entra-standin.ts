import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Configuration } from '@azure/msal-node';
import { makeCertificate, trustingFetch } from '../graph-standin/graph-standin';

/**
 * A local stand-in for the Microsoft Entra ID token endpoint over HTTPS: the OpenID configuration and
 * the v2.0 token endpoint for the client-credentials and on-behalf-of grants, in the documented shapes
 * (identity-platform docs: v2-oauth2-client-creds-grant-flow, v2-oauth2-on-behalf-of-flow).
 */
export type EntraStandin = {
  host: string;
  tokenRequests: Record<string, string>[];
  networkClient: NonNullable<NonNullable<Configuration['system']>['networkClient']>;
  stop: () => Promise<void>;
};

export async function startEntraStandin(expected: { clientId: string; clientSecret: string; tenantId: string }): Promise<EntraStandin> {
  const { key, cert } = await makeCertificate();
  const tokenRequests: Record<string, string>[] = [];
  let n = 0;
  let base = '';
  const server: Server = createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === `/${expected.tenantId}/v2.0/.well-known/openid-configuration`) {
      return send(200, {
        token_endpoint: `${base}/${expected.tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${expected.tenantId}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${expected.tenantId}/oauth2/v2.0/logout`,
        issuer: `${base}/${expected.tenantId}/v2.0`,
        jwks_uri: `${base}/${expected.tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      });
    }
    if (req.method === 'POST' && url.pathname === `/${expected.tenantId}/oauth2/v2.0/token`) {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(raw));
        tokenRequests.push(form);
        if (form.client_id !== expected.clientId || form.client_secret !== expected.clientSecret)
          return send(401, { error: 'invalid_client', error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + form.client_id + "'.", error_codes: [7000215] });
        const grant = form.grant_type;
        if (grant !== 'client_credentials' && !(grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.requested_token_use === 'on_behalf_of' && form.assertion))
          return send(400, { error: 'unsupported_grant_type', error_description: `AADSTS70003: grant ${grant}` });
        return send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `access-token-${++n}-${grant === 'client_credentials' ? 'app' : 'obo'}` });
      });
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `https://${host}`;
  const doFetch = trustingFetch(cert);
  const call = async <T>(url: string, init: RequestInit) => {
    const res = await doFetch(url, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { headers, body: (await res.json()) as T, status: res.status };
  };
  return {
    host,
    tokenRequests,
    networkClient: {
      sendGetRequestAsync: (url, options) => call(url, { method: 'GET', headers: options?.headers }),
      sendPostRequestAsync: (url, options) => call(url, { method: 'POST', headers: options?.headers, body: options?.body }),
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
