import type { Store } from '../../api/core/port';
import { createGraphClient, userAgentOf } from '../../api/store/sharepoint/graph-http';
import { LISTS } from '../../api/store/sharepoint/list-schema';
import { provisionLists } from '../../api/store/sharepoint/provision';
import { openSharePointStore } from '../../api/store/sharepoint/sharepoint-store';
import { startGraphStandin, trustingFetch, type GraphStandin } from '../graph-standin/graph-standin';

export type SharePointFixture = {
  standin: GraphStandin;
  store: Store;
  /** The site of each tenant. */
  sites: Record<string, string>;
  /** Round trips to Graph since the last reset (a $batch counts as one). */
  roundTrips: () => number;
  reset: () => void;
  stop: () => Promise<void>;
};

/**
 * The Graph adapter over real HTTPS against the local Graph stand-in, with the lists provisioned on one
 * site per tenant (tenants "a" and "b" by default).
 */
export async function sharePointFixture(opts: { tenants?: string[]; latencyMs?: number; organisation?: string } = {}): Promise<SharePointFixture> {
  const standin = await startGraphStandin({ latencyMs: opts.latencyMs });
  const client = createGraphClient({
    baseUrl: standin.baseUrl,
    token: async () => 'test-token',
    userAgent: userAgentOf(opts.organisation ?? 'Testby Kommune', '0.1.0'),
    fetch: trustingFetch(standin.ca),
  });
  const sites: Record<string, string> = {};
  for (const tenant of opts.tenants ?? ['a', 'b', 'demo']) {
    const site = standin.createSite('testby.sharepoint.com', `/sites/kvalitet-${tenant}`);
    await provisionLists(client, site.id, LISTS);
    sites[tenant] = site.id;
  }
  const store = openSharePointStore({ client, sites, batch: { maxWaitSeconds: 2 } });
  standin.resetRequests();
  return {
    standin,
    store,
    sites,
    roundTrips: () => standin.requests.length,
    reset: () => standin.resetRequests(),
    stop: () => standin.stop(),
  };
}
