import { makeContext } from '../api/core/context';
import type { AgreementRollup, MeasurementSummary } from '../api/core/model';
import { getOverview } from '../api/core/services/overview';
import { importOrganisation } from '../api/core/services/transfer';
import { provision } from '../teams-app/provision';
import { systemActor } from '../teams-app/system-actor';
import { bigMunicipality } from './support/big-municipality';
import { sharePointEnv, sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * A SharePoint site that holds agreements from before the measurement summaries and agreement roll-ups existed
 * (SQLite filled them in its migrations): `npm run provision` makes them, through the core's own derivation, so
 * the chief's overview shows what the agreements say; a second run writes nothing. The site is the Graph stand-in
 * (documented shapes, tests/graph-standin), reached as production reaches Graph: the environment an admin sets,
 * MSAL's tokens from the Entra stand-in.
 */
let fx: SharePointFixture;
const NOW = () => new Date('2026-11-22T12:00:00Z');
const ctx = () => makeContext(fx.store.forTenant('demo'), systemActor('demo'), NOW);
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['demo'] });
}, 120_000);
afterAll(async () => fx?.stop());

const strip = <T extends { revision: number; createdAt: string; updatedAt: string }>(list: readonly T[]) =>
  list.map(({ revision: _r, createdAt: _c, updatedAt: _u, ...rest }) => rest);

describe('npm run provision on a site from before the derived records', () => {
  it('makes every measurement summary and agreement roll-up, printing its progress, and a second run writes nothing', async () => {
    // 25 agreements: more than one commit of the fill (10 agreements each).
    await importOrganisation(ctx(), bigMunicipality('storby', 25));
    const store = fx.store.forTenant('demo');
    const [summaries, rollups] = await store.readMany([
      { kind: 'measurementSummary', where: {} },
      { kind: 'agreementRollup', where: {} },
    ] as const);
    const overview = await getOverview(ctx(), 'storby', 2026);
    expect(overview.filter((r) => r.agreement).length).toBe(25);
    // The site as it was before: the agreements and their measurements, no summaries, no roll-ups.
    await store.commit([
      ...summaries.map((s) => ({ type: 'delete' as const, kind: 'measurementSummary' as const, id: s.id, expectedRevision: null })),
      ...rollups.map((r) => ({ type: 'delete' as const, kind: 'agreementRollup' as const, id: r.id, expectedRevision: null })),
    ]);
    expect((await getOverview(ctx(), 'storby', 2026)).filter((r) => r.agreement)).toEqual([]);

    const lines: string[] = [];
    const errors: string[] = [];
    const env = sharePointEnv({ SHAREPOINT_SITE_URL: 'https://testby.sharepoint.com/sites/kvalitet-demo', DEV_TENANT_ID: 'demo' });
    expect(
      await provision(
        env,
        (l) => lines.push(l),
        (l) => errors.push(l),
      ),
    ).toBe(0);
    expect(errors).toEqual([]);
    expect(lines).toContain(
      "derived records: 25 of 25 agreements to look at (no roll-up, one without the dashboards' figures, or indicators without a measurement summary)",
    );
    expect(lines).toContain('derived records: 10 of 25 agreements looked at, 20 summaries and 10 roll-ups written');
    expect(lines).toContain('derived records: 50 measurement summaries and 25 agreement roll-ups written');

    // What the overview and the reminders read is what the agreements say, as before.
    const [after, afterRollups] = await store.readMany([
      { kind: 'measurementSummary', where: {} },
      { kind: 'agreementRollup', where: {} },
    ] as const);
    expect(strip(after as MeasurementSummary[])).toEqual(strip(summaries as MeasurementSummary[]));
    expect(strip(afterRollups as AgreementRollup[])).toEqual(strip(rollups as AgreementRollup[]));
    expect(await getOverview(ctx(), 'storby', 2026)).toEqual(overview);

    fx.reset();
    const again: string[] = [];
    expect(
      await provision(
        env,
        (l) => again.push(l),
        (l) => errors.push(l),
      ),
    ).toBe(0);
    expect(again).toContain("derived records: all 25 agreements have their roll-up and their indicators' summaries");
    const writes = fx.standin.requests.flatMap((r) =>
      r.batchSize !== undefined
        ? (r.body as { requests: { method: string; url: string }[] }).requests.filter((x) => x.method !== 'GET')
        : r.method !== 'GET'
          ? [r]
          : [],
    );
    expect(writes).toEqual([]);

    // A roll-up from before the dashboards' figures (goals by fulfilment, indicators by track, goal links, indicator
    // keys) is made again, with them; the others are left alone.
    const [old] = (await store.readMany([{ kind: 'agreementRollup', where: {} }] as const)) as [AgreementRollup[]];
    const { goalsByFulfilment: _g, indicatorsByTrack: _i, goalLinks: _l, indicatorKeys: _k, ...before } = old[0]!;
    await store.commit([{ type: 'put', kind: 'agreementRollup', record: before, expectedRevision: old[0]!.revision }]);
    const third: string[] = [];
    expect(
      await provision(
        env,
        (l) => third.push(l),
        (l) => errors.push(l),
      ),
    ).toBe(0);
    expect(third).toContain('derived records: 0 measurement summaries and 1 agreement roll-ups written');
    const [remade] = (await store.readMany([{ kind: 'agreementRollup', ids: [old[0]!.id] }] as const)) as [AgreementRollup[]];
    expect(strip(remade)).toEqual(strip([old[0]!]));
  }, 240_000);
});
