import type { TypedDocumentInput } from '../../api/core/transfer';

/** A municipality with `units` units under one administration, each with an agreement, goals, indicators and measurements. */
export function bigMunicipality(prefix: string, units: number, year = 2026): TypedDocumentInput {
  const doc: Required<Pick<TypedDocumentInput, 'people' | 'units' | 'goalLevels' | 'agreements' | 'goals' | 'indicators' | 'measurements'>> &
    TypedDocumentInput = {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: prefix,
    people: [{ id: `${prefix}-chef`, displayName: 'Chef' }],
    units: [
      {
        id: prefix,
        parentId: null,
        kind: 'municipality',
        name: 'Storby Kommune',
        leaderIds: [],
        approverId: null,
        memberIds: [],
        qualityOfficeIds: [`${prefix}-chef`],
      },
      { id: `${prefix}-adm`, parentId: prefix, kind: 'administration', name: 'Børn og Unge', leaderIds: [`${prefix}-chef`], approverId: null, memberIds: [] },
    ],
    goalLevels: [{ id: `${prefix}-level`, municipalityId: prefix, rank: 1, name: { da: 'Resultatmål' } }],
    agreements: [],
    goals: [],
    indicators: [],
    measurements: [],
  };
  for (let u = 0; u < units; u++) {
    const unit = `${prefix}-u${u}`;
    doc.units.push({ id: unit, parentId: `${prefix}-adm`, kind: 'unit', name: `Institution ${u}`, leaderIds: [], approverId: `${prefix}-chef`, memberIds: [] });
    const agreement = `${unit}-${year}`;
    doc.agreements.push({ id: agreement, unitId: unit, year, title: `Aftale ${u}`, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` });
    for (let g = 0; g < 2; g++) {
      const goal = `${agreement}-g${g}`;
      doc.goals.push({ id: goal, unitId: unit, agreementId: agreement, levelId: `${prefix}-level`, year, title: `Mål ${g}`, origin: 'own' });
      const indicator = `${goal}-i`;
      doc.indicators.push({
        id: indicator,
        goalId: goal,
        name: 'Tilfredshed',
        unitOfMeasure: '%',
        valueType: 'percentage',
        target: 80,
        direction: 'increase',
        frequency: { kind: 'quarterly' },
        measureType: 'result',
      });
      doc.measurements.push({
        id: `${indicator}-q1`,
        indicatorId: indicator,
        period: `${year}-Q1`,
        value: 70 + (u % 20),
        enteredBy: `${prefix}-chef`,
        enteredAt: `${year}-04-02T09:00:00+02:00`,
        source: 'import',
      });
    }
  }
  return doc;
}
