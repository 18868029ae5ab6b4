import { join } from 'node:path';
import type express from 'express';
import type { Store } from '../api/core/port';
import { developmentSignIn, type IdentityResolver } from '../api/http/identity';
import { buildOpenApi } from '../api/http/openapi';
import { createApiRouter } from '../api/http/router';
import { teamsSso } from '../api/http/teams-sso';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { OpenApiChecker } from './support/openapi-check';
import { smallMunicipality, tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/**
 * The route table feeds both the router and the OpenAPI document: what Express serves is what the document
 * says, route for route, and what a route answers is what its documented schema allows.
 */

type Doc = {
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, unknown>> };
  security: Record<string, unknown>[];
};

const tmp = tempDir();
let store: Store;
let server: TestServer;
let doc: Doc;
let checker: OpenApiChecker;

const identities = (): Record<'development' | 'teams-sso', IdentityResolver> => ({
  development: developmentSignIn(store, 'demo'),
  'teams-sso': teamsSso({
    clientId: '00000000-0000-0000-0000-00000000c1a0',
    allowedTenants: ['demo'],
    openIdConfigurationUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  }),
});

/** Every method and path Express has a route for, read from the router's own stack, as the document writes paths. */
function servedRoutes(router: express.Router): string[] {
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map(
        (m) => `${m.toUpperCase()} /api${String(layer.route!.path).replace(/:(\w+)/g, '{$1}')}`,
      ),
    )
    .sort();
}
const documentedRoutes = (d: Doc) =>
  Object.entries(d.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

async function get(path: string, user = 'testby-leder') {
  const res = await fetch(`${server.url}${path}`, { headers: { 'X-Dev-User': user } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'routes.db'));
  server = await startTestServer([smallMunicipality()], { store });
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Doc;
  checker = new OpenApiChecker(doc);
});
afterAll(async () => {
  await server.stop();
  await store.close();
  tmp.remove();
});

describe('the route table', () => {
  it.each(['development', 'teams-sso'] as const)('gives Express and the document the same routes, with %s sign-in', (signIn) => {
    const router = createApiRouter({ store, identity: identities()[signIn], version: 'test' });
    const served = servedRoutes(router);
    const documented = documentedRoutes(buildOpenApi({ version: 'test', signIn }) as Doc);
    expect(served.length).toBeGreaterThan(50);
    expect(new Set(served).size).toBe(served.length);
    expect(documented).toEqual(served);
    // The people directory of the development sign-in exists only there, in the router and in the document alike.
    expect(served.includes('GET /api/dev/people')).toBe(signIn === 'development');
  });

  it('serves the document it builds, and keeps the unit permissions route with its schema', () => {
    expect(doc).toEqual(buildOpenApi({ version: 'test', signIn: 'development' }));
    const op = doc.paths['/api/units/{id}/permissions']!.get!;
    expect(op.operationId).toBe('getUnitPermissions');
    expect(op.responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/UnitPermissions' });
    expect(doc.components.schemas.UnitPermissions).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('documents Teams single sign-on as a bearer JWT where the server runs it, and the development header only in development', () => {
    const teams = buildOpenApi({ version: 'test', signIn: 'teams-sso' }) as Doc;
    // Other systems (POST /api/system/measurements) sign in with their own application token, in either mode.
    const app = { entraApplication: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) };
    expect(teams.components.securitySchemes).toEqual({ teamsSso: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }), ...app });
    expect(teams.security).toEqual([{ teamsSso: [] }]);
    expect(JSON.stringify(teams)).not.toMatch(/X-Dev-User/i);
    expect(doc.components.securitySchemes).toEqual({ devSignIn: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Dev-User' }), ...app });
    // The document itself is read without sign-in; every other operation needs it.
    for (const d of [teams, doc])
      for (const [path, ops] of Object.entries(d.paths))
        for (const op of Object.values(ops)) {
          expect(op.security).toEqual(path === '/api/openapi.json' ? [] : path === '/api/system/measurements' ? [{ entraApplication: [] }] : undefined);
          if (path !== '/api/openapi.json') expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '429']));
        }
  });

  it('answers real requests with bodies their documented schemas allow, and the check refuses a body they do not describe', async () => {
    const cases: [string, string][] = [
      ['/api/me', 'getMe'],
      ['/api/units/testby-skole/permissions', 'getUnitPermissions'],
      ['/api/organisation/tree', 'getOrganisationTree'],
      ['/api/agreements/testby-skole-2026/view', 'getAgreementView'],
      ['/api/me/units', 'getMyUnits'],
      ['/api/overview?unitId=testby&year=2026', 'getOverview'],
      ['/api/units/testby-skole/wheel/campaigns?year=2026', 'getWheelCampaigns'],
      ['/api/goals?agreementId=testby-skole-2026', 'list_goal'],
      ['/api/dev/people', 'listDevPeople'],
    ];
    for (const [path, operationId] of cases) {
      const r = await get(path, path.includes('campaigns') ? 'testby-kvalitet' : 'testby-leder');
      expect([path, r.status]).toEqual([path, 200]);
      expect(checker.check('GET', path, r.status, r.body)).toBe(operationId);
    }
    // What a handler might wrongly answer: a field the schema does not name, a permission left out, a wrong type.
    const me = (await get('/api/me')).body;
    expect(() => checker.check('GET', '/api/me', 200, { ...me, isAdmin: true })).toThrow(/does not match/);
    const permissions = (await get('/api/units/testby-skole/permissions')).body;
    const { readAudit: _left, ...withoutOne } = permissions;
    expect(() => checker.check('GET', '/api/units/testby-skole/permissions', 200, withoutOne)).toThrow(/readAudit/);
    const view = (await get('/api/agreements/testby-skole-2026/view')).body as { agreement: Record<string, unknown> };
    expect(() => checker.check('GET', '/api/agreements/testby-skole-2026/view', 200, { ...view, agreement: { ...view.agreement, year: '2026' } })).toThrow(
      /does not match/,
    );
    // An answer the route does not list is refused too.
    expect(() => checker.check('GET', '/api/me', 500, { error: { code: 'internal', message: 'x' } })).toThrow(/not documented/);
  });
});
