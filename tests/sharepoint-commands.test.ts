import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { startApplication } from '../teams-app/application';
import { runCli } from '../teams-app/cli';
import { loadConfig } from '../teams-app/config';
import { openSharePointSite } from '../teams-app/store';
import { startGraphStandin, type GraphStandin } from './graph-standin/graph-standin';
import { startEntraStandin } from './support/entra-standin';
import { smallMunicipality, tempDir } from './support/mother';
import { REGISTRATION, sharePointConfig, sharePointEnv } from './support/sharepoint';
import { closeAfter } from './support/teardown';

/**
 * SharePoint is a full store for every command: `npm start` (startApplication, as teams-app/main.ts runs it)
 * loads the demo data into an empty SharePoint site, and `npm run qa -- seed|import|export|show` work on it,
 * all configured only by the environment an admin sets (STORE=sharepoint, SHAREPOINT_SITE_URL, the app
 * registration), reaching https://graph.microsoft.com and https://login.microsoftonline.com, which the
 * tests route underneath fetch to the Graph and Entra ID stand-ins (tests/support/microsoft-cloud.ts).
 */
const tmp = tempDir();
afterAll(() => tmp.remove());
let standin: GraphStandin;
const SITE_A = 'https://testby.sharepoint.com/sites/kvalitet';
const SITE_B = 'https://testby.sharepoint.com/sites/kvalitet-b';

/** A site as `npm run provision` leaves it: the lists, columns and indexes, and no items. */
async function provisionedSite(url: string): Promise<void> {
  standin.createSite('testby.sharepoint.com', new URL(url).pathname);
  const { client, siteId } = await openSharePointSite(sharePointConfig({ SHAREPOINT_SITE_URL: url }));
  await provisionLists(client, siteId, LISTS);
}

async function qa(args: string[], site: string) {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    sharePointEnv({ SHAREPOINT_SITE_URL: site }),
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

beforeAll(async () => {
  standin = await startGraphStandin();
  await startEntraStandin({
    tenantId: REGISTRATION.AAD_APP_TENANT_ID,
    clientId: REGISTRATION.AAD_APP_CLIENT_ID,
    clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET,
  });
  await provisionedSite(SITE_A);
  await provisionedSite(SITE_B);
}, 120_000);

describe('SharePoint as the store of every command', () => {
  it('npm start loads the demo municipalities into an empty SharePoint site and serves them', async () => {
    const before = standin.requests.length;
    const app = await startApplication(loadConfig(sharePointEnv({ PORT: '0', HOST: '127.0.0.1', REMINDERS: 'off', LOG_LEVEL: 'silent' })));
    closeAfter(() => app.stop());
    // It went to Graph for it: the demo data is in the site's lists, not in a file beside them.
    expect(standin.requests.length - before).toBeGreaterThan(10);
    const res = await fetch(`${app.url}/api/agreements`, { headers: { 'X-Dev-User': 'system' } });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { items: { id: string }[] }).items.map((a) => a.id).sort();
    expect(ids).toEqual(['assens-jobcentret-2009', 'hoeje-taastrup-team-myndighed-2016', 'silkeborg-borgerservice-2015']);
    await app.stop();
  }, 240_000);

  it('qa show, export, import and seed work on SharePoint sites', async () => {
    const shown = await qa(['show'], SITE_A);
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toMatch(/municipality silkeborg/);
    expect(shown.out).toMatch(/agreement silkeborg-borgerservice-2015/);

    const file = join(tmp.dir, 'silkeborg.json');
    const exported = await qa(['export', 'silkeborg', '--out', file], SITE_A);
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/wrote .*silkeborg.json: 3 units, 1 agreements, 6 goals/);

    // Into the empty second site, and out again: the same document.
    const imported = await qa(['import', file], SITE_B);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/imported .*: \d+ created, 0 updated/);
    const again = JSON.parse((await qa(['export', 'silkeborg'], SITE_B)).out);
    const first = JSON.parse(readFileSync(file, 'utf8'));
    delete again.exportedAt;
    delete first.exportedAt;
    expect(again).toEqual(first);
    expect((await qa(['show', 'silkeborg-borgerservice-2015'], SITE_B)).out).toMatch(/Budget: 21\.848\.850 DKK/);

    const seeded = await qa(['seed'], SITE_B);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/loaded: hoeje-taastrup, assens, oesteraaker\nalready present: silkeborg/);
  }, 300_000);

  it('qa names the field of bad input and writes nothing to SharePoint', async () => {
    const doc = smallMunicipality('badby') as unknown as { goals: { followUpMonths?: number[] }[] };
    doc.goals[1]!.followUpMonths = [6, 13];
    const file = join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const writesBefore = standin.requests.filter((r) => r.method !== 'GET').length;
    const r = await qa(['import', file], SITE_B);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Error \(field goals\.1\.followUpMonths\.1\)/);
    expect(r.err).toMatch(/Nothing was written/);
    expect(standin.requests.filter((x) => x.method !== 'GET').length).toBe(writesBefore);
  }, 120_000);

  it('qa says plainly when the site cannot be reached', async () => {
    const r = await qa(['show'], 'https://testby.sharepoint.com/sites/nowhere');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Cannot open the store: /);
  }, 60_000);
});
