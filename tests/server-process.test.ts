import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { connect } from 'node:net';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, startServer } from '../teams-app/server';
import { startMain } from './support/main-process';
import { tempDir } from './support/mother';

const tmp = tempDir();
afterAll(() => tmp.remove());
describe('the one server process', () => {
  it('starts on an empty store with the demo data, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const db = join(tmp.dir, 'main.db');
    const run = startMain({ DB_PATH: db });
    const url = await run.url;
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const agreements = await (await fetch(`${url}/api/agreements`, { headers: { 'X-Dev-User': 'system' } })).json();
    expect(agreements.items.map((a: { id: string }) => a.id).sort()).toEqual([
      'assens-jobcentret-2009',
      'hoeje-taastrup-team-myndighed-2016',
      'silkeborg-borgerservice-2015',
    ]);
    // The bot answers at /api/messages (an empty body is no activity: refused, but not 501 any more).
    expect((await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const lines = run
      .output()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(run.output()).toMatch(/"msg":"demo data loaded"/);
    expect(run.output()).toMatch(/"msg":"stopped"/);

    const again = startMain({ DB_PATH: db });
    await again.url;
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
    expect(again.output()).toMatch(/"msg":"demo data already present"/);
  }, 60_000);

  it('refuses to start in production with the development sign-in, saying why', async () => {
    const run = startMain({ NODE_ENV: 'production', DB_PATH: join(tmp.dir, 'prod.db') });
    run.url.catch(() => undefined);
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/AUTH_MODE: the development sign-in is refused when NODE_ENV=production/);
  }, 30_000);

  it('refuses to start with Teams sign-in but no bot registration, naming BOT_ID and BOT_PASSWORD', async () => {
    // Without them the bot would believe any caller's aadObjectId (an unauthenticated invoke as the chief).
    const run = startMain({
      AUTH_MODE: 'teams',
      AAD_APP_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      ALLOWED_TENANT_IDS: '11111111-2222-4333-8444-555555555555',
      DB_PATH: join(tmp.dir, 'teams.db'),
    });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/BOT_ID: the anonymous development bot is refused with AUTH_MODE=teams; set BOT_ID and BOT_PASSWORD of the bot registration/);
    expect(run.output()).not.toMatch(/listening/);
  }, 30_000);

  it('finishes requests in flight on shutdown and accepts no new ones', async () => {
    const store = openSqliteStore(join(tmp.dir, 'graceful.db'));
    const app = express();
    // The request is in flight once the handler has it; it answers when the test lets it (no timed sleeps).
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => (arrived = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    app.get('/slow', (_req, res) => {
      arrived();
      void released.then(() => res.json({ finished: true }));
    });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', store, logger: pino({ level: 'silent' }), shutdownTimeoutMs: 5_000 });
    const inFlight = fetch(`${server.url}/slow`).then((r) => r.json());
    await inHandler;
    const stopping = server.shutdown();
    await expect(fetch(`${server.url}/slow`)).rejects.toThrow();
    release();
    expect(await inFlight).toEqual({ finished: true });
    await stopping;
    await expect(store.ping()).rejects.toThrow(/not open/);
  });

  it('keeps an idle connection open longer than a load balancer in front does, and says so in Keep-Alive', async () => {
    // The client (a proxy, a browser, the tests' fetch) must close an idle connection before the server does,
    // or its next request on it races the server's close (ECONNRESET). Node's own default closed after 5 s.
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThanOrEqual(4 * 60_000 + 1_000); // Azure Load Balancer's default idle timeout: 4 minutes
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
    const store = openSqliteStore(join(tmp.dir, 'keep-alive.db'));
    const app = express();
    app.get('/ping', (_req, res) => {
      res.json({ ok: true });
    });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', store, logger: pino({ level: 'silent' }), shutdownTimeoutMs: 2_000 });
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    let closedByServer = false;
    const answers: (() => void)[] = [];
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (/\r\n\r\n\{"ok":true\}$/.test(received)) answers.shift()?.();
    });
    socket.on('end', () => (closedByServer = true));
    const ask = () =>
      new Promise<string>((resolve) => {
        received = '';
        answers.push(() => resolve(received));
        socket.write(`GET /ping HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: keep-alive\r\n\r\n`);
      });
    try {
      const first = await ask();
      expect(first).toMatch(/^HTTP\/1\.1 200/);
      expect(first).toMatch(new RegExp(`\r\nKeep-Alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}\r\n`, 'i'));
      // Idle for longer than Node's default keep-alive timeout: the idle time is what is tested, not a stand-in.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closedByServer).toBe(false);
      expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
      await server.shutdown();
    }
  }, 30_000);
});
