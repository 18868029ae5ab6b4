import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { COLLECTIONS, OrganisationDocument } from '../api/core/transfer';
import { DOCUMENT_KINDS } from '../api/core/entities';
import { exportOrganisation, seedDocuments } from '../api/core/services/transfer';
import { getAgreementView } from '../api/core/services/agreement-view';
import { DEMO_DOCUMENTS } from '../api/demo';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('the seed agreements survive the embedded store completely', () => {
  const store = openSqliteStore(join(tmp.dir, 'roundtrip.db'));
  const ctx = makeContext(store.forTenant('demo'), systemActor('demo'));
  afterAll(() => store.close());

  it('loads every demo municipality once; a second run changes nothing', async () => {
    const first = await seedDocuments(ctx, DEMO_DOCUMENTS);
    expect(first.loaded).toEqual(['silkeborg', 'hoeje-taastrup', 'assens', 'oesteraaker']);
    const auditBefore = (await ctx.store.auditTrail({}, { limit: 1 })).items[0]!.id;
    const second = await seedDocuments(ctx, DEMO_DOCUMENTS);
    expect(second).toEqual({ loaded: [], skipped: ['silkeborg', 'hoeje-taastrup', 'assens', 'oesteraaker'] });
    expect((await ctx.store.auditTrail({}, { limit: 1 })).items[0]!.id).toBe(auditBefore);
  });

  it.each(DEMO_DOCUMENTS.map((d) => [d.municipalityId, d] as const))('%s comes back with every record, text, amount and date', async (_id, doc) => {
    const expected = OrganisationDocument.parse(doc);
    const exported = await exportOrganisation(ctx, doc.municipalityId);
    for (const kind of DOCUMENT_KINDS) {
      const c = COLLECTIONS[kind];
      const sort = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      expect({ [c]: sort(exported[c] as { id: string }[]) }).toEqual({ [c]: sort(expected[c] as { id: string }[]) });
    }
  });

  it('keeps the current version of every agreement that arrives decided, so the next version is compared with it', async () => {
    const agreements = await ctx.store.listAll('agreement', {});
    const decided = agreements.filter((a) => a.status !== 'draft');
    expect(decided.length).toBeGreaterThan(0);
    const versions = await ctx.store.listAll('agreementVersion', {});
    expect(versions.map((v) => v.id).sort()).toEqual(decided.map((a) => `${a.id}--v${a.version}`).sort());
    const ht = versions.find((v) => v.agreementId === 'hoeje-taastrup-team-myndighed-2016')!;
    expect(ht).toMatchObject({ version: 1, submittedBy: ctx.actor.id, imported: true });
    // The snapshot holds the agreement's goals as imported.
    const goals = await ctx.store.listAll('goal', { agreementId: 'hoeje-taastrup-team-myndighed-2016' });
    expect((ht.snapshot.goals as { id: string }[]).map((g) => g.id).sort()).toEqual(goals.map((g) => g.id).sort());
  });

  it('keeps Danish and Swedish letters and the Silkeborg budget exactly', async () => {
    const view = await getAgreementView(ctx, 'silkeborg-borgerservice-2015');
    expect(view.agreement.budget).toMatchObject({ amount: 21848850, currency: 'DKK' });
    expect(view.goals).toHaveLength(3);
    expect(JSON.stringify(view)).toContain('Vi åbner døre til nye muligheder');
    // Its provenance is kept on the agreement.
    expect(view.agreement.source).toMatch(/^Seed 001_7c23654a4707eb29\.txt/);
    const ht = await getAgreementView(ctx, 'hoeje-taastrup-team-myndighed-2016');
    expect(ht.goals.filter((g) => g.origin === 'shared')).toHaveLength(2);
    expect(ht.goals.filter((g) => g.origin === 'own')).toHaveLength(4);
    expect(ht.agreement.documentDate).toBe('2015-12-04');
    const wheel = await ctx.store.listAll('wheelEvent', {
      unitId: (await ctx.store.listAll('unit', { parentId: 'oesteraaker' })).map((u) => u.id).concat('oesteraaker'),
    });
    expect(JSON.stringify(wheel)).toMatch(/uppföljning|Uppföljning/);
  });
});
