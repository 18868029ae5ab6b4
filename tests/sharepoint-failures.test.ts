import fs from 'node:fs';
import path from 'node:path';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { fileRecoveryJournal } from '../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../api/store/sharepoint/sharepoint-store';
import { systemActor } from '../teams-app/system-actor';
import { bigMunicipality } from './support/big-municipality';
import { startTestServer, type TestServer } from './support/server';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * When Microsoft Graph fails, a user of the REST API gets a clear 503 store_unavailable (with Graph's
 * Retry-After when Graph gave one), never a 500; a write whose answer was lost is read back before the
 * API answers; and a commit that SharePoint took only in part never stays so: what could not be undone at
 * once is kept in the recovery journal and put right later. The real server, the production Graph
 * client and MSAL, the Graph stand-in at https://graph.microsoft.com.
 */
let fx: SharePointFixture;
let server: TestServer;
const headers = { 'X-Dev-User': 'storby-chef', 'Content-Type': 'application/json', 'Accept-Language': 'da' };
const GOAL = 'storby-u1-2026-g0';
const isBatch = (r: { url: string }) => r.url.startsWith('/v1.0/$batch');
const writes = (body: unknown) => ((body as { requests?: { method: string }[] })?.requests ?? []).some((r) => r.method !== 'GET');
const readGoal = async () => (await fetch(`${server.url}/api/goals/${GOAL}`, { headers })).json();
const patchGoal = (goal: { id: string; revision: number }, change: Record<string, unknown>) =>
  fetch(`${server.url}/api/goals/${goal.id}`, { method: 'PATCH', headers: { ...headers, 'If-Match': `"${goal.revision}"` }, body: JSON.stringify(change) });
/** The recovery journal's entries as they are on disk (one file per entry). */
const journalEntries = () =>
  (fs.existsSync(fx.recoveryDir) ? fs.readdirSync(fx.recoveryDir) : [])
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(fs.readFileSync(path.join(fx.recoveryDir, n), 'utf8')));
const auditOf = async (id: string) => {
  const res = await fetch(`${server.url}/api/audit?entityId=${id}&limit=100`, { headers });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`audit: ${res.status} ${JSON.stringify(body)}`);
  return body.items as { action: string }[];
};

beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
  await importOrganisation(makeContext(fx.store.forTenant('demo'), systemActor('demo')), bigMunicipality('storby', 3));
  server = await startTestServer([], { store: fx.store });
}, 120_000);
afterAll(async () => {
  await server?.shutdownOnly();
  await fx?.stop();
});
beforeEach(() => {
  fx.standin.clearFaults();
  fx.reset();
});

describe('Graph failures reach the user as 503 store_unavailable', () => {
  it('throttled beyond the retries: 503, with the Retry-After Graph gave when it gave one (rounded up to whole seconds)', async () => {
    // The stand-in sends Retry-After or not, in turn (graph-standin.ts, faultError): two requests meet both forms.
    const seen = new Set<string | null>();
    for (let i = 0; i < 2; i++) {
      fx.reset();
      fx.standin.inject({ match: isBatch, status: 429, retryAfterSeconds: 0.5, times: 4 });
      const res = await fetch(`${server.url}/api/goals/${GOAL}`, { headers });
      expect(res.status).toBe(503);
      const given = fx.standin.lastRetryAfter();
      seen.add(given);
      expect(res.headers.get('retry-after')).toBe(given === null ? null : String(Math.max(1, Math.ceil(Number(given)))));
      const body = await res.json();
      expect(body.error).toMatchObject({ code: 'store_unavailable' });
      expect(body.error.message).toMatch(/Prøv igen/);
      // The Graph client retried the whole request before giving up (RetryHandler, 3 retries).
      expect(fx.roundTrips()).toBe(4);
    }
    expect(seen).toEqual(new Set(['0.5', null]));
  }, 60_000);

  it('a 5xx from Graph: 503, never 500', async () => {
    fx.standin.inject({ match: isBatch, status: 502, times: 10 });
    const res = await fetch(`${server.url}/api/goals/${GOAL}`, { headers });
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('store_unavailable');
  }, 30_000);

  it('a read whose connection dropped once is sent again and answers 200', async () => {
    // The same request twice first: the first may read the organisation, which the second finds cached.
    expect((await fetch(`${server.url}/api/goals/${GOAL}`, { headers })).status).toBe(200);
    fx.reset();
    expect((await fetch(`${server.url}/api/goals/${GOAL}`, { headers })).status).toBe(200);
    const clean = fx.roundTrips();
    fx.reset();
    fx.standin.inject({ match: isBatch, drop: 'before' });
    const res = await fetch(`${server.url}/api/goals/${GOAL}`, { headers });
    expect(res.status).toBe(200);
    expect(fx.roundTrips()).toBe(clean + 1);
  });

  it('a connection that keeps dropping: 503 store_unavailable', async () => {
    fx.standin.inject({ match: isBatch, drop: 'before', times: 5 });
    const res = await fetch(`${server.url}/api/goals/${GOAL}`, { headers });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: 'store_unavailable' });
  }, 30_000);
});

describe('a write whose answer was lost is read back before the API answers', () => {
  it('carried out, answer lost: 200, the change is there once, and its audit entry once', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body), drop: 'after' });
    const res = await patchGoal(goal, { status: 'at_risk' });
    expect(res.status).toBe(200);
    const now = await readGoal();
    expect(now).toMatchObject({ status: 'at_risk', revision: goal.revision + 1 });
    expect((await auditOf(GOAL)).length).toBe(before + 1);
  });

  it('carried out, answered 504 by a gateway: not sent again, read back, 200 with the change there once', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body), status: 504, carriedOut: true });
    fx.reset();
    const res = await patchGoal(goal, { status: 'achieved' });
    expect(res.status).toBe(200);
    // The write batch went out once: the Graph client's retry of a 504 would have written it twice.
    expect(fx.standin.requests.filter((r) => isBatch(r) && writes(r.body))).toHaveLength(1);
    expect(await readGoal()).toMatchObject({ status: 'achieved', revision: goal.revision + 1 });
    expect((await auditOf(GOAL)).length).toBe(before + 1);
  });

  it('not carried out, answered 504: 503, nothing of it is there, and the same change goes through afterwards', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body), status: 504 });
    const res = await patchGoal(goal, { status: 'off_track' });
    expect(res.status).toBe(503);
    expect(await readGoal()).toMatchObject({ status: goal.status, revision: goal.revision });
    expect((await auditOf(GOAL)).length).toBe(before);
    expect((await patchGoal(goal, { status: 'off_track' })).status).toBe(200);
  });

  it('not carried out (dropped before): 503, and nothing of it is there', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body), drop: 'before' });
    const res = await patchGoal(goal, { status: 'achieved' });
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('store_unavailable');
    expect(await readGoal()).toMatchObject({ status: goal.status, revision: goal.revision });
    expect((await auditOf(GOAL)).length).toBe(before);
    // And the same change goes through afterwards.
    expect((await patchGoal(goal, { status: 'achieved' })).status).toBe(200);
  });
});

describe('a commit SharePoint took only in part never stays so', () => {
  it('the undo fails too: what is left is kept in the journal and restored later, also after a restart', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    // The audit entry of the change fails; so does the undo of the goal's update (connection lost).
    fx.standin.inject({ match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'), status: 500, insideBatch: true });
    let writeBatches = 0;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body) && ++writeBatches === 2, drop: 'before', times: 1 });
    const res = await patchGoal(goal, { status: 'off_track' });
    expect(res.status).toBe(503);
    // Right now SharePoint holds the half commit, and the journal says what is left to undo.
    const journal = journalEntries();
    expect(journal).toHaveLength(1);
    // The write-ahead entry holds the whole commit (the goal, its audit entry, its agreement's roll-up), and is left for recovery.
    expect(journal[0]).toMatchObject({ released: true });
    expect(journal[0].images).toEqual([
      expect.objectContaining({ kind: 'goal', id: GOAL, before: expect.objectContaining({ revision: goal.revision }) }),
      expect.objectContaining({ kind: 'audit', before: null }),
      expect.objectContaining({ kind: 'agreementRollup', id: goal.agreementId, before: expect.objectContaining({ goalsOffTrack: expect.any(Number) }) }),
    ]);
    const items = await fx.client.api(`/sites/${fx.sites.demo}/lists/KAGoals/items`).expand('fields').filter(`fields/RecordId eq '${GOAL}'`).get();
    expect(JSON.parse(items.value[0].fields.Data)).toMatchObject({ revision: goal.revision + 1 });

    // A restart: a new store on the same journal puts it right before serving anything.
    const restarted = openSharePointStore({ client: fx.client, sites: fx.sites, recovery: fileRecoveryJournal(fx.recoveryDir) });
    await restarted.recover();
    expect(await readGoal()).toMatchObject({ revision: goal.revision, status: goal.status });
    expect((await auditOf(GOAL)).length).toBe(before);
    expect(await fileRecoveryJournal(fx.recoveryDir).pending(fx.sites.demo!)).toEqual([]);
    // Nothing stays in the way of the next change.
    expect((await patchGoal(goal, { status: 'off_track' })).status).toBe(200);
  });

  it('a journal entry left by an earlier failure is restored before the next commit on the running server', async () => {
    const goal = await readGoal();
    // The audit entry is throttled beyond the retries; the undo of the goal's update is refused (503) every time.
    fx.standin.inject({
      match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'),
      status: 429,
      retryAfterSeconds: 0.2,
      insideBatch: true,
      times: 5,
    });
    let patches = 0;
    fx.standin.inject({
      match: (r) => r.method === 'PATCH' && r.url.includes('/lists/KAGoals/items') && ++patches >= 2,
      status: 503,
      retryAfterSeconds: 0.2,
      insideBatch: true,
      times: 5,
    });
    const res = await patchGoal(goal, { status: 'at_risk' });
    expect(res.status).toBe(503);
    // Graph's Retry-After (0.2 s, rounded up) when the stand-in's turn sent one with the failing write.
    expect([null, '1']).toContain(res.headers.get('retry-after'));
    const pending = await fileRecoveryJournal(fx.recoveryDir).pending(fx.sites.demo!);
    expect(pending).toHaveLength(1);
    // The next write anywhere on the site first restores the goal, then does its own work.
    const other = await (await fetch(`${server.url}/api/goals/storby-u2-2026-g1`, { headers })).json();
    expect((await patchGoal(other, { status: 'achieved' })).status).toBe(200);
    expect(await readGoal()).toMatchObject({ revision: goal.revision, status: goal.status });
    expect(await fileRecoveryJournal(fx.recoveryDir).pending(fx.sites.demo!)).toEqual([]);
  }, 60_000);

  it('a commit is in the journal before its first write reaches SharePoint, and gone once it is complete', async () => {
    const goal = await readGoal();
    let seenAtFirstWrite: unknown[] | null = null;
    fx.standin.inject({
      match: (r) => (isBatch(r) && writes(r.body) && seenAtFirstWrite === null && (seenAtFirstWrite = journalEntries()), false),
      times: 100,
    });
    expect((await patchGoal(goal, { status: 'at_risk' })).status).toBe(200);
    expect(seenAtFirstWrite).toEqual([
      expect.objectContaining({
        siteId: fx.sites.demo,
        images: [
          expect.objectContaining({
            kind: 'goal',
            id: GOAL,
            before: expect.objectContaining({ revision: goal.revision }),
            after: expect.objectContaining({ revision: goal.revision + 1 }),
          }),
          expect.objectContaining({ kind: 'audit' }),
          expect.objectContaining({ kind: 'agreementRollup', id: goal.agreementId }),
        ],
      }),
    ]);
    expect(journalEntries()).toEqual([]);
  });

  it('opening the store retries the recovery with backoff while Graph fails, and serves only after it', async () => {
    const goal = await readGoal();
    const before = (await auditOf(GOAL)).length;
    // A half commit whose undo failed, as in the first test.
    fx.standin.inject({ match: (r) => r.method === 'POST' && r.url.includes('/lists/KAAudit/items'), status: 500, insideBatch: true });
    let writeBatches = 0;
    fx.standin.inject({ match: (r) => isBatch(r) && writes(r.body) && ++writeBatches === 2, drop: 'before', times: 1 });
    expect((await patchGoal(goal, { status: 'off_track' })).status).toBe(503);
    expect(journalEntries()).toHaveLength(1);
    // At the next start Graph refuses the first two attempts to read the records back.
    fx.standin.inject({ match: (r) => r.method === 'GET' && r.url.includes('/lists/KAGoals/items'), status: 403, insideBatch: true, times: 2 });
    const restarted = openSharePointStore({ client: fx.client, sites: fx.sites, recovery: fileRecoveryJournal(fx.recoveryDir) });
    const started = Date.now();
    await restarted.recover();
    // Waited 1 s, then 2 s, between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(journalEntries()).toEqual([]);
    expect(await readGoal()).toMatchObject({ revision: goal.revision, status: goal.status });
    expect((await auditOf(GOAL)).length).toBe(before);
  }, 60_000);
});
