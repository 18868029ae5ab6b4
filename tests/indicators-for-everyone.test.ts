import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { systemActor } from '../teams-app/system-actor';
import { HANDBY, HANDBY_NOW, handby, naboby } from './support/handby';
import { client } from './support/neighbours';
import { OpenApiChecker } from './support/openapi-check';
import { openTestStore, startTestServer, type TestServer } from './support/server';

/**
 * Indicators for everyone (as in Odense's portal): every employee of the municipality sees every unit's indicators of
 * a published agreement and compares the units that share an indicator (the same name); a draft's indicators stay with
 * its unit's people, its chiefs and the quality office (docs/roles.md); another municipality's units are not in the
 * comparison; another tenant's are never found. And the red thread counts the goals below each goal by fulfilment.
 * The expectations are Handby's, worked out by hand in tests/support/handby.ts.
 */
let server: TestServer;
let call: ReturnType<typeof client>;
let checker: OpenApiChecker;
beforeAll(async () => {
  const store = openTestStore(':memory:');
  const fremmed = JSON.parse(JSON.stringify(naboby()).replaceAll('naboby', 'fremmedby')) as ReturnType<typeof naboby>;
  await importOrganisation(makeContext(store.forTenant('other'), systemActor('other'), HANDBY_NOW), fremmed);
  server = await startTestServer([handby(), naboby()], { store, now: HANDBY_NOW });
  call = client(server.url);
  checker = new OpenApiChecker((await call('GET', '/api/openapi.json', HANDBY.quality)).body as Record<string, unknown>);
});
afterAll(async () => server?.stop());

const get = async (path: string, who: string) => {
  const r = await call('GET', path, who);
  if (r.status === 200) checker.check('GET', path, 200, r.body);
  return r;
};

describe("a unit's indicators", () => {
  it("a staff member of Solsikken sees Egely's indicators of its approved agreement, with latest value, target and track", async () => {
    const r = await get('/api/units/handby-u3/indicators?year=2026', HANDBY.u1Staff);
    expect(r.status).toBe(200);
    expect(r.body.agreement).toEqual({ id: 'handby-u3-2026', status: 'approved', title: 'Kvalitetsaftale 2026 for Plejecenter Egely' });
    expect(r.body.withheld).toBe(false);
    // I3: at least 85 %, nothing reported → no data. Shared with Solsikken (I1) and Mælkebøtten (I4) by name — but
    // Mælkebøtten's draft is not Solsikken's staff's to see: 1 other unit.
    expect(r.body.indicators).toEqual([
      expect.objectContaining({
        id: 'handby-i3',
        name: 'trivsel  blandt Børn',
        target: 85,
        latestValue: null,
        track: 'no_data',
        goalTitle: 'Beboerne trives',
        sharedBy: 1,
      }),
    ]);
  });

  it("a staff member of Solsikken does not see Mælkebøtten's draft indicators: its state only", async () => {
    const r = await get('/api/units/handby-u2/indicators?year=2026', HANDBY.u1Staff);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agreement: { id: 'handby-u2-2026', status: 'draft' }, withheld: true, indicators: [] });
    // Someone signed in without any role sees no more.
    expect((await get('/api/units/handby-u2/indicators?year=2026', HANDBY.reader)).body).toMatchObject({ withheld: true, indicators: [] });
  });

  it("Mælkebøtten's own staff and the chief above it see the draft's indicators", async () => {
    for (const who of [HANDBY.u2Staff, HANDBY.chief, HANDBY.quality]) {
      const r = await get('/api/units/handby-u2/indicators?year=2026', who);
      expect({ who, ids: r.body.indicators.map((i: { id: string }) => i.id) }).toEqual({ who, ids: ['handby-i4'] });
    }
  });

  it('Solsikken, as everyone reads it: I1 meets its target (95 ≥ 90), I2 misses it (6.2 > 5)', async () => {
    const r = await get('/api/units/handby-u1/indicators?year=2026', HANDBY.reader);
    expect(r.body.indicators.map((i: Record<string, unknown>) => [i.id, i.latestValue, i.latestPeriod, i.track, i.sharedBy])).toEqual([
      ['handby-i1', 95, '2026-Q3', 'on_track', 1], // Egely's I3 by name; Mælkebøtten's draft not counted for a reader
      ['handby-i2', 6.2, '2026-09', 'off_track', 0],
    ]);
  });

  it('a unit without an agreement that year answers so; a unit of another tenant is not found', async () => {
    expect((await get('/api/units/handby-nord/indicators?year=2026', HANDBY.reader)).body).toMatchObject({ agreement: null, indicators: [] });
    expect((await call('GET', '/api/units/fremmedby-u1/indicators?year=2026', HANDBY.quality)).status).toBe(404);
  });
});

describe('the comparison of units that share an indicator', () => {
  it('a staff member of Solsikken compares "Trivsel blandt børn" with Egely (written "trivsel  blandt Børn"), not with the draft nor Naboby', async () => {
    const r = await get('/api/indicators/handby-i1/comparison', HANDBY.u1Staff);
    expect(r.status).toBe(200);
    expect(r.body.municipality).toEqual({ id: 'handby', name: 'Handby Kommune' });
    expect(r.body.units.map((u: Record<string, unknown> & { unit: { name: string } }) => [u.unit.name, u.id, u.latestValue, u.target, u.track])).toEqual([
      ['Solsikken', 'handby-i1', 95, 90, 'on_track'], // the one asked first
      ['Plejecenter Egely', 'handby-i3', null, 85, 'no_data'],
    ]);
  });

  it('the chief of Børn og Unge and the quality office see the draft too', async () => {
    for (const who of [HANDBY.chief, HANDBY.quality]) {
      const r = await get('/api/indicators/handby-i1/comparison', who);
      expect({ who, ids: r.body.units.map((u: { id: string }) => u.id) }).toEqual({ who, ids: ['handby-i1', 'handby-i4', 'handby-i3'] }); // then by unit name: Mælkebøtten, Plejecenter Egely
    }
  });

  it("Naboby's staff compare within Naboby only", async () => {
    const r = await get('/api/indicators/naboby-i1/comparison', HANDBY.nabobyStaff);
    expect(r.body.units.map((u: { id: string }) => u.id)).toEqual(['naboby-i1']);
  });

  it("a draft's indicator cannot be compared by someone who may not read it; another tenant's is not found", async () => {
    expect((await call('GET', '/api/indicators/handby-i4/comparison', HANDBY.u1Staff)).status).toBe(403);
    expect((await call('GET', '/api/indicators/fremmedby-i1/comparison', HANDBY.quality)).status).toBe(404);
  });
});

describe('the red thread counts the goals below each goal', () => {
  it('as the quality office: everything below the vision and below Børn og Unge’s goal', async () => {
    const r = await get('/api/agreements/handby-u1-2026/red-thread', HANDBY.quality);
    expect(r.body.below).toEqual({
      'handby-v': { on_track: 2, off_track: 1, at_risk: 1, achieved: 1, not_started: 1, cancelled: 1 }, // A1 G1 | G2 | G4 | G3 | G5 | G6
      'handby-a1': { on_track: 1, off_track: 1, at_risk: 1, achieved: 1 }, // G1 | G2 | G4 | G3
    });
  });

  it("as Solsikken's staff: Mælkebøtten's draft goal is not counted", async () => {
    const r = await get('/api/agreements/handby-u1-2026/red-thread', HANDBY.u1Staff);
    expect(r.body.below).toEqual({
      'handby-v': { on_track: 2, off_track: 1, achieved: 1, not_started: 1, cancelled: 1 },
      'handby-a1': { on_track: 1, off_track: 1, achieved: 1 },
    });
  });
});
