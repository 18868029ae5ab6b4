import { makeContext } from '../api/core/context';
import type { AuditEntry, Measurement, Reminder } from '../api/core/model';
import { getAgreementView } from '../api/core/services/agreement-view';
import { dueReminders } from '../api/core/services/outbox';
import { importOrganisation } from '../api/core/services/transfer';
import { listOf } from '../api/store/sharepoint/list-schema';
import { auditColumns, recordColumns } from '../api/store/sharepoint/sharepoint-store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

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
  fx.standin.seedItems(fx.sites.demo!, listOf(kind).displayName, records.map((r) => ({ ...recordColumns(kind, r), Data: JSON.stringify(r) })));
/** Sub-requests the adapter sent since the last reset. */
const subRequests = () => fx.standin.requests.flatMap((r) => ((r.body as { requests?: { url: string }[] })?.requests ?? []).map((s) => decodeURIComponent(s.url)));

beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
  await importOrganisation(ctx(), smallMunicipality('stor'));
  const t = now.toISOString();
  seed(
    'reminder',
    Array.from({ length: N }, (_, i): Reminder => ({
      id: `rem-${String(i).padStart(5, '0')}`, revision: 1, createdAt: t, updatedAt: t, key: `wheel:ev:7:p${i}`, occasion: 'wheel:stor-ev:7', recipientId: `p${i}`, type: 'wheel',
      items: [], state: 'pending', attempts: 0, nextAttemptAt: t, plannedAt: t, sentAt: null, lastError: null, sendingSince: null, activityId: null,
    })),
  );
  seed(
    'measurement',
    Array.from({ length: N }, (_, i): Measurement => ({
      id: `m-${String(i).padStart(5, '0')}`, revision: 1, indicatorId: 'stor-indicator-1', agreementId: 'stor-skole-2026', period: `${1990 + (i % 37)}-Q${(i % 4) + 1}`,
      value: i % 100, comment: undefined, enteredBy: 'stor-leder', enteredAt: t, source: 'api', history: [],
    } as unknown as Measurement)),
  );
  fx.standin.seedItems(
    fx.sites.demo!,
    listOf('audit').displayName,
    Array.from({ length: N }, (_, i) => {
      const e: AuditEntry = { id: `a-${String(i).padStart(5, '0')}`, at: new Date(Date.parse('2030-01-01T00:00:00Z') + i * 60_000).toISOString(), actorId: 'stor-leder', entityKind: 'reminder', entityId: `rem-${String(i).padStart(5, '0')}`, action: 'update', before: null, after: null };
      return { ...auditColumns(e), Data: JSON.stringify(e) };
    }),
  );
  // Seeding held the event loop for seconds: let the servers' keep-alive timers close idle connections now,
  // before a test reuses one (a request on a socket being closed fails as a dropped connection).
  await new Promise((resolve) => setTimeout(resolve, 500));
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
    expect(subRequests().some((u) => u.includes('fields/ID ge 10001 and fields/ID lt 15001'))).toBe(true);
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
