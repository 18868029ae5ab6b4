import type { Client } from '@microsoft/microsoft-graph-client';
import type { Store } from '../api/core/port';
import { appOnlyTokens, graphApplication } from '../api/store/sharepoint/credentials';
import { createGraphClient, userAgentOf, type GraphHttpOptions } from '../api/store/sharepoint/graph-http';
import { openSharePointStore } from '../api/store/sharepoint/sharepoint-store';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import type { Config } from './config';
import { version } from '../package.json';

type SharePointConfig = Extract<Config['store'], { kind: 'sharepoint' }>;

/** The Graph client of the configured app registration (app-only tokens through MSAL). */
export function graphClientFor(c: SharePointConfig, extra: Partial<GraphHttpOptions> = {}): Client {
  const credentials = { tenantId: c.tenantId, clientId: c.clientId, clientSecret: c.clientSecret };
  return createGraphClient({
    baseUrl: c.graphBaseUrl,
    token: appOnlyTokens(graphApplication(credentials), credentials),
    userAgent: userAgentOf(c.organisation, version),
    ...extra,
  });
}

/** The Graph id of the configured site, looked up from its URL when no id is configured. */
export async function resolveSiteId(client: Client, c: SharePointConfig): Promise<string> {
  if (c.siteId) return c.siteId;
  const url = new URL(c.siteUrl!);
  const site = (await client.api(`/sites/${url.hostname}:${url.pathname.replace(/\/+$/, '')}`).select('id').get()) as { id: string };
  return site.id;
}

/** Opens the configured store: the embedded SQLite file, or the SharePoint site through Graph. */
export async function openConfiguredStore(config: Config): Promise<{ store: Store; description: string }> {
  if (config.store.kind === 'sqlite') return { store: openSqliteStore(config.store.path), description: `SQLite ${config.store.path}` };
  const client = graphClientFor(config.store);
  const siteId = await resolveSiteId(client, config.store);
  return { store: openSharePointStore({ client, sites: { [config.devTenantId]: siteId } }), description: `SharePoint site ${siteId}` };
}
