import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { makeContext } from '../api/core/context';
import { getAgreementView } from '../api/core/services/agreement-view';
import { getMyUnits } from '../api/core/services/my-units';
import { getOverview } from '../api/core/services/overview';
import { importOrganisation } from '../api/core/services/transfer';
import { OrganisationDocument, type TypedDocumentInput } from '../api/core/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { runCli } from '../teams-app/cli';
import { systemActor } from '../teams-app/system-actor';
import { landmarks, municipalityDocument, planMunicipality, generatorOptions, writeMunicipality, writeMunicipalityFile } from './support/large-municipality';
import { tempDir } from './support/mother';
import { sharePointFixture } from './support/sharepoint';

const tmp = tempDir();
afterAll(() => tmp.remove());

const SMALL = { units: 24, seed: 7 };
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function streamed(opts: Parameters<typeof writeMunicipality>[0]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const r = await writeMunicipality(opts, out);
  return { ...r, text: Buffer.concat(chunks).toString('utf8') };
}

describe('the large-municipality generator', () => {
  it('makes the same document from the same seed, and another from another seed', async () => {
    const a = await streamed(SMALL);
    const b = await streamed(SMALL);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toBe(sha(a.text));
    expect((await streamed({ ...SMALL, seed: 8 })).sha256).not.toBe(a.sha256);
    // The in-memory document is byte for byte the streamed one.
    expect(sha(JSON.stringify(municipalityDocument(SMALL)))).toBe(a.sha256);
  });

  it('has the sizes asked for, five levels of units, and texts in the language asked for', () => {
    const input = municipalityDocument({ units: 40, people: 90, goals: 300, indicators: 700, measurements: 5_000, seed: 3 });
    expect(OrganisationDocument.safeParse(input).error).toBeUndefined();
    const doc = input as Required<typeof input>;
    expect(doc.units).toHaveLength(40);
    expect(doc.people).toHaveLength(90);
    expect(doc.agreements).toHaveLength(40);
    expect(doc.goals).toHaveLength(300);
    expect(doc.indicators).toHaveLength(700);
    expect(doc.measurements).toHaveLength(5_000);
    expect(doc.wheelEvents.length).toBeGreaterThan(5);
    const byId = new Map(doc.units.map((u) => [u.id, u]));
    const depth = (id: string | null): number => (id === null ? 0 : 1 + depth(byId.get(id)!.parentId));
    expect(Math.max(...doc.units.map((u) => depth(u.id)))).toBe(5);
    const frequencies = new Set(doc.indicators.map((i) => i.frequency.kind));
    expect([...frequencies].sort()).toEqual(['monthly', 'quarterly']);
    expect(doc.goals.filter((g) => g.origin === 'shared').every((g) => g.sharedFromUnitId === byId.get(g.unitId)!.parentId)).toBe(true);
    expect(doc.agreements[0]!.title).toMatch(/^Kvalitetsaftale 2026 for /);
    const sv = municipalityDocument({ units: 10, locale: 'sv' }) as Required<TypedDocumentInput>;
    expect(sv.agreements[0]!.title).toMatch(/^Verksamhetsplan 2026 för /);
    expect(sv.agreements[0]!.budget!.currency).toBe('SEK');
  });

  it('names at full size a chief with 100 units below and a person on the staff of exactly two units', () => {
    const plan = planMunicipality(generatorOptions());
    const l = landmarks(plan);
    expect(plan.units).toHaveLength(1_500);
    expect(l.areaUnits).toBe(100);
    expect(l.indicatorIds).toHaveLength(30);
    expect(plan.units.filter((u) => u.memberIds.includes(l.staffId))).toHaveLength(2);
  });

  it('refuses sizes it cannot make, naming the option', () => {
    expect(() => generatorOptions({ units: 3 })).toThrow(/units/);
    expect(() => generatorOptions({ units: 100, people: 50 })).toThrow(/people/);
  });

  it('imports through qa import into SQLite, and the views answer for the landmarks', async () => {
    const file = join(tmp.dir, 'small.json');
    const written = await writeMunicipalityFile(SMALL, file);
    expect(sha(readFileSync(file, 'utf8'))).toBe(written.sha256);
    const db = join(tmp.dir, 'small.db');
    let out = '';
    let err = '';
    const code = await runCli(
      ['import', file],
      { DB_PATH: db },
      (s) => (out += s),
      (s) => (err += s),
    );
    expect({ code, err: err.replace(/\r[^\n]*/g, '').trim() }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/\d+ created, 0 updated/);

    const l = landmarks(planMunicipality(generatorOptions(SMALL)));
    const store = openSqliteStore(db);
    try {
      const ctx = (actor = systemActor('demo')) => makeContext(store.forTenant('demo'), actor, () => new Date('2026-11-30T12:00:00Z'));
      const view = await getAgreementView(ctx(), l.agreementId);
      expect(view.indicators.map((i) => i.id).sort()).toEqual([...l.indicatorIds].sort());
      const rows = await getOverview(ctx(), l.areaId, 2026);
      expect(rows).toHaveLength(l.areaUnits);
      const mine = await getMyUnits(ctx({ ...systemActor('demo'), id: l.staffId, authMethod: 'development' } as never));
      expect(mine.map((m) => m.roles)).toEqual([['member'], ['member']]);
    } finally {
      await store.close();
    }
  });

  it('writes nothing and names the field when a record deep in a large document is bad, whichever pass finds it', async () => {
    // 12 units: 4,320 measurements. The import reads the file twice; a schema error is found in the first pass, a
    // measurement pointing nowhere only in the second, after thousands of records went into the open transaction.
    const file = join(tmp.dir, 'deep.json');
    await writeMunicipalityFile({ units: 12, seed: 5 }, file);
    const good = readFileSync(file, 'utf8');
    const run = async (text: string) => {
      const bad = join(tmp.dir, 'deep-bad.json');
      writeFileSync(bad, text);
      const db = join(tmp.dir, `deep-${Math.random().toString(36).slice(2)}.db`);
      let out = '';
      let err = '';
      const code = await runCli(
        ['import', bad],
        { DB_PATH: db },
        (s) => (out += s),
        (s) => (err += s),
      );
      const store = openSqliteStore(db);
      try {
        const t = store.forTenant('demo');
        const written = (await Promise.all((['person', 'unit', 'goal', 'indicator', 'measurement'] as const).map((k) => t.count(k, {})))).reduce(
          (a, b) => a + b,
          0,
        );
        return { code, out, err: err.replace(/\r[^\n]*/g, '').trim(), written, audit: (await t.auditTrail({}, { limit: 5 })).items.length };
      } finally {
        await store.close();
      }
    };
    const doc = JSON.parse(good) as { goals: { followUpMonths: number[] }[]; measurements: { indicatorId: string }[] };
    const g = doc.goals.length - 2;
    doc.goals[g]!.followUpMonths = [3, 13];
    expect(await run(JSON.stringify(doc))).toMatchObject({
      code: 1,
      out: '',
      written: 0,
      audit: 0,
      err: expect.stringMatching(new RegExp(`^Error \\(field goals\\.${g}\\.followUpMonths\\.1\\):[^]*Nothing was written\\.$`)),
    });

    const again = JSON.parse(good) as typeof doc;
    const m = again.measurements.length - 1;
    expect(m).toBeGreaterThan(4_000);
    again.measurements[m]!.indicatorId = 'no-such-indicator';
    expect(await run(JSON.stringify(again))).toMatchObject({
      code: 1,
      out: '',
      written: 0,
      audit: 0,
      err: expect.stringMatching(new RegExp(`^Error \\(field measurements\\.${m}\\.indicatorId\\):[^]*no-such-indicator[^]*Nothing was written\\.$`)),
    });

    // Cut off in the middle of the last measurements: not JSON, found before anything is written.
    expect(await run(good.slice(0, good.length - 2_000))).toMatchObject({
      code: 1,
      written: 0,
      audit: 0,
      err: expect.stringMatching(/as JSON: the document ends inside a value at byte \d+\nNothing was written\.$/),
    });
  }, 300_000);

  it('imports into the SharePoint adapter over the Graph stand-in', async () => {
    const sp = await sharePointFixture({ tenants: ['demo'] });
    try {
      const small = { units: 5, goals: 10, indicators: 15, measurements: 40, seed: 2 };
      const doc = municipalityDocument(small);
      const r = await importOrganisation(makeContext(sp.store.forTenant('demo'), systemActor('demo')), doc);
      expect(r.counts).toMatchObject({ units: 5, agreements: 5, goals: 10, indicators: 15, measurements: 40 });
      const l = landmarks(planMunicipality(generatorOptions(small)));
      const view = await getAgreementView(makeContext(sp.store.forTenant('demo'), systemActor('demo')), l.agreementId);
      expect(view.agreement.id).toBe(l.agreementId);
    } finally {
      await sp.stop();
    }
    // A few hundred writes through $batch to the stand-in: well over jest's 30 s on a loaded machine.
  }, 180_000);
});
