import { makeContext } from '../api/core/context';
import { seedDocuments } from '../api/core/services/transfer';
import { DEMO_DOCUMENTS } from '../api/demo';
import { developmentSignIn } from '../api/http/identity';
import { teamsSso } from '../api/http/teams-sso';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createLogger } from './logger';
import { createApp, startServer } from './server';
import { onBehalfOfStores, openConfiguredStore, peopleDirectoryFor } from './store';
import { systemActor } from './system-actor';
import { startReminders } from './reminders';
import { startKeyFigures } from './key-figures';
import { keyFigureSources } from '../api/keyfigures';
import { version } from '../package.json';
import { localChannel } from '../api/http/live';
import { redisChannel } from './redis-channel';

export type RunningApplication = { url: string; logger: Logger; stop: () => Promise<void> };

/**
 * The one server as `npm start` runs it (teams-app/main.ts): the configured store (opened the one way
 * server, qa and provision open it), the demo data, the REST API, the bot and the tab, and the reminders.
 * stop() stops the reminders, finishes the requests in flight and closes the store.
 */
export async function startApplication(config: Config, o: { logger?: Logger } = {}): Promise<RunningApplication> {
  const logger = o.logger ?? createLogger({ level: config.logLevel, version, secrets: config.secrets });
  const { store, description } = await openConfiguredStore(config);
  logger.info({ store: description }, 'store open');
  if (config.demoData) {
    const ctx = makeContext(store.forTenant(config.devTenantId), systemActor(config.devTenantId));
    const { loaded, skipped } = await seedDocuments(ctx, DEMO_DOCUMENTS);
    logger.info({ tenant: config.devTenantId, loaded, skipped }, loaded.length ? 'demo data loaded' : 'demo data already present');
  }
  if (!config.cursorSecret && config.nodeEnv === 'production')
    logger.warn('CURSOR_SECRET is not set: paging cursors are sealed with a key of this process only, so they fail on other instances and after a restart');
  if (config.benchBaseline) logger.warn('benchmark baseline routes are ON (BENCH_BASELINE=on): only for npm run bench');
  if (!config.sso) logger.warn('development sign-in is ON: requests name their user in the X-Dev-User header; never use this in production');
  const identity = config.sso ? teamsSso(config.sso) : developmentSignIn(store, config.devTenantId);
  if (!config.bot.appId)
    logger.warn(
      { actsAs: config.bot.developmentPersonId },
      'the bot runs without credentials (development bot for the Agents Playground); never use this in production',
    );
  const bot = {
    credentials: config.bot,
    // With Teams sign-in, the bot's records belong to the same tenant as the tab's: the municipality's.
    tenantId: config.sso?.allowedTenants[0] ?? config.devTenantId,
    links: { teamsAppId: config.teamsAppId, publicUrl: config.publicUrl },
    developmentPersonId: config.bot.developmentPersonId,
  };
  const storeFor =
    config.store.kind === 'sharepoint' && config.store.graphAuth === 'obo' && config.store.siteId
      ? onBehalfOfStores(config.store, config.devTenantId, config.store.siteId)
      : undefined;
  // In Teams the people picker also finds the tenant's members from Entra ID (through Graph, with the SharePoint
  // store's credentials); with the development sign-in or SQLite, the store's people only.
  const directoryFor = config.store.kind === 'sharepoint' && identity.mode === 'teams-sso' ? peopleDirectoryFor(config.store) : undefined;
  const settings = { graceDays: config.reminders.graceDays, tenantAdminIds: config.tenantAdminIds };
  const keyFigures = config.keyFigures.enabled ? { sources: keyFigureSources(config.keyFigures.hosts), schedule: config.keyFigures.schedule } : null;
  const live = config.redisUrl ? await redisChannel(config.redisUrl, logger) : localChannel();
  logger.info({ live: live.description }, 'live channel open');
  const app = createApp({
    store,
    // The public pages serve the tenants whose users sign in (with the development sign-in, its tenant).
    publicTenants: config.sso?.allowedTenants ?? [config.devTenantId],
    identity,
    logger,
    version,
    bodyLimit: config.bodyLimit,
    bot,
    writeLimitPerMinute: config.writeLimitPerMinute,
    readLimitPerMinute: config.readLimitPerMinute,
    trustProxy: config.trustProxy,
    storeFor,
    directoryFor,
    settings,
    cursorSecret: config.cursorSecret ?? undefined,
    benchBaseline: config.benchBaseline,
    live,
    keyFigures,
  });
  const server = await startServer(app, { port: config.port, host: config.host, store, logger, shutdownTimeoutMs: config.shutdownTimeoutMs, live });
  const reminders = config.reminders.enabled
    ? startReminders({ store, tenantId: bot.tenantId, settings: config.reminders, credentials: config.bot, links: bot.links, logger })
    : null;
  // Key figures are fetched for the municipality's tenant, as the bot serves it.
  const fetching = keyFigures ? startKeyFigures({ store, tenantId: bot.tenantId, settings: config.keyFigures, sources: keyFigures.sources, logger }) : null;
  return {
    url: server.url,
    logger,
    stop: async () => {
      await fetching?.stop();
      await reminders?.stop();
      await server.shutdown();
    },
  };
}
