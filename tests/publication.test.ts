import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { publishAgreement } from '../api/core/services/publications';
import { DEMO_DOCUMENTS } from '../api/demo';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { documentFixture } from './support/document-fixture';
import { tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/**
 * Issue 20, point 3: "Publish" makes an approved agreement public (audited, by the roles the municipality allows:
 * the quality office unless it says otherwise), and the public pages — without sign-in, no Teams — show the
 * published version and nothing else. The attack: every other agreement, unit and municipality at every address
 * and in every spelling, a draft, another tenant's published agreement, a later version of a published agreement,
 * and an unpublished one.
 */
let server: TestServer;
const tmp = tempDir();
const store = openSqliteStore(join(tmp.dir, 'public.db'));

beforeAll(async () => {
  // Another tenant publishes an agreement at the very address Dokåker's would have.
  const other = makeContext(store.forTenant('other-tenant'), systemActor('other-tenant'));
  await importOrganisation(other, documentFixture());
  await publishAgreement(makeContext(store.forTenant('other-tenant'), systemActor('other-tenant')), 'dokby-enhet-2026', 'sv');
  server = await startTestServer([...DEMO_DOCUMENTS, documentFixture()], { store });
});
afterAll(async () => {
  await server.stop();
  await store.close();
  tmp.remove();
});

type Reply = { status: number; body: any; text: string; headers: Headers };
async function call(method: string, path: string, user: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(user ? { 'X-Dev-User': user } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
const page = (path: string) => call('GET', path, null);

const SILKEBORG = 'silkeborg-borgerservice-2015';
const SILKEBORG_PAGE = '/offentlig/silkeborg-kommune/2015/borgerservice';
const DOKBY = 'dokby-enhet-2026';
const DOKBY_PAGE = '/offentlig/dokaakers-kommun/2026/aldreomsorg-hemtjanst-ost';

describe('publishing', () => {
  it('is the quality office’s by default: staff, the leader, the chief and another municipality’s quality office may not', async () => {
    for (const who of ['silkeborg-demo-borgerservice', 'silkeborg-xxxxxxx-xxxxxx', 'silkeborg-michael-maaloe', 'assens-demo-kvalitet']) {
      const r = await call('POST', `/api/agreements/${SILKEBORG}/publication`, who);
      expect([who, r.status, r.body.error.code]).toEqual([who, 403, 'forbidden']);
      expect((await call('GET', `/api/agreements/${SILKEBORG}/publication`, who)).body.mayPublish).toBe(false);
    }
    expect((await page(SILKEBORG_PAGE)).status).toBe(404);
  });

  it('puts an approved agreement on a plain public page, audited', async () => {
    const state = await call('GET', `/api/agreements/${SILKEBORG}/publication`, 'silkeborg-demo-kvalitet');
    expect(state.body).toEqual({ published: null, mayPublish: true, publishable: true });
    const r = await call('POST', `/api/agreements/${SILKEBORG}/publication`, 'silkeborg-demo-kvalitet');
    expect(r.status).toBe(200);
    expect(r.body.published).toMatchObject({ version: 1, byName: expect.any(String), path: SILKEBORG_PAGE });
    const trail = await call('GET', `/api/audit?entityId=${SILKEBORG}&limit=5`, 'silkeborg-demo-kvalitet');
    expect(trail.body.items[0]).toMatchObject({ entityKind: 'publication', action: 'create', actorId: 'silkeborg-demo-kvalitet', note: 'published' });

    const p = await page(SILKEBORG_PAGE);
    expect(p.status).toBe(200);
    expect(p.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(p.text).toMatch(/^<!doctype html>\n<html lang="da">/);
    expect(p.text).toContain('<h1>Aftale mellem Borgerservice og Michael Maaløe</h1>');
    expect(p.text).toContain('Silkeborg Kommune');
    expect(p.text).toMatch(/21\.848\.850\skr\./);
    expect(p.text).toContain('@media print');
    // No Teams: no script at all, no tab, no sign-in.
    expect(p.text).not.toMatch(/<script|<iframe|\/tab\/|X-Dev-User|teams-js|microsoftteams/i);
    // The lists of the municipality and of the year link to it.
    expect((await page('/offentlig/silkeborg-kommune')).text).toContain('href="/offentlig/silkeborg-kommune/2015"');
    expect((await page('/offentlig/silkeborg-kommune/2015')).text).toContain(`href="${SILKEBORG_PAGE}"`);
  });

  it('shows the accessibility statement the municipality configures', async () => {
    const unit = (await call('GET', '/api/units/silkeborg', 'silkeborg-demo-kvalitet')).body;
    const patched = await call(
      'PATCH',
      '/api/units/silkeborg',
      'silkeborg-demo-kvalitet',
      { accessibilityStatementUrl: 'https://www.was.digst.dk/silkeborg-dk' },
      { 'If-Match': `"${unit.revision}"` },
    );
    expect(patched.status).toBe(200);
    const p = await page(SILKEBORG_PAGE);
    expect(p.text).toContain('<a href="https://www.was.digst.dk/silkeborg-dk">Tilgængelighedserklæring</a>');
  });

  it('lets the municipality choose who publishes', async () => {
    expect((await call('POST', `/api/agreements/${DOKBY}/publication`, 'dokby-ledare')).status).toBe(403);
    const unit = (await call('GET', '/api/units/dokby', 'dokby-kvalitet')).body;
    const patched = await call(
      'PATCH',
      '/api/units/dokby',
      'dokby-kvalitet',
      { publishRoles: ['leader', 'quality_office'] },
      { 'If-Match': `"${unit.revision}"` },
    );
    expect(patched.status).toBe(200);
    // A bad role is named.
    const bad = await call('PATCH', '/api/units/dokby', 'dokby-kvalitet', { publishRoles: ['mayor'] }, { 'If-Match': `"${patched.body.revision}"` });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/^publishRoles/);
    const r = await call('POST', `/api/agreements/${DOKBY}/publication`, 'dokby-ledare');
    expect(r.status).toBe(200);
    expect(r.body.published).toMatchObject({ version: 2, path: DOKBY_PAGE });
    expect((await page(DOKBY_PAGE)).text).toContain('Verksamhetsplan 2026 – Äldreomsorg &amp; hemtjänst (§ 12)');
  });

  it('refuses an agreement before approval, naming its state', async () => {
    const created = await call('POST', '/api/agreements', 'dokby-ledare', {
      unitId: 'dokby-enhet',
      year: 2027,
      title: 'Utkast 2027 – hemligt',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
    });
    expect(created.status).toBe(201);
    const r = await call('POST', `/api/agreements/${created.body.id}/publication`, 'dokby-ledare');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('invalid_transition');
    expect((await page('/offentlig/dokaakers-kommun/2027/aldreomsorg-hemtjanst-ost')).status).toBe(404);
  });
});

describe('the public pages show nothing unpublished, at any address', () => {
  it('answers only the published agreements’ addresses, whatever else is tried', async () => {
    const everyone = await call('GET', '/api/agreements?limit=200', 'silkeborg-demo-kvalitet');
    const units = await call('GET', '/api/units?limit=200', 'silkeborg-demo-kvalitet');
    const agreements: { id: string; unitId: string; year: number; title: string }[] = everyone.body.items;
    expect(agreements.length).toBeGreaterThanOrEqual(4);
    const slug = (s: string) =>
      s
        .toLowerCase()
        .replace(/æ/g, 'ae')
        .replace(/ø/g, 'oe')
        .replace(/å/g, 'aa')
        .replace(/[äö]/g, (c) => ({ ä: 'a', ö: 'o' })[c]!)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    const municipalities = [
      'silkeborg-kommune',
      'silkeborg',
      'dokaakers-kommun',
      'dokby',
      'assens-kommune',
      'assens',
      'hoeje-taastrup-kommune',
      'oesteraakers-kommun',
      'other-tenant',
    ];
    const years = [...new Set([...agreements.map((a) => a.year), 2014, 2016, 2025, 2027])];
    const targets = [
      ...agreements.flatMap((a) => [a.id, a.unitId, slug(a.title)]),
      ...units.body.items.flatMap((u: { id: string; name: string }) => [u.id, slug(u.name)]),
      'borgerservice-2',
      'aldreomsorg-hemtjanst-ost-2',
    ];
    const published = new Set([SILKEBORG_PAGE, DOKBY_PAGE]);
    const paths = municipalities.flatMap((m) =>
      years.flatMap((y) => [...new Set(targets)].map((target) => `/offentlig/${m}/${y}/${encodeURIComponent(target)}`)),
    );
    expect(paths.length).toBeGreaterThan(1_000);
    const answered: string[] = [];
    // Eight at a time: a few thousand addresses within the test's time on a loaded machine.
    for (let i = 0; i < paths.length; i += 8)
      for (const [path, r] of await Promise.all(paths.slice(i, i + 8).map(async (path) => [path, await page(path)] as const))) {
        if (r.status === 200) answered.push(path);
        else expect([path, r.status]).toEqual([path, 404]);
      }
    expect(answered.sort()).toEqual([...published].sort());
  }, 180_000);

  it('answers no other spelling, path or query of a published address with anything else', async () => {
    for (const path of [
      '/offentlig/Silkeborg-Kommune/2015/borgerservice',
      '/offentlig/silkeborg-kommune/2015/Borgerservice',
      '/offentlig/silkeborg-kommune/02015/borgerservice',
      '/offentlig/silkeborg-kommune/2015/borgerservice/extra',
      '/offentlig/silkeborg-kommune/2015/borgerservice%2F..%2F..',
      '/offentlig/silkeborg-kommune/2015/..%2F2015%2Fborgerservice',
      '/offentlig/silkeborg-kommune/2015/silkeborg-borgerservice-2015',
      '/offentlig/silkeborg/2015/borgerservice',
      '/offentlig/',
      '/offentlig',
      '/offentlig/silkeborg-kommune/2016',
    ]) {
      const r = await page(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.text).not.toContain('Borgerservice');
    }
    // A query changes nothing: the published version, whatever is asked for.
    const q = await page(`${SILKEBORG_PAGE}?version=2&agreementId=dokby-enhet-2027&tenant=other-tenant`);
    expect(q.status).toBe(200);
    expect(q.text).toContain('Aftale mellem Borgerservice og Michael Maaløe');
  });

  it('never shows another tenant’s publication, though it sits at the same address there', async () => {
    // The other tenant's record exists in the same store…
    expect((await store.forTenant('other-tenant').get('publication', DOKBY))?.unitSlug).toBe('aldreomsorg-hemtjanst-ost');
    // …and this server serves only its own tenant: the address shows this tenant's version (2, published above by its leader).
    const p = await page(DOKBY_PAGE);
    expect(p.text).toContain('version 2');
    const mine = await store.forTenant('demo').get('publication', DOKBY);
    expect(p.text).toContain(new Date(mine!.publishedAt).getUTCFullYear().toString());
    await store.forTenant('demo').commit([
      { type: 'delete', kind: 'publication', id: DOKBY, expectedRevision: mine!.revision },
      {
        type: 'audit',
        entry: {
          id: 'test-unpublish-1',
          at: new Date().toISOString(),
          actorId: 'system',
          entityKind: 'publication',
          entityId: DOKBY,
          action: 'delete',
          before: null,
          after: null,
        },
      },
    ]);
    expect((await page(DOKBY_PAGE)).status).toBe(404);
    // Published again through the API for the tests that follow.
    expect((await call('POST', `/api/agreements/${DOKBY}/publication`, 'dokby-kvalitet')).status).toBe(200);
  });

  it('keeps showing the published version while a new one is drafted, and nothing once unpublished', async () => {
    const a = (await call('GET', `/api/agreements/${DOKBY}`, 'dokby-ledare')).body;
    const opened = await call('POST', `/api/agreements/${DOKBY}/new-version`, 'dokby-ledare', { revision: a.revision });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'draft', version: 3 });
    const changed = await call(
      'PATCH',
      `/api/agreements/${DOKBY}`,
      'dokby-ledare',
      { title: 'Hemligt utkast v3' },
      { 'If-Match': `"${opened.body.revision}"` },
    );
    expect(changed.status).toBe(200);
    const goal = await call('POST', '/api/goals', 'dokby-ledare', {
      agreementId: DOKBY,
      unitId: 'dokby-enhet',
      levelId: 'dokby-level-1',
      year: 2026,
      title: 'Nytt mål i utkastet',
      origin: 'own',
    });
    expect(goal.status).toBe(201);

    const p = await page(DOKBY_PAGE);
    expect(p.status).toBe(200);
    expect(p.text).toContain('Verksamhetsplan 2026 – Äldreomsorg &amp; hemtjänst (§ 12)');
    expect(p.text).not.toContain('Hemligt utkast v3');
    expect(p.text).not.toContain('Nytt mål i utkastet');
    // The draft cannot be published over the published version…
    expect((await call('POST', `/api/agreements/${DOKBY}/publication`, 'dokby-kvalitet')).status).toBe(409);
    // …and the publisher can take it off the pages.
    const off = await call('DELETE', `/api/agreements/${DOKBY}/publication`, 'dokby-kvalitet');
    expect(off.status).toBe(204);
    expect((await page(DOKBY_PAGE)).status).toBe(404);
    expect((await page('/offentlig/dokaakers-kommun/2026')).status).toBe(404);
    expect((await page('/offentlig/dokaakers-kommun')).status).toBe(404);
    const trail = await call('GET', `/api/audit?entityId=${DOKBY}&limit=3`, 'dokby-kvalitet');
    expect(trail.body.items[0]).toMatchObject({ entityKind: 'publication', action: 'delete', actorId: 'dokby-kvalitet', note: 'unpublished' });
    expect((await call('DELETE', `/api/agreements/${DOKBY}/publication`, 'dokby-kvalitet')).status).toBe(404);
  });
});
