/** The product's languages, without zod: the model builds its enum from this list, and the tab imports it. */
export const LOCALES = ['da', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
