import type { Request } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from '../core/context';
import { DomainError } from '../core/errors';
import { pickLocale } from '../core/i18n';
import type { IdentityResolver } from './identity';

/**
 * Teams single sign-on: the tab sends the token it got from `authentication.getAuthToken()` as a bearer
 * token; it is verified with jose against Microsoft Entra ID's signing keys, found through the OpenID
 * configuration (fetched once; the key set is cached and fetched again when a token names an unknown key,
 * so key rotation needs no restart).
 */
export type TeamsSsoOptions = {
  /** The app registration's client id: the token audience. */
  clientId: string;
  /** Tenants whose users may sign in. */
  allowedTenants: readonly string[];
  /** https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration */
  openIdConfigurationUrl: string;
  /** Issuer per tenant; Entra ID v2.0 tokens: https://login.microsoftonline.com/{tid}/v2.0 */
  issuerOf?: (tenantId: string) => string;
  /** Clock skew allowed for exp and nbf. */
  clockToleranceSeconds?: number;
  fetch?: typeof fetch;
  /** Least time between two fetches of the key set when a token names an unknown key (default 30 s). */
  jwksCooldownMs?: number;
};

/** The reasons a token is refused; the client sees only "unauthenticated" with the reason in the field. */
function refuse(reason: string): DomainError {
  return new DomainError('unauthenticated', `Teams sign-in refused: ${reason}`, { reason }, 'Authorization');
}

export function teamsSso(opts: TeamsSsoOptions): IdentityResolver & { verify: (token: string) => Promise<JWTPayload> } {
  const issuerOf = opts.issuerOf ?? ((tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`);
  let jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  const keys = async () => {
    if (jwks) return jwks;
    const res = await (opts.fetch ?? fetch)(opts.openIdConfigurationUrl);
    if (!res.ok) throw new Error(`OpenID configuration answered ${res.status}`);
    const { jwks_uri } = (await res.json()) as { jwks_uri: string };
    jwks = createRemoteJWKSet(new URL(jwks_uri), { cacheMaxAge: 24 * 3600_000, cooldownDuration: opts.jwksCooldownMs ?? 30_000 });
    return jwks;
  };
  const verify = async (token: string): Promise<JWTPayload> => {
    try {
      const { payload } = await jwtVerify(token, await keys(), {
        algorithms: ['RS256'],
        audience: [opts.clientId, `api://${opts.clientId}`],
        issuer: opts.allowedTenants.map(issuerOf),
        clockTolerance: opts.clockToleranceSeconds ?? 120,
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      });
      const tid = String(payload.tid);
      if (!opts.allowedTenants.includes(tid)) throw refuse('tenant not allowed');
      if (payload.iss !== issuerOf(tid)) throw refuse('issuer does not match the tenant');
      const scopes = String(payload.scp ?? '').split(' ');
      if (!scopes.includes('access_as_user')) throw refuse('scope access_as_user missing');
      return payload;
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (e instanceof errors.JWTExpired) throw refuse('token expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw refuse(`claim ${e.claim} invalid`);
      if (e instanceof errors.JWSSignatureVerificationFailed) throw refuse('signature invalid');
      if (e instanceof errors.JWKSNoMatchingKey) throw refuse('signed by an unknown key');
      if (e instanceof errors.JOSEAlgNotAllowed) throw refuse('algorithm not allowed');
      if (e instanceof errors.JOSEError) throw refuse(e.code);
      throw e;
    }
  };
  return {
    mode: 'teams-sso',
    verify,
    async resolve(req: Request): Promise<Actor> {
      const header = req.header('authorization') ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw refuse('no bearer token');
      const p = await verify(m[1]!);
      return {
        id: String(p.oid),
        tenantId: String(p.tid),
        displayName: String(p.name ?? p.preferred_username ?? p.oid),
        locale: pickLocale(req.header('accept-language')),
        authMethod: 'teams-sso',
        ...(Array.isArray(p.groups) ? { groupIds: (p.groups as unknown[]).map(String) } : {}),
      };
    },
  };
}
