import type { TypedDocumentInput } from '../../api/core/transfer';

/**
 * A Swedish municipality whose approved agreement carries every character a document must keep exactly —
 * æ ø å ä ö, §, &, en dashes, quotes and markup-looking text — with key figures, a budget in öre, indicators with a
 * target as written and one made from the comparator, measurements, and signatures of two versions.
 */
export function documentFixture(prefix = 'dokby'): TypedDocumentInput {
  const agr = `${prefix}-enhet-2026`;
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 2,
    municipalityId: prefix,
    people: [
      { id: `${prefix}-chef`, displayName: 'Åsa Öberg', locale: 'sv' },
      { id: `${prefix}-ledare`, displayName: 'Jörgen Ærø-Sørensen', locale: 'sv' },
      { id: `${prefix}-medarbetare`, displayName: 'Märta Medarbetare', locale: 'sv' },
      { id: `${prefix}-kvalitet`, displayName: 'Kajsa Kvalitet', locale: 'sv' },
    ],
    units: [
      {
        id: prefix,
        parentId: null,
        kind: 'municipality',
        name: 'Dokåkers kommun',
        leaderIds: [],
        approverId: null,
        memberIds: [],
        qualityOfficeIds: [`${prefix}-kvalitet`],
      },
      {
        id: `${prefix}-enhet`,
        parentId: prefix,
        kind: 'unit',
        name: 'Äldreomsorg & hemtjänst – Öst',
        description: 'Enheten ansvarar för hemtjänst enligt 4 kap. 1 § SoL & LSS – "trygghet i vardagen".',
        leaderIds: [`${prefix}-ledare`],
        approverId: `${prefix}-chef`,
        memberIds: [`${prefix}-medarbetare`],
      },
    ],
    goalLevels: [{ id: `${prefix}-level-1`, municipalityId: prefix, rank: 1, name: { sv: 'Resultatmål (enhet)' } }],
    agreements: [
      {
        id: agr,
        unitId: `${prefix}-enhet`,
        year: 2026,
        title: 'Verksamhetsplan 2026 – Äldreomsorg & hemtjänst (§ 12)',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        status: 'in_effect',
        version: 2,
        parties: [
          { role: 'leader', name: 'Jörgen Ærø-Sørensen', personId: `${prefix}-ledare`, title: 'Enhetschef' },
          { role: 'chief', name: 'Åsa Öberg', personId: `${prefix}-chef`, title: 'Förvaltningschef' },
          { role: 'board_chair', name: 'Øjvind Ås', title: 'Ordförande i brukarrådet' },
        ],
        signatures: [
          { role: 'leader', name: 'Jörgen Ærø-Sørensen', personId: `${prefix}-ledare`, signedAt: '2026-01-10T09:15:00+01:00', version: 1 },
          { role: 'chief', name: 'Åsa Öberg', personId: `${prefix}-chef`, signedAt: '2026-01-12T14:05:00+01:00', version: 1 },
          { role: 'leader', name: 'Jörgen Ærø-Sørensen', personId: `${prefix}-ledare`, signedAt: '2026-03-02T10:30:00+01:00', version: 2 },
        ],
        budget: {
          amount: 21848850.5,
          currency: 'SEK',
          label: 'Budgetram 2026 (nettokostnad)',
          note: 'Inklusive 1,5 mnkr för § 7-insatser & kompetensutveckling.',
        },
        missionVision: [{ owner: 'Äldrenämnden', mission: 'Trygg äldreomsorg – för alla.', vision: 'Självständighet & delaktighet hela livet.' }],
        keyFigures: [
          {
            label: 'Antal brukare',
            unit: 'personer',
            values: [
              { year: 2024, value: 1234 },
              { year: 2025, value: 1310.5 },
            ],
          },
          { label: 'Kostnad per brukare', unit: 'kr', values: [{ year: 2025, value: 168400 }] },
        ],
        sections: [
          {
            key: 'uppdrag',
            title: '1. Uppdrag & ansvar',
            body: 'Enligt § 3 ska nämnden – i samråd med brukarrådet – följa upp målen.\n\nAndra stycket: <b>inte fetstil</b> & "citat".',
            sortOrder: 1,
          },
        ],
      },
    ],
    goals: [
      {
        id: `${prefix}-goal-1`,
        unitId: `${prefix}-enhet`,
        agreementId: agr,
        levelId: `${prefix}-level-1`,
        year: 2026,
        number: '1',
        title: 'Brukarna upplever ökad trygghet & delaktighet',
        origin: 'own',
        kind: 'effect',
      },
      {
        id: `${prefix}-goal-2`,
        unitId: `${prefix}-enhet`,
        agreementId: agr,
        levelId: `${prefix}-level-1`,
        year: 2026,
        number: '2',
        title: 'Väntetiden på beslut – kortare än 14 dagar',
        origin: 'own',
        kind: 'result',
      },
    ],
    actions: [
      { id: `${prefix}-action-1`, goalId: `${prefix}-goal-1`, text: 'Kontaktmannaskap införs på alla grupper (§ 5 & § 6)' },
      { id: `${prefix}-action-2`, goalId: `${prefix}-goal-1`, text: 'Brukarråd fyra gånger per år – mars, juni, september, december' },
      { id: `${prefix}-action-3`, goalId: `${prefix}-goal-2`, text: 'Handläggningsrutin ses över i Q1–Q2' },
    ],
    successCriteria: [
      { id: `${prefix}-criterion-1`, goalId: `${prefix}-goal-1`, text: 'Minst 85 % av brukarna är nöjda – mätt i brukarenkäten' },
      { id: `${prefix}-criterion-2`, goalId: `${prefix}-goal-2`, text: 'Högst 14 dagars väntetid & inga överklaganden enligt § 16' },
    ],
    indicators: [
      {
        id: `${prefix}-indicator-1`,
        goalId: `${prefix}-goal-1`,
        name: 'Andel nöjda brukare',
        unitOfMeasure: '%',
        valueType: 'percentage',
        target: 85,
        targetText: 'minst 85 % (”nöjd” & ”mycket nöjd”)',
        direction: 'increase',
        frequency: { kind: 'yearly', month: 11 },
        measureType: 'result',
      },
      {
        id: `${prefix}-indicator-2`,
        goalId: `${prefix}-goal-2`,
        name: 'Väntetid på beslut',
        unitOfMeasure: 'dagar',
        target: 10,
        targetMax: 14,
        direction: 'range',
        frequency: { kind: 'quarterly' },
        measureType: 'performance',
      },
    ],
    measurements: [
      {
        id: `${prefix}-m-1`,
        indicatorId: `${prefix}-indicator-2`,
        period: '2026-Q1',
        value: 16.5,
        enteredBy: `${prefix}-ledare`,
        enteredAt: '2026-04-02T08:00:00+02:00',
        source: 'import',
      },
      {
        id: `${prefix}-m-2`,
        indicatorId: `${prefix}-indicator-2`,
        period: '2026-Q2',
        value: 12,
        enteredBy: `${prefix}-ledare`,
        enteredAt: '2026-07-02T08:00:00+02:00',
        source: 'import',
      },
    ],
    wheelEvents: [],
  } as TypedDocumentInput;
}
