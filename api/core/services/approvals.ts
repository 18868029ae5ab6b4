import { z } from 'zod';
import type { ServiceContext } from '../context';
import { authorizeApproval } from '../authorization';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { Id, type Agreement, type OrgUnit, type Person } from '../model';
import { read } from '../port';
import { auditEntry, parseOrThrow } from './records';
import { snapshotOf } from './lifecycle';
import { notificationOp } from './outbox';
import { diffSnapshots, type Snapshot, type VersionDiff } from '../rules/versions';

/**
 * The decision on a submitted agreement, as the approval card needs it. Deliberately minimal: the
 * lifecycle around it (submitting, signatures, versions, notifications) is the approval workflow's.
 */

export type ApprovalSummary = {
  agreement: Agreement;
  unit: OrgUnit;
  approver: Person | null;
  goalsCount: number;
  /** What changed since the previous submitted version (null for the first version). */
  changes: VersionDiff | null;
};

export async function getApprovalSummary(ctx: ServiceContext, agreementId: string): Promise<ApprovalSummary> {
  const [agreement, goals] = await ctx.store.readMany([read.one('agreement', agreementId), read.all('goal', { agreementId })]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  const [unit] = await ctx.store.readMany([read.one('unit', agreement.unitId)]);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  const [approver, versions] = await ctx.store.readMany([read.one('person', unit.approverId ?? ''), read.all('agreementVersion', { agreementId })]);
  const previous = versions.filter((v) => v.version < agreement.version).sort((x, y) => y.version - x.version)[0];
  const changes = previous ? diffSnapshots(previous.snapshot as unknown as Snapshot, await snapshotOf(ctx, agreement)) : null;
  return { agreement, unit, approver, goalsCount: goals.length, changes };
}

export const ApprovalDecision = z
  .object({
    agreementId: Id,
    /** The agreement version the decision is about (the card's version). */
    version: z.number().int().min(1),
    decision: z.enum(['approve', 'requestChanges']),
    comment: z.string().max(2_000).optional(),
  })
  .strict();
export type ApprovalDecision = z.input<typeof ApprovalDecision>;

const issue = (path: string, message: string, input: unknown) => ({ code: 'custom', path: [path], message, input }) as z.core.$ZodIssue;

/**
 * Records the designated approver's decision on a submitted agreement: approve (submitted → approved) or
 * request changes (submitted → draft, the comment kept in the audit entry). A decision on another version,
 * or on an agreement no longer awaiting approval, is refused with ConflictError carrying the current agreement.
 */
export async function decideApproval(ctx: ServiceContext, raw: ApprovalDecision): Promise<Agreement> {
  const input = parseOrThrow(ApprovalDecision, raw);
  const comment = input.comment?.trim() ?? '';
  if (input.decision === 'requestChanges' && !comment) throw new ValidationError([issue('comment', 'a comment is required', input.comment)]);
  const { agreement, unit } = await getApprovalSummary(ctx, input.agreementId);
  await authorizeApproval(ctx, unit.id);
  if (agreement.status !== 'submitted' || agreement.version !== input.version) throw new ConflictError('agreement', agreement.id, agreement);
  const now = ctx.now().toISOString();
  const updated: Agreement = {
    ...agreement,
    status: input.decision === 'approve' ? 'approved' : 'draft',
    revision: agreement.revision + 1,
    updatedAt: now,
  };
  const entry = auditEntry(ctx, 'agreement', agreement.id, input.decision === 'approve' ? 'approve' : 'transition', agreement, updated);
  // The leaders hear the outcome in chat, through the outbox.
  const told = await Promise.all(
    unit.leaderIds.map((leader) =>
      notificationOp(`decision:${agreement.id}:v${agreement.version}:${updated.revision}|${leader}`, leader, 'decision', [
        { kind: 'decision', agreementId: agreement.id, version: agreement.version, decision: input.decision, comment: comment || null, decidedBy: ctx.actor.id },
      ], now),
    ),
  );
  await ctx.store.commit([
    ...told,
    { type: 'put', kind: 'agreement', record: updated, expectedRevision: agreement.revision },
    { type: 'audit', entry: comment ? { ...entry, note: comment } : entry },
  ]);
  return updated;
}
