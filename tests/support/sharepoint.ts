import type { Client } from '@microsoft/microsoft-graph-client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileRecoveryJournal } from '../../api/store/sharepoint/recovery-journal';
import { LISTS } from '../../api/store/sharepoint/list-schema';
import { provisionLists } from '../../api/store/sharepoint/provision';
import { openSharePointStore, type SharePointStore } from '../../api/store/sharepoint/sharepoint-store';
import { loadConfig, type Config } from '../../teams-app/config';
import { graphClientFor } from '../../teams-app/store';
import { startGraphStandin, type GraphStandin } from '../graph-standin/graph-standin';
import { startEntraStandin, type EntraStandin } from './entra-standin';

/** The app registration the tests run with: one Entra tenant, one confidential client. */
export const REGISTRATION = {
  AAD_APP_TENANT_ID: '4f1c2b7e-0000-4000-8000-000000000001',
  AAD_APP_CLIENT_ID: '6a2d9f3e-1111-4222-8333-444455556666',
  AAD_APP_CLIENT_SECRET: 'the-secret',
} as const;

/** The environment an admin sets for SharePoint (README, docs/deployment.md), with the recovery journal in a temporary folder. */
export const sharePointEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  STORE: 'sharepoint',
  SHAREPOINT_SITE_URL: 'https://testby.sharepoint.com/sites/kvalitet',
  ORGANISATION_NAME: 'Testby Kommune',
  SHAREPOINT_RECOVERY_DIR: path.join(os.tmpdir(), `kvalitet-recovery-${process.pid}-${randomUUID()}`),
  ...REGISTRATION,
  ...extra,
});

export type SharePointConfig = Extract<Config['store'], { kind: 'sharepoint' }>;
export const sharePointConfig = (extra: Record<string, string> = {}): SharePointConfig => loadConfig(sharePointEnv(extra)).store as SharePointConfig;

export type SharePointFixture = {
  standin: GraphStandin;
  entra: EntraStandin;
  /** The Graph client exactly as production builds it (MSAL app-only tokens, Node's fetch). */
  client: Client;
  store: SharePointStore;
  /** The recovery journal's directory. */
  recoveryDir: string;
  /** The site of each tenant. */
  sites: Record<string, string>;
  /** Round trips to Graph since the last reset (a $batch counts as one). */
  roundTrips: () => number;
  reset: () => void;
  stop: () => Promise<void>;
};

/**
 * The Graph adapter over real HTTPS against the local Graph stand-in, reached as https://graph.microsoft.com
 * with tokens from the local Entra ID at https://login.microsoftonline.com (both routed underneath fetch),
 * with the lists provisioned on one site per tenant (tenants "a", "b" and "demo" by default).
 */
export async function sharePointFixture(opts: { tenants?: string[]; latencyMs?: number; pageSize?: number } = {}): Promise<SharePointFixture> {
  const standin = await startGraphStandin({ latencyMs: opts.latencyMs });
  const entra = await startEntraStandin({
    tenantId: REGISTRATION.AAD_APP_TENANT_ID,
    clientId: REGISTRATION.AAD_APP_CLIENT_ID,
    clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET,
  });
  const config = sharePointConfig();
  const client = graphClientFor(config);
  const recoveryDir = config.recoveryDir;
  const sites: Record<string, string> = {};
  for (const tenant of opts.tenants ?? ['a', 'b', 'demo']) {
    const site = standin.createSite('testby.sharepoint.com', `/sites/kvalitet-${tenant}`);
    await provisionLists(client, site.id, LISTS);
    sites[tenant] = site.id;
  }
  const store = openSharePointStore({ client, sites, pageSize: opts.pageSize, batch: { maxWaitSeconds: 2 }, recovery: fileRecoveryJournal(recoveryDir) });
  standin.resetRequests();
  return {
    standin,
    entra,
    client,
    store,
    recoveryDir,
    sites,
    roundTrips: () => standin.requests.length,
    reset: () => standin.resetRequests(),
    stop: async () => {
      await entra.stop();
      await standin.stop();
      fs.rmSync(recoveryDir, { recursive: true, force: true });
    },
  };
}
