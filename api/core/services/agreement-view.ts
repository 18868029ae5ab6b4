import { authorizeAgreementRead, mayReadAgreement, municipalityOfUnit } from '../authorization';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type {
  Action,
  Agreement,
  AgreementRollup,
  FulfilmentStep,
  Goal,
  GoalGroup,
  GoalLevel,
  Indicator,
  Measurement,
  OrgUnit,
  SuccessCriterion,
} from '../model';
import { read } from '../port';
import { groupBy } from '../collections';
import { indicatorStep, scaleOf } from '../rules/fulfilment';
import { indicatorSummary, latest, type IndicatorSummary } from '../rules/indicator-status';
import { lineOf, type Lineage } from '../rules/agreement-life';
import { localDate } from '../rules/periods';
import { ROLLUP } from './agreement-rollups';
import { underlyingStore } from './derived-records';
import { lastLineage, organisation, rememberLineage } from './organisation';

export type AgreementView = {
  agreement: Agreement;
  unit: OrgUnit;
  goalLevels: GoalLevel[];
  goals: Goal[];
  /** Goals above the agreement's goals that they link to (the next step of the red thread). */
  parentGoals: Goal[];
  actions: Action[];
  successCriteria: SuccessCriterion[];
  indicators: Indicator[];
  /**
   * The most recent values per indicator (at most `recent` periods each), newest first: what the tab's charts
   * and forms show. Comments, who entered them and earlier values of corrections load when asked for
   * (GET /api/indicators/{id}/measurements).
   */
  measurements: MeasurementPoint[];
  indicatorSummaries: IndicatorSummary[];
  /** The municipality's fulfilment scale (its own or the default), best first: what goal statuses are named by. */
  fulfilmentScale: FulfilmentStep[];
  /** The municipality's goal groups in their order: the agreement's goals are shown grouped by them. */
  goalGroups: GoalGroup[];
  /** Indicator id → the step of a scale with percentage bands its latest value puts it on (rules/fulfilment.ts). */
  indicatorSteps: Record<string, string>;
};

/** A measurement as the agreement view shows it; `corrections` counts the earlier values kept in its history. */
export type MeasurementPoint = Pick<Measurement, 'id' | 'indicatorId' | 'period' | 'value' | 'revision' | 'label'> & { corrections: number };

/** `value` null: the period is reported as "no value"; `label` the column as the report names it. */
const point = (m: Measurement): MeasurementPoint => ({
  id: m.id,
  indicatorId: m.indicatorId,
  period: m.period,
  value: m.value,
  ...(m.label !== undefined ? { label: m.label } : {}),
  revision: m.revision,
  corrections: m.history.length,
});

export const bySortOrder = <T extends { sortOrder?: number; id: string }>(a: T, b: T) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.id.localeCompare(b.id);

type ParentAgreement = Pick<AgreementRollup, 'id' | 'unitId' | 'status'>;

/**
 * The parent goals the actor may read. A goal of no agreement (the municipality's own) is open to everyone; one
 * of an agreement by that agreement's state (authorization.ts: mayReadAgreement), judged from its roll-up (which
 * carries its unit and state), read with the second wave. Agreements not found there are read here.
 */
async function readableParents(ctx: ServiceContext, linked: readonly Goal[], agreements: readonly ParentAgreement[]): Promise<Goal[]> {
  const byId = new Map(agreements.map((a) => [a.id, a]));
  const missing = [...new Set(linked.map((g) => g.agreementId).filter((id): id is string => !!id && !byId.has(id)))];
  if (missing.length) for (const a of (await ctx.store.readMany([read.ids('agreement', missing)]))[0]) byId.set(a.id, a);
  const verdict = new Map<string, boolean>();
  for (const a of byId.values()) verdict.set(a.id, await mayReadAgreement(ctx, a));
  return linked.filter((g) => !g.agreementId || verdict.get(g.agreementId) === true);
}

/**
 * Views built in this process, per store, agreement and number of periods: each with the facts it was built from
 * (validated by one small read before it is answered again) and the ids its validation reads. Bounded; a view is
 * shared by every request that finds it valid (the router serialises and compresses it once), so never change one.
 */
type CachedView = { validator: string; parentIds: string[]; parentAgreementIds: string[]; view: AgreementView };
const VIEWS = new WeakMap<object, Map<string, CachedView>>();
const MAX_VIEWS = 64;

/**
 * What a view was built from, as its validator: the agreement's roll-up (a new revision for every write of the
 * agreement or of a goal, action, success criterion, indicator or measurement in it: agreement-rollups.ts), its
 * unit, the municipalities (their fulfilment scale and goal groups name and group the goals), the goal levels, the
 * parent goals and whether the actor may read them, the day (what is due and late) and the grace days. Any of them
 * changed, and the view is built again.
 */
function validatorOf(
  ctx: ServiceContext,
  rollup: Pick<AgreementRollup, 'revision' | 'updatedAt'> | null,
  unit: OrgUnit | null,
  roots: readonly OrgUnit[],
  levels: readonly GoalLevel[],
  parents: readonly Goal[],
  readable: readonly Goal[],
): string | null {
  if (!rollup || !unit) return null;
  const stamp = (r: { id: string; revision: number; updatedAt: string }) => `${r.id}:${r.revision}:${r.updatedAt}`;
  return JSON.stringify([
    `${rollup.revision}:${rollup.updatedAt}`,
    stamp(unit),
    roots.map(stamp).sort(),
    levels.map(stamp),
    parents.map(stamp),
    readable.map((g) => g.id),
    localDate(ctx.now()),
    ctx.settings.graceDays,
  ]);
}

/**
 * One agreement with everything the tab shows of it, in two waves of reads (two round trips on SharePoint): first
 * everything that carries the agreement's id, then its unit, the parent goals and the roll-ups of the agreements of
 * the units above it (where parent goals lie: the units from the organisation this instance last read; an agreement
 * not among them is read after). A view built before in this process is answered again after one small read that
 * shows nothing it was built from has changed.
 */
export async function getAgreementView(ctx: ServiceContext, agreementId: string, recent = 12): Promise<AgreementView> {
  const store = underlyingStore(ctx.store);
  let views = VIEWS.get(store);
  if (!views) VIEWS.set(store, (views = new Map()));
  const cacheKey = `${agreementId}|${recent}`;
  const cached = views.get(cacheKey);
  if (cached) {
    const [rollup, unit, roots, levels, parents, parentAgreements] = await ctx.store.readMany([
      read.one(ROLLUP, agreementId),
      read.one('unit', cached.view.unit.id),
      read.all('unit', { parentId: null }),
      read.all('goalLevel', {}),
      read.ids('goal', cached.parentIds),
      read.ids(ROLLUP, cached.parentAgreementIds),
    ]);
    if (rollup) await authorizeAgreementRead(ctx, { id: agreementId, unitId: rollup.unitId, status: rollup.status });
    const covered = parents.every((g) => !g.agreementId || cached.parentAgreementIds.includes(g.agreementId));
    if (covered && validatorOf(ctx, rollup, unit, roots, levels, parents, await readableParents(ctx, parents, parentAgreements)) === cached.validator) {
      views.delete(cacheKey);
      views.set(cacheKey, cached);
      return cached.view;
    }
  }
  // The organisation as this instance last read it: only a guess of where the parent goals lie (checked against
  // what is read), so no round trip is spent on its revision. An instance that has read none yet reads each unit's
  // parent in the first wave instead (a third round trip for the parent agreements otherwise: see readableParents).
  const known = lastLineage(ctx.store.tenantId);
  const [rollup, agreement, goals, actions, successCriteria, indicators, all, levels, parentsOfUnits] = await ctx.store.readMany([
    read.one(ROLLUP, agreementId),
    read.one('agreement', agreementId),
    read.all('goal', { agreementId }),
    read.all('action', { agreementId }),
    read.all('successCriterion', { agreementId }),
    read.all('indicator', { agreementId }),
    read.all('measurement', { agreementId }),
    read.all('goalLevel', {}),
    read.fields('unit', known ? { parentId: [] } : {}, ['parentId']),
  ]);
  if (!agreement) throw new NotFoundError('agreement', agreementId);
  await authorizeAgreementRead(ctx, agreement);
  const goalIds = new Set(goals.map((g) => g.id));
  const parentIds = [...new Set(goals.flatMap((g) => g.parentGoalIds))].filter((id) => !goalIds.has(id));
  const org = known ?? (parentsOfUnits.length ? rememberLineage(ctx.store.tenantId, parentsOfUnits) : null);
  const above = org
    ? lineOf(org, agreement.unitId)
        .slice(1)
        .map((u) => u.id)
    : [];
  // The municipalities (roots) come in the same wave: their scale and goal groups name and group the goals.
  const [unit, linked, aboveAgreements, roots] = await ctx.store.readMany([
    read.one('unit', agreement.unitId),
    read.ids('goal', parentIds),
    read.all(ROLLUP, { unitId: parentIds.length ? above : [] }),
    read.all('unit', { parentId: null }),
  ]);
  // A parent goal in another unit's draft stays with that unit's people.
  const parentGoals = await readableParents(ctx, linked, aboveAgreements);
  if (!unit) throw new NotFoundError('unit', agreement.unitId);
  const byIndicator = groupBy(all, (m) => m.indicatorId);
  const measurements = [...byIndicator.values()].flatMap((list) =>
    list
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0))
      .slice(0, recent)
      .map(point),
  );
  const levelIds = new Set([...goals, ...parentGoals].map((g) => g.levelId));
  const now = ctx.now();
  const municipality = await municipalityOf(ctx, unit, roots, org);
  const scale = scaleOf(municipality);
  const indicatorSteps: Record<string, string> = {};
  for (const i of indicators) {
    const step = indicatorStep(scale, i, latest(byIndicator.get(i.id) ?? [])?.value);
    if (step) indicatorSteps[i.id] = step.key;
  }
  const view: AgreementView = {
    agreement,
    unit,
    goalLevels: levels.filter((l) => levelIds.has(l.id)).sort((a, b) => a.rank - b.rank),
    goals: goals.sort(bySortOrder),
    parentGoals,
    actions: actions.sort(bySortOrder),
    successCriteria: successCriteria.sort(bySortOrder),
    indicators: indicators.sort(bySortOrder),
    measurements,
    indicatorSummaries: indicators.map((i) =>
      indicatorSummary(i, agreement.year, byIndicator.get(i.id) ?? [], now, ctx.settings.graceDays, agreement.followedUpSince ?? null),
    ),
    fulfilmentScale: [...scale],
    goalGroups: municipality?.goalGroups ?? [],
    indicatorSteps,
  };
  const validator = validatorOf(ctx, rollup, unit, roots, levels, linked, parentGoals);
  if (validator !== null) {
    const parentAgreementIds = [...new Set(linked.map((g) => g.agreementId).filter((id): id is string => !!id))];
    views.delete(cacheKey);
    if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!);
    views.set(cacheKey, { validator, parentIds: linked.map((g) => g.id), parentAgreementIds, view });
  }
  return view;
}

/**
 * The municipality of a unit as far as its configuration goes: itself, the tenant's one municipality (a SharePoint
 * site holds one), the root above it in the organisation as far as this request knows it, none where no municipality has a
 * scale or groups of its own (the default scale), or else found through the organisation.
 */
async function municipalityOf(ctx: ServiceContext, unit: OrgUnit, roots: readonly OrgUnit[], org: Lineage | null): Promise<OrgUnit | undefined> {
  if (unit.parentId === null) return unit;
  if (roots.length === 1) return roots[0];
  const line = new Set(org ? lineOf(org, unit.id).map((u) => u.id) : []);
  const known = roots.find((r) => line.has(r.id));
  if (known) return known;
  if (roots.every((r) => !r.fulfilmentScale && !r.goalGroups)) return undefined;
  const o = await organisation(ctx);
  const id = municipalityOfUnit(o, unit.id);
  return roots.find((r) => r.id === id) ?? o.byId.get(id ?? '');
}
