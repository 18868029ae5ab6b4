import fc from 'fast-check';
import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { ENTITIES, PUBLIC_KINDS } from '../api/core/entities';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { handleCardAction } from '../bot/card-actions';
import { VERBS } from '../bot/verbs';
import { botMunicipality, BOT_NOW } from '../bot/bot-fixtures';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';
import { tableCounts } from './support/neighbours';

/**
 * Random and hostile payloads (wrong types, huge strings, deep nesting, script text, unicode) at every route
 * and every card verb: always a 4xx with a clear message, never a 500, never a partial write.
 */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE goals; --",
    '\u0000\u202e\ud83d\ude00',
    'ÆØÅ æøå ÄÖ äö',
    '__proto__',
    'constructor',
    '../../etc/passwd',
  ),
  fc.integer({ min: 1000, max: 120_000 }).map((n) => 'x'.repeat(n)),
);
const deep = fc.integer({ min: 50, max: 400 }).map((d) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < d; i++) v = i % 2 ? { a: v } : [v];
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileString, deep, fc.constantFrom(null, true, -1, 1e308, -0, [], {}));
/** A body shaped like a record of the kind, with some fields replaced by hostile values. */
const bodyFor = (fields: string[]) => fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...fields, '__proto__', 'extra'), hostileValue, { maxKeys: 8 }));

let server: TestServer;
let counts: () => Record<string, number>;
beforeAll(async () => {
  server = await startTestServer([smallMunicipality()]);
  counts = tableCounts(server.dbPath);
});
afterAll(async () => server.stop());

async function send(method: string, path: string, body: unknown, revision?: number) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'X-Dev-User': 'testby-kvalitet',
      'Content-Type': 'application/json',
      'Accept-Language': 'da',
      ...(revision ? { 'If-Match': `"${revision}"` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
}

describe('hostile input at every route', () => {
  for (const kind of PUBLIC_KINDS) {
    const path = kind === 'measurement' ? '/api/measurements' : `/api/${ENTITIES[kind].path}`;
    const fields = Object.keys(ENTITIES[kind].schema.shape);
    it(`POST ${path} answers every hostile body with a clear 4xx and writes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(fields), async (body) => {
          const before = counts();
          const r = await send('POST', path, body);
          if (r.status === 201) return; // a random body can be valid; then it was written whole
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
          expect(r.body?.error?.code).toEqual(expect.any(String));
          expect(r.body?.error?.message.length).toBeGreaterThan(0);
          expect(counts()).toEqual(before);
        }),
        { numRuns: 40 },
      );
    }, 60_000);
  }

  it('PATCH answers every hostile change to an existing record with a clear 4xx and leaves it as it was', async () => {
    const goal = await (await fetch(`${server.url}/api/goals/testby-goal-1`, { headers: { 'X-Dev-User': 'testby-leder' } })).json();
    await fc.assert(
      fc.asyncProperty(bodyFor(Object.keys(ENTITIES.goal.schema.shape)), async (body) => {
        const current = await (await fetch(`${server.url}/api/goals/testby-goal-1`, { headers: { 'X-Dev-User': 'testby-leder' } })).json();
        const before = counts();
        const r = await send('PATCH', '/api/goals/testby-goal-1', body, current.revision);
        if (r.status === 200) return;
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(counts()).toEqual(before);
        const after = await (await fetch(`${server.url}/api/goals/testby-goal-1`, { headers: { 'X-Dev-User': 'testby-leder' } })).json();
        expect(after).toEqual(current);
      }),
      { numRuns: 60 },
    );
    expect(goal.id).toBe('testby-goal-1');
  }, 60_000);
});

describe('hostile input at every card verb', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  it('answers every hostile card action with a card, never an exception, and writes no measurement', async () => {
    const store = openSqliteStore(join(tmp.dir, 'cards.db'));
    await importOrganisation(makeContext(store.forTenant('demo'), systemActor('demo')), botMunicipality());
    const actor = { id: 'testby-leder', tenantId: 'demo', displayName: 'Lone Leder', locale: 'da' as const, authMethod: 'bot' as const };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...VERBS), hostileString),
        bodyFor(['indicatorId', 'period', 'indicatorRevision', 'cardVersion', 'value', 'comment', 'agreementId', 'version']),
        async (verb, data) => {
          const ctx = makeContext(store.forTenant('demo'), actor, () => BOT_NOW);
          const before = await ctx.store.count('measurement', {});
          const result = await handleCardAction(
            { ctx, personId: actor.id, locale: 'da', links: { teamsAppId: null, publicUrl: 'http://localhost' }, inTeams: true },
            { verb, data, activityId: `a-${++n}` },
          );
          expect(result).toBeTruthy();
          expect(JSON.stringify(result).length).toBeLessThan(28 * 1024);
          const after = await ctx.store.count('measurement', {});
          expect(after).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
    await store.close();
  }, 60_000);
});
