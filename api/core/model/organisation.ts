import { z } from 'zod';
import { Id, LocalizedText, Locale, ShortText, Stored } from './common';
import { PublishRole, Slug } from './publications';

/** A person known to the product: an Entra object id in a tenant, or a demo person. */
export const Person = Stored.extend({
  /**
   * The municipality (root unit) the person belongs to: only its quality office manages the entry, and only
   * its records may name the person. Set by the import from the document; over the API, the creating quality
   * office's municipality by default. A person of no municipality (a tenant admin's, or stored before this field)
   * is managed by the tenant admin and named by no record, unless they hold roles in exactly one municipality.
   */
  municipalityId: Id.optional(),
  displayName: ShortText,
  email: z.email().optional(),
  jobTitle: z.string().max(200).optional(),
  locale: Locale.optional(),
});
export type Person = z.infer<typeof Person>;

/** A key of a step of a scale or of a goal group: what goals store; the names beside it are configuration. */
export const ConfigKey = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "-", "_" or "."');

/**
 * What a step of a fulfilment scale means to the product, whatever the municipality calls it: the roll-ups count
 * goals at_risk and off_track, the tab colours by it. `not_followed_up` is a state of its own (the goal was not
 * followed up), never "not achieved".
 */
export const FULFILMENT_MEANINGS = [
  'not_started',
  'on_track',
  'at_risk',
  'off_track',
  'achieved',
  'partly_achieved',
  'not_achieved',
  'not_followed_up',
  'cancelled',
] as const;
export const FulfilmentMeaning = z.enum(FULFILMENT_MEANINGS);
export type FulfilmentMeaning = z.infer<typeof FulfilmentMeaning>;

/**
 * One step of a municipality's fulfilment scale (Österåker-like: uppfyllt / delvis uppfyllt 80–99 % / ej uppfyllt /
 * ej följt upp). `band`: the share of the target an indicator's value reaches, in per cent, that puts it on this
 * step (from included, to excluded; an open end is left out).
 */
export const FulfilmentStep = z
  .object({
    key: ConfigKey,
    name: LocalizedText,
    meaning: FulfilmentMeaning,
    band: z
      .object({ from: z.number().finite().nullable().default(null), to: z.number().finite().nullable().default(null) })
      .strict()
      .refine((b) => b.from === null || b.to === null || b.from < b.to, { message: 'band.to must be above band.from', path: ['to'] })
      .optional(),
  })
  .strict();
export type FulfilmentStep = z.infer<typeof FulfilmentStep>;

const uniqueKeys =
  (what: string) =>
  (list: readonly { key: string }[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `${what} keys must not repeat` });
      seen.add(x.key);
    });
  };

/** A municipality's fulfilment scale, in its order (best first, as the municipality writes it). */
export const FulfilmentScale = z.array(FulfilmentStep).min(1).max(20).superRefine(uniqueKeys('scale'));

/**
 * A group of goals beside the levels (not a hierarchy): a category (strategic / professional / staff-policy goals)
 * or a perspective of a scorecard (citizens, employees, economy). The agreement view groups goals by them, in order.
 */
export const GoalGroup = z.object({ key: ConfigKey, name: LocalizedText, description: LocalizedText.optional() }).strict();
export type GoalGroup = z.infer<typeof GoalGroup>;

export const UNIT_KINDS = ['municipality', 'administration', 'area', 'unit'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

/**
 * One node of the organisation tree: municipality → administration → area → unit.
 * Leaders run the unit, the approver is the budget-responsible chief who approves its agreement.
 */
export const OrgUnit = Stored.extend({
  parentId: Id.nullable(),
  kind: UnitKind,
  name: ShortText,
  description: z.string().max(5_000).optional(),
  leaderIds: z.array(Id).max(20),
  approverId: Id.nullable(),
  memberIds: z.array(Id).max(5_000),
  /**
   * On a municipality: the parties whose signatures put an approved agreement into effect
   * (Assens: board chair, leader, deputy chair of the works council). Default: leader and chief.
   */
  signingRoles: z
    .array(z.enum(['leader', 'chief', 'board_chair', 'works_council_deputy', 'other']))
    .max(5)
    .optional(),
  /** On a municipality: the quality office, who administer the tenant's setup (organisation, goal levels, wheel). */
  qualityOfficeIds: z.array(Id).max(200).optional(),
  /**
   * On a municipality: its fulfilment scale for goal status and indicator judgement, set by the quality office.
   * Left out: the default scale (rules/fulfilment.ts, the product's statuses before scales existed).
   */
  fulfilmentScale: FulfilmentScale.optional(),
  /** On a municipality: its goal groups (categories or perspectives), in order. */
  goalGroups: z.array(GoalGroup).max(30).superRefine(uniqueKeys('goal group')).optional(),
  /**
   * On a municipality: the other systems (Entra ID application ids) that may push measurements of its indicators with
   * an application token carrying the app role Measurements.Write (POST /api/system/measurements).
   */
  measurementApps: z
    .array(
      z
        .object({
          appId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an application (client) id'),
          name: z.string().min(1).max(200),
        })
        .strict(),
    )
    .max(50)
    .optional(),
  /** Entra group whose members count as the unit's staff, where configured. */
  memberGroupId: Id.optional(),
  sortOrder: z.number().int().default(0),
  /**
   * On a municipality: the sections of an agreement it uses, in order, named per language (the Assens
   * writing guide's sections, Silkeborg's numbered chapters). Names are configuration, not code.
   */
  /** On a municipality: the part of its public pages' address (/offentlig/{publicSlug}/…); default made from its name. On a unit: its part. */
  publicSlug: Slug.optional(),
  /** On a municipality: the address of its accessibility statement, linked from every public page. */
  accessibilityStatementUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
  /** On a municipality: who may publish and unpublish its agreements, by their role for the unit (default the quality office). */
  publishRoles: z.array(PublishRole).min(1).max(3).optional(),
  agreementSections: z
    .array(z.object({ key: z.string().min(1).max(100), title: LocalizedText, required: z.boolean().default(false) }).strict())
    .max(50)
    .optional(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

/**
 * A level of the goal hierarchy of one municipality, ordered from the top (rank 1).
 * Assens: vision, målsætning, servicemål, kvalitets- og resultatmål.
 * Österåker: vision, inriktningsmål, resultatmål (nämnd), resultatmål (enhet).
 */
export const GoalLevel = Stored.extend({
  municipalityId: Id,
  rank: z.number().int().min(1).max(20),
  name: LocalizedText,
  description: LocalizedText.optional(),
  /** Which kind of unit sets goals on this level (the council sets the vision, a unit its own goals). */
  ownerKind: UnitKind.optional(),
});
export type GoalLevel = z.infer<typeof GoalLevel>;
