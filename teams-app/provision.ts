import { fillDerivedRecords } from '../api/core/services/derived-records';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { ConfigError, loadConfig } from './config';
import { describeFailure, openConfiguredStore, openSharePointSite } from './store';

/**
 * npm run provision: creates or updates the SharePoint lists, columns and indexes on the configured site, then makes
 * the derived records a site from before them lacks (the measurement summaries and agreement roll-ups the overview
 * reads: api/core/services/derived-records.ts, fillDerivedRecords), printing each change and the progress.
 * Idempotent: a second run changes nothing. Returns the exit code.
 */
export async function provision(env: Record<string, string | undefined>, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let config;
  try {
    config = loadConfig({ STORE: 'sharepoint', ...env });
  } catch (e) {
    err(e instanceof ConfigError ? e.message : String(e));
    return 1;
  }
  if (config.store.kind !== 'sharepoint') {
    err('npm run provision works on SharePoint: set STORE=sharepoint and the SHAREPOINT_/GRAPH_ variables (docs/deployment.md).');
    return 1;
  }
  try {
    const { client, siteId } = await openSharePointSite(config.store);
    out(`site ${siteId}`);
    const changes = await provisionLists(client, siteId, LISTS, out);
    out(changes.length ? `${changes.length} change(s)` : 'nothing to change');
    const { store } = await openConfiguredStore(config);
    const filled = await fillDerivedRecords(store.forTenant(config.devTenantId), () => new Date(), out);
    if (filled.summaries || filled.rollups) out(`derived records: ${filled.summaries} measurement summaries and ${filled.rollups} agreement roll-ups written`);
    await store.close();
    return 0;
  } catch (e) {
    err(`Provisioning failed: ${describeFailure(e)}`);
    return 1;
  }
}

if (require.main === module)
  void provision(
    process.env,
    (line) => console.log(line),
    (line) => console.error(line),
  ).then((code) => process.exit(code));
