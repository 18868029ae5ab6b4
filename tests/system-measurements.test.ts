import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { hoejeTaastrup, silkeborg } from '../api/demo';
import { createApiRouter } from '../api/http/router';
import { teamsSso } from '../api/http/teams-sso';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { OpenApiChecker } from './support/openapi-check';
import { tempDir } from './support/mother';

/**
 * Other systems push measurements with an Entra ID application token (issue 21, point 3), through the production
 * router and token check: real RS256 tokens signed here and verified against a local OpenID configuration and JWKS,
 * in the shape Entra ID v2.0 issues a client-credentials token (roles, azp, idtyp app, no scp:
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** The case system Silkeborg grants; another application Høje-Taastrup grants. */
const CASE_SYSTEM = 'c0ffee00-1111-4222-8333-444444444444';
const SURVEY_TOOL = '5012e700-1111-4222-8333-444444444444';
const STRANGER = 'deadbeef-1111-4222-8333-444444444444';
const SILKEBORG_INDICATOR = 'silkeborg-digitale-ansoegninger';
const HT_INDICATOR = 'hoeje-taastrup-sagsbehandlingstid';

const tmp = tempDir();
let jwks: Server;
let api: Server;
let base = '';
let apiUrl = '';
let key: CryptoKey;
let checker: OpenApiChecker;
const store = openSqliteStore(join(tmp.dir, 'system.db'));

const indicator = (id: string, goalId: string) => ({
  id,
  goalId,
  name: id,
  unitOfMeasure: '%',
  valueType: 'percentage' as const,
  direction: 'increase' as const,
  frequency: { kind: 'quarterly' as const },
  measureType: 'result' as const,
});

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  const published: JWK[] = [{ ...(await exportJWK(pair.publicKey)), kid: 'key-a', use: 'sig', alg: 'RS256' }];
  jwks = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/common/v2.0/.well-known/openid-configuration')
      res.end(JSON.stringify({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: `${base}/common/discovery/v2.0/keys` }));
    else if (req.url === '/common/discovery/v2.0/keys') res.end(JSON.stringify({ keys: published }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

  // Silkeborg grants the case system, Høje-Taastrup the survey tool; each has one quarterly indicator.
  const ctx = makeContext(store.forTenant(TENANT), systemActor(TENANT));
  const sk = structuredClone(silkeborg);
  sk.units![0] = { ...sk.units![0]!, measurementApps: [{ appId: CASE_SYSTEM, name: 'Sagssystem' }] };
  sk.indicators = [indicator(SILKEBORG_INDICATOR, 'silkeborg-borgerservice-2015-goal-1')];
  const ht = structuredClone(hoejeTaastrup);
  ht.units![0] = { ...ht.units![0]!, measurementApps: [{ appId: SURVEY_TOOL, name: 'Survey' }] };
  ht.indicators = [...(ht.indicators ?? []), indicator(HT_INDICATOR, 'hoeje-taastrup-team-myndighed-2016-goal-1')];
  for (const doc of [sk, ht]) await importOrganisation(ctx, doc);

  const sso = teamsSso({ clientId: CLIENT, allowedTenants: [TENANT], openIdConfigurationUrl: `${base}/common/v2.0/.well-known/openid-configuration` });
  const app = express();
  app.use('/api', createApiRouter({ store, identity: sso, version: 'test' }));
  api = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => api.once('listening', () => r()));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  checker = new OpenApiChecker(await (await fetch(`${apiUrl}/api/openapi.json`)).json());
});
afterAll(async () => {
  await new Promise<void>((r) => api.close(() => r()));
  await new Promise<void>((r) => jwks.close(() => r()));
  await store.close();
  tmp.remove();
});

/** A client-credentials access token as Entra ID v2.0 issues it to `appId` (the service principal's oid and sub). */
async function appToken(appId: string, o: { roles?: string[]; tid?: string; claims?: Record<string, unknown> } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const tid = o.tid ?? TENANT;
  return new SignJWT({
    tid,
    oid: `sp-${appId}`,
    sub: `sp-${appId}`,
    azp: appId,
    azpacr: '1',
    roles: o.roles ?? ['Measurements.Write'],
    idtyp: 'app',
    ver: '2.0',
    ...o.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-a', typ: 'JWT' })
    .setIssuer(`https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(CLIENT)
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(now + 3600)
    .sign(key);
}

async function push(token: string, values: unknown[], lang = 'da') {
  const res = await fetch(`${apiUrl}/api/system/measurements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Accept-Language': lang },
    body: JSON.stringify({ values }),
  });
  const body = (await res.json()) as any;
  checker.check('POST', '/api/system/measurements', res.status, body);
  return { status: res.status, body };
}

const stored = (indicatorId: string) => store.forTenant(TENANT).listAll('measurement', { indicatorId });

describe('POST /api/system/measurements with an application token', () => {
  it('records values in bulk, each answered on its own, with source api and the calling application', async () => {
    const r = await push(await appToken(CASE_SYSTEM), [
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q1', value: 78.5 },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q2', value: 81, comment: 'Fra sagssystemet' },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-03', value: 80 },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q3', value: 140 },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q4' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(['created', 'created', 'refused', 'refused', 'refused']);
    expect(r.body.results[2].error).toMatchObject({ code: 'validation_failed' });
    expect(r.body.results[4].error).toMatchObject({ code: 'validation_failed', field: 'value' });
    const ms = await stored(SILKEBORG_INDICATOR);
    expect(ms.map((m) => [m.period, m.value, m.source, m.appId, m.enteredBy])).toEqual(
      expect.arrayContaining([
        ['2015-Q1', 78.5, 'api', CASE_SYSTEM, `app:${CASE_SYSTEM}`],
        ['2015-Q2', 81, 'api', CASE_SYSTEM, `app:${CASE_SYSTEM}`],
      ]),
    );
    expect(ms).toHaveLength(2);
    const audit = (await store.forTenant(TENANT).auditTrail({ entityId: ms[0]!.id }, { limit: 5 })).items;
    expect(audit[0]).toMatchObject({ actorId: `app:${CASE_SYSTEM}` });
  });

  it('is idempotent: the same value twice is one measurement; a different value is a correction with history', async () => {
    const token = await appToken(CASE_SYSTEM);
    const before = (await stored(SILKEBORG_INDICATOR)).find((m) => m.period === '2015-Q1')!;
    const again = await push(token, [{ indicatorId: SILKEBORG_INDICATOR, period: '2015-Q1', value: 78.5 }]);
    expect(again.body.results[0]).toMatchObject({ status: 'unchanged', measurementId: before.id, revision: before.revision });
    expect((await stored(SILKEBORG_INDICATOR)).find((m) => m.period === '2015-Q1')).toEqual(before);
    const corrected = await push(token, [{ indicatorId: SILKEBORG_INDICATOR, period: '2015-Q1', value: 79 }]);
    expect(corrected.body.results[0]).toMatchObject({ status: 'corrected', measurementId: before.id, revision: before.revision + 1 });
    const after = (await stored(SILKEBORG_INDICATOR)).filter((m) => m.period === '2015-Q1');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ value: 79, source: 'api', appId: CASE_SYSTEM, history: [{ value: 78.5, source: 'api', appId: CASE_SYSTEM }] });
    // The same period twice in one request: the second is refused, not silently applied.
    const twice = await push(token, [
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q2', value: 82 },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q2', value: 83 },
    ]);
    expect(twice.body.results.map((x: { status: string }) => x.status)).toEqual(['corrected', 'refused']);
  });

  it("refuses a value for another municipality's indicator, as if it did not exist, and writes the others", async () => {
    const r = await push(await appToken(CASE_SYSTEM), [
      { indicatorId: HT_INDICATOR, period: '2016-Q1', value: 50 },
      { indicatorId: 'no-such-indicator', period: '2016-Q1', value: 50 },
      { indicatorId: SILKEBORG_INDICATOR, period: '2015-Q3', value: 83 },
    ]);
    expect(r.body.results.map((x: { status: string; error?: { code: string } }) => [x.status, x.error?.code])).toEqual([
      ['refused', 'not_found'],
      ['refused', 'not_found'],
      ['created', undefined],
    ]);
    expect(r.body.results[0].error.message).toBe('Vi kunne ikke finde indikatoren (hoeje-taastrup-sagsbehandlingstid).');
    expect(await stored(HT_INDICATOR)).toEqual([]);
    // The survey tool, granted by Høje-Taastrup, writes there.
    const ht = await push(await appToken(SURVEY_TOOL), [{ indicatorId: HT_INDICATOR, period: '2016-Q1', value: 50 }]);
    expect(ht.body.results[0].status).toBe('created');
  });

  it('refuses a token without the app role, a user token, a token of another tenant, and an application no municipality granted', async () => {
    const value = [{ indicatorId: SILKEBORG_INDICATOR, period: '2015-Q4', value: 90 }];
    const noRole = await push(await appToken(CASE_SYSTEM, { roles: ['Measurements.Read'] }), value);
    expect([noRole.status, noRole.body.error.code, noRole.body.error.field]).toEqual([401, 'unauthenticated', 'Authorization']);
    const user = await push(await appToken(CASE_SYSTEM, { claims: { scp: 'access_as_user', idtyp: 'user' } }), value);
    expect(user.status).toBe(401);
    const otherTenant = await push(await appToken(CASE_SYSTEM, { tid: OTHER_TENANT }), value);
    expect(otherTenant.status).toBe(401);
    const stranger = await push(await appToken(STRANGER), value);
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'forbidden']);
    const none = await fetch(`${apiUrl}/api/system/measurements`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"values":[]}' });
    expect(none.status).toBe(401);
    expect((await stored(SILKEBORG_INDICATOR)).some((m) => m.period === '2015-Q4')).toBe(false);
    // An application token does not open the routes of users.
    const asUser = await fetch(`${apiUrl}/api/me`, { headers: { Authorization: `Bearer ${await appToken(CASE_SYSTEM)}` } });
    expect(asUser.status).toBe(401);
  });

  it('is documented with its security scheme and an example', async () => {
    const doc = (await (await fetch(`${apiUrl}/api/openapi.json`)).json()) as any;
    const op = doc.paths['/api/system/measurements'].post;
    expect(op.security).toEqual([{ entraApplication: [] }]);
    expect(op.requestBody.content['application/json'].example.values[0]).toMatchObject({ period: '2015-Q1', value: 78.5 });
    expect(doc.components.securitySchemes.entraApplication.description).toMatch(/Measurements\.Write/);
  });
});
