import { defOf, ENTITIES, ENTITY_KINDS } from '../entities';
import { Indicator, Frequency } from './index';

describe('model', () => {
  it('refuses a range indicator without an upper bound, naming the field', () => {
    const r = Indicator.safeParse({
      id: 'i1',
      revision: 1,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      goalId: 'g1',
      name: 'Ventetid',
      unitOfMeasure: 'dage',
      direction: 'range',
      target: 5,
      frequency: { kind: 'monthly' },
      measureType: 'result',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['targetMax']);
  });
  it('refuses repeated months in a chosen-months frequency', () => {
    expect(Frequency.safeParse({ kind: 'months', months: [3, 3] }).success).toBe(false);
    expect(Frequency.safeParse({ kind: 'months', months: [3, 6, 9, 12] }).success).toBe(true);
  });
});

describe('the entity table', () => {
  it('indexes every field a delete cascades or checks through, so every store can filter on it', () => {
    for (const kind of ENTITY_KINDS)
      for (const link of [...defOf(kind).cascade, ...defOf(kind).restrict])
        expect({ kind: link.kind, field: link.field, indexed: (ENTITIES[link.kind].indexed as readonly string[]).includes(link.field) }).toEqual({
          kind: link.kind,
          field: link.field,
          indexed: true,
        });
  });
});
