import { pino } from 'pino';
import type { Reminder } from '../api/core/model';
import type { Store, TenantStore } from '../api/core/port';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { CLAIM_BATCH, claimAhead, DispatcherLease, ReadyQueue } from './reminder-queue';

/** The dispatcher's queue on its own: the order reminders leave in, the lease, and the batched claims. */
const logger = pino({ level: 'silent' });
const T0 = Date.parse('2026-03-02T08:00:00Z');

function reminder(id: string, at = new Date(T0).toISOString()): Reminder {
  return {
    id,
    key: `k-${id}`,
    occasion: 'measurements:2026-02-28',
    recipientId: `p-${id}`,
    type: 'measurements',
    items: [],
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    plannedAt: at,
    sentAt: null,
    lastError: null,
    sendingSince: null,
    activityId: null,
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}

const drain = (q: ReadyQueue) => {
  const out: string[] = [];
  while (q.size) out.push(q.pop()!.r.id);
  return out;
};

describe('the ready queue', () => {
  it('hands out reminders by the time they may be sent, and equal times in the order they came', () => {
    const q = new ReadyQueue();
    const times = [50, 10, 30, 10, 40, 10, 20, 30, 0];
    times.forEach((at, i) => q.push(at, reminder(`r${i}`)));
    expect(q.size).toBe(9);
    expect(q.peek()!.r.id).toBe('r8');
    expect(drain(q)).toEqual(['r8', 'r1', 'r3', 'r5', 'r6', 'r2', 'r7', 'r4', 'r0']);
    expect(q.pop()).toBeUndefined();
  });

  it('an entry put back keeps its old turn among equal times (ahead of those pushed after it)', () => {
    const q = new ReadyQueue();
    ['a', 'b', 'c'].forEach((id) => q.push(5, reminder(id)));
    const a = q.pop()!;
    q.push(5, reminder('d'));
    q.putBack(a);
    expect(drain(q)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders a thousand random times like a stable sort', () => {
    const q = new ReadyQueue();
    let seed = 7;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) % 100;
    const input = Array.from({ length: 1_000 }, (_, i) => ({ at: rand(), id: `r${i}` }));
    for (const x of input) q.push(x.at, reminder(x.id));
    expect(drain(q)).toEqual([...input].sort((x, y) => x.at - y.at).map((x) => x.id));
  });
});

describe('the lease and the claims (over a real SQLite store)', () => {
  let store: Store;
  let tenant: TenantStore;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
    tenant = store.forTenant('demo');
  });
  afterEach(() => store.close());

  it('one instance at a time: the other gets it only when the holder gives it up or lets it expire', async () => {
    let now = T0;
    const clock = () => new Date(now);
    const a = new DispatcherLease(tenant, 'a', 30_000, clock, logger);
    const b = new DispatcherLease(tenant, 'b', 30_000, clock, logger);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    expect(await b.valid()).toBe(false);
    // The holder renews after a third of the time and stays valid.
    now += 11_000;
    expect(await a.valid()).toBe(true);
    now += 11_000;
    expect(await b.hold()).toBe(false);
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    // b stops renewing: before the stored expiry nobody else gets it; past it another instance takes over.
    now += 29_000;
    expect(await a.hold()).toBe(false);
    now += 1_001;
    expect(await a.hold()).toBe(true);
    // b, coming back, tries to renew, finds a holding it, and stops.
    expect(await b.valid()).toBe(false);
  });

  it('a holder that cannot renew counts the lease as lost a little before the stored expiry', async () => {
    let now = T0;
    const a = new DispatcherLease(tenant, 'a', 30_000, () => new Date(now), logger);
    expect(await a.hold()).toBe(true);
    await store.close();
    now += 20_000;
    expect(await a.valid()).toBe(true);
    now += 4_001; // 80 % of 30 s
    expect(await a.valid()).toBe(false);
    store = openSqliteStore(':memory:');
  });

  it('claims the ready head of the queue in one write, up to a batch, leaves the rest and puts every entry back in order', async () => {
    const list = Array.from({ length: CLAIM_BATCH + 8 }, (_, i) => reminder(`r${String(i).padStart(2, '0')}`));
    await tenant.commit(list.map((record) => ({ type: 'put' as const, kind: 'reminder' as const, record, expectedRevision: null })));
    const q = new ReadyQueue();
    list.forEach((r, i) => q.push(i < 36 ? T0 : T0 + 60_000, r));
    const mayClaim = (r: Reminder) => r.id !== 'r03';
    await claimAhead(q, T0, mayClaim, { store: tenant, at: () => new Date(T0 + 5), logger });
    const order = [] as Reminder[];
    while (q.size) order.push(q.pop()!.r);
    expect(order.map((r) => r.id)).toEqual(list.map((r) => r.id));
    const claimed = order.filter((r) => r.sendingSince).map((r) => r.id);
    expect(claimed).toHaveLength(CLAIM_BATCH - 1);
    expect(claimed).not.toContain('r03');
    expect(claimed).not.toContain(`r${CLAIM_BATCH}`);
    const stored = await tenant.get('reminder', 'r00');
    expect(stored).toMatchObject({ sendingSince: new Date(T0 + 5).toISOString(), revision: 2 });
    expect((await tenant.get('reminder', 'r03'))!.sendingSince).toBeNull();
  });

  it('claims only what is due, and a batch that meets another holder claims nothing (each is claimed alone later)', async () => {
    const list = ['a', 'b', 'c'].map((id) => reminder(id));
    await tenant.commit(list.map((record) => ({ type: 'put' as const, kind: 'reminder' as const, record, expectedRevision: null })));
    const q = new ReadyQueue();
    q.push(T0, list[0]!);
    q.push(T0 + 1, list[1]!);
    await claimAhead(q, T0, () => true, { store: tenant, at: () => new Date(T0), logger });
    expect((await tenant.get('reminder', 'b'))!.sendingSince).toBeNull();
    // Another holder changed c: the stale copy in our queue meets a conflict.
    await tenant.commit([{ type: 'put', kind: 'reminder', record: { ...list[2]!, revision: 2, lastError: 'elsewhere' }, expectedRevision: 1 }]);
    const q2 = new ReadyQueue();
    q2.push(T0, (await tenant.get('reminder', 'b'))!);
    q2.push(T0, list[2]!);
    await claimAhead(q2, T0 + 1, () => true, { store: tenant, at: () => new Date(T0 + 1), logger });
    expect((await tenant.get('reminder', 'b'))!.sendingSince).toBeNull();
    expect([q2.pop()!.r.sendingSince, q2.pop()!.r.sendingSince]).toEqual([null, null]);
  });
});
