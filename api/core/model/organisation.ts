import { z } from 'zod';
import { Id, LocalizedText, Locale, ShortText, Stored } from './common';

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
  /** Entra group whose members count as the unit's staff, where configured. */
  memberGroupId: Id.optional(),
  sortOrder: z.number().int().default(0),
  /**
   * On a municipality: the sections of an agreement it uses, in order, named per language (the Assens
   * writing guide's sections, Silkeborg's numbered chapters). Names are configuration, not code.
   */
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
