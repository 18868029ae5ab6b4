import { z } from 'zod';
import { Id, IsoDate, Month, ShortText, Stored, Text, Year } from './common';
import { ConfigKey, FULFILMENT_MEANINGS, FulfilmentMeaning } from './organisation';

export const GOAL_KINDS = ['effect', 'result', 'activity'] as const;
export const GoalKind = z.enum(GOAL_KINDS);
export type GoalKind = z.infer<typeof GoalKind>;

/** The steps of the default fulfilment scale (rules/fulfilment.ts): the goal statuses the product had before scales. */
export const GOAL_STATUSES = ['not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'not_achieved', 'cancelled'] as const;
/** A goal's status: the key of a step of its municipality's fulfilment scale (checked on write). */
export const GoalStatus = ConfigKey;
export type GoalStatus = z.infer<typeof GoalStatus>;

/**
 * How far a goal has come, one answer per goal, for the roll-ups (rules/fulfilment.ts, goalFulfilment judges it from
 * the meaning of the goal's step and its indicators' latest values): a step's meaning, or `none` (no status, nothing
 * measured against a target).
 */
export const FULFILMENTS = [...FULFILMENT_MEANINGS, 'none'] as const;
export const Fulfilment = z.enum(FULFILMENTS);
export type Fulfilment = z.infer<typeof Fulfilment>;

/** The eight points of the Assens goal schema (skrivevejledning, seed 000). All are free text. */
export const GOAL_SCHEMA_POINTS = [
  'focusPoints',
  'goal',
  'signsAndIndicators',
  'actionPlan',
  'evaluationAndDocumentation',
  'resources',
  'results',
  'followUpProposals',
] as const;
export type GoalSchemaPoint = (typeof GOAL_SCHEMA_POINTS)[number];
export const GoalSchema = z
  .object(Object.fromEntries(GOAL_SCHEMA_POINTS.map((p) => [p, Text.optional()])) as Record<GoalSchemaPoint, z.ZodOptional<typeof Text>>)
  .strict();
export type GoalSchema = z.infer<typeof GoalSchema>;

/**
 * A goal on some level of the hierarchy. The council's vision belongs to the municipality and no agreement;
 * a unit's goals belong to its agreement for the year. Parent goals make the red thread.
 */
export const Goal = Stored.extend({
  unitId: Id,
  agreementId: Id.nullable(),
  levelId: Id,
  year: Year.nullable(),
  /** Ordinal label as the document numbers it ("1", "2.3"); optional. */
  number: z.string().max(20).optional(),
  title: ShortText,
  /** The goal's plain description, as the document writes it (beside the eight points of the goal schema). */
  description: Text.optional(),
  /** The goal group (category or perspective) of its municipality it belongs to (the key of one of `goalGroups`). */
  groupKey: ConfigKey.nullable().default(null),
  /** 'shared' goals are inherited from a parent unit (fælles mål / gemensamma mål); 'own' are the unit's (øvrige mål). */
  origin: z.enum(['own', 'shared']),
  sharedFromUnitId: Id.nullable().default(null),
  kind: GoalKind.nullable().default(null),
  parentGoalIds: z.array(Id).max(20).default([]),
  schema: GoalSchema.default({}),
  /** The step of the municipality's fulfilment scale the goal is on; null while nobody has given one (never invented). */
  status: GoalStatus.nullable().default(null),
  /** What that step means (set by the core from the scale on every write; what the roll-ups count). */
  statusMeaning: FulfilmentMeaning.nullable().default(null),
  /** Months in which the goal is followed up, 1–12 (Høje-Taastrup: June and November). */
  followUpMonths: z.array(Month).max(12).default([]),
  /** How the follow-up is done, as the agreement words it. */
  followUpText: Text.optional(),
  ownerId: Id.nullable().default(null),
  /** The goal of last year's agreement this one carries over. */
  carriedOverFromGoalId: Id.nullable().default(null),
  sortOrder: z.number().int().default(0),
});
export type Goal = z.infer<typeof Goal>;

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const ActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatus>;

/** A concrete, owned, dated action (handling / aktivitet) under a goal. */
export const Action = Stored.extend({
  goalId: Id,
  /** Copied from the goal by the core (never set by clients), so one query finds everything of an agreement. */
  agreementId: Id.nullable().default(null),
  text: Text.min(1),
  ownerId: Id.nullable().default(null),
  /** The owner as the document names them, when not a known person ("Team Myndigheds ledelse"). */
  ownerText: z.string().max(500).optional(),
  dueDate: IsoDate.nullable().default(null),
  status: ActionStatus.default('planned'),
  sortOrder: z.number().int().default(0),
});
export type Action = z.infer<typeof Action>;

/** A success criterion (succeskriterium / styrtal), optionally typed as effect, result or activity goal. */
export const SuccessCriterion = Stored.extend({
  goalId: Id,
  /** Copied from the goal by the core. */
  agreementId: Id.nullable().default(null),
  text: Text.min(1),
  kind: GoalKind.nullable().default(null),
  met: z.boolean().nullable().default(null),
  sortOrder: z.number().int().default(0),
});
export type SuccessCriterion = z.infer<typeof SuccessCriterion>;
