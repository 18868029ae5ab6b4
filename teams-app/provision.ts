import { LISTS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { ConfigError, loadConfig } from './config';
import { describeFailure, openSharePointSite } from './store';

/** npm run provision: creates or updates the SharePoint lists, columns and indexes on the configured site. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig({ STORE: 'sharepoint', ...process.env });
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    return 1;
  }
  if (config.store.kind !== 'sharepoint') {
    console.error('npm run provision works on SharePoint: set STORE=sharepoint and the SHAREPOINT_/GRAPH_ variables (docs/deployment.md).');
    return 1;
  }
  const { client, siteId } = await openSharePointSite(config.store);
  console.log(`site ${siteId}`);
  const changes = await provisionLists(client, siteId, LISTS, (line) => console.log(line));
  console.log(changes.length ? `${changes.length} change(s)` : 'nothing to change');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Provisioning failed: ${describeFailure(e)}`);
    process.exit(1);
  },
);
