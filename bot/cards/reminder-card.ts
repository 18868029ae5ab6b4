import type { Locale, WheelEvent } from '../../api/core/model';
import { formatDate, formatPeriod, formatWhen, label, lowerFirst, t, type WhenFields } from '../../api/core/i18n/text';
import { card, facts, heading, text, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { MAX_ROWS } from './tasks-card';

/**
 * The one card a person gets for one occasion of the annual cycle: a wheel event coming up, everything
 * they have to report for a due date, or (for the approving chief) what is late in the units below them.
 */
export type ReminderCardModel = {
  locale: Locale;
  type: 'wheel' | 'measurements' | 'escalation';
  events: ({ title: string; action: WheelEvent['action']; unitName: string; url: string | null } & WhenFields)[];
  measurements: { indicatorId: string; indicatorName: string; unitName: string; period: string; due: string; state: 'due' | 'late'; url: string | null }[];
};

function monthName(locale: Locale, year: number, month: number): string {
  return formatPeriod(`${year}-${String(month).padStart(2, '0')}`, locale);
}

export function reminderCard(m: ReminderCardModel): AdaptiveCard {
  const { locale } = m;
  const body: CardElement[] = [];
  if (m.type === 'wheel') {
    for (const e of m.events) {
      body.push(heading(t('reminderWheelTitle', locale, { title: e.title })));
      body.push(
        facts([
          [
            t('reminderDate', locale),
            // As written ("medio marts–primo maj") where the wheel says more than a date or a whole month.
            e.whenText || e.part || e.until
              ? formatWhen(e, locale)
              : e.date
                ? formatDate(e.date, locale)
                : t('reminderMonth', locale, { month: monthName(locale, e.year, e.month) }),
          ],
          [t('unit', locale), e.unitName],
        ]),
      );
      const action = label('wheelRequest', e.action, locale);
      if (action) body.push(text(action, { weight: 'Bolder' }));
    }
    const url = m.events.find((e) => e.url)?.url;
    return card(body, url ? { actions: [{ type: 'Action.OpenUrl', title: t('openInTab', locale), url }] } : {});
  }
  const n = m.measurements.length;
  body.push(heading(t(m.type === 'escalation' ? 'reminderEscalationTitle' : 'reminderMeasurementsTitle', locale, { n })));
  if (m.type === 'escalation') body.push(text(t('reminderEscalationIntro', locale)));
  for (const row of m.measurements.slice(0, MAX_ROWS)) {
    const actions: CardAction[] = [];
    if (m.type === 'measurements')
      actions.push({
        type: 'Action.Execute',
        title: t('report', locale),
        verb: 'measurement.open',
        data: { indicatorId: row.indicatorId, period: row.period },
      });
    if (row.url) actions.push({ type: 'Action.OpenUrl', title: t('openInTab', locale), url: row.url });
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(row.indicatorName, { weight: 'Bolder' }),
        text(
          `${row.unitName} · ${formatPeriod(row.period, locale)} · ${t('dueBy', locale, { date: formatDate(row.due, locale) })} · ${row.state === 'late' ? '⚠ ' : ''}${lowerFirst(label('measurementState', row.state, locale))}`,
          { isSubtle: true, spacing: 'None', color: row.state === 'late' ? 'Attention' : 'Default' },
        ),
        ...(actions.length ? [{ type: 'ActionSet' as const, actions }] : []),
      ],
    });
  }
  if (n > MAX_ROWS) body.push(text(t('moreTasks', locale, { n: n - MAX_ROWS }), { isSubtle: true }));
  return card(body);
}
