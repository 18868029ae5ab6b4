import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { AGREEMENT_STATUSES, FULFILMENTS, TRACK_STATES, type AgreementStatus, type Fulfilment, type OrgUnit, type TrackState } from '../model';
import { dueAndLate } from '../rules/indicator-status';
import { localDate } from '../rules/periods';
import { madeOnce, withheldFrom, yearRollups, type YearRollup } from './year-rollups';
import { organisation, unitsBelow, type Organisation } from './organisation';

export type DashboardUnit = Pick<OrgUnit, 'id' | 'name' | 'kind'>;

/** What a part of the organisation holds in a year, as the dashboards show it. */
export type DashboardFigures = {
  /** The units counted (a unit and every unit below it). */
  units: number;
  /** The agreements of the year by state; `none`: units without one. */
  agreements: Record<AgreementStatus | 'none', number>;
  /** Agreements whose content the actor may not read (another unit's draft): their state is counted, nothing in them. */
  withheld: number;
  /** The goals of the agreements by how far they have come (rules/indicator-status.ts, goalFulfilment). */
  goals: Record<Fulfilment, number>;
  /** Their indicators by whether the latest value meets the target. */
  indicators: Record<TrackState, number>;
  /** Periods without a value: due (in the grace days after the period) and late (after them). */
  measurements: { due: number; late: number };
};

export type DashboardPart = {
  unit: DashboardUnit;
  /** `own`: the unit's own agreement (the dashboard's unit itself); `below`: a unit below it with every unit below that. */
  scope: 'own' | 'below';
  /** Whether there are units below it to go down to (a dashboard of its own). */
  drill: boolean;
  /** Its agreement of the year, where the part is one unit with one: the way to it. */
  agreementId: string | null;
  figures: DashboardFigures;
};

export type Dashboard = {
  unit: DashboardUnit;
  year: number;
  /** The units above it, from the top of its municipality down (the way back up). */
  path: DashboardUnit[];
  /** The unit and every unit below it. */
  totals: DashboardFigures;
  /** The unit's own agreement, then each unit directly below it with everything below that; together, the totals. */
  parts: DashboardPart[];
};

/** A count of zero for each key, set one by one in the keys' order: objects of one shape, fast to add into (Object.fromEntries made slow dictionaries, 40 % of a dashboard of 1,500 units). */
function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const k of keys) counts[k] = 0;
  return counts;
}

function emptyFigures(): DashboardFigures {
  return {
    units: 0,
    agreements: zeros([...AGREEMENT_STATUSES, 'none']),
    withheld: 0,
    goals: zeros(FULFILMENTS),
    indicators: zeros(TRACK_STATES),
    measurements: { due: 0, late: 0 },
  };
}

function addInto(to: DashboardFigures, from: DashboardFigures): void {
  to.units += from.units;
  to.withheld += from.withheld;
  for (const k in from.agreements) to.agreements[k as AgreementStatus] += from.agreements[k as AgreementStatus];
  for (const k in from.goals) to.goals[k as Fulfilment] += from.goals[k as Fulfilment];
  for (const k in from.indicators) to.indicators[k as TrackState] += from.indicators[k as TrackState];
  to.measurements.due += from.measurements.due;
  to.measurements.late += from.measurements.late;
}

const unitRef = (u: OrgUnit): DashboardUnit => ({ id: u.id, name: u.name, kind: u.kind });

/** The units above a unit, from the top down. */
function pathTo(org: Organisation, unit: OrgUnit): DashboardUnit[] {
  const out: DashboardUnit[] = [];
  for (let u = unit.parentId ? org.byId.get(unit.parentId) : undefined; u; u = u.parentId ? org.byId.get(u.parentId) : undefined) out.unshift(unitRef(u));
  return out;
}

/**
 * The dashboard of a unit for a year, for chiefs, the quality office and the council: its agreements by state, goals
 * by fulfilment, indicators off target and measurements due and late — in total, for its own agreement, and for each
 * unit directly below it with everything below that (the way down, one level at a time). Made from the agreements'
 * roll-ups only (agreement-rollups.ts, kept with every write), never from their goals or measurements: the organisation
 * and the year's roll-ups, each kept by the instance while the store's count of changes stands (year-rollups.ts), so a
 * dashboard costs two small reads and a sum over the units, and is answered again while neither changed nor the day
 * turned (year-rollups.ts, madeOnce). A draft the actor may not read counts by its state only, as in the overview.
 */
export async function getDashboard(ctx: ServiceContext, unitId: string, year: number): Promise<Dashboard> {
  const org = await organisation(ctx);
  const root = org.byId.get(unitId);
  if (!root) throw new NotFoundError('unit', unitId);
  const yearOf = await yearRollups(ctx, year);
  const withheld = await withheldFrom(ctx, org, yearOf);
  // The same facts make the same dashboard: made once while they stand, for every reader withheld the same.
  const key = ['dashboard', unitId, localDate(ctx.now()), ctx.settings.graceDays].join('\n');
  return madeOnce(org, yearOf, withheld, key, () => {
    const all = [root, ...unitsBelow(org, root.id)];
    const inScope = new Set(all.map((u) => u.id));
    return makeDashboard(
      ctx,
      org,
      root,
      all,
      yearOf.filter((r) => inScope.has(r.unitId)),
      withheld,
      year,
    );
  });
}

function makeDashboard(
  ctx: ServiceContext,
  org: Organisation,
  root: OrgUnit,
  all: readonly OrgUnit[],
  rollups: readonly YearRollup[],
  withheld: ReadonlySet<string>,
  year: number,
): Dashboard {
  const now = ctx.now();

  // Each unit's own figures, then summed up the tree.
  const own = new Map<string, DashboardFigures>();
  const agreementOf = new Map<string, string>();
  for (const u of all) own.set(u.id, { ...emptyFigures(), units: 1 });
  for (const r of rollups) {
    const f = own.get(r.unitId)!;
    f.agreements[r.status]++;
    agreementOf.set(r.unitId, r.agreementId);
    if (withheld.has(r.id)) {
      f.withheld++;
      continue;
    }
    for (const [k, n] of Object.entries(r.goalsByFulfilment ?? {})) f.goals[k as Fulfilment] += n ?? 0;
    for (const [k, n] of Object.entries(r.indicatorsByTrack ?? {})) f.indicators[k as TrackState] += n ?? 0;
    const { due, late } = dueAndLate(r.unreportedByDue ?? {}, now, ctx.settings.graceDays);
    f.measurements.due += due;
    f.measurements.late += late;
  }
  for (const [unit, f] of own) if (!agreementOf.has(unit)) f.agreements.none++;

  const subtree = new Map<string, DashboardFigures>();
  const sum = (u: OrgUnit): DashboardFigures => {
    const total = emptyFigures();
    addInto(total, own.get(u.id)!);
    for (const c of org.children.get(u.id) ?? []) addInto(total, sum(c));
    subtree.set(u.id, total);
    return total;
  };
  const totals = sum(root);
  const children = org.children.get(root.id) ?? [];
  const parts: DashboardPart[] = [
    { unit: unitRef(root), scope: 'own', drill: false, agreementId: agreementOf.get(root.id) ?? null, figures: own.get(root.id)! },
    ...children.map((c) => {
      const leaf = !(org.children.get(c.id)?.length ?? 0);
      return {
        unit: unitRef(c),
        scope: 'below' as const,
        drill: !leaf,
        agreementId: leaf ? (agreementOf.get(c.id) ?? null) : null,
        figures: subtree.get(c.id)!,
      };
    }),
  ];
  return { unit: unitRef(root), year, path: pathTo(org, root), totals, parts };
}
