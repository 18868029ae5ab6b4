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

export function t(key: keyof typeof T, lang: Lang): string {
  return T[key][lang];
}
