import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { teamsSso } from '../api/http/teams-sso';

/**
 * Teams SSO tokens verified with real signatures: a local OpenID configuration and JWKS endpoint, and
 * tokens signed here with RS256 keys, in the shape Entra ID v2.0 issues them.
 */
const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
let server: Server;
let base = '';
const published: JWK[] = [];
let keyA: CryptoKey;
let keyB: CryptoKey;
let stranger: CryptoKey;

beforeAll(async () => {
  const a = await generateKeyPair('RS256', { extractable: true });
  const b = await generateKeyPair('RS256', { extractable: true });
  const s = await generateKeyPair('RS256', { extractable: true });
  keyA = a.privateKey;
  keyB = b.privateKey;
  stranger = s.privateKey;
  published.push({ ...(await exportJWK(a.publicKey)), kid: 'key-a', use: 'sig', alg: 'RS256' });
  (globalThis as { keyBPublic?: JWK }).keyBPublic = { ...(await exportJWK(b.publicKey)), kid: 'key-b', use: 'sig', alg: 'RS256' };
  server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/common/v2.0/.well-known/openid-configuration')
      res.end(JSON.stringify({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: `${base}/common/discovery/v2.0/keys` }));
    else if (req.url === '/common/discovery/v2.0/keys') res.end(JSON.stringify({ keys: published }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const sso = () =>
  teamsSso({
    clientId: CLIENT,
    allowedTenants: [TENANT],
    openIdConfigurationUrl: `${base}/common/v2.0/.well-known/openid-configuration`,
    clockToleranceSeconds: 60,
  });

type Over = { alg?: string; kid?: string; key?: CryptoKey; claims?: Record<string, unknown>; exp?: number; nbf?: number; iss?: string; aud?: string };
async function token(o: Over = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const tid = (o.claims?.tid as string) ?? TENANT;
  return new SignJWT({ oid: 'user-oid-1', tid, name: 'Lone Leder', scp: 'access_as_user', ver: '2.0', ...o.claims })
    .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: o.kid ?? 'key-a', typ: 'JWT' })
    .setIssuer(o.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(o.aud ?? CLIENT)
    .setIssuedAt(now - 60)
    .setNotBefore(o.nbf ?? now - 60)
    .setExpirationTime(o.exp ?? now + 3600)
    .sign(o.key ?? keyA);
}

const refused = async (t: string, reason: RegExp) => {
  const err = await sso()
    .verify(t)
    .then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
  expect(err).not.toBeNull();
  expect(err!.code).toBe('unauthenticated');
  expect(err!.message).toMatch(reason);
};

describe('Teams SSO token validation (real RS256 signatures, local JWKS)', () => {
  it('accepts a valid token and makes oid and tid the identity', async () => {
    const p = await sso().verify(await token());
    expect(p).toMatchObject({ oid: 'user-oid-1', tid: TENANT });
    const t = await token();
    const req = (headers: Record<string, string>) => ({ header: (h: string) => headers[h.toLowerCase()] }) as never;
    expect(await sso().resolve(req({ authorization: `Bearer ${t}`, 'accept-language': 'sv-SE' }))).toEqual({
      id: 'user-oid-1',
      tenantId: TENANT,
      displayName: 'Lone Leder',
      locale: 'sv',
      authMethod: 'teams-sso',
    });
    await expect(sso().resolve(req({}))).rejects.toMatchObject({ code: 'unauthenticated', message: /no bearer token/ });
    const withGroups = await token({ claims: { groups: ['group-skole-staff'] } });
    expect((await sso().resolve(req({ authorization: `Bearer ${withGroups}` }))).groupIds).toEqual(['group-skole-staff']);
  });
  it('refuses an expired token', async () => refused(await token({ exp: Math.floor(Date.now() / 1000) - 600 }), /expired/));
  it('refuses a token that is not yet valid', async () => refused(await token({ nbf: Math.floor(Date.now() / 1000) + 600 }), /nbf/));
  it('accepts small clock skew', async () => expect(await sso().verify(await token({ nbf: Math.floor(Date.now() / 1000) + 30 }))).toBeTruthy());
  it('refuses a wrong audience', async () => refused(await token({ aud: 'someone-else' }), /aud/));
  it('refuses a wrong issuer', async () => refused(await token({ iss: 'https://evil.example/v2.0' }), /iss/));
  it('refuses a tenant that is not on the allow-list', async () => refused(await token({ claims: { tid: OTHER_TENANT } }), /iss|tenant/));
  it('refuses a token without the access_as_user scope', async () => refused(await token({ claims: { scp: 'User.Read' } }), /access_as_user/));
  it('refuses alg none', async () => {
    const [h, p] = (await token()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await refused(`${header}.${p}.`, /alg|algorithm|JWS/i);
    expect(h).toBeTruthy();
  });
  it('refuses a token signed by an unknown key', async () => refused(await token({ key: stranger, kid: 'key-x' }), /unknown key/));
  it('refuses a token signed by another key under a known kid', async () => refused(await token({ key: stranger }), /signature/));
  it('refuses a tampered payload', async () => {
    const [h, p, s] = (await token()).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else' })).toString('base64url');
    await refused(`${h}.${forged}.${s}`, /signature/);
  });
  it('follows key rotation: a token with a newly published key is accepted without restart', async () => {
    const verifier = teamsSso({
      clientId: CLIENT,
      allowedTenants: [TENANT],
      openIdConfigurationUrl: `${base}/common/v2.0/.well-known/openid-configuration`,
      jwksCooldownMs: 0,
    });
    await verifier.verify(await token());
    await refused(await token({ key: keyB, kid: 'key-b' }), /unknown key/);
    published.push((globalThis as { keyBPublic?: JWK }).keyBPublic!);
    // The same verifier fetches the key set again for the unknown kid (no restart).
    expect((await verifier.verify(await token({ key: keyB, kid: 'key-b' }))).oid).toBe('user-oid-1');
  });
});
