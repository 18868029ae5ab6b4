import { cursorCodec } from '../api/http/cursor';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { smallMunicipality } from './support/mother';
import { startTestServer, type TestServer } from './support/server';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * Paging over HTTP on both stores: a cursor is the server's own sealed token, bound to the tenant, the list
 * and its filter; it shows nothing of the store, and anything else presented as a cursor is a 400 that names
 * the field `cursor`.
 */
type Reply = { status: number; body: any };
/** The whole tenant's audit trail is the tenant admin's (docs/roles.md). */
const TENANT_ADMIN = 'tenant-admin';

const stores: [string, () => Promise<{ server: TestServer; fx?: SharePointFixture; stop: () => Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const server = await startTestServer([smallMunicipality()], { settings: { tenantAdminIds: [TENANT_ADMIN] } });
      return { server, stop: () => server.stop() };
    },
  ],
  [
    'SharePoint (Graph stand-in)',
    async () => {
      // Whole lists read one item a page, so they follow Graph's nextLinks (pages of the API do not: see below).
      const fx = await sharePointFixture({ tenants: ['demo'], pageSize: 1 });
      const server = await startTestServer([smallMunicipality()], { store: fx.store, settings: { tenantAdminIds: [TENANT_ADMIN] } });
      return {
        server,
        fx,
        stop: async () => {
          await server.stop();
          await fx.stop();
        },
      };
    },
  ],
];

describe.each(stores)('paging on %s', (_name, open) => {
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open();
    // An import is one audit entry: two changes give the trail more than one page.
    for (const [path, body] of [
      ['/api/goals/testby-goal-1', { status: 'on_track' }],
      ['/api/actions/testby-action-1', { status: 'in_progress' }],
    ] as const) {
      const res = await fetch(`${env.server.url}${path}`, {
        method: 'PATCH',
        headers: { 'X-Dev-User': 'testby-leder', 'Content-Type': 'application/json', 'If-Match': '"1"' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => env.stop());

  async function get(path: string, user = 'testby-kvalitet'): Promise<Reply> {
    const res = await fetch(`${env.server.url}${path}`, { headers: { 'X-Dev-User': user } });
    return { status: res.status, body: await res.json() };
  }
  async function all(path: string): Promise<{ ids: string[]; cursors: string[] }> {
    const ids: string[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: Reply = await get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      ids.push(...r.body.items.map((x: { id: string }) => x.id));
      cursor = r.body.nextCursor;
      if (!cursor) break;
      cursors.push(cursor);
    }
    return { ids, cursors };
  }
  const expectCursorRefused = (r: Reply) => {
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', field: 'cursor' });
  };

  it('pages a list to its end, one record a page, in id order', async () => {
    const { ids, cursors } = await all('/api/people?limit=1');
    expect(ids).toEqual(['testby-chef', 'testby-kvalitet', 'testby-leder', 'testby-medarbejder']);
    expect(cursors).toHaveLength(3);
    const goals = await all('/api/goals?limit=1&unitId=testby-skole');
    expect(goals.ids).toEqual(['testby-goal-1']);
    const everyGoal = await all('/api/goals?limit=1');
    expect(everyGoal.ids).toEqual(['testby-goal-1', 'testby-vision']);
  });

  it('shows nothing of the store in a cursor, even decoded', async () => {
    const { cursors } = await all('/api/people?limit=1');
    const audit = await get('/api/audit?limit=1', TENANT_ADMIN);
    for (const c of [...cursors, audit.body.nextCursor as string]) {
      expect(c).toMatch(/^[A-Za-z0-9._-]+$/);
      const decoded = Buffer.from(c.replace(/^c1\./, ''), 'base64url').toString('latin1');
      // Whole names only: a cursor is ciphertext, and any two given bytes turn up in ~40 random bytes by
      // chance (CI once found "KA" in one). The lists are named by their display names instead.
      const lists = LISTS.map((l) => l.displayName);
      for (const secret of ['sites', 'lists', ...lists, 'graph', 'skiptoken', 'testby', '127.0.0.1', ...Object.values(env.fx?.sites ?? {})])
        expect(decoded).not.toContain(secret);
    }
  });

  it('refuses a forged or altered cursor with 400 naming the field', async () => {
    const first = await get('/api/people?limit=1');
    const cursor: string = first.body.nextCursor;
    const flipped = cursor.slice(0, -3) + (cursor.at(-3) === 'A' ? 'B' : 'A') + cursor.slice(-2);
    expectCursorRefused(await get(`/api/people?limit=1&cursor=${flipped}`));
    expectCursorRefused(await get(`/api/people?limit=1&cursor=${cursor.slice(0, 20)}`));
    // What the stores used to hand out: their own position in base64.
    expectCursorRefused(await get(`/api/people?limit=1&cursor=${Buffer.from('testby-chef').toString('base64url')}`));
    expectCursorRefused(await get(`/api/people?limit=1&cursor=${Buffer.from('/sites/x/lists/KAPeople/items?$top=1').toString('base64url')}`));
    expectCursorRefused(await get(`/api/people?limit=1&cursor=c1.${'A'.repeat(5000)}`));
    // A sealed cursor of another server (another key) is as good as forged.
    const other = cursorCodec('another-server-secret-another-server-secret').seal({ tenantId: 'demo', kind: 'person', filter: {} }, 'testby-chef');
    expectCursorRefused(await get(`/api/people?limit=1&cursor=${other}`));
    // The genuine one still works.
    expect((await get(`/api/people?limit=1&cursor=${cursor}`)).status).toBe(200);
  });

  it('refuses a cursor presented for another list or another filter', async () => {
    const people = (await get('/api/people?limit=1')).body.nextCursor as string;
    expectCursorRefused(await get(`/api/units?limit=1&cursor=${people}`));
    const goals = (await get('/api/goals?limit=1')).body.nextCursor as string;
    expectCursorRefused(await get(`/api/goals?limit=1&unitId=testby&cursor=${goals}`));
    expectCursorRefused(await get(`/api/goals?limit=1&year=2026&cursor=${goals}`));
    expect((await get(`/api/goals?limit=1&cursor=${goals}`)).body.items.map((g: { id: string }) => g.id)).toEqual(['testby-vision']);
  });

  it('binds an audit cursor to its entityId: a cursor of one record never reads the whole trail or another record', async () => {
    const whole = await get('/api/audit?limit=1', TENANT_ADMIN);
    expect(whole.status).toBe(200);
    const cursor = whole.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expectCursorRefused(await get(`/api/audit?limit=1&entityId=testby-goal-1&cursor=${cursor}`));
    const one = await get('/api/audit?limit=1&entityId=testby-skole-2026', 'testby-leder');
    expect(one.status).toBe(200);
    const next = await get(`/api/audit?limit=1&entityId=testby-skole-2026&cursor=${cursor}`, 'testby-leder');
    expectCursorRefused(next);
  });

  if (_name.startsWith('SharePoint'))
    it('follows every nextLink form Graph serves (the list by title and by GUID, with $skiptoken) when it reads a whole list', async () => {
      const fx = env.fx!;
      fx.reset();
      const people = await get('/api/dev/people');
      expect(people.body.items).toHaveLength(4);
      const urls = fx.standin.requests.flatMap((r) => ((r.body as { requests?: { url: string }[] })?.requests ?? []).map((s) => s.url));
      const pages = urls.filter((u) => /skiptoken=/i.test(u));
      expect(pages.some((u) => u.includes('/lists/KAPeople/items'))).toBe(true);
      expect(pages.some((u) => /\/lists\/[0-9a-f-]{36}\/items/i.test(u))).toBe(true);
      // A page of the API is one ordered query of its own; its cursor holds the page's position, never a nextLink.
      fx.reset();
      await all('/api/people?limit=1');
      const ordered = fx.standin.requests
        .flatMap((r) => ((r.body as { requests?: { url: string }[] })?.requests ?? []).map((s) => decodeURIComponent(s.url)))
        .filter((u) => u.includes('$orderby=fields/SortKey'));
      expect(ordered).toHaveLength(4);
      expect(ordered.filter((u) => /skiptoken=/i.test(u))).toEqual([]);
    });
});

describe('the cursor codec', () => {
  const scope = { tenantId: 't1', kind: 'goal', filter: { unitId: 'u1', year: undefined } };
  it('opens on any instance with the same CURSOR_SECRET, and only for the tenant, kind and filter it was made for', () => {
    const a = cursorCodec('x'.repeat(32));
    const b = cursorCodec('x'.repeat(32));
    const sealed = a.seal(scope, '/sites/host,guid,guid/lists/KAGoals/items?$skiptoken=abc')!;
    expect(b.open({ tenantId: 't1', kind: 'goal', filter: { unitId: 'u1' } }, sealed)).toBe('/sites/host,guid,guid/lists/KAGoals/items?$skiptoken=abc');
    expect(() => b.open({ ...scope, tenantId: 't2' }, sealed)).toThrow(/cursor/);
    expect(() => b.open({ ...scope, kind: 'action' }, sealed)).toThrow(/cursor/);
    expect(() => b.open({ ...scope, filter: { unitId: 'u2' } }, sealed)).toThrow(/cursor/);
    expect(() => cursorCodec('y'.repeat(32)).open(scope, sealed)).toThrow(/cursor/);
    expect(a.seal(scope, null)).toBeNull();
    expect(a.open(scope, null)).toBeNull();
  });
});
