import type { TypedDocumentInput } from '../../api/core/transfer';

/**
 * Agreements as municipalities write them (issue 17), one of each shape, in a municipality that requires four
 * signing parties (Assens: board chair, leader, works council deputy; and the chief):
 *
 * - `shapes-styring-2024`: a styringsaftale over four years, 2024–2027, followed up every year; in effect with two of
 *   its four signing parties signed; the board chair and the works council deputy are offices without a name (their
 *   holders are known persons, who sign in the office's role); a quality consultant owns the
 *   follow-up by delegation and signs nothing; approved by the committee before the period starts, as written.
 * - `shapes-dagtilbud-2025`: open-ended ("gældende fra 1. januar 2025"), approved.
 *
 * Every agreement names its source. Texts carry Danish letters and the characters a document may hold.
 */
export const SHAPES = 'shapes';
export const MULTI_YEAR = 'shapes-styring-2024';
export const OPEN_ENDED = 'shapes-dagtilbud-2025';

export function agreementShapes(): TypedDocumentInput {
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 2,
    municipalityId: SHAPES,
    people: [
      { id: 'shapes-leder', displayName: 'Lone Leder' },
      { id: 'shapes-chef', displayName: 'Carl Chef' },
      { id: 'shapes-konsulent', displayName: 'Lise Holm', jobTitle: 'Kvalitetskonsulent' },
      { id: 'shapes-kvalitet', displayName: 'Karen Kvalitet' },
      { id: 'shapes-dagleder', displayName: 'Dorte Dagtilbud' },
      // The holders of two offices the agreement names without a name: they sign in the office's role.
      { id: 'shapes-formand', displayName: 'Frede Formand' },
      { id: 'shapes-med', displayName: 'Mona MED' },
    ],
    units: [
      {
        id: SHAPES,
        parentId: null,
        kind: 'municipality',
        name: 'Formby Kommune',
        leaderIds: [],
        approverId: null,
        memberIds: [],
        qualityOfficeIds: ['shapes-kvalitet'],
        signingRoles: ['leader', 'chief', 'board_chair', 'works_council_deputy'],
      },
      {
        id: 'shapes-skole',
        parentId: SHAPES,
        kind: 'unit',
        name: 'Skoleområdet',
        leaderIds: ['shapes-leder'],
        approverId: 'shapes-chef',
        memberIds: [],
      },
      {
        id: 'shapes-dagtilbud',
        parentId: SHAPES,
        kind: 'unit',
        name: 'Dagtilbud Solsikken',
        leaderIds: ['shapes-dagleder'],
        approverId: 'shapes-chef',
        memberIds: [],
      },
    ],
    goalLevels: [{ id: 'shapes-level', municipalityId: SHAPES, rank: 1, name: { da: 'Mål', en: 'Goal' } }],
    agreements: [
      {
        id: MULTI_YEAR,
        unitId: 'shapes-skole',
        year: 2024,
        title: 'Styringsaftale 2024–2027 for Skoleområdet',
        periodStart: '2024-01-01',
        periodEnd: '2027-12-31',
        periodText: 'Aftaleperioden er 2024–2027 med årlig opfølgning',
        lastYear: 2027,
        status: 'in_effect',
        parties: [
          { role: 'leader', name: 'Lone Leder', personId: 'shapes-leder', title: 'Skolechef' },
          { role: 'chief', name: 'Carl Chef', personId: 'shapes-chef', title: 'Direktør for Børn & Unge' },
          { role: 'board_chair', title: 'Formanden for skolebestyrelsernes fællesråd', personId: 'shapes-formand' },
          { role: 'works_council_deputy', title: 'Næstformand i område-MED', personId: 'shapes-med' },
          { role: 'other', name: 'Lise Holm', personId: 'shapes-konsulent', title: 'Kvalitetskonsulent', signs: false, followsUp: true },
        ],
        signatures: [
          { role: 'leader', name: 'Lone Leder', personId: 'shapes-leder', signedAt: '2023-12-18T10:00:00+01:00', version: 1 },
          { role: 'chief', name: 'Carl Chef', personId: 'shapes-chef', signedAt: '2023-12-19T10:00:00+01:00', version: 1 },
        ],
        approvalLine: { text: 'Godkendt i Børne- og Skoleudvalget den 12. december 2023 (sag 17/4711) – "enstemmigt"', date: '2023-12-12' },
        budget: { amount: 412500000.5, currency: 'DKK', label: 'Ramme for 2024 <b>inkl.</b> puljer' },
        source: 'Formby Kommune: "Styringsaftale 2024–2027 for Skoleområdet", https://formby.example.dk/styringsaftale.pdf (side 1–12)',
      },
      {
        id: OPEN_ENDED,
        unitId: 'shapes-dagtilbud',
        year: 2025,
        title: 'Udviklingsaftale for Dagtilbud Solsikken',
        periodStart: '2025-01-01',
        periodEnd: null,
        periodText: 'Aftalen er gældende fra 1. januar 2025',
        status: 'approved',
        parties: [
          { role: 'leader', name: 'Dorte Dagtilbud', personId: 'shapes-dagleder' },
          { role: 'chief', title: 'Dagtilbudschefen' },
        ],
        source: 'Formby Kommune, udviklingsaftale for Solsikken (intranet, 2025)',
      },
    ],
    goals: [
      {
        id: 'shapes-goal-1',
        unitId: 'shapes-skole',
        agreementId: MULTI_YEAR,
        levelId: 'shapes-level',
        year: 2024,
        title: 'Alle elever bliver så dygtige, de kan',
        origin: 'own',
        schema: { results: 'Resultater for 2024: 78 % læser alderssvarende.' },
      },
      { id: 'shapes-goal-2', unitId: 'shapes-dagtilbud', agreementId: OPEN_ENDED, levelId: 'shapes-level', year: 2025, title: 'Leg og læring', origin: 'own' },
    ],
    indicators: [
      {
        id: 'shapes-indicator-1',
        goalId: 'shapes-goal-1',
        name: 'Andel elever der læser alderssvarende',
        unitOfMeasure: '%',
        valueType: 'percentage',
        target: 80,
        direction: 'increase',
        frequency: { kind: 'quarterly' },
        measureType: 'result',
      },
    ],
  };
}
