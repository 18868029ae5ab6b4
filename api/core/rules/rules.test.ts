import type { Indicator, Measurement } from '../model';
import { indicatorSummary, measurementState, progress, trackState } from './indicator-status';
import { measurementIssues } from './measurement-value';
import { lastDayOfMonth, periodsOfYear, slotOf } from './periods';

const indicator = (over: Partial<Indicator> = {}): Indicator => ({
  id: 'i',
  revision: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  goalId: 'g',
  agreementId: null,
  name: 'Sager over 52 uger',
  unitOfMeasure: 'sager',
  valueType: 'number',
  minValue: null,
  maxValue: null,
  baseline: null,
  baselineYear: null,
  target: null,
  targetMax: null,
  tolerance: null,
  direction: 'decrease',
  frequency: { kind: 'monthly' },
  measureType: 'result',
  ownerId: null,
  sortOrder: 0,
  ...over,
});
const m = (period: string, value: number): Measurement => ({
  id: period,
  revision: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  indicatorId: 'i',
  agreementId: null,
  period,
  value,
  enteredBy: 'p',
  enteredAt: '2026-01-01T00:00:00Z',
  source: 'tab',
  history: [],
});

describe('periods', () => {
  it('makes monthly periods due on the last day of each month, leap years included', () => {
    const p = periodsOfYear({ kind: 'monthly' }, 2024);
    expect(p).toHaveLength(12);
    expect(p[1]).toEqual({ period: '2024-02', start: '2024-02-01', end: '2024-02-29', due: '2024-02-29' });
    expect(lastDayOfMonth(2026, 2)).toBe('2026-02-28');
  });
  it('makes quarters, a yearly period in its month, and chosen months in order', () => {
    expect(periodsOfYear({ kind: 'quarterly' }, 2026).map((s) => [s.period, s.due])).toEqual([
      ['2026-Q1', '2026-03-31'],
      ['2026-Q2', '2026-06-30'],
      ['2026-Q3', '2026-09-30'],
      ['2026-Q4', '2026-12-31'],
    ]);
    expect(periodsOfYear({ kind: 'yearly', month: 5 }, 2026)).toEqual([{ period: '2026', start: '2026-01-01', end: '2026-05-31', due: '2026-05-31' }]);
    expect(periodsOfYear({ kind: 'months', months: [11, 6] }, 2016).map((s) => s.period)).toEqual(['2016-06', '2016-11']);
  });
  it('knows which period keys belong to a frequency', () => {
    expect(slotOf({ kind: 'months', months: [6, 11] }, '2016-06')?.due).toBe('2016-06-30');
    expect(slotOf({ kind: 'months', months: [6, 11] }, '2016-07')).toBeNull();
    expect(slotOf({ kind: 'quarterly' }, '2026-03')).toBeNull();
    expect(slotOf({ kind: 'yearly', month: 11 }, '2026')?.due).toBe('2026-11-30');
  });
});

describe('due and late', () => {
  const slot = { period: '2026-03', start: '2026-03-01', end: '2026-03-31', due: '2026-03-31' };
  it('is upcoming before the due day, due within the grace period, late after it, reported once a value exists', () => {
    expect(measurementState(slot, false, '2026-03-30', 10)).toBe('upcoming');
    expect(measurementState(slot, false, '2026-03-31', 10)).toBe('due');
    expect(measurementState(slot, false, '2026-04-10', 10)).toBe('due');
    expect(measurementState(slot, false, '2026-04-11', 10)).toBe('late');
    expect(measurementState(slot, true, '2026-12-01', 10)).toBe('reported');
  });
  it('summarises an indicator: latest value, due and late periods', () => {
    const s = indicatorSummary(indicator({ target: 100 }), 2026, [m('2026-01', 120), m('2026-02', 95)], new Date('2026-04-05T12:00:00Z'), 10);
    expect(s).toMatchObject({ latestValue: 95, latestPeriod: '2026-02', track: 'on_track', duePeriods: ['2026-03'], latePeriods: [] });
    const later = indicatorSummary(indicator({ target: 100 }), 2026, [m('2026-01', 120)], new Date('2026-04-20T12:00:00Z'), 10);
    expect(later.latePeriods).toEqual(['2026-02', '2026-03']);
  });
});

describe('on track', () => {
  it('follows the direction of the indicator', () => {
    expect(trackState(indicator({ direction: 'increase', target: 80 }), 80)).toBe('on_track');
    expect(trackState(indicator({ direction: 'increase', target: 80 }), 79.9)).toBe('off_track');
    expect(trackState(indicator({ direction: 'decrease', target: 30 }), 31)).toBe('off_track');
    expect(trackState(indicator({ direction: 'keep', target: 50, tolerance: 2 }), 48)).toBe('on_track');
    expect(trackState(indicator({ direction: 'keep', target: 50, tolerance: 2 }), 47.9)).toBe('off_track');
    expect(trackState(indicator({ direction: 'range', target: 10, targetMax: 20 }), 21)).toBe('off_track');
    expect(trackState(indicator({ direction: 'range', target: 10, targetMax: 20 }), 10)).toBe('on_track');
    expect(trackState(indicator({ target: null }), 10)).toBe('no_target');
    expect(trackState(indicator({ target: 10 }), null)).toBe('no_data');
  });
  it('measures progress from baseline to target, clamped', () => {
    expect(progress(indicator({ direction: 'decrease', baseline: 200, target: 100 }), 150)).toBe(0.5);
    expect(progress(indicator({ direction: 'increase', baseline: 60, target: 80 }), 90)).toBe(1);
    expect(progress(indicator({ direction: 'increase', baseline: 60, target: 80 }), 50)).toBe(0);
    expect(progress(indicator({ direction: 'range', baseline: 60, target: 80, targetMax: 90 }), 70)).toBeNull();
  });
});

describe('measurement values', () => {
  it('refuses a period the frequency does not make and values out of bounds', () => {
    expect(measurementIssues(indicator({ frequency: { kind: 'quarterly' } }), '2026-03', 1).map((i) => i.path)).toEqual([['period']]);
    expect(measurementIssues(indicator({ valueType: 'percentage' }), '2026-03', 101).map((i) => i.path)).toEqual([['value']]);
    expect(measurementIssues(indicator({ valueType: 'scale', minValue: 1, maxValue: 5 }), '2026-03', 0)).toHaveLength(1);
    expect(measurementIssues(indicator({ valueType: 'percentage' }), '2026-03', 87)).toEqual([]);
  });
});
