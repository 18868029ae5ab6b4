import type { Locale } from '../../api/core/model';
import type { MeasurementState } from '../../api/core/rules/indicator-status';
import { formatPeriod, label, lowerFirst, t } from '../../api/core/i18n/text';
import { card, heading, notice, text, type AdaptiveCard, type CardElement } from './adaptive-card';

export type TasksCardModel = {
  locale: Locale;
  /** "Development bot – you act as …", when the bot runs without credentials. */
  devNote?: string;
  measurements: {
    indicatorId: string;
    indicatorName: string;
    unitName: string;
    period: string;
    state: MeasurementState;
    moreOpen: number;
    agreementUrl: string;
  }[];
  agreementsToSubmit: { agreementId: string; title: string; unitName: string; agreementUrl: string }[];
  agreementsToApprove: { agreementId: string; title: string; unitName: string; agreementUrl: string }[];
};

/** At most this many rows per section keep the card far below Teams' size limit. */
export const MAX_ROWS = 8;

/** "My tasks": measurements to report and agreements to submit or approve, each with its buttons. */
export function tasksCard(m: TasksCardModel): AdaptiveCard {
  const { locale } = m;
  const body: CardElement[] = [heading(t('tasksTitle', locale))];
  if (m.devNote) body.push(notice(m.devNote, 'warning'));
  const more = (n: number) => (n > MAX_ROWS ? [text(t('moreTasks', locale, { n: n - MAX_ROWS }), { isSubtle: true })] : []);
  if (!m.measurements.length && !m.agreementsToSubmit.length && !m.agreementsToApprove.length) body.push(text(t('nothingWaiting', locale)));
  if (m.measurements.length) {
    body.push(text(`${t('measurementsToReport', locale)} (${m.measurements.length})`, { weight: 'Bolder', spacing: 'Medium' }));
    for (const task of m.measurements.slice(0, MAX_ROWS)) {
      const extra = task.moreOpen > 0 ? ` · ${t('morePeriods', locale, { n: task.moreOpen })}` : '';
      body.push({
        type: 'Container',
        separator: true,
        items: [
          text(task.indicatorName, { weight: 'Bolder' }),
          text(
            `${task.unitName} · ${formatPeriod(task.period, locale)} · ${task.state === 'late' ? '⚠ ' : ''}${lowerFirst(label('measurementState', task.state, locale))}${extra}`,
            {
              isSubtle: true,
              spacing: 'None',
              color: task.state === 'late' ? 'Attention' : 'Default',
            },
          ),
          {
            type: 'ActionSet',
            actions: [
              { type: 'Action.Execute', title: t('report', locale), verb: 'measurement.open', data: { indicatorId: task.indicatorId, period: task.period } },
              { type: 'Action.OpenUrl', title: t('openInTab', locale), url: task.agreementUrl },
            ],
          },
        ],
      });
    }
    body.push(...more(m.measurements.length));
  }
  const agreements = (title: string, list: TasksCardModel['agreementsToSubmit'], approve: boolean) => {
    if (!list.length) return;
    body.push(text(`${title} (${list.length})`, { weight: 'Bolder', spacing: 'Medium' }));
    for (const a of list.slice(0, MAX_ROWS))
      body.push({
        type: 'Container',
        separator: true,
        items: [
          text(a.title, { weight: 'Bolder' }),
          text(a.unitName, { isSubtle: true, spacing: 'None' }),
          {
            type: 'ActionSet',
            actions: [
              ...(approve
                ? [{ type: 'Action.Execute' as const, title: t('openApprovalCard', locale), verb: 'approval.open', data: { agreementId: a.agreementId } }]
                : []),
              { type: 'Action.OpenUrl', title: t('openInTab', locale), url: a.agreementUrl },
            ],
          },
        ],
      });
    body.push(...more(list.length));
  };
  agreements(t('agreementsToSubmit', locale), m.agreementsToSubmit, false);
  agreements(t('agreementsToApprove', locale), m.agreementsToApprove, true);
  return card(body, {});
}
