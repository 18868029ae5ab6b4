import { fileRecoveryJournal } from '../../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../../api/store/sharepoint/sharepoint-store';
import { ConfigError, loadConfig } from '../../teams-app/config';
import { graphClientFor, resolveSiteId } from '../../teams-app/store';
import { storeContract } from '../contract/store-contract';

/**
 * The same storage contract against a real SharePoint site. Needs STORE=sharepoint and the SharePoint and
 * AAD_APP_ variables (docs/deployment.md), on a site meant for tests: the suite leaves its records there.
 * The lists must be provisioned first (npm run provision). The contract uses tenant ids "a", "b" and
 * "demo"; all three map to the one site, so the tenancy test is skipped here (it runs on the stand-in).
 */
let config: ReturnType<typeof loadConfig> | null = null;
let why = '';
try {
  config = loadConfig(process.env);
  if (config.store.kind !== 'sharepoint') {
    why = 'STORE is not "sharepoint"';
    config = null;
  }
} catch (e) {
  why = e instanceof ConfigError ? e.problems.join('; ') : String(e);
}

if (!config) {
  describe('storage contract: real SharePoint tenant', () => {
    it.skip(`SKIPPED: no tenant configured (${why}). Set STORE=sharepoint, SHAREPOINT_SITE_URL, AAD_APP_TENANT_ID, AAD_APP_CLIENT_ID, AAD_APP_CLIENT_SECRET and ORGANISATION_NAME to run it.`, () => {});
  });
  console.warn(`test:tenant SKIPPED: no tenant configured (${why})`);
} else {
  const sp = config.store as Extract<typeof config.store, { kind: 'sharepoint' }>;
  storeContract(
    `real SharePoint tenant (${sp.siteUrl ?? sp.siteId})`,
    async () => {
      const client = graphClientFor(sp);
      const siteId = await resolveSiteId(client, sp);
      return {
        store: openSharePointStore({ client, sites: { a: siteId, b: siteId, demo: siteId }, recovery: fileRecoveryJournal(sp.recoveryDir) }),
        close: async () => {},
      };
    },
    { separateTenants: false },
  );
}
