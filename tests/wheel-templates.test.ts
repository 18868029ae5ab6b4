import { join } from 'node:path';
import { makeContext, type Actor } from '../api/core/context';
import { ForbiddenError } from '../api/core/errors';
import { applyTemplate, copyWheel, findTemplate, moveDate, nthWeekday, resolveWhen, WHEEL_TEMPLATES } from '../api/core/services/wheel-templates';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import type { Store } from '../api/core/port';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';

const tmp = tempDir();
let store: Store;
const person = (id: string): Actor => ({ id, tenantId: 'demo', displayName: id, locale: 'da', authMethod: 'development' });
const ctxOf = (id: string) => makeContext(store.forTenant('demo'), person(id), () => new Date('2026-01-10T09:00:00Z'));

beforeAll(async () => {
  store = openSqliteStore(join(tmp.dir, 'wheel.db'));
  await importOrganisation(makeContext(store.forTenant('demo'), systemActor('demo')), smallMunicipality());
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

describe('ready-made wheels', () => {
  it('has the Assens and Österåker wheels with titles in Danish, Swedish and English', () => {
    expect(WHEEL_TEMPLATES.map((t) => t.id)).toEqual(['assens', 'oesteraaker']);
    for (const t of WHEEL_TEMPLATES)
      for (const e of t.events) {
        expect(e.title.da && e.title.sv && e.title.en).toBeTruthy();
        expect(e.when.month).toBeGreaterThanOrEqual(1);
      }
    // Österåker's monthly follow-ups: February–June and September–November.
    const follow = findTemplate('oesteraaker')
      .events.filter((e) => e.kind === 'follow_up')
      .map((e) => e.when.month);
    expect(follow).toEqual([2, 3, 4, 5, 6, 9, 10, 11]);
  });

  it('resolves rules to dates: a day clamped to the month, the nth or last weekday', () => {
    expect(resolveWhen({ month: 3 }, 2026)).toBeNull();
    expect(resolveWhen({ month: 2, day: 31 }, 2026)).toBe('2026-02-28');
    expect(resolveWhen({ month: 3, weekday: 2, nth: 2 }, 2026)).toBe('2026-03-10'); // 2nd Tuesday
    expect(nthWeekday(2026, 3, 2, -1)).toBe('2026-03-31'); // last Tuesday
    expect(nthWeekday(2027, 1, 5, 1)).toBe('2027-01-01'); // 1st Friday
  });

  it('applies a template through the records service: authorised for the quality office, audited, and a second time writes nothing', async () => {
    await expect(applyTemplate(ctxOf('testby-leder'), 'testby', 2026, findTemplate('assens'))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await store.forTenant('demo').count('wheelEvent', { unitId: 'testby' })).toBe(0);
    const first = await applyTemplate(ctxOf('testby-kvalitet'), 'testby', 2026, findTemplate('assens'));
    expect(first.created).toHaveLength(findTemplate('assens').events.length);
    const publication = first.created.find((e) => e.kind === 'publication')!;
    expect(publication).toMatchObject({ date: '2026-01-31', month: 1, action: 'publish', audience: ['quality_office'] });
    const audit = await store.forTenant('demo').auditTrail({ entityId: publication.id }, { limit: 5 });
    expect(audit.items).toEqual([expect.objectContaining({ action: 'create', actorId: 'testby-kvalitet', entityKind: 'wheelEvent' })]);
    const again = await applyTemplate(ctxOf('testby-kvalitet'), 'testby', 2026, findTemplate('assens'));
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(first.created.length);
  });
});

describe('copying a wheel into the next year', () => {
  it('keeps a meeting on the same weekday position and a deadline on its calendar date', () => {
    // Tuesday 10 March 2026 is the 2nd Tuesday: in 2027 the 2nd Tuesday is 9 March.
    expect(moveDate('2026-03-10', 'dialogue_meeting', 2027)).toBe('2027-03-09');
    // Tuesday 31 March 2026 is the last (5th) Tuesday: in 2027 the last Tuesday is 30 March.
    expect(moveDate('2026-03-31', 'budget_seminar', 2027)).toBe('2027-03-30');
    // A deadline stays on its date; 29 February becomes 28 February.
    expect(moveDate('2026-01-31', 'publication', 2027)).toBe('2027-01-31');
    expect(moveDate('2028-02-29', 'draft_deadline', 2029)).toBe('2029-02-28');
  });

  it('copies the unit’s own events with new ids, moved dates and the same audiences and offsets; twice is harmless', async () => {
    const ctx = ctxOf('testby-kvalitet');
    const { created } = await copyWheel(ctx, 'testby', 2026, 2027);
    const source = await store.forTenant('demo').listAll('wheelEvent', { unitId: 'testby', year: 2026 });
    expect(created).toHaveLength(source.length);
    for (const e of created) {
      expect(e.year).toBe(2027);
      expect(e.id).toContain('2027');
      if (e.date) expect(Number(e.date.slice(5, 7))).toBe(e.month);
    }
    const pub = created.find((e) => e.kind === 'publication')!;
    expect(pub.date).toBe('2027-01-31');
    expect((await copyWheel(ctx, 'testby', 2026, 2027)).created).toEqual([]);
    await expect(copyWheel(ctxOf('testby-leder'), 'testby', 2026, 2028)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(copyWheel(ctx, 'testby', 2026, 2026)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(copyWheel(ctx, 'nowhere', 2026, 2027)).rejects.toMatchObject({ code: 'not_found' });
  });
});
