import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import type { CardReceipt } from '../model';
import { sha256Hex } from '../hash';

/**
 * Idempotent card actions. Teams redelivers an invoke whose turn is slow; the receipt, keyed by the
 * activity and a hash of the payload, makes the second delivery answer like the first without writing.
 */

/** JSON with sorted keys, so the same payload always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export async function receiptId(activityId: string, verb: string, payload: unknown): Promise<string> {
  return `receipt-${(await sha256Hex(`${activityId}\n${verb}\n${canonical(payload)}`)).slice(0, 48)}`;
}

export type ReceiptState = { state: 'new'; receipt: CardReceipt } | { state: 'pending' } | { state: 'done'; response: unknown };

/**
 * Claims an action: the first delivery gets `new` (and must call completeCardAction), a later one gets
 * the stored response, or `pending` while the first is still running.
 */
export async function beginCardAction(ctx: ServiceContext, input: { activityId: string; verb: string; payload: unknown }): Promise<ReceiptState> {
  const id = await receiptId(input.activityId, input.verb, input.payload);
  const now = ctx.now().toISOString();
  const receipt: CardReceipt = {
    id,
    verb: input.verb,
    activityId: input.activityId,
    status: 'pending',
    response: null,
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.store.commit([{ type: 'put', kind: 'cardReceipt', record: receipt, expectedRevision: null }]);
    return { state: 'new', receipt };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const existing = await ctx.store.get('cardReceipt', id);
    if (existing?.status === 'done') return { state: 'done', response: existing.response };
    return { state: 'pending' };
  }
}

/** Stores the response given to a claimed action. */
export async function completeCardAction(ctx: ServiceContext, receipt: CardReceipt, response: unknown): Promise<void> {
  const done: CardReceipt = { ...receipt, status: 'done', response, revision: receipt.revision + 1, updatedAt: ctx.now().toISOString() };
  await ctx.store.commit([{ type: 'put', kind: 'cardReceipt', record: done, expectedRevision: receipt.revision }]);
}

/** Gives up a claim (the action failed unexpectedly), so a redelivery may try again. */
export async function abandonCardAction(ctx: ServiceContext, receipt: CardReceipt): Promise<void> {
  await ctx.store.commit([{ type: 'delete', kind: 'cardReceipt', id: receipt.id, expectedRevision: receipt.revision }]).catch(() => undefined);
}
