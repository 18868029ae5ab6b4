import type { ServiceContext } from '../context';
import { compareNames } from '../i18n';
import type { Agreement, Indicator, OrgUnit } from '../model';
import { read } from '../port';
import { approverOf, MEASURED_STATUSES } from '../rules/agreement-life';
import { periodStatuses, type PeriodStatus } from '../rules/indicator-status';
import { groupBy } from '../collections';

/**
 * What is waiting for one person: measurements to report and agreements to submit or approve. The bot's
 * "my tasks" and "report" ask here; what is due or late comes from the rules (periodStatuses), never from here.
 */


export type MeasurementTask = {
  indicator: Indicator;
  agreement: Agreement;
  unit: OrgUnit;
  /** Periods due or late, oldest first; the first is the one to report next. */
  open: PeriodStatus[];
};

export type AgreementTask = { agreement: Agreement; unit: OrgUnit };

export type MyTasks = {
  measurements: MeasurementTask[];
  agreementsToSubmit: AgreementTask[];
  agreementsToApprove: AgreementTask[];
};

/** The units a person leads or belongs to. */
export function unitsOf(units: readonly OrgUnit[], personId: string): OrgUnit[] {
  return units.filter((u) => u.leaderIds.includes(personId) || u.memberIds.includes(personId));
}

/**
 * Indicators count as the person's when they own them, or, without an owner, when they lead or belong to
 * the agreement's unit. Reads in three waves.
 */
export async function myTasks(ctx: ServiceContext, personId: string): Promise<MyTasks> {
  const [units, agreements] = await ctx.store.readMany([read.all('unit', {}), read.all('agreement', {})]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const mine = new Set(unitsOf(units, personId).map((u) => u.id));
  const reporting = agreements.filter((a) => MEASURED_STATUSES.has(a.status));
  const [indicators] = await ctx.store.readMany([read.all('indicator', { agreementId: reporting.map((a) => a.id) })]);
  const agreementById = new Map(agreements.map((a) => [a.id, a]));
  const relevant = indicators.filter((i) => {
    if (i.ownerId) return i.ownerId === personId;
    const agreement = i.agreementId ? agreementById.get(i.agreementId) : undefined;
    return agreement !== undefined && mine.has(agreement.unitId);
  });
  const [measurements] = await ctx.store.readMany([read.all('measurement', { indicatorId: relevant.map((i) => i.id) })]);
  const byIndicator = groupBy(measurements, (m) => m.indicatorId);
  const now = ctx.now();
  const tasks: MeasurementTask[] = [];
  for (const indicator of relevant) {
    const agreement = agreementById.get(indicator.agreementId ?? '');
    const unit = agreement && unitById.get(agreement.unitId);
    if (!agreement || !unit) continue;
    const open = periodStatuses(indicator, agreement.year, byIndicator.get(indicator.id) ?? [], now, ctx.settings.graceDays).filter((p) => p.state === 'due' || p.state === 'late');
    if (open.length) tasks.push({ indicator, agreement, unit, open });
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
  const task = (a: Agreement): AgreementTask | null => {
    const unit = unitById.get(a.unitId);
    return unit ? { agreement: a, unit } : null;
  };
  const byYear = (x: AgreementTask, y: AgreementTask) => y.agreement.year - x.agreement.year || compareNames(x.unit.name, y.unit.name);
  return {
    measurements: tasks,
    agreementsToSubmit: agreements
      .filter((a) => a.status === 'draft' && unitById.get(a.unitId)?.leaderIds.includes(personId))
      .map(task)
      .filter((t) => t !== null)
      .sort(byYear),
    agreementsToApprove: agreements
      .filter((a) => a.status === 'submitted' && approverOf({ byId: unitById }, a.unitId) === personId)
      .map(task)
      .filter((t) => t !== null)
      .sort(byYear),
  };
}
