import { z } from 'zod';
import { auditEntry } from '../audit';
import { authorizeAgreementRead, permissionsInUnit } from '../authorization';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError, parseOrThrow, ValidationError } from '../errors';
import { sha256Hex } from '../hash';
import { AnalysisStepNo, DecisionOutcome, type Agreement, Id, IsoDate, MeetingId, MeetingSession, type MeetingDecision } from '../model';
import { openNewVersion } from './lifecycle';
import { createRecord, getRecord } from './records';

/**
 * Dialogue meetings on the Teams stage: one session per (Teams meeting, agreement) holding what everyone shares —
 * the goal on screen, the analysis step, notes per goal and step, decisions — and, afterwards, the minutes. Every
 * change is a commit of the session record (audited), so the store is the one truth: a live channel only carries
 * the record's new revision to the participants, and the revision is the event id a reconnecting client names.
 *
 * Who may do what:
 * - join (and so see the session): whoever may read the agreement (the read policy of every other view);
 * - move the view and write notes: a participant who holds a role in the agreement's unit (staff, leader,
 *   chief, quality office) — the tab offers moving to Teams' presenters only, which Teams alone knows;
 * - record a decision: the same; one that becomes an action needs the right to create actions and an agreement
 *   whose state leaves actions open (the agreement's lock decides, as for every other write).
 * A participant of one meeting never reads another's session: the session's id is made from both ids, and every
 * read names the meeting.
 */

/** The session's record id: one per (meeting, agreement), stable across instances and restarts. */
export async function meetingSessionId(meetingId: string, agreementId: string): Promise<string> {
  return `mtg-${(await sha256Hex(`${meetingId}\n${agreementId}`)).slice(0, 40)}`;
}

/** The kind a refused note write names in its conflict (409). */
const NOTE_KIND = 'meetingNote';

/** One change to a session, as a participant's client sends it. */
export const MeetingChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), goalId: Id.nullable(), step: AnalysisStepNo.default(0) }).strict(),
  z
    .object({
      type: z.literal('note'),
      goalId: Id,
      step: AnalysisStepNo,
      text: z.string().max(10_000),
      /** The note's revision the text was written on (0: there was no note yet); a newer note refuses it (409, with the note). */
      baseRevision: z.number().int().min(0),
    })
    .strict(),
  z
    .object({
      type: z.literal('decide'),
      id: Id,
      goalId: Id,
      text: z.string().trim().min(1).max(2_000),
      outcome: DecisionOutcome,
      ownerId: Id.nullable().default(null),
      dueDate: IsoDate.nullable().default(null),
    })
    .strict(),
  /** A leader carries a proposed change into the next version of the agreement (the agreement's revision as they saw it). */
  z.object({ type: z.literal('carry'), decisionId: Id, agreementRevision: z.number().int().min(1) }).strict(),
]);
export type MeetingChange = z.infer<typeof MeetingChange>;

/** The meeting's id, checked: the field is named in the refusal. */
export function parseMeetingId(raw: unknown): string {
  return parseOrThrow(z.object({ meetingId: MeetingId }), { meetingId: raw }).meetingId;
}

async function readableAgreement(ctx: ServiceContext, agreementId: string) {
  const agreement = await getRecord(ctx, 'agreement', agreementId);
  await authorizeAgreementRead(ctx, agreement);
  return agreement;
}

/** The session as it stands, or null when nobody joined yet; refused to whoever may not read the agreement. */
export async function readMeeting(ctx: ServiceContext, meetingId: string, agreementId: string): Promise<MeetingSession | null> {
  await readableAgreement(ctx, agreementId);
  return ctx.store.get('meetingSession', await meetingSessionId(meetingId, agreementId));
}

/**
 * Joins the session (creating it for the first to join) and returns it as it stands. A person already among
 * the participants joins without a write, so a reconnecting client costs one read.
 */
export async function joinMeeting(ctx: ServiceContext, meetingId: string, agreementId: string): Promise<MeetingSession> {
  const agreement = await readableAgreement(ctx, agreementId);
  const id = await meetingSessionId(meetingId, agreementId);
  return writeSession(ctx, id, (current) => {
    if (current?.participants.some((p) => p.personId === ctx.actor.id)) return null;
    const at = ctx.now().toISOString();
    const base = current ?? MeetingSession.parse({ id, revision: 1, createdAt: at, updatedAt: at, meetingId, agreementId, unitId: agreement.unitId });
    return { ...base, participants: [...base.participants, { personId: ctx.actor.id, displayName: ctx.actor.displayName.slice(0, 500), joinedAt: at }] };
  });
}

/** Applies one change of a participant and returns the session after it. */
export async function changeMeeting(ctx: ServiceContext, meetingId: string, agreementId: string, input: unknown): Promise<MeetingSession> {
  const change = parseOrThrow(MeetingChange, input);
  const agreement = await readableAgreement(ctx, agreementId);
  const id = await meetingSessionId(meetingId, agreementId);
  const session = await ctx.store.get('meetingSession', id);
  if (!session?.participants.some((p) => p.personId === ctx.actor.id)) throw new ForbiddenError(`change meeting ${id} without having joined it`);
  const permissions = await permissionsInUnit(ctx, agreement.unitId);
  if (!permissions.readDraft) throw new ForbiddenError(`change meeting ${id} without a role in unit ${agreement.unitId}`);
  if (change.type === 'carry') return carryDecision(ctx, id, session, agreement, change.decisionId, change.agreementRevision);
  const { goalId } = change;
  if (goalId !== null) {
    const goal = await ctx.store.get('goal', goalId);
    if (!goal || goal.agreementId !== agreementId) throw new NotFoundError('goal', goalId);
  }

  let decision: MeetingDecision | null = null;
  if (change.type === 'decide') {
    const earlier = session.decisions.find((d) => d.id === change.id);
    if (earlier) return session; // a retried request: recorded once
    const { type: _type, ...fields } = change;
    decision = { ...fields, actionId: null, carriedIntoVersion: null, byId: ctx.actor.id, at: ctx.now().toISOString() };
    if (change.outcome === 'action') decision.actionId = await actionFor(ctx, change);
  }

  return (
    (await writeSession(ctx, id, (current) => {
      if (!current) throw new NotFoundError('meetingSession', id);
      const at = ctx.now().toISOString();
      switch (change.type) {
        case 'show':
          return current.goalId === change.goalId && current.step === change.step ? null : { ...current, goalId: change.goalId, step: change.step };
        case 'note': {
          const earlier = current.notes.find((n) => n.goalId === change.goalId && n.step === change.step);
          if ((earlier?.text ?? '') === change.text) return null;
          // Written on an older text: refused with the note as it stands, never written over it.
          if ((earlier?.revision ?? 0) !== change.baseRevision) throw new ConflictError(NOTE_KIND, `${id}/${change.goalId}/${change.step}`, earlier ?? null);
          const others = current.notes.filter((n) => n !== earlier);
          const note = { goalId: change.goalId, step: change.step, text: change.text, revision: change.baseRevision + 1, byId: ctx.actor.id, at };
          return { ...current, notes: [...others, note] };
        }
        case 'decide':
          return current.decisions.some((d) => d.id === change.id) ? null : { ...current, decisions: [...current.decisions, decision!] };
      }
    })) ?? session
  );
}

/**
 * A proposed change decided in the meeting goes into the agreement the one way every change to an approved
 * agreement goes: the leader opens the next version (lifecycle's openNewVersion, with its rights and states), which
 * is then submitted and approved again. On an agreement already back in draft (the next version is open) the
 * decision is carried into that version; on one awaiting approval it waits (the lock says so). Carried once: a
 * retry, or a crash between opening the version and recording it, never opens a second version.
 */
async function carryDecision(
  ctx: ServiceContext,
  id: string,
  session: MeetingSession,
  agreement: Agreement,
  decisionId: string,
  agreementRevision: number,
): Promise<MeetingSession> {
  const decision = session.decisions.find((d) => d.id === decisionId);
  if (!decision) throw new NotFoundError('meetingDecision', decisionId);
  if (decision.outcome !== 'change')
    throw new ValidationError([
      { code: 'custom', path: ['decisionId'], message: 'only a proposed change is carried into a version', input: decisionId } as z.core.$ZodIssue,
    ]);
  if (decision.carriedIntoVersion !== null) return session;
  let version: number;
  if (agreement.status === 'draft') {
    // The next version is open already: whoever may change the agreement takes the decision into it.
    const permissions = await permissionsInUnit(ctx, agreement.unitId);
    if (!permissions.write.agreement.update) throw new ForbiddenError(`carry decision ${decisionId} into agreement ${agreement.id}`);
    version = agreement.version;
  } else version = (await openNewVersion(ctx, agreement.id, agreementRevision)).version;
  return (
    (await writeSession(ctx, id, (current) => {
      if (!current) throw new NotFoundError('meetingSession', id);
      const d = current.decisions.find((x) => x.id === decisionId);
      if (!d || d.carriedIntoVersion !== null) return null;
      return { ...current, decisions: current.decisions.map((x) => (x.id === decisionId ? { ...x, carriedIntoVersion: version } : x)) };
    })) ?? session
  );
}

/**
 * The action a decision becomes, created through the one use case every action goes through (authorization, the
 * agreement's lock, references in the municipality). Its id is made from the decision's, so a retry after a
 * crash between the two commits finds the action already there instead of making a second.
 */
async function actionFor(
  ctx: ServiceContext,
  d: { id: string; goalId: string; text: string; ownerId: string | null; dueDate: string | null },
): Promise<string> {
  const actionId = `mtg-action-${(await sha256Hex(`${ctx.store.tenantId}\n${d.id}`)).slice(0, 32)}`;
  if (await ctx.store.get('action', actionId)) return actionId;
  if (!d.ownerId || !d.dueDate)
    throw new ValidationError([
      { code: 'custom', path: [d.ownerId ? 'dueDate' : 'ownerId'], message: 'an action needs an owner and a due date', input: null } as z.core.$ZodIssue,
    ]);
  await createRecord(ctx, 'action', { id: actionId, goalId: d.goalId, text: d.text, ownerId: d.ownerId, dueDate: d.dueDate, status: 'planned' });
  return actionId;
}

/**
 * Read, change, commit with the revision read (and its audit entry); on a conflict with another participant's
 * change, read again and apply the change to what they wrote — no edit is lost. `change` returns null when
 * there is nothing to write.
 */
async function writeSession(ctx: ServiceContext, id: string, change: (current: MeetingSession | null) => MeetingSession | null): Promise<MeetingSession> {
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.store.get('meetingSession', id);
    const next = change(current);
    if (!next) return current!;
    const record = MeetingSession.parse({ ...next, revision: current ? current.revision + 1 : 1, updatedAt: ctx.now().toISOString() });
    try {
      await ctx.store.commit([
        { type: 'put', kind: 'meetingSession', record, expectedRevision: current?.revision ?? null },
        { type: 'audit', entry: auditEntry(ctx, 'meetingSession', id, current ? 'update' : 'create', current, record) },
      ]);
      return record;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 20) throw err;
    }
  }
}

/** The minutes of every meeting held on an agreement, newest first: for the tab afterwards. */
export async function listMeetings(ctx: ServiceContext, agreementId: string): Promise<MeetingSession[]> {
  await readableAgreement(ctx, agreementId);
  const sessions = await ctx.store.listAll('meetingSession', { agreementId });
  return sessions.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
