import { join } from 'node:path';
import JSZip from 'jszip';
import { StoreUnavailableError } from '../api/core/errors';
import type { Store, TenantStore } from '../api/core/port';
import { DEMO_DOCUMENTS } from '../api/demo';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { documentFixture } from './support/document-fixture';
import { municipalityDocument } from './support/large-municipality';
import { tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/**
 * Issue 20, point 2: every agreement of a year below a unit as one ZIP, made in the background with its progress
 * polled through the API; an agreement that cannot be made is named in the job and in the ZIP, never a silent hole.
 * The store is the real SQLite store; one agreement's reads fail as a store that is down for them would
 * (StoreUnavailableError, what both adapters throw), underneath the service.
 */
let server: TestServer;
const tmp = tempDir();
const sqlite = openSqliteStore(join(tmp.dir, 'batch.db'));
/** Reads that name this agreement fail, as a store that cannot be reached for them. */
let failing: string | null = null;

function flaky(store: Store): Store {
  const wrap = (t: TenantStore): TenantStore =>
    new Proxy(t, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'readMany' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (queries: { where?: Record<string, unknown>; id?: string }[]) => {
          if (failing && queries.some((q) => q.where?.agreementId === failing))
            throw new StoreUnavailableError('serviceNotAvailable', 'the store did not answer', 503);
          return value.call(target, queries);
        };
      },
    });
  return { ...store, forTenant: (id: string) => wrap(store.forTenant(id)) } as Store;
}

const SMALL = municipalityDocument({ prefix: 'zipby', units: 24, measurements: 24 * 30 });

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS, documentFixture(), SMALL], { store: flaky(sqlite) });
});
afterAll(async () => {
  await server.stop();
  await sqlite.close();
  tmp.remove();
});

async function call(method: string, path: string, user: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'X-Dev-User': user, 'Accept-Language': 'da', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    headers: res.headers,
    body: type.startsWith('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer()),
  };
}

async function finished(id: string, user: string) {
  const seen: number[] = [];
  for (let i = 0; i < 600; i++) {
    const r = await call('GET', `/api/exports/${id}`, user);
    expect(r.status).toBe(200);
    seen.push(r.body.done);
    if (r.body.state !== 'running') return { job: r.body, seen };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the export did not finish within a minute');
}

const QUALITY = 'zipby-p0';

describe('batch export', () => {
  it('makes every agreement of the year below a unit, in folders, with progress to poll', async () => {
    const q = (await call('GET', '/api/units/zipby', 'zipby-p0')).body;
    const office = q.qualityOfficeIds?.[0] ?? QUALITY;
    const agreements = (await call('GET', '/api/agreements?year=2026&limit=200', office)).body.items.filter((a: { unitId: string }) =>
      a.unitId.startsWith('zipby'),
    );
    expect(agreements.length).toBe(24);
    const started = await call('POST', '/api/exports', office, { unitId: 'zipby', year: 2026, format: 'html' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'running', total: 24, unitId: 'zipby', year: 2026, format: 'html', failed: [] });
    expect(started.headers.get('location')).toBe(`/api/exports/${started.body.id}`);
    const { job, seen } = await finished(started.body.id, office);
    expect(job).toMatchObject({ state: 'done', total: 24, done: 24, failed: [], file: `/api/exports/${started.body.id}/file` });
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    const file = await call('GET', job.file, office);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/zip');
    const zip = await JSZip.loadAsync(file.body as Buffer);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect(names).toHaveLength(24);
    expect(names.every((n) => n.endsWith('.html'))).toBe(true);
    // One file per agreement, each its own agreement's document.
    for (const a of agreements) {
      const holders = [];
      for (const n of names) if ((await zip.file(n)!.async('string')).includes(`<title>${a.title.replace(/&/g, '&amp;')}</title>`)) holders.push(n);
      expect([a.id, holders.length]).toEqual([a.id, 1]);
    }
    // Folders follow the tree below the exported unit (administration / area / …).
    expect(names.some((n) => n.includes('/'))).toBe(true);
  });

  it('names an agreement that could not be made, in the job and in the ZIP, and makes the rest', async () => {
    failing = 'silkeborg-borgerservice-2015';
    try {
      const started = await call('POST', '/api/exports', 'silkeborg-demo-kvalitet', { unitId: 'silkeborg', year: 2015 });
      expect(started.status).toBe(202);
      const { job } = await finished(started.body.id, 'silkeborg-demo-kvalitet');
      expect(job).toMatchObject({ state: 'done', total: 1, done: 1, format: 'pdf' });
      expect(job.failed).toEqual([{ agreementId: 'silkeborg-borgerservice-2015', unitName: 'Borgerservice', message: expect.any(String) }]);
      const zip = await JSZip.loadAsync((await call('GET', job.file, 'silkeborg-demo-kvalitet')).body as Buffer);
      const list = await zip.file('ikke-eksporteret.txt')!.async('string');
      expect(list).toContain('Borgerservice (silkeborg-borgerservice-2015)');
    } finally {
      failing = null;
    }
  });

  it('holds to the read policy and keeps each person’s jobs their own', async () => {
    // A draft of Dokåker, made by its leader: its staff's ZIP holds it, another municipality's staff's does not.
    const created = await call('POST', '/api/agreements', 'dokby-ledare', {
      unitId: 'dokby-enhet',
      year: 2030,
      title: 'Utkast 2030',
      periodStart: '2030-01-01',
      periodEnd: '2030-12-31',
    });
    expect(created.status).toBe(201);
    const mine = await call('POST', '/api/exports', 'dokby-medarbetare', { unitId: 'dokby', year: 2030, format: 'docx' });
    expect((await finished(mine.body.id, 'dokby-medarbetare')).job).toMatchObject({ total: 1, done: 1, failed: [] });
    const theirs = await call('POST', '/api/exports', 'silkeborg-demo-borgerservice', { unitId: 'dokby', year: 2030, format: 'docx' });
    expect((await finished(theirs.body.id, 'silkeborg-demo-borgerservice')).job).toMatchObject({ state: 'done', total: 0, done: 0 });
    // Another person's job is not there for them.
    expect((await call('GET', `/api/exports/${mine.body.id}`, 'silkeborg-demo-borgerservice')).status).toBe(404);
    expect((await call('GET', `/api/exports/${mine.body.id}/file`, 'silkeborg-demo-borgerservice')).status).toBe(404);
  });

  it('names a bad request’s field', async () => {
    for (const [body, field] of [
      [{ year: 2026 }, 'unitId'],
      [{ unitId: 'zipby', year: 'next' }, 'year'],
      [{ unitId: 'zipby', year: 2026, format: 'odt' }, 'format'],
    ] as const) {
      const r = await call('POST', '/api/exports', 'zipby-p0', body);
      expect([field, r.status, r.body.error.field]).toEqual([field, 400, field]);
    }
    expect((await call('POST', '/api/exports', 'zipby-p0', { unitId: 'nowhere', year: 2026 })).status).toBe(404);
  });
});
