import { makeContext } from '../api/core/context';
import { planIntoOutbox } from '../api/core/services/outbox';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { bigMunicipality } from './support/big-municipality';

/**
 * Planning reads a large municipality in slices of agreements (api/core/services/outbox.ts), letting requests in
 * between: every unit's leader is still reminded of what is late, whatever slice their agreement fell in, and
 * planning again writes nothing new.
 */
describe('reminder planning in a municipality of many agreements', () => {
  it('reminds the leader of every unit of their late measurements, once', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const units = 450;
      const doc = bigMunicipality('storby', units);
      // Each unit gets a leader of its own: the one a late measurement is asked of.
      for (const u of doc.units!) if (u.kind === 'unit') u.leaderIds = [`${u.id}-leder`];
      doc.people!.push(...doc.units!.filter((u) => u.kind === 'unit').map((u) => ({ id: `${u.id}-leder`, displayName: `Leder ${u.name}` })));
      const now = new Date('2026-08-20T08:00:00Z');
      const ctx = () => makeContext(store.forTenant('demo'), systemActor('demo'), () => now);
      await importOrganisation(ctx(), doc);
      // Q1 is reported for every indicator; Q2 (due 30 June) is late for all of them.
      const first = await planIntoOutbox(ctx(), now);
      const reminders = await store.forTenant('demo').listAll('reminder', {});
      const late = reminders.filter((r) => r.occasion === 'measurements:2026-06-30');
      expect(new Set(late.map((r) => r.recipientId))).toEqual(new Set(doc.units!.filter((u) => u.kind === 'unit').map((u) => `${u.id}-leder`)));
      for (const r of late) expect(r.items.map((i) => i.kind === 'measurement' && i.period)).toEqual(['2026-Q2', '2026-Q2']);
      expect(reminders.some((r) => r.items.some((i) => i.kind === 'measurement' && i.period === '2026-Q1'))).toBe(false);
      expect(first.created).toBe(reminders.length);
      expect((await planIntoOutbox(ctx(), now)).created).toBe(0);
    } finally {
      await store.close();
    }
  });
});
