import type { TypedDocumentInput } from '../../api/core/transfer';

/**
 * Handby: a small municipality written out by hand for the roll-up tests (tests/dashboard.test.ts,
 * tests/indicators-for-everyone.test.ts) and the dashboard's run in Chromium. Every figure the dashboards
 * should show is worked out from it in the comments below, from the domain's rules, not by the code under test.
 *
 * The day asked is 5 December 2026 (HANDBY_NOW), with the default 10 grace days: a period is due from the day it
 * ends until ten days later, late after that; a period not yet ended is not counted.
 *
 *   Handby Kommune (municipality)                         no agreement
 *   ├─ Børn og Unge (administration)  handby-bu-2026       in effect   A1 on track (no indicators)
 *   │  └─ Dagtilbud Nord (area)                            no agreement
 *   │     ├─ Solsikken (unit)         handby-u1-2026       in effect   G1 on track, I1 meets its target
 *   │     │                                                            G2 on track, I2 misses its target → off track
 *   │     │                                                            G3 achieved
 *   │     └─ Mælkebøtten (unit)       handby-u2-2026       DRAFT       G4 at risk, I4 without a target
 *   └─ Ældre og Sundhed (administration)                  no agreement
 *      └─ Plejecenter Egely (unit)    handby-u3-2026       approved    G5 not started, I3 nothing reported
 *                                                                      G6 cancelled
 *
 * Indicators and their values:
 *   I1 "Trivsel blandt børn" (Solsikken), % at least 90, quarterly: Q1 92, Q2 94, Q3 95 → latest 95 ≥ 90: on track.
 *      Q4 ends 31 December: not yet counted. Nothing due, nothing late.
 *   I2 "Sygefravær" (Solsikken), % at most 5, monthly: January–August 4.5, September 6.2 → latest 6.2 > 5: off track.
 *      October ended 31 October, grace to 10 November: late (1). November ended 30 November, grace to 10 December:
 *      due (1). December not yet ended.
 *   I3 "trivsel  blandt Børn" (Egely; the same indicator as I1 written another way), % at least 85, quarterly, nothing
 *      reported → no data. Q1, Q2, Q3 late (3); Q4 not yet ended.
 *   I4 "Trivsel blandt børn" (Mælkebøtten's draft), no target, yearly in June: 2026 = 88 → no target. Nothing unreported.
 *
 * Goals by fulfilment (at risk when marked so; off track when marked so or when an indicator misses its target; else
 * what its status means — achieved, cancelled, … — except that a goal not started whose indicator meets its target is
 * on track). Off track and at risk together are what the overview counts as off track:
 *   A1 on track, G1 on track, G2 off track (I2), G3 achieved, G4 at risk, G5 not started, G6 cancelled.
 *
 * The red thread: A1 and G5, G6 name the council's vision V as their parent; G1, G2, G3 and G4 name A1.
 *   Below V: A1, G1, G2, G3, G4, G5, G6 — on track 2 (A1, G1), off track 1 (G2), at risk 1 (G4), achieved 1 (G3),
 *   not started 1 (G5), cancelled 1 (G6). Below A1: G1, G2, G3, G4 — on track 1, off track 1, at risk 1, achieved 1.
 *   Without Mælkebøtten's draft (everyone but its unit, its chief and the quality office): below V on track 2,
 *   off track 1, achieved 1, not started 1, cancelled 1; below A1 on track 1, off track 1, achieved 1.
 *
 * Naboby, another municipality in the same tenant, has a published agreement with an indicator of the same name
 * ("Trivsel blandt børn"): it belongs to Naboby's comparisons, never to Handby's.
 */
export const HANDBY_NOW = () => new Date('2026-12-05T12:00:00Z');

export const HANDBY = {
  quality: 'handby-kvalitet',
  /** Approver of Børn og Unge: the chief of it and everything below it. */
  chief: 'handby-direktor',
  /** Approver of Ældre og Sundhed. */
  elderChief: 'handby-chef-ae',
  u1Leader: 'handby-u1-leder',
  u1Staff: 'handby-u1-medarbejder',
  u2Staff: 'handby-u2-medarbejder',
  /** Signed in to the tenant, with no role anywhere. */
  reader: 'someone-in-the-tenant',
  nabobyStaff: 'naboby-medarbejder',
};

const PERIOD = { year: 2026, periodStart: '2026-01-01', periodEnd: '2026-12-31' };
const measured = (id: string, indicatorId: string, period: string, value: number) => ({
  id,
  indicatorId,
  period,
  value,
  enteredBy: 'handby-u1-leder',
  enteredAt: '2026-11-01T08:00:00Z',
  source: 'tab' as const,
});

export function handby(): TypedDocumentInput {
  const unit = (id: string, parentId: string | null, kind: 'municipality' | 'administration' | 'area' | 'unit', name: string, extra: object = {}) => ({
    id,
    parentId,
    kind,
    name,
    leaderIds: [] as string[],
    approverId: null as string | null,
    memberIds: [] as string[],
    ...extra,
  });
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: 'handby',
    people: [
      { id: 'handby-kvalitet', displayName: 'Karen Kvalitet' },
      { id: 'handby-direktor', displayName: 'Dorte Direktør' },
      { id: 'handby-chef-ae', displayName: 'Erik Ældrechef' },
      { id: 'handby-bu-leder', displayName: 'Bente Forvaltningsleder' },
      { id: 'handby-u1-leder', displayName: 'Sara Solsikke' },
      { id: 'handby-u1-medarbejder', displayName: 'Mads Medarbejder' },
      { id: 'handby-u2-leder', displayName: 'Mette Mælkebøtte' },
      { id: 'handby-u2-medarbejder', displayName: 'Malene Medarbejder' },
      { id: 'handby-u3-leder', displayName: 'Egon Egely' },
    ],
    units: [
      unit('handby', null, 'municipality', 'Handby Kommune', { qualityOfficeIds: ['handby-kvalitet'] }),
      unit('handby-bu', 'handby', 'administration', 'Børn og Unge', { leaderIds: ['handby-bu-leder'], approverId: 'handby-direktor' }),
      unit('handby-nord', 'handby-bu', 'area', 'Dagtilbud Nord'),
      unit('handby-u1', 'handby-nord', 'unit', 'Solsikken', { leaderIds: ['handby-u1-leder'], memberIds: ['handby-u1-medarbejder'] }),
      unit('handby-u2', 'handby-nord', 'unit', 'Mælkebøtten', { leaderIds: ['handby-u2-leder'], memberIds: ['handby-u2-medarbejder'] }),
      unit('handby-ae', 'handby', 'administration', 'Ældre og Sundhed', { approverId: 'handby-chef-ae' }),
      unit('handby-u3', 'handby-ae', 'unit', 'Plejecenter Egely', { leaderIds: ['handby-u3-leder'] }),
    ],
    goalLevels: [
      { id: 'handby-vision', municipalityId: 'handby', rank: 1, name: { da: 'Vision', sv: 'Vision', en: 'Vision' } },
      { id: 'handby-forvaltningsmaal', municipalityId: 'handby', rank: 2, name: { da: 'Forvaltningsmål', sv: 'Förvaltningsmål', en: 'Administration goal' } },
      { id: 'handby-enhedsmaal', municipalityId: 'handby', rank: 3, name: { da: 'Enhedsmål', sv: 'Enhetsmål', en: 'Unit goal' } },
    ],
    agreements: [
      { id: 'handby-bu-2026', unitId: 'handby-bu', title: 'Aftale 2026 for Børn og Unge', status: 'in_effect', ...PERIOD },
      { id: 'handby-u1-2026', unitId: 'handby-u1', title: 'Kvalitetsaftale 2026 for Solsikken', status: 'in_effect', ...PERIOD },
      { id: 'handby-u2-2026', unitId: 'handby-u2', title: 'Kvalitetsaftale 2026 for Mælkebøtten', status: 'draft', ...PERIOD },
      { id: 'handby-u3-2026', unitId: 'handby-u3', title: 'Kvalitetsaftale 2026 for Plejecenter Egely', status: 'approved', ...PERIOD },
    ],
    goals: [
      { id: 'handby-v', unitId: 'handby', agreementId: null, levelId: 'handby-vision', year: null, title: 'Et godt liv hele livet', origin: 'own' },
      goal('handby-a1', 'handby-bu', 'handby-forvaltningsmaal', 'Alle børn trives', 'on_track', ['handby-v']),
      goal('handby-g1', 'handby-u1', 'handby-enhedsmaal', 'Børnene trives i hverdagen', 'on_track', ['handby-a1']),
      goal('handby-g2', 'handby-u1', 'handby-enhedsmaal', 'Et sundt arbejdsmiljø', 'on_track', ['handby-a1']),
      goal('handby-g3', 'handby-u1', 'handby-enhedsmaal', 'Ny legeplads', 'achieved', ['handby-a1']),
      goal('handby-g4', 'handby-u2', 'handby-enhedsmaal', 'Mere udeliv', 'at_risk', ['handby-a1']),
      goal('handby-g5', 'handby-u3', 'handby-enhedsmaal', 'Beboerne trives', 'not_started', ['handby-v']),
      goal('handby-g6', 'handby-u3', 'handby-enhedsmaal', 'Nyt køkken', 'cancelled', ['handby-v']),
    ],
    indicators: [
      indicator('handby-i1', 'handby-g1', 'Trivsel blandt børn', { direction: 'increase', target: 90, frequency: { kind: 'quarterly' } }),
      indicator('handby-i2', 'handby-g2', 'Sygefravær', { direction: 'decrease', target: 5, frequency: { kind: 'monthly' } }),
      indicator('handby-i3', 'handby-g5', 'trivsel  blandt Børn', { direction: 'increase', target: 85, frequency: { kind: 'quarterly' } }),
      indicator('handby-i4', 'handby-g4', 'Trivsel blandt børn', { direction: 'increase', target: null, frequency: { kind: 'yearly', month: 6 } }),
    ],
    measurements: [
      measured('handby-m1-q1', 'handby-i1', '2026-Q1', 92),
      measured('handby-m1-q2', 'handby-i1', '2026-Q2', 94),
      measured('handby-m1-q3', 'handby-i1', '2026-Q3', 95),
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((m) => measured(`handby-m2-${m}`, 'handby-i2', `2026-${m}`, 4.5)),
      measured('handby-m2-09', 'handby-i2', '2026-09', 6.2),
      measured('handby-m4', 'handby-i4', '2026', 88),
    ],
  };
}

function goal(id: string, unitId: string, levelId: string, title: string, status: string, parentGoalIds: string[]) {
  return { id, unitId, agreementId: `${unitId}-2026`, levelId, year: 2026, title, origin: 'own' as const, status, parentGoalIds };
}

function indicator(id: string, goalId: string, name: string, o: { direction: 'increase' | 'decrease'; target: number | null; frequency: object }) {
  return {
    id,
    goalId,
    name,
    unitOfMeasure: '%',
    valueType: 'percentage' as const,
    direction: o.direction,
    target: o.target,
    frequency: o.frequency as { kind: 'quarterly' },
    measureType: 'result' as const,
  };
}

/** Naboby: another municipality in the same tenant, with a published agreement holding an indicator named as Handby's I1. */
export function naboby(): TypedDocumentInput {
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: 'naboby',
    people: [
      { id: 'naboby-leder', displayName: 'Nina Nabo' },
      { id: 'naboby-medarbejder', displayName: 'Niels Nabo' },
    ],
    units: [
      { id: 'naboby', parentId: null, kind: 'municipality', name: 'Naboby Kommune', leaderIds: [], approverId: null, memberIds: [] },
      {
        id: 'naboby-u1',
        parentId: 'naboby',
        kind: 'unit',
        name: 'Nabohuset',
        leaderIds: ['naboby-leder'],
        approverId: null,
        memberIds: ['naboby-medarbejder'],
      },
    ],
    goalLevels: [{ id: 'naboby-level', municipalityId: 'naboby', rank: 1, name: { da: 'Mål' } }],
    agreements: [{ id: 'naboby-u1-2026', unitId: 'naboby-u1', title: 'Aftale 2026 for Nabohuset', status: 'in_effect', ...PERIOD }],
    goals: [{ id: 'naboby-g1', unitId: 'naboby-u1', agreementId: 'naboby-u1-2026', levelId: 'naboby-level', year: 2026, title: 'Børn trives', origin: 'own' }],
    indicators: [indicator('naboby-i1', 'naboby-g1', 'Trivsel blandt børn', { direction: 'increase', target: 80, frequency: { kind: 'quarterly' } })],
    measurements: [{ ...measured('naboby-m1', 'naboby-i1', '2026-Q3', 70), enteredBy: 'naboby-leder' }],
  };
}
