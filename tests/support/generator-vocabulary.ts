/**
 * Words the municipality generator draws from, in Danish and Swedish. The phrasing follows the source
 * documents in ../shared/seeds and the demo agreements in api/demo (Assens' goal schema and indicators,
 * Silkeborg's "Mål / Handlinger / Succeskriterier", Høje-Taastrup's shared and own goals, Österåker's
 * resultatmål and styrtal); the combinations are made up.
 */
export type GeneratorLocale = 'da' | 'sv';

/** One administration (forvaltning / förvaltning) with the kinds of units it runs. */
export type Domain = {
  administration: string;
  /** Areas (områder) under the administration; a number is added when there are more. */
  areas: string[];
  /** Unit names: a kind of place ("Børnehuset") combined with a place name. */
  institutions: string[];
  /** Departments of a unit (level five). */
  departments: string[];
  goals: string[];
  actions: string[];
  criteria: string[];
  indicators: { name: string; unit: string; valueType: 'number' | 'percentage' | 'scale'; direction: 'increase' | 'decrease' | 'keep'; source: string }[];
};

export type Vocabulary = {
  currency: 'DKK' | 'SEK';
  municipality: (place: string) => string;
  agreementTitle: (unit: string, year: number) => string;
  levels: string[];
  places: string[];
  firstNames: string[];
  lastNames: string[];
  jobTitles: { director: string; chief: string; leader: string; staff: string; quality: string };
  domains: Domain[];
  /** Sentences for profiles, missions, challenges and sections: sentence stems joined with a theme. */
  profileStems: string[];
  challengeStems: string[];
  missionStems: string[];
  sectionTitles: string[];
  comments: string[];
  mailDomain: (place: string) => string;
};

const da: Vocabulary = {
  currency: 'DKK',
  municipality: (p) => `${p} Kommune`,
  agreementTitle: (u, y) => `Kvalitetsaftale ${y} for ${u}`,
  levels: ['Vision', 'Målsætning', 'Servicemål', 'Kvalitets- og resultatmål'],
  places: ['Nørre', 'Søndre', 'Østre', 'Vestre', 'Bakke', 'Skov', 'Eng', 'Å', 'Fjord', 'Mølle', 'Kirke', 'Strand', 'Lunde', 'Holme', 'Hede', 'Bøge', 'Ege', 'Birke', 'Rosen', 'Kilde'],
  firstNames: ['Anne', 'Mette', 'Lone', 'Karen', 'Susanne', 'Hanne', 'Camilla', 'Louise', 'Maria', 'Sofie', 'Ida', 'Birgitte', 'Peter', 'Jens', 'Lars', 'Henrik', 'Søren', 'Niels', 'Michael', 'Thomas', 'Rasmus', 'Morten', 'Jesper', 'Anders', 'Kasper', 'Mads', 'Frederik', 'Christian', 'Helle', 'Pia'],
  lastNames: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen', 'Jakobsen', 'Mikkelsen', 'Frederiksen', 'Lund', 'Holm', 'Schmidt', 'Eriksen', 'Kjær', 'Bak'],
  jobTitles: { director: 'Kommunaldirektør', chief: 'Fagchef', leader: 'Leder', staff: 'Medarbejder', quality: 'Kvalitetskonsulent' },
  mailDomain: (p) => `${p.toLowerCase().replace(/[^a-z]/g, '')}.dk`,
  domains: [
    {
      administration: 'Børn og Unge',
      areas: ['Dagtilbud Nord', 'Dagtilbud Syd', 'Skoler Øst', 'Skoler Vest', 'Familie og Forebyggelse'],
      institutions: ['Børnehuset', 'Skole', 'Dagtilbud', 'Ungdomsskole', 'Fritidscenter', 'Sundhedspleje'],
      departments: ['Vuggestuen', 'Børnehaven', 'Indskolingen', 'Mellemtrinnet', 'Udskolingen', 'SFO', 'Team Tale og Sprog', 'Klubben'],
      goals: [
        'Flere elever læser alderssvarende',
        'Alle børn har en god og tryg overgang fra dagtilbud til skole',
        'Børns sproglige udvikling styrkes gennem hele dagen',
        'Fraværet blandt eleverne falder',
        'Forældre oplever et godt samarbejde med personalet',
        'Flere unge gennemfører en ungdomsuddannelse',
        'Trivslen blandt eleverne stiger',
        'Inklusion i almenmiljøet styrkes',
        'Børn bevæger sig mindst en time hver dag',
        'Tidlig indsats over for børn i udsatte positioner',
      ],
      actions: [
        'Læsebånd hver morgen i indskolingen',
        'Sprogvurdering af alle treårige og opfølgning i forældresamtalen',
        'Fælles overgangsmøder mellem dagtilbud og skole i foråret',
        'Fraværsopfølgning efter tre dages ulovligt fravær',
        'Forældremøder med fokus på trivsel og fællesskab',
        'Kompetenceudvikling i inkluderende læringsmiljøer for alle pædagoger',
        'Daglig bevægelse indarbejdes i ugeplanen',
        'Tværfaglige møder med PPR og sundhedsplejen hver måned',
      ],
      criteria: [
        'Min. 80 % af eleverne læser alderssvarende ved udgangen af skoleåret',
        'Alle børn har haft en overgangssamtale inden skolestart',
        'Fraværet er under 5 % i gennemsnit',
        'Forældretilfredsheden er mindst 4,0 på en skala fra 1 til 5',
        'Min. 95 % af de unge er i gang med en ungdomsuddannelse 15 måneder efter 9. klasse',
      ],
      indicators: [
        { name: 'Andel elever der læser alderssvarende', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Nationale test' },
        { name: 'Elevfravær', unit: '%', valueType: 'percentage', direction: 'decrease', source: 'Elevadministrationssystemet' },
        { name: 'Forældretilfredshed', unit: 'point', valueType: 'scale', direction: 'increase', source: 'Forældretilfredshedsundersøgelsen' },
        { name: 'Antal børn med sprogindsats', unit: 'børn', valueType: 'number', direction: 'keep', source: 'Sprogvurderinger' },
        { name: 'Elevtrivsel (den nationale trivselsmåling)', unit: 'point', valueType: 'scale', direction: 'increase', source: 'Den nationale trivselsmåling' },
        { name: 'Antal underretninger', unit: 'sager', valueType: 'number', direction: 'decrease', source: 'Fagsystemet' },
      ],
    },
    {
      administration: 'Social og Sundhed',
      areas: ['Hjemmepleje', 'Plejecentre', 'Socialpsykiatri', 'Handicap', 'Sundhed og Forebyggelse'],
      institutions: ['Plejecenter', 'Hjemmeplejen', 'Bostedet', 'Sundhedscenter', 'Aktivitetscenter', 'Rehabiliteringsteam'],
      departments: ['Dagvagt', 'Aftenvagt', 'Nattevagt', 'Team Nord', 'Team Syd', 'Demensafsnittet', 'Træning', 'Sygeplejen'],
      goals: [
        'Borgerne bevarer deres funktionsevne længst muligt',
        'Færre forebyggelige indlæggelser',
        'Borgerne oplever sammenhæng i plejen',
        'Sygefraværet blandt medarbejderne falder',
        'Flere borgere bliver selvhjulpne efter et rehabiliteringsforløb',
        'Beboerne oplever en meningsfuld hverdag',
        'Medicinhåndteringen er sikker',
        'Pårørende inddrages i plejen',
        'Færre fald blandt ældre borgere',
        'Borgere med psykiske vanskeligheder kommer i uddannelse eller beskæftigelse',
      ],
      actions: [
        'Hverdagsrehabilitering for alle nye borgere i hjemmeplejen',
        'Tidlig opsporing med triagering på tavlemøder hver morgen',
        'Faldforebyggende træning to gange om ugen',
        'Pårørendesamtale inden for fire uger efter indflytning',
        'Medicingennemgang ved sygeplejerske hvert kvartal',
        'Sundhedssamtaler for medarbejdere med højt fravær',
        'Fælles dokumentation i omsorgssystemet efter hvert besøg',
        'Aktivitetstilbud hver eftermiddag på alle afdelinger',
      ],
      criteria: [
        'Min. 60 % af forløbene afsluttes uden behov for fortsat hjælp',
        'Antallet af forebyggelige indlæggelser falder med 10 %',
        'Sygefraværet er under 6 %',
        'Ingen utilsigtede hændelser med alvorlig skade i medicinhåndteringen',
        'Min. 85 % af beboerne er tilfredse med hverdagen',
      ],
      indicators: [
        { name: 'Andel afsluttede rehabiliteringsforløb', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Omsorgssystemet' },
        { name: 'Forebyggelige indlæggelser pr. 1.000 borgere over 65 år', unit: 'indlæggelser', valueType: 'number', direction: 'decrease', source: 'Sundhedsdatastyrelsen' },
        { name: 'Sygefravær', unit: '%', valueType: 'percentage', direction: 'decrease', source: 'Lønsystemet' },
        { name: 'Borgertilfredshed', unit: 'point', valueType: 'scale', direction: 'increase', source: 'Brugertilfredshedsundersøgelsen' },
        { name: 'Antal faldulykker', unit: 'fald', valueType: 'number', direction: 'decrease', source: 'Utilsigtede hændelser' },
        { name: 'Visiterede timer pr. uge', unit: 'timer', valueType: 'number', direction: 'keep', source: 'Visitationen' },
      ],
    },
    {
      administration: 'Beskæftigelse og Borgerservice',
      areas: ['Jobcentret', 'Ungeindsatsen', 'Ydelse', 'Borgerservice', 'Integration'],
      institutions: ['Jobcenter', 'Ungecenter', 'Borgerservice', 'Ydelseskontor', 'Virksomhedsservice', 'Sprogcenter'],
      departments: ['Team Myndighed', 'Team Sygedagpenge', 'Team Unge', 'Team Virksomhed', 'Team Ledighed', 'Team Integration', 'Kundecentret', 'Pas og Kørekort'],
      goals: [
        'Flere ledige kommer i job',
        'Varigheden af sygedagpengeforløb nedbringes',
        'Flere unge uden uddannelse påbegynder en uddannelse',
        'Virksomhederne er tilfredse med Jobcentrets service',
        'Borgerne får svar inden for servicemålene',
        'Flere borgere bruger de digitale selvbetjeningsløsninger',
        'Udgifterne til forsørgelse reduceres',
        'Flere flygtninge og indvandrere er selvforsørgende',
        'Sagsbehandlingen er korrekt første gang',
        'Borgerne oplever en værdig behandling',
      ],
      actions: [
        'Første samtale inden for to uger efter ledighed',
        'Virksomhedskonsulenter besøger ti nye virksomheder om måneden',
        'Delvis raskmelding drøftes i alle sager efter otte uger',
        'Uddannelsesvejledning i samarbejde med erhvervsskolerne',
        'Digital selvbetjening vises frem ved hver henvendelse i Borgerservice',
        'Kvalitetstjek af ti tilfældige sager pr. sagsbehandler hvert kvartal',
        'Sprogpraktik kombineret med danskundervisning',
        'Opfølgning på klagesager på teammødet hver uge',
      ],
      criteria: [
        'Antallet af sygedagpengesager over 52 uger falder med 10 %',
        'Min. 80 % af virksomhederne er tilfredse med servicen',
        'Svartiden i telefonen er under tre minutter',
        'Omgørelsesprocenten i Ankestyrelsen er under 20 %',
        'Min. 50 % af de unge er i uddannelse efter et år',
      ],
      indicators: [
        { name: 'Antal sygedagpengesager over 52 uger', unit: 'sager', valueType: 'number', direction: 'decrease', source: 'Jobindsats.dk' },
        { name: 'Gennemsnitlig varighed på sygedagpenge', unit: 'uger', valueType: 'number', direction: 'decrease', source: 'Jobindsats.dk' },
        { name: 'Andel af virksomhederne, der er tilfredse med Jobcentrets service', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Virksomhedsundersøgelse' },
        { name: 'Gennemsnitlig ventetid i telefonen', unit: 'minutter', valueType: 'number', direction: 'decrease', source: 'Telefonisystemet' },
        { name: 'Andel digitale henvendelser', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Selvbetjeningsstatistik' },
        { name: 'Helårspersoner på offentlig forsørgelse', unit: 'helårspersoner', valueType: 'number', direction: 'decrease', source: 'Jobindsats.dk' },
      ],
    },
    {
      administration: 'Kultur og Fritid',
      areas: ['Biblioteker', 'Idræt og Haller', 'Kulturhuse', 'Museer og Arkiv', 'Foreningsliv'],
      institutions: ['Bibliotek', 'Idrætscenter', 'Kulturhus', 'Museum', 'Musikskole', 'Svømmehal'],
      departments: ['Børnebiblioteket', 'Udlån', 'Arrangementer', 'Drift', 'Booking', 'Formidling', 'Undervisning', 'Café'],
      goals: [
        'Flere borgere bruger kulturtilbuddene',
        'Foreningslivet har gode rammer',
        'Flere børn og unge dyrker idræt i en forening',
        'Bibliotekerne er et åbent mødested for alle',
        'Kulturarven formidles til nye målgrupper',
        'Faciliteterne udnyttes bedre',
        'Frivillige bidrager til aktiviteterne',
        'Borgerne er tilfredse med åbningstiderne',
        'Energiforbruget i bygningerne falder',
        'Flere arrangementer skabes i samarbejde med borgerne',
      ],
      actions: [
        'Åbent bibliotek fra klokken 7 til 22 alle ugens dage',
        'Fælles bookingsystem for haller og mødelokaler',
        'Kulturpas til alle elever i 4. klasse',
        'Frivilligaften to gange om året',
        'Energigennemgang af alle bygninger',
        'Samarbejde med skolerne om formidlingsforløb',
      ],
      criteria: [
        'Antallet af besøgende stiger med 5 %',
        'Udnyttelsesgraden i hallerne er mindst 75 %',
        'Min. 70 % af børnene dyrker idræt i en forening',
        'Energiforbruget falder med 3 % om året',
      ],
      indicators: [
        { name: 'Antal besøgende', unit: 'besøg', valueType: 'number', direction: 'increase', source: 'Besøgstællere' },
        { name: 'Udnyttelsesgrad i hallerne', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Bookingsystemet' },
        { name: 'Antal arrangementer', unit: 'arrangementer', valueType: 'number', direction: 'increase', source: 'Arrangementskalenderen' },
        { name: 'Brugertilfredshed', unit: 'point', valueType: 'scale', direction: 'increase', source: 'Brugerundersøgelse' },
        { name: 'Energiforbrug', unit: 'MWh', valueType: 'number', direction: 'decrease', source: 'Energistyringssystemet' },
      ],
    },
    {
      administration: 'Teknik og Miljø',
      areas: ['Vej og Park', 'Byggesag', 'Natur og Miljø', 'Affald og Genbrug', 'Ejendomme'],
      institutions: ['Materielgården', 'Byggesagsafdelingen', 'Genbrugsstationen', 'Naturcenter', 'Ejendomsdrift', 'Trafikafdelingen'],
      departments: ['Vintertjeneste', 'Grønne områder', 'Byggetilladelser', 'Tilsyn', 'Planlægning', 'Værksted', 'Rengøring', 'Projekter'],
      goals: [
        'Byggesager behandles hurtigere',
        'Flere husstande sorterer deres affald',
        'Vejene er sikre at færdes på',
        'Naturen i kommunen får bedre vilkår',
        'Borgerne oplever god service ved henvendelser',
        'CO2-udledningen fra kommunens bygninger falder',
        'Flere cykler til arbejde og skole',
        'Klimatilpasningen beskytter mod oversvømmelser',
        'Vedligeholdelsen af bygningerne følger planen',
        'Genanvendelsen stiger',
      ],
      actions: [
        'Digital ansøgning om byggetilladelse med tjekliste',
        'Sortering i ti fraktioner ved alle husstande',
        'Trafiksikkerhedsgennemgang af skoleveje',
        'Naturpleje på kommunens arealer efter plejeplanen',
        'Energirenovering af tre bygninger om året',
        'Kampagne for cykling til skole i september',
      ],
      criteria: [
        'Sagsbehandlingstiden for enfamiliehuse er under 40 dage',
        'Genanvendelsen er mindst 55 %',
        'Antallet af trafikulykker falder',
        'CO2-udledningen falder med 5 % om året',
      ],
      indicators: [
        { name: 'Sagsbehandlingstid for byggesager', unit: 'dage', valueType: 'number', direction: 'decrease', source: 'Byg og Miljø' },
        { name: 'Genanvendelsesprocent', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Affaldsdatasystemet' },
        { name: 'Antal trafikuheld', unit: 'uheld', valueType: 'number', direction: 'decrease', source: 'Politiets registreringer' },
        { name: 'CO2-udledning fra kommunale bygninger', unit: 'ton', valueType: 'number', direction: 'decrease', source: 'Energistyringssystemet' },
        { name: 'Borgertilfredshed med henvendelser', unit: 'point', valueType: 'scale', direction: 'increase', source: 'Borgerpanel' },
      ],
    },
  ],
  profileStems: [
    'Enheden løser opgaver inden for {theme} for borgere i hele kommunen.',
    'Vi arbejder ud fra kommunens værdier om tillid, faglighed og ordentlighed.',
    'Medarbejderne har en bred faglig baggrund, og vi lægger vægt på tværfagligt samarbejde.',
    'Året har været præget af nye opgaver og en øget efterspørgsel efter vores ydelser.',
    'Vi bruger data systematisk til at følge op på, om indsatsen gør en forskel for borgerne.',
    'Dialogen med brugerbestyrelsen og MED-udvalget er en fast del af vores årshjul.',
    'Vi vil fortsat udvikle vores arbejde med {theme}, så kvaliteten bliver synlig for borgerne.',
  ],
  challengeStems: [
    'Rekruttering og fastholdelse af medarbejdere med de rette kompetencer.',
    'Stigende efterspørgsel inden for en uændret økonomisk ramme.',
    'Omlægning til nye digitale arbejdsgange.',
    'At dokumentere effekten af indsatsen over for borgere og politikere.',
    'Sammenhæng mellem {theme} og de øvrige tilbud i kommunen.',
  ],
  missionStems: [
    'Vi skaber værdi for borgerne gennem {theme} af høj faglig kvalitet.',
    'Vores opgave er at sikre {theme} med borgeren i centrum.',
    'Vi er en del af fællesskabet og løfter {theme} i tæt samarbejde med borgere, pårørende og samarbejdspartnere.',
  ],
  sectionTitles: ['Indhold', 'Rammerne for ledelsens arbejde', 'Opfølgning og dialog', 'Måling'],
  comments: ['Tallet er korrigeret efter kvalitetstjek.', 'Ny registreringspraksis fra denne måned.', 'Færre medarbejdere i perioden på grund af sygdom.', 'Målingen er foretaget af kvalitetskonsulenten.'],
};

const sv: Vocabulary = {
  currency: 'SEK',
  municipality: (p) => `${p}s kommun`,
  agreementTitle: (u, y) => `Verksamhetsplan ${y} för ${u}`,
  levels: ['Vision', 'Inriktningsmål', 'Resultatmål (nämnd)', 'Resultatmål (enhet)'],
  places: ['Norra', 'Södra', 'Östra', 'Västra', 'Backa', 'Skogs', 'Ängs', 'Åkers', 'Sjö', 'Kvarn', 'Kyrk', 'Strand', 'Lunda', 'Holma', 'Hed', 'Bok', 'Ek', 'Björk', 'Ros', 'Käll'],
  firstNames: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Emma', 'Kristina', 'Elin', 'Johanna', 'Ingrid', 'Malin', 'Erik', 'Lars', 'Karl', 'Anders', 'Johan', 'Per', 'Mikael', 'Nils', 'Jonas', 'Fredrik', 'Magnus', 'Oskar', 'Henrik', 'Olof', 'Gustav', 'Axel', 'Linnea', 'Sofia'],
  lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Lindberg', 'Lindström', 'Lindqvist', 'Berg', 'Axelsson', 'Bergström', 'Lundberg', 'Lind', 'Lundgren', 'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg'],
  jobTitles: { director: 'Kommundirektör', chief: 'Förvaltningschef', leader: 'Enhetschef', staff: 'Medarbetare', quality: 'Kvalitetsutvecklare' },
  mailDomain: (p) => `${p.toLowerCase().replace(/[^a-z]/g, '')}.se`,
  domains: [
    {
      administration: 'Barn och utbildning',
      areas: ['Förskola norr', 'Förskola söder', 'Grundskola öst', 'Grundskola väst', 'Elevhälsa'],
      institutions: ['Förskolan', 'Skolan', 'Fritidshemmet', 'Gymnasiet', 'Kulturskolan', 'Elevhälsan'],
      departments: ['Småbarnsavdelningen', 'Syskonavdelningen', 'Lågstadiet', 'Mellanstadiet', 'Högstadiet', 'Fritids', 'Språkteamet', 'Fritidsgården'],
      goals: [
        'Fler elever når kunskapskraven i alla ämnen',
        'Alla barn har en trygg övergång från förskola till skola',
        'Barnens språkutveckling stärks under hela dagen',
        'Frånvaron bland eleverna minskar',
        'Vårdnadshavare upplever ett gott samarbete',
        'Fler unga fullföljer gymnasiet',
        'Elevernas trivsel ökar',
        'Alla elever får det stöd de behöver i ordinarie undervisning',
        'Barnen rör sig minst en timme varje dag',
        'Tidiga insatser för barn i utsatta situationer',
      ],
      actions: [
        'Läsfrämjande arbete varje morgon i lågstadiet',
        'Språkkartläggning av alla treåringar och uppföljning vid utvecklingssamtalet',
        'Gemensamma överlämningsmöten mellan förskola och skola under våren',
        'Frånvarouppföljning efter tre dagars ogiltig frånvaro',
        'Föräldramöten med fokus på trivsel och gemenskap',
        'Kompetensutveckling i inkluderande lärmiljöer för all personal',
      ],
      criteria: [
        'Minst 80 % av eleverna når kunskapskraven i svenska',
        'Alla barn har haft ett överlämningssamtal före skolstart',
        'Frånvaron är under 5 % i genomsnitt',
        'Nöjdheten bland vårdnadshavare är minst 4,0 på en skala från 1 till 5',
      ],
      indicators: [
        { name: 'Andel elever som når kunskapskraven', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Skolverket' },
        { name: 'Elevfrånvaro', unit: '%', valueType: 'percentage', direction: 'decrease', source: 'Skoladministrativt system' },
        { name: 'Nöjdhet bland vårdnadshavare', unit: 'poäng', valueType: 'scale', direction: 'increase', source: 'Enkät till vårdnadshavare' },
        { name: 'Antal barn med språkinsats', unit: 'barn', valueType: 'number', direction: 'keep', source: 'Språkkartläggning' },
      ],
    },
    {
      administration: 'Vård och omsorg',
      areas: ['Hemtjänst', 'Särskilt boende', 'Socialpsykiatri', 'Funktionsstöd', 'Hälsa och förebyggande'],
      institutions: ['Äldreboendet', 'Hemtjänsten', 'Gruppbostaden', 'Hälsocentralen', 'Dagverksamheten', 'Rehabteamet'],
      departments: ['Dagpass', 'Kvällspass', 'Nattpass', 'Team norr', 'Team söder', 'Demensavdelningen', 'Träning', 'Sjuksköterskor'],
      goals: [
        'Brukarna behåller sin förmåga så länge som möjligt',
        'Färre undvikbara sjukhusinläggningar',
        'Brukarna upplever kontinuitet i omsorgen',
        'Sjukfrånvaron bland medarbetarna minskar',
        'Fler brukare klarar sig själva efter rehabilitering',
        'De boende upplever en meningsfull vardag',
        'Läkemedelshanteringen är säker',
        'Anhöriga görs delaktiga i omsorgen',
      ],
      actions: [
        'Vardagsrehabilitering för alla nya brukare i hemtjänsten',
        'Fallförebyggande träning två gånger i veckan',
        'Anhörigsamtal inom fyra veckor efter inflyttning',
        'Läkemedelsgenomgång av sjuksköterska varje kvartal',
        'Hälsosamtal för medarbetare med hög frånvaro',
        'Aktiviteter varje eftermiddag på alla avdelningar',
      ],
      criteria: [
        'Minst 60 % av insatserna avslutas utan fortsatt behov',
        'Sjukfrånvaron är under 6 %',
        'Inga avvikelser med allvarlig skada i läkemedelshanteringen',
        'Minst 85 % av de boende är nöjda med vardagen',
      ],
      indicators: [
        { name: 'Andel avslutade rehabiliteringsinsatser', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Verksamhetssystemet' },
        { name: 'Sjukfrånvaro', unit: '%', valueType: 'percentage', direction: 'decrease', source: 'Lönesystemet' },
        { name: 'Brukarnöjdhet', unit: 'poäng', valueType: 'scale', direction: 'increase', source: 'Socialstyrelsens brukarundersökning' },
        { name: 'Antal fallolyckor', unit: 'fall', valueType: 'number', direction: 'decrease', source: 'Avvikelsesystemet' },
      ],
    },
    {
      administration: 'Arbetsmarknad och medborgarservice',
      areas: ['Arbetsmarknadsenheten', 'Ungdomsinsatser', 'Försörjningsstöd', 'Kontaktcenter', 'Integration'],
      institutions: ['Jobbcentrum', 'Ungdomscentrum', 'Kontaktcenter', 'Försörjningsstödsenheten', 'Företagsservice', 'SFI'],
      departments: ['Team myndighet', 'Team unga', 'Team företag', 'Team integration', 'Kundtjänst', 'Mottagning', 'Handläggning', 'Uppföljning'],
      goals: [
        'Fler arbetslösa kommer i arbete',
        'Fler unga utan utbildning påbörjar studier',
        'Företagen är nöjda med kommunens service',
        'Medborgarna får svar inom servicedeklarationens tider',
        'Fler använder de digitala e-tjänsterna',
        'Kostnaderna för försörjningsstöd minskar',
        'Fler nyanlända blir självförsörjande',
        'Handläggningen blir rätt från början',
      ],
      actions: [
        'Första samtal inom två veckor efter inskrivning',
        'Företagsbesök hos tio nya företag i månaden',
        'Studievägledning i samarbete med vuxenutbildningen',
        'E-tjänsterna visas vid varje besök i kontaktcenter',
        'Kvalitetsgranskning av tio ärenden per handläggare och kvartal',
        'Språkpraktik kombinerad med SFI',
      ],
      criteria: [
        'Minst 80 % av företagen är nöjda med servicen',
        'Svarstiden i telefon är under tre minuter',
        'Minst 50 % av de unga studerar efter ett år',
        'Antalet hushåll med långvarigt försörjningsstöd minskar med 10 %',
      ],
      indicators: [
        { name: 'Antal hushåll med försörjningsstöd', unit: 'hushåll', valueType: 'number', direction: 'decrease', source: 'Verksamhetssystemet' },
        { name: 'Andel nöjda företag', unit: '%', valueType: 'percentage', direction: 'increase', source: 'Insikt (SKR)' },
        { name: 'Genomsnittlig väntetid i telefon', unit: 'minuter', valueType: 'number', direction: 'decrease', source: 'Telefonisystemet' },
        { name: 'Andel digitala ärenden', unit: '%', valueType: 'percentage', direction: 'increase', source: 'E-tjänstestatistik' },
      ],
    },
  ],
  profileStems: [
    'Enheten arbetar med {theme} för invånare i hela kommunen.',
    'Vi utgår från kommunens värdegrund om bemötande, kvalitet och delaktighet.',
    'Medarbetarna har bred kompetens och vi lägger stor vikt vid samarbete över gränserna.',
    'Året har präglats av nya uppdrag och en ökad efterfrågan på våra tjänster.',
    'Vi använder analyshjulet för att följa upp om insatserna gör skillnad för invånarna.',
    'Dialogen med brukarråd och samverkansgrupp är en fast del av årshjulet.',
    'Vi fortsätter att utveckla {theme} så att kvaliteten blir synlig för invånarna.',
  ],
  challengeStems: [
    'Att rekrytera och behålla medarbetare med rätt kompetens.',
    'Ökad efterfrågan inom oförändrad budgetram.',
    'Omställning till nya digitala arbetssätt.',
    'Att visa effekten av insatserna för invånare och politiker.',
    'Samordning mellan {theme} och kommunens övriga verksamheter.',
  ],
  missionStems: [
    'Vi skapar värde för invånarna genom {theme} av hög kvalitet.',
    'Vårt uppdrag är att säkra {theme} med invånaren i centrum.',
    'Vi bedriver {theme} i nära samverkan med invånare, anhöriga och samarbetspartner.',
  ],
  sectionTitles: ['Uppdrag', 'Förutsättningar för ledningens arbete', 'Uppföljning och dialog', 'Mätning'],
  comments: ['Värdet är rättat efter kvalitetskontroll.', 'Ny registreringsrutin från denna månad.', 'Färre medarbetare under perioden på grund av sjukdom.', 'Mätningen är gjord av kvalitetsutvecklaren.'],
};

export const VOCABULARY: Record<GeneratorLocale, Vocabulary> = { da, sv };
