import { makeContext } from '../api/core/context';
import type { AuditEntry, Measurement, Reminder } from '../api/core/model';
import { getAgreementView } from '../api/core/services/agreement-view';
import { dueReminders } from '../api/core/services/outbox';
import { importOrganisation } from '../api/core/services/transfer';
import { listOf } from '../api/store/sharepoint/list-schema';
import { compareIds } from '../api/core/port';
import { auditColumns, recordColumns } from '../api/store/sharepoint/sharepoint-store';
import { startApplication, type RunningApplication } from '../teams-app/application';
import { loadConfig } from '../teams-app/config';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';
import { sharePointEnv, sharePointFixture, type SharePointFixture } from './support/sharepoint';
import { closeAfter } from './support/teardown';

/**
 * The queries that can match more than SharePoint's list view threshold (5,000) in a real tenant, each run
 * at 12,000 items against the Graph stand-in, which refuses what SharePoint refuses on a list that large.
 */
const N = 12_000;
let fx: SharePointFixture;
const now = new Date('2026-11-22T12:00:00Z');
const store = () => fx.store.forTenant('demo');
const ctx = () => makeContext(store(), systemActor('demo'), () => now);
const seed = (kind: 'reminder' | 'measurement', records: Record<string, unknown>[]) =>
  fx.standin.seedItems(
    fx.sites.demo!,
    listOf(kind).displayName,
    records.map((r) => ({ ...recordColumns(kind, r), Data: JSON.stringify(r) })),
  );
/** Sub-requests the adapter sent since the last reset. */
const subRequests = () =>
  fx.standin.requests.flatMap((r) => ((r.body as { requests?: { url: string }[] })?.requests ?? []).map((s) => decodeURIComponent(s.url)));

beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
  await importOrganisation(ctx(), smallMunicipality('stor'));
  const t = now.toISOString();
  seed(
    'reminder',
    Array.from({ length: N }, (_, i): Reminder => ({
      id: `rem-${String(i).padStart(5, '0')}`,
      revision: 1,
      createdAt: t,
      updatedAt: t,
      key: `wheel:ev:7:p${i}`,
      occasion: 'wheel:stor-ev:7',
      recipientId: `p${i}`,
      type: 'wheel',
      items: [],
      state: 'pending',
      attempts: 0,
      nextAttemptAt: t,
      plannedAt: t,
      sentAt: null,
      lastError: null,
      sendingSince: null,
      activityId: null,
    })),
  );
  seed(
    'measurement',
    Array.from(
      { length: N },
      (_, i): Measurement =>
        ({
          // Ids in another order than the items are created in, so every page draws from every window of item ids.
          id: `m-${String((i * 7919) % N).padStart(5, '0')}`,
          revision: 1,
          indicatorId: 'stor-indicator-1',
          agreementId: 'stor-skole-2026',
          period: `${1990 + (i % 37)}-Q${(i % 4) + 1}`,
          value: i % 100,
          comment: undefined,
          enteredBy: 'stor-leder',
          enteredAt: t,
          source: 'api',
          history: [],
        }) as unknown as Measurement,
    ),
  );
  fx.standin.seedItems(
    fx.sites.demo!,
    listOf('audit').displayName,
    Array.from({ length: N }, (_, i) => {
      const e: AuditEntry = {
        id: `a-${String(i).padStart(5, '0')}`,
        at: new Date(Date.parse('2030-01-01T00:00:00Z') + i * 60_000).toISOString(),
        actorId: 'stor-leder',
        entityKind: 'reminder',
        entityId: `rem-${String(i).padStart(5, '0')}`,
        action: 'update',
        before: null,
        after: null,
      };
      return { ...auditColumns(e), Data: JSON.stringify(e) };
    }),
  );
  // One record with more entries than the threshold: the big agreement, changed 12,000 times (ten at a time
  // in the same millisecond, so the order within an instant matters too).
  fx.standin.seedItems(
    fx.sites.demo!,
    listOf('audit').displayName,
    Array.from({ length: N }, (_, i) => {
      const e: AuditEntry = {
        id: `b-${String((i * 7919) % N).padStart(5, '0')}`,
        at: new Date(Date.parse('2029-01-01T00:00:00Z') + Math.floor(i / 10) * 1000).toISOString(),
        actorId: 'stor-leder',
        entityKind: 'agreement',
        entityId: 'stor-skole-2026',
        action: 'update',
        before: null,
        after: null,
      };
      return { ...auditColumns(e), Data: JSON.stringify(e) };
    }),
  );
}, 120_000);
afterAll(async () => fx?.stop());
beforeEach(() => fx.reset());

describe(`lists beyond the list view threshold, at ${N} items`, () => {
  it('the stand-in refuses what SharePoint refuses: an indexed filter that alone matches more than 5,000 items', async () => {
    const graph = fx.client;
    const items = `/sites/${fx.sites.demo}/lists/${listOf('reminder').displayName}/items`;
    await expect(graph.api(`${items}?$filter=fields/State eq 'pending'&$top=100`).get()).rejects.toMatchObject({ statusCode: 400, code: 'notSupported' });
    // Narrowed first to at most 5,000 items of an indexed column, the same filter is answered.
    const narrowed = await graph.api(`${items}?$filter=fields/ID ge 1 and fields/ID lt 5001 and fields/State eq 'pending'&$top=10`).get();
    expect(narrowed.value).toHaveLength(10);
    // A narrow indexed filter and an unfiltered read page through the big list as before.
    expect((await graph.api(`${items}?$filter=fields/RecordId eq 'rem-00042'`).get()).value).toHaveLength(1);
    expect((await graph.api(`${items}?$top=5`).get()).value).toHaveLength(5);
  });

  it('finds every pending reminder of a 12,000-person campaign', async () => {
    const due = await dueReminders(store(), now);
    expect(due).toHaveLength(N);
    expect(new Set(due.map((r) => r.id)).size).toBe(N);
    expect(subRequests().some((u) => u.includes('fields/ID ge 10001 and ('))).toBe(true);
    expect(fx.roundTrips()).toBeLessThanOrEqual(4);
  });

  it("reads a campaign's reminders by occasion", async () => {
    const all = await store().listAll('reminder', { occasion: ['wheel:stor-ev:7', 'wheel:other:1'] });
    expect(all).toHaveLength(N);
    expect(await store().count('reminder', { state: 'pending', recipientId: 'p7' })).toBe(1);
  });

  it('reads the measurements of a big agreement, and its view', async () => {
    const all = await store().listAll('measurement', { agreementId: 'stor-skole-2026' });
    expect(all).toHaveLength(N);
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort());
    const view = await getAgreementView(ctx(), 'stor-skole-2026');
    expect(view.goals.map((g) => g.id)).toEqual(['stor-goal-1']);
    expect(view.measurements.length).toBeGreaterThan(0);
    expect(view.measurements.every((m) => m.indicatorId === 'stor-indicator-1')).toBe(true);
  });

  it('pages the whole audit trail newest first, and one record of it', async () => {
    const first = await store().auditTrail({}, { limit: 50 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]!.id).toBe(`a-${N - 1}`);
    const second = await store().auditTrail({}, { limit: 50, cursor: first.nextCursor });
    expect(second.items[0]!.id).toBe(`a-${N - 51}`);
    const one = await store().auditTrail({ entityId: 'rem-00042' }, { limit: 10 });
    expect(one.items.map((e) => e.id)).toEqual(['a-00042']);
  });
});

/**
 * The same lists through the REST API of the server as `npm start` runs it with STORE=sharepoint (the admin's
 * environment: the production Graph client and credentials, Graph and Entra ID reached at their public hosts,
 * routed to the stand-ins underneath fetch), each paged to its end.
 */
describe(`the REST API on SharePoint, lists of ${N} items paged to the end`, () => {
  const TENANT_ADMIN = 'tenant-admin';
  let app: RunningApplication;
  beforeAll(async () => {
    app = await startApplication(
      loadConfig(
        sharePointEnv({
          SHAREPOINT_SITE_URL: 'https://testby.sharepoint.com/sites/kvalitet-demo',
          PORT: '0',
          HOST: '127.0.0.1',
          REMINDERS: 'off',
          DEMO_DATA: 'off',
          LOG_LEVEL: 'silent',
          TENANT_ADMIN_IDS: TENANT_ADMIN,
          READ_LIMIT_PER_MINUTE: '100000',
        }),
      ),
    );
    closeAfter(() => app.stop());
  }, 60_000);
  afterAll(async () => app?.stop());

  /**
   * The first `pages` pages of a list, each through the cursor the API issued for it. Every page of a list this
   * size is read in windows of item ids (the filter, or the key range after the cursor, alone matches more
   * than 5,000 items), and the ids are seeded out of creation order, so each page merges all windows.
   */
  async function pages(path: string, count: number, limit = 200): Promise<{ id: string; at?: string }[]> {
    const items: { id: string; at?: string }[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < count; n++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await fetch(`${app.url}${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { 'X-Dev-User': TENANT_ADMIN },
      });
      const body = (await res.json()) as { items: { id: string; at?: string }[]; nextCursor: string | null };
      expect({ path, status: res.status, error: res.status === 200 ? undefined : body }).toEqual({ path, status: 200, error: undefined });
      expect(body.items).toHaveLength(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }
    return items;
  }
  const windowed = () => subRequests().some((u) => /fields\/ID ge \d+ and fields\/ID lt \d+/.test(u));
  const pad = (k: number) => String(k).padStart(5, '0');

  it('pages the measurements of an agreement with 12,000 of them in id order, none lost or repeated', async () => {
    fx.reset();
    const items = await pages('/api/measurements?agreementId=stor-skole-2026', 10);
    expect(items.map((m) => m.id)).toEqual(Array.from({ length: 2000 }, (_, k) => `m-${pad(k)}`));
    expect(windowed()).toBe(true);
  }, 240_000);

  it('pages the audit trail of one record with 12,000 entries newest first, one instant by id last first', async () => {
    fx.reset();
    const items = await pages('/api/audit?entityId=stor-skole-2026', 10);
    // Entry i was written at second i/10 with id b-(7919 i mod 12000): the newest ten first, each ten by id, last first.
    const expected = Array.from({ length: N }, (_, i) => ({ second: Math.floor(i / 10), id: `b-${pad((i * 7919) % N)}` }))
      .sort((a, b) => b.second - a.second || (a.id < b.id ? 1 : -1))
      .slice(0, 2000)
      .map((e) => e.id);
    expect(items.map((e) => e.id)).toEqual(expected);
    expect(windowed()).toBe(true);
  }, 240_000);

  it("pages an indicator's 12,000 measurements, every measurement of the tenant and the tenant's whole audit trail", async () => {
    expect((await pages('/api/indicators/stor-indicator-1/measurements', 2)).map((m) => m.id)).toEqual(Array.from({ length: 400 }, (_, k) => `m-${pad(k)}`));
    const all = (await pages('/api/measurements', 2)).map((m) => m.id);
    expect(all).toEqual([...all].sort(compareIds));
    expect(all.filter((id) => id.startsWith('m-'))).toEqual(Array.from({ length: all.filter((id) => id.startsWith('m-')).length }, (_, k) => `m-${pad(k)}`));
    const trail = await pages('/api/audit', 2);
    expect(trail.map((e) => e.id)).toEqual(Array.from({ length: 400 }, (_, k) => `a-${pad(N - 1 - k)}`));
  }, 240_000);

  it('answers the view of the agreement with 12,000 measurements', async () => {
    const res = await fetch(`${app.url}/api/agreements/stor-skole-2026/view`, { headers: { 'X-Dev-User': TENANT_ADMIN } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { goals: { id: string }[] };
    expect(view.goals.map((g) => g.id)).toEqual(['stor-goal-1']);
  }, 120_000);
});
