import { join } from 'node:path';
import { loadConfig } from '../teams-app/config';
import { startApplication, type RunningApplication } from '../teams-app/application';
import { statbankStandin, type StandinControl } from './support/keyfigure-standins';
import { OpenApiChecker } from './support/openapi-check';
import { tempDir } from './support/mother';
import { closeAfter } from './support/teardown';

/**
 * Key figures through the server as `npm start` runs it (configuration, adapters, scheduler, routes): the quality
 * office links an Assens indicator to a StatBank table through the indicator's ordinary update, the scheduled fetch
 * meets the stand-in down and then up, and each value is recorded once; the state is the quality office's to read.
 */
const INDICATOR = 'assens-job-og-arbejdsmarked-2009-servicemaal-1-indicator-1';
const QUALITY_OFFICE = 'assens-demo-kvalitet';
const STAFF = 'assens-demo-job-og-arbejdsmarked';
const LINK = { provider: 'statbank', table: 'SYGDP', variables: [{ code: 'OMRÅDE', value: '420' }], fromYear: 2009 };

const tmp = tempDir();
let app: RunningApplication;
let statbank: StandinControl;
let checker: OpenApiChecker;

async function call(method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/api${path}`, {
    method,
    headers: { 'X-Dev-User': user, 'Accept-Language': 'da', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  checker.check(method, `/api${path}`, res.status, json);
  return { status: res.status, body: json };
}

/** Polls until `pass` holds (the scheduler ticks every 100 ms; a loaded machine gets 30 s). */
async function until<T>(read: () => Promise<T>, pass: (x: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const x = await read();
    if (pass(x) || Date.now() > deadline) return x;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  statbank = await statbankStandin([
    {
      id: 'SYGDP',
      variables: ['OMRÅDE', 'Tid'],
      rows: [
        { codes: { OMRÅDE: '420', Tid: '2009M05' }, value: 192 },
        { codes: { OMRÅDE: '420', Tid: '2009M06' }, value: 190 },
        { codes: { OMRÅDE: '420', Tid: '2009M07' }, value: 181 },
        { codes: { OMRÅDE: '420', Tid: '2009M08' }, value: 176.5 },
        { codes: { OMRÅDE: '420', Tid: '2009M09' }, value: null },
        { codes: { OMRÅDE: '101', Tid: '2009M07' }, value: 5000 },
      ],
    },
  ]);
  await statbank.down('error');
  app = await startApplication(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DB_PATH: join(tmp.dir, 'app.db'),
      REMINDERS: 'off',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'on',
      STATBANK_URL: statbank.url,
      KOLADA_URL: 'http://127.0.0.1:9',
      KEYFIGURE_TICK_MS: '100',
      KEYFIGURE_RETRY_BASE_MS: '300',
      KEYFIGURE_RETRY_CAP_MS: '600',
      KEYFIGURE_TIMEOUT_MS: '2000',
    }),
  );
  closeAfter(() => app.stop());
  checker = new OpenApiChecker(await (await fetch(`${app.url}/api/openapi.json`)).json());
}, 60_000);

describe('key figures through the server', () => {
  it('points at the real hosts unless configured otherwise', () => {
    const hosts = loadConfig({}).keyFigures.hosts;
    expect([hosts.koladaUrl, hosts.statbankUrl]).toEqual(['https://api.kolada.se', 'https://api.statbank.dk']);
    expect(() => loadConfig({ KOLADA_URL: 'ftp://kolada' })).toThrow(/KOLADA_URL/);
  });

  it('a connector run with the stand-in down and up again records each value once', async () => {
    const indicator = await call('GET', `/indicators/${INDICATOR}`, QUALITY_OFFICE);
    // Staff may not set the link; the quality office may, through the indicator's ordinary update.
    const refused = await call('PATCH', `/indicators/${INDICATOR}`, STAFF, { keyFigure: LINK }, { 'If-Match': `"${indicator.body.revision}"` });
    expect(refused.status).toBe(403);
    const linked = await call('PATCH', `/indicators/${INDICATOR}`, QUALITY_OFFICE, { keyFigure: LINK }, { 'If-Match': `"${indicator.body.revision}"` });
    expect(linked.status).toBe(200);
    expect(linked.body.keyFigure).toMatchObject({ provider: 'statbank', table: 'SYGDP', timeVariable: 'Tid', yearOffset: 0 });

    // Down: the scheduler's attempts fail and are shown to the quality office, with the next attempt.
    const failing = await until(
      () => call('GET', '/key-figures', QUALITY_OFFICE),
      (r) => (r.body.links?.[0]?.run?.failures ?? 0) >= 2,
    );
    expect(failing.status).toBe(200);
    expect(failing.body.municipalityId).toBe('assens');
    const run = failing.body.links[0].run;
    expect(run).toMatchObject({ lastSuccessAt: null, lastError: { status: 503 } });
    expect(run.lastError.message).toMatch(/StatBank answered 503/);
    expect(Date.parse(run.nextAttemptAt)).toBeGreaterThan(Date.parse(run.lastAttemptAt));
    expect(
      (await call('GET', `/indicators/${INDICATOR}/measurements?limit=50`, QUALITY_OFFICE)).body.items.filter((m: any) => m.source === 'keyfigure'),
    ).toEqual([]);

    // Up again: the next attempt records what is new.
    await statbank.up();
    const done = await until(
      () => call('GET', '/key-figures', QUALITY_OFFICE),
      (r) => !!r.body.links?.[0]?.run?.lastSuccessAt,
    );
    expect(done.body.links[0].run).toMatchObject({ failures: 0, lastError: null, recorded: 2 });
    // May: the same value as the imported one. June: the import's 187 stays; the difference is listed.
    expect(done.body.links[0].run.conflicts).toEqual([
      { period: '2009-06', keyFigureValue: 190, value: 187, source: 'import', enteredBy: 'assens-demo-jobcentret' },
    ]);

    // Fetching now (the quality office) and the scheduler's further ticks record nothing twice.
    const again = await call('POST', '/key-figures/run', QUALITY_OFFICE, { municipalityId: 'assens' });
    expect(again.status).toBe(200);
    expect(again.body.result).toMatchObject({ attempted: 1, created: 0, corrected: 0, unchanged: 3, conflicts: 1 });
    await new Promise((r) => setTimeout(r, 400));
    const values = (await call('GET', `/indicators/${INDICATOR}/measurements?limit=50`, QUALITY_OFFICE)).body.items as any[];
    const fetched = values.filter((m) => m.source === 'keyfigure').map((m) => [m.period, m.value, m.keyFigure.period, m.keyFigure.area]);
    expect(fetched.sort()).toEqual([
      ['2009-07', 181, '2009M07', 'OMRÅDE=420'],
      ['2009-08', 176.5, '2009M08', 'OMRÅDE=420'],
    ]);
    expect(values.find((m) => m.period === '2009-06')).toMatchObject({ value: 187, source: 'import' });
    expect(values.filter((m) => m.period === '2009-07')).toHaveLength(1);

    // Staff may neither read the state nor fetch; another municipality's quality office neither.
    expect((await call('GET', '/key-figures?municipalityId=assens', STAFF)).status).toBe(403);
    expect((await call('POST', '/key-figures/run', STAFF, { municipalityId: 'assens' })).status).toBe(403);
    expect((await call('GET', '/key-figures?municipalityId=assens', 'silkeborg-demo-kvalitet')).status).toBe(403);
    const unnamed = await call('POST', '/key-figures/run', STAFF, {});
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.field).toBe('municipalityId');
  }, 90_000);
});
