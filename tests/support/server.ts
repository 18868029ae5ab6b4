import { join } from 'node:path';
import { pino } from 'pino';
import { makeContext } from '../../api/core/context';
import { importOrganisation } from '../../api/core/services/transfer';
import { developmentSignIn } from '../../api/http/identity';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import type { Store } from '../../api/core/port';
import type { Settings } from '../../api/core/context';
import { createApp, startServer, type BotOptions, type RunningServer } from '../../teams-app/server';
import { systemActor } from '../../teams-app/system-actor';
import { tempDir } from './mother';
import { localChannel, type LiveChannel } from '../../api/http/live';
import { closeAfter } from './teardown';

/**
 * A SQLite store closed after the test (or the file) that opened it, as the servers and stand-ins are. A store
 * left open keeps its connection and, once it has committed a hundred transactions, its checkpoint thread; a jest
 * worker ending with those still open spends its exit closing them (the last connection to a file copies the log
 * into it) and stopping the threads, longer than jest waits for it ("A worker process has failed to exit
 * gracefully"). For a store handed to startTestServer, which leaves a store passed in open for its owner.
 */
export function openTestStore(path: string): ReturnType<typeof openSqliteStore> {
  const store = openSqliteStore(path);
  closeAfter(() => store.close());
  return store;
}

export type TestServer = RunningServer & { dbPath: string; stop: () => Promise<void>; shutdownOnly: () => Promise<void> };

/** The real server on a free port, over a real SQLite file in a temporary folder, with the given documents. */
export async function startTestServer(
  docs: unknown[] = [],
  opts: {
    tenant?: string;
    now?: () => Date;
    bodyLimit?: string;
    tabDist?: string;
    store?: Store;
    bot?: Partial<Omit<BotOptions, 'tenantId'>>;
    writeLimitPerMinute?: number;
    readLimitPerMinute?: number;
    settings?: Partial<Settings>;
    /** The live channel (dialogue meetings); default: within the process. */
    live?: LiveChannel;
  } = {},
): Promise<TestServer> {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'api.db');
  const store = opts.store ?? openSqliteStore(dbPath);
  const tenant = opts.tenant ?? 'demo';
  for (const doc of docs) await importOrganisation(makeContext(store.forTenant(tenant), systemActor(tenant)), doc);
  const logger = pino({ level: 'silent' });
  const live = opts.live ?? localChannel();
  // The anonymous development bot, as `npm start` runs it without bot credentials.
  const bot: BotOptions = {
    credentials: { appId: '', appPassword: '', tenantId: null },
    links: { teamsAppId: null, publicUrl: 'http://localhost:3978' },
    developmentPersonId: null,
    ...opts.bot,
    tenantId: tenant,
  };
  const app = createApp({
    store,
    identity: developmentSignIn(store, tenant),
    logger,
    version: 'test',
    now: opts.now,
    bodyLimit: opts.bodyLimit,
    tabDist: opts.tabDist ?? join(tmp.dir, 'no-tab'),
    bot,
    writeLimitPerMinute: opts.writeLimitPerMinute ?? 10_000,
    readLimitPerMinute: opts.readLimitPerMinute ?? 100_000,
    settings: opts.settings,
    live,
    publicTenants: [tenant],
  });
  // shutdownOnly leaves a store that was passed in open for its owner.
  const http = await startServer(app, {
    port: 0,
    host: '127.0.0.1',
    store: opts.store ? { ...store, close: async () => {} } : store,
    logger,
    shutdownTimeoutMs: 2_000,
    live,
  });
  const stop = closeAfter(async () => {
    await http.shutdown();
    tmp.remove();
  });
  return { ...http, dbPath, stop, shutdownOnly: () => http.shutdown() };
}
