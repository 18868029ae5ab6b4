import { makeContext } from '../../api/core/context';
import { auditEntry, importAuditEntry, UnauditedWriteError } from '../../api/core/audit';
import { ConflictError } from '../../api/core/errors';
import type { Store, WriteOp } from '../../api/core/port';
import { compareIds, read } from '../../api/core/port';
import { getAgreementView } from '../../api/core/services/agreement-view';
import { recordMeasurement } from '../../api/core/services/measurements';
import { createNextYearDraft } from '../../api/core/services/lifecycle';
import { notificationOp, planIntoOutbox } from '../../api/core/services/outbox';
import { reminderContent } from '../../api/core/model';
import { searchPeople } from '../../api/core/services/people-search';
import { getRedThread } from '../../api/core/services/red-thread';
import { createRecord, deleteRecord, updateRecord } from '../../api/core/services/records';
import { exportOrganisation, importOrganisation } from '../../api/core/services/transfer';
import { OrganisationDocument } from '../../api/core/transfer';
import { silkeborg } from '../../api/demo';
import { smallMunicipality } from '../support/mother';
import { FOLLOWED_UP_SINCE, outcomeSeries, SERIES_DOCUMENT } from '../support/outcome-series';

const actor = (tenantId: string) => ({ id: 'tester', tenantId, displayName: 'Tester', locale: 'en' as const, authMethod: 'cli' as const });

/**
 * The behaviour every storage adapter must have. Runs against SQLite and against SharePoint (through the
 * local Graph stand-in, and a real tenant with `npm run test:tenant`). Each test uses its own municipality
 * prefix so adapters that cannot be emptied cheaply still start clean.
 */
export function storeContract(name: string, open: () => Promise<{ store: Store; close: () => Promise<void> }>, opts: { separateTenants?: boolean } = {}): void {
  describe(`storage contract: ${name}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    let n = 0;
    const prefix = () => `c${Date.now().toString(36)}${++n}`;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close?.());
    const ctxFor = (tenant: string) => makeContext(store.forTenant(tenant), actor(tenant));

    (opts.separateTenants === false ? it.skip : it)('keeps tenants apart', async () => {
      const p = prefix();
      await importOrganisation(ctxFor('a'), smallMunicipality(p));
      expect(await store.forTenant('b').get('unit', p)).toBeNull();
      expect(await store.forTenant('b').listAll('goal', { unitId: `${p}-skole` })).toEqual([]);
      expect(await store.forTenant('a').count('goal', { unitId: [p, `${p}-skole`] })).toBe(2);
    });

    it('reads several queries at once: by id, by ids, by filter, by lists of values and null', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      const [agreement, goals, byIds, missing, roots, years] = await ctx.store.readMany([
        read.one('agreement', `${p}-skole-2026`),
        read.all('goal', { agreementId: `${p}-skole-2026` }),
        read.ids('goal', [`${p}-goal-1`, `${p}-vision`, `${p}-nope`]),
        read.one('unit', `${p}-nope`),
        read.all('goal', { unitId: p, agreementId: null }),
        read.all('agreement', { year: 2026, unitId: [`${p}-skole`] }),
      ]);
      expect(agreement?.id).toBe(`${p}-skole-2026`);
      expect(goals.map((g) => g.id)).toEqual([`${p}-goal-1`]);
      expect(byIds.map((g) => g.id).sort()).toEqual([`${p}-goal-1`, `${p}-vision`]);
      expect(missing).toBeNull();
      expect(roots.map((g) => g.id)).toEqual([`${p}-vision`]);
      expect(years.map((a) => a.id)).toEqual([`${p}-skole-2026`]);
      expect(await ctx.store.listAll('action', { goalId: [] })).toEqual([]);
    });

    it('returns every list in id order, whatever order the records were written in', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      const doc = smallMunicipality(p);
      // Written in reverse id order, with ids that differ in case, across more values than one filter holds.
      const ids = Array.from({ length: 20 }, (_, i) => `${p}-${i % 2 ? 'A' : 'b'}-${String(i).padStart(2, '0')}`);
      const sorted = [...ids].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()));
      doc.actions = [...sorted].reverse().map((id) => ({ id, goalId: `${p}-goal-1`, text: id }));
      doc.goals!.push(
        { id: `${p}-zz-parent`, unitId: p, agreementId: null, levelId: `${p}-level-1`, year: null, title: 'Z', origin: 'own' },
        { id: `${p}-aa-parent`, unitId: p, agreementId: null, levelId: `${p}-level-1`, year: null, title: 'A', origin: 'own' },
      );
      (doc.goals![1] as { parentGoalIds: string[] }).parentGoalIds = [`${p}-zz-parent`, `${p}-vision`, `${p}-aa-parent`];
      await importOrganisation(ctx, doc);
      const [byIds, byFilter, byValues] = await ctx.store.readMany([
        read.ids('action', [...ids].reverse()),
        read.all('action', { goalId: `${p}-goal-1` }),
        read.all('action', { goalId: `${p}-goal-1`, agreementId: [`${p}-nope`, `${p}-skole-2026`] }),
      ]);
      expect(byIds.map((a) => a.id)).toEqual(sorted);
      expect(byFilter.map((a) => a.id)).toEqual(sorted);
      expect(byValues.map((a) => a.id)).toEqual(sorted);
      expect((await ctx.store.listAll('action', { goalId: `${p}-goal-1` })).map((a) => a.id)).toEqual(sorted);
      const many = await ctx.store.listAll('goal', { unitId: [...Array.from({ length: 30 }, (_, i) => `${p}-none-${i}`), `${p}-skole`, p] });
      expect(many.map((g) => g.id)).toEqual([`${p}-aa-parent`, `${p}-goal-1`, `${p}-vision`, `${p}-zz-parent`]);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.list('action', { goalId: `${p}-goal-1` }, { limit: 3, cursor });
        paged.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(sorted);
      // What the core returns from these lists: the agreement view's parent goals and the red thread.
      const view = await getAgreementView(ctx, `${p}-skole-2026`);
      expect(view.parentGoals.map((g) => g.id)).toEqual([`${p}-aa-parent`, `${p}-vision`, `${p}-zz-parent`]);
      expect(view.actions.map((a) => a.id)).toEqual(sorted);
      const thread = await getRedThread(ctx, `${p}-skole-2026`);
      expect(thread.goals.map((g) => g.id)).toEqual([`${p}-goal-1`, `${p}-aa-parent`, `${p}-vision`, `${p}-zz-parent`]);
    });

    it('returns every list in one order, ids by code point with A-Z folded, whatever the collation of the store', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      // Ids that a collation orders otherwise: numbers as text, case, "aa" (Danish "å", after "z"), punctuation
      // (before the digits in a collation, between them and the letters here), letters beyond ASCII, a
      // private-use character and one beyond U+FFFF (UTF-16 would put it first). Written in no particular order.
      const tails = ['å', 'a10', 'B1', '😀', 'a9', 'z', '_x', 'aab', 'a:1', 'ab', 'a-1', 'ß', 'b2', 'a_1', 'ø', 'Z0', 'a.1', '\uE000x', 'æ', 'a1', 'ü'];
      // The port's order (compareIds), written out.
      const expected = ['_x', 'a-1', 'a.1', 'a1', 'a10', 'a9', 'a:1', 'a_1', 'aab', 'ab', 'B1', 'b2', 'z', 'Z0', 'ß', 'å', 'æ', 'ø', 'ü', '\uE000x', '😀'].map(
        (t) => `${p}-${t}`,
      );
      const t = new Date().toISOString();
      await ctx.store.commit(
        tails.flatMap((tail) => [
          {
            type: 'put' as const,
            kind: 'unit' as const,
            record: { id: `${p}-${tail}`, revision: 1, createdAt: t, updatedAt: t, name: tail, parentId: `${p}-parent`, leaderIds: [], memberIds: [] } as never,
            expectedRevision: null,
          },
          { type: 'audit' as const, entry: auditEntry(ctx, 'unit', `${p}-${tail}`, 'create', null, null) },
        ]),
      );
      expect([...expected].sort(compareIds)).toEqual(expected);
      const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
      expect(ids(await ctx.store.listAll('unit', { parentId: `${p}-parent` }))).toEqual(expected);
      const [byFilter, byIds, byFields] = await ctx.store.readMany([
        read.all('unit', { parentId: [`${p}-parent`, `${p}-none`] }),
        read.ids('unit', [...expected].reverse()),
        read.fields('unit', { parentId: `${p}-parent` }, ['name']),
      ]);
      expect(ids(byFilter)).toEqual(expected);
      expect(ids(byIds)).toEqual(expected);
      expect(ids(byFields)).toEqual(expected);
      // Paged, with every page boundary somewhere else: no record lost or repeated, the same order.
      for (const limit of [1, 2, 5, 50]) {
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.list('unit', { parentId: `${p}-parent` }, { limit, cursor });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          paged.push(...ids(page.items));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(expected);
      }
      // The whole list, unfiltered, is in the same order too (with every other test's records in it).
      const everything: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.list('unit', {}, { limit: 7, cursor });
        everything.push(...ids(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      expect(everything).toEqual([...everything].sort(compareIds));
      expect(everything.filter((id) => id.startsWith(`${p}-`) && expected.includes(id))).toEqual(expected);
      expect(new Set(everything).size).toBe(everything.length);
    });

    it('keeps the audit trail newest first by instant, entries of one instant by id last first, across pages', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      const entityId = `${p}-audited`;
      const entry = (id: string, at: string) => ({
        type: 'audit' as const,
        entry: { id, at, actorId: 'tester', entityKind: 'unit' as const, entityId, action: 'update' as const, before: null, after: null },
      });
      const same = ['a10', 'B1', 'a9', '_x', 'aab', 'ab', 'a:1', 'z', 'å'].map((t) => `${p}-${t}`);
      await ctx.store.commit([
        // 10:30 UTC, written with an offset: older than 11:00 UTC though its text is larger.
        entry(`${p}-offset`, '2026-03-01T12:30:00.000+02:00'),
        entry(`${p}-eleven`, '2026-03-01T11:00:00.000Z'),
        ...same.map((id) => entry(id, '2026-03-02T09:00:00.000Z')),
      ]);
      // The ids of one instant, last first by compareIds (written out), then the older instants.
      const plain = ['å', 'z', 'B1', 'ab', 'aab', 'a:1', 'a9', 'a10', '_x'].map((t) => `${p}-${t}`).concat(`${p}-eleven`, `${p}-offset`);
      for (const limit of [1, 2, 4, 20]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.auditTrail({ entityId }, { limit, cursor });
          seen.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(plain);
      }
    });

    it('stores a 200,000-character agreement without loss, updates it and reads it back everywhere', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      const id = `${p}-skole-2026`;
      // Surrogate pairs everywhere, so a split between parts would show.
      const body = (i: number) => `Afsnit ${i}: ` + 'Læsning for alle 😀 — ø'.repeat(250);
      const sections = Array.from({ length: 40 }, (_, i) => ({ key: `s${i}`, title: `Afsnit ${i}`, body: body(i), sortOrder: i }));
      // Written through the store itself (what the core writes after its checks): the record and its audit entry.
      const write = async (c: typeof ctx, current: Record<string, unknown>, change: Record<string, unknown>) => {
        const next = { ...current, ...change, revision: (current.revision as number) + 1 };
        const entry = {
          id: `${p}-audit-${next.revision}`,
          at: new Date().toISOString(),
          actorId: 'tester',
          entityKind: 'agreement',
          entityId: id,
          action: 'update' as const,
          before: current,
          after: next,
        };
        await c.store.commit([
          { type: 'put', kind: 'agreement', record: next as never, expectedRevision: current.revision as number },
          { type: 'audit', entry },
        ]);
        return next;
      };
      const before = (await ctx.store.get('agreement', id))!;
      const big = await write(ctx, before, { sections });
      expect(JSON.stringify(big).length).toBeGreaterThan(200_000);
      const fresh = ctxFor('a');
      expect(await fresh.store.get('agreement', id)).toEqual(big);
      expect((await fresh.store.listAll('agreement', { unitId: `${p}-skole` }))[0]).toEqual(big);
      expect((await getAgreementView(fresh, id)).agreement).toEqual(big);
      const [trail] = (await fresh.store.auditTrail({ entityId: id }, { limit: 1 })).items;
      expect(trail!.after).toEqual(big);
      // Written again, larger and then small: each read gives exactly what was written last.
      const bigger = await write(fresh, big, { sections: [...sections, { key: 'extra', title: 'Mere', body: body(99), sortOrder: 99 }] });
      expect(await ctxFor('a').store.get('agreement', id)).toEqual(bigger);
      const small = await write(ctxFor('a'), bigger, { sections: [] });
      expect(await ctxFor('a').store.get('agreement', id)).toEqual(small);
    });

    it('writes several records all or nothing: a conflict in the last leaves the first unwritten', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      const unit = (await ctx.store.get('unit', `${p}-skole`))!;
      const root = (await ctx.store.get('unit', p))!;
      const changed = { ...unit, name: 'Changed', revision: unit.revision + 1 };
      await expect(
        ctx.store.commit([
          { type: 'put', kind: 'unit', record: changed, expectedRevision: unit.revision },
          { type: 'audit', entry: auditEntry(ctx, 'unit', unit.id, 'update', unit, changed) },
          { type: 'put', kind: 'unit', record: { ...root, revision: 99 }, expectedRevision: 42 },
          { type: 'audit', entry: auditEntry(ctx, 'unit', root.id, 'update', root, { ...root, revision: 99 }) },
        ]),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await store.forTenant('a').get('unit', `${p}-skole`))!.name).toBe('Østre Skole');
    });

    describe('the audit rule', () => {
      const unitOf = async (ctx: ReturnType<typeof ctxFor>, id: string) => (await ctx.store.get('unit', id))!;
      it('refuses a commit that writes or deletes a domain record without its audit entry, and writes nothing of it', async () => {
        const p = prefix();
        const ctx = ctxFor('a');
        await importOrganisation(ctx, smallMunicipality(p));
        const unit = await unitOf(ctx, `${p}-skole`);
        const root = await unitOf(ctx, p);
        const renamed = { ...unit, name: 'Omdøbt', revision: unit.revision + 1 };
        const rootRenamed = { ...root, name: 'Omdøbt kommune', revision: root.revision + 1 };
        // The second record's entry is missing: the whole commit is refused, the first record too stays as it was.
        await expect(
          ctx.store.commit([
            { type: 'put', kind: 'unit', record: renamed, expectedRevision: unit.revision },
            { type: 'audit', entry: auditEntry(ctx, 'unit', unit.id, 'update', unit, renamed) },
            { type: 'put', kind: 'unit', record: rootRenamed, expectedRevision: root.revision },
          ]),
        ).rejects.toBeInstanceOf(UnauditedWriteError);
        const action = (await ctx.store.get('action', `${p}-action-1`))!;
        await expect(ctx.store.commit([{ type: 'delete', kind: 'action', id: action.id, expectedRevision: action.revision }])).rejects.toThrow(
          `delete action ${p}-action-1`,
        );
        // An entry for another record does not count.
        await expect(
          ctx.store.commit([
            { type: 'put', kind: 'unit', record: renamed, expectedRevision: unit.revision },
            { type: 'audit', entry: auditEntry(ctx, 'goal', unit.id, 'update', unit, renamed) },
          ]),
        ).rejects.toBeInstanceOf(UnauditedWriteError);
        expect(await unitOf(ctx, `${p}-skole`)).toEqual(unit);
        expect(await unitOf(ctx, p)).toEqual(root);
        expect(await ctx.store.get('action', action.id)).toEqual(action);
        expect((await ctx.store.auditTrail({ entityId: unit.id }, { limit: 10 })).items).toEqual([]);
        // With its entry it is written; the product's own bookkeeping (a reminder) needs none.
        await ctx.store.commit([
          { type: 'put', kind: 'unit', record: renamed, expectedRevision: unit.revision },
          { type: 'audit', entry: auditEntry(ctx, 'unit', unit.id, 'update', unit, renamed) },
        ]);
        expect((await unitOf(ctx, `${p}-skole`)).name).toBe('Omdøbt');
        await ctx.store.commit([
          await notificationOp(
            `${p}-note`,
            `${p}-leder`,
            { type: 'approval_request', item: { kind: 'approval', agreementId: `${p}-aftale`, version: 1 } },
            new Date().toISOString(),
          ),
        ]);
      });

      it('takes one import entry for exactly the records it counts (the designed exception), and nothing more', async () => {
        const p = prefix();
        const ctx = ctxFor('a');
        await importOrganisation(ctx, smallMunicipality(p));
        const unit = await unitOf(ctx, `${p}-skole`);
        const root = await unitOf(ctx, p);
        const puts = [unit, root].map((u) => ({
          type: 'put' as const,
          kind: 'unit' as const,
          record: { ...u, name: `${u.name} (importeret)`, revision: u.revision + 1 },
          expectedRevision: u.revision,
        }));
        const entry = (counts: Record<string, number>) => ({
          type: 'audit' as const,
          entry: importAuditEntry(ctx, p, {
            document: { name: 'doc.json', sha256: '0'.repeat(64), source: null, exportedAt: null },
            counts,
            created: 0,
            updated: 2,
          }),
        });
        // Counting one unit fewer, or one more, than the commit writes: refused.
        await expect(ctx.store.commit([...puts, entry({ units: 1 })])).rejects.toBeInstanceOf(UnauditedWriteError);
        await expect(ctx.store.commit([...puts, entry({ units: 3 })])).rejects.toBeInstanceOf(UnauditedWriteError);
        await expect(ctx.store.commit([...puts, entry({ units: 2, goals: 1 })])).rejects.toBeInstanceOf(UnauditedWriteError);
        // An import deletes nothing: its entry never stands for a delete.
        const action = (await ctx.store.get('action', `${p}-action-1`))!;
        await expect(
          ctx.store.commit([...puts, { type: 'delete', kind: 'action', id: action.id, expectedRevision: action.revision }, entry({ units: 2, actions: 1 })]),
        ).rejects.toBeInstanceOf(UnauditedWriteError);
        expect(await unitOf(ctx, p)).toEqual(root);
        await ctx.store.commit([...puts, entry({ units: 2, goals: 0 })]);
        expect((await unitOf(ctx, p)).name).toBe('Testby Kommune (importeret)');
      });

      it('holds over a commit handed over in chunks (commitAll): a bad stream of audit entries is refused, and nothing of it is written', async () => {
        const p = prefix();
        const ctx = ctxFor('a');
        await importOrganisation(ctx, smallMunicipality(p));
        const unit = await unitOf(ctx, `${p}-skole`);
        const root = await unitOf(ctx, p);
        const action = (await ctx.store.get('action', `${p}-action-1`))!;
        async function* stream(...chunks: WriteOp[][]): AsyncGenerator<readonly WriteOp[]> {
          for (const chunk of chunks) yield chunk;
        }
        const put = (u: typeof unit, name: string) => ({
          type: 'put' as const,
          kind: 'unit' as const,
          record: { ...u, name, revision: u.revision + 1 },
          expectedRevision: u.revision,
        });
        const own = (u: typeof unit, name: string) => ({
          type: 'audit' as const,
          entry: auditEntry(ctx, 'unit', u.id, 'update', u, { ...u, name, revision: u.revision + 1 }),
        });
        const imported = (counts: Record<string, number>) => ({
          type: 'audit' as const,
          entry: importAuditEntry(ctx, p, {
            document: { name: 'doc.json', sha256: '0'.repeat(64), source: null, exportedAt: null },
            counts,
            created: 0,
            updated: 2,
          }),
        });
        const refusals: [string, AsyncGenerator<readonly WriteOp[]>][] = [
          // The first chunk is in order; the second writes the municipality without any entry.
          ['a later chunk without entries', stream([put(unit, 'Omdøbt'), own(unit, 'Omdøbt')], [put(root, 'Omdøbt kommune')])],
          // A record's own entry counts in its own chunk only.
          ["an entry in another chunk than its record's", stream([put(unit, 'Omdøbt')], [own(unit, 'Omdøbt')])],
          // A delete is never covered by the import's entry, wherever it comes.
          [
            'a delete without its entry',
            stream(
              [put(unit, 'Omdøbt'), own(unit, 'Omdøbt')],
              [{ type: 'delete', kind: 'action', id: action.id, expectedRevision: action.revision }, imported({ actions: 1 })],
            ),
          ],
          // The import's entry counts the records of all chunks together: one unit fewer is refused at the end.
          [
            'an import entry counting fewer records than the chunks write',
            stream([put(unit, 'Importeret')], [put(root, 'Importeret kommune'), imported({ units: 1 })]),
          ],
          ['two import entries', stream([put(unit, 'Importeret'), imported({ units: 1 })], [put(root, 'Importeret kommune'), imported({ units: 1 })])],
          [
            'an import entry counting a record that was not written',
            stream([put(unit, 'Importeret')], [put(root, 'Importeret kommune'), imported({ units: 2, goals: 1 })]),
          ],
        ];
        for (const [what, chunks] of refusals) {
          await expect(ctx.store.commitAll(chunks).then(() => what)).rejects.toBeInstanceOf(UnauditedWriteError);
          // Nothing of it is written: not the first chunk's unit, not the municipality, not the action's delete.
          expect({ what, unit: await unitOf(ctx, unit.id), root: await unitOf(ctx, root.id), action: await ctx.store.get('action', action.id) }).toEqual({
            what,
            unit,
            root,
            action,
          });
        }
        expect((await ctx.store.auditTrail({ entityId: unit.id }, { limit: 10 })).items).toEqual([]);
        // The same chunks with their entries in order are written: own entries, and one import entry counting both chunks.
        await ctx.store.commitAll(stream([put(unit, 'Omdøbt'), own(unit, 'Omdøbt')], [put(root, 'Omdøbt kommune'), own(root, 'Omdøbt kommune')]));
        expect([(await unitOf(ctx, unit.id)).name, (await unitOf(ctx, root.id)).name]).toEqual(['Omdøbt', 'Omdøbt kommune']);
        const [u2, r2] = [await unitOf(ctx, unit.id), await unitOf(ctx, root.id)];
        await ctx.store.commitAll(stream([put(u2, 'Importeret')], [put(r2, 'Importeret kommune'), imported({ units: 2 })]));
        expect([(await unitOf(ctx, unit.id)).name, (await unitOf(ctx, root.id)).name]).toEqual(['Importeret', 'Importeret kommune']);
      });

      it("audits every record of next year's draft: the agreement, goals, actions, success criteria and indicators", async () => {
        const p = prefix();
        const ctx = ctxFor('a');
        await importOrganisation(ctx, smallMunicipality(p));
        const draft = await createNextYearDraft(ctx, `${p}-skole-2026`, [`${p}-goal-1`]);
        const [goals, actions, criteria, indicators] = await ctx.store.readMany([
          read.all('goal', { agreementId: draft.id }),
          read.all('action', { agreementId: draft.id }),
          read.all('successCriterion', { agreementId: draft.id }),
          read.all('indicator', { agreementId: draft.id }),
        ]);
        const copied = [draft, ...goals, ...actions, ...criteria, ...indicators];
        expect(copied.map((r) => r.id)).toEqual([draft.id, `${p}-goal-1--2027`, `${p}-action-1--2027`, `${p}-criterion-1--2027`, `${p}-indicator-1--2027`]);
        for (const r of copied) {
          const [entry] = (await ctx.store.auditTrail({ entityId: r.id }, { limit: 1 })).items;
          expect({ id: r.id, action: entry?.action, after: entry?.after }).toEqual({ id: r.id, action: 'create', after: r });
        }
      });
    });

    it("keeps the outbox's reminders as the product writes them today, and every one reads back through its schema", async () => {
      const p = prefix();
      // Planning reads everything in the tenant; what it wrote for this test's people is looked at.
      const ctx = makeContext(store.forTenant('b'), actor('b'), () => new Date('2026-05-10T08:00:00Z'));
      const doc = smallMunicipality(p);
      await importOrganisation(ctx, {
        ...doc,
        wheelEvents: [
          {
            id: `${p}-dialog`,
            unitId: p,
            year: 2026,
            date: '2026-05-20',
            month: 5,
            title: { da: 'Dialogmøde' },
            kind: 'dialogue_meeting',
            audience: ['leaders'],
            reminderOffsetsDays: [14],
            action: 'prepare_meeting',
          },
        ],
      });
      // The writers of today: the planner (wheel, measurements, escalation), submitting (approval_request), deciding (decision).
      await planIntoOutbox(ctx);
      const agreementId = `${p}-skole-2026`;
      await ctx.store.commit([
        await notificationOp(
          `approval:${agreementId}|${p}-chef`,
          `${p}-chef`,
          { type: 'approval_request', item: { kind: 'approval', agreementId, version: 1 } },
          new Date().toISOString(),
        ),
        await notificationOp(
          `decision:${agreementId}|${p}-leder`,
          `${p}-leder`,
          {
            type: 'decision',
            item: { kind: 'decision', agreementId, version: 1, decision: 'requestChanges', comment: 'Mål 2: *mere* \u0007', decidedBy: `${p}-chef` },
          },
          new Date().toISOString(),
        ),
      ]);
      const stored = (await store.forTenant('b').listAll('reminder', {})).filter((r) => r.recipientId.startsWith(`${p}-`));
      expect(new Set(stored.map((r) => r.type))).toEqual(new Set(['wheel', 'measurements', 'escalation', 'approval_request', 'decision']));
      for (const r of stored) expect(reminderContent(r)).toEqual({ type: r.type, items: r.items });
      const measurement = stored.find((r) => r.type === 'measurements')!;
      expect(reminderContent(measurement).items[0]).toEqual({
        kind: 'measurement',
        indicatorId: `${p}-indicator-1`,
        period: '2026-Q1',
        due: '2026-03-31',
        state: 'late',
        unitId: `${p}-skole`,
      });
      expect(stored.find((r) => r.type === 'wheel')!.items).toEqual([
        { kind: 'wheel', eventId: `${p}-dialog`, action: 'prepare_meeting', date: '2026-05-20', unitId: p },
      ]);
    });

    it('counts changes of people and finds them by name or e-mail address, in any case and without accents', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      const doc = smallMunicipality(p);
      doc.people!.push(
        { id: `${p}-soeren`, displayName: 'Søren Ærø Kierkegaard', email: `soeren.k@${p}.dk` },
        { id: `${p}-aasa`, displayName: 'Åsa Björk', email: `asa.bjork@${p}.se` },
        { id: `${p}-sofie`, displayName: 'Sofie Sørensen', jobTitle: 'Pædagog' },
        { id: `${p}-bo`, displayName: 'Bo Jensen', email: `bj-soren@${p}.dk` },
      );
      await importOrganisation(ctx, doc);
      const tenant = store.forTenant('a');
      const before = await tenant.revisionOf('person');
      // Writes of other kinds leave the people's revision where it was (a null revision: the store cannot tell).
      await updateRecord(ctxFor('a'), 'unit', `${p}-skole`, { name: 'Vestre Skole' }, (await tenant.get('unit', `${p}-skole`))!.revision);
      expect(await tenant.revisionOf('person')).toBe(before);
      const names = async (q: string) => (await searchPeople(ctxFor('a'), q, 10)).filter((h) => h.id.startsWith(p)).map((h) => h.displayName);
      expect(await names('soren')).toEqual(['Søren Ærø Kierkegaard', 'Sofie Sørensen', 'Bo Jensen']);
      expect(await names('SØREN')).toEqual(['Søren Ærø Kierkegaard', 'Sofie Sørensen', 'Bo Jensen']);
      expect(await names('aero kierk')).toEqual(['Søren Ærø Kierkegaard']);
      expect(await names('asa bjork')).toEqual(['Åsa Björk']);
      expect(await names(`asa.bjork@${p}`)).toEqual(['Åsa Björk']);
      expect(await names('s')).toEqual([]);
      // A person renamed is found by the new name at once, on every instance (the revision moved).
      const soeren = (await tenant.get('person', `${p}-soeren`))!;
      await updateRecord(ctxFor('a'), 'person', soeren.id, { displayName: 'Søren Aabye' }, soeren.revision);
      if (before !== null) expect(await tenant.revisionOf('person')).not.toBe(before);
      expect(await names('aabye')).toEqual(['Søren Aabye']);
      expect(await names('kierkegaard')).toEqual([]);
      const { records } = await tenant.listCounted('person');
      const mine = records.filter((r) => r.id.startsWith(p)).map((r) => r.id);
      expect(mine).toEqual([...mine].sort(compareIds));
      expect(mine).toEqual(expect.arrayContaining([`${p}-aasa`, `${p}-bo`, `${p}-soeren`, `${p}-sofie`]));
    });

    it('refuses to create what exists', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await createRecord(ctx, 'person', { id: `${p}-x`, displayName: 'X' });
      await expect(createRecord(ctx, 'person', { id: `${p}-x`, displayName: 'Y' })).rejects.toMatchObject({ code: 'already_exists' });
    });

    it('refuses a stale update with the current state, even when the stale writer read before the other wrote', async () => {
      const p = prefix();
      await importOrganisation(ctxFor('a'), smallMunicipality(p));
      const first = ctxFor('a');
      const second = ctxFor('a');
      const goal = (await first.store.get('goal', `${p}-goal-1`))!;
      await second.store.get('goal', `${p}-goal-1`);
      const updated = await updateRecord(first, 'goal', goal.id, { status: 'on_track' }, goal.revision);
      expect(updated.revision).toBe(goal.revision + 1);
      await expect(updateRecord(second, 'goal', goal.id, { status: 'off_track' }, goal.revision)).rejects.toMatchObject({
        code: 'conflict',
        current: expect.objectContaining({ status: 'on_track' }),
      });
      // The stale writer's store had the old item cached: the write itself must be refused too.
      const fresh = (await ctxFor('a').store.get('goal', goal.id))!;
      expect(fresh.status).toBe('on_track');
    });

    it('cascades a delete with an audit entry for every record, and refuses to delete a unit with children', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      const goal = (await ctx.store.get('goal', `${p}-goal-1`))!;
      await deleteRecord(ctx, 'goal', goal.id, goal.revision);
      expect(await ctx.store.count('action', { goalId: goal.id })).toBe(0);
      expect(await ctx.store.count('indicator', { goalId: goal.id })).toBe(0);
      const trail = await ctx.store.auditTrail({ entityId: `${p}-action-1` }, { limit: 5 });
      expect(trail.items[0]).toMatchObject({ action: 'delete', entityKind: 'action' });
      const root = (await ctx.store.get('unit', p))!;
      await expect(deleteRecord(ctx, 'unit', p, root.revision)).rejects.toMatchObject({ code: 'has_dependants' });
    });

    it('pages with a cursor until the end, without losing or repeating a record', async () => {
      const p = prefix();
      const ctx = ctxFor('b');
      const doc = smallMunicipality(p);
      doc.actions = Array.from({ length: 23 }, (_, i) => ({ id: `${p}-a-${String(i).padStart(2, '0')}`, goalId: `${p}-goal-1`, text: `Handling ${i}` }));
      await importOrganisation(ctx, doc);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await ctx.store.list('action', { goalId: `${p}-goal-1` }, { limit: 5, cursor });
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
    });

    it('keeps an audit trail, newest first, paged', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      const person = await createRecord(ctx, 'person', { id: `${p}-p`, displayName: 'Før' });
      const after = await updateRecord(ctx, 'person', person.id, { displayName: 'Efter' }, 1);
      await updateRecord(ctx, 'person', person.id, { displayName: 'Sidst' }, after.revision);
      const page1 = await ctx.store.auditTrail({ entityId: person.id }, { limit: 2 });
      expect(page1.items.map((e) => e.action)).toEqual(['update', 'update']);
      expect(page1.items[0]!.after).toMatchObject({ displayName: 'Sidst' });
      const page2 = await ctx.store.auditTrail({ entityId: person.id }, { limit: 2, cursor: page1.nextCursor });
      expect(page2.items.map((e) => e.action)).toEqual(['create']);
    });

    it('keeps the earlier value of a corrected measurement', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      await importOrganisation(ctx, smallMunicipality(p));
      await recordMeasurement(ctx, { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 72 });
      const { measurement } = await recordMeasurement(ctx, { indicatorId: `${p}-indicator-1`, period: '2026-Q1', value: 73, revision: 1 });
      expect(measurement).toMatchObject({ value: 73, agreementId: `${p}-skole-2026`, history: [expect.objectContaining({ value: 72 })] });
      expect((await ctx.store.listAll('measurement', { agreementId: `${p}-skole-2026` })).map((m) => m.value)).toEqual([73]);
    });

    it('holds an outcome series as the report writes it: no value as null (never 0), column labels, no entry time, back unchanged', async () => {
      const p = prefix();
      const ctx = ctxFor('a');
      const doc = outcomeSeries(p);
      await importOrganisation(ctx, doc);
      const stored = await ctx.store.listAll('measurement', { indicatorId: `${p}-indicator-2` });
      const byPeriod = [...stored].sort((a, b) => a.period.localeCompare(b.period));
      expect(byPeriod.map((m) => [m.period, m.value, m.label, m.enteredAt, m.document])).toEqual([
        ['2023', 71, '2023', null, SERIES_DOCUMENT],
        ['2024', null, '2024', null, SERIES_DOCUMENT],
        ['2025', 78, 'Utfall 2025', null, SERIES_DOCUMENT],
      ]);
      expect((await ctx.store.get('measurementSummary', `${p}-indicator-2`))!.values).toEqual({ '2023': 71, '2024': null, '2025': 78 });
      await recordMeasurement(ctx, { indicatorId: `${p}-indicator-1`, period: '2026-Q2', value: null });
      const [none] = await ctx.store.listAll('measurement', { indicatorId: `${p}-indicator-1`, period: '2026-Q2' });
      expect(none!.value).toBeNull();
      const exported = await exportOrganisation(ctx, p);
      const sort = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      const expected = OrganisationDocument.parse(doc);
      expect(sort((exported.measurements as { id: string }[]).filter((m) => m.id !== none!.id))).toEqual(sort(expected.measurements as { id: string }[]));
      expect((exported.agreements as { followedUpSince: string | null }[])[0]!.followedUpSince).toBe(FOLLOWED_UP_SINCE);
    });

    it('holds a real agreement completely: Silkeborg comes back as it went in', async () => {
      const ctx = ctxFor('demo');
      if (!(await ctx.store.get('unit', 'silkeborg'))) await importOrganisation(ctx, silkeborg);
      const exported = await exportOrganisation(ctx, 'silkeborg');
      const expected = OrganisationDocument.parse(silkeborg);
      const sort = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      for (const key of ['units', 'agreements', 'goals', 'actions', 'successCriteria', 'people', 'goalLevels', 'wheelEvents'] as const)
        expect(sort(exported[key] as { id: string }[])).toEqual(sort(expected[key] as { id: string }[]));
    });
  });
}
