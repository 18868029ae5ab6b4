/** The tab's words in Danish, Swedish and English, and locale-aware formatting. */
export type Lang = 'da' | 'sv' | 'en';

export function pickLang(tag: string | null | undefined): Lang {
  const l = (tag ?? 'en').slice(0, 2).toLowerCase();
  return l === 'da' || l === 'sv' ? l : 'en';
}

const T = {
  appTitle: ['Kvalitetsaftaler', 'Verksamhetsplaner', 'Quality agreements'],
  devSignIn: ['Udviklingslogin – ikke til drift. Du handler som:', 'Utvecklingsinloggning – inte för drift. Du agerar som:', 'Development sign-in – not for production. You act as:'],
  navMyUnits: ['Mine enheder', 'Mina enheter', 'My units'],
  navOverview: ['Overblik', 'Översikt', 'Overview'],
  navWheel: ['Årshjul', 'Årshjul', 'Annual wheel'],
  navSetup: ['Opsætning', 'Inställningar', 'Setup'],
  navRedThread: ['Den røde tråd', 'Den röda tråden', 'Red thread'],
  loading: ['Henter …', 'Hämtar …', 'Loading …'],
  open: ['Åbn', 'Öppna', 'Open'],
  back: ['Tilbage', 'Tillbaka', 'Back'],
  save: ['Gem', 'Spara', 'Save'],
  cancel: ['Annuller', 'Avbryt', 'Cancel'],
  edit: ['Redigér', 'Redigera', 'Edit'],
  saved: ['Gemt', 'Sparat', 'Saved'],
  noAgreement: ['Ingen aftale endnu', 'Ingen verksamhetsplan ännu', 'No agreement yet'],
  noUnits: ['Du er ikke knyttet til nogen enhed endnu.', 'Du är inte kopplad till någon enhet ännu.', 'You are not linked to any unit yet.'],
  roleLeader: ['Leder', 'Chef', 'Leader'],
  roleMember: ['Medarbejder', 'Medarbetare', 'Staff'],
  roleApprover: ['Godkender', 'Godkännare', 'Approver'],
  unitDescription: ['Beskrivelse af enheden', 'Beskrivning av enheten', 'Unit description'],
  missionVision: ['Mission og vision', 'Uppdrag och vision', 'Mission and vision'],
  mission: ['Mission', 'Uppdrag', 'Mission'],
  vision: ['Vision', 'Vision', 'Vision'],
  facts: ['Fakta', 'Fakta', 'Facts'],
  profile: ['Profil', 'Profil', 'Profile'],
  challenges: ['De tre største udfordringer', 'De tre största utmaningarna', 'The three biggest challenges'],
  signals: ['Signaler til byrådet', 'Signaler till fullmäktige', 'Signals to the council'],
  statements: ['Udtalelser', 'Yttranden', 'Statements'],
  parties: ['Parter', 'Parter', 'Parties'],
  signatures: ['Underskrifter', 'Underskrifter', 'Signatures'],
  notSigned: ['Ikke underskrevet', 'Inte underskriven', 'Not signed'],
  signedVersion: ['underskrevet version {v} den {d}', 'undertecknad version {v} den {d}', 'signed version {v} on {d}'],
  frameworkConditions: ['Rammebetingelser', 'Förutsättningar', 'Framework conditions'],
  keyFigures: ['Nøgletal', 'Nyckeltal', 'Key figures'],
  budget: ['Økonomisk ramme', 'Budgetram', 'Budget frame'],
  noAmount: ['Intet beløb angivet', 'Inget belopp angivet', 'No amount given'],
  goals: ['Mål', 'Mål', 'Goals'],
  sharedGoals: ['Fælles mål', 'Gemensamma mål', 'Shared goals'],
  ownGoals: ['Øvrige mål', 'Egna mål', 'Own goals'],
  sharedFrom: ['Fra {unit}', 'Från {unit}', 'From {unit}'],
  parentGoal: ['Bidrager til', 'Bidrar till', 'Contributes to'],
  goal: ['Mål', 'Mål', 'Goal'],
  actions: ['Handlinger', 'Aktiviteter', 'Actions'],
  successCriteria: ['Succeskriterier', 'Styrtal', 'Success criteria'],
  indicators: ['Tegn og indikatorer', 'Resultatindikatorer', 'Indicators'],
  otherSections: ['Øvrige afsnit', 'Övriga avsnitt', 'Other sections'],
  period: ['Periode', 'Period', 'Period'],
  version: ['Version', 'Version', 'Version'],
  owner: ['Ansvarlig', 'Ansvarig', 'Owner'],
  due: ['Frist', 'Senast', 'Due'],
  status: ['Status', 'Status', 'Status'],
  followUp: ['Opfølgning', 'Uppföljning', 'Follow-up'],
  followUpMonths: ['Opfølgningsmåneder', 'Uppföljningsmånader', 'Follow-up months'],
  baseline: ['Udgangspunkt', 'Utgångsläge', 'Baseline'],
  target: ['Målværdi', 'Målvärde', 'Target'],
  latest: ['Seneste', 'Senaste', 'Latest'],
  dataSource: ['Datakilde', 'Datakälla', 'Data source'],
  frequency: ['Måles', 'Mäts', 'Measured'],
  unitOfMeasure: ['Enhed', 'Enhet', 'Unit'],
  measureType: ['Måletype', 'Måttyp', 'Measure type'],
  value: ['Værdi', 'Värde', 'Value'],
  comment: ['Kommentar', 'Kommentar', 'Comment'],
  report: ['Indberet', 'Rapportera', 'Report'],
  reported: ['Indberettet', 'Rapporterat', 'Reported'],
  measurementSaved: ['{value} indberettet for {period}', '{value} rapporterat för {period}', '{value} reported for {period}'],
  noMeasurements: ['Ingen målinger endnu', 'Inga mätningar ännu', 'No measurements yet'],
  measurementHistory: ['Alle målinger med kommentarer og rettelser', 'Alla mätningar med kommentarer och rättelser', 'All measurements with comments and corrections'],
  enteredBy: ['Indberettet af', 'Rapporterat av', 'Entered by'],
  earlierValues: ['Tidligere værdier', 'Tidigare värden', 'Earlier values'],
  chartTitle: ['Målinger mod målværdi', 'Mätningar mot målvärde', 'Measurements against target'],
  conflictTitle: ['En anden har ændret det samme', 'Någon annan har ändrat samma sak', 'Someone else changed the same thing'],
  conflictText: ['Vælg hvilken udgave der skal gælde. Intet er overskrevet endnu.', 'Välj vilken version som ska gälla. Inget har skrivits över ännu.', 'Choose which version should stand. Nothing has been overwritten yet.'],
  yourVersion: ['Din udgave', 'Din version', 'Your version'],
  theirVersion: ['Den gemte udgave', 'Den sparade versionen', 'The saved version'],
  keepMine: ['Behold min', 'Behåll min', 'Keep mine'],
  takeTheirs: ['Brug den gemte', 'Använd den sparade', 'Use the saved one'],
  overviewTitle: ['Enheder under {unit}', 'Enheter under {unit}', 'Units below {unit}'],
  unit: ['Enhed', 'Enhet', 'Unit'],
  agreement: ['Aftale', 'Verksamhetsplan', 'Agreement'],
  goalsOffTrack: ['Mål ude af kurs', 'Mål ur kurs', 'Goals off track'],
  lateMeasurements: ['Forsinkede målinger', 'Försenade mätningar', 'Late measurements'],
  dueMeasurements: ['Målinger til indberetning', 'Mätningar att rapportera', 'Measurements due'],
  year: ['År', 'År', 'Year'],
  upcoming: ['Kommende frister', 'Kommande händelser', 'Upcoming deadlines'],
  nothingUpcoming: ['Ingen kommende begivenheder i året', 'Inga kommande händelser i år', 'Nothing more this year'],
  wheelOf: ['Årshjul {year} for {unit}', 'Årshjul {year} för {unit}', 'Annual wheel {year} for {unit}'],
  pickUnit: ['Vælg enhed', 'Välj enhet', 'Choose a unit'],
  configIntro: ['Vælg den enhed, hvis aftale fanen skal vise.', 'Välj den enhet vars verksamhetsplan fliken ska visa.', 'Choose the unit whose agreement the tab shows.'],
  organisation: ['Organisation', 'Organisation', 'Organisation'],
  goalLevels: ['Målniveauer', 'Målnivåer', 'Goal levels'],
  name: ['Navn', 'Namn', 'Name'],
  leaders: ['Ledere', 'Chefer', 'Leaders'],
  members: ['Medarbejdere', 'Medarbetare', 'Staff'],
  approver: ['Godkendende chef', 'Godkännande chef', 'Approving chief'],
  idsHint: ['Person-id’er adskilt af komma', 'Person-id:n åtskilda med komma', 'Person ids separated by commas'],
  auditNote: ['Alle ændringer logges med hvem, hvornår, før og efter.', 'Alla ändringar loggas med vem, när, före och efter.', 'Every change is logged with who, when, before and after.'],
  errorTitle: ['Noget gik galt', 'Något gick fel', 'Something went wrong'],
  retry: ['Prøv igen', 'Försök igen', 'Try again'],
  theme: ['Tema', 'Tema', 'Theme'],
  editWheel: ['Redigér årshjulet', 'Redigera årshjulet', 'Edit the annual wheel'],
  month: ['Måned', 'Månad', 'Month'],
  kind: ['Type', 'Typ', 'Kind'],
  offsets: ['Påmindelse dage før', 'Påminnelse dagar före', 'Remind days before'],
  eventDate: ['Dato (valgfri)', 'Datum (valfritt)', 'Date (optional)'],
  audience: ['Målgruppe', 'Målgrupp', 'Audience'],
  eventAction: ['Beder om', 'Begär', 'Asks for'],
  campaign: ['Påmindelser: {planned} planlagt, {sent} sendt, {pending} venter, {failed} fejlet', 'Påminnelser: {planned} planerade, {sent} skickade, {pending} väntar, {failed} misslyckade', 'Reminders: {planned} planned, {sent} sent, {pending} pending, {failed} failed'],
  campaignFailed: ['Ikke nået ({reason}): {n}', 'Inte nådda ({reason}): {n}', 'Not reached ({reason}): {n}'],
  campaignUnreachable: ['Hvem blev ikke nået ({n})', 'Vilka nåddes inte ({n})', 'Who was not reached ({n})'],
  lifecycle: ['Aftalens forløb', 'Planens gång', 'The agreement’s life'],
  move_submit: ['Indsend til godkendelse', 'Skicka för godkännande', 'Submit for approval'],
  move_sign: ['Underskriv', 'Underteckna', 'Sign'],
  move_year_end: ['Start årsevaluering', 'Starta årsuppföljning', 'Start year-end evaluation'],
  move_close: ['Afslut', 'Avsluta', 'Close'],
  move_new_version: ['Ny version', 'Ny version', 'New version'],
  approve: ['Godkend', 'Godkänn', 'Approve'],
  requestChanges: ['Send tilbage med kommentar', 'Skicka tillbaka med kommentar', 'Request changes'],
  decisionComment: ['Kommentar til lederen', 'Kommentar till chefen', 'Comment to the leader'],
  nextYear: ['Næste års aftale', 'Nästa års plan', 'Next year’s agreement'],
  carryHint: ['Vælg de mål, der føres videre (uopfyldte mål er valgt).', 'Välj de mål som förs vidare (ej uppfyllda mål är valda).', 'Pick the goals to carry over (unmet goals are picked).'],
  createNextYear: ['Opret aftale for {year}', 'Skapa plan för {year}', 'Create the {year} agreement'],
  versions: ['Versioner', 'Versioner', 'Versions'],
  noVersions: ['Ingen indsendte versioner endnu.', 'Inga inskickade versioner ännu.', 'No submitted versions yet.'],
  submittedOn: ['indsendt {d} af {who}', 'inskickad {d} av {who}', 'submitted {d} by {who}'],
  compareFrom: ['Sammenlign fra', 'Jämför från', 'Compare from'],
  compareTo: ['til', 'till', 'to'],
  currentVersion: ['Nuværende udgave', 'Nuvarande version', 'As it is now'],
  goalAdded: ['Mål tilføjet', 'Mål tillagt', 'Goal added'],
  goalRemoved: ['Mål fjernet', 'Mål borttaget', 'Goal removed'],
  goalChanged: ['Mål ændret', 'Mål ändrat', 'Goal changed'],
  noDifferences: ['Ingen forskelle i mål eller budget', 'Inga skillnader i mål eller budget', 'No differences in goals or budget'],
  auditTrail: ['Log over ændringer', 'Ändringslogg', 'Audit trail'],
  auditHidden: ['Loggen kan ses af leder, chef og kvalitetsafdeling.', 'Loggen visas för chef, förvaltningschef och kvalitetsenhet.', 'The audit trail is for leaders, chiefs and the quality office.'],
  when: ['Hvornår', 'När', 'When'],
  who: ['Hvem', 'Vem', 'Who'],
  what: ['Hvad', 'Vad', 'What'],
  audit_create: ['Oprettet', 'Skapad', 'Created'],
  audit_update: ['Ændret', 'Ändrad', 'Changed'],
  audit_delete: ['Slettet', 'Borttagen', 'Deleted'],
  audit_transition: ['Skift af status', 'Statusändring', 'Status change'],
  audit_approve: ['Godkendt', 'Godkänd', 'Approved'],
  audit_sign: ['Underskrevet', 'Undertecknad', 'Signed'],
  audit_import: ['Indlæst', 'Inläst', 'Imported'],
  analysisWheel: ['Analysehjulet (Österåker): spørgsmål til årsevalueringen', 'Analyshjulet: frågor till årsuppföljningen', 'The analysis wheel (Österåker): questions for the year-end evaluation'],
  consentNeeded: ['Appen skal have dit samtykke, før den kan hente dine data.', 'Appen behöver ditt samtycke innan den kan hämta dina uppgifter.', 'The app needs your consent before it can fetch your data.'],
  consentButton: ['Giv samtykke', 'Ge samtycke', 'Give consent'],
  sections: ['Aftalens afsnit', 'Verksamhetsplanens avsnitt', 'Agreement sections'],
  sectionKey: ['Nøgle', 'Nyckel', 'Key'],
  add: ['Tilføj', 'Lägg till', 'Add'],
  remove: ['Fjern', 'Ta bort', 'Remove'],
  latePeriods: ['{n} forsinkede målinger', '{n} försenade mätningar', '{n} late measurements'],
  duePeriods: ['{n} målinger skal indberettes', '{n} mätningar ska rapporteras', '{n} measurements due'],
  pauses: ['Fravær', 'Frånvaro', 'Out of office'],
  pausesIntro: [
    'Mens du er væk, sender appen dig ingen påmindelser; de kommer, når du er tilbage.',
    'Medan du är borta skickar appen inga påminnelser; de kommer när du är tillbaka.',
    'While you are away the app sends you no reminders; they come when you are back.',
  ],
  pauseFrom: ['Fra', 'Från', 'From'],
  pauseTo: ['Til og med', 'Till och med', 'To (inclusive)'],
  note: ['Note', 'Anteckning', 'Note'],
  pauseNote: ['Note (valgfri)', 'Anteckning (valfri)', 'Note (optional)'],
  noPauses: ['Du har intet fravær registreret.', 'Du har ingen frånvaro registrerad.', 'You have no out-of-office periods.'],
  pauseRunning: ['I gang nu', 'Pågår nu', 'Now'],
  pauseDateNeeded: ['Vælg en dato.', 'Välj ett datum.', 'Choose a date.'],
  pauseOrder: ['Slutdatoen må ikke ligge før startdatoen.', 'Slutdatumet får inte ligga före startdatumet.', 'The end date must not be before the start date.'],
  pauseAdded: ['Fravær tilføjet: {period}', 'Frånvaro tillagd: {period}', 'Out of office added: {period}'],
  pauseRemoved: ['Fravær fjernet: {period}', 'Frånvaro borttagen: {period}', 'Out of office removed: {period}'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type TextKey = keyof typeof T;
const IDX: Record<Lang, 0 | 1 | 2> = { da: 0, sv: 1, en: 2 };

export function t(key: TextKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return T[key][IDX[lang]].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

const ENUMS: Record<string, Record<string, readonly [string, string, string]>> = {
  agreementStatus: {
    draft: ['Kladde', 'Utkast', 'Draft'],
    submitted: ['Indsendt', 'Inskickad', 'Submitted'],
    approved: ['Godkendt', 'Godkänd', 'Approved'],
    in_effect: ['Gældende', 'Gällande', 'In effect'],
    year_end: ['Årsevaluering', 'Årsuppföljning', 'Year-end evaluation'],
    closed: ['Afsluttet', 'Avslutad', 'Closed'],
  },
  goalStatus: {
    not_started: ['Ikke startet', 'Ej påbörjat', 'Not started'],
    on_track: ['På rette kurs', 'Enligt plan', 'On track'],
    at_risk: ['I risiko', 'I riskzonen', 'At risk'],
    off_track: ['Ude af kurs', 'Ur kurs', 'Off track'],
    achieved: ['Opfyldt', 'Uppfyllt', 'Achieved'],
    not_achieved: ['Ikke opfyldt', 'Ej uppfyllt', 'Not achieved'],
    cancelled: ['Annulleret', 'Avbrutet', 'Cancelled'],
  },
  actionStatus: {
    planned: ['Planlagt', 'Planerad', 'Planned'],
    in_progress: ['I gang', 'Pågår', 'In progress'],
    done: ['Færdig', 'Klar', 'Done'],
    cancelled: ['Annulleret', 'Avbruten', 'Cancelled'],
  },
  track: {
    on_track: ['Når målværdien', 'Når målvärdet', 'Meets the target'],
    off_track: ['Under målværdien', 'Når inte målvärdet', 'Misses the target'],
    no_target: ['Ingen målværdi', 'Inget målvärde', 'No target'],
    no_data: ['Ingen målinger', 'Inga mätningar', 'No measurements'],
  },
  goalKind: { effect: ['Effektmål', 'Effektmål', 'Effect goal'], result: ['Resultatmål', 'Resultatmål', 'Result goal'], activity: ['Aktivitetsmål', 'Aktivitet', 'Activity goal'] },
  measureType: { resource: ['Ressourcemål', 'Resursmått', 'Resource measure'], performance: ['Præstationsmål', 'Prestationsmått', 'Performance measure'], result: ['Resultatmål', 'Resultatmått', 'Result measure'] },
  schemaPoint: {
    focusPoints: ['1. Fokuspunkter', '1. Fokusområden', '1. Focus points'],
    goal: ['2. Mål', '2. Mål', '2. Goal'],
    signsAndIndicators: ['3. Tegn og indikatorer', '3. Tecken och indikatorer', '3. Signs and indicators'],
    actionPlan: ['4. Handleplan', '4. Handlingsplan', '4. Action plan'],
    evaluationAndDocumentation: ['5. Evaluering og dokumentation', '5. Utvärdering och dokumentation', '5. Evaluation and documentation'],
    resources: ['6. Ressourcer', '6. Resurser', '6. Resources'],
    results: ['7. Resultater', '7. Resultat', '7. Results'],
    followUpProposals: ['8. Forslag til opfølgning', '8. Förslag till uppföljning', '8. Proposals for follow-up'],
  },
  role: {
    leader: ['Leder', 'Chef', 'Leader'],
    chief: ['Budgetansvarlig chef', 'Förvaltningschef', 'Budget-responsible chief'],
    board_chair: ['Formand for brugerbestyrelsen', 'Ordförande i brukarrådet', 'Chair of the user board'],
    works_council_deputy: ['Næstformand i MED-udvalget', 'Vice ordförande i samverkansgruppen', 'Deputy chair of the works council'],
    other: ['Anden part', 'Annan part', 'Other party'],
  },
  /** Why a reminder did not reach a person (the outbox's reason codes). */
  deliveryReason: {
    blocked_or_uninstalled: ['appen er blokeret eller fjernet', 'appen är blockerad eller borttagen', 'the app is blocked or removed'],
    conversation_not_found: ['chatten findes ikke', 'chatten finns inte', 'the chat does not exist'],
    not_installed: ['appen er ikke installeret', 'appen är inte installerad', 'the app is not installed'],
    retries_exhausted: ['Teams svarede ikke efter flere forsøg', 'Teams svarade inte efter flera försök', 'Teams did not answer after several attempts'],
    delivery_unconfirmed: ['levering kunne ikke bekræftes efter en fejl', 'leveransen kunde inte bekräftas efter ett fel', 'delivery could not be confirmed after a failure'],
    obsolete: ['ikke længere aktuel', 'inte längre aktuell', 'no longer relevant'],
  },
  wheelKind: {
    dialogue_meeting: ['Dialogmøde', 'Dialogmöte', 'Dialogue meeting'],
    draft_deadline: ['Frist for udkast', 'Sista dag för utkast', 'Draft deadline'],
    submission: ['Indsendelse', 'Inlämning', 'Submission'],
    approval: ['Godkendelse', 'Godkännande', 'Approval'],
    budget_seminar: ['Budgetseminar', 'Budgetseminarium', 'Budget seminar'],
    follow_up: ['Opfølgning', 'Uppföljning', 'Follow-up'],
    report: ['Rapport', 'Rapport', 'Report'],
    evaluation: ['Evaluering', 'Utvärdering', 'Evaluation'],
    publication: ['Offentliggørelse', 'Publicering', 'Publication'],
    survey: ['Undersøgelse', 'Undersökning', 'Survey'],
    other: ['Andet', 'Annat', 'Other'],
  },
  /** Who an annual-wheel event reminds (api/core/model/cycle.ts AUDIENCE_ROLES). */
  audienceRole: {
    staff: ['Medarbejdere', 'Medarbetare', 'Staff'],
    leaders: ['Ledere', 'Chefer', 'Leaders'],
    chiefs: ['Budgetansvarlige chefer', 'Förvaltningschefer', 'Chiefs'],
    quality_office: ['Kvalitetsafdelingen', 'Kvalitetsenheten', 'Quality office'],
    council: ['Kommunalbestyrelsen', 'Kommunfullmäktige', 'Council'],
    board: ['Udvalg', 'Nämnd', 'Committee'],
  },
  /** What an annual-wheel event asks people to do (WHEEL_ACTIONS). */
  wheelAction: {
    report_measurements: ['Indberet målinger', 'Rapportera mätvärden', 'Report measurements'],
    submit_agreement: ['Indsend aftalen', 'Skicka in planen', 'Submit the agreement'],
    approve_agreement: ['Godkend aftalen', 'Godkänn planen', 'Approve the agreement'],
    prepare_meeting: ['Forbered mødet', 'Förbered mötet', 'Prepare the meeting'],
    evaluate: ['Evaluér', 'Utvärdera', 'Evaluate'],
    publish: ['Offentliggør', 'Publicera', 'Publish'],
    none: ['Intet', 'Inget', 'Nothing'],
  },
};

export function label(group: keyof typeof ENUMS, value: string, lang: Lang): string {
  return ENUMS[group]?.[value]?.[IDX[lang]] ?? value;
}

const LOCALE_TAG: Record<Lang, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' };

/** "21.848.850 kr." in Danish, "21 848 850 kr" in Swedish, "DKK 21,848,850" in English. */
export function formatMoney(amount: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE_TAG[lang], { style: 'currency', currency, maximumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(amount);
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE_TAG[lang], { maximumFractionDigits: 2 }).format(n);
}

export function formatDate(iso: string, lang: Lang): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(LOCALE_TAG[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(d);
}

export function monthName(month: number, lang: Lang, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[lang], { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 15)));
}

/** "2026-03" → "marts 2026", "2026-Q1" → "1. kvartal 2026", "2026" → "2026". */
export function formatPeriod(period: string, lang: Lang): string {
  const [y, rest] = period.split('-');
  if (!rest) return y!;
  if (rest.startsWith('Q')) return `${{ da: `${rest.slice(1)}. kvartal`, sv: `kvartal ${rest.slice(1)}`, en: `Q${rest.slice(1)}` }[lang]} ${y}`;
  return `${monthName(Number(rest), lang)} ${y}`;
}

export function localText(text: { da?: string; sv?: string; en?: string } | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] ?? text.en ?? text.da ?? text.sv ?? '';
}
