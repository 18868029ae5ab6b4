import type { ServiceContext } from '../context';
import { compareNames } from '../i18n';
import type { Action, Agreement, AgreementStatus, Indicator, OrgUnit } from '../model';
import { read } from '../port';
import { followUpOwners, MEASURED_STATUSES } from '../rules/agreement-life';
import { localDate } from '../rules/periods';
import { periodStatuses, type PeriodStatus } from '../rules/indicator-status';
import { ROLLUP } from './agreement-rollups';
import { KeptWhileCounted } from './kept';
import { organisation, unitsApprovedBy, unitsOf, type Organisation } from './organisation';

/**
 * What is waiting for one person: measurements to report, open actions, agreements to submit or approve. The
 * bot's "my tasks" and "report" and the tab's home view (GET /api/me/work) ask here; what is due or late comes
 * from the rules (periodStatuses), never from here.
 *
 * Proportional to the person, not to the municipality: the organisation comes from the cache, then the
 * agreements of the person's units (and of those they approve for), then what those agreements hold — the
 * measurement summaries (one small record per indicator), never the measurements. Three waves of reads.
 */

/** A reported period's value, as the measurement summary keeps it. */
export type ReportedValue = { period: string; value: number | null };

export type MeasurementTask = {
  indicator: Indicator;
  agreement: Agreement;
  unit: OrgUnit;
  /** Periods due or late, oldest first; the first is the one to report next. */
  open: PeriodStatus<ReportedValue>[];
  /** The value of each reported period, by period: what a correction starts from. */
  values: Record<string, number | null>;
};

export type ActionTask = {
  action: Action;
  /** The person owns it (otherwise it is an open action of one of their units without an owner or owned by another). */
  mine: boolean;
  goal: { id: string; title: string };
  agreement: Agreement;
  unit: OrgUnit;
};

export type AgreementTask = { agreement: Agreement; unit: OrgUnit };

export type MyTasks = {
  measurements: MeasurementTask[];
  actions: ActionTask[];
  agreementsToSubmit: AgreementTask[];
  agreementsToApprove: AgreementTask[];
  /** Agreements whose follow-up the person owns by delegation (a party with `followsUp`), not closed. */
  agreementsFollowedUp: AgreementTask[];
};

const OPEN_ACTIONS: ReadonlySet<Action['status']> = new Set(['planned', 'in_progress']);

/** Person → the ids of the agreements (of three years, not closed) whose follow-up they own by delegation. */
type Delegations = ReadonlyMap<string, readonly string[]>;
/**
 * The delegations of the three years around a year, kept by this instance while the store's count of roll-up changes
 * stands where it was (every write of an agreement renews its roll-up: agreement-rollups.ts).
 */
const DELEGATIONS = new KeptWhileCounted<number, Delegations>(ROLLUP);

function keepDelegations(
  ctx: ServiceContext,
  year: number,
  revision: string | null,
  agreements: readonly { id: string; parties: Agreement['parties'] | null; status: AgreementStatus | null }[],
): Delegations {
  const delegations = new Map<string, string[]>();
  for (const a of agreements) {
    if (a.status === 'closed') continue;
    for (const person of followUpOwners({ parties: a.parties ?? [] })) delegations.set(person, [...(delegations.get(person) ?? []), a.id]);
  }
  return DELEGATIONS.keep(ctx.store, year, revision, delegations);
}

/**
 * Indicators count as the person's when they lie in an agreement of a unit they lead or belong to and either
 * have no owner or are owned by them. Actions count when they are open and lie in such an agreement (the
 * person's own first).
 */
export async function myTasks(ctx: ServiceContext, personId: string): Promise<MyTasks> {
  const org = await organisation(ctx);
  const day = localDate(ctx.now());
  const { graceDays } = ctx.settings;
  // The revision is read before the records: a write in between makes the next request read again.
  const { value: kept, revision } = await TASKS.look(ctx.store, personId);
  if (kept && kept.org === org && kept.day === day && kept.graceDays === graceDays) return kept.tasks;
  return TASKS.keep(ctx.store, personId, revision, { org, day, graceDays, tasks: await findTasks(ctx, personId, org) }).tasks;
}

/**
 * Each person's work as last found, while nothing it was found from can have changed: no agreement of the tenant was
 * written (every write of an agreement, goal, indicator, measurement, action or success criterion renews its roll-up,
 * agreement-rollups.ts, and so the store's count of roll-up changes), the organisation is the one read then (the
 * person's units, approvals), and it is the same day (what is due and late). Where the store cannot count roll-ups
 * (SharePoint) nothing is kept. The most recent few hundred people per tenant; shared between requests.
 */
const TASKS = new KeptWhileCounted<string, { org: Organisation; day: string; graceDays: number; tasks: MyTasks }>(ROLLUP, 256);

async function findTasks(ctx: ServiceContext, personId: string, org: Organisation): Promise<MyTasks> {
  const mine = new Set(unitsOf(org, personId).map((u) => u.id));
  const approving = new Set(unitsApprovedBy(org, personId).map((u) => u.id));
  const unitIds = [...new Set([...mine, ...approving])];
  // With them, the agreements of last, this and next year whose follow-up the person owns by delegation (a head of
  // department following up a unit they do not belong to): read whole only where the person is one.
  const year = Number(localDate(ctx.now()).slice(0, 4));
  const { value: known, revision } = await DELEGATIONS.look(ctx.store, year);
  const [own, recent] = await ctx.store.readMany([
    read.all('agreement', { unitId: unitIds }),
    read.fields('agreement', { year: known ? [] : [year - 1, year, year + 1] }, ['parties', 'status']),
  ]);
  const delegations = known ?? keepDelegations(ctx, year, revision, recent);
  const ownIds = new Set(own.map((a) => a.id));
  const delegatedIds = (delegations.get(personId) ?? []).filter((id) => !ownIds.has(id));
  const agreements = delegatedIds.length ? [...own, ...(await ctx.store.readMany([read.ids('agreement', delegatedIds)]))[0]] : own;
  const delegated = (a: Agreement) => followUpOwners(a).includes(personId);
  const reporting = agreements.filter((a) => (mine.has(a.unitId) || delegated(a)) && MEASURED_STATUSES.has(a.status));
  const ids = reporting.map((a) => a.id);
  const [indicators, summaries, actions, goals] = ids.length
    ? await ctx.store.readMany([
        read.all('indicator', { agreementId: ids }),
        read.fields('measurementSummary', { agreementId: ids }, ['indicatorId', 'values']),
        read.all('action', { agreementId: ids }),
        read.fields('goal', { agreementId: ids }, ['title']),
      ])
    : [[], [], [], []];
  const agreementById = new Map(reporting.map((a) => [a.id, a]));
  const valuesBy = new Map(summaries.map((s) => [s.indicatorId, s.values]));
  const now = ctx.now();
  const tasks: MeasurementTask[] = [];
  for (const indicator of indicators) {
    if (indicator.ownerId && indicator.ownerId !== personId) continue;
    const agreement = agreementById.get(indicator.agreementId ?? '');
    const unit = agreement && org.byId.get(agreement.unitId);
    if (!agreement || !unit) continue;
    const values = valuesBy.get(indicator.id) ?? {};
    const reported = Object.entries(values).map(([period, value]) => ({ period, value }));
    const open = periodStatuses(indicator, agreement.year, reported, now, ctx.settings.graceDays, agreement.followedUpSince ?? null).filter(
      (p) => p.state === 'due' || p.state === 'late',
    );
    if (open.length) tasks.push({ indicator, agreement, unit, open, values });
  }
  // Oldest due date first; then by unit, place in the agreement and name, so the order is stable.
  tasks.sort(
    (a, b) =>
      a.open[0]!.due.localeCompare(b.open[0]!.due) ||
      compareNames(a.unit.name, b.unit.name) ||
      a.indicator.sortOrder - b.indicator.sortOrder ||
      compareNames(a.indicator.name, b.indicator.name) ||
      a.indicator.id.localeCompare(b.indicator.id),
  );
  const goalTitle = new Map(goals.map((g) => [g.id, g.title]));
  const actionTasks: ActionTask[] = [];
  for (const action of actions) {
    if (!OPEN_ACTIONS.has(action.status)) continue;
    const agreement = agreementById.get(action.agreementId ?? '');
    const unit = agreement && org.byId.get(agreement.unitId);
    if (!agreement || !unit) continue;
    actionTasks.push({ action, mine: action.ownerId === personId, goal: { id: action.goalId, title: goalTitle.get(action.goalId) ?? '' }, agreement, unit });
  }
  // The person's own first, then by due date (undated last), unit and place in the goal.
  actionTasks.sort(
    (a, b) =>
      Number(b.mine) - Number(a.mine) ||
      (a.action.dueDate ?? '9999').localeCompare(b.action.dueDate ?? '9999') ||
      compareNames(a.unit.name, b.unit.name) ||
      a.action.sortOrder - b.action.sortOrder ||
      a.action.id.localeCompare(b.action.id),
  );
  const task = (a: Agreement): AgreementTask | null => {
    const unit = org.byId.get(a.unitId);
    return unit ? { agreement: a, unit } : null;
  };
  const byYear = (x: AgreementTask, y: AgreementTask) => y.agreement.year - x.agreement.year || compareNames(x.unit.name, y.unit.name);
  const where = (status: AgreementStatus, ok: (a: Agreement) => boolean) =>
    agreements
      .filter((a) => a.status === status && ok(a))
      .map(task)
      .filter((t) => t !== null)
      .sort(byYear);
  return {
    measurements: tasks,
    actions: actionTasks,
    agreementsToSubmit: where('draft', (a) => org.byId.get(a.unitId)?.leaderIds.includes(personId) ?? false),
    agreementsToApprove: where('submitted', (a) => approving.has(a.unitId)),
    agreementsFollowedUp: agreements
      .filter((a) => a.status !== 'closed' && delegated(a))
      .map(task)
      .filter((t) => t !== null)
      .sort(byYear),
  };
}

type UnitRef = Pick<OrgUnit, 'id' | 'name'>;
type AgreementRef = Pick<Agreement, 'id' | 'title' | 'year' | 'status' | 'version'>;

/** The tab's home view: the person's work, each item with what the view shows and the form needs, nothing more. */
export type MyWork = {
  measurements: {
    indicator: Pick<
      Indicator,
      | 'id'
      | 'name'
      | 'goalId'
      | 'unitOfMeasure'
      | 'valueType'
      | 'minValue'
      | 'maxValue'
      | 'baseline'
      | 'target'
      | 'targetMax'
      | 'tolerance'
      | 'targetText'
      | 'direction'
      | 'frequency'
    >;
    agreement: AgreementRef;
    unit: UnitRef;
    open: { period: string; due: string; state: 'due' | 'late' }[];
    values: Record<string, number | null>;
  }[];
  actions: {
    action: Pick<Action, 'id' | 'text' | 'status' | 'dueDate' | 'ownerId' | 'goalId'>;
    mine: boolean;
    goal: { id: string; title: string };
    agreement: AgreementRef;
    unit: UnitRef;
  }[];
  agreementsToSubmit: { agreement: AgreementRef; unit: UnitRef }[];
  agreementsToApprove: { agreement: AgreementRef; unit: UnitRef }[];
  agreementsFollowedUp: { agreement: AgreementRef; unit: UnitRef }[];
};

const unitRef = (u: OrgUnit): UnitRef => ({ id: u.id, name: u.name });
const agreementRef = (a: Agreement): AgreementRef => ({ id: a.id, title: a.title, year: a.year, status: a.status, version: a.version });

/** The actor's work (GET /api/me/work). */
export async function getMyWork(ctx: ServiceContext): Promise<MyWork> {
  const tasks = await myTasks(ctx, ctx.actor.id);
  let work = WORK.get(tasks);
  if (!work) WORK.set(tasks, (work = myWorkOf(tasks)));
  return work;
}

/** The home view of the tasks kept for a person (myTasks): one object per finding, so its JSON and gzip are made once (the route's shared body). */
const WORK = new WeakMap<MyTasks, MyWork>();

function myWorkOf(tasks: MyTasks): MyWork {
  const agreementTask = (x: AgreementTask) => ({ agreement: agreementRef(x.agreement), unit: unitRef(x.unit) });
  return {
    measurements: tasks.measurements.map(({ indicator: i, agreement, unit, open, values }) => ({
      indicator: {
        id: i.id,
        name: i.name,
        goalId: i.goalId,
        unitOfMeasure: i.unitOfMeasure,
        valueType: i.valueType,
        minValue: i.minValue,
        maxValue: i.maxValue,
        baseline: i.baseline,
        target: i.target,
        targetMax: i.targetMax,
        tolerance: i.tolerance,
        targetText: i.targetText,
        direction: i.direction,
        frequency: i.frequency,
      },
      agreement: agreementRef(agreement),
      unit: unitRef(unit),
      open: open.map((p) => ({ period: p.period, due: p.due, state: p.state as 'due' | 'late' })),
      values,
    })),
    actions: tasks.actions.map(({ action: a, mine, goal, agreement, unit }) => ({
      action: { id: a.id, text: a.text, status: a.status, dueDate: a.dueDate, ownerId: a.ownerId, goalId: a.goalId },
      mine,
      goal,
      agreement: agreementRef(agreement),
      unit: unitRef(unit),
    })),
    agreementsToSubmit: tasks.agreementsToSubmit.map(agreementTask),
    agreementsToApprove: tasks.agreementsToApprove.map(agreementTask),
    agreementsFollowedUp: tasks.agreementsFollowedUp.map(agreementTask),
  };
}
