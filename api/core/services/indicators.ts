import { authorizeRecordRead, municipalityOfUnit, readableOnly } from '../authorization';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import type { Agreement, AgreementStatus, Indicator, OrgUnit, TrackState } from '../model';
import { read } from '../port';
import { indicatorKey, sameIndicatorName } from '../rules/indicator-key';
import { latest, trackState } from '../rules/indicator-status';
import { organisation, type Organisation } from './organisation';
import { yearRollups } from './year-rollups';

/** An indicator as everyone reads it: what it measures, its target as written, its latest value and whether it meets it. */
export type IndicatorFigure = Pick<
  Indicator,
  'id' | 'goalId' | 'name' | 'unitOfMeasure' | 'valueType' | 'direction' | 'target' | 'targetMax' | 'tolerance' | 'targetText'
> & {
  latestValue: number | null;
  latestPeriod: string | null;
  track: TrackState;
};

export type UnitIndicators = {
  unit: Pick<OrgUnit, 'id' | 'name' | 'kind'>;
  year: number;
  agreement: { id: string; status: AgreementStatus; title: string } | null;
  /** The agreement is a draft the actor may not read: its indicators stay with its unit's people. */
  withheld: boolean;
  indicators: (IndicatorFigure & {
    goalTitle: string;
    /** Other units of the municipality whose agreement of the year has an indicator of the same name. */ sharedBy: number;
  })[];
};

export type IndicatorComparison = {
  indicator: IndicatorFigure;
  year: number;
  municipality: Pick<OrgUnit, 'id' | 'name'>;
  /** Every unit of the municipality whose agreement of the year (readable by the actor) has an indicator of that name, the asked one's first. */
  units: (IndicatorFigure & { unit: Pick<OrgUnit, 'id' | 'name'>; agreementId: string })[];
};

const FIGURE_FIELDS = [
  'goalId',
  'agreementId',
  'name',
  'unitOfMeasure',
  'valueType',
  'direction',
  'target',
  'targetMax',
  'tolerance',
  'baseline',
  'targetText',
] as const;
type IndicatorRow = Pick<Indicator, 'id' | (typeof FIGURE_FIELDS)[number]>;

/** The figure of an indicator from its values by period (a measurement summary's; a period may hold an explicit 'no value'). */
function figureOf(i: IndicatorRow, values: Readonly<Record<string, number | null>> | undefined): IndicatorFigure {
  // The latest value is the newest period with a value (rules/indicator-status.ts), and its period goes with it.
  const last = latest(Object.entries(values ?? {}).map(([period, value]) => ({ period, value })));
  const latestValue = last?.value ?? null;
  const latestPeriod = last?.period ?? null;
  return {
    id: i.id,
    goalId: i.goalId,
    name: i.name,
    unitOfMeasure: i.unitOfMeasure,
    valueType: i.valueType,
    direction: i.direction,
    target: i.target,
    targetMax: i.targetMax,
    tolerance: i.tolerance,
    ...(i.targetText ? { targetText: i.targetText } : {}),
    latestValue,
    latestPeriod,
    track: trackState(i, latestValue),
  };
}

/** The roll-ups of a year the actor may read, in one municipality (Odense's portal: every employee sees every unit's indicators). */
async function readableRollupsIn(ctx: ServiceContext, org: Organisation, municipalityId: string | null, year: number) {
  const inMunicipality = (await yearRollups(ctx, year)).filter((r) => municipalityOfUnit(org, r.unitId) === municipalityId);
  return readableOnly(ctx, 'agreement', inMunicipality);
}

/**
 * A unit's indicators of a year, for every employee of the municipality: each with its target, latest value and
 * whether it meets it, and how many other units have an indicator of the same name (to compare with). A draft the actor
 * may not read is named by its state, its indicators withheld (docs/roles.md). Two reads: the unit's agreement, then
 * its goals, indicators and summaries (and the year's roll-ups, usually kept by the instance).
 */
export async function getUnitIndicators(ctx: ServiceContext, unitId: string, year: number): Promise<UnitIndicators> {
  const org = await organisation(ctx);
  const unit = org.byId.get(unitId);
  if (!unit) throw new NotFoundError('unit', unitId);
  const [agreements] = await ctx.store.readMany([read.all('agreement', { unitId, year })]);
  const agreement: Agreement | undefined = agreements[0];
  const base = { unit: { id: unit.id, name: unit.name, kind: unit.kind }, year };
  if (!agreement) return { ...base, agreement: null, withheld: false, indicators: [] };
  const head = { id: agreement.id, status: agreement.status, title: agreement.title };
  if (!(await readableOnly(ctx, 'agreement', [agreement])).length) return { ...base, agreement: head, withheld: true, indicators: [] };
  const where = { agreementId: agreement.id };
  const [[goals, indicators, summaries], rollups] = await Promise.all([
    ctx.store.readMany([
      read.fields('goal', where, ['title', 'sortOrder']),
      read.fields('indicator', where, [...FIGURE_FIELDS, 'sortOrder']),
      read.fields('measurementSummary', where, ['values']),
    ]),
    readableRollupsIn(ctx, org, municipalityOfUnit(org, unitId), year),
  ]);
  const values = new Map(summaries.map((s) => [s.id, s.values]));
  const goalOf = new Map(goals.map((g) => [g.id, g]));
  const units = new Map<string, Set<string>>();
  for (const r of rollups) if (r.unitId !== unitId) for (const k of r.indicatorKeys ?? []) units.set(k, (units.get(k) ?? new Set()).add(r.unitId));
  const ordered = [...indicators].sort((a, b) => (goalOf.get(a.goalId)?.sortOrder ?? 0) - (goalOf.get(b.goalId)?.sortOrder ?? 0) || a.sortOrder - b.sortOrder);
  return {
    ...base,
    agreement: head,
    withheld: false,
    indicators: ordered.map((i) => ({
      ...figureOf(i, values.get(i.id)),
      goalTitle: goalOf.get(i.goalId)?.title ?? '',
      sharedBy: units.get(indicatorKey(i.name))?.size ?? 0,
    })),
  };
}

/**
 * The units of the municipality that share an indicator — the same name, as rules/indicator-key.ts tells — side by side
 * for the indicator's year: each one's latest value against its own target. Only agreements the actor may read are
 * there (a draft stays with its unit's people); another municipality's units never are. Three reads: the indicator,
 * then the indicators of the agreements whose roll-ups hold its key (the year's roll-ups, usually kept), then their
 * values.
 */
export async function compareIndicator(ctx: ServiceContext, indicatorId: string): Promise<IndicatorComparison> {
  const [[[indicator]], org] = await Promise.all([ctx.store.readMany([read.ids('indicator', [indicatorId])]), organisation(ctx)]);
  if (!indicator) throw new NotFoundError('indicator', indicatorId);
  await authorizeRecordRead(ctx, 'indicator', indicator);
  const [[agreement]] = await ctx.store.readMany([read.ids('agreement', indicator.agreementId ? [indicator.agreementId] : [])]);
  if (!agreement) throw new NotFoundError('indicator', indicatorId);
  const municipalityId = municipalityOfUnit(org, agreement.unitId);
  const municipality = municipalityId ? org.byId.get(municipalityId) : undefined;
  const key = indicatorKey(indicator.name);
  const holding = (await readableRollupsIn(ctx, org, municipalityId, agreement.year)).filter(
    (r) => r.indicatorKeys?.includes(key) || r.agreementId === agreement.id,
  );
  const unitOf = new Map(holding.map((r) => [r.agreementId, r.unitId]));
  const [candidates] = await ctx.store.readMany([read.fields('indicator', { agreementId: [...unitOf.keys()] }, FIGURE_FIELDS)]);
  const same = candidates.filter((i) => sameIndicatorName(i.name, indicator.name));
  const [summaries] = await ctx.store.readMany([
    read.ids(
      'measurementSummary',
      same.map((i) => i.id),
    ),
  ]);
  const values = new Map(summaries.map((s) => [s.id, s.values]));
  const name = (unitId: string) => org.byId.get(unitId)?.name ?? unitId;
  const units = same
    .map((i) => {
      const unitId = unitOf.get(i.agreementId!)!;
      return { ...figureOf(i, values.get(i.id)), unit: { id: unitId, name: name(unitId) }, agreementId: i.agreementId! };
    })
    .sort((a, b) => (a.id === indicatorId ? -1 : b.id === indicatorId ? 1 : a.unit.name.localeCompare(b.unit.name, ctx.actor.locale)));
  return {
    indicator: figureOf(indicator, values.get(indicator.id)),
    year: agreement.year,
    municipality: { id: municipality?.id ?? agreement.unitId, name: municipality?.name ?? '' },
    units,
  };
}
