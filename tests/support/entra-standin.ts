import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeCertificate } from '../graph-standin/graph-standin';
import { LOGIN_HOST, routeHost, type Route } from './microsoft-cloud';
import { closeAfter } from './teardown';

/**
 * A local stand-in for Microsoft Entra ID's login host, reached as https://login.microsoftonline.com
 * (routed underneath fetch, tests/support/microsoft-cloud.ts), so MSAL runs exactly as configured in
 * production. It answers what MSAL asks before and while getting a token, in the documented shapes:
 *
 * - Instance discovery, GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…:
 *   https://learn.microsoft.com/entra/msal/dotnet/advanced/custom-authority-aliases ("What is Instance
 *   Discovery": the request, `tenant_discovery_endpoint`, `metadata[]` with `preferred_network`,
 *   `preferred_cache`, `aliases`, and the `invalid_instance` / AADSTS50049 error for an unknown authority)
 *   and https://learn.microsoft.com/entra/msal/java/advanced/instance-discovery.
 * - OpenID configuration, GET /{tenant}/v2.0/.well-known/openid-configuration:
 *   https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc ("Find your app's OpenID
 *   configuration document URI", "Sample response").
 * - Token endpoint, POST /{tenant}/oauth2/v2.0/token (form-encoded):
 *   client credentials with a shared secret — https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 *   ("First case: Access token request with a shared secret", "Successful response": token_type,
 *   expires_in, ext_expires_in, access_token; "Error response": error, error_description, error_codes,
 *   timestamp, trace_id, correlation_id);
 *   on behalf of — https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 *   ("First case: Access token request with a shared secret": grant_type jwt-bearer, assertion,
 *   requested_token_use=on_behalf_of; "Success response example": token_type, scope, expires_in,
 *   ext_expires_in, access_token, refresh_token).
 *   A wrong secret answers 401 invalid_client with AADSTS7000215, as Entra ID does
 *   (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export type EntraRequest = { method: string; path: string; query: Record<string, string>; form: Record<string, string> };

export type EntraStandin = {
  /** Every request, in order (discovery, configuration and token requests). */
  requests: EntraRequest[];
  /** The forms posted to the token endpoint. */
  tokenRequests: Record<string, string>[];
  /** Where login.microsoftonline.com reaches it (for a child process: tests/support/route-microsoft-hosts.ts). */
  route: Route;
  stop: () => Promise<void>;
};

const PUBLIC = `https://${LOGIN_HOST}`;

/** The aliases Entra ID's instance discovery lists for the worldwide cloud (custom-authority-aliases page). */
const WORLDWIDE = {
  preferred_network: 'login.microsoftonline.com',
  preferred_cache: 'login.windows.net',
  aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
};

export async function startEntraStandin(expected: { clientId: string; clientSecret: string; tenantId: string }): Promise<EntraStandin> {
  const { key, cert } = await makeCertificate();
  const requests: EntraRequest[] = [];
  const tokenRequests: Record<string, string>[] = [];
  let n = 0;
  const tenant = expected.tenantId;
  const server: Server = createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', PUBLIC);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' });
      res.end(JSON.stringify(body));
    };
    /** The token endpoint's error shape (client-creds page, "Error response"). */
    const error = (status: number, code: string, aadsts: number, text: string) => {
      const trace = randomUUID();
      const correlation = randomUUID();
      const timestamp = new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
      send(status, {
        error: code,
        error_description: `AADSTS${aadsts}: ${text} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
        error_codes: [aadsts],
        timestamp,
        trace_id: trace,
        correlation_id: correlation,
        error_uri: `${PUBLIC}/error?code=${aadsts}`,
      });
    };
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), form });
      if (req.method === 'GET' && url.pathname === '/common/discovery/instance') {
        const endpoint = url.searchParams.get('authorization_endpoint') ?? '';
        let host = '';
        try {
          host = new URL(endpoint).host;
        } catch {
          /* answered below */
        }
        if (!WORLDWIDE.aliases.includes(host)) return error(400, 'invalid_instance', 50049, 'Unknown or invalid instance.');
        const tenantPart = new URL(endpoint).pathname.split('/')[1] ?? 'common';
        return send(200, {
          tenant_discovery_endpoint: `${PUBLIC}/${tenantPart}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [WORLDWIDE],
        });
      }
      if (req.method === 'GET' && url.pathname === `/${tenant}/v2.0/.well-known/openid-configuration`) {
        return send(200, {
          token_endpoint: `${PUBLIC}/${tenant}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${PUBLIC}/${tenant}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${PUBLIC}/${tenant}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
          authorization_endpoint: `${PUBLIC}/${tenant}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${PUBLIC}/${tenant}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${PUBLIC}/${tenant}/oauth2/v2.0/logout`,
          claims_supported: [
            'sub',
            'iss',
            'aud',
            'exp',
            'iat',
            'auth_time',
            'acr',
            'nonce',
            'preferred_username',
            'name',
            'tid',
            'ver',
            'at_hash',
            'c_hash',
            'email',
          ],
          kerberos_endpoint: `${PUBLIC}/${tenant}/kerberos`,
          tenant_region_scope: 'EU',
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
          rbac_url: 'https://pas.windows.net',
        });
      }
      if (req.method === 'POST' && url.pathname === `/${tenant}/oauth2/v2.0/token`) {
        tokenRequests.push(form);
        if (form.client_id !== expected.clientId)
          return error(400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
        if (form.client_secret !== expected.clientSecret)
          return error(
            401,
            'invalid_client',
            7000215,
            `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${form.client_id}'.`,
          );
        if (!/\/\.default$/.test(form.scope ?? '') && form.grant_type === 'client_credentials')
          return error(
            400,
            'invalid_scope',
            1002012,
            `The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          );
        if (form.grant_type === 'client_credentials')
          return send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `access-token-${++n}-app` });
        if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.requested_token_use === 'on_behalf_of' && form.assertion)
          return send(200, {
            token_type: 'Bearer',
            scope: form.scope,
            expires_in: 3269,
            ext_expires_in: 0,
            access_token: `access-token-${++n}-obo`,
            refresh_token: `refresh-token-${n}`,
          });
        return error(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
      }
      error(404, 'not_found', 90002, `Tenant or endpoint '${url.pathname}' not found.`);
    });
  });
  // As Microsoft's front ends do, keep an idle connection longer than the client will (see the Graph stand-in).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const route: Route = { port: (server.address() as AddressInfo).port, ca: cert };
  const release = routeHost(LOGIN_HOST, route);
  return {
    requests,
    tokenRequests,
    route,
    stop: closeAfter(async () => {
      await release();
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    }),
  };
}
