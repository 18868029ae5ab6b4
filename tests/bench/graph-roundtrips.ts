/**
 * Benchmark: the agreement view and the chief's overview through the Graph adapter, against a naive client
 * that asks for one thing per request, both over HTTPS to the local Graph stand-in with a simulated 80 ms
 * per round trip. Prints round trips, time and the ratios, measured in one run.
 *
 *   npm run bench:graph            (100 units; LATENCY_MS and UNITS change the set-up)
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { makeContext } from '../../api/core/context';
import { getAgreementView } from '../../api/core/services/agreement-view';
import { getOverview } from '../../api/core/services/overview';
import { importOrganisation } from '../../api/core/services/transfer';
import { hoejeTaastrup } from '../../api/demo';
import { createGraphClient, userAgentOf } from '../../api/store/sharepoint/graph-http';
import { LISTS, listOf } from '../../api/store/sharepoint/list-schema';
import { provisionLists } from '../../api/store/sharepoint/provision';
import os from 'node:os';
import path from 'node:path';
import { fileRecoveryJournal } from '../../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../../api/store/sharepoint/sharepoint-store';
import { systemActor } from '../../teams-app/system-actor';
import { startGraphStandin } from '../graph-standin/graph-standin';
import { bigMunicipality } from '../support/big-municipality';

const LATENCY = Number(process.argv.find((a) => a.startsWith('--latency='))?.split('=')[1] ?? 80);
const UNITS = Number(process.argv.find((a) => a.startsWith('--units='))?.split('=')[1] ?? 100);

/** The naive client: one request per item, each awaited before the next, as straightforward code does. */
class NaiveClient {
  constructor(private readonly client: Client, private readonly siteId: string) {}
  private async items(kind: Parameters<typeof listOf>[0], column: string, value: string | number) {
    const v = typeof value === 'number' ? value : `'${value}'`;
    const r = await this.client.api(`/sites/${this.siteId}/lists/${listOf(kind).displayName}/items`).query({ $expand: 'fields', $filter: `fields/${column} eq ${v}` }).get();
    return (r.value as { fields: { Data: string } }[]).map((i) => JSON.parse(i.fields.Data));
  }
  async agreementView(agreementId: string) {
    const [agreement] = await this.items('agreement', 'RecordId', agreementId);
    const [unit] = await this.items('unit', 'RecordId', agreement.unitId);
    const goals = await this.items('goal', 'AgreementId', agreementId);
    const out = { agreement, unit, goals, actions: [] as unknown[], criteria: [] as unknown[], indicators: [] as unknown[], measurements: [] as unknown[], parents: [] as unknown[] };
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
  const store = openSharePointStore({ client, sites: { demo: site.id }, recovery: fileRecoveryJournal(path.join(os.tmpdir(), `bench-recovery-${process.pid}.jsonl`)) });
  const ctx = () => makeContext(store.forTenant('demo'), systemActor('demo'), () => new Date('2026-11-22T12:00:00Z'));
  process.stderr.write(`loading Høje-Taastrup and ${UNITS} units …\n`);
  await importOrganisation(ctx(), hoejeTaastrup);
  await importOrganisation(ctx(), bigMunicipality('bench', UNITS));
  standin.setLatency(LATENCY);
  const naive = new NaiveClient(client, site.id);

  const measure = async (label: string, run: () => Promise<unknown>) => {
    standin.resetRequests();
    const t = performance.now();
    await run();
    return { label, trips: standin.requests.length, ms: performance.now() - t };
  };
  const rows = [
    [await measure('agreement view, adapter', () => getAgreementView(ctx(), 'hoeje-taastrup-team-myndighed-2016')), await measure('agreement view, naive', () => naive.agreementView('hoeje-taastrup-team-myndighed-2016'))],
    [await measure(`overview of ${UNITS} units, adapter`, () => getOverview(ctx(), 'bench-adm', 2026)), await measure(`overview of ${UNITS} units, naive`, () => naive.overview('bench-adm', 2026))],
  ];
  console.log(`\nGraph round trips with ${LATENCY} ms simulated latency each (local HTTPS stand-in, one run)\n`);
  console.log(`${'case'.padEnd(34)}${'round trips'.padStart(12)}${'time ms'.padStart(10)}`);
  for (const [adapter, naiveRow] of rows) {
    for (const r of [adapter!, naiveRow!]) console.log(`${r.label.padEnd(34)}${String(r.trips).padStart(12)}${r.ms.toFixed(0).padStart(10)}`);
    console.log(`${'  naive / adapter'.padEnd(34)}${(naiveRow!.trips / adapter!.trips).toFixed(1).padStart(11)}x${(naiveRow!.ms / adapter!.ms).toFixed(1).padStart(9)}x\n`);
  }
  await standin.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
