import { auditEntry } from '../audit';
import { authorizeAgreementRead, rolesFor } from '../authorization';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors';
import type { Agreement, AgreementStatus, AgreementVersion, Goal, PartyRole } from '../model';
import type { EntityOf } from '../entities';
import { read, type WriteOp } from '../port';
import {
  approverOf,
  conditionsOf,
  judgeMove,
  missingSignatures,
  MOVES,
  nextTerm,
  requiredSigningRoles,
  signingRoleOf,
  type Move,
  type Mover,
} from '../rules/agreement-life';
import { diffSnapshots, isImportedVersion, type Snapshot, type VersionDiff } from '../rules/versions';
import { organisation } from './organisation';
import { yearRollupId } from './agreement-rollups';
import { notificationOp } from './outbox';
import type { z } from 'zod';

/**
 * The agreement's life as the core enforces it: every move asks the transitions table
 * (rules/agreement-life.ts) whether this person may make it from this state, and to which state it goes.
 * Every refused move says why: wrong person (forbidden), wrong state (invalid_transition), stale revision (conflict).
 */

/** The words of a move in a refusal's log message ("cannot submit an agreement that is approved"). */
const MOVE_WORDS: Record<Move, string> = {
  submit: 'submit',
  approve: 'approve',
  requestChanges: 'request changes to',
  sign: 'sign',
  startYearEnd: 'start the year-end evaluation of',
  startNextYear: "start the next year's follow-up of",
  close: 'close',
  openNewVersion: 'open a new version of',
  createNextYear: 'create next year from',
};

/**
 * The table's verdict on a move by the acting person, enforced: the state the agreement goes to, or the refusal.
 * `allSigned` tells, for signing, whether every required role has signed once this signature is counted.
 */
export async function checkMove(ctx: ServiceContext, a: Agreement, move: Move, allSigned = false): Promise<AgreementStatus> {
  const [roles, org] = await Promise.all([rolesFor(ctx, a.unitId), organisation(ctx)]);
  const signer = signingRoleOf(org, a, ctx.actor.id) !== null;
  const verdict = judgeMove(a.status, move, (m) => (m === 'signer' ? signer : roles.has(m)), conditionsOf(a, allSigned));
  if (verdict.ok) return verdict.to;
  if (verdict.refused === 'forbidden') throw new ForbiddenError(`${ctx.actor.id} may not ${MOVE_WORDS[move]} agreement ${a.id}`);
  throw new InvalidTransitionError(a, MOVE_WORDS[move], a.status);
}

/**
 * The moves the acting person can make on an agreement now, from the same table every move is checked against:
 * what the tab offers (nothing it shows is bound to be refused). Signing counts only for a party who has not
 * signed this version yet.
 */
export async function movesNow(ctx: ServiceContext, a: Agreement): Promise<Move[]> {
  await authorizeAgreementRead(ctx, a);
  const [roles, org] = await Promise.all([rolesFor(ctx, a.unitId), organisation(ctx)]);
  const role = signingRoleOf(org, a, ctx.actor.id);
  const signed = a.signatures.some((s) => s.version === a.version && (s.personId === ctx.actor.id || s.role === role));
  const holds = (m: Mover) => (m === 'signer' ? role !== null && !signed : roles.has(m));
  // For signing either outcome will do: the table answers whether this person may sign in this state.
  return MOVES.filter(
    (move) => judgeMove(a.status, move, holds, conditionsOf(a, false)).ok || (move === 'sign' && judgeMove(a.status, move, holds, conditionsOf(a, true)).ok),
  );
}

/**
 * The moves the acting person can make now on the agreement with this id, and its signing: the municipality's signing
 * roles and those that have not signed its current version (GET /api/agreements/{id}/moves).
 */
export async function agreementMoves(ctx: ServiceContext, id: string): Promise<{ moves: Move[]; signing: { required: PartyRole[]; missing: PartyRole[] } }> {
  const a = await ctx.store.get('agreement', id);
  if (!a) throw new NotFoundError('agreement', id);
  const [moves, org] = await Promise.all([movesNow(ctx, a), organisation(ctx)]);
  return { moves, signing: { required: [...requiredSigningRoles(org, a.unitId)], missing: missingSignatures(org, a) } };
}

async function load(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await ctx.store.get('agreement', id);
  if (!a) throw new NotFoundError('agreement', id);
  if (a.revision !== revision) throw new ConflictError('agreement', id, a);
  return a;
}

async function save(
  ctx: ServiceContext,
  before: Agreement,
  after: Agreement,
  action: 'transition' | 'sign',
  extra: WriteOp[] = [],
  note?: string,
): Promise<Agreement> {
  const entry = auditEntry(ctx, 'agreement', after.id, action, before, after);
  await ctx.store.commit([
    { type: 'put', kind: 'agreement', record: after, expectedRevision: before.revision },
    ...extra,
    { type: 'audit', entry: note ? { ...entry, note } : entry },
  ]);
  return after;
}

const next = (ctx: ServiceContext, a: Agreement, patch: Partial<Agreement>): Agreement => ({
  ...a,
  ...patch,
  revision: a.revision + 1,
  updatedAt: ctx.now().toISOString(),
});

export async function snapshotOf(ctx: ServiceContext, agreement: Agreement): Promise<Snapshot> {
  const [goals, actions, successCriteria, indicators] = await ctx.store.readMany([
    read.all('goal', { agreementId: agreement.id }),
    read.all('action', { agreementId: agreement.id }),
    read.all('successCriterion', { agreementId: agreement.id }),
    read.all('indicator', { agreementId: agreement.id }),
  ]);
  return {
    agreement,
    goals,
    actions: actions.map(({ id, goalId, text }) => ({ id, goalId, text })),
    successCriteria: successCriteria.map(({ id, goalId, text }) => ({ id, goalId, text })),
    indicators: indicators.map(({ id, goalId, name, target }) => ({ id, goalId, name, target })),
  };
}

/** The id of the record that keeps one version of an agreement. */
export const versionId = (agreementId: string, version: number) => `${agreementId}--v${version}`;

/** The immutable record of an agreement's version as it stands (`after`), by whom and when. */
export async function versionRecord(ctx: ServiceContext, after: Agreement): Promise<AgreementVersion> {
  const now = ctx.now().toISOString();
  return {
    id: versionId(after.id, after.version),
    agreementId: after.id,
    version: after.version,
    submittedAt: now,
    submittedBy: ctx.actor.id,
    snapshot: (await snapshotOf(ctx, after)) as unknown as Record<string, unknown>,
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** The leader submits a draft: its content is frozen into an immutable snapshot of this version. */
export async function submitAgreement(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  const after = next(ctx, a, { status: await checkMove(ctx, a, 'submit') });
  const now = ctx.now().toISOString();
  const version = await versionRecord(ctx, after);
  const existing = await ctx.store.get('agreementVersion', version.id);
  // The approval card goes to the chief in chat, through the outbox (delivered by the bot's dispatcher).
  const chief = approverOf(await organisation(ctx), a.unitId);
  const notify = chief
    ? [
        await notificationOp(
          `approval:${a.id}:v${a.version}:${a.revision + 1}|${chief}`,
          chief,
          { type: 'approval_request', item: { kind: 'approval', agreementId: a.id, version: a.version } },
          now,
        ),
      ]
    : [];
  // A version requested back for changes and submitted again replaces its own snapshot; approved versions never come here.
  return save(ctx, a, after, 'transition', [
    {
      type: 'put',
      kind: 'agreementVersion',
      record: existing ? { ...version, revision: existing.revision + 1, createdAt: existing.createdAt } : version,
      expectedRevision: existing?.revision ?? null,
    },
    ...notify,
  ]);
}

/**
 * A party signs the approved version; when every party the municipality requires has signed it, it is in effect.
 * Who signs as leader or chief comes from the organisation tree only (the unit's leaders, the approving chief);
 * a party named on the agreement signs only in a role the tree does not hold (board chair, works council
 * deputy, other), as the approved version names them: the chief approved that list, and it is locked since
 * submission. Each person signs a version once.
 */
export async function signAgreement(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  const org = await organisation(ctx);
  const me = ctx.actor.id;
  const role = signingRoleOf(org, a, me);
  const person = await ctx.store.get('person', me);
  const signatures = role
    ? [...a.signatures, { role, name: person?.displayName ?? ctx.actor.displayName, personId: me, signedAt: ctx.now().toISOString(), version: a.version }]
    : a.signatures;
  const allSigned = requiredSigningRoles(org, a.unitId).every((r) => signatures.some((s) => s.version === a.version && s.role === r));
  const status = await checkMove(ctx, a, 'sign', allSigned);
  if (a.signatures.some((s) => s.version === a.version && (s.role === role || s.personId === me)))
    throw new ValidationError([
      { code: 'custom', path: ['signatures'], message: 'this party has already signed this version', input: role } as z.core.$ZodIssue,
    ]);
  return save(ctx, a, next(ctx, a, { signatures, status }), 'sign');
}

/** The year's end: leaders write results and proposals for follow-up. */
export async function startYearEnd(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  return save(ctx, a, next(ctx, a, { status: await checkMove(ctx, a, 'startYearEnd') }), 'transition');
}

/**
 * The year-end of a year that is not the agreement's last (a multi-year or an open-ended agreement): the year's
 * evaluation (each goal's status, results and proposals for follow-up) is kept on the agreement, and the next year's
 * follow-up begins — its due periods, reminders and overview — with the goals' results and proposals empty again.
 * The closed year keeps its line in the overview (a roll-up of that year, as it stood).
 */
export async function startNextYear(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  const status = await checkMove(ctx, a, 'startNextYear');
  const [goals, [rollup]] = await ctx.store.readMany([read.all('goal', { agreementId: id }), read.ids('agreementRollup', [id])]);
  const now = ctx.now().toISOString();
  const byName = (await ctx.store.get('person', ctx.actor.id))?.displayName ?? ctx.actor.displayName;
  const year = a.year + 1;
  const yearEnd = {
    year: a.year,
    version: a.version,
    at: now,
    by: ctx.actor.id,
    byName,
    goals: goals.map((g) => ({
      goalId: g.id,
      title: g.title,
      status: g.status,
      ...(g.schema.results !== undefined ? { results: g.schema.results } : {}),
      ...(g.schema.followUpProposals !== undefined ? { followUpProposals: g.schema.followUpProposals } : {}),
    })),
  };
  const ops: WriteOp[] = [];
  for (const g of goals) {
    const after: Goal = { ...g, year, schema: { ...g.schema, results: undefined, followUpProposals: undefined }, revision: g.revision + 1, updatedAt: now };
    ops.push({ type: 'put', kind: 'goal', record: after, expectedRevision: g.revision });
    ops.push({ type: 'audit', entry: { ...auditEntry(ctx, 'goal', g.id, 'update', g, after), note: `year ${a.year} closed, ${year} begins` } });
  }
  // The closed year's line in the overview, as it stood (the agreement's own roll-up moves on with it).
  const kept = rollup ? await ctx.store.get('agreementRollup', yearRollupId(a.id, a.year)) : null;
  if (rollup)
    ops.push({
      type: 'put',
      kind: 'agreementRollup',
      record: { ...rollup, id: yearRollupId(a.id, a.year), status: 'year_end', revision: (kept?.revision ?? 0) + 1, createdAt: now, updatedAt: now },
      expectedRevision: kept?.revision ?? null,
    });
  return save(ctx, a, next(ctx, a, { status, year, yearEnds: [...a.yearEnds, yearEnd] }), 'transition', ops);
}

export async function closeAgreement(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  return save(ctx, a, next(ctx, a, { status: await checkMove(ctx, a, 'close') }), 'transition');
}

/** A change to an approved agreement opens the next version, a draft that must be approved again. */
export async function openNewVersion(ctx: ServiceContext, id: string, revision: number): Promise<Agreement> {
  const a = await load(ctx, id, revision);
  return save(ctx, a, next(ctx, a, { status: await checkMove(ctx, a, 'openNewVersion'), version: a.version + 1 }), 'transition');
}

export async function listVersions(ctx: ServiceContext, agreementId: string): Promise<AgreementVersion[]> {
  const [agreement, versions] = await ctx.store.readMany([read.one('agreement', agreementId), read.all('agreementVersion', { agreementId })]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  await authorizeAgreementRead(ctx, agreement);
  return versions.map((v) => ({ ...v, imported: isImportedVersion(v) })).sort((x, y) => x.version - y.version);
}

/** The difference between two submitted versions, or between a version and the agreement as it is now (`to` omitted). */
export async function diffVersions(ctx: ServiceContext, agreementId: string, fromVersion: number, toVersion?: number): Promise<VersionDiff> {
  const versions = await listVersions(ctx, agreementId);
  const pick = (v: number) => {
    const found = versions.find((x) => x.version === v);
    if (!found) throw new NotFoundError('agreementVersion', `${agreementId} v${v}`);
    return found.snapshot as unknown as Snapshot;
  };
  const current = async () => {
    const a = await ctx.store.get('agreement', agreementId);
    if (!a) throw new NotFoundError('agreement', agreementId);
    return snapshotOf(ctx, a);
  };
  return diffSnapshots(pick(fromVersion), toVersion === undefined ? await current() : pick(toVersion));
}

/**
 * Next year's draft: the agreement's description and frame carried over, and the goals the leader picks
 * (typically the unmet ones) copied with their actions, success criteria and indicators, each linked to its origin.
 * Results and proposals for follow-up start empty. After a multi-year agreement, the next one runs as long
 * (nextTerm).
 */
export async function createNextYearDraft(ctx: ServiceContext, id: string, carryGoalIds: readonly string[]): Promise<Agreement> {
  const a = await ctx.store.get('agreement', id);
  if (!a) throw new NotFoundError('agreement', id);
  await checkMove(ctx, a, 'createNextYear');
  const term = nextTerm(a);
  const year = term.year;
  const shift = (d: string) => `${Number(d.slice(0, 4)) + term.shift}${d.slice(4)}`.replace(/-02-29$/, '-02-28');
  const [goals, actions, criteria, indicators, sameYear] = await ctx.store.readMany([
    read.all('goal', { agreementId: id }),
    read.all('action', { agreementId: id }),
    read.all('successCriterion', { agreementId: id }),
    read.all('indicator', { agreementId: id }),
    read.all('agreement', { unitId: a.unitId, year }),
  ]);
  const unknown = carryGoalIds.filter((g) => !goals.some((x) => x.id === g));
  if (unknown.length)
    throw new ValidationError([
      { code: 'custom', path: ['carryGoalIds'], message: `not goals of this agreement: ${unknown.join(', ')}`, input: unknown } as z.core.$ZodIssue,
    ]);
  if (sameYear.length) throw new ConflictError('agreement', sameYear[0]!.id, sameYear[0], 'already_exists');
  const now = ctx.now().toISOString();
  const stamp = { revision: 1, createdAt: now, updatedAt: now };
  const newId = `${a.unitId}-${year}`;
  const draft: Agreement = {
    ...a,
    ...stamp,
    id: (await ctx.store.get('agreement', newId)) ? `${newId}-${ctx.newId().slice(0, 8)}` : newId,
    year,
    title: term.title,
    periodStart: term.periodStart,
    periodEnd: term.periodEnd,
    periodText: undefined,
    lastYear: term.lastYear,
    yearEnds: [],
    status: 'draft',
    version: 1,
    versionLabel: undefined,
    documentDate: null,
    signatures: [],
    decision: null,
    statements: [],
    publishBy: term.publishBy,
    approvalLine: null,
    source: undefined,
  };
  // Every record created with its audit entry, naming where it came from (the stores refuse a commit without them).
  const ops: WriteOp[] = [];
  const create = <K extends 'agreement' | 'goal' | 'action' | 'successCriterion' | 'indicator'>(kind: K, record: EntityOf<K>, from: string) => {
    ops.push({ type: 'put', kind, record, expectedRevision: null });
    ops.push({
      type: 'audit',
      entry: { ...auditEntry(ctx, kind, record.id, 'create', null, record), note: `${kind === 'agreement' ? 'next year' : 'carried over'} from ${from}` },
    });
  };
  create('agreement', draft, a.id);
  for (const g of goals.filter((x) => carryGoalIds.includes(x.id))) {
    const gid = `${g.id}--${year}`;
    const goal: Goal = {
      ...g,
      ...stamp,
      id: gid,
      agreementId: draft.id,
      year,
      // A new year's goal has been on no step of the scale yet.
      status: null,
      statusMeaning: null,
      carriedOverFromGoalId: g.id,
      schema: { ...g.schema, results: undefined, followUpProposals: undefined },
    };
    create('goal', goal, g.id);
    for (const x of actions.filter((y) => y.goalId === g.id))
      create(
        'action',
        {
          ...x,
          ...stamp,
          id: `${x.id}--${year}`,
          goalId: gid,
          agreementId: draft.id,
          status: x.status === 'done' ? 'done' : 'planned',
          dueDate: x.dueDate ? shift(x.dueDate) : null,
        },
        x.id,
      );
    for (const x of criteria.filter((y) => y.goalId === g.id))
      create('successCriterion', { ...x, ...stamp, id: `${x.id}--${year}`, goalId: gid, agreementId: draft.id, met: null }, x.id);
    for (const x of indicators.filter((y) => y.goalId === g.id))
      create('indicator', { ...x, ...stamp, id: `${x.id}--${year}`, goalId: gid, agreementId: draft.id }, x.id);
  }
  await ctx.store.commit(ops);
  return draft;
}
