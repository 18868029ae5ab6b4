import type { TypedDocumentInput } from '../../api/core/transfer';
import { smallMunicipality } from './mother';

/**
 * Outcomes as yearly reports write them (issue 17, point 6): one column per year, named as the report names it
 * ("2023", "2024", "Utfall 2025"), with "–" where the year has no value; taken from the report, so nobody entered
 * them in the product and no entry time is known. The agreement came into the product on 15 May 2026: its first
 * quarter (due 31 March) could never be reported here.
 */
export const SERIES_DOCUMENT = 'Kvalitetsredovisning 2025, Serieby kommun';
export const FOLLOWED_UP_SINCE = '2026-05-15';

export function outcomeSeries(prefix = 'serieby'): TypedDocumentInput {
  const doc = smallMunicipality(prefix);
  doc.formatVersion = 3;
  const agreement = doc.agreements![0]!;
  Object.assign(agreement, { status: 'in_effect', followedUpSince: FOLLOWED_UP_SINCE });
  doc.indicators!.push({
    id: `${prefix}-indicator-2`,
    goalId: `${prefix}-goal-1`,
    name: 'Andel nöjda elever',
    unitOfMeasure: '%',
    valueType: 'percentage',
    target: 80,
    direction: 'increase',
    frequency: { kind: 'yearly', month: 12 },
    measureType: 'result',
  });
  const historic = (period: string, value: number | null, label: string) => ({
    id: `${prefix}-outcome-${period}`,
    indicatorId: `${prefix}-indicator-2`,
    period,
    value,
    label,
    source: 'import' as const,
    document: SERIES_DOCUMENT,
    history: [],
  });
  doc.measurements = [historic('2023', 71, '2023'), historic('2024', null, '2024'), historic('2025', 78, 'Utfall 2025')];
  return doc;
}
