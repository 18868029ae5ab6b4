import { join } from 'node:path';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import type { MainProcess } from './support/main-process';
import { startTestServer } from './support/server';
import { sharePointFixture } from './support/sharepoint';
import { smallMunicipality, tempDir } from './support/mother';
import { startOpenIdStandin, startTeamsMain, TEAMS_SECRETS, TEAMS_TENANT, type OpenIdStandin } from './support/teams-mode';

/**
 * The perimeter of the server as an attacker meets it: the real process in Teams mode (teams-app/main.ts,
 * NODE_ENV=production), tokens signed with real RS256 keys, a local stand-in for Entra ID's OpenID
 * configuration and keys. What a log line, an error body or an outage of Entra ID may and may not show.
 */
const tmp = tempDir();
let standin: OpenIdStandin;
beforeAll(async () => {
  standin = await startOpenIdStandin();
});
afterAll(async () => {
  await standin.stop();
  tmp.remove();
});

const AGREEMENT = 'testby-skole-2026';
/** What an error body must never show: stack frames, source paths, upstream hosts. */
const INTERNALS = [
  /\bat [\w$.<>]+ \(/,
  /\.(ts|js|cjs|mjs):\d+/,
  /\/work\/|\/home\/|\/tmp\/|node_modules|[A-Za-z]:\\/,
  /botframework\.com|microsoftonline\.com|trafficmanager\.net|graph\.microsoft\.com/i,
  /127\.0\.0\.1:\d+/,
  /<html|<pre>|<!DOCTYPE/i,
  /(TypeError|SyntaxError|ReferenceError|RangeError)\b/,
  /getaddrinfo|ECONNREFUSED|ENOTFOUND/,
];

function expectNoInternals(label: string, status: number, body: string): void {
  for (const pattern of INTERNALS) if (pattern.test(body)) throw new Error(`${label} → ${status} shows internals (${pattern}): ${body.slice(0, 300)}`);
  expect(status).not.toBe(500);
}

/** A Bot Framework activity as the Bot Connector posts it to /api/messages. */
const activity = (aadObjectId: string, extra: Record<string, unknown>) => ({
  id: `activity-${Math.random().toString(36).slice(2)}`,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: `29:${aadObjectId}`, aadObjectId, name: aadObjectId },
  recipient: { id: '28:bot', name: 'Kvalitetsaftaler' },
  conversation: { id: `a:${aadObjectId}`, conversationType: 'personal', tenantId: TEAMS_TENANT },
  channelData: { tenant: { id: TEAMS_TENANT } },
  locale: 'da-DK',
  ...extra,
});

describe('the server in Teams mode', () => {
  let run: MainProcess & { baseUrl: string };
  const sent: string[] = [];
  beforeAll(async () => {
    run = await startTeamsMain({ dir: tmp.dir, standin, docs: [smallMunicipality()] });
  }, 180_000);
  afterAll(() => run.stop());

  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) {
      sent.push(init.token);
      headers.set('Authorization', `Bearer ${init.token}`);
    }
    const res = await fetch(`${run.baseUrl}${path}`, { ...init, headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('refuses an unauthenticated bot activity that claims to be the chief, and the agreement stays as it was', async () => {
    const leader = await standin.token('testby-leder');
    const before = JSON.parse((await call(`/api/agreements/${AGREEMENT}`, { token: leader })).text);
    const submitted = await call(`/api/agreements/${AGREEMENT}/submit`, { method: 'POST', token: leader, headers: { 'If-Match': `"${before.revision}"` } });
    expect(submitted.status).toBe(200);
    const forged = activity('testby-chef', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approval.approve', data: { agreementId: AGREEMENT, version: 1, cardVersion: 1 } } },
    });
    const res = await call('/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'da' },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'unauthenticated', message: 'Du er ikke logget ind.' } });
    expect(JSON.parse((await call(`/api/agreements/${AGREEMENT}`, { token: leader })).text).status).toBe('submitted');
  });

  it('answers bad input at every route with a JSON error that shows no stack, path or upstream host', async () => {
    // A staff member's token: the sweep's many writes count against their limit, not the leader's.
    const token = await standin.token('testby-medarbejder');
    const wrongAudience = await standin.token('testby-medarbejder', { aud: 'someone-else' });
    const spec = JSON.parse((await call('/api/openapi.json')).text) as { paths: Record<string, Record<string, unknown>> };
    // Every signed-in operation of the served document (its paths start with /api), each id a path traversal.
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path !== '/api/openapi.json')
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'patch', 'delete'].includes(m))
          .map((m) => ({ method: m.toUpperCase(), template: path, path: path.replace(/\{[^}]+\}/g, 'x%2F..%2F..%2Fetc') })),
      );
    expect(routes.length).toBeGreaterThan(30);
    const bad: { label: string; init: RequestInit & { token?: string } }[] = [
      { label: 'no token', init: {} },
      { label: 'wrong audience', init: { token: wrongAudience } },
      { label: 'garbage token', init: { headers: { Authorization: 'Bearer not.a.jwt' } } },
      { label: 'malformed JSON', init: { token, headers: { 'Content-Type': 'application/json' }, body: '{"title": "x",' } },
      { label: 'JSON that is no object', init: { token, headers: { 'Content-Type': 'application/json', 'If-Match': '"1"' }, body: '"just a string"' } },
      { label: 'deep nesting', init: { token, headers: { 'Content-Type': 'application/json', 'If-Match': '"1"' }, body: '['.repeat(5000) + ']'.repeat(5000) } },
      { label: 'too large', init: { token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(1_200_000) }) } },
      { label: 'wrong revision', init: { token, headers: { 'Content-Type': 'application/json', 'If-Match': '"abc"' }, body: '{}' } },
    ];
    let checked = 0;
    for (const route of routes)
      for (const b of bad) {
        const init = route.method === 'GET' || route.method === 'DELETE' ? { ...b.init, body: undefined } : b.init;
        const res = await call(route.path, { ...init, method: route.method });
        // A route that answers a file (the spreadsheet template takes no id and no body: nothing in the request is
        // bad) answers it as documented, and nothing else.
        const files = Object.keys(
          (spec.paths[route.template]![route.method.toLowerCase()] as { responses: Record<string, { content?: object }> }).responses['200']?.content ?? {},
        );
        if (res.status === 200 && !files.includes('application/json')) {
          expect(files).toContain((res.headers.get('content-type') ?? '').split(';')[0]);
          checked++;
          continue;
        }
        expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
        expectNoInternals(`${route.method} ${route.path} (${b.label})`, res.status, res.text);
        // The request reached the route (or was refused before it): no route of the document is unknown to the server.
        expect([`${route.method} ${route.path}`, JSON.parse(res.text).error?.code]).not.toEqual([`${route.method} ${route.path}`, 'route_not_found']);
        checked++;
      }
    // The bot endpoint: no JSON, no activity, no token, a token the bot cannot check, a wrong method.
    const botCases: { label: string; init: RequestInit }[] = [
      { label: 'malformed JSON', init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":' } },
      { label: 'no activity', init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' } },
      {
        label: 'no token',
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(activity('testby-leder', { type: 'message', text: 'hjælp' })),
        },
      },
      {
        label: 'token of another issuer',
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(activity('testby-leder', { type: 'message', text: 'hjælp' })),
        },
      },
      {
        label: 'too large',
        init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'x'.repeat(1_200_000) }) },
      },
      { label: 'GET', init: { method: 'GET' } },
    ];
    for (const b of botCases) {
      const res = await call('/api/messages', b.init);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
      // A token the bot cannot check against the Bot Framework's keys may be a 500, but says nothing more.
      if (b.label === 'token of another issuer') {
        for (const pattern of INTERNALS) expect(res.text).not.toMatch(pattern);
        expect(JSON.parse(res.text).error.code).toMatch(/^(unauthenticated|internal)$/);
      } else expectNoInternals(`bot (${b.label})`, res.status, res.text);
      checked++;
    }
    for (const path of ['/tab/%E0%A4%A', '/%', '/api/%', '/nowhere/../../etc/passwd', '/api/agreements/%00']) {
      const res = await call(path, { token });
      expectNoInternals(path, res.status, res.text);
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  }, 120_000);

  // Last: it stops the process to read everything it logged, the requests of the tests above included.
  it('writes no token, cookie, development header or client secret into its log, and believes no X-Forwarded-For', async () => {
    const token = await standin.token('testby-medarbejder');
    expect((await call('/api/me', { token, headers: { Cookie: 'session=cookie-value-4711', 'X-Forwarded-For': '203.0.113.77' } })).status).toBe(200);
    expect((await call('/api/agreements', { token, headers: { 'X-Dev-User': 'testby-chef' } })).status).toBe(200);
    expect(
      (
        await call('/api/actions', {
          method: 'POST',
          token: await standin.token('testby-leder'),
          headers: { 'Content-Type': 'application/json', 'Proxy-Authorization': 'Basic cHJveHk6cGFzc3dvcmQxMjM0' },
          body: JSON.stringify({ goalId: 'testby-goal-1', text: 'Ny handling' }),
        })
      ).status,
    ).toBeLessThan(500);
    expect((await call('/api/me', { token: await standin.token('testby-leder', { aud: 'someone-else' }) })).status).toBe(401);
    const expired = await standin.token('testby-leder', { exp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await call('/api/me', { token: expired })).status).toBe(401);
    await run.stop();
    const log = run.output();
    expect(log).toMatch(/"authorization":"\[redacted\]"/);
    expect(log).toMatch(/"cookie":"\[redacted\]"/);
    expect(log).toMatch(/"x-dev-user":"\[redacted\]"/);
    expect(log).toMatch(/"proxy-authorization":"\[redacted\]"/);
    expect(sent.length).toBeGreaterThan(5);
    for (const t of sent) {
      expect(log).not.toContain(t);
      expect(log).not.toContain(t.split('.')[2]!);
    }
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(log).not.toMatch(/Bearer [A-Za-z0-9]/i);
    expect(log).not.toContain('cookie-value-4711');
    expect(log).not.toContain('cHJveHk6cGFzc3dvcmQxMjM0');
    expect(log).not.toContain('"testby-chef"');
    for (const secret of Object.values(TEAMS_SECRETS)) expect(log).not.toContain(secret);
    // No proxy is trusted by default: the client's own X-Forwarded-For does not become its address.
    expect(log).not.toContain('"remoteAddress":"203.0.113.77"');
    expect(log).toMatch(/"remoteAddress":"127\.0\.0\.1"/);
    // Of an answer, its status and the headers that describe it: not the security headers every answer repeats.
    const answered = log
      .split('\n')
      .filter((l) => l.includes('"msg":"request completed"'))
      .map((l) => JSON.parse(l) as { req: { url: string }; res: { statusCode: number; headers: Record<string, string> } });
    const me = answered.find((l) => l.req.url === '/api/me' && l.res.statusCode === 200);
    expect(me?.res.headers['content-type']).toMatch(/^application\/json/);
    expect(answered.filter((l) => 'content-security-policy' in l.res.headers || 'set-cookie' in l.res.headers)).toEqual([]);
  }, 180_000);
});

describe('Teams mode with configured limits', () => {
  it('does not load the demo data in production; loads it when DEMO_DATA=on', async () => {
    const plain = await startTeamsMain({ dir: tmp.dir, standin, docs: [] });
    await plain.stop();
    expect(plain.output()).not.toMatch(/demo data/);
    const asked = await startTeamsMain({ dir: tmp.dir, standin, docs: [], env: { DEMO_DATA: 'on', DB_PATH: join(tmp.dir, 'asked.db') } });
    await asked.stop();
    expect(asked.output()).toMatch(/"msg":"demo data loaded"/);
    const store = openSqliteStore(join(tmp.dir, 'asked.db'));
    expect(await store.forTenant('demo').count('agreement', {})).toBeGreaterThan(0);
    await store.close();
  }, 180_000);

  it('limits reads per user with 429 and Retry-After, apart from writes and other users, and believes the proxies TRUST_PROXY names', async () => {
    const run = await startTeamsMain({ dir: tmp.dir, standin, docs: [smallMunicipality()], env: { READ_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' } });
    try {
      const get = async (oid: string) =>
        fetch(`${run.baseUrl}/api/agreements/${AGREEMENT}`, {
          headers: { Authorization: `Bearer ${await standin.token(oid)}`, 'Accept-Language': 'sv', 'X-Forwarded-For': '203.0.113.78' },
        });
      for (let i = 0; i < 5; i++) expect((await get('testby-leder')).status).toBe(200);
      const refused = await get('testby-leder');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({
        error: { code: 'read_rate_limited', message: 'Du har hämtat mycket på kort tid. Vänta en stund och försök igen.' },
      });
      expect((await get('testby-chef')).status).toBe(200);
      const write = await fetch(`${run.baseUrl}/api/actions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await standin.token('testby-leder')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ goalId: 'testby-goal-1', text: 'Skrives stadig' }),
      });
      expect(write.status).toBe(201);
    } finally {
      await run.stop();
    }
    expect(run.output()).toMatch(/"remoteAddress":"203\.0\.113\.78"/);
  }, 180_000);
});

describe('while Entra ID cannot be reached', () => {
  it('fetches its keys one at a time, keeps the failure with a growing backoff, answers 503 with Retry-After, and recovers', async () => {
    const entra = await startOpenIdStandin();
    entra.down();
    const run = await startTeamsMain({ dir: tmp.dir, standin: entra, docs: [smallMunicipality()] });
    try {
      const token = await entra.token('testby-leder');
      const me = () => fetch(`${run.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': 'da' } });
      const expectUnavailable = async (res: Response) => {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await res.json()).toEqual({
          error: { code: 'sign_in_unavailable', message: 'Log-ind kan ikke kontrolleres lige nu, fordi Microsoft Entra ID ikke svarer. Prøv igen om lidt.' },
        });
      };
      // A burst of 30 requests at once: one fetch, not thirty.
      const burstStart = Date.now();
      for (const res of await Promise.all(Array.from({ length: 30 }, me))) await expectUnavailable(res);
      expect(entra.fetches.configuration.length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - burstStart) / 1000));
      expect(entra.fetches.configuration.length).toBeGreaterThanOrEqual(1);
      // Requests go on for 3.5 s: Entra is asked again only as the backoff (1 s, 2 s, …) runs out.
      let last: Response | null = null;
      const until = Date.now() + 3_500;
      while (Date.now() < until) {
        last = await me();
        await expectUnavailable(last.clone());
        await new Promise((r) => setTimeout(r, 50));
      }
      const at = entra.fetches.configuration;
      // With backoffs of 1, 2, 4 … s, n fetches need at least 2^(n-1) - 1 s between the first and the last.
      expect(at.length).toBeLessThanOrEqual(1 + Math.floor(Math.log2((Date.now() - at[0]!) / 1000 + 1)));
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(2 ** (i - 1) * 1000 - 50);
      // Entra is back: after Retry-After the next request fetches the keys and is served.
      entra.up();
      await new Promise((r) => setTimeout(r, Number(last!.headers.get('retry-after')) * 1000 + 100));
      const back = await me();
      expect(back.status).toBe(200);
      expect((await back.json()).id).toBe('testby-leder');
      expect(entra.fetches.keys.length).toBe(1);
      // Down again: the keys held keep serving, without asking Entra.
      entra.down();
      const fetched = entra.fetches.configuration.length + entra.fetches.keys.length;
      for (let i = 0; i < 5; i++) expect((await me()).status).toBe(200);
      expect(entra.fetches.configuration.length + entra.fetches.keys.length).toBe(fetched);
    } finally {
      await run.stop();
      await entra.stop();
    }
    expect(run.output()).toMatch(/"msg":"request answered 503"/);
  }, 180_000);
});

describe('when SharePoint fails', () => {
  it("answers with Graph's error code only: no host, site or list in the body", async () => {
    const fx = await sharePointFixture({ tenants: ['demo'] });
    const server = await startTestServer([smallMunicipality()], { store: fx.store });
    try {
      fx.standin.inject({
        match: (r) => r.url.includes('/items'),
        status: 500,
        code: 'generalException',
        message: 'Invalid request to https://testby.sharepoint.com/sites/kvalitet-demo/Lists/KAGoals at graph.microsoft.com',
        insideBatch: true,
        times: 1000,
      });
      const res = await fetch(`${server.url}/api/goals/testby-goal-1`, { headers: { 'X-Dev-User': 'testby-leder', 'Accept-Language': 'da' } });
      const body = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(body).error).toEqual({ code: 'store_unavailable', message: 'Lagringen svarede med en fejl (generalException). Prøv igen om lidt.' });
      expectNoInternals('GET /api/goals/testby-goal-1', res.status, body);
      expect(body).not.toMatch(/sharepoint\.com|KAGoals|kvalitet-demo/);
    } finally {
      await server.shutdownOnly();
      await fx.stop();
    }
  }, 180_000);
});
