/**
 * Assens Kommune: the worked example of the steering concept (seed 000, section 2.4 "Et konkret eksempel på vejen
 * fra vision til kvalitets- og resultatmål") – vision → målsætninger → servicemål → kvalitets- og resultatmål for
 * Jobcentret 2009 – with the goal hierarchy, the writing guide's signatories and the annual wheel (section 3.3).
 */
import type { RecordInput, TypedDocumentInput } from '../core/transfer';
import { demoQualityOffice, demoStaff } from './build';

const M = 'assens';
const ADM = 'assens-job-og-arbejdsmarked';
const UNIT = 'assens-jobcentret';
const AGR = 'assens-jobcentret-2009';
const LEADER = 'assens-leder-jobcentret';
const CHIEF = 'assens-fagchef';
const STAFF = 'assens-demo-jobcentret';

const L_VISION = 'assens-level-vision';
const L_OBJECTIVE = 'assens-level-maalsaetning';
const L_SERVICE = 'assens-level-servicemaal';
const L_QUALITY = 'assens-level-kvalitets-og-resultatmaal';

const VISION = 'assens-vision-2010';
const OBJ = 'assens-2009-maalsaetning-1';
const STYRKET = [1, 2, 3, 4, 5].map((n) => `assens-2009-maalsaetning-1-${n}`);
const SM = [1, 2, 3, 4, 5].map((n) => `assens-job-og-arbejdsmarked-2009-servicemaal-${n}`);
const SM1 = SM[0]!;
const Q = (n: number) => `${AGR}-goal-${n}`;
const IND_SYG52 = `${SM1}-indicator-1`;

const SERVICE_PROCESS =
  'På baggrund af de udmeldte målsætninger for 2009 udarbejder ledelsen i Jobcentret forslag til servicemål som skal sikre at de udmeldte målsætninger, samt de heraf afledte økonomiske krav kan effektueres. Fagchefen er ansvarlig for udmøntningen. Servicemål godkendes af fagudvalget. Der fremkommer følgende servicemål, som sikre udmøntning af målsætningerne.';

const SERVICE_RESOURCES =
  'Servicemålene sikre udmøntning af målsætningerne og dermed budget 2009. De økonomiske konsekvenser af servicemålene er indarbejdes i budget 2009.';

const STYRKET_TITLES = [
  'Styrket indsats overfor langvarige sygedagpengemodtager',
  'Styrket indsats for arbejdsmarkedsparate nyledige',
  'Styrket indsats overfor ikke arbejdsmarkedsparate ledige og integrationsflygtninge',
  'Styrket indsats overfor unge under 30 år',
  'Styrket indsats overfor borgere godkendt til fleksjob',
];

const SERVICE_TITLES = [
  'Antallet på sygedagpenge over 52 uger skal falde til max. xx helårspersoner i 2009.',
  'Antallet af kontanthjælpsmodtagere i match gruppe 1-3 med mere end 3. mdr. sammenhængende ledighed skal nedbringes med xx % i 2009 i forhold til 2008.',
  'xx % af kontanthjælpsmodtagere i match 4-5 skal forsørge sig selv i 2009.',
  'Antallet af unge på kontanthjælp/starthjælp/integrationsydelse under 30 år skal reduceres med xx % i 2009 sammenlignet med 2007.',
  'Andelen på ledighedsydelse må i 2009 udgøre xx %.',
];

const QUALITY_TITLES = [
  'Den gennemsnitlige varighed på sygedagpenge skal være lavere end året før.',
  'Flere raskmeldinger på forvaltnings initiativ.',
  'xx % af nysygemeldte i kategori 1 raskmeldes indenfor 13 uger.',
  'Andelen af sager hvor der sker en delvis raskmelding skal være mindst xx %.',
  'xx % raskmeldes til beskæftigelse eller anden forsørgelse.',
  'xx % af sygedagpengemodtagerne er tilfredse med den service de får.',
  'xx % af virksomhederne er tilfredse med Jobcentrets service.',
];

const MAALING =
  'Måling: Indikator for måling af servicemål 1 er: udviklingen i antallet af sygedagpengesager over 52 uger, måles den sidste dag i hver måned. Kilden til målingen er Workbase. Der måles på de opstillede parametre til de første 4 opstillede parametre foretages der månedlige opfølgninger og kilden til målingen er Workbase og ondemand. De to sidste laves der en spørgeskemaundersøgelser i november mdr. 2009. Der udsendes spørgeskemaer til de som har haft kontakt til Jobcentret i perioden 1.1.-31.10.2009. Der fremsendes spørgeskema til xx % af sygedagpengemodtagerne og xx % af virksomhederne.';

const SURVEY_SOURCE =
  'Spørgeskemaundersøgelse i november mdr. 2009. Der udsendes spørgeskemaer til de som har haft kontakt til Jobcentret i perioden 1.1.-31.10.2009.';

const DEMO_VALUES = [214, 209, 203, 198, 192, 187];
/** Demo shares (%) raskmeldt within 13 weeks, January–June 2009: not from the source document. */
const DEMO_SHARE_VALUES = [61, 63, 62, 66, 68, 67];

function wheel(
  id: string,
  unitId: string,
  month: number,
  da: string,
  en: string,
  kind: RecordInput<'wheelEvent'>['kind'],
  audience: RecordInput<'wheelEvent'>['audience'],
  extra: Partial<RecordInput<'wheelEvent'>> = {},
): RecordInput<'wheelEvent'> {
  return { id: `assens-2009-${id}`, unitId, year: 2009, month, title: { da, en }, kind, audience, reminderOffsetsDays: [14, 3], ...extra };
}

const MONTH_NOTE = {
  da: 'Måned efter eksemplet på hjælpeskema til årshjul i afsnit 3.3 ("Udfyldes med årets konkrete skæringsdatoer").',
  en: 'Month taken from the example wheel in section 3.3 ("to be filled in with the year\'s actual dates").',
};

/** The public document the content is taken from: the document's and its agreements' source. */
const SOURCE =
  'Seed 000_2312a9f2cc71e7ce.txt: "Økonomi – Et styringskoncept for Assens Kommune" (målhierarki, afsnit 2.4 "Et konkret eksempel på vejen fra vision ' +
  'til kvalitets- og resultatmål", årshjul for kvalitetsaftalen afsnit 3.3 og skrivevejledning afsnit 3.5). Kilden kalder eksemplet "et tænkt eksempel"; ' +
  'pladsholderne "xx" og "XV %" står som i kilden. Kilden nævner ingen personnavne: parterne er angivet med deres rolle, og forvaltningens navn ' +
  '"Job og arbejdsmarked" er en betegnelse for fagområdet (kilden nævner Job- og arbejdsmarkedsudvalget og fagchefen). Månedsværdierne for ' +
  'sygedagpengesager er demoværdier, ikke fra kilden; det samme gælder demo-medarbejderne.';

export const assens: TypedDocumentInput = {
  format: 'kvalitetsaftaler/organisation',
  formatVersion: 2,
  municipalityId: M,
  source: SOURCE,
  people: [
    { id: LEADER, displayName: 'Leder af Jobcentret', jobTitle: 'Leder', locale: 'da' },
    { id: CHIEF, displayName: 'Fagchef', jobTitle: 'Fagchef', locale: 'da' },
    demoStaff('assens-demo-kommune', 'Assens Kommune', 'da'),
    demoQualityOffice('assens-demo-kvalitet', 'Assens', 'da'),
    demoStaff('assens-demo-job-og-arbejdsmarked', 'Job og arbejdsmarked', 'da'),
    demoStaff(STAFF, 'Jobcentret', 'da'),
  ],
  units: [
    {
      id: M,
      parentId: null,
      kind: 'municipality',
      name: 'Assens Kommune',
      leaderIds: [],
      approverId: null,
      memberIds: ['assens-demo-kommune'],
      qualityOfficeIds: ['assens-demo-kvalitet'],
      sortOrder: 1,
    },
    {
      id: ADM,
      parentId: M,
      kind: 'administration',
      name: 'Job og arbejdsmarked',
      description: 'Fagområde under Job- og arbejdsmarkedsudvalget. Fagchefen er ansvarlig for udmøntningen af servicemålene.',
      leaderIds: [CHIEF],
      approverId: null,
      memberIds: ['assens-demo-job-og-arbejdsmarked'],
      sortOrder: 1,
    },
    { id: UNIT, parentId: ADM, kind: 'unit', name: 'Jobcentret', leaderIds: [LEADER], approverId: CHIEF, memberIds: [STAFF], sortOrder: 1 },
  ],
  goalLevels: [
    {
      id: L_VISION,
      municipalityId: M,
      rank: 1,
      name: { da: 'Vision', en: 'Vision' },
      description: {
        da: 'Politisk niveau. At angive retningen. At angive det bærende værdigrundlag for kommunen. Tidshorisont 4 år+. Byrådet beslutter og udarbejder.',
        en: 'Political level. Sets the direction and the core values of the municipality. Horizon 4+ years. Decided and written by the city council.',
      },
      ownerKind: 'municipality',
    },
    {
      id: L_OBJECTIVE,
      municipalityId: M,
      rank: 2,
      name: { da: 'Målsætning', en: 'Objective' },
      description: {
        da: 'Politisk niveau. At omforme visioner til konkrete mål og handlinger for hele kommunen. Tidshorisont 4 år. Byrådet beslutter og udarbejder.',
        en: 'Political level. Turns the vision into concrete goals and actions for the whole municipality. Horizon 4 years. Decided and written by the city council.',
      },
      ownerKind: 'municipality',
    },
    {
      id: L_SERVICE,
      municipalityId: M,
      rank: 3,
      name: { da: 'Servicemål', en: 'Service goal' },
      description: {
        da: 'Politisk-/administrativt niveau. At omsætte handlinger for hele kommunen til konkrete indsatsområder inden for de enkelte politikområder samt på tværs i organisationen, og at koble servicemål og den økonomiske ramme. Tidshorisont 1 år. Fagudvalg beslutter, Byråd orienteres.',
        en: 'Political/administrative level. Turns the objectives into concrete focus areas of each policy area and links them to the budget. Horizon 1 year. Decided by the committee; the council is informed.',
      },
      ownerKind: 'administration',
    },
    {
      id: L_QUALITY,
      municipalityId: M,
      rank: 4,
      name: { da: 'Kvalitets- og resultatmål', en: 'Quality and result goal' },
      description: {
        da: 'Administrativt niveau. At omsætte indsatsområder til konkrete og målbare mål for den enkelte virksomhed og koble dem med virksomhedens økonomiske ramme. Tidshorisont 1 år. Indgår i kvalitetsaftalen.',
        en: "Administrative level. Turns focus areas into concrete, measurable goals of each unit, linked to the unit's budget. Horizon 1 year. Part of the quality agreement.",
      },
      ownerKind: 'unit',
    },
  ],
  agreements: [
    {
      source: SOURCE,
      id: AGR,
      unitId: UNIT,
      year: 2009,
      title: 'Kvalitetsaftale for år 2009 – Jobcentret',
      periodStart: '2009-01-01',
      periodEnd: '2009-12-31',
      status: 'in_effect',
      version: 1,
      documentDate: null,
      parties: [
        { role: 'leader', name: 'Leder af Jobcentret', personId: LEADER, title: 'Leder' },
        { role: 'chief', name: 'Fagchef', personId: CHIEF, title: 'Fagchef' },
        { role: 'board_chair', name: 'Formand for brugerbestyrelsen', personId: null, title: 'Formand for brugerbestyrelse' },
        { role: 'works_council_deputy', name: 'Næstformand for lokal MED-udvalg', personId: null, title: 'Næstformand for lokal MED-udvalg' },
      ],
      budget: null,
      missionVision: [
        {
          owner: 'Beskæftigelsesplanen',
          intro:
            'Jfr. Lov om ansvaret for og styring af den aktive beskæftigelsesindsats skal Jobcentret hvert år udarbejde en Beskæftigelsesplan. Den kommunale del skal godkendes i Byrådet senest i forbindelse med godkendelse af budgettet. I beskæftigelsesplanen er der indarbejdet en vision for det pågældende år. Beskæftigelsesministeren udmelder hvert år mål som Jobcentret skal arbejde efter. Øvrige mål i Beskæftigelsesplanen udarbejdes på et fællesseminar mellem Assens kommunes Job- og arbejdsmarkedsudvalg og Det lokale beskæftigelsesråd.',
          vision:
            'Få den ledige hurtigst muligt i job eller tættere på job. Yde hurtig og effektiv service til alle virksomheder, der søger arbejdskraft eller ønsker at fastholde ansatte. Yde støtte til borgere, der har begrænsninger i arbejdsevnen og derfor særlige behov for hjælp til at komme i job.',
        },
      ],
      sections: [
        {
          key: 'kvalitets-og-resultatmaal',
          title: 'Kvalitets- og resultatmål',
          body: 'For at nå servicemålene opstiller Jobcentret kvalitets- og resultatmål som skal medvirke til at det enkelte mål nås. I forbindelse med udarbejdelse af kvalitets- og resultatmålene inddrages medarbejderne som arbejder med målgrupperne. I nedenstående eksempel vil medarbejderne som arbejder med sygedagpengemodtagere havde været inddraget.',
          sortOrder: 1,
        },
        { key: 'maaling', title: 'Måling', body: MAALING, sortOrder: 2 },
      ],
      publishBy: null,
    },
  ],
  goals: [
    {
      id: VISION,
      unitId: M,
      agreementId: null,
      levelId: L_VISION,
      year: null,
      title: 'Vision 2010',
      origin: 'own',
      schema: {
        focusPoints:
          'Byrådet har vedtaget en vision 2010 for Assens Kommune. I 2010 er Assens Kommune: Tilgængelig Engageret Mangfoldig Sammenhængende Effektiv',
        goal: 'Ny Assens Kommune vil blandt andet udmønte den social ansvarlighed ved, at gøre en ekstra indsats for at kommunes borgere fastholdes på arbejdsmarkedet, og at de uden job får en tilknytning til arbejdsmarkedet. Der vil blive rettet en særlig fokus på integration af flygtninge og indvandre, hvor danskuddannelse og arbejdsmarkedstilknytning skal forenes så optimalt som muligt, og kommunen derved i samarbejde med de frivillige på området skaber en helhed i integrationsarbejdet.',
      },
      sortOrder: 1,
    },
    {
      id: OBJ,
      unitId: M,
      agreementId: null,
      levelId: L_OBJECTIVE,
      year: 2009,
      number: '1',
      title: 'Udgifterne til kontanthjælp, integrationsydelse, sygedagpenge og ledighedsydelse til 18 65. årige reduceres i 2009 med XV %.',
      origin: 'own',
      parentGoalIds: [VISION],
      schema: {
        actionPlan:
          'Byrådet prioriterer efterfølgende hvilke målgrupper i Jobcentret, der skal laves en indsats overfor i 2009, for at nå målsætningen. De opstiller følgende målsætninger.',
      },
      sortOrder: 1,
    },
    ...STYRKET_TITLES.map((title, i): RecordInput<'goal'> => ({
      id: STYRKET[i]!,
      unitId: M,
      agreementId: null,
      levelId: L_OBJECTIVE,
      year: 2009,
      number: `1.${i + 1}`,
      title,
      origin: 'own',
      parentGoalIds: [OBJ],
      sortOrder: i + 2,
    })),
    ...SERVICE_TITLES.map((title, i): RecordInput<'goal'> => ({
      id: SM[i]!,
      unitId: ADM,
      agreementId: null,
      levelId: L_SERVICE,
      year: 2009,
      number: String(i + 1),
      title,
      origin: 'own',
      parentGoalIds: [STYRKET[i]!],
      schema:
        i === 0
          ? {
              signsAndIndicators:
                'Indikator for måling af servicemål 1 er: udviklingen i antallet af sygedagpengesager over 52 uger, måles den sidste dag i hver måned. Kilden til målingen er Workbase.',
              evaluationAndDocumentation:
                'Senest med udgangen af 1. kvartal 2010 foreligger der en opfølgning for målsætning 2009 for Jobcentret. Opfølgningen/årsredegørelsen behandles på Job- og arbejdsmarkedsudvalgets møde i april mdr.. Fremlægges herefter i Byrådet',
              actionPlan: SERVICE_PROCESS,
              resources: SERVICE_RESOURCES,
            }
          : { actionPlan: SERVICE_PROCESS, resources: SERVICE_RESOURCES },
      ownerId: CHIEF,
      sortOrder: i + 1,
    })),
    ...QUALITY_TITLES.map((title, i): RecordInput<'goal'> => ({
      id: Q(i + 1),
      unitId: UNIT,
      agreementId: AGR,
      levelId: L_QUALITY,
      year: 2009,
      number: `1.${i + 1}`,
      title,
      origin: 'own',
      parentGoalIds: [SM1],
      ownerId: LEADER,
      sortOrder: i + 1,
    })),
  ],
  indicators: [
    {
      id: IND_SYG52,
      goalId: SM1,
      name: 'Udviklingen i antallet af sygedagpengesager over 52 uger',
      description: 'udviklingen i antallet af sygedagpengesager over 52 uger, måles den sidste dag i hver måned.',
      unitOfMeasure: 'sager',
      valueType: 'number',
      target: null,
      targetText: 'max. xx helårspersoner i 2009',
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      dataSource: 'Workbase',
      measureType: 'result',
      ownerId: CHIEF,
      sortOrder: 1,
    },
    {
      id: `${Q(1)}-indicator-1`,
      goalId: Q(1),
      name: 'Gennemsnitlig varighed på sygedagpenge',
      description: 'Månedlig opfølgning.',
      unitOfMeasure: 'uger',
      valueType: 'number',
      target: null,
      targetText: 'Den gennemsnitlige varighed på sygedagpenge skal være lavere end året før.',
      direction: 'decrease',
      frequency: { kind: 'monthly' },
      dataSource: 'Workbase og ondemand',
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: `${Q(2)}-indicator-1`,
      goalId: Q(2),
      name: 'Raskmeldinger på forvaltnings initiativ',
      description: 'Månedlig opfølgning.',
      unitOfMeasure: 'raskmeldinger',
      valueType: 'number',
      target: null,
      targetText: 'Flere raskmeldinger på forvaltnings initiativ.',
      direction: 'increase',
      frequency: { kind: 'monthly' },
      dataSource: 'Workbase og ondemand',
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: `${Q(3)}-indicator-1`,
      goalId: Q(3),
      name: 'Andel af nysygemeldte i kategori 1, der raskmeldes indenfor 13 uger',
      description: 'Månedlig opfølgning.',
      unitOfMeasure: '%',
      valueType: 'percentage',
      target: null,
      targetText: 'xx % af nysygemeldte i kategori 1 raskmeldes indenfor 13 uger.',
      direction: 'increase',
      frequency: { kind: 'monthly' },
      dataSource: 'Workbase og ondemand',
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: `${Q(4)}-indicator-1`,
      goalId: Q(4),
      name: 'Andelen af sager hvor der sker en delvis raskmelding',
      description: 'Månedlig opfølgning.',
      unitOfMeasure: '%',
      valueType: 'percentage',
      target: null,
      targetText: 'mindst xx %',
      direction: 'increase',
      frequency: { kind: 'monthly' },
      dataSource: 'Workbase og ondemand',
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: `${Q(6)}-indicator-1`,
      goalId: Q(6),
      name: 'Andel af sygedagpengemodtagerne, der er tilfredse med den service de får',
      description: 'Der fremsendes spørgeskema til xx % af sygedagpengemodtagerne.',
      unitOfMeasure: '%',
      valueType: 'percentage',
      target: null,
      targetText: 'xx % af sygedagpengemodtagerne er tilfredse med den service de får.',
      direction: 'increase',
      frequency: { kind: 'yearly', month: 11 },
      dataSource: SURVEY_SOURCE,
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: `${Q(7)}-indicator-1`,
      goalId: Q(7),
      name: 'Andel af virksomhederne, der er tilfredse med Jobcentrets service',
      description: 'Der fremsendes spørgeskema til xx % af virksomhederne.',
      unitOfMeasure: '%',
      valueType: 'percentage',
      target: null,
      targetText: 'xx % af virksomhederne er tilfredse med Jobcentrets service.',
      direction: 'increase',
      frequency: { kind: 'yearly', month: 11 },
      dataSource: SURVEY_SOURCE,
      measureType: 'result',
      ownerId: LEADER,
      sortOrder: 1,
    },
  ],
  measurements: [
    ...DEMO_SHARE_VALUES.map((value, i): RecordInput<'measurement'> => {
      const month = String(i + 1).padStart(2, '0');
      return {
        id: `${Q(3)}-indicator-1-2009-${month}`,
        indicatorId: `${Q(3)}-indicator-1`,
        period: `2009-${month}`,
        value,
        comment: 'Demoværdi – ikke fra kildedokumentet',
        enteredBy: STAFF,
        enteredAt: `2009-${String(i + 2).padStart(2, '0')}-03T09:00:00${i + 2 >= 4 ? '+02:00' : '+01:00'}`,
        source: 'import',
      };
    }),
    ...DEMO_VALUES.map((value, i): RecordInput<'measurement'> => {
      const month = i + 1;
      const next = String(month + 1).padStart(2, '0');
      const offset = month + 1 >= 4 ? '+02:00' : '+01:00'; // daylight saving time from the end of March
      return {
        id: `${IND_SYG52}-2009-${String(month).padStart(2, '0')}`,
        indicatorId: IND_SYG52,
        period: `2009-${String(month).padStart(2, '0')}`,
        value,
        comment: 'Demoværdi – ikke fra kildedokumentet',
        enteredBy: STAFF,
        enteredAt: `2009-${next}-03T09:00:00${offset}`,
        source: 'import',
      };
    }),
  ],
  wheelEvents: [
    wheel(
      'tids-og-handleplan',
      M,
      1,
      'Tids og handleplan for det kommende års budget',
      "Time and action plan for next year's budget",
      'other',
      ['chiefs', 'council'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel('udvalgte-temaer-analyseres', ADM, 2, 'Udvalgte temaer analyseres', 'Selected themes are analysed', 'other', ['chiefs'], { description: MONTH_NOTE }),
    wheel('beslutter-udvalgte-temaer', M, 2, 'Beslutter udvalgte temaer', 'Decision on selected themes', 'other', ['council'], { description: MONTH_NOTE }),
    wheel('info-til-ledere', ADM, 2, 'Info til ledere om budgetforløb', 'Information to leaders about the budget process', 'other', ['leaders'], {
      description: MONTH_NOTE,
    }),
    wheel(
      'lokal-kvalitetsaftale-udarbejdes',
      UNIT,
      2,
      'Lokal Kvalitetsaftale udarbejdes',
      'Local quality agreement is drawn up',
      'draft_deadline',
      ['leaders', 'staff', 'board'],
      {
        description: MONTH_NOTE,
        action: 'submit_agreement',
      },
    ),
    wheel(
      'dialog-1-kvartal',
      UNIT,
      3,
      'Dialog p. b. a. Kvalitetsaftale',
      'Dialogue based on the quality agreement',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'board', 'staff'],
      {
        description: {
          da: 'Formel dialog i 1. kvartal: "der som minimum skal foregå en formel dialog i 1. og 3. kvartal."',
          en: 'Formal dialogue in the first quarter: "as a minimum, a formal dialogue takes place in the 1st and 3rd quarter."',
        },
        action: 'prepare_meeting',
      },
    ),
    wheel(
      '1-budget-og-maal-seminar',
      M,
      5,
      'Byrådets 1. budget- og mål-seminar',
      "City council's 1st budget and goal seminar",
      'budget_seminar',
      ['council', 'chiefs'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel(
      'faelles-kvalitetsaftale-juni',
      ADM,
      6,
      'Fælles Kvalitetsaftale behandles',
      'Shared quality agreement is considered',
      'other',
      ['council', 'chiefs'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel(
      '2-budget-og-maal-seminar',
      M,
      8,
      'Byrådets 2. budget- og mål-seminar',
      "City council's 2nd budget and goal seminar",
      'budget_seminar',
      ['council', 'chiefs'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel('1-behandling-af-budget', M, 9, '1. behandling af budget.', 'First reading of the budget', 'other', ['council', 'chiefs'], {
      description: MONTH_NOTE,
    }),
    wheel('borgermoede-om-budget', M, 9, 'Borgermøde om budget 2009', 'Citizens’ meeting on the budget', 'other', ['council'], {
      description: {
        da: 'Titlen er kildens eksempel ("Borgermøde om budget 2009"); i årshjulet for 2009 gælder borgermødet det kommende års budget.',
        en: "The title is the source's example; in the 2009 wheel the meeting concerns next year's budget.",
      },
    }),
    wheel(
      'input-til-servicemaal',
      ADM,
      9,
      'Input fra fagudvalg til nye/justering af servicemål',
      'Input from the committee on new or adjusted service goals',
      'other',
      ['council', 'chiefs'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel(
      'faelles-kvalitetsaftale-september',
      ADM,
      9,
      'Fælles Kvalitetsaftale behandles',
      'Shared quality agreement is considered',
      'other',
      ['council', 'chiefs'],
      {
        description: MONTH_NOTE,
      },
    ),
    wheel(
      'dialog-3-kvartal',
      UNIT,
      9,
      'Orientering kommende budget og dialog',
      'Briefing on the coming budget and dialogue',
      'dialogue_meeting',
      ['leaders', 'chiefs', 'board', 'staff'],
      {
        description: {
          da: 'Formel dialog i 3. kvartal: "der som minimum skal foregå en formel dialog i 1. og 3. kvartal."',
          en: 'Formal dialogue in the third quarter: "as a minimum, a formal dialogue takes place in the 1st and 3rd quarter."',
        },
        action: 'prepare_meeting',
      },
    ),
    wheel('2-behandling-af-budget', M, 10, '2. behandling af budget 20XX', 'Second reading of the budget', 'approval', ['council', 'chiefs'], {
      description: MONTH_NOTE,
    }),
    wheel(
      'spoergeskemaundersoegelse',
      UNIT,
      11,
      'Spørgeskemaundersøgelse blandt sygedagpengemodtagere og virksomheder',
      'Questionnaire survey of sickness benefit recipients and companies',
      'survey',
      ['leaders', 'staff'],
      {
        description: {
          da: 'De to sidste laves der en spørgeskemaundersøgelser i november mdr. 2009. Der udsendes spørgeskemaer til de som har haft kontakt til Jobcentret i perioden 1.1.-31.10.2009.',
          en: 'Questionnaires in November 2009 to those who were in contact with the job centre from 1 January to 31 October 2009.',
        },
        action: 'report_measurements',
      },
    ),
    wheel('detailbudget-faerdig', ADM, 11, 'Detailbudget færdig', 'Detailed budget completed', 'other', ['chiefs', 'leaders'], { description: MONTH_NOTE }),
    wheel(
      'udmoentning-af-budgettet',
      UNIT,
      12,
      'Udmøntning af budgettet og fastlæggelse af serviceniveau justering af servicemål og udarbejdelse af kvalitetsaftale',
      'Budget implementation, service level, adjustment of service goals and drafting of the quality agreement',
      'draft_deadline',
      ['leaders', 'chiefs'],
      { description: MONTH_NOTE, action: 'submit_agreement' },
    ),
    wheel('sammenskrivning-kvalitetsaftale', ADM, 12, 'Sammenskrivning Kvalitetsaftale', 'Compilation of the quality agreement', 'other', ['chiefs'], {
      description: MONTH_NOTE,
    }),
  ],
};
