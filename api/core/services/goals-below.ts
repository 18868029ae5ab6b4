import { readableOnly } from '../authorization';
import type { ServiceContext } from '../context';
import type { Fulfilment } from '../model';
import { yearRollups, type YearRollup } from './year-rollups';

export type BelowCounts = Partial<Record<Fulfilment, number>>;

type Graph = {
  /** Parent goal → the goals that name it as a parent. */
  children: ReadonlyMap<string, readonly string[]>;
  /** Goal → its fulfilment and its agreement. */
  goals: ReadonlyMap<string, { f: Fulfilment; agreementId: string }>;
};
/** The goal graph of a year's roll-ups, made once per roll-ups read (year-rollups.ts keeps them while current). */
const GRAPHS = new WeakMap<readonly YearRollup[], Graph>();

function graphOf(rollups: readonly YearRollup[]): Graph {
  let g = GRAPHS.get(rollups);
  if (g) return g;
  const children = new Map<string, string[]>();
  const goals = new Map<string, { f: Fulfilment; agreementId: string }>();
  for (const r of rollups)
    for (const [id, link] of Object.entries(r.goalLinks ?? {})) {
      goals.set(id, { f: link.f, agreementId: r.agreementId });
      for (const p of link.p) {
        const list = children.get(p);
        if (list) list.push(id);
        else children.set(p, [id]);
      }
    }
  g = { children, goals };
  GRAPHS.set(rollups, g);
  return g;
}

/**
 * For each of some goals, the goals below it — those that name it as a parent goal, and those below them, in every
 * unit — counted by how far they have come (rules/fulfilment.ts), from the roll-ups of the year alone (each keeps its
 * goals' fulfilment and parent goals: agreement-rollups.ts). A goal in an agreement the actor may not read (another
 * unit's draft) is not counted, nor what lies below it through it. Goals without any below are left out.
 */
export async function goalsBelow(ctx: ServiceContext, goalIds: readonly string[], year: number): Promise<Record<string, BelowCounts>> {
  const rollups = await yearRollups(ctx, year);
  const { children, goals } = graphOf(rollups);
  if (!goalIds.some((id) => children.has(id))) return {};
  const readable = new Set((await readableOnly(ctx, 'agreement', rollups)).map((r) => r.agreementId));
  const out: Record<string, BelowCounts> = {};
  for (const top of goalIds) {
    const counts: BelowCounts = {};
    const seen = new Set<string>([top]);
    const queue = [...(children.get(top) ?? [])];
    while (queue.length) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const goal = goals.get(id);
      if (!goal || !readable.has(goal.agreementId)) continue;
      counts[goal.f] = (counts[goal.f] ?? 0) + 1;
      for (const c of children.get(id) ?? []) if (!seen.has(c)) queue.push(c);
    }
    if (Object.keys(counts).length) out[top] = counts;
  }
  return out;
}
