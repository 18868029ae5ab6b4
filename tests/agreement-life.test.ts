import { auditEntry } from '../api/core/audit';
import { makeContext, type ServiceContext } from '../api/core/context';
import { AGREEMENT_STATUSES, type Agreement, type AgreementStatus } from '../api/core/model';
import type { Store } from '../api/core/port';
import { judgeMove, MOVES, type Move, type Mover } from '../api/core/rules/agreement-life';
import { decideApproval, getApprovalSummary } from '../api/core/services/approvals';
import {
  closeAgreement,
  createNextYearDraft,
  openNewVersion,
  signAgreement,
  startNextYear,
  startYearEnd,
  submitAgreement,
} from '../api/core/services/lifecycle';
import { updateRecord } from '../api/core/services/records';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { smallMunicipality } from './support/mother';

/**
 * The agreement's life, walked through the core: every state × every move × every kind of person, each against
 * the transitions table (the generated matrix); and beside it, what the domain says, written out by hand.
 */

const A = 'testby-skole-2026';
const TENANT = 'demo';

/** The people of the walk and what each is for the agreement's unit, as the organisation below makes them. */
const PEOPLE = {
  staff: 'testby-medarbejder',
  leader: 'testby-leder',
  chief: 'testby-chef',
  quality_office: 'testby-kvalitet',
  tenant_admin: 'testby-admin',
  reader: 'testby-borger',
  /** Named on the agreement as board chair: signs, holds no role in the tree. */
  party: 'testby-formand',
  /** The approver of the municipality above the school: a chief of the school, not its approving chief. */
  chief_above: 'testby-direktoer',
} as const;
type Who = keyof typeof PEOPLE;

/** The movers each person is, read from the organisation below (by hand, not from the code). */
const MOVERS: Record<Who, readonly Mover[]> = {
  staff: ['staff', 'reader'],
  leader: ['leader', 'reader', 'signer'],
  chief: ['chief', 'reader', 'signer'],
  quality_office: ['quality_office', 'reader'],
  tenant_admin: ['tenant_admin', 'quality_office', 'reader'],
  reader: ['reader'],
  party: ['reader', 'signer'],
  chief_above: ['chief', 'reader'],
};

function organisation() {
  const doc = smallMunicipality();
  doc.people!.push(
    { id: PEOPLE.tenant_admin, displayName: 'Tina Admin' },
    { id: PEOPLE.reader, displayName: 'Bo Borger' },
    { id: PEOPLE.party, displayName: 'Frida Formand' },
    { id: PEOPLE.chief_above, displayName: 'Dorte Direktør' },
  );
  (doc.units![0] as { approverId: string | null }).approverId = PEOPLE.chief_above;
  (doc.agreements![0] as { parties?: unknown[] }).parties = [{ role: 'board_chair', name: 'Frida Formand', personId: PEOPLE.party }];
  return doc;
}

let store: Store;
beforeAll(async () => {
  store = openSqliteStore(':memory:');
  await importOrganisation(makeContext(store.forTenant(TENANT), systemActor(TENANT)), organisation());
});
afterAll(async () => store.close());

const as = (who: Who): ServiceContext =>
  makeContext(
    store.forTenant(TENANT),
    { id: PEOPLE[who], tenantId: TENANT, displayName: who, locale: 'en', authMethod: 'teams-sso' },
    () => new Date('2026-03-01T10:00:00Z'),
    {
      tenantAdminIds: [PEOPLE.tenant_admin],
    },
  );

/** Puts the agreement into a state, unsigned, and removes next year's draft (through the store, audited as the rules ask). */
async function putInState(status: AgreementStatus): Promise<Agreement> {
  const tenant = store.forTenant(TENANT);
  const ctx = makeContext(tenant, systemActor(TENANT));
  const a = (await tenant.get('agreement', A))!;
  const next = { ...a, status, signatures: [], version: 1, revision: a.revision + 1 };
  const ops = [
    { type: 'put' as const, kind: 'agreement' as const, record: next, expectedRevision: a.revision },
    { type: 'audit' as const, entry: auditEntry(ctx, 'agreement', A, 'update', a, next) },
  ];
  for (const kind of ['agreement', 'goal', 'action', 'successCriterion', 'indicator'] as const)
    for (const r of await tenant.listAll(kind, kind === 'agreement' ? { unitId: 'testby-skole', year: 2027 } : { agreementId: 'testby-skole-2027' }))
      ops.push(
        { type: 'delete', kind, id: r.id, expectedRevision: r.revision } as never,
        { type: 'audit', entry: auditEntry(ctx, kind, r.id, 'delete', r, null) } as never,
      );
  await tenant.commit(ops);
  return next;
}

async function make(move: Move, ctx: ServiceContext, a: Agreement): Promise<unknown> {
  switch (move) {
    case 'submit':
      return submitAgreement(ctx, a.id, a.revision);
    case 'approve':
      return decideApproval(ctx, { agreementId: a.id, version: a.version, decision: 'approve' });
    case 'requestChanges':
      return decideApproval(ctx, { agreementId: a.id, version: a.version, decision: 'requestChanges', comment: 'Tilføj et mål.' });
    case 'sign':
      return signAgreement(ctx, a.id, a.revision);
    case 'startYearEnd':
      return startYearEnd(ctx, a.id, a.revision);
    case 'startNextYear':
      return startNextYear(ctx, a.id, a.revision);
    case 'close':
      return closeAgreement(ctx, a.id, a.revision);
    case 'openNewVersion':
      return openNewVersion(ctx, a.id, a.revision);
    case 'createNextYear':
      return createNextYearDraft(ctx, a.id, ['testby-goal-1']);
  }
}

/** What a move came to: the state the agreement is in afterwards, or the refusal's code. */
async function outcome(who: Who, move: Move, status: AgreementStatus): Promise<string> {
  const a = await putInState(status);
  try {
    await make(move, as(who), a);
  } catch (err) {
    return `refused: ${(err as { code?: string }).code ?? String(err)}`;
  }
  const after = (await store.forTenant(TENANT).get('agreement', A))!;
  // Each person signs once: no move here has the last signature, so signing leaves the agreement approved.
  return after.status;
}

describe('the transitions table, walked through the core', () => {
  it('gives every state × move × person the outcome the table names, and nothing else', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const status of AGREEMENT_STATUSES)
      for (const move of MOVES)
        for (const who of Object.keys(PEOPLE) as Who[]) {
          const verdict = judgeMove(status, move, (m) => MOVERS[who].includes(m), false);
          // A decision on an agreement that no longer awaits one is stale (conflict), as the card needs it.
          const refused =
            !verdict.ok && verdict.refused === 'invalid_transition' && (move === 'approve' || move === 'requestChanges')
              ? 'conflict'
              : verdict.ok
                ? ''
                : verdict.refused;
          expected.push(`${status} ${move} by ${who}: ${verdict.ok ? verdict.to : `refused: ${refused}`}`);
          seen.push(`${status} ${move} by ${who}: ${await outcome(who, move, status)}`);
        }
    expect(seen).toHaveLength(AGREEMENT_STATUSES.length * MOVES.length * Object.keys(PEOPLE).length);
    expect(seen).toEqual(expected);
  }, 180_000);
});

describe('what the domain says (written out, not read from the table)', () => {
  it('lets only the leader or the quality office submit a draft: staff, readers and chiefs may not', async () => {
    for (const who of ['staff', 'reader', 'chief', 'chief_above', 'party'] as const) expect(await outcome(who, 'submit', 'draft')).toBe('refused: forbidden');
    expect(await outcome('leader', 'submit', 'draft')).toBe('submitted');
    expect(await outcome('quality_office', 'submit', 'draft')).toBe('submitted');
    expect(await outcome('leader', 'submit', 'submitted')).toBe('refused: invalid_transition');
  });

  it("lets no leader approve their own unit's agreement, nor the quality office or the tenant admin; the chief does", async () => {
    for (const who of ['leader', 'staff', 'quality_office', 'tenant_admin', 'reader', 'party'] as const)
      expect(await outcome(who, 'approve', 'submitted')).toBe('refused: forbidden');
    expect(await outcome('chief', 'approve', 'submitted')).toBe('approved');
    expect(await outcome('chief', 'requestChanges', 'submitted')).toBe('draft');
    // Nothing to decide on a draft: the decision is stale.
    expect(await outcome('chief', 'approve', 'draft')).toBe('refused: conflict');
  });

  it("keeps an approved agreement's goals from being edited, while follow-up goes on; a closed one not even that", async () => {
    await putInState('approved');
    const leader = as('leader');
    const goal = (await store.forTenant(TENANT).get('goal', 'testby-goal-1'))!;
    await expect(updateRecord(leader, 'goal', goal.id, { title: 'Andet mål' }, goal.revision)).rejects.toMatchObject({ code: 'locked', field: 'title' });
    const followed = await updateRecord(leader, 'goal', goal.id, { status: 'on_track' }, goal.revision);
    expect(followed.status).toBe('on_track');
    const indicator = (await store.forTenant(TENANT).get('indicator', 'testby-indicator-1'))!;
    await expect(updateRecord(leader, 'indicator', indicator.id, { target: 99 }, indicator.revision)).rejects.toMatchObject({ code: 'locked' });
    await putInState('closed');
    await expect(updateRecord(leader, 'goal', goal.id, { status: 'achieved' }, followed.revision)).rejects.toMatchObject({ code: 'locked' });
    await putInState('draft');
    expect((await updateRecord(leader, 'goal', goal.id, { title: 'Andet mål' }, followed.revision)).title).toBe('Andet mål');
  });

  it('lets the leader, the approving chief and a named board chair sign, each once; a chief above signs nothing', async () => {
    expect(await outcome('chief_above', 'sign', 'approved')).toBe('refused: forbidden');
    expect(await outcome('staff', 'sign', 'approved')).toBe('refused: forbidden');
    expect(await outcome('party', 'sign', 'approved')).toBe('approved');
    expect(await outcome('leader', 'sign', 'submitted')).toBe('refused: invalid_transition');
    let a = await putInState('approved');
    a = await signAgreement(as('leader'), A, a.revision);
    await expect(signAgreement(as('leader'), A, a.revision)).rejects.toMatchObject({ code: 'validation_failed' });
    a = await signAgreement(as('chief'), A, a.revision);
    expect(a).toMatchObject({ status: 'in_effect', signatures: [expect.objectContaining({ role: 'leader' }), expect.objectContaining({ role: 'chief' })] });
  });

  it('lets a chief who inherits the approval from above approve, names them on the card, and lets them sign as chief', async () => {
    const system = makeContext(store.forTenant(TENANT), systemActor(TENANT));
    const school = (await store.forTenant(TENANT).get('unit', 'testby-skole'))!;
    await updateRecord(system, 'unit', school.id, { approverId: null }, school.revision);
    try {
      await putInState('submitted');
      const summary = await getApprovalSummary(as('chief_above'), A);
      expect(summary).toMatchObject({ approverId: PEOPLE.chief_above, approver: { displayName: 'Dorte Direktør' }, mayDecide: true });
      expect((await getApprovalSummary(as('leader'), A)).mayDecide).toBe(false);
      expect(await outcome('chief_above', 'approve', 'submitted')).toBe('approved');
      expect(await outcome('chief_above', 'sign', 'approved')).toBe('approved');
      // The former approver of the school is nobody's chief here now.
      expect(await outcome('chief', 'approve', 'submitted')).toBe('refused: forbidden');
    } finally {
      const now = (await store.forTenant(TENANT).get('unit', 'testby-skole'))!;
      await updateRecord(system, 'unit', now.id, { approverId: PEOPLE.chief }, now.revision);
    }
  });

  it('lets no leader named as the approver of their own unit approve or close their agreement: the chief above does, and signs as chief', async () => {
    const system = makeContext(store.forTenant(TENANT), systemActor(TENANT));
    const school = (await store.forTenant(TENANT).get('unit', 'testby-skole'))!;
    await updateRecord(system, 'unit', school.id, { approverId: PEOPLE.leader }, school.revision);
    try {
      await putInState('submitted');
      expect(await getApprovalSummary(as('leader'), A)).toMatchObject({ approverId: PEOPLE.chief_above, mayDecide: false });
      expect(await outcome('leader', 'approve', 'submitted')).toBe('refused: forbidden');
      expect(await outcome('leader', 'requestChanges', 'submitted')).toBe('refused: forbidden');
      expect(await outcome('leader', 'close', 'year_end')).toBe('refused: forbidden');
      expect(await outcome('chief_above', 'approve', 'submitted')).toBe('approved');
      let a = await putInState('approved');
      a = await signAgreement(as('leader'), A, a.revision);
      a = await signAgreement(as('chief_above'), A, a.revision);
      expect(a.signatures.map((s) => [s.personId, s.role])).toEqual([
        [PEOPLE.leader, 'leader'],
        [PEOPLE.chief_above, 'chief'],
      ]);
    } finally {
      const now = (await store.forTenant(TENANT).get('unit', 'testby-skole'))!;
      await updateRecord(system, 'unit', now.id, { approverId: PEOPLE.chief }, now.revision);
    }
  });

  it('closes a year-end agreement by the chief or the quality office, never by the leader', async () => {
    expect(await outcome('leader', 'close', 'year_end')).toBe('refused: forbidden');
    expect(await outcome('chief', 'close', 'year_end')).toBe('closed');
    expect(await outcome('quality_office', 'close', 'year_end')).toBe('closed');
    expect(await outcome('chief', 'close', 'in_effect')).toBe('refused: invalid_transition');
  });
});
