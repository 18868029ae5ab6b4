import { authorizeAgreementRead, municipalityOfUnit, readableOnly } from '../authorization';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { FulfilmentStep, Goal, GoalLevel, OrgUnit } from '../model';
import { scaleOf } from '../rules/fulfilment';
import { organisation } from './organisation';
import { read } from '../port';
import { goalsBelow, type BelowCounts } from './goals-below';

export type RedThread = {
  levels: GoalLevel[];
  /** Every goal on the way from the top of the hierarchy down to the agreement's goals. */
  goals: Pick<Goal, 'id' | 'title' | 'levelId' | 'unitId' | 'parentGoalIds' | 'origin' | 'agreementId' | 'number' | 'status'>[];
  units: Pick<OrgUnit, 'id' | 'name'>[];
  /** The fulfilment scale of the agreement's municipality, which names its goals' statuses. */
  fulfilmentScale: FulfilmentStep[];
  /** For each goal with goals below it (in every unit, of the agreement's year), those goals by fulfilment (goals-below.ts). */
  below: Record<string, BelowCounts>;
};

/**
 * The red thread of an agreement: its goals and all the goals above them, level by level, up to the
 * council's vision, each with the goals below it counted by fulfilment. Reads wave by wave (one per level climbed);
 * the counts come from the year's roll-ups, read beside the last wave.
 */
export async function getRedThread(ctx: ServiceContext, agreementId: string): Promise<RedThread> {
  const [agreement, own, levels] = await ctx.store.readMany([read.one('agreement', agreementId), read.all('goal', { agreementId }), read.all('goalLevel', {})]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  await authorizeAgreementRead(ctx, agreement);
  const goals = new Map<string, Goal>(own.map((g) => [g.id, g]));
  let frontier = [...new Set(own.flatMap((g) => g.parentGoalIds))].filter((id) => !goals.has(id));
  for (let depth = 0; frontier.length && depth < 20; depth++) {
    // A goal above in another unit's draft stays with that unit's people.
    const parents = await readableOnly(ctx, 'goal', (await ctx.store.readMany([read.ids('goal', frontier)]))[0]);
    for (const p of parents) goals.set(p.id, p);
    frontier = [...new Set(parents.flatMap((g) => g.parentGoalIds))].filter((id) => !goals.has(id));
  }
  const unitIds = [...new Set([...goals.values()].map((g) => g.unitId))];
  const [[units], below] = await Promise.all([ctx.store.readMany([read.ids('unit', unitIds)]), goalsBelow(ctx, [...goals.keys()], agreement.year)]);
  const usedLevels = new Set([...goals.values()].map((g) => g.levelId));
  return {
    levels: levels.filter((l) => usedLevels.has(l.id)).sort((a, b) => a.rank - b.rank),
    goals: [...goals.values()].map(({ id, title, levelId, unitId, parentGoalIds, origin, agreementId: a, number, status }) => ({
      id,
      title,
      levelId,
      unitId,
      parentGoalIds,
      origin,
      agreementId: a,
      number,
      status,
    })),
    units: units.map((u) => ({ id: u.id, name: u.name })),
    fulfilmentScale: [...scaleOf((await organisation(ctx)).byId.get(municipalityOfUnit(await organisation(ctx), agreement.unitId) ?? ''))],
    below,
  };
}
