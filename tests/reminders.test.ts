import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { Reminder } from '../api/core/model';
import type { Store } from '../api/core/port';
import { campaignState, planIntoOutbox, reminderRecordId } from '../api/core/services/outbox';
import { applyTemplate, findTemplate } from '../api/core/services/wheel-templates';
import { importOrganisation } from '../api/core/services/transfer';
import { addDays, localDate } from '../api/core/rules/periods';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import type { DeliveryLedger } from '../bot/dispatcher';
import type { ProactiveChannel } from '../bot/channel';
import { DELIVERY_MARKER_ID } from '../bot/cards/adaptive-card';
import { markSending } from '../api/core/services/outbox';
import { cloudAdapterSender, IDEMPOTENCY_HEADER } from '../bot/adapter';
import { minimumDurationMs, TEAMS_RATE_LIMITS, type RateLimits } from '../bot/rate-limiter';
import { systemActor } from '../teams-app/system-actor';
import { standinLedger, startBotConnectorStandin, type Standin } from './support/bot-connector-standin';
import { aadOf, conversationIdOf, dispatcherFor, installChats, personId, seedCampaign, VirtualClock } from './support/campaign';
import { smallMunicipality, tempDir } from './support/mother';
import { closeAfter } from './support/teardown';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const sender = cloudAdapterSender({ appId: '', appPassword: '', tenantId: null });
const FAST: RateLimits = { perConversation: TEAMS_RATE_LIMITS.perConversation, perTenant: [{ limit: 200, perMs: 1_000 }] };

async function campaign(people: number, standinOptions: Partial<Parameters<typeof startBotConnectorStandin>[0]> = {}, withoutChat: string[] = []) {
  const store: Store = openSqliteStore(join(tmp.dir, `r${++n}.db`));
  const standin: Standin = await startBotConnectorStandin({ limits: FAST, ...standinOptions });
  const now = new Date();
  await seedCampaign(store, 'demo', { people, serviceUrl: standin.url, now, withoutChat });
  const ctx = makeContext(store.forTenant('demo'), systemActor('demo'), () => now);
  const close = closeAfter(async () => {
    await standin.close();
    await store.close();
  });
  return { store, standin, ctx, now, tenant: store.forTenant('demo'), close };
}

const perKey = (standin: Standin) => {
  const m = new Map<string, number>();
  for (const d of standin.deliveries) m.set(d.key ?? 'none', (m.get(d.key ?? 'none') ?? 0) + 1);
  return m;
};

describe('the outbox', () => {
  it('writes each planned reminder once, as pending, under the hash of its idempotency key', async () => {
    const c = await campaign(20);
    expect(await planIntoOutbox(c.ctx)).toEqual({ planned: 20, created: 20 });
    expect(await planIntoOutbox(c.ctx)).toEqual({ planned: 20, created: 0 });
    const all = await c.tenant.listAll('reminder', {});
    expect(all).toHaveLength(20);
    expect(all.every((r) => r.state === 'pending' && r.attempts === 0 && r.type === 'wheel')).toBe(true);
    expect(all[0]!.id).toBe(await reminderRecordId(all[0]!.key));
    await c.close();
  });
});

describe('the dispatcher over the CloudAdapter to a local Bot Connector', () => {
  it('sends one card per reminder with its idempotency key, and marks each sent only after the send', async () => {
    const c = await campaign(25);
    await planIntoOutbox(c.ctx);
    const report = await dispatcherFor(c.tenant, sender, FAST).drain();
    expect(report).toMatchObject({ sent: 25, givenUp: 0, failed: 0, lostLease: false });
    expect(c.standin.deliveries).toHaveLength(25);
    expect([...perKey(c.standin).values()].every((v) => v === 1)).toBe(true);
    const body = JSON.parse(c.standin.deliveries[0]!.text);
    expect(body.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5' } });
    expect(c.standin.deliveries[0]!.text).toContain('Årshjul: Dialogmøde');
    expect(c.standin.deliveries[0]!.key).toMatch(/^wheel:dialog:3\|person-/);
    const stored = await c.tenant.listAll('reminder', {});
    expect(stored.every((r) => r.state === 'sent' && r.sentAt && r.attempts === 1)).toBe(true);
    // Nothing due any more: a second drain sends nothing.
    expect((await dispatcherFor(c.tenant, sender, FAST).drain()).sent).toBe(0);
    expect(c.standin.deliveries).toHaveLength(25);
    await c.close();
  });

  it('keeps to the per-conversation limits when one person has many reminders (no 429 from the endpoint)', async () => {
    const c = await campaign(1);
    const at = c.now.toISOString();
    const many: Reminder[] = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const key = `measurements:2026-0${i}-28|${personId(0)}`;
        return {
          id: await reminderRecordId(key),
          key,
          occasion: key.split('|')[0]!,
          recipientId: personId(0),
          type: 'measurements' as const,
          items: [],
          state: 'pending' as const,
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
      }),
    );
    await c.tenant.commit(many.map((record) => ({ type: 'put', kind: 'reminder', record, expectedRevision: null })));
    const started = Date.now();
    expect((await dispatcherFor(c.tenant, sender, FAST).drain()).sent).toBe(10);
    const took = Date.now() - started;
    expect(c.standin.counts.throttled).toBe(0);
    // 7 per second and 8 per 2 seconds: the 9th and 10th cannot go before 2 seconds have passed.
    expect(took).toBeGreaterThanOrEqual(minimumDurationMs(10, TEAMS_RATE_LIMITS.perConversation));
    // An upper bound only against waiting for nothing (a lost wake-up would take the 20 s test limit): wide
    // enough for a loaded machine.
    expect(took).toBeLessThan(15_000);
    await c.close();
  }, 20_000);

  it('retries 503 with backoff and 429 after Retry-After, and delivers each once', async () => {
    // The endpoint is stricter than the dispatcher believes: it must answer 429 and the dispatcher must wait.
    const c = await campaign(30, { failRate: 0.2, limits: { perConversation: TEAMS_RATE_LIMITS.perConversation, perTenant: [{ limit: 10, perMs: 1_000 }] } });
    await planIntoOutbox(c.ctx);
    const report = await dispatcherFor(c.tenant, sender, FAST).drain();
    expect(report.sent).toBe(30);
    expect(report.retried).toBeGreaterThan(0);
    expect(c.standin.counts.throttled).toBeGreaterThan(0);
    expect(c.standin.counts.unavailable).toBeGreaterThan(0);
    expect(perKey(c.standin).size).toBe(30);
    expect([...perKey(c.standin).values()].every((v) => v === 1)).toBe(true);
    const retried = (await c.tenant.listAll('reminder', {})).filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((r) => r.state === 'sent' && r.lastError === null)).toBe(true);
    await c.close();
  }, 30_000);

  it('gives up on 403 and 404 and on people without a chat, records why, and the campaign state shows it', async () => {
    const c = await campaign(12, { blocked: [conversationIdOf(personId(1))], missing: [conversationIdOf(personId(2))] }, [personId(3)]);
    await planIntoOutbox(c.ctx);
    const report = await dispatcherFor(c.tenant, sender, FAST).drain();
    expect(report).toMatchObject({ sent: 9, givenUp: 3, failed: 0 });
    const byPerson = new Map((await c.tenant.listAll('reminder', {})).map((r) => [r.recipientId, r]));
    expect(byPerson.get(personId(1))).toMatchObject({ state: 'given_up', lastError: expect.stringMatching(/^blocked_or_uninstalled: 403/) });
    expect(byPerson.get(personId(2))).toMatchObject({ state: 'given_up', lastError: expect.stringMatching(/^conversation_not_found: 404/) });
    expect(byPerson.get(personId(3))).toMatchObject({ state: 'given_up', attempts: 0, lastError: expect.stringMatching(/^not_installed:/) });
    const state = await campaignState(c.ctx, Number(addDays(localDate(c.now), 3).slice(0, 4)), 'enhed-0');
    expect(state.events).toEqual([
      expect.objectContaining({
        eventId: 'dialog',
        planned: 12,
        sent: 9,
        failed: 3,
        pending: 0,
        // Only what was sent counts: the three not reached are no progress.
        progress: 0.75,
        reasons: [
          { reason: 'blocked_or_uninstalled', count: 1 },
          { reason: 'conversation_not_found', count: 1 },
          { reason: 'not_installed', count: 1 },
        ],
        unreachable: [
          expect.objectContaining({ recipientId: personId(1) }),
          expect.objectContaining({ recipientId: personId(2) }),
          expect.objectContaining({ recipientId: personId(3) }),
        ],
      }),
    ]);
    await c.close();
  });

  it('stops retrying after the set number of attempts and records the last error', async () => {
    const c = await campaign(2, { failRate: 1 });
    await planIntoOutbox(c.ctx);
    const report = await dispatcherFor(c.tenant, sender, FAST, { retry: { baseMs: 5, capMs: 20, maxAttempts: 3 } }).drain();
    expect(report).toMatchObject({ sent: 0, failed: 2, retried: 4 });
    const all = await c.tenant.listAll('reminder', {});
    expect(all.every((r) => r.state === 'failed' && r.attempts === 3 && /^retries_exhausted: 503/.test(r.lastError ?? ''))).toBe(true);
    // A campaign with nothing sent has made no progress (it showed 100 % when every reminder had failed).
    const state = await campaignState(c.ctx, Number(addDays(localDate(c.now), 3).slice(0, 4)), 'enhed-0');
    expect(state.events).toEqual([expect.objectContaining({ planned: 2, sent: 0, failed: 2, progress: 0 })]);
    await c.close();
  });

  it('lets only the holder of the lease send; another instance takes over once it is released', async () => {
    const c = await campaign(40);
    await planIntoOutbox(c.ctx);
    const a = dispatcherFor(c.tenant, sender, FAST, { holder: 'instance-a', leaseTtlMs: 5_000 });
    const b = dispatcherFor(c.tenant, sender, FAST, { holder: 'instance-b', leaseTtlMs: 5_000 });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect([ra.sent, rb.sent].sort()).toEqual([0, 40]);
    expect([ra.lostLease, rb.lostLease].sort()).toEqual([false, true]);
    expect(c.standin.deliveries).toHaveLength(40);
    const winner = ra.sent ? a : b;
    const other = ra.sent ? b : a;
    expect(await other.holdLease()).toBe(false);
    await winner.stop();
    expect(await other.holdLease()).toBe(true);
    await c.close();
  });
});

const APP = '8d3c2a1e-5b7f-4c9d-9e0a-1f2b3c4d5e6f';
const ledgerOn = (_standin: Standin) => standinLedger(APP);

/**
 * A send in doubt: what a crash leaves behind. The reminder was marked as going out (sendingSince), and the
 * send either reached the chat (the stand-in recorded it) or did not; the store never heard the outcome.
 */
async function inDoubt(c: Awaited<ReturnType<typeof campaign>>, delivered: boolean, claimedAt: Date) {
  await planIntoOutbox(c.ctx);
  const [r] = await c.tenant.listAll('reminder', {});
  const claimed = await markSending(c.tenant, r!, claimedAt);
  if (delivered) {
    // The send that went out before the crash, card and marker as the dispatcher builds them.
    const once = await dispatcherFor(c.tenant, sender, FAST, { inDoubtSettleMs: 0, ledger: { find: async () => ({ found: false }) } });
    await once.drain();
    await once.stop(); // gives the lease back
    const sentNow = (await c.tenant.get('reminder', r!.id))!;
    // Put the record back as the crash left it: in doubt, not sent.
    await c.tenant.commit([{ type: 'put', kind: 'reminder', record: { ...claimed, revision: sentNow.revision + 1 }, expectedRevision: sentNow.revision }]);
  }
  return { ...claimed, revision: (await c.tenant.get('reminder', r!.id))!.revision };
}

describe('sends in doubt after a crash (exactly once)', () => {
  const options = { teamsAppId: APP };
  const install = (c: Awaited<ReturnType<typeof campaign>>, people: number) => {
    for (let i = 0; i < people; i++) c.standin.installations.set(aadOf(personId(i)), conversationIdOf(personId(i)));
  };

  it('every card carries the reminder id in a hidden element, so the message can be found in the chat', async () => {
    const c = await campaign(1, options);
    await planIntoOutbox(c.ctx);
    await dispatcherFor(c.tenant, sender, FAST).drain();
    const [r] = await c.tenant.listAll('reminder', {});
    const content = JSON.parse(c.standin.deliveries[0]!.text).attachments[0].content;
    expect(content.body.at(-1)).toEqual({ type: 'TextBlock', id: DELIVERY_MARKER_ID, text: r!.id, isVisible: false });
    // The Bot Connector's answer is kept as the message id.
    expect(r).toMatchObject({ state: 'sent', sendingSince: null, activityId: c.standin.deliveries[0]!.activityId });
    await c.close();
  });

  it('found in the chat: marked sent with the message id, not sent again', async () => {
    const c = await campaign(1, options);
    install(c, 1);
    const r = await inDoubt(c, true, new Date(Date.now() - 60_000));
    expect(c.standin.deliveries).toHaveLength(1);
    const report = await dispatcherFor(c.tenant, sender, FAST, { ledger: ledgerOn(c.standin), inDoubtSettleMs: 1_000 }).drain();
    expect(report).toMatchObject({ sent: 1, inDoubtConfirmed: 1, inDoubtResent: 0 });
    expect(c.standin.deliveries).toHaveLength(1);
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({ state: 'sent', sendingSince: null, activityId: c.standin.deliveries[0]!.activityId });
    // Installation, chat, messages: three Graph requests.
    expect(c.standin.graphRequests).toEqual([
      `/v1.0/users/${aadOf(personId(0))}/teamwork/installedApps`,
      expect.stringMatching(/\/teamwork\/installedApps\/[^/]+\/chat$/),
      expect.stringMatching(/^\/v1\.0\/chats\/19%3A.*\/messages$/),
    ]);
    await c.close();
  });

  it('not in the chat: sent once', async () => {
    const c = await campaign(1, options);
    install(c, 1);
    const r = await inDoubt(c, false, new Date(Date.now() - 60_000));
    const report = await dispatcherFor(c.tenant, sender, FAST, { ledger: ledgerOn(c.standin), inDoubtSettleMs: 1_000 }).drain();
    expect(report).toMatchObject({ sent: 1, inDoubtConfirmed: 0, inDoubtResent: 1 });
    expect(c.standin.deliveries).toHaveLength(1);
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({ state: 'sent', sendingSince: null });
    await c.close();
  });

  it('finds the message on a later page of the chat (@odata.nextLink) among other messages', async () => {
    const c = await campaign(1, options);
    install(c, 1);
    const r = await inDoubt(c, true, new Date(Date.now() - 60_000));
    // 120 newer messages in the same chat: the one sought is on the third page of 50.
    const conversation = conversationIdOf(personId(0));
    const extra = Array.from({ length: 120 }, (_, i) => ({
      ...c.standin.deliveries[0]!,
      at: Date.now() + 1_000 + i,
      activityId: `other-${i}`,
      key: `other-${i}`,
      text: JSON.stringify({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [] } }] }),
      conversationId: conversation,
    }));
    c.standin.deliveries.push(...extra);
    const report = await dispatcherFor(c.tenant, sender, FAST, { ledger: ledgerOn(c.standin), inDoubtSettleMs: 1_000 }).drain();
    expect(report).toMatchObject({ inDoubtConfirmed: 1, inDoubtResent: 0 });
    expect(c.standin.graphRequests.filter((p) => p.endsWith('/messages'))).toHaveLength(3);
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({ state: 'sent' });
    await c.close();
  });

  it('cannot tell (Graph fails): stays in doubt and is asked again; after the retry budget it is failed as unconfirmed, never sent twice', async () => {
    const c = await campaign(1, options);
    const r = await inDoubt(c, true, new Date(Date.now() - 60_000));
    const failing: DeliveryLedger = { find: async () => Promise.reject(new Error('Graph answered 503')) };
    const clock = new VirtualClock(Date.now());
    const d = dispatcherFor(c.tenant, sender, FAST, { ledger: failing, inDoubtSettleMs: 1_000, clock, retry: { baseMs: 10, capMs: 50, maxAttempts: 3 } });
    expect(await d.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({
      state: 'pending',
      sendingSince: r.sendingSince,
      lastError: 'in_doubt: could not look in the chat: Graph answered 503',
    });
    for (let i = 0; i < 3; i++) {
      await clock.sleep(100);
      await d.drain();
    }
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({
      state: 'failed',
      sendingSince: null,
      lastError: expect.stringMatching(/^delivery_unconfirmed: /),
    });
    expect(c.standin.deliveries).toHaveLength(1);
    await c.close();
  });

  it('leaves a send that may still land alone until it has had time to settle', async () => {
    const c = await campaign(1, options);
    install(c, 1);
    const clock = new VirtualClock(Date.now());
    const r = await inDoubt(c, false, clock.now());
    let asked = 0;
    const ledger: DeliveryLedger = { find: async (...a) => (asked++, ledgerOn(c.standin).find(...a)) };
    const d = dispatcherFor(c.tenant, sender, FAST, { ledger, inDoubtSettleMs: 30_000, clock });
    expect(await d.drain()).toMatchObject({ sent: 0, inDoubtResent: 0 });
    expect(asked).toBe(0);
    expect(await c.tenant.get('reminder', r.id)).toMatchObject({ state: 'pending', sendingSince: r.sendingSince });
    await clock.sleep(30_000);
    expect(await d.drain()).toMatchObject({ sent: 1, inDoubtResent: 1 });
    expect(asked).toBe(1);
    await c.close();
  });

  it('without a ledger (development) a send in doubt is sent again: at least once, and the report says so', async () => {
    const c = await campaign(1);
    await inDoubt(c, false, new Date(Date.now() - 60_000));
    const report = await dispatcherFor(c.tenant, sender, FAST, { inDoubtSettleMs: 1_000 }).drain();
    expect(report).toMatchObject({ sent: 1, inDoubtResent: 1, inDoubtConfirmed: 0 });
    await c.close();
  });
});

describe('a year of the annual cycle on a virtual clock', () => {
  it('runs planning and dispatch every day of 2026 in seconds: every reminder delivered once, pauses honoured, escalations sent', async () => {
    const store = openSqliteStore(join(tmp.dir, 'year.db'));
    const tenant = store.forTenant('demo');
    const clock = new VirtualClock(Date.parse('2026-01-01T07:00:00Z'));
    const ctx = () => makeContext(tenant, systemActor('demo'), () => clock.now());
    await importOrganisation(ctx(), smallMunicipality());
    await applyTemplate(ctx(), 'testby', 2026, findTemplate('oesteraaker'));
    const people = ['testby-leder', 'testby-chef', 'testby-medarbejder', 'testby-kvalitet'];
    await installChats(tenant, people, 'http://127.0.0.1:9/', clock.now());
    // The leader is away for the first half of May.
    await tenant.commit([
      {
        type: 'put',
        kind: 'pause',
        record: {
          id: 'pause-1',
          personId: 'testby-leder',
          from: '2026-05-01',
          to: '2026-05-15',
          revision: 1,
          createdAt: clock.now().toISOString(),
          updatedAt: clock.now().toISOString(),
        },
        expectedRevision: null,
      },
    ]);
    const delivered: { key: string; at: string }[] = [];
    const memory: ProactiveChannel = { send: async (_ref, _card, key) => (delivered.push({ key, at: clock.now().toISOString() }), { ok: true }) };
    const dispatcher = dispatcherFor(tenant, memory, TEAMS_RATE_LIMITS, { clock, holder: 'year' });
    // Time is injected: the year passes on the clock, not on the wall (no timed assertion, which a loaded machine
    // would fail).
    for (let day = 0; day < 365; day++) {
      clock.set(new Date(Date.parse('2026-01-01T07:00:00Z') + day * 86_400_000));
      await planIntoOutbox(ctx(), clock.now(), { graceDays: 10, escalateAfterDaysLate: 14 });
      await dispatcher.drain();
    }
    const all = await tenant.listAll('reminder', {});
    expect(all.filter((r) => r.state !== 'sent')).toEqual([]);
    expect(delivered).toHaveLength(all.length);
    expect(new Set(delivered.map((d) => d.key)).size).toBe(delivered.length);
    // Monthly follow-ups reach leaders, chiefs and the quality office at 7 and 2 days before.
    expect(delivered.some((d) => d.key === 'wheel:testby-2026-oesteraaker-manadsuppfoljning-09:7|testby-kvalitet')).toBe(true);
    // The quarterly indicator is never reported: the leader is reminded, and the chief is told once it is late.
    expect(delivered.filter((d) => d.key.startsWith('measurements:') && d.key.endsWith('|testby-leder')).length).toBeGreaterThanOrEqual(3);
    expect(delivered.some((d) => d.key.startsWith('escalation:') && d.key.endsWith('|testby-chef'))).toBe(true);
    // Nothing reached the leader while away.
    expect(delivered.filter((d) => d.key.endsWith('|testby-leder') && d.at >= '2026-05-01' && d.at < '2026-05-16')).toEqual([]);
    await store.close();
  }, 60_000);
});

it('the idempotency header name is stable (the crash test and the benchmark count by it)', () => {
  expect(IDEMPOTENCY_HEADER).toBe('x-kvalitetsaftaler-idempotency-key');
});
