export type Lang = 'da' | 'sv' | 'en';

export function pickLang(tag: string | undefined): Lang {
  const l = (tag ?? 'en').slice(0, 2).toLowerCase();
  return l === 'da' || l === 'sv' ? l : 'en';
}

const T = {
  title: { da: 'Kvalitetsaftaler', sv: 'Verksamhetsplaner', en: 'Quality agreements' },
  devSignIn: {
    da: 'Udviklingslogin – ikke til drift. Du handler som:',
    sv: 'Utvecklingsinloggning – inte för drift. Du agerar som:',
    en: 'Development sign-in – not for production. You act as:',
  },
  organisation: { da: 'Organisation', sv: 'Organisation', en: 'Organisation' },
  agreements: { da: 'Aftaler', sv: 'Verksamhetsplaner', en: 'Agreements' },
  goals: { da: 'Mål', sv: 'Mål', en: 'Goals' },
  budget: { da: 'Økonomisk ramme', sv: 'Budgetram', en: 'Budget frame' },
  noAmount: { da: 'Intet beløb angivet', sv: 'Inget belopp angivet', en: 'No amount given' },
  loading: { da: 'Henter …', sv: 'Hämtar …', en: 'Loading …' },
  shared: { da: 'Fælles mål', sv: 'Gemensamt mål', en: 'Shared goal' },
} as const;

const STATUS = {
  draft: { da: 'Kladde', sv: 'Utkast', en: 'Draft' },
  submitted: { da: 'Indsendt', sv: 'Inskickad', en: 'Submitted' },
  approved: { da: 'Godkendt', sv: 'Godkänd', en: 'Approved' },
  in_effect: { da: 'Gældende', sv: 'Gällande', en: 'In effect' },
  year_end: { da: 'Årsevaluering', sv: 'Årsuppföljning', en: 'Year-end evaluation' },
  closed: { da: 'Afsluttet', sv: 'Avslutad', en: 'Closed' },
} as const;

export function statusLabel(status: string, lang: Lang): string {
  return STATUS[status as keyof typeof STATUS]?.[lang] ?? status;
}

export function t(key: keyof typeof T, lang: Lang): string {
  return T[key][lang];
}
