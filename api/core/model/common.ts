import { z } from 'zod';

import { LOCALES } from './locales';

/** Languages the product speaks. English is the default and fallback. */
export { LOCALES };
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** A text given in one or more of the product's languages (names are configuration, not code). */
export const LocalizedText = z
  .object({ da: z.string().min(1).optional(), sv: z.string().min(1).optional(), en: z.string().min(1).optional() })
  .strict()
  .refine((t) => t.da !== undefined || t.sv !== undefined || t.en !== undefined, {
    message: 'at least one language (da, sv or en) is required',
  });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Record ids: letters, digits, dash, underscore, dot and colon (Entra object ids and slugs both fit). */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must be letters, digits, "-", "_", "." or ":"');
export type Id = z.infer<typeof Id>;

/** A calendar date, ISO 8601 without time: 2026-03-31. */
export const IsoDate = z.iso.date();
/** An instant, ISO 8601 with time and offset. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A month of the year, 1 = January. */
export const Month = z.number().int().min(1).max(12);

export const Year = z.number().int().min(1990).max(2100);

/** Long prose from the municipalities' documents: kept exactly as written. */
export const Text = z.string().max(100_000);
export const ShortText = z.string().min(1).max(500);

/**
 * Every stored record carries the revision used for optimistic concurrency:
 * a write names the revision it was based on; a stale write is refused.
 */
export const Stored = z.object({
  id: Id,
  revision: z.number().int().min(1),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const STORED_KEYS = { id: true, revision: true, createdAt: true, updatedAt: true } as const;
