import type { Locale } from '../../api/core/model';
import { formatMeasured, formatPeriod, t } from '../../api/core/i18n/text';
import { card, facts, heading, notice, text, type AdaptiveCard, type CardElement } from './adaptive-card';

export type MeasurementReceiptModel = {
  locale: Locale;
  indicatorName: string;
  unitName: string;
  period: string;
  value: number | null;
  unitOfMeasure: string;
  enteredByName: string;
  comment: string | null;
  /** Shown above the receipt, e.g. when the period had already been reported. */
  notice?: { text: string; tone: 'attention' | 'warning' | 'good' };
  agreementUrl: string;
};

/** What replaces the measurement card once the value is stored: "Reported 87 % for March 2026 by …". */
export function measurementReceiptCard(m: MeasurementReceiptModel): AdaptiveCard {
  const { locale } = m;
  const body: CardElement[] = [heading(t('receiptTitle', locale))];
  if (m.notice) body.push(notice(m.notice.text, m.notice.tone));
  body.push(
    text(
      `✓ ${t('receiptLine', locale, { value: formatMeasured(m.value, m.unitOfMeasure, locale), period: formatPeriod(m.period, locale), name: m.enteredByName })}`,
      { color: 'Good', weight: 'Bolder' },
    ),
    text(m.indicatorName),
    facts([[t('unit', locale), m.unitName], ...(m.comment ? ([[t('comment', locale).replace(/ \(.*\)$/, ''), m.comment]] as [string, string][]) : [])]),
  );
  return card(body, { actions: [{ type: 'Action.OpenUrl', title: t('openInTab', locale), url: m.agreementUrl }] });
}
