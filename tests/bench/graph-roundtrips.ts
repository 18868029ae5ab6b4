/**
 * Benchmark: the views through the Graph adapter on a generated municipality held by the local Graph
 * stand-in (tests/support/large-municipality.ts), over HTTPS with a simulated 80 ms per round trip; the
 * agreement view and the chief's overview also against a naive client that asks for one thing per request.
 * Prints round trips, time and the ratios, measured in one run.
 *
 *   npm run bench:graph -- --units=1500 --measurements=45000 --latency=80 --json=file
 *
 * --units sizes the municipality as the generator does (default 1500: the chief's area holds 100 units).
 * Loading the stand-in goes through the adapter's import, a round trip per record, so by default the stand-in
 * holds every person, unit and agreement, but goals and what hangs below them only for the chief's area and
 * the units above it (the overview's and the agreement view's units; the records are those of the whole document), with
 * --measurements per indicator (default 1); --content=all loads everything.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { makeContext } from '../../api/core/context';
import { getAgreementView } from '../../api/core/services/agreement-view';
import { getOverview } from '../../api/core/services/overview';
import { getDashboard } from '../../api/core/services/dashboard';
import { importOrganisation } from '../../api/core/services/transfer';
import { getMyUnits } from '../../api/core/services/my-units';
import { myTasks } from '../../api/core/services/my-tasks';
import { getOrganisationTree } from '../../api/core/services/organisation';
import { recordMeasurement } from '../../api/core/services/measurements';
import { writeFileSync } from 'node:fs';
import { createGraphClient, userAgentOf } from '../../api/store/sharepoint/graph-http';
import { LISTS, listOf } from '../../api/store/sharepoint/list-schema';
import { provisionLists } from '../../api/store/sharepoint/provision';
import os from 'node:os';
import path from 'node:path';
import { fileRecoveryJournal } from '../../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../../api/store/sharepoint/sharepoint-store';
import { systemActor } from '../../teams-app/system-actor';
import { startGraphStandin } from '../graph-standin/graph-standin';
import { COLLECTIONS, DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION } from '../../api/core/transfer';
import { generatorOptions, landmarks, municipalityRecords, planMunicipality, sizesFor, subtreeOf } from '../support/large-municipality';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const LATENCY = Number(arg('latency') ?? 80);
const UNITS = Number(arg('units') ?? 1_500);
const MEASUREMENTS = Number(arg('measurements') ?? 1) * sizesFor(UNITS).indicators;
const ALL_CONTENT = arg('content') === 'all';
const JSON_OUT = arg('json');
/** The round trips a view may take (README, tests/sharepoint-adapter.test.ts). */
const BUDGET: Record<string, number> = {
  'agreement view': 2,
  'agreement view, organisation cached': 2,
  'overview of an area': 5,
  'dashboard, whole municipality': 2,
  'dashboard of an area': 2,
};

/** The naive client: one request per item, each awaited before the next, as straightforward code does. */
class NaiveClient {
  constructor(
    private readonly client: Client,
    private readonly siteId: string,
  ) {}
  private async items(kind: Parameters<typeof listOf>[0], column: string, value: string | number) {
    const v = typeof value === 'number' ? value : `'${value}'`;
    const r = await this.client
      .api(`/sites/${this.siteId}/lists/${listOf(kind).displayName}/items`)
      .query({ $expand: 'fields', $filter: `fields/${column} eq ${v}` })
      .get();
    return (r.value as { fields: { Data: string } }[]).map((i) => JSON.parse(i.fields.Data));
  }
  async agreementView(agreementId: string) {
    const [agreement] = await this.items('agreement', 'RecordId', agreementId);
    const [unit] = await this.items('unit', 'RecordId', agreement.unitId);
    const goals = await this.items('goal', 'AgreementId', agreementId);
    const out = {
      agreement,
      unit,
      goals,
      actions: [] as unknown[],
      criteria: [] as unknown[],
      indicators: [] as unknown[],
      measurements: [] as unknown[],
      parents: [] as unknown[],
    };
    for (const g of goals) {
      out.actions.push(...(await this.items('action', 'GoalId', g.id)));
      out.criteria.push(...(await this.items('successCriterion', 'GoalId', g.id)));
      for (const i of await this.items('indicator', 'GoalId', g.id)) {
        out.indicators.push(i);
        out.measurements.push(...(await this.items('measurement', 'IndicatorId', i.id)));
      }
      for (const p of g.parentGoalIds) out.parents.push(...(await this.items('goal', 'RecordId', p)));
    }
    return out;
  }
  async overview(rootId: string, year: number) {
    const rows = [];
    for (const unit of await this.items('unit', 'ParentId', rootId)) {
      const agreements = (await this.items('agreement', 'UnitId', unit.id)).filter((a) => a.year === year);
      let indicators = 0;
      for (const a of agreements)
        for (const g of await this.items('goal', 'AgreementId', a.id))
          for (const i of await this.items('indicator', 'GoalId', g.id)) {
            await this.items('measurement', 'IndicatorId', i.id);
            indicators++;
          }
      rows.push({ unit: unit.id, agreements: agreements.length, indicators });
    }
    return rows;
  }
}

async function main() {
  const standin = await startGraphStandin();
  const client = createGraphClient({ token: async () => 'bench', userAgent: userAgentOf('Benchmark', '0.1.0') });
  const site = standin.createSite('bench.sharepoint.com', '/sites/kvalitet');
  await provisionLists(client, site.id, LISTS);
  const store = openSharePointStore({
    client,
    sites: { demo: site.id },
    recovery: fileRecoveryJournal(path.join(os.tmpdir(), `bench-recovery-${process.pid}`)),
  });
  const now = () => new Date('2026-11-22T12:00:00Z');
  const ctx = (actorId?: string) =>
    makeContext(store.forTenant('demo'), actorId ? { ...systemActor('demo', 'development'), id: actorId, displayName: actorId } : systemActor('demo'), now);
  const opts = generatorOptions({ units: UNITS, measurements: MEASUREMENTS });
  const plan = planMunicipality(opts);
  const l = landmarks(plan);
  if (!ALL_CONTENT) {
    // The area and everything below it, and the units above it whose goals the area's goals point at.
    const content = subtreeOf(plan, l.areaId);
    for (let u = plan.units.find((x) => x.id === l.areaId); u && u.parent !== null; u = plan.units[u.parent]) content.add(u.parent);
    plan.contentOf = content;
  }
  const doc: Record<string, unknown> = { format: DOCUMENT_FORMAT, formatVersion: DOCUMENT_FORMAT_VERSION, municipalityId: l.municipalityId };
  for (const { kind, record } of municipalityRecords(plan)) ((doc[COLLECTIONS[kind]] ??= []) as unknown[]).push(record);
  const held = Object.fromEntries(Object.entries(COLLECTIONS).map(([, c]) => [c, (doc[c] as unknown[] | undefined)?.length ?? 0]));
  const loadStarted = performance.now();
  process.stderr.write(
    `loading a generated municipality into the Graph stand-in: ${Object.entries(held)
      .map(([c, n]) => `${n} ${c}`)
      .join(', ')} …\n`,
  );
  await importOrganisation(ctx(), doc);
  const loadMs = performance.now() - loadStarted;
  standin.setLatency(LATENCY);
  const naive = new NaiveClient(client, site.id);

  const indicator = (await store.forTenant('demo').get('indicator', l.indicatorIds[0]!))!;
  const measure = async (label: string, run: () => Promise<unknown>) => {
    standin.resetRequests();
    const t = performance.now();
    await run();
    return { label, trips: standin.requests.length, ms: performance.now() - t };
  };
  const views = [
    await measure('agreement view', () => getAgreementView(ctx(l.leaderId), l.agreementId)),
    await measure('overview of an area', () => getOverview(ctx(l.chiefId), l.areaId, l.year)),
    await measure('organisation tree', () => getOrganisationTree(ctx(l.staffId))),
    await measure('my units', () => getMyUnits(ctx(l.staffId))),
    await measure('my work', () => myTasks(ctx(l.staffId), l.staffId)),
    await measure('measurement write', () =>
      recordMeasurement(ctx(l.leaderId), {
        indicatorId: indicator.id,
        period: indicator.frequency.kind === 'monthly' ? `${l.year}-12` : `${l.year}-Q4`,
        value: indicator.minValue ?? 1,
      }),
    ),
    await measure('tenant-wide roll-up', () => getOverview(ctx(), l.municipalityId, l.year)),
    await measure('dashboard, whole municipality', () => getDashboard(ctx(l.qualityOfficeId), l.municipalityId, l.year)),
    await measure('dashboard of an area', () => getDashboard(ctx(l.chiefId), l.areaId, l.year)),
    // The first view above came right after the import, which made this instance forget the organisation: where the
    // parent goals' agreements lie was not known, so their roll-ups were read in a third round trip. Every later view
    // of an instance has the organisation its requests read (here: the tree's, my units').
    await measure('agreement view, organisation cached', () => getAgreementView(ctx(l.leaderId), l.agreementId)),
  ];
  const naiveRows = [
    await measure('agreement view, naive', () => naive.agreementView(l.agreementId)),
    await measure(`overview of an area, naive`, () => naive.overview(l.areaId, l.year)),
  ];
  console.log(
    `\nGraph round trips per view, ${UNITS} units in the stand-in (${l.areaUnits} in the chief's area; loaded in ${(loadMs / 1000).toFixed(0)} s), ${LATENCY} ms simulated latency each (local HTTPS stand-in, one run)\n`,
  );
  console.log(`${'case'.padEnd(34)}${'round trips'.padStart(12)}${'budget'.padStart(8)}${'time ms'.padStart(10)}`);
  for (const r of views)
    console.log(`${r.label.padEnd(34)}${String(r.trips).padStart(12)}${String(BUDGET[r.label] ?? '').padStart(8)}${r.ms.toFixed(0).padStart(10)}`);
  console.log('');
  for (const [i, n] of naiveRows.entries()) {
    const adapter = views[i]!;
    console.log(`${n.label.padEnd(34)}${String(n.trips).padStart(12)}${''.padStart(8)}${n.ms.toFixed(0).padStart(10)}`);
    console.log(
      `${'  naive / adapter'.padEnd(34)}${(n.trips / adapter.trips).toFixed(1).padStart(11)}x${''.padStart(8)}${(n.ms / adapter.ms).toFixed(1).padStart(9)}x`,
    );
  }
  if (JSON_OUT)
    writeFileSync(
      JSON_OUT,
      JSON.stringify({
        units: UNITS,
        areaUnits: l.areaUnits,
        held,
        latencyMs: LATENCY,
        loadMs,
        views: views.map((v) => ({ ...v, budget: BUDGET[v.label] ?? null })),
        naive: naiveRows,
      }),
    );
  await standin.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
