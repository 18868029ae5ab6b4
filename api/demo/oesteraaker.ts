/**
 * Österåkers kommun: the model for mål- och resultatstyrning and its kommunövergripande årshjul (seed 003, Bilaga 1).
 * The source gives no year for the wheel (it speaks of "År 1, rör år 0" etc.); the events are laid out for 2026.
 */
import type { RecordInput, TypedDocumentInput } from '../core/transfer';
import { demoQualityOffice, demoStaff } from './build';

const M = 'oesteraaker';
const KSK = 'oesteraaker-kommunstyrelsekontoret';
const UNIT = 'oesteraaker-budget-och-kvalitetsenheten';
const DIRECTOR = 'oesteraaker-jhn-olof-friman';
const KHOBAN = 'oesteraaker-mohammed-khoban';
const YEAR = 2026;

const WHEEL_NOTE = {
  sv: 'Månaden är tolkad ur årshjulsbilden (Bilaga 1, kommunövergripande årshjul); bildens placering framgår inte entydigt av textutdraget.',
  en: 'Month read from the wheel diagram (appendix 1); the text extraction of the diagram does not fix the placement unambiguously.',
};

type Ev = RecordInput<'wheelEvent'>;

function ev(id: string, month: number, sv: string, en: string, kind: Ev['kind'], audience: Ev['audience'], extra: Partial<Ev> = {}): Ev {
  return {
    id: `oesteraaker-${YEAR}-${id}`,
    unitId: M,
    year: YEAR,
    month,
    title: { sv, en },
    kind,
    audience,
    reminderOffsetsDays: [14, 3],
    description: WHEEL_NOTE,
    ...extra,
  };
}

const MONTHLY_FOLLOW_UPS: [number, string, string][] = [
  [2, 'februari', 'February'],
  [3, 'mars', 'March'],
  [4, 'april', 'April'],
  [5, 'maj', 'May'],
  [6, 'juni', 'June'],
  [9, 'september', 'September'],
  [10, 'oktober', 'October'],
  [11, 'november', 'November'],
];

export const oesteraaker: TypedDocumentInput = {
  format: 'kvalitetsaftaler/organisation',
  formatVersion: 2,
  municipalityId: M,
  source:
    'Seed 003_2a7a6a074b003db3.txt: Tjänsteutlåtande 2017-04-10 (Dnr KS 2017/0105) "Modell för kvalitetsutveckling i form av Mål- och resultatstyrning ' +
    'i Österåkers kommun" med Bilaga 1 (kommunövergripande årshjul) och Kvalitetspolicy (KF 88, 2010-06-14). Målnivåerna följer avsnitt 1.2 ' +
    '(inriktningsmål → nämndernas resultatmål → enheternas resultatmål). Dokumentet anger varken visionens eller de sju inriktningsmålens text, så inga mål ' +
    'är inlagda. Årshjulet anger inget år ("År 1, rör år 0" osv.), därför är händelserna lagda på 2026; månadsuppföljningarna (februari–juni, ' +
    'september–november) står i texten, övriga månader är tolkade ur årshjulsbilden. Organisationen (kommunstyrelsekontoret, Budget- och kvalitetsenheten) ' +
    'och personerna är de som undertecknar tjänsteutlåtandet; kommundirektörens namn står som i textutdraget ("Jhn Olof Friman"). Demo-medarbetarna är inte från källan.',
  people: [
    { id: DIRECTOR, displayName: 'Jhn Olof Friman', jobTitle: 'Kommundirektör', locale: 'sv' },
    { id: KHOBAN, displayName: 'Mohammed Khoban', jobTitle: 'Budget- och kvalitetschef', locale: 'sv' },
    demoStaff('oesteraaker-demo-kommun', 'Österåkers kommun', 'sv'),
    demoQualityOffice('oesteraaker-demo-kvalitet', 'Österåker', 'sv'),
    demoStaff('oesteraaker-demo-kommunstyrelsekontoret', 'Kommunstyrelsekontoret', 'sv'),
    demoStaff('oesteraaker-demo-budget-och-kvalitetsenheten', 'Budget- och kvalitetsenheten', 'sv'),
  ],
  units: [
    {
      id: M,
      parentId: null,
      kind: 'municipality',
      name: 'Österåkers kommun',
      leaderIds: [],
      approverId: null,
      memberIds: ['oesteraaker-demo-kommun'],
      qualityOfficeIds: ['oesteraaker-demo-kvalitet'],
      sortOrder: 1,
    },
    {
      id: KSK,
      parentId: M,
      kind: 'administration',
      name: 'Kommunstyrelsekontoret',
      description: 'Förvaltning under Kommunstyrelsen.',
      leaderIds: [DIRECTOR],
      approverId: null,
      memberIds: ['oesteraaker-demo-kommunstyrelsekontoret'],
      sortOrder: 1,
    },
    {
      id: UNIT,
      parentId: KSK,
      kind: 'unit',
      name: 'Budget- och kvalitetsenheten',
      leaderIds: [KHOBAN],
      approverId: DIRECTOR,
      memberIds: ['oesteraaker-demo-budget-och-kvalitetsenheten'],
      sortOrder: 1,
    },
  ],
  goalLevels: [
    {
      id: 'oesteraaker-level-vision',
      municipalityId: M,
      rank: 1,
      name: { sv: 'Vision', en: 'Vision' },
      description: { sv: 'Den politiska visionen.', en: 'The political vision.' },
      ownerKind: 'municipality',
    },
    {
      id: 'oesteraaker-level-inriktningsmaal',
      municipalityId: M,
      rank: 2,
      name: { sv: 'Inriktningsmål', en: 'Strategic objective' },
      description: {
        sv: 'Kommunfullmäktiges inriktningsmål. Prioriteringar av planerade arbetsinsatser och aktiviteter utgår från kommunfullmäktiges inriktnings mål, miljömål, reglementen och uppdrag.',
        en: "The municipal council's strategic objectives, from which the priorities of planned work and activities start.",
      },
      ownerKind: 'municipality',
    },
    {
      id: 'oesteraaker-level-resultatmaal-naemnd',
      municipalityId: M,
      rank: 3,
      name: { sv: 'Resultatmål (nämnd)', en: 'Result goal (committee)' },
      description: {
        sv: 'Respektive nämnd och styrelse formulerar resultatmål som specificerar prioriteringsområden som ska bidra till att kommunen når de övergripande inriktnings målen. Respektive nämnd och styrelse beslutar om egna resultatmål, resultatindikatorer och styrtal.',
        en: 'Each committee and board sets result goals, result indicators and target figures that contribute to the strategic objectives.',
      },
      ownerKind: 'administration',
    },
    {
      id: 'oesteraaker-level-resultatmaal-enhet',
      municipalityId: M,
      rank: 4,
      name: { sv: 'Resultatmål (enhet)', en: 'Result goal (unit)' },
      description: {
        sv: 'Enheterna tar i sin tur fram resultatmål med resultatindikatorer och styrtal som anses viktiga för att styra verksamheten mot ett fullgott resultat.',
        en: 'The units in turn set result goals with result indicators and target figures to steer their work towards a full result.',
      },
      ownerKind: 'unit',
    },
  ],
  wheelEvents: [
    ev(
      'arsredovisning',
      2,
      'Årsredovisning, inklusive uppföljning och analys inom ramen för mål- och resultatstyrningen',
      'Annual report, including follow-up and analysis',
      'report',
      ['chiefs', 'quality_office', 'council'],
      {
        action: 'evaluate',
        description: {
          sv: 'Helårsbokslut för föregående år (År 1, rör år 0). ' + WHEEL_NOTE.sv,
          en: 'Year-end accounts for the previous year (year 1, concerning year 0). ' + WHEEL_NOTE.en,
        },
      },
    ),
    ...MONTHLY_FOLLOW_UPS.map(([month, sv, en]) =>
      ev(
        `manadsuppfoljning-${String(month).padStart(2, '0')}`,
        month,
        `Månadsuppföljning ${sv}`,
        `Monthly follow-up ${en}`,
        'follow_up',
        ['leaders', 'chiefs', 'quality_office'],
        {
          description: {
            sv: 'Månadsuppföljningar sker februari, mars, april, maj, juni, september, oktober, november.',
            en: 'Monthly follow-ups take place in February, March, April, May, June, September, October and November.',
          },
          reminderOffsetsDays: [7, 2],
          action: 'report_measurements',
        },
      ),
    ),
    ev(
      'budgetdialog-var',
      3,
      'Budgetdialog på olika nivåer, inklusive uppföljning och analys',
      'Budget dialogue at all levels, including follow-up and analysis',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      {
        action: 'prepare_meeting',
        description: {
          sv: 'Resultatanalysen lyfts fram i budgetdialogerna som på kommunövergripande nivå genomförs under vår och höst. ' + WHEEL_NOTE.sv,
          en: 'The result analysis is raised in the budget dialogues held municipality-wide in spring and autumn. ' + WHEEL_NOTE.en,
        },
      },
    ),
    ev(
      'ks-budgetdirektiv',
      4,
      'KS, Budgetdirektiv och anvisningar inklusive preliminära budgetram fastställs',
      'Executive board sets budget directives and instructions, including preliminary budget frames',
      'other',
      ['council', 'chiefs', 'quality_office'],
    ),
    ev(
      'kf-budgetdirektiv',
      6,
      'KF, Beslut budgetdirektiv och preliminära budgetramar',
      'Council decides budget directives and preliminary budget frames',
      'approval',
      ['council', 'chiefs'],
    ),
    ev(
      'delarsbokslut',
      8,
      'Delårsbokslut, inklusive uppföljning och analys inom ramen för mål- och resultatstyrningen',
      'Interim report, including follow-up and analysis',
      'report',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      {
        action: 'evaluate',
      },
    ),
    ev(
      'budgetdialog-host',
      9,
      'Budgetdialog på olika nivåer, inklusive uppföljning och analys',
      'Budget dialogue at all levels, including follow-up and analysis',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'quality_office', 'council'],
      {
        action: 'prepare_meeting',
        description: {
          sv: 'Resultatanalysen lyfts fram i budgetdialogerna som på kommunövergripande nivå genomförs under vår och höst. ' + WHEEL_NOTE.sv,
          en: 'The result analysis is raised in the budget dialogues held municipality-wide in spring and autumn. ' + WHEEL_NOTE.en,
        },
      },
    ),
    ev(
      'namnder-forslag-budget',
      10,
      'Nämnder, förslag budget och verksamhetsplan',
      'Committees propose budget and operational plan',
      'submission',
      ['council', 'chiefs'],
      {
        action: 'submit_agreement',
      },
    ),
    ev('kf-beslut-budget', 11, 'KF, beslut om budget och verksamhetsplan', 'Council decides budget and operational plan', 'approval', ['council', 'chiefs']),
    ev(
      'namnder-beslut-budget',
      12,
      'Nämnder, beslut om budget och verksamhetsplan',
      'Committees decide budget and operational plan',
      'approval',
      ['council', 'chiefs'],
      {
        action: 'approve_agreement',
      },
    ),
    ev('arbetsplaner', 12, 'Arbetsplaner', 'Work plans', 'draft_deadline', ['leaders', 'staff'], {
      action: 'submit_agreement',
      description: {
        sv: 'Enheternas och medarbetarnas arbetsplaner för kommande år. ' + WHEEL_NOTE.sv,
        en: "Units' and employees' work plans for the coming year. " + WHEEL_NOTE.en,
      },
    }),
  ],
};
