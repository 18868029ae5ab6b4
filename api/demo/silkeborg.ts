/**
 * Silkeborg Kommune: the 2015 agreement between Borgerservice and the chief of Job- og Borgerservice
 * (seed 001). Texts are verbatim from the source; only the PDF hyphenation at line ends is joined.
 */
import type { TypedDocumentInput } from '../core/transfer';
import { demoQualityOffice, actions, criteria, demoStaff } from './build';

const M = 'silkeborg';
const ADM = 'silkeborg-job-og-borgerservice';
const UNIT = 'silkeborg-borgerservice';
const AGR = 'silkeborg-borgerservice-2015';
const CHIEF = 'silkeborg-michael-maaloe';
const LEADER = 'silkeborg-xxxxxxx-xxxxxx';

const LEVEL_APPROPRIATION = 'silkeborg-level-bevillingens-maal';
const LEVEL_INSTITUTION = 'silkeborg-level-institutionens-maal';

const B1 = 'silkeborg-bevilling-14-2015-goal-1';
const B2 = 'silkeborg-bevilling-14-2015-goal-2';
const B3 = 'silkeborg-bevilling-14-2015-goal-3';

const G1 = `${AGR}-goal-1`;
const G2 = `${AGR}-goal-2`;
const G3 = `${AGR}-goal-3`;

/** The public document the content is taken from: the document's and its agreements' source. */
const SOURCE =
  'Seed 001_7c23654a4707eb29.txt: "Aftale mellem Borgerservice og Michael Maaløe" – Silkeborg Kommunes aftale for Borgerservice 2015 ' +
  '(mission og vision, bevillingens mål fra bevilling 14, driftsbudget, målskema Mål/Handlinger/Succeskriterier, rammer for ledelsens arbejde). ' +
  'Teksterne er ordrette; kun orddelinger fra PDF-udtrækket er samlet. Institutionslederen er anonymiseret i kilden ("Xxxxxxx Xxxxxx"). ' +
  'Demo-medarbejderne er ikke fra kilden.';

export const silkeborg: TypedDocumentInput = {
  format: 'kvalitetsaftaler/organisation',
  formatVersion: 2,
  municipalityId: M,
  source: SOURCE,
  people: [
    { id: CHIEF, displayName: 'Michael Maaløe', jobTitle: 'Budgetansvarlig chef, Job- og Borgerservice', locale: 'da' },
    { id: LEADER, displayName: 'Xxxxxxx Xxxxxx', jobTitle: 'Institutionsleder, Borgerservice', locale: 'da' },
    demoStaff('silkeborg-demo-kommune', 'Silkeborg Kommune', 'da'),
    demoQualityOffice('silkeborg-demo-kvalitet', 'Silkeborg', 'da'),
    demoStaff('silkeborg-demo-job-og-borgerservice', 'Job- og Borgerservice', 'da'),
    demoStaff('silkeborg-demo-borgerservice', 'Borgerservice', 'da'),
  ],
  units: [
    {
      id: M,
      parentId: null,
      kind: 'municipality',
      name: 'Silkeborg Kommune',
      leaderIds: [],
      approverId: null,
      memberIds: ['silkeborg-demo-kommune'],
      qualityOfficeIds: ['silkeborg-demo-kvalitet'],
      sortOrder: 1,
      // The order of the published agreement (seed 001): its numbered chapters around the built-in sections
      // (api/documents/model.ts: unit, framework, budget, goals, indicators, signatures).
      agreementSections: [
        { key: 'indhold', title: { da: '1. Indhold' }, required: true },
        { key: 'unit', title: { da: '2. Mission og vision', en: '2. Mission and vision' }, required: true },
        { key: 'bevillingens-maal', title: { da: 'Bevillingens mål' }, required: false },
        { key: 'oekonomi', title: { da: '3. Økonomi – budgetforudsætninger for institutionen' }, required: true },
        { key: 'budget', title: { da: 'Driftsbudget', en: 'Operating budget' }, required: false },
        { key: 'goals', title: { da: '4. Målskema', en: '4. Goal table' }, required: true },
        { key: 'indicators', title: { da: 'Tegn og indikatorer', en: 'Indicators' }, required: false },
        { key: 'rammer', title: { da: '5. Rammerne for ledelsens arbejde' }, required: true },
        { key: 'signatures', title: { da: 'Underskrifter', en: 'Signatures' }, required: true },
      ],
    },
    {
      id: ADM,
      parentId: M,
      kind: 'administration',
      name: 'Job- og Borgerservice',
      description: 'Bevilling 14. Økonomi- og Erhvervsudvalget er det politiske fagudvalg.',
      leaderIds: [CHIEF],
      approverId: null,
      memberIds: ['silkeborg-demo-job-og-borgerservice'],
      sortOrder: 1,
    },
    {
      id: UNIT,
      parentId: ADM,
      kind: 'unit',
      name: 'Borgerservice',
      leaderIds: [LEADER],
      approverId: CHIEF,
      memberIds: ['silkeborg-demo-borgerservice'],
      sortOrder: 1,
    },
  ],
  goalLevels: [
    {
      id: LEVEL_APPROPRIATION,
      municipalityId: M,
      rank: 1,
      name: { da: 'Bevillingens mål', en: 'Appropriation goals' },
      description: {
        da: 'Mål i bevillingsaftalen mellem det politiske fagudvalg og afdelingschefen for det aktuelle budgetår.',
        en: 'Goals of the appropriation agreement between the political committee and the head of department for the budget year.',
      },
      ownerKind: 'administration',
    },
    {
      id: LEVEL_INSTITUTION,
      municipalityId: M,
      rank: 2,
      name: { da: 'Institutionens mål', en: 'Institution goals' },
      description: {
        da: 'Mål i aftalen mellem institutionslederen og den budgetansvarlige chef for den bevilling, institutionen drives under.',
        en: "Goals of the agreement between the institution's leader and the budget-responsible chief of its appropriation.",
      },
      ownerKind: 'unit',
    },
  ],
  agreements: [
    {
      source: SOURCE,
      id: AGR,
      unitId: UNIT,
      year: 2015,
      title: 'Aftale mellem Borgerservice og Michael Maaløe',
      periodStart: '2015-01-01',
      periodEnd: '2015-12-31',
      status: 'in_effect',
      version: 1,
      documentDate: null,
      parties: [
        { role: 'leader', name: 'Xxxxxxx Xxxxxx', personId: LEADER, title: 'Borgerservice' },
        { role: 'chief', name: 'Michael Maaløe', personId: CHIEF, title: 'Budgetansvarlig chef for bevilling 14 (Job- og Borgerservice)' },
      ],
      budget: { amount: 21848850, currency: 'DKK', label: 'Driftsbudget for 2015' },
      missionVision: [
        {
          owner: 'Økonomi- og Erhvervsudvalget',
          intro: 'Økonomi- og Erhvervsudvalget har følgende mission og vision:',
          mission: 'Økonomi- og Erhvervsudvalgets mission er gennem overblik og sammenhæng at sætte rammer for drift og udvikling.',
          vision:
            'Økonomi- og Erhvervsudvalgets vision er at sikre et bæredygtigt fundament for Silkeborg Kommune, der understøtter service, udvikling og trivsel. I handlingerne udvises tillid, respekt og mod.',
        },
        {
          owner: 'Job- og Borgerservice',
          intro: 'Job- og Borgerservice har følgende mission og vision',
          mission: 'Vi åbner døre til nye muligheder',
          vision: 'Alle borgere føler sig godt behandlet og vurderer indsatsen som topprofessionel.',
        },
      ],
      sections: [
        {
          key: 'indhold',
          title: '1. Indhold',
          body:
            'Styringsmodellen i Silkeborg Kommune baserer sig på gensidige aftaler mellem institutionslederne og den budgetansvarlige chef for den bevilling, institution drives under. Parterne udformer og indgår en aftale, som beskriver hvordan de politiske mål konkretiseres og udmøntes på den enkelte institution eller serviceområde. Derudover kan der fastlægges mål for institutionens arbejde, som ike direkte er afledt af bevillingsmålene.\n\n' +
            'Aftalen udarbejdes på grundlag af de opnåede resultater fra foregående års aftale, det aktuelle budgetårs bevillingsaftale mellem det politiske fagudvalg og afdelingschefen, samt det aktuelle års budget.\n\n' +
            'Aftalen omfatter både den økonomiske og den faglige styring, således at der skabes klarhed og balance i forventningerne til institutionens udvikling og serviceniveau, og at dette afstemmes med de økonomiske rammer, som er til rådighed for institutionen.',
          sortOrder: 1,
        },
        {
          key: 'bevillingens-maal',
          title: 'Bevillingens mål fra bevilling 14',
          body:
            'Bevillingens mål fra bevilling 14(De af bevillingens mål, som er relevante for den pågældende institution)\n\n' +
            '• Øget digitalisering\n' +
            '• Borgerne og virksomheder oplever at være i samspil med Silkeborg Kommune og oplever god service\n' +
            '• Organisatorisk og faglig udvikling',
          sortOrder: 2,
        },
        {
          key: 'oekonomi',
          title: '3. Økonomi – budgetforudsætninger for institutionen',
          body: 'Driftsbudget for 2015: Kr. 21.848.850',
          sortOrder: 3,
        },
        {
          key: 'rammer',
          title: '5. Rammerne for ledelsens arbejde',
          body:
            'De politiske udvalgs mål og budgettet udgør rammen for institutionernes arbejde.\n\n' +
            'Styringen af Silkeborg Kommune bygger på et princip om økonomisk decentralisering, hvor det økonomiske og personalemæssige ansvar i vidt omfang er uddelegeret til den enkelte institutionsleder.\n\n' +
            'I øvrigt henvises til de generelle decentraliseringsregler for Silkeborg Kommune, hvor principperne bag overførselsadgang af budget til efterfølgende års bevilling er beskrevet i afsnittet om bevillingsregler i ”Budget i overblik”.\n\n' +
            'Aftalerne offentliggøres på kommunens hjemmeside senest 31. januar 2015.',
          sortOrder: 5,
        },
      ],
      publishBy: '2015-01-31',
    },
  ],
  goals: [
    // Bevillingens mål (bevilling 14), held by the administration for the budget year.
    {
      id: B1,
      unitId: ADM,
      agreementId: null,
      levelId: LEVEL_APPROPRIATION,
      year: 2015,
      title: 'Øget digitalisering',
      origin: 'own',
      ownerId: CHIEF,
      sortOrder: 1,
    },
    {
      id: B2,
      unitId: ADM,
      agreementId: null,
      levelId: LEVEL_APPROPRIATION,
      year: 2015,
      title: 'Borgerne og virksomheder oplever at være i samspil med Silkeborg Kommune og oplever god service',
      origin: 'own',
      ownerId: CHIEF,
      sortOrder: 2,
    },
    {
      id: B3,
      unitId: ADM,
      agreementId: null,
      levelId: LEVEL_APPROPRIATION,
      year: 2015,
      title: 'Organisatorisk og faglig udvikling',
      origin: 'own',
      ownerId: CHIEF,
      sortOrder: 3,
    },
    // 4. Mål for Borgerservice for 2015
    {
      id: G1,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_INSTITUTION,
      year: 2015,
      number: '1',
      title: 'Øget digitalisering',
      origin: 'own',
      parentGoalIds: [B1],
      ownerId: LEADER,
      sortOrder: 1,
    },
    {
      id: G2,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_INSTITUTION,
      year: 2015,
      number: '2',
      title: 'Vi er i samspil med borgerne og lokalsamfundet om den nuværende og fremtidige gode borgerservice',
      origin: 'own',
      parentGoalIds: [B2],
      ownerId: LEADER,
      sortOrder: 2,
    },
    {
      id: G3,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_INSTITUTION,
      year: 2015,
      number: '3',
      title:
        'Vi vil være dygtigere og er opdaterede på nyeste viden i forhold til de områder vi beskæftiger os med, lovgivningsmæssigt, metodisk og teknologisk',
      origin: 'own',
      parentGoalIds: [B3],
      ownerId: LEADER,
      sortOrder: 3,
    },
  ],
  actions: [
    ...actions(G1, [
      'Fortsat fokus på at understøtte borgerne i brug af selvbetjeningsløsninger.',
      'Vi vil være med i front med brug af digitale løsninger.',
      'Arrangementer/ aktiviteter med særligt fokus på borgere med sproglige udfordringer i forhold til at understøtte deres brug af selvbetjeningsløsninger.',
      'Implementering af ’borgerens adgang til egen sag’ sker i Job og Borgerservice.',
    ]),
    ...actions(G2, [
      'Der gennemføres borgertilfredshedsundersøgelser i Borgervejledningen, Dagpengeteamet og Team Ydelse.',
      'Involvering af borgere, politikere og samarbejdspartnere i forhold til at udvikle og skabe fremtidens borgerservice via forskellige tiltag.',
      'Vi inddrager frivillige og netværk, og iværksætter samarbejder på de områder af Borgerservice, hvor det er muligt at lave formaliserede samarbejder.',
    ]),
    ...actions(G3, [
      'Udvikling af fremtidens borgerservicemedarbejder ved fortsat fokus på kompetenceudvikling, opkvalificering og uddannelse jf. kompetenceprofilen vers. 2.',
      'Vi blander os og søger indflydelse.',
      'Vi arbejder aktivt for at finde gode svar og bidrager til at skabe de bedste løsninger.',
      'Vi prioriterer idéudvikling og opsamling.',
      'Kick off med udarbejdelse af handleplaner for de enkelte teams.',
    ]),
  ],
  successCriteria: [
    ...criteria(G1, [
      'Min. 80% af alle ansøgninger der er en del af de obligatoriske selvbetjeningsløsninger sker digitalt.',
      'Borgervejledningen deltager løbende i min. 6 arrangementer i det offentlige rum for forskellige målgrupper.',
      'Vi stiller os til rådighed i udviklingen af nye løsninger.',
      'Vi er pilotkommune på ét af de to nye systemer til kontanthjælp / sygedagpenge (KY/KSD).',
      'Der afholdes min. 2 arrangementer og 10-12 aktiviteter.',
      'Strategi for udbredelse af adgangen til egne sager er udarbejdet og følges.',
    ]),
    ...criteria(G2, [
      'Tilfredshedsundersøgelser viser minimum 80% tilfredshed med den oplevede service.',
      'Samspillet skal angive tendenser på hvilken retning Borgerservice skal bevæge sig - hvad skal Borgerservice levere, og hvordan, hvor og hvornår det skal leveres.',
      'Der er frivillige i Borgerservice.',
    ]),
    ...criteria(G3, [
      'Min. 10 medarbejdere deltager på pointgivende uddannelse.',
      'Der skal være min. 2 kompetenceudviklingsdage pr. medarbejder – både individuelle og i teams, som afstemmes i samarbejde xxxxxx xxxxxxxxxxx og leder.',
      'Vi deltager aktivt i relevante workshops, arbejdsgrupper m.m. på tværs både internt og eksternt.',
      'Vi har afprøvet nye måder/metoder på min. 5 områder.',
      'Hvert enkelt team udvikler idéudviklingskultur og finder en model for opsamling.',
      'Frontløberne er arrangør af min. 2 indsatser, der fokuserer på refleksion som redskab.',
      'Der foreligger operationelle handleplaner på alle indsatser i kvalitetsaftalen, og derved tydeliggøres den røde tråd mellem mål og handlinger.',
    ]),
  ],
  wheelEvents: [
    {
      id: 'silkeborg-2015-offentliggoerelse',
      unitId: M,
      year: 2015,
      date: '2015-01-31',
      month: 1,
      title: { da: 'Aftalerne offentliggøres på kommunens hjemmeside', en: "Agreements are published on the municipality's website" },
      description: {
        da: 'Aftalerne offentliggøres på kommunens hjemmeside senest 31. januar 2015.',
        en: "The agreements are published on the municipality's website by 31 January 2015 at the latest.",
      },
      kind: 'publication',
      audience: ['leaders', 'chiefs'],
      reminderOffsetsDays: [14, 3],
      action: 'publish',
    },
  ],
};
