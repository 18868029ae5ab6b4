import type { z } from 'zod';
import type { Indicator } from '../model';
import { slotOf } from './periods';

/**
 * Checks a reported value against its indicator: the period must be one the frequency makes, and the value
 * must lie within the indicator's bounds (a percentage defaults to 0–100); "no value" (null) has none to lie within.
 * Returns the issues, empty when valid.
 */
export function measurementIssues(indicator: Indicator, period: string, value: number | null): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const custom = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message, input: undefined } as z.core.$ZodIssue);
  if (!slotOf(indicator.frequency, period)) custom('period', 'period does not fit the indicator frequency');
  const min = indicator.minValue ?? (indicator.valueType === 'percentage' ? 0 : null);
  const max = indicator.maxValue ?? (indicator.valueType === 'percentage' ? 100 : null);
  if (value === null) return issues;
  if (min !== null && value < min) custom('value', 'value is below the lowest allowed');
  if (max !== null && value > max) custom('value', 'value is above the highest allowed');
  return issues;
}
