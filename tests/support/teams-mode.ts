import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { makeContext } from '../../api/core/context';
import { importOrganisation } from '../../api/core/services/transfer';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { systemActor } from '../../teams-app/system-actor';
import { startMain, type MainProcess } from './main-process';
import { closeAfter } from './teardown';

/**
 * The server in Teams mode, as an attacker meets it: the real process (teams-app/main.ts) with
 * AUTH_MODE=teams, verifying tokens signed here with real RS256 keys against a local stand-in for Entra ID's
 * OpenID configuration and key set, in the shapes Entra ID v2.0 serves them:
 * - the OpenID configuration names `issuer` (with the {tenantid} placeholder on the common endpoint) and
 *   `jwks_uri` (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc);
 * - the key set is `{"keys": [...]}` of RSA keys with `kty`, `use: "sig"`, `kid`, `n`, `e`
 *   (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover);
 * - access tokens v2.0 carry `aud` (the client id), `iss` https://login.microsoftonline.com/{tid}/v2.0,
 *   `tid`, `oid`, `scp`, `name`, `iat`, `nbf`, `exp` (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
export const TEAMS_TENANT = '11111111-2222-4333-8444-555555555555';
export const TEAMS_CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

export type OpenIdStandin = {
  /** OPENID_CONFIGURATION_URL */
  configurationUrl: string;
  /** When each document was asked for (ms since epoch). */
  fetches: { configuration: number[]; keys: number[] };
  /** While down, both documents answer 503 (as a failing front door would). */
  down: () => void;
  up: () => void;
  /** A v2.0 access token for the app, for the person `oid` of the test tenant. */
  token: (oid: string, claims?: Record<string, unknown>) => Promise<string>;
  stop: () => Promise<void>;
};

export async function startOpenIdStandin(): Promise<OpenIdStandin> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const published: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'standin-key-1', use: 'sig' };
  const fetches = { configuration: [] as number[], keys: [] as number[] };
  let isDown = false;
  let base = '';
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/common/v2.0/.well-known/openid-configuration') {
      fetches.configuration.push(Date.now());
      if (isDown) return send(503, { error: 'temporarily_unavailable' });
      return send(200, {
        issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        jwks_uri: `${base}/common/discovery/v2.0/keys`,
        authorization_endpoint: `${base}/common/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/common/oauth2/v2.0/token`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.url === '/common/discovery/v2.0/keys') {
      fetches.keys.push(Date.now());
      if (isDown) return send(503, { error: 'temporarily_unavailable' });
      return send(200, { keys: [published] });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    configurationUrl: `${base}/common/v2.0/.well-known/openid-configuration`,
    fetches,
    down: () => void (isDown = true),
    up: () => void (isDown = false),
    token: (oid, claims = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        aud: TEAMS_CLIENT,
        iss: `https://login.microsoftonline.com/${TEAMS_TENANT}/v2.0`,
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        oid,
        tid: TEAMS_TENANT,
        name: oid,
        scp: 'access_as_user',
        ver: '2.0',
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'standin-key-1', typ: 'JWT' })
        .sign(pair.privateKey);
    },
    stop: closeAfter(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
    ),
  };
}

/** Secrets the Teams-mode server is configured with; no log line may carry them. */
export const TEAMS_SECRETS = {
  BOT_PASSWORD: 'bot-secret-Zq8~xY1.vW3',
  AAD_APP_CLIENT_SECRET: 'aad-secret-Pk4~mN7.rT2',
  CURSOR_SECRET: 'cursor-secret-0123456789abcdef0123456789abcdef',
};

/**
 * The real server process in Teams mode over a SQLite file holding `docs` in the test tenant. The bot has
 * credentials (the anonymous bot is refused with AUTH_MODE=teams).
 */
export async function startTeamsMain(opts: {
  dir: string;
  standin: OpenIdStandin;
  docs: unknown[];
  env?: Record<string, string>;
}): Promise<MainProcess & { baseUrl: string }> {
  const dbPath = join(opts.dir, `teams-${Math.random().toString(36).slice(2)}.db`);
  const store = openSqliteStore(dbPath);
  for (const doc of opts.docs) await importOrganisation(makeContext(store.forTenant(TEAMS_TENANT), systemActor(TEAMS_TENANT)), doc);
  await store.close();
  const run = startMain({
    NODE_ENV: 'production',
    AUTH_MODE: 'teams',
    DB_PATH: dbPath,
    AAD_APP_CLIENT_ID: TEAMS_CLIENT,
    ALLOWED_TENANT_IDS: TEAMS_TENANT,
    OPENID_CONFIGURATION_URL: opts.standin.configurationUrl,
    BOT_ID: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    BOT_TENANT_ID: TEAMS_TENANT,
    REMINDERS: 'off',
    LOG_LEVEL: 'debug',
    ...TEAMS_SECRETS,
    ...opts.env,
  });
  return Object.assign(run, { baseUrl: await run.url });
}
