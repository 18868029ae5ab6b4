import type { AgreementStatus, Locale, WheelEvent } from '../api/core/model';

type WheelAction = WheelEvent['action'];
import type { MeasurementState } from '../api/core/rules/indicator-status';

/** What the bot says, in Danish, Swedish and English. Pure: no I/O, no environment. */

const TAG: Record<Locale, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' };

const T = {
  appName: { da: 'Kvalitetsaftaler', sv: 'Verksamhetsplaner', en: 'Quality agreements' },
  welcome: {
    da: 'Hej {name}! Jeg er bot’en for kvalitetsaftalerne. Jeg fortæller dig, hvilke målinger der skal indberettes, og lader dig indberette dem direkte her på et kort. Jeg viser også aftaler, der venter på, at du indsender eller godkender dem.',
    sv: 'Hej {name}! Jag är boten för verksamhetsplanerna. Jag berättar vilka mätningar som ska rapporteras och låter dig rapportera dem direkt här på ett kort. Jag visar också planer som väntar på att du lämnar in eller godkänner dem.',
    en: 'Hello {name}! I am the quality agreement bot. I tell you which measurements are due and let you report them right here on a card, and I show you the agreements that wait for you to submit or approve them.',
  },
  welcomeNext: {
    da: 'Skriv **mine opgaver** for at se, hvad der venter, **indberet** for at indberette den næste måling, eller **hjælp** for alt, jeg kan.',
    sv: 'Skriv **mina uppgifter** för att se vad som väntar, **rapportera** för att rapportera nästa mätning, eller **hjälp** för allt jag kan.',
    en: 'Type **my tasks** to see what is waiting for you, **report** to report the next measurement, or **help** for everything I can do.',
  },
  helpTitle: { da: 'Det kan jeg hjælpe med:', sv: 'Det här kan jag hjälpa till med:', en: 'This is what I can do:' },
  helpLines: {
    da: ['**mine opgaver** – målinger du skal indberette og aftaler du skal indsende eller godkende', '**indberet** – kortet til den næste måling, du skal indberette', '**mine enheder** – dine enheder og deres aftaler', '**status** – kort status over dine opgaver', '**hjælp** – denne oversigt'],
    sv: ['**mina uppgifter** – mätningar du ska rapportera och planer du ska lämna in eller godkänna', '**rapportera** – kortet för nästa mätning du ska rapportera', '**mina enheter** – dina enheter och deras planer', '**status** – kort status över dina uppgifter', '**hjälp** – den här översikten'],
    en: ['**my tasks** – measurements to report and agreements to submit or approve', '**report** – the card for the next measurement you should report', '**my units** – your units and their agreements', '**status** – a short status of your tasks', '**help** – this overview'],
  },
  unknownCommand: {
    da: 'Det forstod jeg ikke. Skriv **hjælp** for at se, hvad jeg kan.',
    sv: 'Det förstod jag inte. Skriv **hjälp** för att se vad jag kan.',
    en: 'I did not understand that. Type **help** to see what I can do.',
  },
  unknownPerson: {
    da: 'Jeg kender dig ikke endnu i kvalitetsaftalerne. Bed kvalitetsafdelingen om at tilføje dig.',
    sv: 'Jag känner inte igen dig i verksamhetsplanerna ännu. Be kvalitetsenheten att lägga till dig.',
    en: 'You are not known to the quality agreements yet. Ask the quality office to add you.',
  },
  devActingAs: {
    da: 'Udviklingsbot – ikke til drift: du optræder som {name} ({id}).',
    sv: 'Utvecklingsbot – inte för drift: du agerar som {name} ({id}).',
    en: 'Development bot – not for production: you act as {name} ({id}).',
  },
  tasksTitle: { da: 'Dine opgaver', sv: 'Dina uppgifter', en: 'Your tasks' },
  measurementsToReport: { da: 'Målinger at indberette', sv: 'Mätningar att rapportera', en: 'Measurements to report' },
  agreementsToSubmit: { da: 'Aftaler at indsende', sv: 'Planer att lämna in', en: 'Agreements to submit' },
  agreementsToApprove: { da: 'Aftaler at godkende', sv: 'Planer att godkänna', en: 'Agreements to approve' },
  nothingWaiting: { da: 'Der venter ikke noget på dig lige nu.', sv: 'Inget väntar på dig just nu.', en: 'Nothing is waiting for you right now.' },
  nothingToReport: { da: 'Du har ingen målinger at indberette lige nu.', sv: 'Du har inga mätningar att rapportera just nu.', en: 'You have no measurements to report right now.' },
  morePeriods: { da: '+{n} perioder mere', sv: '+{n} perioder till', en: '+{n} more periods' },
  moreTasks: { da: '… og {n} mere', sv: '… och {n} till', en: '… and {n} more' },
  report: { da: 'Indberet', sv: 'Rapportera', en: 'Report' },
  openInTab: { da: 'Åbn aftalen', sv: 'Öppna planen', en: 'Open the agreement' },
  openApprovalCard: { da: 'Vis godkendelseskort', sv: 'Visa godkännandekort', en: 'Show approval card' },
  cardSent: { da: 'Kortet er sendt.', sv: 'Kortet är skickat.', en: 'The card has been sent.' },
  measurementTitle: { da: 'Indberet en måling', sv: 'Rapportera en mätning', en: 'Report a measurement' },
  unit: { da: 'Enhed', sv: 'Enhet', en: 'Unit' },
  agreement: { da: 'Aftale', sv: 'Plan', en: 'Agreement' },
  period: { da: 'Periode', sv: 'Period', en: 'Period' },
  unitOfMeasure: { da: 'Måleenhed', sv: 'Måttenhet', en: 'Unit of measure' },
  target: { da: 'Mål', sv: 'Målvärde', en: 'Target' },
  lastValue: { da: 'Seneste værdi', sv: 'Senaste värde', en: 'Last value' },
  none: { da: 'ingen endnu', sv: 'inget ännu', en: 'none yet' },
  value: { da: 'Værdi', sv: 'Värde', en: 'Value' },
  scale: { da: 'skala {min}–{max}', sv: 'skala {min}–{max}', en: 'scale {min}–{max}' },
  between: { da: '{min}–{max}', sv: '{min}–{max}', en: '{min}–{max}' },
  comment: { da: 'Kommentar (valgfri)', sv: 'Kommentar (valfri)', en: 'Comment (optional)' },
  send: { da: 'Indsend', sv: 'Skicka', en: 'Submit' },
  enterValue: { da: 'Indtast en værdi', sv: 'Ange ett värde', en: 'Enter a value' },
  receiptTitle: { da: 'Måling indberettet', sv: 'Mätning rapporterad', en: 'Measurement reported' },
  receiptLine: {
    da: 'Indberettet {value} for {period} af {name}.',
    sv: 'Rapporterat {value} för {period} av {name}.',
    en: 'Reported {value} for {period} by {name}.',
  },
  alreadyReported: {
    da: 'Perioden er allerede indberettet – der er ikke gemt noget nyt. Ret værdien under fanen, hvis den er forkert.',
    sv: 'Perioden är redan rapporterad – inget nytt har sparats. Rätta värdet under fliken om det är fel.',
    en: 'This period was already reported – nothing new was saved. Correct the value in the tab if it is wrong.',
  },
  indicatorChanged: {
    da: 'Indikatoren er ændret, siden kortet blev sendt. Kortet viser den nye udgave – tjek og indsend igen.',
    sv: 'Indikatorn har ändrats sedan kortet skickades. Kortet visar den nya versionen – kontrollera och skicka igen.',
    en: 'The indicator changed after this card was sent. The card now shows the current version – check and submit again.',
  },
  cardOutdated: {
    da: 'Kortet var forældet og er opdateret.',
    sv: 'Kortet var inaktuellt och har uppdaterats.',
    en: 'The card was outdated and has been refreshed.',
  },
  inProgress: { da: 'Dit svar bliver behandlet.', sv: 'Ditt svar behandlas.', en: 'Your answer is being processed.' },
  somethingWrong: {
    da: 'Noget gik galt. Prøv igen om lidt.',
    sv: 'Något gick fel. Försök igen om en stund.',
    en: 'Something went wrong. Try again in a moment.',
  },
  approvalTitle: { da: 'Godkendelse: {title}', sv: 'Godkännande: {title}', en: 'Approval: {title}' },
  year: { da: 'År', sv: 'År', en: 'Year' },
  version: { da: 'Version', sv: 'Version', en: 'Version' },
  goals: { da: 'Mål', sv: 'Mål', en: 'Goals' },
  budget: { da: 'Økonomisk ramme', sv: 'Budgetram', en: 'Budget frame' },
  changes: { da: 'Ændringer', sv: 'Ändringar', en: 'Changes' },
  firstVersion: { da: 'Første version', sv: 'Första versionen', en: 'First version' },
  sinceVersion: { da: 'Siden version {v}', sv: 'Sedan version {v}', en: 'Since version {v}' },
  changedSince: {
    da: 'Ny version siden version {v}; se ændringerne under fanen',
    sv: 'Ny version sedan version {v}; se ändringarna under fliken',
    en: 'New version since version {v}; see the changes in the tab',
  },
  approve: { da: 'Godkend', sv: 'Godkänn', en: 'Approve' },
  requestChanges: { da: 'Send tilbage til ændring', sv: 'Begär ändringar', en: 'Request changes' },
  approvalComment: {
    da: 'Kommentar (skal udfyldes ved tilbagesendelse)',
    sv: 'Kommentar (krävs för att begära ändringar)',
    en: 'Comment (required to request changes)',
  },
  awaitingApprovalBy: { da: 'Afventer godkendelse af {name}.', sv: 'Väntar på godkännande av {name}.', en: 'Awaiting approval by {name}.' },
  approvedBy: { da: 'Godkendt.', sv: 'Godkänd.', en: 'Approved.' },
  sentBack: { da: 'Sendt tilbage til ændring.', sv: 'Skickad tillbaka för ändringar.', en: 'Sent back for changes.' },
  statusIs: { da: 'Status: {status}.', sv: 'Status: {status}.', en: 'Status: {status}.' },
  onlyApprover: {
    da: 'Kun den udpegede godkender ({name}) kan træffe afgørelsen.',
    sv: 'Bara den utsedda godkännaren ({name}) kan fatta beslutet.',
    en: 'Only the designated approver ({name}) can decide.',
  },
  outdatedVersion: {
    da: 'Kortet viste en forældet version. Her er den aktuelle.',
    sv: 'Kortet visade en inaktuell version. Här är den aktuella.',
    en: 'The card showed an outdated version. This is the current one.',
  },
  noApprover: { da: 'ingen udpeget', sv: 'ingen utsedd', en: 'nobody designated' },
  myUnitsTitle: { da: 'Dine enheder', sv: 'Dina enheter', en: 'Your units' },
  noUnits: { da: 'Du hører ikke til nogen enhed.', sv: 'Du hör inte till någon enhet.', en: 'You do not belong to any unit.' },
  statusLine: {
    da: 'Målinger at indberette: {m} (heraf {late} for sent). Aftaler at indsende: {s}. Aftaler at godkende: {a}.',
    sv: 'Mätningar att rapportera: {m} (varav {late} försenade). Planer att lämna in: {s}. Planer att godkänna: {a}.',
    en: 'Measurements to report: {m} ({late} late). Agreements to submit: {s}. Agreements to approve: {a}.',
  },
  decisionApproved: {
    da: '{title} er godkendt af {by}. Den træder i kraft, når parterne har underskrevet.',
    sv: '{title} är godkänd av {by}. Den gäller när parterna har undertecknat.',
    en: '{title} was approved by {by}. It comes into effect once the parties have signed.',
  },
  decisionChangesRequested: {
    da: '{by} har sendt {title} tilbage med kommentaren: {comment}',
    sv: '{by} har skickat tillbaka {title} med kommentaren: {comment}',
    en: '{by} sent {title} back with the comment: {comment}',
  },
  reminderWheelTitle: { da: 'Årshjul: {title}', sv: 'Årshjul: {title}', en: 'Annual cycle: {title}' },
  reminderDate: { da: 'Dato', sv: 'Datum', en: 'Date' },
  reminderMonth: { da: 'I løbet af {month}', sv: 'Under {month}', en: 'During {month}' },
  reminderMeasurementsTitle: { da: 'Målinger at indberette ({n})', sv: 'Mätningar att rapportera ({n})', en: 'Measurements to report ({n})' },
  reminderEscalationTitle: { da: 'For sene målinger i dine enheder ({n})', sv: 'Försenade mätningar i dina enheter ({n})', en: 'Late measurements in your units ({n})' },
  reminderEscalationIntro: {
    da: 'Disse målinger er ikke indberettet, selv om fristen er overskredet. Tal med enhedens leder.',
    sv: 'De här mätningarna är inte rapporterade fast tidsfristen har passerat. Tala med enhetens chef.',
    en: 'These measurements have not been reported although the deadline has passed. Talk to the unit leader.',
  },
  dueBy: { da: 'frist {date}', sv: 'senast {date}', en: 'due {date}' },
  wheelAction: {
    da: { report_measurements: 'Indberet jeres målinger.', submit_agreement: 'Indsend kvalitetsaftalen.', approve_agreement: 'Godkend de indsendte aftaler.', prepare_meeting: 'Forbered mødet.', evaluate: 'Skriv evalueringen.', publish: 'Offentliggør aftalerne.', none: '' },
    sv: { report_measurements: 'Rapportera era mätningar.', submit_agreement: 'Lämna in verksamhetsplanen.', approve_agreement: 'Godkänn de inlämnade planerna.', prepare_meeting: 'Förbered mötet.', evaluate: 'Skriv utvärderingen.', publish: 'Publicera planerna.', none: '' },
    en: { report_measurements: 'Report your measurements.', submit_agreement: 'Submit the agreement.', approve_agreement: 'Approve the submitted agreements.', prepare_meeting: 'Prepare the meeting.', evaluate: 'Write the evaluation.', publish: 'Publish the agreements.', none: '' },
  },
  state: {
    da: { reported: 'indberettet', upcoming: 'kommende', due: 'skal indberettes', late: 'for sent' },
    sv: { reported: 'rapporterad', upcoming: 'kommande', due: 'ska rapporteras', late: 'försenad' },
    en: { reported: 'reported', upcoming: 'upcoming', due: 'due', late: 'late' },
  },
  agreementStatus: {
    da: { draft: 'kladde', submitted: 'indsendt', approved: 'godkendt', in_effect: 'gældende', year_end: 'årsafslutning', closed: 'afsluttet' },
    sv: { draft: 'utkast', submitted: 'inlämnad', approved: 'godkänd', in_effect: 'gällande', year_end: 'årsbokslut', closed: 'avslutad' },
    en: { draft: 'draft', submitted: 'submitted', approved: 'approved', in_effect: 'in effect', year_end: 'year end', closed: 'closed' },
  },
} as const;

export type TextKey = Simple;
type Simple = { [K in keyof typeof T]: (typeof T)[K] extends Record<Locale, string> ? K : never }[keyof typeof T];

/** A text in the locale, with {placeholders} filled. */
export function t(locale: Locale, key: Simple, params: Record<string, string | number> = {}): string {
  return (T[key][locale] as string).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function helpLines(locale: Locale): readonly string[] {
  return T.helpLines[locale];
}

export function wheelActionText(locale: Locale, action: WheelAction): string {
  return T.wheelAction[locale][action];
}

export function stateName(locale: Locale, state: MeasurementState): string {
  return T.state[locale][state];
}

export function agreementStatusName(locale: Locale, status: AgreementStatus): string {
  return T.agreementStatus[locale][status];
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(TAG[locale], { maximumFractionDigits: 2 }).format(n);
}

/** A value with its unit of measure: "87 %", "12 sager". */
export function formatValue(locale: Locale, n: number, unitOfMeasure: string): string {
  return `${formatNumber(locale, n)} ${unitOfMeasure}`.trim();
}

/** "21.848.850 kr." in Danish, "21 848 850 kr" in Swedish, "DKK 21,848,850" in English. */
export function formatBudget(locale: Locale, amount: number, currency: 'DKK' | 'SEK'): string {
  const n = formatNumber(locale, amount);
  if (locale === 'da') return currency === 'DKK' ? `${n} kr.` : `${n} ${currency}`;
  if (locale === 'sv') return currency === 'SEK' ? `${n} kr` : `${n} ${currency}`;
  return `${currency} ${n}`;
}

/** "marts 2026", "mars 2026", "March 2026"; "1. kvartal 2026", "kvartal 1 2026", "Q1 2026"; "2026". */
export function formatPeriod(locale: Locale, period: string): string {
  const year = period.slice(0, 4);
  const quarter = /^\d{4}-Q([1-4])$/.exec(period)?.[1];
  if (quarter) return locale === 'da' ? `${quarter}. kvartal ${year}` : locale === 'sv' ? `kvartal ${quarter} ${year}` : `Q${quarter} ${year}`;
  const month = /^\d{4}-(\d{2})$/.exec(period)?.[1];
  if (month) {
    const name = new Intl.DateTimeFormat(TAG[locale], { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(year), Number(month) - 1, 1)));
    return `${locale === 'en' ? name.charAt(0).toUpperCase() + name.slice(1) : name} ${year}`;
  }
  return year;
}

/** A calendar date: "31.03.2026", "2026-03-31", "31 Mar 2026". */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
