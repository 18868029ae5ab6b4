import type { Request } from 'express';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Actor } from '../core/context';
import { DomainError } from '../core/errors';
import { pickLocale } from '../core/i18n';
import { UnavailableError } from './errors';
import type { IdentityResolver } from './identity';

/**
 * Teams single sign-on: the tab sends the token it got from `authentication.getAuthToken()` as a bearer
 * token; it is verified with jose against Microsoft Entra ID's signing keys, found through the OpenID
 * configuration. The key set is kept and fetched again when a token names an unknown key (at most once per
 * cooldown), so key rotation needs no restart, and once a day.
 *
 * While Entra ID cannot be reached, one fetch runs at a time and a failure is kept with a growing backoff
 * (1 s, 2 s, 4 s … up to a minute): meanwhile requests are answered 503 with Retry-After, or served with the
 * key set already held. The first fetch after the backoff that succeeds ends the outage.
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
  /** Least time between two fetches of the key set when a token names an unknown key (default 30 s). */
  jwksCooldownMs?: number;
};

const FETCH_TIMEOUT_MS = 5_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;
const KEYS_MAX_AGE_MS = 24 * 3600_000;

/**
 * The signing keys, fetched one at a time: the OpenID configuration names jwks_uri, which holds the keys
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc,
 * https://learn.microsoft.com/entra/identity-platform/signing-key-rollover).
 */
function signingKeys(openIdConfigurationUrl: string, cooldownMs: number) {
  let held: { keys: ReturnType<typeof createLocalJWKSet>; at: number } | null = null;
  let jwksUri: string | null = null;
  let inFlight: Promise<void> | null = null;
  let failure: { attempts: number; until: number } | null = null;

  const getJson = async (url: string): Promise<unknown> => {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) throw new Error(`${new URL(url).host} answered ${res.status}`);
    return res.json();
  };
  const load = () =>
    (inFlight ??= (async () => {
      try {
        if (!jwksUri) {
          const config = (await getJson(openIdConfigurationUrl)) as { jwks_uri?: unknown };
          if (typeof config?.jwks_uri !== 'string') throw new Error('the OpenID configuration names no jwks_uri');
          jwksUri = config.jwks_uri;
        }
        const set = (await getJson(jwksUri)) as JSONWebKeySet;
        held = { keys: createLocalJWKSet(set), at: Date.now() };
        failure = null;
      } catch (err) {
        const attempts = (failure?.attempts ?? 0) + 1;
        failure = { attempts, until: Date.now() + Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)) };
        throw err;
      } finally {
        inFlight = null;
      }
    })());
  const unavailable = () => new UnavailableError('sign_in_unavailable', Math.max(1, Math.ceil(((failure?.until ?? Date.now()) - Date.now()) / 1000)));
  /** Fetches unless a fetch failed within the backoff; waits for a fetch already running. */
  const refresh = async (): Promise<boolean> => {
    if (inFlight)
      return inFlight.then(
        () => true,
        () => false,
      );
    if (failure && Date.now() < failure.until) return false;
    return load().then(
      () => true,
      () => false,
    );
  };
  return {
    /** The keys held; fetched first when none are held or they are a day old (the old ones serve while Entra is down). */
    async current() {
      if (!held || Date.now() - held.at > KEYS_MAX_AGE_MS) if (!(await refresh()) && !held) throw unavailable();
      return held!.keys;
    },
    /** A token names a key not held: fetch again, at most once per cooldown. */
    async renew(): Promise<'renewed' | 'cooling'> {
      if (held && Date.now() - held.at < cooldownMs) return 'cooling';
      if (!(await refresh())) throw unavailable();
      return 'renewed';
    },
  };
}

/** The reasons a token is refused; the client sees only "unauthenticated" with the reason in the field. */
function refuse(reason: string): DomainError {
  return new DomainError('unauthenticated', `Teams sign-in refused: ${reason}`, { reason }, 'Authorization');
}

/** The app role an application token must carry to push measurements (the app registration's appRoles). */
export const MEASUREMENTS_WRITE_ROLE = 'Measurements.Write';

export function teamsSso(opts: TeamsSsoOptions): IdentityResolver & {
  verify: (token: string) => Promise<JWTPayload>;
  verifyApplication: (token: string) => Promise<JWTPayload>;
} {
  const issuerOf = opts.issuerOf ?? ((tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`);
  const keys = signingKeys(opts.openIdConfigurationUrl, opts.jwksCooldownMs ?? 30_000);
  const check = async (token: string) =>
    jwtVerify(token, await keys.current(), {
      algorithms: ['RS256'],
      audience: [opts.clientId, `api://${opts.clientId}`],
      issuer: opts.allowedTenants.map(issuerOf),
      clockTolerance: opts.clockToleranceSeconds ?? 120,
      requiredClaims: ['exp', 'iat', 'tid', 'oid'],
    });
  /** A token signed by Entra ID for this app, from an allowed tenant; `kind` checks what the caller is (a user, an application). */
  const verified = async (token: string, kind: (payload: JWTPayload) => void): Promise<JWTPayload> => {
    try {
      const { payload } = await check(token).catch(async (e: unknown) => {
        // Keys rotate: a token signed with a key not held yet is checked again with the key set fetched anew.
        if (e instanceof errors.JWKSNoMatchingKey && (await keys.renew()) === 'renewed') return check(token);
        throw e;
      });
      const tid = String(payload.tid);
      if (!opts.allowedTenants.includes(tid)) throw refuse('tenant not allowed');
      if (payload.iss !== issuerOf(tid)) throw refuse('issuer does not match the tenant');
      kind(payload);
      return payload;
    } catch (e) {
      if (e instanceof DomainError || e instanceof UnavailableError) throw e;
      if (e instanceof errors.JWTExpired) throw refuse('token expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw refuse(`claim ${e.claim} invalid`);
      if (e instanceof errors.JWSSignatureVerificationFailed) throw refuse('signature invalid');
      if (e instanceof errors.JWKSNoMatchingKey) throw refuse('signed by an unknown key');
      if (e instanceof errors.JOSEAlgNotAllowed) throw refuse('algorithm not allowed');
      if (e instanceof errors.JOSEError) throw refuse(e.code);
      throw e;
    }
  };
  const verify = (token: string) =>
    verified(token, (payload) => {
      const scopes = String(payload.scp ?? '').split(' ');
      if (!scopes.includes('access_as_user')) throw refuse('scope access_as_user missing');
    });
  /**
   * An application's own token (client credentials), as Entra ID issues it
   * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference): the app roles granted to the
   * calling application in `roles`, the application in `azp` (v2.0 tokens; `appid` in v1.0), no `scp` (that is only
   * in tokens of a signed-in user); the optional claim `idtyp` says `app` where the registration asks for it
   * (https://learn.microsoft.com/entra/identity-platform/optional-claims-reference).
   */
  const verifyApplication = (token: string) =>
    verified(token, (payload) => {
      if (payload.scp !== undefined || (payload.idtyp !== undefined && payload.idtyp !== 'app')) throw refuse('not an application token');
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      if (!roles.includes(MEASUREMENTS_WRITE_ROLE)) throw refuse(`app role ${MEASUREMENTS_WRITE_ROLE} missing`);
      if (typeof (payload.azp ?? payload.appid) !== 'string') throw refuse('claim azp missing');
    });
  return {
    mode: 'teams-sso',
    verify,
    verifyApplication,
    async resolveApplication(req: Request): Promise<Actor & { appId: string }> {
      const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
      if (!m) throw refuse('no bearer token');
      const p = await verifyApplication(m[1]!);
      const appId = String(p.azp ?? p.appid);
      return {
        id: `app:${appId}`,
        tenantId: String(p.tid),
        displayName: appId,
        locale: pickLocale(req.header('accept-language')),
        authMethod: 'application',
        appId,
      };
    },
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
