import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { getDashboard, type Dashboard, type DashboardFigures } from '../api/core/services/dashboard';
import { recordMeasurement } from '../api/core/services/measurements';
import { getOverview } from '../api/core/services/overview';
import { createRecord, getRecord, updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { HANDBY, HANDBY_NOW, handby, naboby } from './support/handby';
import { tempDir } from './support/mother';
import { client } from './support/neighbours';
import { openTestStore, startTestServer, type TestServer } from './support/server';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';
import { OpenApiChecker } from './support/openapi-check';

/**
 * The dashboards' numbers against Handby (tests/support/handby.ts), worked out by hand there: agreements by state,
 * goals by fulfilment, indicators by track, measurements due and late — in total and per part, drilling down to the
 * units, on both stores; and who sees what: a draft counts by its state only for those who may not read it, and
 * another tenant's municipality is never there.
 */

/** Figures with every count not named 0 (the dashboard lists every state, fulfilment and track). */
function figures(f: {
  units: number;
  agreements?: Partial<DashboardFigures['agreements']>;
  withheld?: number;
  goals?: Partial<DashboardFigures['goals']>;
  indicators?: Partial<DashboardFigures['indicators']>;
  due?: number;
  late?: number;
}): DashboardFigures {
  return {
    units: f.units,
    agreements: { draft: 0, submitted: 0, approved: 0, in_effect: 0, year_end: 0, closed: 0, none: 0, ...f.agreements },
    withheld: f.withheld ?? 0,
    goals: {
      not_started: 0,
      on_track: 0,
      at_risk: 0,
      off_track: 0,
      achieved: 0,
      partly_achieved: 0,
      not_achieved: 0,
      not_followed_up: 0,
      cancelled: 0,
      none: 0,
      ...f.goals,
    },
    indicators: { on_track: 0, off_track: 0, no_data: 0, no_target: 0, ...f.indicators },
    measurements: { due: f.due ?? 0, late: f.late ?? 0 },
  };
}

// Handby as its quality office (and the chiefs) see it: everything counted.
const ALL = figures({
  units: 7, // Handby, Børn og Unge, Dagtilbud Nord, Solsikken, Mælkebøtten, Ældre og Sundhed, Egely
  agreements: { in_effect: 2, draft: 1, approved: 1, none: 3 }, // none: Handby itself, Dagtilbud Nord, Ældre og Sundhed
  goals: { on_track: 2, off_track: 1, at_risk: 1, achieved: 1, not_started: 1, cancelled: 1 }, // A1 G1 | G2 | G4 | G3 | G5 | G6
  indicators: { on_track: 1, off_track: 1, no_data: 1, no_target: 1 }, // I1 | I2 | I3 | I4
  due: 1, // I2 November
  late: 4, // I2 October; I3 Q1, Q2, Q3
});
// Børn og Unge with everything below it: Børn og Unge, Dagtilbud Nord, Solsikken, Mælkebøtten.
const BU = figures({
  units: 4,
  agreements: { in_effect: 2, draft: 1, none: 1 },
  goals: { on_track: 2, off_track: 1, at_risk: 1, achieved: 1 }, // A1 G1 | G2 | G4 | G3
  indicators: { on_track: 1, off_track: 1, no_target: 1 }, // I1 | I2 | I4
  due: 1,
  late: 1,
});
// Ældre og Sundhed and Egely.
const AE = figures({ units: 2, agreements: { approved: 1, none: 1 }, goals: { not_started: 1, cancelled: 1 }, indicators: { no_data: 1 }, late: 3 });
const SOLSIKKEN = figures({
  units: 1,
  agreements: { in_effect: 1 },
  goals: { on_track: 1, off_track: 1, achieved: 1 },
  indicators: { on_track: 1, off_track: 1 },
  due: 1,
  late: 1,
});
const MAELKEBOETTEN = figures({ units: 1, agreements: { draft: 1 }, goals: { at_risk: 1 }, indicators: { no_target: 1 } });
// Mælkebøtten's draft as anyone but its unit, its chief and the quality office sees it: its state, nothing in it.
const MAELKEBOETTEN_WITHHELD = figures({ units: 1, agreements: { draft: 1 }, withheld: 1 });

let fx: SharePointFixture;
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['t'] });
}, 60_000);
afterAll(async () => fx?.stop());

const stores: [string, () => Store][] = [
  ['SQLite', () => openTestStore(':memory:')],
  ['SharePoint', () => fx.store],
];

describe.each(stores)('the dashboard from the roll-ups (%s)', (_name, open) => {
  let store: Store;
  beforeAll(async () => {
    store = open();
    for (const doc of [handby(), naboby()]) await importOrganisation(makeContext(store.forTenant('t'), systemActor('t'), HANDBY_NOW), doc);
  }, 60_000);
  const as = (id: string) => makeContext(store.forTenant('t'), { ...systemActor('t', 'development'), id, displayName: id }, HANDBY_NOW);

  it("the quality office's whole municipality, its parts adding up to the totals", async () => {
    const d = await getDashboard(as(HANDBY.quality), 'handby', 2026);
    expect(d.unit).toEqual({ id: 'handby', name: 'Handby Kommune', kind: 'municipality' });
    expect(d.path).toEqual([]);
    expect(d.totals).toEqual(ALL);
    expect(d.parts.map((p) => ({ unit: p.unit.id, scope: p.scope, drill: p.drill, agreementId: p.agreementId, figures: p.figures }))).toEqual([
      { unit: 'handby', scope: 'own', drill: false, agreementId: null, figures: figures({ units: 1, agreements: { none: 1 } }) },
      // The units below in the port's order (by id).
      { unit: 'handby-ae', scope: 'below', drill: true, agreementId: null, figures: AE },
      { unit: 'handby-bu', scope: 'below', drill: true, agreementId: null, figures: BU },
    ]);
  });

  it('the chief drills down to the units of an area, with the way back up', async () => {
    const d = await getDashboard(as(HANDBY.chief), 'handby-nord', 2026);
    expect(d.path.map((u) => u.id)).toEqual(['handby', 'handby-bu']);
    expect(d.parts.map((p) => ({ unit: p.unit.name, drill: p.drill, agreementId: p.agreementId, figures: p.figures }))).toEqual([
      { unit: 'Dagtilbud Nord', drill: false, agreementId: null, figures: figures({ units: 1, agreements: { none: 1 } }) },
      { unit: 'Solsikken', drill: false, agreementId: 'handby-u1-2026', figures: SOLSIKKEN },
      { unit: 'Mælkebøtten', drill: false, agreementId: 'handby-u2-2026', figures: MAELKEBOETTEN },
    ]);
    expect(d.totals).toEqual(
      figures({
        units: 3,
        agreements: { in_effect: 1, draft: 1, none: 1 },
        goals: { on_track: 1, off_track: 1, at_risk: 1, achieved: 1 }, // G1 | G2 | G4 | G3
        indicators: { on_track: 1, off_track: 1, no_target: 1 },
        due: 1,
        late: 1,
      }),
    );
  });

  it("a draft counts by its state only for those who may not read it: Solsikken's staff, a reader, the other administration's chief", async () => {
    for (const who of [HANDBY.u1Staff, HANDBY.reader, HANDBY.elderChief]) {
      const d = await getDashboard(as(who), 'handby', 2026);
      expect({ who, totals: d.totals }).toEqual({
        who,
        totals: { ...ALL, withheld: 1, goals: { ...ALL.goals, at_risk: 0 }, indicators: { ...ALL.indicators, no_target: 0 } },
      });
      const nord = await getDashboard(as(who), 'handby-nord', 2026);
      expect({ who, part: nord.parts.find((p) => p.unit.id === 'handby-u2')!.figures }).toEqual({ who, part: MAELKEBOETTEN_WITHHELD });
    }
    // Its own staff and the chief above it read it.
    for (const who of [HANDBY.u2Staff, HANDBY.chief]) {
      const nord = await getDashboard(as(who), 'handby-nord', 2026);
      expect({ who, part: nord.parts.find((p) => p.unit.id === 'handby-u2')!.figures }).toEqual({ who, part: MAELKEBOETTEN });
    }
  });

  it('another year holds nothing: every unit without an agreement', async () => {
    const d = await getDashboard(as(HANDBY.quality), 'handby', 2025);
    expect(d.totals).toEqual(figures({ units: 7, agreements: { none: 7 } }));
  });

  it('counts follow a write: a value above the target puts Sygefravær back on track and October is no longer late', async () => {
    await recordMeasurement(as(HANDBY.u1Leader), { indicatorId: 'handby-i2', period: '2026-10', value: 4 });
    const d = await getDashboard(as(HANDBY.quality), 'handby-nord', 2026);
    // G2 on track now (I2's latest value, October's 4, is at most 5); I2 on track; October reported: late 0.
    expect(d.parts.find((p) => p.unit.id === 'handby-u1')!.figures).toEqual(
      figures({ units: 1, agreements: { in_effect: 1 }, goals: { on_track: 2, achieved: 1 }, indicators: { on_track: 2 }, due: 1 }),
    );
  });
});

describe('the dashboard over HTTP', () => {
  let server: TestServer;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    const store = openTestStore(':memory:');
    // Another tenant with a municipality of its own.
    const fremmed = JSON.parse(JSON.stringify(naboby()).replaceAll('naboby', 'fremmedby')) as ReturnType<typeof naboby>;
    await importOrganisation(makeContext(store.forTenant('other'), systemActor('other'), HANDBY_NOW), fremmed);
    server = await startTestServer([handby(), naboby()], { store, now: HANDBY_NOW });
    call = client(server.url);
  });
  afterAll(async () => server?.stop());

  it('answers the figures of the document, as the OpenAPI document describes them', async () => {
    const r = await call('GET', '/api/dashboard?unitId=handby&year=2026', HANDBY.quality);
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual(ALL);
    const checker = new OpenApiChecker((await call('GET', '/api/openapi.json', HANDBY.quality)).body as Record<string, unknown>);
    expect(checker.check('GET', '/api/dashboard', 200, r.body)).toBe('getDashboard');
  });

  it("another tenant's municipality is not found, and none of its units is counted", async () => {
    const r = await call('GET', '/api/dashboard?unitId=fremmedby&year=2026', HANDBY.quality);
    expect(r.status).toBe(404);
    expect((await call('GET', '/api/dashboard?unitId=fremmedby-u1&year=2026', HANDBY.reader)).status).toBe(404);
  });

  it("Naboby's units are not Handby's: its dashboard counts only its own", async () => {
    const r = await call('GET', '/api/dashboard?unitId=naboby&year=2026', HANDBY.nabobyStaff);
    expect(r.body.totals).toEqual(figures({ units: 2, agreements: { in_effect: 1, none: 1 }, goals: { off_track: 1 }, indicators: { off_track: 1 }, late: 2 }));
    // Nabohuset: one quarterly indicator, at least 80, Q3 = 70 → off track (the goal too); Q1 and Q2 late, Q4 not yet ended.
  });

  it('a missing or malformed unit or year is named', async () => {
    expect((await call('GET', '/api/dashboard?year=2026', HANDBY.quality)).body.error).toMatchObject({ code: 'validation_failed' });
    const bad = await call('GET', '/api/dashboard?unitId=handby&year=twenty', HANDBY.quality);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
  });
});

describe('a dashboard made once is answered again only while its facts stand (two instances on one SQLite file)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('a write or a new unit on the other instance, the day turning and another reader each get figures of their own', async () => {
    const file = join(tmp.dir, 'handby.db');
    const one = openSqliteStore(file);
    const two = openSqliteStore(file);
    try {
      await importOrganisation(makeContext(one.forTenant('t'), systemActor('t'), HANDBY_NOW), handby());
      const on = (store: Store, id: string, now = HANDBY_NOW) =>
        makeContext(store.forTenant('t'), { ...systemActor('t', 'development'), id, displayName: id }, now);
      const solsikken = (d: Dashboard) => d.parts.find((p) => p.unit.id === 'handby-u1')!.figures;

      const first = await getDashboard(on(one, HANDBY.quality), 'handby-nord', 2026);
      expect(solsikken(first)).toEqual(SOLSIKKEN);
      // Nothing changed: the same answer, made once.
      expect(await getDashboard(on(one, HANDBY.quality), 'handby-nord', 2026)).toBe(first);
      // Another reader, who may not read Mælkebøtten's draft, is not given the quality office's figures.
      const reader = await getDashboard(on(one, HANDBY.reader), 'handby-nord', 2026);
      expect(reader.parts.find((p) => p.unit.id === 'handby-u2')!.figures).toEqual(MAELKEBOETTEN_WITHHELD);

      // October's value written on the other instance: Sygefravær back on track, October no longer late.
      await recordMeasurement(on(two, HANDBY.u1Leader), { indicatorId: 'handby-i2', period: '2026-10', value: 4 });
      const reported = figures({ units: 1, agreements: { in_effect: 1 }, goals: { on_track: 2, achieved: 1 }, indicators: { on_track: 2 }, due: 1 });
      expect(solsikken(await getDashboard(on(one, HANDBY.quality), 'handby-nord', 2026))).toEqual(reported);

      // Ten days' grace after November ended (5 → 15 December): November is late now, not due.
      const later = () => new Date('2026-12-15T12:00:00Z');
      expect(solsikken(await getDashboard(on(one, HANDBY.quality, later), 'handby-nord', 2026))).toEqual({ ...reported, measurements: { due: 0, late: 1 } });

      // A unit added on the other instance is counted, without an agreement.
      await createRecord(on(two, HANDBY.quality), 'unit', {
        id: 'handby-u9',
        parentId: 'handby-nord',
        kind: 'unit',
        name: 'Valmuen',
        leaderIds: [],
        approverId: null,
        memberIds: [],
      });
      const grown = await getDashboard(on(one, HANDBY.quality), 'handby-nord', 2026);
      expect(grown.parts.find((p) => p.unit.id === 'handby-u9')?.figures).toEqual(figures({ units: 1, agreements: { none: 1 } }));
      expect(grown.totals.units).toBe(first.totals.units + 1);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('the overview too; and readers are told apart by everything that gives them a role: an Entra group, the tenant admins configured', async () => {
    const file = join(tmp.dir, 'readers.db');
    const one = openSqliteStore(file);
    const two = openSqliteStore(file);
    try {
      await importOrganisation(makeContext(one.forTenant('t'), systemActor('t'), HANDBY_NOW), handby());
      type Who = { id: string; groupIds?: string[]; admin?: boolean };
      const on = (store: Store, who: Who) =>
        makeContext(
          store.forTenant('t'),
          { ...systemActor('t', 'development'), id: who.id, displayName: who.id, groupIds: who.groupIds },
          HANDBY_NOW,
          who.admin ? { tenantAdminIds: [who.id] } : {},
        );
      const maelkebotten = async (who: Who) => ({
        dashboard: (await getDashboard(on(one, who), 'handby-nord', 2026)).parts.find((p) => p.unit.id === 'handby-u2')!.figures,
        overview: (await getOverview(on(one, who), 'handby-nord', 2026)).find((r) => r.unit.id === 'handby-u2')!.goals,
      });
      const read = { dashboard: MAELKEBOETTEN, overview: 1 };
      const withheld = { dashboard: MAELKEBOETTEN_WITHHELD, overview: 0 };

      // The overview is made once while nothing changed, and follows a write on the other instance.
      const overview = await getOverview(on(one, { id: HANDBY.quality }), 'handby-nord', 2026);
      expect(await getOverview(on(one, { id: HANDBY.quality }), 'handby-nord', 2026)).toBe(overview);
      await recordMeasurement(on(two, { id: HANDBY.u1Leader }), { indicatorId: 'handby-i2', period: '2026-10', value: 4 });
      const after = await getOverview(on(one, { id: HANDBY.quality }), 'handby-nord', 2026);
      expect(after.find((r) => r.unit.id === 'handby-u1')!.lateMeasurements).toBe(overview.find((r) => r.unit.id === 'handby-u1')!.lateMeasurements - 1);

      // Mælkebøtten's staff become those of an Entra group (on the other instance). A reader in the group reads its
      // draft; the same person outside it does not, asked after and before.
      const unit = await getRecord(on(two, { id: HANDBY.quality }), 'unit', 'handby-u2');
      await updateRecord(on(two, { id: HANDBY.quality }), 'unit', 'handby-u2', { memberGroupId: 'maelkeboetten-staff' }, unit.revision);
      const member = { id: HANDBY.reader, groupIds: ['maelkeboetten-staff'] };
      expect(await maelkebotten({ id: HANDBY.reader })).toEqual(withheld);
      expect(await maelkebotten(member)).toEqual(read);
      expect(await maelkebotten({ id: HANDBY.reader, groupIds: ['another-group'] })).toEqual(withheld);
      // The same person configured as a tenant admin reads every draft; without it, not.
      expect(await maelkebotten({ id: HANDBY.reader, admin: true })).toEqual(read);
      expect(await maelkebotten({ id: HANDBY.reader })).toEqual(withheld);
      // Readers withheld the same drafts are answered the same dashboard.
      expect(await getDashboard(on(one, { id: HANDBY.reader }), 'handby-nord', 2026)).toBe(
        await getDashboard(on(one, { id: HANDBY.elderChief }), 'handby-nord', 2026),
      );
    } finally {
      await one.close();
      await two.close();
    }
  });
});
