import { z } from 'zod';
import type { DomainError, ErrorCode } from './errors';
import { LOCALES, type Locale } from './model/common';

/** Picks the product language from a BCP 47 tag or an Accept-Language header ("da-DK", "sv-SE,en;q=0.8"). */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'en';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    const lang = tag.split('-')[0];
    if (lang === 'nb' || lang === 'no' || lang === 'nn') continue;
    if ((LOCALES as readonly string[]).includes(lang ?? '')) return lang as Locale;
  }
  return 'en';
}

type Catalogue = Record<Locale, string>;

const KIND_NAMES: Record<string, Catalogue> = {
  person: { da: 'personen', sv: 'personen', en: 'the person' },
  unit: { da: 'enheden', sv: 'enheten', en: 'the unit' },
  goalLevel: { da: 'målniveauet', sv: 'målnivån', en: 'the goal level' },
  agreement: { da: 'aftalen', sv: 'verksamhetsplanen', en: 'the agreement' },
  goal: { da: 'målet', sv: 'målet', en: 'the goal' },
  action: { da: 'handlingen', sv: 'aktiviteten', en: 'the action' },
  successCriterion: { da: 'succeskriteriet', sv: 'styrtalet', en: 'the success criterion' },
  indicator: { da: 'indikatoren', sv: 'indikatorn', en: 'the indicator' },
  measurement: { da: 'målingen', sv: 'mätningen', en: 'the measurement' },
  wheelEvent: { da: 'årshjulsbegivenheden', sv: 'årshjulshändelsen', en: 'the annual-cycle event' },
  conversation: { da: 'samtalen', sv: 'konversationen', en: 'the conversation' },
  cardReceipt: { da: 'kortkvitteringen', sv: 'kortkvittot', en: 'the card receipt' },
};

export function kindName(kind: string, locale: Locale): string {
  return KIND_NAMES[kind]?.[locale] ?? kind;
}

const STATUS_NAMES: Record<string, Catalogue> = {
  draft: { da: 'en kladde', sv: 'ett utkast', en: 'a draft' },
  submitted: { da: 'indsendt', sv: 'inskickad', en: 'submitted' },
  approved: { da: 'godkendt', sv: 'godkänd', en: 'approved' },
  in_effect: { da: 'gældende', sv: 'gällande', en: 'in effect' },
  year_end: { da: 'i årsevaluering', sv: 'i årsuppföljning', en: 'in year-end evaluation' },
  closed: { da: 'afsluttet', sv: 'avslutad', en: 'closed' },
};

const MESSAGES: Record<ErrorCode, Catalogue> = {
  validation_failed: { da: 'Ugyldige data.', sv: 'Ogiltiga uppgifter.', en: 'Invalid input.' },
  not_found: { da: 'Vi kunne ikke finde {kind} ({id}).', sv: 'Vi hittade inte {kind} ({id}).', en: 'We could not find {kind} ({id}).' },
  conflict: {
    da: 'En anden har ændret {kind} i mellemtiden. Se den nyeste udgave og prøv igen.',
    sv: 'Någon annan har ändrat {kind} under tiden. Se den senaste versionen och försök igen.',
    en: 'Someone else changed {kind} in the meantime. Look at the latest version and try again.',
  },
  already_exists: { da: '{kind} ({id}) findes allerede.', sv: '{kind} ({id}) finns redan.', en: '{kind} ({id}) already exists.' },
  reference_not_found: {
    da: 'Feltet peger på {kind} ({id}), som ikke findes.',
    sv: 'Fältet pekar på {kind} ({id}), som inte finns.',
    en: 'The field points at {kind} ({id}), which does not exist.',
  },
  reference_out_of_scope: {
    da: 'Feltet peger på {kind} ({id}), som hører til en anden kommune.',
    sv: 'Fältet pekar på {kind} ({id}), som hör till en annan kommun.',
    en: 'The field points at {kind} ({id}), which belongs to another municipality.',
  },
  has_dependants: {
    da: '{kind} kan ikke slettes, fordi der stadig hører {count} poster til ({dependantKind}).',
    sv: '{kind} kan inte tas bort eftersom {count} poster fortfarande hör till ({dependantKind}).',
    en: '{kind} cannot be deleted while {count} records still belong to it ({dependantKind}).',
  },
  precondition_required: {
    da: 'En ændring skal angive den version, den bygger på (If-Match eller "revision").',
    sv: 'En ändring måste ange vilken version den bygger på (If-Match eller "revision").',
    en: 'A change must name the revision it is based on (If-Match or "revision").',
  },
  unauthenticated: { da: 'Du er ikke logget ind.', sv: 'Du är inte inloggad.', en: 'You are not signed in.' },
  forbidden: { da: 'Du har ikke adgang til dette.', sv: 'Du har inte behörighet till detta.', en: 'You are not allowed to do this.' },
  invalid_transition: {
    da: 'Det kan ikke lade sig gøre, mens aftalen er {status}.',
    sv: 'Det går inte medan verksamhetsplanen är {status}.',
    en: 'That is not possible while the agreement is {status}.',
  },
  locked: {
    da: 'Aftalen er {status} og låst for denne ændring. Åbn en ny version for at ændre den.',
    sv: 'Verksamhetsplanen är {status} och låst för den här ändringen. Öppna en ny version för att ändra den.',
    en: 'The agreement is {status} and locked for this change. Open a new version to change it.',
  },
  store_unavailable: {
    // The store's own message stays in the log: it may name the site, the host or the list.
    da: 'Lagringen svarede med en fejl ({storeCode}). Prøv igen om lidt.',
    sv: 'Lagringen svarade med ett fel ({storeCode}). Försök igen om en stund.',
    en: 'The storage answered with an error ({storeCode}). Try again in a moment.',
  },
};

/** Messages written in the model's refinements, in English, with their Danish and Swedish wording. */
const RULE_MESSAGES: Record<string, Omit<Catalogue, 'en'>> = {
  'at least one language (da, sv or en) is required': { da: 'mindst ét sprog (da, sv eller en) skal udfyldes', sv: 'minst ett språk (da, sv eller en) måste anges' },
  'must be letters, digits, "-", "_", "." or ":"': { da: 'må kun indeholde bogstaver, tal, "-", "_", "." og ":"', sv: 'får bara innehålla bokstäver, siffror, "-", "_", "." och ":"' },
  'months must not repeat': { da: 'månederne må ikke gentages', sv: 'månaderna får inte upprepas' },
  'a range needs both target (lower bound) and targetMax': { da: 'et interval kræver både nedre (target) og øvre grænse (targetMax)', sv: 'ett intervall kräver både nedre (target) och övre gräns (targetMax)' },
  'targetMax must not be below target': { da: 'øvre grænse må ikke være under målværdien', sv: 'övre gränsen får inte vara under målvärdet' },
  'a scale needs minValue and maxValue': { da: 'en skala kræver mindste- og højesteværdi', sv: 'en skala kräver minsta och högsta värde' },
  'maxValue must not be below minValue': { da: 'højesteværdien må ikke være under mindsteværdien', sv: 'högsta värdet får inte vara under minsta värdet' },
  'at most two decimals': { da: 'højst to decimaler', sv: 'högst två decimaler' },
  'periodEnd must not be before periodStart': { da: 'slutdatoen må ikke ligge før startdatoen', sv: 'slutdatumet får inte ligga före startdatumet' },
  'date must lie in the event year': { da: 'datoen skal ligge i begivenhedens år', sv: 'datumet måste ligga inom händelsens år' },
  'month must be the month of date': { da: 'måneden skal være datoens måned', sv: 'månaden måste vara datumets månad' },
  'must look like 2026, 2026-Q1 or 2026-03': { da: 'skal skrives som 2026, 2026-Q1 eller 2026-03', sv: 'ska skrivas som 2026, 2026-Q1 eller 2026-03' },
  'period does not fit the indicator frequency': { da: 'perioden passer ikke til indikatorens målefrekvens', sv: 'perioden passar inte indikatorns mätfrekvens' },
  'value is below the lowest allowed': { da: 'værdien er under den laveste tilladte', sv: 'värdet är lägre än det lägsta tillåtna' },
  'value is above the highest allowed': { da: 'værdien er over den højeste tilladte', sv: 'värdet är högre än det högsta tillåtna' },
  'a unit cannot be its own ancestor': { da: 'en enhed kan ikke ligge under sig selv', sv: 'en enhet kan inte ligga under sig själv' },
  'the field cannot be changed': { da: 'feltet kan ikke ændres', sv: 'fältet kan inte ändras' },
  'enter a value': { da: 'indtast en værdi', sv: 'ange ett värde' },
  'the value must be a number': { da: 'værdien skal være et tal', sv: 'värdet måste vara ett tal' },
  'a comment is required': { da: 'skriv en kommentar', sv: 'skriv en kommentar' },
  'only the designated approver can decide': { da: 'kun den udpegede godkender kan træffe afgørelsen', sv: 'bara den utsedda godkännaren kan fatta beslutet' },
};

const zodLocales: Record<Locale, { localeError: z.core.$ZodErrorMap }> = {
  da: z.locales.da(),
  sv: z.locales.sv(),
  en: z.locales.en(),
};

function fill(template: string, params: Record<string, string | number>, locale: Locale): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = params[key];
    if (v === undefined) return '';
    if (key === 'status') return STATUS_NAMES[String(v)]?.[locale] ?? String(v);
    return key === 'kind' || key === 'dependantKind' ? kindName(String(v), locale) : String(v);
  });
}

export function domainMessage(err: DomainError, locale: Locale): string {
  const text = fill(MESSAGES[err.code][locale], err.params, locale);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One validation issue in the user's language. */
export function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  if (issue.code === 'custom' || RULE_MESSAGES[issue.message]) {
    const known = RULE_MESSAGES[issue.message];
    return locale === 'en' || !known ? issue.message : known[locale];
  }
  // zod's own messages: the locale packs turn the raw issue into text.
  const raw = { ...issue, input: (issue as { input?: unknown }).input } as unknown as z.core.$ZodRawIssue;
  const made = zodLocales[locale].localeError(raw);
  const text = typeof made === 'string' ? made : made?.message;
  return text ?? issue.message;
}

/**
 * Orders names the way the municipality reads them (Danish: æ, ø, å last). One collator for every
 * sort: building one per comparison costs more than the comparison.
 */
export const compareNames: (a: string, b: string) => number = new Intl.Collator('da').compare;
