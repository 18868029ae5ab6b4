import type { TypedDocumentInput } from '../api/core/transfer';
import { smallMunicipality } from '../tests/support/mother';

/**
 * Test data for the bot: the small test municipality with its agreement in effect (so its quarterly
 * percentage indicator is being reported), a second unit whose agreement waits for the chief's approval,
 * a draft for the leader to submit, and a 1–5 scale indicator.
 */
export const BOT_NOW = new Date('2026-07-05T10:00:00+02:00');

export function botMunicipality(): TypedDocumentInput {
  const doc = smallMunicipality('testby');
  return {
    ...doc,
    people: [...doc.people!, { id: 'testby-leder-2', displayName: 'Lars Leder' }],
    units: [
      ...doc.units!,
      {
        id: 'testby-dagtilbud',
        parentId: 'testby',
        kind: 'unit',
        name: 'Dagtilbud Nord',
        leaderIds: ['testby-leder-2'],
        approverId: 'testby-chef',
        memberIds: [],
      },
      { id: 'testby-bibliotek', parentId: 'testby', kind: 'unit', name: 'Biblioteket', leaderIds: ['testby-leder'], approverId: 'testby-chef', memberIds: [] },
    ],
    agreements: [
      { ...doc.agreements![0]!, status: 'in_effect' },
      {
        id: 'testby-dagtilbud-2027',
        unitId: 'testby-dagtilbud',
        year: 2027,
        title: 'Kvalitetsaftale 2027 for Dagtilbud Nord',
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        status: 'submitted',
        version: 2,
        budget: { amount: 21848850, currency: 'DKK' },
      },
      {
        id: 'testby-bibliotek-2027',
        unitId: 'testby-bibliotek',
        year: 2027,
        title: 'Kvalitetsaftale 2027 for Biblioteket',
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
      },
    ],
    goals: [
      ...doc.goals!,
      {
        id: 'testby-dagtilbud-goal-1',
        unitId: 'testby-dagtilbud',
        agreementId: 'testby-dagtilbud-2027',
        levelId: 'testby-level-2',
        year: 2027,
        title: 'Alle børn trives',
        origin: 'own',
      },
      {
        id: 'testby-dagtilbud-goal-2',
        unitId: 'testby-dagtilbud',
        agreementId: 'testby-dagtilbud-2027',
        levelId: 'testby-level-2',
        year: 2027,
        title: 'Sprog for alle',
        origin: 'own',
      },
    ],
    indicators: [
      ...doc.indicators!,
      {
        id: 'testby-indicator-scale',
        goalId: 'testby-goal-1',
        name: 'Trivsel i klassen',
        unitOfMeasure: 'point',
        valueType: 'scale',
        minValue: 1,
        maxValue: 5,
        target: 4,
        direction: 'increase',
        frequency: { kind: 'yearly', month: 6 },
        measureType: 'result',
        ownerId: 'testby-medarbejder',
        sortOrder: 2,
      },
    ],
  };
}
