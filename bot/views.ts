import type { Locale } from '../api/core/model';
import { diffLine } from '../api/core/rules/versions';
import type { ApprovalSummary } from '../api/core/services/approvals';
import type { MeasurementCardState } from '../api/core/services/card-measurement';
import type { MyTasks } from '../api/core/services/my-tasks';
import type { ApprovalCardModel } from './cards/approval-card';
import type { MeasurementCardModel } from './cards/measurement-card';
import type { MeasurementReceiptModel } from './cards/measurement-receipt-card';
import type { TasksCardModel } from './cards/tasks-card';
import { agreementLink, type TabLinks } from './deep-link';
import { agreementPeriod, t } from '../api/core/i18n';

/** From the core's answers to the cards' view models: the one place that decides what a card shows. */

export type ViewEnv = { locale: Locale; links: TabLinks; inTeams: boolean };

const link = (env: ViewEnv, agreementId: string, label: string) => agreementLink(env.links, agreementId, { inTeams: env.inTeams, label });

export function measurementModel(
  env: ViewEnv,
  s: MeasurementCardState,
  extra: Partial<Pick<MeasurementCardModel, 'values' | 'error' | 'notice'>> = {},
): MeasurementCardModel {
  const i = s.indicator;
  return {
    locale: env.locale,
    indicatorId: i.id,
    indicatorRevision: i.revision,
    indicatorName: i.name,
    unitOfMeasure: i.unitOfMeasure,
    valueType: i.valueType,
    minValue: i.minValue,
    maxValue: i.maxValue,
    direction: i.direction,
    target: i.target,
    targetMax: i.targetMax,
    tolerance: i.tolerance,
    targetText: i.targetText ?? null,
    unitName: s.unit.name,
    agreementTitle: s.agreement.title,
    period: s.slot.period,
    due: s.slot.due,
    state: s.state,
    last: s.last ? { value: s.last.value, period: s.last.period } : null,
    values: extra.values ?? {},
    error: extra.error,
    notice: extra.notice,
    agreementUrl: link(env, s.agreement.id, s.agreement.title),
  };
}

/** The receipt for the value reported for the card's period (the state must hold one). */
export function receiptModel(env: ViewEnv, s: MeasurementCardState, notice?: MeasurementReceiptModel['notice']): MeasurementReceiptModel {
  const m = s.reported!;
  return {
    locale: env.locale,
    indicatorName: s.indicator.name,
    unitName: s.unit.name,
    period: m.period,
    value: m.value,
    unitOfMeasure: s.indicator.unitOfMeasure,
    enteredByName: s.reportedBy?.displayName ?? m.enteredBy ?? '',
    comment: m.comment ?? null,
    notice,
    agreementUrl: link(env, s.agreement.id, s.agreement.title),
  };
}

export function approvalModel(
  env: ViewEnv,
  s: ApprovalSummary,
  opts: { view: 'status' | 'approver'; approverUserIds: string[] } & Partial<Pick<ApprovalCardModel, 'values' | 'error' | 'notice'>>,
): ApprovalCardModel {
  const a = s.agreement;
  return {
    locale: env.locale,
    agreementId: a.id,
    title: a.title,
    unitName: s.unit.name,
    year: a.year,
    period: agreementPeriod(a, env.locale),
    source: a.source ?? null,
    version: a.version,
    goalsCount: s.goalsCount,
    budget: a.budget ? { amount: a.budget.amount, currency: a.budget.currency } : null,
    // One line of what changed since the previous submitted version (rules/versions.ts).
    changeSummary: s.changes
      ? `${t('sinceVersion', env.locale, { v: a.version - 1 })}: ${diffLine(s.changes, env.locale)}`
      : a.version > 1
        ? t('changedSince', env.locale, { v: a.version - 1 })
        : t('firstVersion', env.locale),
    status: a.status,
    approverName: s.approver?.displayName ?? s.approverId ?? t('noApprover', env.locale),
    approverUserIds: opts.approverUserIds,
    view: opts.view,
    values: opts.values,
    error: opts.error,
    notice: opts.notice,
    agreementUrl: link(env, a.id, a.title),
  };
}

export function tasksModel(env: ViewEnv, tasks: MyTasks, devNote?: string): TasksCardModel {
  const agreement = (x: MyTasks['agreementsToSubmit'][number]) => ({
    agreementId: x.agreement.id,
    title: x.agreement.title,
    unitName: x.unit.name,
    agreementUrl: link(env, x.agreement.id, x.agreement.title),
  });
  return {
    locale: env.locale,
    devNote,
    measurements: tasks.measurements.map((m) => ({
      indicatorId: m.indicator.id,
      indicatorName: m.indicator.name,
      unitName: m.unit.name,
      period: m.open[0]!.period,
      state: m.open[0]!.state,
      moreOpen: m.open.length - 1,
      agreementUrl: link(env, m.agreement.id, m.agreement.title),
    })),
    agreementsToSubmit: tasks.agreementsToSubmit.map(agreement),
    agreementsToApprove: tasks.agreementsToApprove.map(agreement),
  };
}
