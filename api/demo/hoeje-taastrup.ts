/**
 * Høje-Taastrup Kommune: the 2016 agreement for Team Myndighed in the Social- og Handicapcenter (seed 002).
 * Texts are verbatim from the source, including the words the extraction truncated at line starts
 * ("ne er ikke defineret endnu", "sarbejde og løbende …", "omrfådet").
 */
import type { TypedDocumentInput } from '../core/transfer';
import { demoQualityOffice, actions, criteria, demoStaff } from './build';

const M = 'hoeje-taastrup';
const SHC = 'hoeje-taastrup-shc';
const UNIT = 'hoeje-taastrup-team-myndighed';
const AGR = 'hoeje-taastrup-team-myndighed-2016';
const CHIEF = 'hoeje-taastrup-susanne-strandkjaer';
const LEADER = 'hoeje-taastrup-henrik-joern-otto';

const LEVEL_CENTRE = 'hoeje-taastrup-level-centrets-maal';
const LEVEL_AGREEMENT = 'hoeje-taastrup-level-aftalens-maal';

const C1 = 'hoeje-taastrup-shc-2016-goal-1';
const C2 = 'hoeje-taastrup-shc-2016-goal-2';

const S1 = `${AGR}-shared-goal-1`;
const S2 = `${AGR}-shared-goal-2`;
const O1 = `${AGR}-goal-1`;
const O2 = `${AGR}-goal-2`;
const O3 = `${AGR}-goal-3`;
const O4 = `${AGR}-goal-4`;

const BUDGET_NOTE =
  'Den samlede økonomiske ramme for enheden udgør i 2016: [ kr.] For nærmere præcisering af budgettet på området, henvises til centerets Administrativt budgetdokument, 3. niveau. I aftaleperioden kan der ske justeringer af aftaleenhedens budget. Aftaleenheden vil altid blive orienteret om justeringerne og de korrigerede beløb vil fremgå af kommunens økonomisystem.';

const INTRO =
  'Aftalen for Social- og Handicapcentrets Team Myndighed i 2016, lægger sig tæt op ad aftalen for hele SHC. SHC s overordnede udviklingsplan frem mod år 2020 harmonerer med direktionens strategibrev og alle udviklingsressourcer i Team Myndighed skal i 2016 fokusere på at understøtte SHC s samlede udviklingsplan. Fælles mål for det samlede SHC fremgår af forsiden under Fælles mål. Dette fokus blev etableret allerede med Team Myndigheds aftale for 2015, hvor målene handlede om Effektmål, Målrettet sagsbehandling og Økonomistyring. Mange af de opstillede mål for 2015 blev nået. Årene 2014 og 2015 prægede Team Myndighed med nye medarbejdere og ledere i ca. 50 % af stillingerne. Det har betydet at nogle mål for 2015 ikke er indfriet endnu, og de er derfor båret videre ind i nærværende aftale for 2016, da de vurderes stadig at være aktuelle. Vi vil i 2016 desuden arbejde med fortsat at være førende med VUM og fælles opgaveløsning, der er bærende del af afdelingens DNA. Afdelingen er kommet igennem udskiftningen af medarbejdere på en sikker måde. Der er nu sat et hold af meget kompetente, engagerede og konstruktive medarbejdere og ledere. Desuden er ledelsen styrket gennem en mere klar og fokuseret ledelsesstruktur. Vi ser derfor frem mod et 2016, hvor afdelingen vil genvinde sin stærke identitet; og hvor nye horisonter vil præge det engagerede arbejde til gavn for borgerne og for trivslen i afdelingen. De særlige mål for denne aftale fremgår af forsiden under Øvrige mål.';

/** The public document the content is taken from: the document's and its agreements' source. */
const SOURCE =
  'Seed 002_214d0db0cfb024cb.txt: "Aftale for Team Myndighed SHC" – Høje-Taastrup Kommunes aftale for Team Myndighed i Social- og Handicapcentret (SHC) 2016, ' +
  'dateret 4. december 2015, mellem centerchef Susanne Strandkjær og Henrik Jørn Otto. Fælles mål (fra SHC) og øvrige mål, effekt-, resultat- og aktivitetsmål ' +
  'og tidspunkter for opfølgning er ordrette; ord der er afkortet i udtrækket står som i kilden. Beløbet i den økonomiske ramme er tomt i kilden ("[ kr.]"). ' +
  'Demo-medarbejderne er ikke fra kilden.';

export const hoejeTaastrup: TypedDocumentInput = {
  format: 'kvalitetsaftaler/organisation',
  formatVersion: 2,
  municipalityId: M,
  source: SOURCE,
  people: [
    { id: CHIEF, displayName: 'Susanne Strandkjær', jobTitle: 'Centerchef, Social- og Handicapcentret', locale: 'da' },
    { id: LEADER, displayName: 'Henrik Jørn Otto', jobTitle: 'Leder, Team Myndighed', locale: 'da' },
    demoStaff('hoeje-taastrup-demo-kommune', 'Høje-Taastrup Kommune', 'da'),
    demoQualityOffice('hoeje-taastrup-demo-kvalitet', 'Høje-Taastrup', 'da'),
    demoStaff('hoeje-taastrup-demo-shc', 'Social- og Handicapcentret', 'da'),
    demoStaff('hoeje-taastrup-demo-team-myndighed', 'Team Myndighed', 'da'),
  ],
  units: [
    {
      id: M,
      parentId: null,
      kind: 'municipality',
      name: 'Høje-Taastrup Kommune',
      leaderIds: [],
      approverId: null,
      memberIds: ['hoeje-taastrup-demo-kommune'],
      qualityOfficeIds: ['hoeje-taastrup-demo-kvalitet'],
      sortOrder: 1,
    },
    {
      id: SHC,
      parentId: M,
      kind: 'administration',
      name: 'Social- og Handicapcentret',
      description: 'SHC',
      leaderIds: [CHIEF],
      approverId: null,
      memberIds: ['hoeje-taastrup-demo-shc'],
      sortOrder: 1,
    },
    {
      id: UNIT,
      parentId: SHC,
      kind: 'unit',
      name: 'Team Myndighed',
      leaderIds: [LEADER],
      approverId: CHIEF,
      memberIds: ['hoeje-taastrup-demo-team-myndighed'],
      sortOrder: 1,
    },
  ],
  goalLevels: [
    {
      id: LEVEL_CENTRE,
      municipalityId: M,
      rank: 1,
      name: { da: 'Centrets mål', en: 'Centre goals' },
      description: { da: 'Fælles mål for det samlede SHC.', en: 'Shared goals of the whole Social- og Handicapcenter.' },
      ownerKind: 'administration',
    },
    {
      id: LEVEL_AGREEMENT,
      municipalityId: M,
      rank: 2,
      name: { da: 'Aftalens mål', en: 'Agreement goals' },
      description: {
        da: 'Enhedens mål: fælles mål fra centret og øvrige mål for enheden.',
        en: "The unit's goals: shared goals from the centre and the unit's own goals.",
      },
      ownerKind: 'unit',
    },
  ],
  agreements: [
    {
      source: SOURCE,
      id: AGR,
      unitId: UNIT,
      year: 2016,
      title: 'Aftale for Team Myndighed SHC',
      periodStart: '2016-01-01',
      periodEnd: '2016-12-31',
      status: 'in_effect',
      version: 1,
      documentDate: '2015-12-04',
      parties: [
        { role: 'chief', name: 'Susanne Strandkjær', personId: CHIEF, title: 'Centerchef' },
        { role: 'leader', name: 'Henrik Jørn Otto', personId: LEADER, title: 'Team Myndighed' },
      ],
      budget: { amount: null, currency: 'DKK', label: 'Økonomisk ramme', note: BUDGET_NOTE },
      sections: [
        {
          key: 'overskrifter',
          title: 'Overskrifter for aftalens mål',
          body:
            'Fælles mål:\n1 Borgeren i centrum via rehabilitering\n2 Faglig og økonomisk bæredygtighed ved hjælp af mål og opfølgning\n\n' +
            'Øvrige mål:\n1 Proaktiv klagesagsbehandling\n2 Brugerundersøgelse\n3 Effektmål og tæt samarbejde omkring brugeren\n4 Økonomi- og aktivitetsstyring version 2.0',
          sortOrder: 1,
        },
        { key: 'aftalens-maal', title: 'Aftalens mål', body: INTRO, sortOrder: 2 },
      ],
      publishBy: null,
    },
  ],
  goals: [
    // The centre's two goals (fælles mål for det samlede SHC).
    {
      id: C1,
      unitId: SHC,
      agreementId: null,
      levelId: LEVEL_CENTRE,
      year: 2016,
      number: '1',
      title: 'Borgeren i centrum via rehabilitering',
      origin: 'own',
      ownerId: CHIEF,
      sortOrder: 1,
    },
    {
      id: C2,
      unitId: SHC,
      agreementId: null,
      levelId: LEVEL_CENTRE,
      year: 2016,
      number: '2',
      title: 'Faglig og økonomisk bæredygtighed ved hjælp af mål og opfølgning',
      origin: 'own',
      ownerId: CHIEF,
      sortOrder: 2,
    },
    // Fælles mål, as Team Myndigheds agreement states them.
    {
      id: S1,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '1',
      title: 'Borgeren i centrum via rehabilitering',
      origin: 'shared',
      sharedFromUnitId: SHC,
      parentGoalIds: [C1],
      schema: {
        goal:
          'Målet er at opnå øget effekt af arbejdet med borgerne ved at udvikle den faglige indsats. Et af midlerne hertil er den rehabiliterende tilgang. SHC hjælper og støtter borgere med vidt forskellige problemstillinger. Grundlæggende for Centrets arbejde er, at udgangspunktet er borgeren og borgerens hele livssituation. Derfor skal borgerens ressourcer i spil, så den hjælp eller støtte der bliver givet, understøtter borgerens livskvalitet og positive udvikling. SHC har derfor, i lighed med blandt andre SUOC, valgt at arbejde ud fra en rehabiliterende tilgang, der tager afsæt i et tæt samarbejde med borgeren omkring indsatsen og de mål, der sættes. SHC har allerede gjort sig forskellige erfaringer med at arbejde rehabiliterende. Centret har i 2015 blandt andet afprøvet en systematik for samarbejdet med og omkring borgeren i en række konkrete borgerforløb. Dette arbejde fortsætter i 2016, samtidig med at Centret påbegynder implementeringen af en mere systematisk tilgang til rehabilitering i hele Centret. Erfaringer fra SUOC såvel som andre kommuner viser, at en systematisk anvendelse af rehabilitering som faglig tilgang har en positiv effekt på den indsats, der udføres i samarbejde med borgeren og andre aktører. Især den del af rehabilitering, som handler om en tættere koordinering både internt i kommunen og mellem kommune, borger og andre aktører, kan give positive resultater.\n\n' +
          'Samarbejdet skal være baseret på tydelige, og fælles mål, idet det kan give bedre resultater for borgeren og sikre en højere faglig kvalitet i indsatsen. SHC har valgt at målet i aftalen holder sig inden for det, SHC selv er herre over. Samtidig ser SHC en fordel i, at der i øjeblikket i Høje-Taastrup Kommune er stor opmærksomhed omkring nødvendigheden af at arbejde mere på tværs for at opnå bedst mulig effekt af indsatsen. Der er igangsat flere initiativer og indsatser, som arbejder i denne retning, og det er SHC s ambition at bidrage aktivt til, at det tværgående samarbejde både internt i kommunen og i forhold til borgeren og andre aktører udvikles yderligere i 2016 og frem. SHC s mål ligger i forlængelse af Direktionens strategibrev 2016 for så vidt angår det fælles fokusområde Mødet med borgeren. Den rehabiliterende tilgang er således Social- og Handicapcentret konkrete bud på fremtidens borgerkontakt. Målet spiller endvidere tæt sammen med mål 2 omkring mål og opfølgning nedenfor, idet arbejde med mål er en afgørende del af det rehabiliterende arbejde',
        actionPlan:
          'Samtidig med at Centret arbejder med at afprøve en ny systematik for samarbejdet med og omkring borgeren i en række konkrete borgerforløb, vil der i første halvdel af 2016 blive arbejdet med at kortlægge og analysere, hvad der skal til for at implementere rehabilitering fuldt ud i alle SHC s områder, og hvad der skal til for at komme videre i det tværgående samarbejde internt i kommunen og med eksterne samarbejdspartnere. En del af arbejdet vil være at udvikle/tilpasse nye arbejdsformer og værktøjer, men der skal også udarbejdes en langsigtet implementeringsplan. I anden halvdel af 2016 påbegyndes implementering af de nye arbejdsformer og værktøjer. Der er opsat følgende aktivitetsmål for 2016:\n\n' +
          'Aktivitetsmålene kan ændre sig i takt med, at projektet skrider frem, og der opnås flere erfaringer. Projektets analyse- og planlægningsfase løber til og med juni 2016. Varigheden af den efterfølgende gennemførelses- og implementeringsfase forventes at strække sig over flere år. ne er ikke defineret endnu, men det vil ske i begyndelsen af 2016 se punkt 1) neden for. Indtil videre er planen, at analyse- og planlægningsfasen vil bestå af følgende:\n\n' +
          'Analysefasen munder ud i en implementeringsplan, hvor de konkrete implementeringsindsatser vil være beskrevet.',
      },
      followUpMonths: [3, 6, 9, 12],
      followUpText:
        'Der vil blive fulgt op på projektet/målet som følger: Der er nedsat en intern styregruppe bestående af centerchef Susanne Strandkjær og centrets niveau-3 ledere, som mødes ca. 6 gange årligt for at følge op på projektet. Der vil løbende blive gjort status over for Sektor-MED. Projektet indgår i programmet Plan for Socialområdet for voksne 2014-2020. Der følges op kvartalsvis på programstyregruppemøder og via afrapportering til Direktionen. For så vidt angår aktivitetsmålene vil projektets styregruppe følge op på, om opgaven er løst. For så vidt angår de langsigtede effektmål, vil der blive fulgt op i forbindelse med den løbende opfølgning på den økonomiske effekt af den faglige udvikling, jf. Plan for socialområdet for voksne 2014-2020.',
      ownerId: CHIEF,
      sortOrder: 1,
    },
    {
      id: S2,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '2',
      title: 'Faglig og økonomisk bæredygtighed ved hjælp af mål og opfølgning',
      origin: 'shared',
      sharedFromUnitId: SHC,
      parentGoalIds: [C2],
      schema: {
        goal: 'Målet er at opnå øget effekt af forløbene omkring borgerne ved at udvikle den faglige indsats. Et af midlerne hertil er at opstille mål for indsatsen omkring borgeren og følge op på dem. SHC har gennem 2015 arbejdet med at skabe forudsætningerne for at alle medarbejdere i Centret bliver i stand til at opstille mål for indsatsen omkring den enkelte borger og følge op herpå. Aktuelt pågår en større kompetenceudviklingsindsats for alle medarbejdere og ledere i god dokumentation og målsætningsarbejde. Målet er i tråd med Direktionens strategibrev 2016, for så vidt angår 1) det fælles mål om bæredygtig kommune, her i betydningen økonomisk, faglig og social bæredygtighed, og 2) temaet en styrket organisation i betydningen effektive arbejdsgange og forbedret udnyttelse af IT.',
        signsAndIndicators:
          'Resultatmål for 2016 Der er opsat nedenstående resultatmål for 2016. Disse mål relaterer sig direkte til den kompetenceudviklingsindsats, som Centret gennemfører i 2015 og 2016 vedrørende målsætningsarbejde.',
        actionPlan:
          'Projektet befinder sig aktuelt i gennemførelses- og implementeringsfasen for så vidt angår indsatsen omkring målsætningsarbejde. Denne forventes at strække sig ind i 2017, før den er implementeret i bund. I 2016 igangsættes sideløbende en analysefase omkring borgerinddragelse og effektmåling, som forventes at tage det meste af året. Varigheden af den efterfølgende gennemførelses- og implementeringsfase er ikke fastlagt for nuværende, men forventes at strække sig over flere år. ne i 2016 er ikke endeligt fastlagt på nuværende tidspunkt, men omfatter blandt andet:',
      },
      followUpMonths: [3, 6, 9, 12],
      followUpText:
        'Der vil blive fulgt op på projektet/målet som følger: Projektets interne styregruppe bestående af centerchef Susanne Strandkjær og centrets niveau-3 ledere mødes 6 gange årligt for at følge op på projektet. Der vil løbende blive gjort status over for Sektor-MED. Projektet indgår i programmet Plan for Socialområdet for voksne 2014-2020. Der følges op kvartalsvis på programstyregruppemøder og via afrapportering til Direktionen. Angående resultatmålene, så vil der blive fulgt op herpå i forbindelse med den løbende opfølgning på den økonomiske effekt af den faglige udvikling, jf. Plan for socialområdet for voksne 2014-2020. Derudover skal projektets styregruppe ultimo 2015 tage stilling til, hvorledes man decentralt vil følge op på de konkrete resultatmål for 2016. For så vidt angår aktivitetsmålene for 2016, vil projektets styregruppe følge op på, om opgaverne er løst.',
      ownerId: CHIEF,
      sortOrder: 2,
    },
    // Øvrige mål
    {
      id: O1,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '1',
      title: 'Proaktiv klagesagsbehandling',
      origin: 'own',
      parentGoalIds: [C1],
      schema: {
        goal: 'Formålet er at sikre større tilfredshed hos borgerne og mindre ressourceforbrug for Teammyndighed til klagesagsbehandling. Målet er i første omgang at borgere, der ønsker at klage oplever sig som hørt, forstået og taget alvorligt. På lidt længere sigt er det hensigten, at afdelingens medarbejdere skærper fornemmelsen for, hvilke sager der kan blive til klagesager og bliver i stand til at imødegå dette med målrettede handlinger. Målet understøtter SHC s mål om den rehabiliterende tilgang ved at bidrage med viden om, hvordan samarbejdet med brugerne tilrettelægges bedst. Målet understøtter punktet Mødet med borgerne i Direktionens Strategibrev. Team Myndighed behandler hvert år en række klager fra borgerne over sagsbehandlingen (ikke ankesager). Det er afdelingens oplevelse at en stor del af disse klagesager kunne være undgået med en mere målrettet kommunikation eller dialog med borgeren eller hans pårørende. Der er udviklet forskellige redskaber til denne type dialog med borgerne. TMC arbejder fx med Styrket Borgerkontakt, Herlev Kommune arbejder med Styrket Borgerdialog og i Roskilde Kommune har man udviklet et lille enkelt redskab Klagedrevet Innovation til håndtering og læring af klagesager. Fælles for disse metoder er, at de alle bygger på viden og teori om konfliktløsning.',
      },
      followUpMonths: [6, 11],
      followUpText:
        'Ledelsen følger op på indsatserne i juni og november måned. Der udarbejdes statistik på baggrund af spørgeskemaer. Først i 2017 vil der være tilstrækkeligt materiale til, at det kan udgøre et statistisk grundlag. Materialet vurderes af Team Myndighed og centerchefen m.h.p. hvordan resultatet kan anvendes fremadrettet.',
      ownerId: LEADER,
      sortOrder: 3,
    },
    {
      id: O2,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '2',
      title: 'Brugerundersøgelse',
      origin: 'own',
      parentGoalIds: [C1],
      kind: 'activity',
      schema: {
        goal: 'Målet skal sikre viden til afdelingen, der kan bruges til at tilrettelægge en sagsbehandling med større brugertilfredshed og en mere effektiv brug af sagsbehandlernes tid. Målet understøtter SHC s mål om den rehabiliterende tilgang ved at bidrage med viden om, hvordan samarbejdet med brugerne tilrettelægges bedst. Målet understøtter ligeledes punktet Mødet med borgerne i Direktionens Strategibrev. Dette mål figurerede allerede i Team Myndigheds aftale for 2015 som en metode til opfølgning. Opfølgningen blev ikke gennemført på grund af ovennævnte udfordringer. I 2016 ønsker vi i stedet at gøre indsatsen til et selvstændigt mål.',
        signsAndIndicators:
          'Team Myndighed opstiller ikke i første omgang ikke mål for, hvilken grad af tilfredshed der ønskes hos borgerne. Tanken er at etablere en baseline og bl.a. på baggrund af resultatet etablere nye tiltag i forhold til brugernes tilfredshed. Undersøgelsen tænkes gentaget fx i 2018 for at måle en evt. udvikling på omrfådet.',
      },
      followUpMonths: [6, 11],
      followUpText:
        'Ledelsen følger op på målet i juni og november måned. Fremdriften i undersøgelsen og de foreløbige resultater drøftes mellem Projektlab, centerchefen og Team Myndighed.',
      ownerId: LEADER,
      sortOrder: 4,
    },
    {
      id: O3,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '3',
      title: 'Effektmål og tæt samarbejde omkring brugeren',
      origin: 'own',
      kind: 'effect',
      parentGoalIds: [C2],
      schema: {
        goal: 'Målet er at effektiviteten af de indsatser Team Myndighed bevilger øges gennem formulering af mål for borgeren og tæt samarbejde med leverandøren om indsatsen. Målet er en del af SHC s samlede indsats om faglig og økonomisk bæredygtighed ved hjælp af mål og opfølgning. Hensigten er at borgerne, gennem en tilrettelagt og målrettet indsats, udvikler færdigheder til i så høj grad som muligt at klare tilværelsen med egne ressourcer og på egne vilkår. Flere og flere borgere henvender sig til kommunen med behov for støtte fra det specialiserede socialområde. Mange støtteindsatser forløber over adskillige år. Det ser ud til, at hvis man først har fået en støtte, er det vanskeligt senere at komme til at klare sig uden. Det er en udfordring for den enkelte borger, hvis han er mere afhængig af offentlig støtte end nødvendigt og det er en udfordring for kommunens økonomi til området, der ser ud til fortsat at stige. Team Myndighed skal fokusere på hvordan borgeren hele tiden forbedrer sine muligheder for at klare sig på egne vilkår.',
        signsAndIndicators:
          'I tråd med SHC s aftale for 2016 forventer Team Myndighed at\n\nMålet skal opnås i 2016. Det forventes, at der i årene efter vil blive udviklet yderligere på metoden med målfastsættelse i brugernes sager.',
      },
      followUpMonths: [3, 6, 9, 12],
      followUpText:
        'Der følges op på arbejdet i marts, juni, september og december. Sagsbehandlerne i Team Myndighed holder faglig udviklingsmøde 1 gang om måneden. Teamchefen deltager på disse møder. I 2016 vil der være et fast punkt hvor det drøftes, hvordan det går med at skrive effektmål ud fra konkrete cases. På Visitationsmøderne indgår drøftelse og evt. ændringer af de mål, sagsbehandleren har sat i sagen. Formuleringen af de endelige mål ses fremadrettet som en del af bevillingen. Ledelsen i Team Myndighed har generelt et godt kendskab til de sager der aktuelt behandles i afdelingen og følger op, hvis der er tegn på at der ikke formuleres indsatsmål i alle sager som aftalt. Ledelsen for SHC s udførere og Team Myndigheds ledelse evaluerer samarbejdsaftalen hvert kvartal.',
      ownerId: LEADER,
      sortOrder: 5,
    },
    {
      id: O4,
      unitId: UNIT,
      agreementId: AGR,
      levelId: LEVEL_AGREEMENT,
      year: 2016,
      number: '4',
      title: 'Økonomi- og aktivitetsstyring version 2.0',
      origin: 'own',
      schema: {
        goal: 'Målet er at Team Myndighed rutinemæssigt producerer relevante aktivitets- og økonomi data og løser afregnings- og opkrævningsopgaver på en entydig og effektiv måde. Opgaverne skal kunne løses af de medarbejder ressourcer, der er til rådighed. Målet understøtter SHC s aftales øvrige mål: Økonomi- og aktivitetsstyring version 2.0. Team Myndighed er i 2015 i samarbejde med ØDC lykkedes med at etablere en sikker metode for budgetopfølgning. Det er betydningsfuldt, fordi området i forhold til økonomi er vanskeligt styrbart. Team Myndighed har fået en medarbejder i 2015 og 2016 til denne opgave. Ved udgangen af 2016 skal afdelingen klare sig uden denne ekstra medarbejder. Hvis det skal blive muligt er det nødvendigt at der findes effektiviseringer i den nuværende måde, at løse de økonomiskadministrative opgaver.',
        signsAndIndicators: 'Målene skal nås i 2016.',
      },
      followUpMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      followUpText:
        'Der følges op på udviklingen i samarbejde med ØDC på månedlige økonomimøder. Opfølgning sker gennem de løbende drøftelser i ledergruppen, med ØDC og med medarbejderne.',
      ownerId: LEADER,
      sortOrder: 6,
    },
  ],
  actions: [
    ...actions(S1, [
      '1) Projektet kickstartes med en planlægningsworkshop for projektets arbejdsgruppe, hvor den forandringsteori, som ledelsen har lavet udkast til, skal kvalificeres af medarbejderne Forandringsteorien vil danne grundlag for, at der kan laves en projektplan for analyse- og planlægningsfasen.',
      '2) Konkrete kortlægninger og analyser specificeres og sættes i gang',
      '3) Konkrete arbejdsformer og værktøjer, som siden hen kan implementeres i organisationens lokale enheder, udvikles',
    ]),
    ...actions(S2, [
      'De sidste kurser for ledere og medarbejdere i god dokumentation og målsætningsarbejde skal gennemføres',
      'Der skal udarbejdes en plan for implementering og opfølgning decentralt i områderne',
      'Der skal etableres løbende dataindsamling fra hvert område med henblik på løbende monitorering i forhold til resultatmålene for 2016',
      'Der skal ske en løbende kommunikation af resultater ud i organisationen og til det politiske niveau',
      'Der skal gennemføres en kortlægning af forskellige muligheder for effektmåling',
      'Der skal påbegyndes en kortlægning af forskellige muligheder for øget borgerinddragelse i arbejdet med mål og opfølgning på mål',
    ]),
    ...actions(O1, [
      { text: 'Team Myndigheds ledelse undersøger hvilken metode afdelingen skal anvende.', ownerText: 'Team Myndigheds ledelse' },
      'Der tages kontakt til interne og eksterne samarbejdsparter for at samle erfaringer.',
      'Der iværksættes undervisning af medarbejderne i den valgte metode.',
      'Metoden anvendes umiddelbart efter undervisning.',
      'Der udarbejdes spørgeskema borgerne til evaluering af metoden.',
      'Metoden høres i Handicaprådet og Udsatterådet.',
      'Resultater af evalueringen fremlægges for rådene, når de forligger.',
    ]),
    ...actions(O2, [
      {
        text: 'Team Myndigheds ledelse samarbejder med SHC s Projektlab om tilrettelæggelse og gennemførelse af undersøgelsen.',
        ownerText: 'Team Myndigheds ledelse',
      },
      'Undersøgelsen udarbejdes så den kan udgøre en baseline for 2016.',
      'Hvis det til den tid giver mening tænkes undersøgelsen gentaget i 2018, med henblik på den måde at kunne beskrive en udvikling.',
      'Undersøgelsen sammensættes så den består af både en narrativ del, der beskriver nogle brugeres oplevelser og en målingsdel, der måler på brugernes tilfredshed.',
      'Undersøgelsen høres i Handicap- og Udsatterådet forud for gennemførelsen.',
      'Når resultatet foreligger drøftes det igen i udvalgene.',
    ]),
    ...actions(O3, [
      {
        text: 'Ledelsen sætter fokus på målfastsættelse i sagerne. Dette sker ved vejledning af medarbejderne, ved fagteammøder og anden sparring.',
        ownerText: 'Ledelsen i Team Myndighed',
      },
      'Medarbejderne der behandler sager under Serviceloven deltager i undervisning, i fastsættelse af mål for borgeren.',
      'Team Myndighed udvikler i samarbejde med kommunens egne udførere en samarbejdsaftale, der kan sikre tæt dialog og hensigtsmæssige arbejdsgange i samarbejdet om brugerne.',
    ]),
    ...actions(O4, [
      'Der arbejdes videre med at implementere Calibra i bund, og der udvikles nye arbejdsgange',
      'Der laves vejledninger på alle paragraffer for oprettelse af borgere samt for principper for disponering og controlling',
      'Arbejdsgangene omkring regningsbetaling og opkrævning gennemgås og optimeres, og det vurderes om yderligere digitalisering er nødvendig.',
      'Der udarbejdes et årshjul for løsning af økonomiopgaver i Team Myndighed',
      'Det undersøges om et it-baseret opkrævnings- og betalingssystem kan effektivisere driften og udarbejdes evt. indstilling til køb af dette.',
      'Der arbejdes med etablering af LIS i samarbejde med ØDC og centerledelsen',
    ]),
  ],
  successCriteria: [
    ...criteria(S1, [
      [
        'effect',
        'Det er forudsat i Plan for Socialområdet for voksne 2014-2020, at Centret opnår en økonomisk effekt af den igangværende faglige udvikling. I 2016 drejer det sig om en besparelse på 7,3 mio. kr. set i forhold til udgangspunktet primo 2014. Besparelsen skal realiseres ved, at borgere flytter fra bomiljø til egen bolig, fra beskyttet beskæftigelse til beskæftigelse på det ordinære arbejdsmarked eller på anden vis opnår et lavere støttebehov. Der er i perioden 2014-2020 opsat konkrete måltal herfor. Den rehabiliterende tilgang er et vigtigt element i at opnå disse forandringer. Der er ikke på nuværende tidspunkt opstillet effektmål rettet mod kvaliteten i indsatsen, hvilket skyldes, at Centret i første omgang har koncentreret sig om at implementere de nødvendige organisatoriske forandringer. Centret arbejder videre med at få opstillet effektmål for kvaliteten i indsatsen.',
      ],
      [
        'activity',
        'Der er udarbejdet projektmandat og projektbeskrivelse (herunder milepælsplan), der beskriver indsatsen på tværs af SHC samt specifikt for de forskellige områder og med de forskellige målgrupper',
      ],
      [
        'activity',
        'Der er nedsat en arbejdsgruppe med bred repræsentation fra områderne, som skal bidrage til at definere, udvikle og implementere den rehabiliterende tilgang',
      ],
      ['activity', 'Der er påbegyndt en afklaring af, hvilke faglige metoder der allerede anvendes, deres vidensgrundlag samt relevante nye metoder'],
      [
        'activity',
        'Det er afdækket, hvordan samarbejde og koordinering sker i dag og mellem hvilke parter, samt hvordan samarbejde og koordinering kan styrkes og udvikles internt i SHC, internt i Høje-Taastrup Kommune og i forhold til eksterne samarbejdspartnere',
      ],
      [
        'activity',
        'Det er undersøgt og afklaret, hvordan og hvorvidt, der kan udarbejdes en fælles plan for borgeren 1) Internt i SHC, 2) Internt i Høje-Taastrup Kommune, 3) Eksternt med andre aktører såsom psykiatrien, praktiserende læge m.fl.',
      ],
      ['activity', 'Der er arbejdet videre med konkrete borgerforløb, og der er evalueret på systematikken omkring borgerforløbene'],
    ]),
    ...criteria(S2, [
      [
        'effect',
        'Projektet skal overordnet set bidrage til, at Centret opnår en økonomisk effekt af den igangværende faglige udvikling, jf. Plan for Socialområdet for voksne 2014-2020. I 2015 drejer det sig om en besparelse på 7,3 mio. kr. set i forhold til udgangspunktet primo 2014. Besparelsen skal realiseres ved, at borgere flytter fra bomiljø til egen bolig, fra beskyttet beskæftigelse til beskæftigelse på det ordinære arbejdsmarked eller på anden vis opnår et lavere støttebehov. Der er i perioden 2014-2020 opsat konkrete måltal herfor. sarbejde og løbende opfølgning på effekter er et vigtigt element i at opnå disse forandringer. Der er ikke på nuværende tidspunkt opstillet effektmål rettet mod borgeren, hvilket skyldes, at Centret i første omgang har koncentreret sig om at implementere de nødvendige organisatoriske forandringer. Centret arbejder videre med at få opstillet effektmål for effekten set i et borgerperspektiv.',
      ],
      [
        'result',
        '80 % af de medarbejdere, der deltager i kompetenceudviklingsindsatsen oplever ved udgangen af 2016, at der er kommet et mere fælles sprog og klarere arbejdsgange i dokumentationsarbejdet',
      ],
      [
        'result',
        'Ved udgangen af 2016 fremgår SMART indsatsmål i 80 % af alle nye bestillinger og i prioriterede opfølgningssager fra myndighed. Myndighed er opmærksom på ikke at gøre indsatsmålene for specifikke, idet det er udførers opgave at omsætte indsatsformålene til mere specifikke mål.',
      ],
      ['result', 'Ved udgangen af 2016 udarbejder tilbuddene SMART mål og delmål til 80 % af alle indsatsmål i nye bestillinger'],
      ['result', 'Ved udgangen af 2016 skrives minimum 50 % af alle dagbogsnotater på delmålsniveau'],
      [
        'activity',
        'Styregruppen har besluttet, hvordan der følges op på ovenstående resultatmål, og hvordan resultaterne kommunikeres til medarbejdere, ledere og politikere',
      ],
      ['activity', 'Den enkelte niveau 3 leder har lagt en plan for, hvordan de følger op med deres områdeledere'],
      ['activity', 'Alle niveau 4 ledere har lagt en plan for, hvordan de følger op i forhold til deres medarbejdere'],
      ['activity', 'Styregruppen har besluttet, hvorledes SHC fremadrettet skal arbejde med effektmåling'],
      ['activity', 'Der er igangsat et kortlægnings- og analysearbejde omkring, hvordan borgeren kan inddrages mere i arbejdet med mål og opfølgning herpå'],
    ]),
    ...criteria(O1, [
      ['result', 'Alle sagsbehandlende medarbejdere kender metoden og kan anvende den.'],
      ['result', 'Metoden anvendes i 90 % af alle klagesager. Der kan forekomme sager, hvor metoden ikke er hensigtsmæssig.'],
      ['activity', 'Alle borgere, der har oplevet metoden i anvendelse får tilsendt et enkelt spørgeskema om deres oplevelse af klagesagsbehandlingen.'],
      [
        'effect',
        '2/3 dele af borgerne, der har modtaget klagesagsbehandling efter metoden, oplever at have fået en god behandling af sagen, også selv om de ikke har opnået det, de i udgangspunktet ønskede.',
      ],
      ['activity', 'Inden sommerferien 2016 skal der være taget stilling til, hvilken metode der skal anvendes i afdelingen.'],
      ['activity', 'Metoden skal være afprøvet af nøglemedarbejdere.'],
      ['activity', 'Inden udgangen af 2016 skal alle sagsbehandlende medarbejdere kende og anvende metoden.'],
    ]),
    ...criteria(O2, [
      ['activity', 'Inden sommerferien 2016 skal undersøgelsen være tilrettelagt.'],
      ['activity', 'Undersøgelsen gennemføres i september og oktober måned.'],
      ['activity', 'Inden årets udgang skal der være udarbejdet en rapport om undersøgelsens resultat.'],
    ]),
    ...criteria(O3, [
      [
        'result',
        '80% af de medarbejdere, der deltager i kompetenceudviklingsindsatsen oplever, at der er kommet et mere fælles sprog og klarere arbejdsgange i dokumentationsarbejdet',
      ],
      ['result', 'der fremgår indsatsmål i 80% af alle nye bestillinger og i prioriterede opfølgningssager fra myndighed'],
      [
        'effect',
        'SHC s regnskab når målet for Økonomisk effekt som følge af faglig omstilling også kaldet Spiraleffekten jf. Plan for socialområdet 2014 2020.',
      ],
    ]),
    ...criteria(O4, [
      [
        'activity',
        'Team Myndighed skal i 1. kvartal udarbejde en plan for hvordan afdelingen kan løfte de mange nye økonomiopgaver, der er kommet til i kølvandet på den faglige omstilling, med de ressourcer, der er afsat.',
      ],
    ]),
  ],
};
