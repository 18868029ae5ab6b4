import type { Direction, Locale, ValueType } from '../../api/core/model';
import type { MeasurementState } from '../../api/core/rules/indicator-status';
import { formatDate, formatNumber, formatPeriod, formatTarget, formatValue, label, lowerFirst, t } from '../../api/core/i18n/text';
import { MEASUREMENT_CARD_VERSION } from '../verbs';
import { card, facts, heading, notice, text, type AdaptiveCard, type CardElement } from './adaptive-card';

export type MeasurementCardModel = {
  locale: Locale;
  indicatorId: string;
  indicatorRevision: number;
  indicatorName: string;
  unitOfMeasure: string;
  valueType: ValueType;
  minValue: number | null;
  maxValue: number | null;
  direction: Direction;
  target: number | null;
  targetMax: number | null;
  tolerance: number | null;
  targetText: string | null;
  unitName: string;
  agreementTitle: string;
  period: string;
  due: string;
  state: MeasurementState;
  last: { value: number; period: string } | null;
  /** What the user typed, kept when the card comes back with an error. */
  values: { value?: string; comment?: string };
  /** The error beside the value field, in the user's language. */
  error?: string;
  notice?: { text: string; tone: 'attention' | 'warning' | 'good' };
  agreementUrl: string;
};

/** The target as written, or made from its comparator (one wording for tab, cards and exports: formatTarget). */
export function targetLine(
  locale: Locale,
  m: Pick<MeasurementCardModel, 'direction' | 'target' | 'targetMax' | 'tolerance' | 'targetText' | 'unitOfMeasure'>,
): string {
  return formatTarget(m, locale);
}

/** The bounds a value must lie within, as the core checks them (a percentage is 0–100 unless set). */
function bounds(m: MeasurementCardModel): { min: number | null; max: number | null } {
  return {
    min: m.minValue ?? (m.valueType === 'percentage' ? 0 : null),
    max: m.maxValue ?? (m.valueType === 'percentage' ? 100 : null),
  };
}

function valueInput(m: MeasurementCardModel): CardElement {
  const { locale } = m;
  const { min, max } = bounds(m);
  const range =
    min !== null && max !== null
      ? ` (${t(m.valueType === 'scale' ? 'scale' : 'between', locale, { min: formatNumber(min, locale), max: formatNumber(max, locale) })})`
      : '';
  const label = `${t('value', locale)}, ${m.unitOfMeasure}${range}`;
  const common = { id: 'value', label, isRequired: true, errorMessage: t('enterValue', locale) };
  // A small whole-number scale is a choice; everything else a number. Bounds are checked by the core, which
  // answers in the user's language beside the field.
  if (m.valueType === 'scale' && min !== null && max !== null && Number.isInteger(min) && Number.isInteger(max) && max - min <= 10) {
    const choices = Array.from({ length: max - min + 1 }, (_, i) => ({ title: String(min + i), value: String(min + i) }));
    return { type: 'Input.ChoiceSet', ...common, style: 'expanded', choices, ...(m.values.value ? { value: m.values.value } : {}) };
  }
  const typed = m.values.value?.trim().replace(',', '.');
  const kept = typed && /^[-+]?\d+(\.\d+)?$/.test(typed) ? Number(typed) : undefined;
  return { type: 'Input.Number', ...common, placeholder: m.unitOfMeasure, ...(kept !== undefined ? { value: kept } : {}) };
}

/**
 * The card that asks for one indicator's value for one period: name, unit of measure, period, target,
 * last value, an input that fits the indicator, an optional comment, and Action.Execute carrying the
 * indicator, the period and the revisions the card was built from.
 */
export function measurementCard(m: MeasurementCardModel): AdaptiveCard {
  const { locale } = m;
  const body: CardElement[] = [
    heading(t('measurementTitle', locale)),
    text(m.indicatorName, { weight: 'Bolder' }),
    facts([
      [t('unit', locale), m.unitName],
      [t('agreement', locale), m.agreementTitle],
      [t('period', locale), `${formatPeriod(m.period, locale)} (${lowerFirst(label('measurementState', m.state, locale))}, ${formatDate(m.due, locale)})`],
      [t('unitOfMeasure', locale), m.unitOfMeasure],
      [t('target', locale), targetLine(locale, m)],
      [t('lastValue', locale), m.last ? `${formatValue(m.last.value, m.unitOfMeasure, locale)} (${formatPeriod(m.last.period, locale)})` : t('none', locale)],
    ]),
  ];
  if (m.notice) body.push(notice(m.notice.text, m.notice.tone));
  const input = valueInput(m);
  body.push(input);
  // The error sits right under its field; a typed text a number field cannot hold is quoted in it.
  if (m.error) {
    const lost = m.values.value?.trim() && !('value' in input) ? ` (“${m.values.value.trim()}”)` : '';
    body.push({ ...notice(`${m.error}${lost}`, 'attention'), id: 'valueError', spacing: 'Small' });
  }
  body.push({
    type: 'Input.Text',
    id: 'comment',
    label: t('comment', locale),
    isMultiline: true,
    maxLength: 2000,
    ...(m.values.comment ? { value: m.values.comment } : {}),
  });
  const submit = { indicatorId: m.indicatorId, period: m.period, indicatorRevision: m.indicatorRevision, cardVersion: MEASUREMENT_CARD_VERSION };
  return card(body, {
    actions: [
      { type: 'Action.Execute', title: t('report', locale), verb: 'measurement.submit', style: 'positive', associatedInputs: 'auto', data: submit },
      // The period has no value (the reports' "–"): recorded as such, never 0; the value field is neither required nor sent.
      {
        type: 'Action.Execute',
        title: t('reportNoValue', locale),
        verb: 'measurement.submit',
        associatedInputs: 'none',
        data: { ...submit, noValue: true },
      },
      { type: 'Action.OpenUrl', title: t('openInTab', locale), url: m.agreementUrl },
    ],
  });
}
