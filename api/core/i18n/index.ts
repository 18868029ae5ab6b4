import { z } from 'zod';
import type { DomainError } from '../errors';
import type { Locale } from '../model/common';
import { CATALOGUE } from './catalogue';
import { isMessageKey, label, lowerFirst, t, upperFirst } from './text';

/**
 * The API's and the bot's entry to the one catalogue: ./text.ts (messages and formatters, also bundled by
 * the tab) plus what needs zod — validation issues in the user's language — and domain errors.
 */
export * from './text';
export type { MessageKey } from './catalogue';

/** "the unit", "enheden", "enheten": a record kind named in a message. */
export function kindName(kind: string, locale: Locale): string {
  return label('kind', kind, locale);
}

/** Rule messages are written in English in the model's refinements; the catalogue's `rule.*` keys translate them. */
const RULE_KEYS = new Map(
  Object.entries(CATALOGUE)
    .filter(([key]) => key.startsWith('rule.'))
    .map(([key, text]) => [text.en as string, key]),
);

const zodLocales: Record<Locale, { localeError: z.core.$ZodErrorMap }> = {
  da: z.locales.da(),
  sv: z.locales.sv(),
  en: z.locales.en(),
};

/** A domain error in the user's language: record kinds and statuses come from the catalogue's own words. */
export function domainMessage(err: DomainError, locale: Locale): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(err.params)) {
    values[name] = name === 'kind' || name === 'dependantKind' ? kindName(String(v), locale) : v;
  }
  if (err.params.status !== undefined) values.statusName = lowerFirst(label('agreementStatus', String(err.params.status), locale));
  return upperFirst(t(`error.${err.code}`, locale, values));
}

/** One validation issue in the user's language. */
export function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  const rule = RULE_KEYS.get(issue.message);
  if (issue.code === 'custom' || rule) return rule && isMessageKey(rule) ? t(rule, locale) : issue.message;
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
