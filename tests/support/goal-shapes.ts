import type { RecordInput, TypedDocumentInput } from '../../api/core/transfer';

/**
 * Goals and indicators as municipalities write them (issue 17, points 4, 5 and 7), in a Swedish municipality that
 * reports on its own fulfilment scale — met / met to a high degree (80–99 % of the target) / not met / not followed
 * up — and groups its goals by the perspectives of a scorecard. Targets as the reports write them: "minst 80 %",
 * "högst 5 %", "at least index 70", a bare "100 %".
 */
export function goalShapes(prefix = 'vallby'): TypedDocumentInput {
  const unit = `${prefix}-omsorg`;
  const agreement = `${unit}-2025`;
  const goal = (n: number, extra: Pick<RecordInput<'goal'>, 'title'> & Partial<RecordInput<'goal'>>): RecordInput<'goal'> => ({
    id: `${prefix}-goal-${n}`,
    unitId: unit,
    agreementId: agreement,
    levelId: `${prefix}-level-2`,
    year: 2025,
    origin: 'own' as const,
    number: String(n),
    ...extra,
  });
  const indicator = (
    n: number,
    goalN: number,
    extra: Pick<RecordInput<'indicator'>, 'name' | 'unitOfMeasure' | 'direction'> & Partial<RecordInput<'indicator'>>,
  ): RecordInput<'indicator'> => ({
    id: `${prefix}-indicator-${n}`,
    goalId: `${prefix}-goal-${goalN}`,
    frequency: { kind: 'yearly' as const, month: 12 },
    measureType: 'result' as const,
    ...extra,
  });
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: prefix,
    people: [
      { id: `${prefix}-chef`, displayName: 'Åsa Enhetschef' },
      { id: `${prefix}-forvaltningschef`, displayName: 'Örjan Förvaltningschef' },
      { id: `${prefix}-kvalitet`, displayName: 'Kerstin Kvalitet' },
      { id: `${prefix}-medarbetare`, displayName: 'Märta Medarbetare' },
    ],
    units: [
      {
        id: prefix,
        parentId: null,
        kind: 'municipality',
        name: 'Vallby kommun',
        leaderIds: [],
        approverId: null,
        memberIds: [],
        qualityOfficeIds: [`${prefix}-kvalitet`],
        fulfilmentScale: [
          { key: 'uppfyllt', name: { sv: 'Uppfyllt', da: 'Opfyldt', en: 'Met' }, meaning: 'achieved', band: { from: 100, to: null } },
          {
            key: 'hog-grad',
            name: { sv: 'Uppfyllt i hög grad', da: 'Opfyldt i høj grad', en: 'Met to a high degree' },
            meaning: 'partly_achieved',
            band: { from: 80, to: 100 },
          },
          { key: 'ej-uppfyllt', name: { sv: 'Ej uppfyllt', da: 'Ikke opfyldt', en: 'Not met' }, meaning: 'not_achieved', band: { from: null, to: 80 } },
          { key: 'ej-uppfoljt', name: { sv: 'Ej uppföljt', da: 'Ikke fulgt op', en: 'Not followed up' }, meaning: 'not_followed_up' },
        ],
        goalGroups: [
          { key: 'medborgare', name: { sv: 'Medborgare', da: 'Borgere', en: 'Citizens' } },
          { key: 'medarbetare', name: { sv: 'Medarbetare', da: 'Medarbejdere', en: 'Employees' }, description: { sv: 'Attraktiv arbetsgivare' } },
          { key: 'ekonomi', name: { sv: 'Ekonomi', da: 'Økonomi', en: 'Economy' } },
        ],
      },
      {
        id: unit,
        parentId: prefix,
        kind: 'unit',
        name: 'Vallby hemtjänst – "Norr" & <Söder>',
        leaderIds: [`${prefix}-chef`],
        approverId: `${prefix}-forvaltningschef`,
        memberIds: [`${prefix}-medarbetare`],
      },
    ],
    goalLevels: [
      { id: `${prefix}-level-1`, municipalityId: prefix, rank: 1, name: { sv: 'Inriktningsmål' } },
      { id: `${prefix}-level-2`, municipalityId: prefix, rank: 2, name: { sv: 'Resultatmål (enhet)' } },
    ],
    agreements: [
      {
        id: agreement,
        unitId: unit,
        year: 2025,
        title: 'Verksamhetsplan 2025 för Vallby hemtjänst',
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        status: 'in_effect',
      },
    ],
    goals: [
      // In the order the document lists them; the view groups them by perspective.
      goal(1, {
        title: 'Brukarna är nöjda med hemtjänsten',
        description: 'Brukarna ska uppleva att de får rätt stöd i rätt tid.\n\n– ”Kontinuitet” är viktigast: **inte** fler än 12 personal/14 dagar.',
        groupKey: 'medborgare',
        status: 'hog-grad',
      }),
      goal(2, { title: 'Budget i balans', groupKey: 'ekonomi', status: 'ej-uppfoljt' }),
      // A goal whose document gives no state: it keeps none (never "not started").
      goal(3, { title: 'Låg sjukfrånvaro', groupKey: 'medarbetare' }),
      goal(4, { title: 'Ett mål utan perspektiv', status: 'uppfyllt' }),
    ],
    indicators: [
      indicator(1, 1, {
        name: 'Andel nöjda brukare',
        unitOfMeasure: '%',
        valueType: 'percentage',
        target: 80,
        direction: 'increase',
        targetText: 'minst 80 %',
      }),
      indicator(2, 3, { name: 'Sjukfrånvaro', unitOfMeasure: '%', valueType: 'percentage', target: 5, direction: 'decrease', targetText: 'högst 5 %' }),
      indicator(3, 1, { name: 'Nöjd-Kund-Index', unitOfMeasure: 'index', target: 70, direction: 'increase', targetText: 'at least index 70' }),
      indicator(4, 2, { name: 'Budgetföljsamhet', unitOfMeasure: '%', valueType: 'percentage', target: 100, direction: 'keep', targetText: '100 %' }),
      // No wording in the document: the written form is made from comparator, number and unit.
      indicator(5, 4, { name: 'Hembesök per vecka', unitOfMeasure: 'besök', target: 10, targetMax: 20, direction: 'range' }),
    ],
    measurements: [
      // 72 of at least 80: 90 % of the target, "to a high degree".
      {
        id: `${prefix}-m-1`,
        indicatorId: `${prefix}-indicator-1`,
        period: '2025',
        value: 72,
        enteredBy: `${prefix}-chef`,
        enteredAt: '2025-12-31T12:00:00+01:00',
        source: 'import',
      },
      // 4 of at most 5: met.
      {
        id: `${prefix}-m-2`,
        indicatorId: `${prefix}-indicator-2`,
        period: '2025',
        value: 4,
        enteredBy: `${prefix}-chef`,
        enteredAt: '2025-12-31T12:00:00+01:00',
        source: 'import',
      },
      // 50 of at least 70: 71 %, not met.
      {
        id: `${prefix}-m-3`,
        indicatorId: `${prefix}-indicator-3`,
        period: '2025',
        value: 50,
        enteredBy: `${prefix}-chef`,
        enteredAt: '2025-12-31T12:00:00+01:00',
        source: 'import',
      },
    ],
    // The wheel as written: parts of months, a range across months, a signing deadline; listed out of order.
    wheelEvents: [
      {
        id: `${prefix}-wheel-arsredovisning`,
        unitId: prefix,
        year: 2025,
        date: null,
        month: 3,
        title: { sv: 'Årsredovisning' },
        kind: 'report',
      },
      {
        id: `${prefix}-wheel-budgetdialog`,
        unitId: prefix,
        year: 2025,
        date: null,
        month: 3,
        part: 'medio',
        until: { month: 5, part: 'primo', date: null },
        whenText: 'mitten av mars–början av maj',
        title: { sv: 'Budgetdialog', da: 'Budgetdialog' },
        kind: 'dialogue_meeting',
        audience: ['leaders'],
        reminderOffsetsDays: [7],
      },
      {
        id: `${prefix}-wheel-underskrift`,
        unitId: prefix,
        year: 2025,
        date: null,
        month: 1,
        part: 'ultimo',
        title: { sv: 'Verksamhetsplanen undertecknas' },
        kind: 'signing_deadline',
        audience: ['leaders', 'chiefs'],
      },
      { id: `${prefix}-wheel-delar`, unitId: prefix, year: 2025, date: '2025-03-05', month: 3, title: { sv: 'Delårsrapport' }, kind: 'report' },
    ],
  };
}
