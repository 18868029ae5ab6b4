import { z } from 'zod';
import { auditEntry } from '../audit';
import { rolesFor } from '../authorization';
import type { ServiceContext } from '../context';
import { ConflictError, InvalidTransitionError, NotFoundError, parseOrThrow, ValidationError } from '../errors';
import { Id, type Agreement, type OrgUnit, type Person } from '../model';
import { read } from '../port';
import { approverOf, mayMake } from '../rules/agreement-life';
import { diffSnapshots, type Snapshot, type VersionDiff } from '../rules/versions';
import { checkMove, snapshotOf } from './lifecycle';
import { organisation } from './organisation';
import { notificationOp } from './outbox';

/**
 * The decision on a submitted agreement, as the approval card needs it. The moves themselves (approve,
 * request changes) are the transitions table's (rules/agreement-life.ts), enforced by lifecycle.ts.
 */

export type ApprovalSummary = {
  agreement: Agreement;
  unit: OrgUnit;
  /** The approving chief: the unit's own approver or, where it names none, the nearest above it. */
  approverId: string | null;
  approver: Person | null;
  /** Whether the person asking may approve or request changes (a chief of the unit: its approver or one above). */
  mayDecide: boolean;
  goalsCount: number;
  /** What changed since the previous submitted version (null for the first version). */
  changes: VersionDiff | null;
};

export async function getApprovalSummary(ctx: ServiceContext, agreementId: string): Promise<ApprovalSummary> {
  const [agreement, goals] = await ctx.store.readMany([read.one('agreement', agreementId), read.all('goal', { agreementId })]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  const org = await organisation(ctx);
  const unit = org.byId.get(agreement.unitId);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  const approverId = approverOf(org, unit.id);
  const [approver, versions] = await ctx.store.readMany([read.one('person', approverId ?? ''), read.all('agreementVersion', { agreementId })]);
  const roles = await rolesFor(ctx, unit.id);
  const mayDecide = mayMake('approve', (m) => m !== 'signer' && roles.has(m));
  const previous = versions.filter((v) => v.version < agreement.version).sort((x, y) => y.version - x.version)[0];
  const changes = previous ? diffSnapshots(previous.snapshot as unknown as Snapshot, await snapshotOf(ctx, agreement)) : null;
  return { agreement, unit, approverId, approver, mayDecide, goalsCount: goals.length, changes };
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
  const agreement = await ctx.store.get('agreement', input.agreementId);
  if (!agreement) throw new NotFoundError('agreement', input.agreementId);
  const unit = (await organisation(ctx)).byId.get(agreement.unitId);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  // A decision on an agreement no longer awaiting it (another version, or decided already) is stale: the card shows the current one.
  const to = await checkMove(ctx, agreement, input.decision).catch((err: unknown) => {
    throw err instanceof InvalidTransitionError ? new ConflictError('agreement', agreement.id, agreement) : err;
  });
  if (agreement.version !== input.version) throw new ConflictError('agreement', agreement.id, agreement);
  const now = ctx.now().toISOString();
  const updated: Agreement = {
    ...agreement,
    status: to,
    decision: {
      decision: input.decision,
      comment: comment || null,
      by: ctx.actor.id,
      byName: (await ctx.store.get('person', ctx.actor.id))?.displayName ?? ctx.actor.displayName,
      at: now,
      version: agreement.version,
    },
    revision: agreement.revision + 1,
    updatedAt: now,
  };
  const entry = auditEntry(ctx, 'agreement', agreement.id, input.decision === 'approve' ? 'approve' : 'transition', agreement, updated);
  // The leaders hear the outcome in chat, through the outbox.
  const told = await Promise.all(
    unit.leaderIds.map((leader) =>
      notificationOp(
        `decision:${agreement.id}:v${agreement.version}:${updated.revision}|${leader}`,
        leader,
        {
          type: 'decision',
          item: {
            kind: 'decision',
            agreementId: agreement.id,
            version: agreement.version,
            decision: input.decision,
            comment: comment || null,
            decidedBy: ctx.actor.id,
          },
        },
        now,
      ),
    ),
  );
  await ctx.store.commit([
    ...told,
    { type: 'put', kind: 'agreement', record: updated, expectedRevision: agreement.revision },
    { type: 'audit', entry: comment ? { ...entry, note: comment } : entry },
  ]);
  return updated;
}
