import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { provisionLists } from '../api/store/sharepoint/provision';
import { openSharePointSite } from '../teams-app/store';
import { startGraphStandin, type GraphStandin } from './graph-standin/graph-standin';
import { bigMunicipality } from './support/big-municipality';
import { startEntraStandin, type EntraStandin } from './support/entra-standin';
import { GRAPH_HOST, LOGIN_HOST, ROUTE_PRELOAD, routesEnv } from './support/microsoft-cloud';
import { tempDir } from './support/mother';
import { REGISTRATION, sharePointConfig, sharePointEnv } from './support/sharepoint';
import { closeAfter } from './support/teardown';

/**
 * No half-commit survives a crash. `npm run qa -- import` runs as a process of its own (node with tsx, the
 * production command configured by the environment an admin sets), writing a municipality to SharePoint in
 * one commit of many $batch round trips against the Graph stand-in of this process (routed underneath
 * fetch in the child: tests/support/route-microsoft-hosts.ts). The stand-in kills it with SIGKILL inside
 * its handler of a chosen round trip — so the writes of the earlier round trips (and of that one) are on
 * the site and the process never learns it. The next command to open the store (`qa show`) must leave
 * the site's lists holding all of the commit or none of it, and the journal empty.
 */
const ROOT = join(__dirname, '..');
const tmp = tempDir();
afterAll(() => tmp.remove());
let standin: GraphStandin;
let entra: EntraStandin;
const DOC = join(tmp.dir, 'municipality.json');

type Batch = { requests?: { method: string; url: string }[] };
const writesOf = (body: unknown) => ((body as Batch)?.requests ?? []).filter((r) => r.method !== 'GET').length;

function qa(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', ROUTE_PRELOAD, 'teams-app/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...routesEnv({ [GRAPH_HOST]: standin.route, [LOGIN_HOST]: entra.route }), LOG_LEVEL: 'silent' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  closeAfter(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exit;
  });
  return { child, exit, output: () => output };
}

/** Items in each of the product's lists on a site, read through Graph as production reads (every page). */
async function itemCounts(siteUrl: string): Promise<Record<string, number>> {
  const { client, siteId } = await openSharePointSite(sharePointConfig({ SHAREPOINT_SITE_URL: siteUrl }));
  const counts: Record<string, number> = {};
  // KARevisions is the store's change counter (one item per counted kind, renewed after an undo too), not a record of the commit.
  for (const list of LISTS.filter((l) => l.displayName !== 'KARevisions')) {
    let n = 0;
    let page = await client.api(`/sites/${siteId}/lists/${list.displayName}/items`).select('id').top(5000).get();
    for (;;) {
      n += page.value.length;
      if (!page['@odata.nextLink']) break;
      page = await client.api(page['@odata.nextLink']).get();
    }
    if (n) counts[list.displayName] = n;
  }
  return counts;
}
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
const journal = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .map((n) => JSON.parse(fs.readFileSync(join(dir, n), 'utf8')))
    : [];

async function provisioned(siteUrl: string): Promise<void> {
  standin.createSite('testby.sharepoint.com', new URL(siteUrl).pathname);
  const { client, siteId } = await openSharePointSite(sharePointConfig({ SHAREPOINT_SITE_URL: siteUrl }));
  await provisionLists(client, siteId, LISTS);
}

beforeAll(async () => {
  standin = await startGraphStandin();
  entra = await startEntraStandin({
    tenantId: REGISTRATION.AAD_APP_TENANT_ID,
    clientId: REGISTRATION.AAD_APP_CLIENT_ID,
    clientSecret: REGISTRATION.AAD_APP_CLIENT_SECRET,
  });
  // Large enough that its one commit takes several $batch round trips (at most 20 writes each).
  fs.writeFileSync(DOC, JSON.stringify(bigMunicipality('crashby', 12)));
}, 60_000);
beforeEach(() => standin.clearFaults());

/**
 * Runs `qa import`, kills it with SIGKILL inside the stand-in's handler of the round trip `killAt` picks, and
 * returns what the site and the journal hold then.
 */
async function importKilled(siteUrl: string, recoveryDir: string, killAt: (r: { method: string; url: string; body?: unknown }) => boolean) {
  const env = sharePointEnv({ SHAREPOINT_SITE_URL: siteUrl, SHAREPOINT_RECOVERY_DIR: recoveryDir });
  // The child is started after the kill is set up; the kill reaches it through this box.
  const box: { run?: ReturnType<typeof qa> } = {};
  let killed = false;
  // Not a fault (never matches): the kill, at the moment this round trip reached the stand-in.
  standin.inject({
    match: (r) => {
      if (!killed && r.url.startsWith('/v1.0/$batch') && killAt(r)) {
        killed = true;
        box.run!.child.kill('SIGKILL');
      }
      return false;
    },
    times: Number.MAX_SAFE_INTEGER,
  });
  const run = qa(['import', DOC], env);
  box.run = run;
  expect(await run.exit).toEqual({ code: null, signal: 'SIGKILL' });
  expect(killed).toBe(true);
  return { env, atKill: await itemCounts(siteUrl), entries: journal(recoveryDir) };
}

describe('a commit killed half-way is finished or undone when the store opens again', () => {
  it('SIGKILL between two write round trips of a commit: the next start undoes it, the journal is empty, and the import then succeeds whole', async () => {
    const site = 'https://testby.sharepoint.com/sites/kvalitet-crash-1';
    await provisioned(site);
    const dir = join(tmp.dir, 'recovery-1');
    let writeTrips = 0;
    const { env, atKill, entries } = await importKilled(site, dir, (r) => writesOf(r.body) > 0 && ++writeTrips === 3);
    // The commit was written ahead: one entry, holding every record and audit entry of the commit.
    expect(entries).toHaveLength(1);
    const planned = entries[0].images.length;
    // Half a commit is on the site: the writes of three round trips (20 each), fewer than the commit's.
    expect(total(atKill)).toBe(60);
    expect(planned).toBeGreaterThan(60);

    const restart = qa(['show'], env);
    expect(await restart.exit).toEqual({ code: 0, signal: null });
    expect(await itemCounts(site)).toEqual({});
    expect(journal(dir)).toEqual([]);

    const again = qa(['import', DOC], env);
    const done = await again.exit;
    expect({ ...done, output: again.output() }).toMatchObject({ code: 0, signal: null, output: expect.stringMatching(/imported .* \d+ created/) });
    expect(total(await itemCounts(site))).toBe(planned);
    expect(journal(dir)).toEqual([]);
  }, 180_000);

  it('SIGKILL between a failed write and its undo: the next start undoes the rest', async () => {
    const site = 'https://testby.sharepoint.com/sites/kvalitet-crash-2';
    await provisioned(site);
    const dir = join(tmp.dir, 'recovery-2');
    // One write of the second round trip fails (inside the batch, as Graph answers one request of it) ...
    let writes = 0;
    let failedOne = false;
    standin.inject({ match: (r) => r.method !== 'GET' && ++writes === 30 && (failedOne = true), status: 500, insideBatch: true });
    // ... and the process dies at the first round trip after the commit's writes: the start of its undo.
    const { env, atKill, entries } = await importKilled(site, dir, (r) => failedOne && writesOf(r.body) === 0);
    expect(entries).toHaveLength(1);
    const planned = entries[0].images.length;
    expect(total(atKill)).toBe(planned - 1);

    const restart = qa(['show'], env);
    expect(await restart.exit).toEqual({ code: 0, signal: null });
    expect(await itemCounts(site)).toEqual({});
    expect(journal(dir)).toEqual([]);
  }, 180_000);
});
