import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, smallMunicipality } from '../tests/support/mother';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { runCli } from './cli';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function run(args: string[], db: string) {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    { DB_PATH: db },
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('qa command-line tool', () => {
  it('seeds the demo, exports a municipality, and imports it into an empty store identically', async () => {
    const a = join(tmp.dir, 'a.db');
    expect((await run(['seed'], a)).code).toBe(0);
    const file = join(tmp.dir, 'silkeborg.json');
    const exp = await run(['export', 'silkeborg', '--out', file], a);
    expect(exp.code).toBe(0);
    expect(exp.err).toMatch(/wrote .*silkeborg.json: 3 units, 1 agreements, 6 goals/);
    const b = join(tmp.dir, 'b.db');
    const imp = await run(['import', file], b);
    expect(imp).toMatchObject({ code: 0 });
    expect(imp.out).toMatch(/imported .*: \d+ created, 0 updated/);
    expect(imp.err).toMatch(/writing \d+\/\d+/);
    const again = JSON.parse((await run(['export', 'silkeborg'], b)).out);
    const first = JSON.parse(readFileSync(file, 'utf8'));
    delete again.exportedAt;
    delete first.exportedAt;
    expect(again).toEqual(first);
    expect((await run(['show', 'silkeborg-borgerservice-2015'], b)).out).toMatch(/Budget: 21\.848\.850 DKK/);
  });

  it('audits an import as one entry naming the document (file, SHA-256 of its bytes, counts, who, when), not a copy of each record', async () => {
    const db = join(tmp.dir, 'audited.db');
    const file = join(tmp.dir, 'audited.json');
    writeFileSync(file, JSON.stringify(smallMunicipality('revby'), null, 1));
    expect((await run(['import', file], db)).code).toBe(0);
    const store = openSqliteStore(db);
    try {
      const trail = await store.forTenant('demo').auditTrail({}, { limit: 50 });
      expect(trail.items).toHaveLength(1);
      expect(trail.items[0]).toMatchObject({
        entityKind: 'organisationDocument',
        entityId: 'revby',
        action: 'import',
        actorId: 'system',
        before: null,
        after: {
          document: { name: 'audited.json', sha256: createHash('sha256').update(readFileSync(file)).digest('hex') },
          counts: { units: 2, agreements: 1, goals: 2, indicators: 1, measurements: 0 },
          created: 14,
          updated: 0,
        },
      });
      expect(Date.parse(trail.items[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
      // The audit table holds the one entry, not the imported records a second time.
      expect((store.db.prepare('SELECT COUNT(*) AS n, SUM(LENGTH(data)) AS bytes FROM audit').get() as { n: number; bytes: number }).bytes).toBeLessThan(1_000);
    } finally {
      await store.close();
    }
  });

  it('names the field of bad input and writes nothing', async () => {
    const db = join(tmp.dir, 'bad.db');
    const doc = smallMunicipality('badby') as any;
    doc.goals[1].followUpMonths = [6, 13];
    const file = join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run(['import', file], db);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Error \(field goals\.1\.followUpMonths\.1\): goals\.1\.followUpMonths\.1: Too big/);
    expect(r.err).toMatch(/Nothing was written/);
    const store = openSqliteStore(db);
    expect(await store.forTenant('demo').count('unit', {})).toBe(0);
    await store.close();
  });

  it('refuses a document whose references dangle, naming the record', async () => {
    const doc = smallMunicipality('refby') as any;
    doc.actions[0].goalId = 'refby-nope';
    const file = join(tmp.dir, 'dangling.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run(['import', file], join(tmp.dir, 'dangling.db'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/field actions\.0\.goalId/);
  });

  it('says what is wrong with unreadable files and unknown commands', async () => {
    const db = join(tmp.dir, 'x.db');
    const file = join(tmp.dir, 'broken.json');
    writeFileSync(file, '{ not json');
    expect((await run(['import', file], db)).err).toMatch(/Cannot read .* as JSON/);
    const unknown = await run(['frobnicate'], db);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    expect((await run(['export', 'nowhere'], db)).err).toMatch(/We could not find the unit \(nowhere\)/);
  });
});
