import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { getAgreementView } from '../api/core/services/agreement-view';
import { recordMeasurement } from '../api/core/services/measurements';
import { deleteRecord, getRecord, updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality, tempDir } from './support/mother';

/**
 * The agreement view is built once and answered again while nothing it shows has changed (agreement-view.ts). What
 * a user expects: every change, made on this server or on another one sharing the store, shows on the next view —
 * an action, a success criterion, a measurement, the unit, a goal level, a parent goal, the municipality's
 * fulfilment scale and goal groups, and what is late once a day has passed — and a parent goal in another unit's draft never reaches someone who may not read it, whoever
 * looked first.
 */
const tmp = tempDir();
let here: Store;
let there: Store;
let today = new Date('2026-04-05T10:00:00Z');
const clock = () => today;
beforeAll(async () => {
  const file = join(tmp.dir, 'view-cache.db');
  here = openSqliteStore(file);
  // A second server instance on the same file.
  there = openSqliteStore(file);
  const doc = smallMunicipality();
  // The municipality's own agreement, still a draft, holds a goal the school's goal points at.
  doc.agreements!.push({ id: 'testby-2026', unitId: 'testby', year: 2026, title: 'Kommunens aftale 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
  doc.goals!.push({
    id: 'testby-kommune-maal',
    unitId: 'testby',
    agreementId: 'testby-2026',
    levelId: 'testby-level-1',
    year: 2026,
    title: 'Kommunens udkast',
    origin: 'own',
  });
  doc.goals![1]!.parentGoalIds = ['testby-vision', 'testby-kommune-maal'];
  await importOrganisation(makeContext(here.forTenant('demo'), systemActor('demo'), clock), doc);
});
afterAll(async () => {
  await here.close();
  await there.close();
  tmp.remove();
});

const as = (store: Store, id: string) => makeContext(store.forTenant('demo'), { ...systemActor('demo', 'development'), id, displayName: id }, clock);
const view = (id = 'testby-kvalitet') => getAgreementView(as(here, id), 'testby-skole-2026');
const elsewhere = () => as(there, 'testby-kvalitet');
async function update(kind: Parameters<typeof getRecord>[1], id: string, patch: Record<string, unknown>) {
  const ctx = elsewhere();
  const current = await getRecord(ctx, kind, id);
  await updateRecord(ctx, kind, id, patch, current.revision);
}

describe('the agreement view, answered again while nothing it shows has changed', () => {
  it('shows every change made on another instance at the next view', async () => {
    expect((await view()).actions.map((a) => a.text)).toEqual(['Læsebånd hver morgen']);
    expect(await view()).toEqual(await view());

    await update('action', 'testby-action-1', { text: 'Læsebånd hver morgen og eftermiddag' });
    expect((await view()).actions.map((a) => a.text)).toEqual(['Læsebånd hver morgen og eftermiddag']);

    await update('successCriterion', 'testby-criterion-1', { text: 'Min. 85 % læser alderssvarende' });
    expect((await view()).successCriteria.map((c) => c.text)).toEqual(['Min. 85 % læser alderssvarende']);

    await recordMeasurement(elsewhere(), { indicatorId: 'testby-indicator-1', period: '2026-Q1', value: 74 });
    expect((await view()).measurements.map((m) => [m.period, m.value])).toEqual([['2026-Q1', 74]]);

    await update('unit', 'testby-skole', { name: 'Østre Skole og SFO' });
    expect((await view()).unit.name).toBe('Østre Skole og SFO');

    await update('goalLevel', 'testby-level-2', { name: { da: 'Resultatmål', en: 'Result goal' } });
    expect((await view()).goalLevels.find((l) => l.id === 'testby-level-2')!.name.da).toBe('Resultatmål');

    await update('goal', 'testby-vision', { title: 'Alle børn lærer mere' });
    expect((await view()).parentGoals.find((g) => g.id === 'testby-vision')!.title).toBe('Alle børn lærer mere');

    const ctx = elsewhere();
    await deleteRecord(ctx, 'action', 'testby-action-1', (await getRecord(ctx, 'action', 'testby-action-1')).revision);
    expect((await view()).actions).toEqual([]);
  });

  it("shows a change of the municipality's fulfilment scale or goal groups at the next view", async () => {
    expect((await view()).goalGroups).toEqual([]);
    const before = (await view()).fulfilmentScale.map((s) => s.key);
    expect(before).toContain('achieved');

    const scale = [
      { key: 'opfyldt', name: { da: 'Opfyldt', sv: 'Uppfyllt', en: 'Met' }, meaning: 'achieved', band: { from: 100, to: null } },
      { key: 'delvist', name: { da: 'Delvist opfyldt', sv: 'Delvis uppfyllt', en: 'Partly met' }, meaning: 'partly_achieved', band: { from: 50, to: 100 } },
      { key: 'ikke-opfyldt', name: { da: 'Ikke opfyldt', sv: 'Ej uppfyllt', en: 'Not met' }, meaning: 'not_achieved', band: { from: null, to: 50 } },
      { key: 'ikke-fulgt-op', name: { da: 'Ikke fulgt op', sv: 'Ej följt upp', en: 'Not followed up' }, meaning: 'not_followed_up' },
    ];
    await update('unit', 'testby', { fulfilmentScale: scale });
    const withScale = await view();
    expect(withScale.fulfilmentScale.map((s) => s.key)).toEqual(['opfyldt', 'delvist', 'ikke-opfyldt', 'ikke-fulgt-op']);
    // The indicator's latest value (74) against its target now stands on a step of the banded scale.
    expect(Object.keys(withScale.indicatorSteps)).toEqual(['testby-indicator-1']);

    await update('unit', 'testby', { goalGroups: [{ key: 'borger', name: { da: 'Borger', sv: 'Medborgare', en: 'Citizens' } }] });
    expect((await view()).goalGroups.map((g) => g.name.da)).toEqual(['Borger']);

    await update('unit', 'testby', {
      goalGroups: [
        { key: 'medarbejder', name: { da: 'Medarbejder', sv: 'Medarbetare', en: 'Employees' } },
        { key: 'borger', name: { da: 'Borgere', sv: 'Medborgare', en: 'Citizens' } },
      ],
    });
    expect((await view()).goalGroups.map((g) => g.name.da)).toEqual(['Medarbejder', 'Borgere']);
  });

  it('judges what is due and late on the day asked', async () => {
    // Q2 ends 30 June; late ten days after.
    today = new Date('2026-07-05T10:00:00Z');
    expect((await view()).indicatorSummaries[0]!.duePeriods).toEqual(['2026-Q2']);
    today = new Date('2026-07-15T10:00:00Z');
    expect((await view()).indicatorSummaries[0]!.latePeriods).toEqual(['2026-Q2']);
  });

  it("keeps a parent goal in another unit's draft from those who may not read it, whoever looked first", async () => {
    const ids = async (who: string) => (await view(who)).parentGoals.map((g) => g.id).sort();
    expect(await ids('testby-kvalitet')).toEqual(['testby-kommune-maal', 'testby-vision']);
    expect(await ids('testby-medarbejder')).toEqual(['testby-vision']);
    expect(await ids('testby-kvalitet')).toEqual(['testby-kommune-maal', 'testby-vision']);
    expect(await ids('testby-medarbejder')).toEqual(['testby-vision']);
  });
});
