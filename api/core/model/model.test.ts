import { Indicator, Frequency } from './index';

describe('model', () => {
  it('refuses a range indicator without an upper bound, naming the field', () => {
    const r = Indicator.safeParse({
      id: 'i1', revision: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
      goalId: 'g1', name: 'Ventetid', unitOfMeasure: 'dage', direction: 'range', target: 5,
      frequency: { kind: 'monthly' }, measureType: 'result',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['targetMax']);
  });
  it('refuses repeated months in a chosen-months frequency', () => {
    expect(Frequency.safeParse({ kind: 'months', months: [3, 3] }).success).toBe(false);
    expect(Frequency.safeParse({ kind: 'months', months: [3, 6, 9, 12] }).success).toBe(true);
  });
});
