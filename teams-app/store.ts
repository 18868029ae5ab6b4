import type { Client } from '@microsoft/microsoft-graph-client';
import type { Store } from '../api/core/port';
import { StoreUnavailableError } from '../api/core/errors';
import type { Request } from 'express';
import type { Actor } from '../api/core/context';
import { appOnlyTokens, graphApplication, onBehalfOfTokens, type GraphCredentials } from '../api/store/sharepoint/credentials';
import { graphFailure } from '../api/store/sharepoint/batch';
import { createGraphClient, userAgentOf } from '../api/store/sharepoint/graph-http';
import { fileRecoveryJournal } from '../api/store/sharepoint/recovery-journal';
import { openSharePointStore } from '../api/store/sharepoint/sharepoint-store';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { graphPeopleDirectory } from '../api/directory/graph-people';
import type { PeopleDirectory } from '../api/core/services/people-search';
import type { Config } from './config';
import { version } from '../package.json';

type SharePointConfig = Extract<Config['store'], { kind: 'sharepoint' }>;

type Registration = Pick<SharePointConfig, 'tenantId' | 'clientId' | 'clientSecret' | 'organisation'>;

/** The app registration's credentials, as production and the tests hand them to MSAL. */
export const credentialsOf = (c: Registration): GraphCredentials => ({ tenantId: c.tenantId, clientId: c.clientId, clientSecret: c.clientSecret });

/** The Graph client of the configured app registration (app-only tokens through MSAL). */
export function graphClientFor(c: Registration): Client {
  return createGraphClient({ token: appOnlyTokens(graphApplication(credentialsOf(c))), userAgent: userAgentOf(c.organisation, version) });
}

/**
 * One line for an admin about a failure of a command (npm start, npm run provision, npm run qa): what failed
 * and, for Microsoft Graph, its code, HTTP status and Retry-After. Never a stack.
 */
export function describeFailure(e: unknown): string {
  if (e instanceof StoreUnavailableError) {
    const { storeCode, storeMessage } = e.params;
    const facts = [
      `Microsoft Graph: ${storeCode}`,
      ...(e.status && e.status > 0 ? [`HTTP ${e.status}`] : []),
      ...(e.retryAfterSeconds !== undefined ? [`retry after ${Math.max(1, Math.ceil(e.retryAfterSeconds))} s`] : []),
    ];
    return `${String(storeMessage)} (${facts.join(', ')})`.replace(/\s*\n\s*/g, ' ');
  }
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
}

/** The Graph id of the configured site, looked up from its URL when no id is configured. */
export async function resolveSiteId(client: Client, c: SharePointConfig): Promise<string> {
  if (c.siteId) return c.siteId;
  const url = new URL(c.siteUrl!);
  try {
    const site = (await client
      .api(`/sites/${url.hostname}:${url.pathname.replace(/\/+$/, '')}`)
      .select('id')
      .get()) as { id: string };
    return site.id;
  } catch (e) {
    throw graphFailure(e, `looking up the SharePoint site ${c.siteUrl}`);
  }
}

/** The configured SharePoint site: the Graph client of the app registration and the site's Graph id. */
export async function openSharePointSite(c: SharePointConfig): Promise<{ client: Client; siteId: string }> {
  const client = graphClientFor(c);
  return { client, siteId: await resolveSiteId(client, c) };
}

/**
 * Opens the configured store: the embedded SQLite file, or the SharePoint site through Graph, for the
 * tenant `config.devTenantId`. The one way the server (`npm start`) and `npm run qa` open it; `npm run
 * provision` reaches the site through openSharePointSite.
 */
export async function openConfiguredStore(config: Config): Promise<{ store: Store; description: string }> {
  if (config.store.kind === 'sqlite') return { store: openSqliteStore(config.store.path), description: `SQLite ${config.store.path}` };
  const { client, siteId } = await openSharePointSite(config.store);
  const store = openSharePointStore({ client, sites: { [config.devTenantId]: siteId }, recovery: fileRecoveryJournal(config.store.recoveryDir) });
  // What a crash or an outage left half done is put right before anything else is served.
  await store.recover();
  return { store, description: `SharePoint site ${siteId}` };
}

/**
 * With GRAPH_AUTH=obo, each API request reaches SharePoint on behalf of the signed-in user: the user's
 * Teams SSO token is exchanged through MSAL (one application object, so its token cache serves every
 * request), and SharePoint applies the user's own permissions.
 */
export function onBehalfOfStores(c: SharePointConfig, tenantId: string, siteId: string): (actor: Actor, req: Request) => Store {
  const app = graphApplication(credentialsOf(c));
  const recovery = fileRecoveryJournal(c.recoveryDir);
  return (_actor, req) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const client = createGraphClient({ token: onBehalfOfTokens(app, bearer), userAgent: userAgentOf(c.organisation, version) });
    return openSharePointStore({ client, sites: { [tenantId]: siteId }, recovery });
  };
}

/**
 * The tenant's directory for the people picker in Teams (Microsoft Entra ID through Graph): with GRAPH_AUTH=obo on
 * behalf of the signed-in user (User.ReadBasic.All, delegated), the user's own tenant; with app-only tokens
 * (User.Read.All) the app registration's tenant. Only with the SharePoint store, whose Graph client it shares the
 * credentials of; with SQLite people are found in the store only.
 */
export function peopleDirectoryFor(c: SharePointConfig): (actor: Actor, req: Request) => PeopleDirectory | null {
  if (c.graphAuth === 'obo') {
    const app = graphApplication(credentialsOf(c));
    return (actor, req) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
      if (!bearer) return null;
      return graphPeopleDirectory(createGraphClient({ token: onBehalfOfTokens(app, bearer), userAgent: userAgentOf(c.organisation, version) }), actor.tenantId);
    };
  }
  const directory = graphPeopleDirectory(graphClientFor(c), c.tenantId);
  return () => directory;
}
