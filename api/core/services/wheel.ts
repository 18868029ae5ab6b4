import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { WheelEvent } from '../model';
import { read } from '../port';
import { localDate } from '../rules/periods';
import { compareEvents, eventDate } from '../rules/wheel-dates';
import { completeTitle } from './wheel-templates';

export type WheelView = {
  year: number;
  /** Events of the unit and of every unit above it (the municipality's wheel reaches every unit). */
  events: (WheelEvent & { unitName: string; effectiveDate: string })[];
  /** Events from today on, soonest first. */
  upcoming: string[];
};

/**
 * The annual wheel (årshjul) a unit lives by in a year, in its order; each event counts from its day
 * (rules/wheel-dates.ts). A title from the ready-made wheels is read in every language of theirs (completeTitle).
 */
export async function getWheel(ctx: ServiceContext, unitId: string, year: number): Promise<WheelView> {
  const [units] = await ctx.store.readMany([read.all('unit', {})]);
  const byId = new Map(units.map((u) => [u.id, u]));
  if (!byId.has(unitId)) throw new NotFoundError('unit', unitId);
  const chain: string[] = [];
  for (let id: string | null = unitId; id && chain.length < 50; id = byId.get(id)?.parentId ?? null) chain.push(id);
  const [events] = await ctx.store.readMany([read.all('wheelEvent', { unitId: chain, year })]);
  const withDates = events
    .map((e) => ({ ...e, title: completeTitle(e.title), unitName: byId.get(e.unitId)?.name ?? e.unitId, effectiveDate: eventDate(e) }))
    .sort(compareEvents);
  const today = localDate(ctx.now());
  return { year, events: withDates, upcoming: withDates.filter((e) => e.effectiveDate >= today).map((e) => e.id) };
}
