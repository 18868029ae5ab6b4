import type { Action, Agreement, AgreementRollup, Fulfilment, Goal, Indicator, Measurement, MeasurementSummary, SuccessCriterion, TrackState } from '../model';
import { read, type ReadQuery, type WriteOp } from '../port';
import { beforeProduct, latestValue, trackState } from '../rules/indicator-status';
import { periodsOfYear } from '../rules/periods';
import { goalFulfilment, OFF_TRACK_FULFILMENTS } from '../rules/fulfilment';
import { indicatorKey } from '../rules/indicator-key';
import { groupBy } from '../collections';

/**
 * Keeps each agreement's roll-up (model: AgreementRollup) equal to what its records say: every commit that writes
 * or deletes an agreement, a goal, an indicator or a measurement (and so a measurement summary) also writes the
 * roll-up of each agreement it touches, computed afresh from the agreement's goals, indicators and summaries as
 * they are after the commit (what is stored, with the commit's own writes laid over it); a commit that deletes an
 * agreement deletes its roll-up. services/derived-records.ts wraps every use case's store in this, as it does for
 * the measurement summaries, so there is no second place to forget.
 *
 * The roll-up is always written, also when its figures stay the same: its revision then stands for the whole
 * agreement, so two commits that change one agreement at once meet there and the second is built again. Writes of an
 * action or a success criterion touch it too (they do not change its figures): a new revision of the roll-up means
 * that something of the agreement changed, which is what the agreement view's cache is validated by (agreement-view.ts).
 */

export const ROLLUP = 'agreementRollup';

/**
 * The id of the roll-up that keeps a closed year of an agreement over several years in that year's overview, as it
 * stood at the year's end (services/lifecycle.ts, startNextYear; deleted with the agreement here).
 */
export const yearRollupId = (agreementId: string, year: number) => `${agreementId}--y${year}`;

export type AgreementFacts = Pick<Agreement, 'id' | 'unitId' | 'year' | 'status' | 'version' | 'title'> & Partial<Pick<Agreement, 'followedUpSince'>>;
export type GoalFacts = Pick<Goal, 'id' | 'agreementId' | 'status' | 'statusMeaning' | 'parentGoalIds'>;
export type IndicatorFacts = Pick<
  Indicator,
  'id' | 'goalId' | 'agreementId' | 'name' | 'frequency' | 'direction' | 'target' | 'targetMax' | 'tolerance' | 'baseline'
>;
export type RollupFigures = Pick<AgreementRollup, 'goals' | 'goalsOffTrack' | 'unreportedByDue'> &
  Required<Pick<AgreementRollup, 'goalsByFulfilment' | 'indicatorsByTrack' | 'goalLinks' | 'indicatorKeys'>>;
/** What an agreement's figures are computed from: the facts of its goals and indicators, and its indicators' values (answers to `inputQueries`). */
export type RollupInputs = {
  goals: readonly GoalFacts[];
  indicators: readonly IndicatorFacts[];
  summaries: readonly Pick<MeasurementSummary, 'id' | 'values'>[];
};

const AGREEMENT_FIELDS = ['unitId', 'year', 'status', 'version', 'title', 'followedUpSince'] as const;
const GOAL_FIELDS = ['agreementId', 'status', 'statusMeaning', 'parentGoalIds'] as const;
const INDICATOR_FIELDS = ['goalId', 'agreementId', 'name', 'frequency', 'direction', 'target', 'targetMax', 'tolerance', 'baseline'] as const;
/** Agreements whose records are read at a time (an import touches every agreement of a municipality). */
const BATCH = 100;

const pick = <T extends { id: string }, F extends keyof T>(record: T, fields: readonly F[]): Pick<T, 'id' | F> =>
  Object.fromEntries([['id', record.id], ...fields.map((f) => [f, record[f] ?? null])]) as Pick<T, 'id' | F>;

/**
 * The figures of an agreement of `year`: its goals, those off track (marked on a step meaning off track or at risk, or
 * with an indicator whose latest value misses its target), each period of the year of its goals' indicators without a
 * value, counted by its due date; for the dashboards its goals by fulfilment (rules/fulfilment.ts, goalFulfilment), its
 * indicators by track state, each goal's fulfilment and parent goals, and the keys of its indicators' names. (Goals and
 * indicators read before parent goals, meanings and names were kept — SQLite's migration 9 — have none.)
 */
export function rollupFigures(
  year: number,
  goals: readonly (Pick<GoalFacts, 'id' | 'status'> & Partial<Pick<GoalFacts, 'statusMeaning' | 'parentGoalIds'>>)[],
  indicators: readonly (Omit<IndicatorFacts, 'agreementId' | 'name'> & Partial<Pick<IndicatorFacts, 'name'>>)[],
  valuesOf: (indicatorId: string) => Readonly<Record<string, number | null>>,
  /** The agreement's followedUpSince: a period due before it is not counted (it is never due or late). */
  since: string | null = null,
): RollupFigures {
  const indicatorsBy = groupBy(indicators, (i) => i.goalId);
  const unreported = new Map<string, number>();
  const goalsByFulfilment: Partial<Record<Fulfilment, number>> = {};
  const indicatorsByTrack: Partial<Record<TrackState, number>> = {};
  const goalLinks: RollupFigures['goalLinks'] = {};
  const keys = new Set<string>();
  let goalsOffTrack = 0;
  for (const g of goals) {
    const tracks: TrackState[] = [];
    for (const i of indicatorsBy.get(g.id) ?? []) {
      const values = valuesOf(i.id);
      const track = trackState(i, latestValue(values));
      tracks.push(track);
      indicatorsByTrack[track] = (indicatorsByTrack[track] ?? 0) + 1;
      if (i.name !== undefined) keys.add(indicatorKey(i.name));
      for (const slot of periodsOfYear(i.frequency, year))
        if (!(slot.period in values) && !beforeProduct(slot.due, since)) unreported.set(slot.due, (unreported.get(slot.due) ?? 0) + 1);
    }
    const f = goalFulfilment(g, tracks);
    goalsByFulfilment[f] = (goalsByFulfilment[f] ?? 0) + 1;
    goalLinks[g.id] = { f, p: [...(g.parentGoalIds ?? [])] };
    if (OFF_TRACK_FULFILMENTS.has(f)) goalsOffTrack++;
  }
  const unreportedByDue = Object.fromEntries([...unreported].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { goals: goals.length, goalsOffTrack, unreportedByDue, goalsByFulfilment, indicatorsByTrack, goalLinks, indicatorKeys: [...keys].sort() };
}

/** The roll-up of an agreement: a new record, or the next revision of `current`. */
export function rollupRecord(agreement: AgreementFacts, figures: RollupFigures, at: string, current: AgreementRollup | null = null): AgreementRollup {
  const facts = {
    agreementId: agreement.id,
    unitId: agreement.unitId,
    year: agreement.year,
    status: agreement.status,
    version: agreement.version,
    title: agreement.title,
    ...figures,
  };
  return current
    ? { ...current, ...facts, revision: current.revision + 1, updatedAt: at }
    : { id: agreement.id, ...facts, revision: 1, createdAt: at, updatedAt: at };
}

/** What the stores hold of the records that were written over, read before the writes (derived-records.ts). */
export type Before = {
  goals: readonly Goal[];
  indicators: readonly Indicator[];
  measurements: readonly Measurement[];
  /** Actions and success criteria changed or deleted: the agreement they were in is touched. */
  others?: readonly (Pick<Action, 'id' | 'agreementId'> | Pick<SuccessCriterion, 'id' | 'agreementId'>)[];
};

/** What some writes change in the roll-ups: the agreements they touch, and the records they write, as far as the figures go. */
export class RollupChanges {
  /** Written (or deleted: null) by the writes taken in; laid over what the store holds. */
  private readonly agreements = new Map<string, AgreementFacts | null>();
  private readonly goals = new Map<string, GoalFacts | null>();
  private readonly indicators = new Map<string, IndicatorFacts | null>();
  private readonly touched = new Set<string>();

  /** The goals, indicators, actions and success criteria of some writes whose stored records must be read first: where they were before. */
  static before(ops: readonly WriteOp[]): { goalIds: string[]; indicatorIds: string[]; actionIds: string[]; criterionIds: string[] } {
    const goalIds: string[] = [];
    const indicatorIds: string[] = [];
    const actionIds: string[] = [];
    const criterionIds: string[] = [];
    for (const op of ops) {
      if (op.type === 'audit' || (op.type === 'put' && op.expectedRevision === null)) continue;
      const id = op.type === 'put' ? op.record.id : op.id;
      if (op.kind === 'goal') goalIds.push(id);
      else if (op.kind === 'indicator') indicatorIds.push(id);
      else if (op.kind === 'action') actionIds.push(id);
      else if (op.kind === 'successCriterion') criterionIds.push(id);
    }
    return { goalIds, indicatorIds, actionIds, criterionIds };
  }

  private touch(agreementId: string | null | undefined): void {
    if (agreementId) this.touched.add(agreementId);
  }

  /** Takes in some writes, with the stored records of what they delete or change (RollupChanges.before, deleted measurements). */
  add(ops: readonly WriteOp[], before: Before): void {
    const goalsBefore = new Map(before.goals.map((g) => [g.id, g]));
    const indicatorsBefore = new Map(before.indicators.map((i) => [i.id, i]));
    const measurementsBefore = new Map(before.measurements.map((m) => [m.id, m]));
    const othersBefore = new Map((before.others ?? []).map((r) => [r.id, r]));
    for (const op of ops) {
      if (op.type === 'audit') continue;
      const id = op.type === 'put' ? op.record.id : op.id;
      const record = op.type === 'put' ? (op.record as unknown as Record<string, unknown>) : null;
      switch (op.kind) {
        case 'agreement':
          this.agreements.set(id, record ? pick(record as unknown as Agreement, AGREEMENT_FIELDS) : null);
          this.touch(id);
          break;
        case 'goal':
          this.touch(goalsBefore.get(id)?.agreementId);
          this.goals.set(id, record ? pick(record as unknown as Goal, GOAL_FIELDS) : null);
          this.touch(record?.agreementId as string | null);
          break;
        case 'indicator':
          this.touch(indicatorsBefore.get(id)?.agreementId);
          this.indicators.set(id, record ? pick(record as unknown as Indicator, INDICATOR_FIELDS) : null);
          this.touch(record?.agreementId as string | null);
          break;
        case 'measurement':
          this.touch(record ? (record.agreementId as string | null) : measurementsBefore.get(id)?.agreementId);
          break;
        case 'action':
        case 'successCriterion':
          this.touch(othersBefore.get(id)?.agreementId);
          this.touch(record?.agreementId as string | null);
          break;
      }
    }
  }

  /** Touches agreements whose roll-ups are to be made from what is stored (derived-records.ts: fillDerivedRecords). */
  touchStored(agreementIds: readonly string[]): void {
    for (const id of agreementIds) this.touch(id);
  }

  /** The agreements touched. */
  touchedIds(): string[] {
    return [...this.touched];
  }

  /** The agreements touched, in batches: each batch is read with `queries` and settled with `ops`. */
  batches(): string[][] {
    const ids = [...this.touched];
    const out: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH) out.push(ids.slice(i, i + BATCH));
    return out;
  }

  /**
   * The reads one batch of agreements needs: five queries, answered as `ops` takes them — the agreements and their
   * roll-ups, then (unless `inputs` is false: the caller knows them, see derived-records.ts) the roll-ups' inputs
   * (`inputQueries`).
   */
  queries(agreementIds: readonly string[], inputs = true): ReadQuery[] {
    return [read.ids('agreement', agreementIds), read.ids(ROLLUP, agreementIds), ...(inputs ? this.inputQueries(agreementIds) : [])];
  }

  /** What the figures of some agreements are computed from: their goals, indicators and measurement summaries (the facts only). */
  inputQueries(agreementIds: readonly string[]): ReadQuery[] {
    const where = { agreementId: agreementIds as string[] };
    return [read.fields('goal', where, GOAL_FIELDS), read.fields('indicator', where, INDICATOR_FIELDS), read.fields('measurementSummary', where, ['values'])];
  }

  /**
   * The writes that bring the roll-ups of a batch up to date, from the answers to `queries` and the values of the
   * measurement summaries written in the same commit (indicator id → values).
   */
  ops(
    agreementIds: readonly string[],
    answers: readonly unknown[],
    summaries: ReadonlyMap<string, Readonly<Record<string, number | null>>>,
    at: string,
    /** Hears, for each roll-up written, the inputs it was computed from (what the agreement holds once the writes are in). */
    computed?: (rollup: AgreementRollup, inputs: RollupInputs) => void,
  ): WriteOp[] {
    const [agreements, rollups, goals, indicators, stored] = answers as [
      Agreement[],
      AgreementRollup[],
      GoalFacts[],
      IndicatorFacts[],
      Pick<MeasurementSummary, 'id' | 'values'>[],
    ];
    const agreementsById = new Map(agreements.map((a) => [a.id, a]));
    const rollupsById = new Map(rollups.map((r) => [r.id, r]));
    const valuesById = new Map(stored.map((s) => [s.id, s.values]));
    const valuesOf = (indicatorId: string) => summaries.get(indicatorId) ?? valuesById.get(indicatorId) ?? {};
    // What the store holds, with what was written laid over it.
    const batch = new Set(agreementIds);
    const goalsBy = groupBy(overlay(goals, this.goals, batch), (g) => g.agreementId);
    const indicatorsBy = groupBy(overlay(indicators, this.indicators, batch), (i) => i.agreementId);
    const out: WriteOp[] = [];
    for (const id of agreementIds) {
      const agreement = this.agreements.has(id) ? this.agreements.get(id)! : (agreementsById.get(id) ?? null);
      const current = rollupsById.get(id) ?? null;
      if (!agreement) {
        if (current || this.agreements.has(id)) out.push({ type: 'delete', kind: ROLLUP, id, expectedRevision: null });
        // The roll-ups of its closed years go with it.
        for (const y of agreementsById.get(id)?.yearEnds ?? [])
          out.push({ type: 'delete', kind: ROLLUP, id: yearRollupId(id, y.year), expectedRevision: null });
        continue;
      }
      const goals = goalsBy.get(id) ?? [];
      const indicators = indicatorsBy.get(id) ?? [];
      const record = rollupRecord(agreement, rollupFigures(agreement.year, goals, indicators, valuesOf, agreement.followedUpSince ?? null), at, current);
      out.push({ type: 'put', kind: ROLLUP, record, expectedRevision: current ? current.revision : null });
      computed?.(record, { goals, indicators, summaries: indicators.map((i) => ({ id: i.id, values: valuesOf(i.id) })) });
    }
    return out;
  }
}

/** Stored records of some agreements with the written ones laid over them (deleted ones left out). */
function overlay<T extends { id: string; agreementId: string | null }>(
  stored: readonly T[],
  written: ReadonlyMap<string, T | null>,
  agreementIds: ReadonlySet<string>,
): T[] {
  const out = stored.filter((r) => !written.has(r.id));
  for (const r of written.values()) if (r && r.agreementId && agreementIds.has(r.agreementId)) out.push(r);
  return out;
}
