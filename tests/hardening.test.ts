import { smallMunicipality } from './support/mother';
import { startTestServer, type TestServer } from './support/server';
import { FRAME_ANCESTORS } from '../api/http/hardening';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer([smallMunicipality()], { writeLimitPerMinute: 5 });
});
afterAll(async () => server.stop());

describe('web hardening', () => {
  it('sends a Content-Security-Policy that lets only Teams and Microsoft 365 frame the app, and no X-Frame-Options', async () => {
    for (const path of ['/tab/', '/api/openapi.json', '/healthz']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`frame-ancestors ${FRAME_ANCESTORS.join(' ')}`);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('sends large answers gzip-compressed to a client that accepts it (Teams also runs on phones), and plain to one that does not', async () => {
    const { get } = await import('node:http');
    const { gunzipSync } = await import('node:zlib');
    const raw = (encoding: string | null) =>
      new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> = { 'X-Dev-User': 'testby-leder', ...(encoding ? { 'Accept-Encoding': encoding } : {}) };
        get(`${server.url}/api/openapi.json`, { headers }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(parts) }));
        }).on('error', reject);
      });
    const plain = await raw(null);
    const zipped = await raw('gzip');
    expect(plain.encoding).toBeUndefined();
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
  });

  it('does not open CORS to other origins', async () => {
    const pre = await fetch(`${server.url}/api/goals`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PATCH' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${server.url}/api/me`, { headers: { Origin: 'https://evil.example', 'X-Dev-User': 'testby-leder' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits writes per user with a clear 429, and does not count reads or other users', async () => {
    const write = (user: string, n: number) =>
      fetch(`${server.url}/api/actions`, {
        method: 'POST',
        headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', 'Accept-Language': 'da' },
        body: JSON.stringify({ goalId: 'testby-goal-1', text: `Handling ${n}` }),
      });
    for (let i = 0; i < 5; i++) expect((await write('testby-leder', i)).status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await fetch(`${server.url}/api/me`, { headers: { 'X-Dev-User': 'testby-leder' } })).status).toBe(200);
    const refused = await write('testby-leder', 99);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy') ?? refused.headers.get('ratelimit')).toBeTruthy();
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'Du har gemt mange ændringer på kort tid. Vent lidt, og prøv igen.' } });
    expect((await write('testby-kvalitet', 1)).status).toBe(201);
  });

  it('refuses bodies above the size limit with 413', async () => {
    const res = await fetch(`${server.url}/api/actions`, {
      method: 'POST',
      headers: { 'X-Dev-User': 'testby-kvalitet', 'Content-Type': 'application/json' },
      body: JSON.stringify({ goalId: 'testby-goal-1', text: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
  });
});
