import { z } from 'zod';
import { Id, IsoDateTime, Locale, ShortText, Stored, Year } from './common';

/** A part of a public address: lower-case letters, digits and single dashes ("silkeborg-kommune", "borgerservice"). */
export const Slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits separated by single dashes');

/** Who may publish a municipality's agreements, by their role for the agreement's unit (OrgUnit.publishRoles). */
export const PUBLISH_ROLES = ['quality_office', 'chief', 'leader'] as const;
export const PublishRole = z.enum(PUBLISH_ROLES);
export type PublishRole = z.infer<typeof PublishRole>;
export const DEFAULT_PUBLISH_ROLES: readonly PublishRole[] = ['quality_office'];

/**
 * An agreement made public (one per agreement: its id is the agreement's): the version published, kept as it was
 * then — the agreement view as everyone may read it — so the public page shows that version and nothing else while
 * a new version is drafted, and shows nothing once it is unpublished (the record is deleted). Its address is fixed
 * when it is published: /offentlig/{municipalitySlug}/{year}/{unitSlug}.
 */
export const Publication = Stored.extend({
  agreementId: Id,
  unitId: Id,
  municipalityId: Id,
  municipalityName: ShortText,
  municipalitySlug: Slug,
  unitSlug: Slug,
  year: Year,
  version: z.number().int().min(1),
  /** The language the agreement is written in: the public page's. */
  lang: Locale,
  publishedAt: IsoDateTime,
  publishedBy: Id,
  publishedByName: ShortText,
  /** The agreement view of the published version (services/agreement-view.ts), as every reader may see it. */
  view: z.record(z.string(), z.unknown()),
});
export type Publication = z.infer<typeof Publication>;

const LETTERS: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'a', ö: 'o', ü: 'u', ß: 'ss' };

/** The address part of a name: "Silkeborg Kommune" → "silkeborg-kommune", "Österåkers kommun" → "osteraakers-kommun". */
export function slugOf(name: string): string {
  const slug = name
    .toLocaleLowerCase('da')
    .replace(/[æøåäöüß]/g, (c) => LETTERS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'enhed';
}
