import { z } from 'zod';
import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { IsoDate, type Pause } from '../model';
import { auditEntry } from '../audit';
import { parseOrThrow } from '../errors';

/** Out of office: while a pause runs, the planner sends the person no reminders (they come after it). */
export const PauseInput = z
  .object({ from: IsoDate, to: IsoDate, note: z.string().max(500).optional() })
  .strict()
  .refine((p) => p.to >= p.from, { message: 'periodEnd must not be before periodStart', path: ['to'] });

export async function myPauses(ctx: ServiceContext): Promise<Pause[]> {
  return (await ctx.store.listAll('pause', { personId: ctx.actor.id })).sort((a, b) => a.from.localeCompare(b.from));
}

export async function addPause(ctx: ServiceContext, raw: unknown): Promise<Pause> {
  const input = parseOrThrow(PauseInput, raw);
  const now = ctx.now().toISOString();
  const pause: Pause = { id: ctx.newId(), personId: ctx.actor.id, ...input, revision: 1, createdAt: now, updatedAt: now };
  await ctx.store.commit([
    { type: 'put', kind: 'pause', record: pause, expectedRevision: null },
    { type: 'audit', entry: auditEntry(ctx, 'pause', pause.id, 'create', null, pause) },
  ]);
  return pause;
}

/** Ends a pause of one's own. */
export async function removePause(ctx: ServiceContext, id: string): Promise<void> {
  const pause = await ctx.store.get('pause', id);
  if (!pause || pause.personId !== ctx.actor.id)
    throw new ValidationError([{ code: 'custom', path: ['id'], message: 'not one of your pauses', input: id } as z.core.$ZodIssue]);
  await ctx.store.commit([
    { type: 'delete', kind: 'pause', id, expectedRevision: pause.revision },
    { type: 'audit', entry: auditEntry(ctx, 'pause', id, 'delete', pause, null) },
  ]);
}
