import { makeContext } from '../api/core/context';
import type { Store } from '../api/core/port';
import { decideApproval, getApprovalSummary } from '../api/core/services/approvals';
import { submitAgreement } from '../api/core/services/lifecycle';
import { changeMeeting, joinMeeting, listMeetings, meetingSessionId, readMeeting } from '../api/core/services/meetings';
import { importOrganisation } from '../api/core/services/transfer';
import { openTestStore } from './support/server';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';
import { sharePointFixture, type SharePointFixture } from './support/sharepoint';

/**
 * A dialogue meeting's session in the product's own store, in both stores: only people who may read the agreement
 * join; participants change it and nothing of two people's edits at once is lost; a decision becomes an action
 * with owner and due date where the agreement's state allows it; a meeting never shows another meeting's state.
 */

const NOW = () => new Date('2026-05-04T09:00:00Z');
let fx: SharePointFixture;
beforeAll(async () => {
  fx = await sharePointFixture({ tenants: ['t'] });
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

const stores: [string, () => Store][] = [
  ['SQLite', () => openTestStore(':memory:')],
  ['SharePoint', () => fx.store],
];

const MEETING = '19:meeting_NjE4ZGU2YzctYjQ3Mi00YzY0@thread.v2';
const OTHER_MEETING = '19:meeting_OTHERZGU2YzctYjQ3Mi00YzY0@thread.v2';

describe.each(stores)('dialogue meeting sessions (%s)', (_name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  const as = (id: string) => makeContext(store.forTenant('t'), { ...systemActor('t', 'development'), id, displayName: id }, NOW);
  const system = () => makeContext(store.forTenant('t'), systemActor('t'), NOW);

  it('lets those who may read the agreement join, and no one else', async () => {
    const p = 'mj';
    await importOrganisation(system(), smallMunicipality(p));
    await importOrganisation(system(), smallMunicipality(`${p}x`));
    const agreementId = `${p}-skole-2026`;
    const joined = await joinMeeting(as(`${p}-leder`), MEETING, agreementId);
    expect(joined.participants.map((x) => x.personId)).toEqual([`${p}-leder`]);
    expect(joined.id).toBe(await meetingSessionId(MEETING, agreementId));
    // The chief and the staff join the same session; joining twice writes nothing.
    await joinMeeting(as(`${p}-chef`), MEETING, agreementId);
    const again = await joinMeeting(as(`${p}-chef`), MEETING, agreementId);
    expect(again.participants.map((x) => x.personId)).toEqual([`${p}-leder`, `${p}-chef`]);
    const revision = again.revision;
    expect((await joinMeeting(as(`${p}-chef`), MEETING, agreementId)).revision).toBe(revision);
    // A leader of another municipality may not read a draft here: neither join nor read the session.
    await expect(joinMeeting(as(`${p}x-leder`), MEETING, agreementId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(readMeeting(as(`${p}x-leder`), MEETING, agreementId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(changeMeeting(as(`${p}x-leder`), MEETING, agreementId, { type: 'show', goalId: null })).rejects.toMatchObject({ code: 'forbidden' });
    // Someone who has not joined changes nothing.
    await expect(changeMeeting(as(`${p}-medarbejder`), MEETING, agreementId, { type: 'show', goalId: null })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps every participant edit, also two at once, and never shows one meeting to another', async () => {
    const p = 'me';
    await importOrganisation(system(), smallMunicipality(p));
    const agreementId = `${p}-skole-2026`;
    const goalId = `${p}-goal-1`;
    for (const who of ['leder', 'chef', 'medarbejder']) await joinMeeting(as(`${p}-${who}`), MEETING, agreementId);
    await changeMeeting(as(`${p}-leder`), MEETING, agreementId, { type: 'show', goalId, step: 2 });
    // Notes on three steps written at the same moment by three people: all three kept.
    await Promise.all([
      changeMeeting(as(`${p}-leder`), MEETING, agreementId, { type: 'note', goalId, step: 1, text: 'Læsning steg fra 70 til 74 %', baseRevision: 0 }),
      changeMeeting(as(`${p}-chef`), MEETING, agreementId, { type: 'note', goalId, step: 2, text: 'Stadig under målet på 80 %', baseRevision: 0 }),
      changeMeeting(as(`${p}-medarbejder`), MEETING, agreementId, { type: 'note', goalId, step: 4, text: 'Sygefravær i efteråret', baseRevision: 0 }),
    ]);
    const session = (await readMeeting(as(`${p}-chef`), MEETING, agreementId))!;
    expect(session.goalId).toBe(goalId);
    expect(session.step).toBe(2);
    expect(session.notes.map((n) => [n.step, n.text, n.byId]).sort()).toEqual([
      [1, 'Læsning steg fra 70 til 74 %', `${p}-leder`],
      [2, 'Stadig under målet på 80 %', `${p}-chef`],
      [4, 'Sygefravær i efteråret', `${p}-medarbejder`],
    ]);
    // Two people write the same note: the second write, typed on the text before the first, is refused with the note
    // as it stands (the tab merges and writes again on it); nothing is written over.
    const first = await changeMeeting(as(`${p}-chef`), MEETING, agreementId, {
      type: 'note',
      goalId,
      step: 1,
      text: 'Læsning steg fra 70 til 74 % (nationale test)',
      baseRevision: 1,
    });
    expect(first.notes.find((n) => n.step === 1)).toMatchObject({ revision: 2, byId: `${p}-chef` });
    await expect(
      changeMeeting(as(`${p}-leder`), MEETING, agreementId, {
        type: 'note',
        goalId,
        step: 1,
        text: 'Læsning steg fra 70 til 74 %. Drengene halter.',
        baseRevision: 1,
      }),
    ).rejects.toMatchObject({ code: 'conflict', current: { revision: 2, text: 'Læsning steg fra 70 til 74 % (nationale test)' } });
    const merged = await changeMeeting(as(`${p}-leder`), MEETING, agreementId, {
      type: 'note',
      goalId,
      step: 1,
      text: 'Læsning steg fra 70 til 74 % (nationale test). Drengene halter.',
      baseRevision: 2,
    });
    expect(merged.notes.find((n) => n.step === 1)).toMatchObject({ revision: 3, text: 'Læsning steg fra 70 til 74 % (nationale test). Drengene halter.' });
    // An emptied note keeps its revision, so an old write cannot bring an old text back.
    await changeMeeting(as(`${p}-leder`), MEETING, agreementId, { type: 'note', goalId, step: 4, text: '', baseRevision: 1 });
    await expect(
      changeMeeting(as(`${p}-medarbejder`), MEETING, agreementId, { type: 'note', goalId, step: 4, text: 'Sygefravær i efteråret!', baseRevision: 1 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    // Another Teams meeting on the same agreement has its own session, which starts empty.
    const other = await joinMeeting(as(`${p}-leder`), OTHER_MEETING, agreementId);
    expect(other.id).not.toBe(session.id);
    expect(other.notes).toEqual([]);
    expect(other.goalId).toBeNull();
    expect(await readMeeting(as(`${p}-leder`), '19:meeting_never@thread.v2', agreementId)).toBeNull();
    // The minutes of both meetings are listed with the agreement.
    expect((await listMeetings(as(`${p}-medarbejder`), agreementId)).map((m) => m.meetingId).sort()).toEqual([MEETING, OTHER_MEETING].sort());
  });

  it('refuses a goal of another agreement and a malformed change, naming the field', async () => {
    const p = 'mr';
    await importOrganisation(system(), smallMunicipality(p));
    await importOrganisation(system(), smallMunicipality(`${p}y`));
    await joinMeeting(as(`${p}-leder`), MEETING, `${p}-skole-2026`);
    await expect(changeMeeting(as(`${p}-leder`), MEETING, `${p}-skole-2026`, { type: 'show', goalId: `${p}y-goal-1` })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      changeMeeting(as(`${p}-leder`), MEETING, `${p}-skole-2026`, { type: 'note', goalId: `${p}-goal-1`, step: 9, text: 'x', baseRevision: 0 }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('turns a decision into an action with owner and due date, once, and refuses it once the agreement is locked', async () => {
    const p = 'md';
    await importOrganisation(system(), smallMunicipality(p));
    const agreementId = `${p}-skole-2026`;
    const goalId = `${p}-goal-1`;
    await joinMeeting(as(`${p}-leder`), MEETING, agreementId);
    await joinMeeting(as(`${p}-medarbejder`), MEETING, agreementId);
    const decision = {
      type: 'decide',
      id: 'dec-1',
      goalId,
      text: 'Læsevejleder to timer om ugen',
      outcome: 'action',
      ownerId: `${p}-medarbejder`,
      dueDate: '2026-09-30',
    };
    // Staff may not create actions: refused, nothing recorded.
    await expect(changeMeeting(as(`${p}-medarbejder`), MEETING, agreementId, { ...decision, id: 'dec-0' })).rejects.toMatchObject({ code: 'forbidden' });
    // Without an owner an action cannot be made: the field is named.
    await expect(changeMeeting(as(`${p}-leder`), MEETING, agreementId, { ...decision, ownerId: null })).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'ownerId',
    });
    const after = await changeMeeting(as(`${p}-leder`), MEETING, agreementId, decision);
    // Sent again (a retry after a lost answer): recorded once.
    const retried = await changeMeeting(as(`${p}-leder`), MEETING, agreementId, decision);
    expect(retried.decisions).toHaveLength(1);
    const recorded = after.decisions[0]!;
    expect(recorded).toMatchObject({ text: decision.text, outcome: 'action', ownerId: `${p}-medarbejder`, dueDate: '2026-09-30', byId: `${p}-leder` });
    const actions = await store.forTenant('t').listAll('action', { goalId });
    const made = actions.find((a) => a.id === recorded.actionId)!;
    expect(made).toMatchObject({ text: decision.text, ownerId: `${p}-medarbejder`, dueDate: '2026-09-30', agreementId });
    expect(actions).toHaveLength(2);
    // The decision and the action are both in the audit trail.
    const trail = await store.forTenant('t').auditTrail({ entityId: made.id }, { limit: 10 });
    expect(trail.items.map((e) => e.action)).toEqual(['create']);
    const sessionTrail = await store.forTenant('t').auditTrail({ entityId: after.id }, { limit: 50 });
    expect(sessionTrail.items.some((e) => JSON.stringify(e.after).includes('Læsevejleder'))).toBe(true);

    // Submitted, the agreement's content is locked: a decision can be a proposed change, not a new action.
    const agreement = (await store.forTenant('t').get('agreement', agreementId))!;
    await submitAgreement(as(`${p}-leder`), agreementId, agreement.revision);
    await expect(changeMeeting(as(`${p}-leder`), MEETING, agreementId, { ...decision, id: 'dec-2' })).rejects.toMatchObject({ code: 'locked' });
    const proposed = await changeMeeting(as(`${p}-leder`), MEETING, agreementId, {
      type: 'decide',
      id: 'dec-3',
      goalId,
      text: 'Målet hæves til 85 % i næste version',
      outcome: 'change',
    });
    expect(proposed.decisions.map((d) => [d.id, d.outcome, d.actionId])).toEqual([
      ['dec-1', 'action', recorded.actionId],
      ['dec-3', 'change', null],
    ]);

    // While the agreement awaits approval the proposed change waits: there is no version to carry it into.
    const submitted = (await store.forTenant('t').get('agreement', agreementId))!;
    const carry = { type: 'carry', decisionId: 'dec-3', agreementRevision: submitted.revision };
    await expect(changeMeeting(as(`${p}-leder`), MEETING, agreementId, carry)).rejects.toMatchObject({ code: 'invalid_transition' });
    // The chief approves version 1.
    await decideApproval(as(`${p}-chef`), { agreementId, version: 1, decision: 'approve' });
    const approved = (await store.forTenant('t').get('agreement', agreementId))!;
    expect(approved).toMatchObject({ status: 'approved', version: 1 });
    // Staff may not open a new version of an approved agreement, so they cannot carry the change into one.
    const carryNow = { ...carry, agreementRevision: approved.revision };
    await expect(changeMeeting(as(`${p}-medarbejder`), MEETING, agreementId, carryNow)).rejects.toMatchObject({ code: 'forbidden' });
    // Only a proposed change is carried into a version; a decision that became an action is not.
    await expect(changeMeeting(as(`${p}-leder`), MEETING, agreementId, { ...carryNow, decisionId: 'dec-1' })).rejects.toMatchObject({ field: 'decisionId' });
    // The leader carries it: the agreement opens its next version, a draft that must be submitted and approved again.
    const carried = await changeMeeting(as(`${p}-leder`), MEETING, agreementId, carryNow);
    expect(carried.decisions.find((d) => d.id === 'dec-3')).toMatchObject({ carriedIntoVersion: 2 });
    const draft = (await store.forTenant('t').get('agreement', agreementId))!;
    expect(draft).toMatchObject({ status: 'draft', version: 2 });
    // Carried once: sent again, it opens no third version.
    await changeMeeting(as(`${p}-leder`), MEETING, agreementId, carryNow);
    expect((await store.forTenant('t').get('agreement', agreementId))!.version).toBe(2);
    // Version 2 follows the approval rules: submitted, it awaits the chief again.
    await submitAgreement(as(`${p}-leder`), agreementId, draft.revision);
    expect((await getApprovalSummary(as(`${p}-chef`), agreementId)).agreement).toMatchObject({ status: 'submitted', version: 2 });
  });
});
