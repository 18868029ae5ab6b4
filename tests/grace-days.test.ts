import { join } from 'node:path';
import { pino } from 'pino';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { getMeasurementCardState } from '../api/core/services/card-measurement';
import { importOrganisation } from '../api/core/services/transfer';
import { developmentSignIn } from '../api/http/identity';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { createApp, startServer, type RunningServer } from '../teams-app/server';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';

/**
 * The grace period the municipality sets (REMINDER_GRACE_DAYS) is the one every judgement of "due" and
 * "late" uses, not only the reminder planner's. Testby's reading indicator is measured quarterly; Q1 is due
 * on 31 March 2026. On 6 April 2026 it is six days past due: late after a grace of 3 days, still due
 * after the default 10.
 */
const NOW = () => new Date('2026-04-06T10:00:00Z');
const tmp = tempDir();
let store: Store;
const servers: RunningServer[] = [];

/** The real server over one SQLite file, as teams-app/main.ts assembles it, with the given settings. */
async function serve(settings?: { graceDays: number }): Promise<RunningServer> {
  const logger = pino({ level: 'silent' });
  const app = createApp({ store, identity: developmentSignIn(store, 'demo'), logger, version: 'test', now: NOW, tabDist: join(tmp.dir, 'no-tab'), settings });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', store: { ...store, close: async () => {} }, logger, shutdownTimeoutMs: 2_000 });
  servers.push(server);
  return server;
}

const get = async (server: RunningServer, path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { 'X-Dev-User': 'testby-leder' } });
  expect(res.status).toBe(200);
  return res.json();
};

beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'grace.db'));
  await importOrganisation(makeContext(store.forTenant('demo'), systemActor('demo')), smallMunicipality());
});
afterAll(async () => {
  for (const s of servers) await s.shutdown();
  await store.close();
  tmp.remove();
});

describe('the configured grace period', () => {
  it('makes a measurement late in the agreement view and the overview once it has run out, where the default would still call it due', async () => {
    const three = await serve({ graceDays: 3 });
    const view = await get(three, '/api/agreements/testby-skole-2026/view');
    expect(view.indicatorSummaries[0]).toMatchObject({ latePeriods: ['2026-Q1'], duePeriods: [] });
    expect(view.indicatorSummaries[0].periods[0]).toEqual({ period: '2026-Q1', due: '2026-03-31', state: 'late' });
    expect(await get(three, '/api/overview?unitId=testby&year=2026')).toEqual([expect.objectContaining({ lateMeasurements: 1, dueMeasurements: 0 })]);

    // The same store on the same day, without the setting: the default grace of 10 days still runs.
    const byDefault = await serve();
    const before = await get(byDefault, '/api/agreements/testby-skole-2026/view');
    expect(before.indicatorSummaries[0]).toMatchObject({ latePeriods: [], duePeriods: ['2026-Q1'] });
    expect(await get(byDefault, '/api/overview?unitId=testby&year=2026')).toEqual([expect.objectContaining({ lateMeasurements: 0, dueMeasurements: 1 })]);
  });

  it('reaches the measurement card state through the service context', async () => {
    const as = (graceDays?: number) => makeContext(store.forTenant('demo'), systemActor('demo'), NOW, graceDays === undefined ? {} : { graceDays });
    expect((await getMeasurementCardState(as(3), 'testby-indicator-1', '2026-Q1')).state).toBe('late');
    expect((await getMeasurementCardState(as(), 'testby-indicator-1', '2026-Q1')).state).toBe('due');
  });
});
