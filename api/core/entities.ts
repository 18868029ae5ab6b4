import { z } from 'zod';
import {
  Action,
  Agreement,
  AgreementRollup,
  AgreementVersion,
  CardReceipt,
  Lease,
  Pause,
  Reminder,
  checkAgreementPeriod,
  Conversation,
  checkIndicator,
  checkMeasurement,
  checkWheelEvent,
  Goal,
  GoalLevel,
  IndicatorBase,
  KeyFigureRun,
  Measurement,
  MeasurementSummary,
  MeetingSession,
  Publication,
  OrgUnit,
  Person,
  SuccessCriterion,
  WheelEvent,
} from './model';

/**
 * The one table of the stored entities: their schema, the fields a store may filter on (and must index),
 * the parent each belongs to (a delete cascades down these links) and the references checked on write.
 * The storage adapters, the REST routes, the OpenAPI document and the import all read this table.
 */
type Def = {
  schema: z.ZodObject;
  /** Cross-field rules, applied after the schema. */
  refine?: (value: never, ctx: z.RefinementCtx) => void;
  /** Route segment of the REST API and name of the table or list. */
  path: string;
  /** Fields a store can filter on; every filter goes through an indexed column. */
  indexed: readonly string[];
  /**
   * Field → entity kind it must point at (null allowed where the schema allows it). `leaderIds[]` names
   * each element of a list, `parties[].personId` a field of each element. Every reference must exist and
   * lie in the record's own municipality (authorization.ts, `authorizeReferences`).
   */
  refs: Readonly<Record<string, EntityKind>>;
  /** Children deleted with this entity, through the named field of the child. */
  cascade: readonly { kind: EntityKind; field: string }[];
  /** Children that prevent a delete while they exist. */
  restrict: readonly { kind: EntityKind; field: string }[];
  /**
   * Fields the core copies from a parent record (`from` kind, found through the `via` field) and clients
   * never set: they let one indexed query fetch everything of an agreement. `orGiven`: the client names it
   * where the `via` field is null (a goal of the municipality, outside any agreement); otherwise the core
   * copies it from the stored parent and the body's value is ignored.
   */
  derived?: Readonly<Record<string, { from: EntityKind; via: string; orGiven?: true }>>;
  /** Fields the core sets itself on every write (never from a client or a document), from the record and its configuration. */
  kept?: readonly string[];
  /**
   * Records the product keeps for itself (the bot's conversation references and card receipts): stored
   * like every kind, but no REST routes, no OpenAPI entry and no place in organisation documents.
   */
  internal?: true;
};

/** The kinds of the domain: everything but the internal kinds (what documents, REST routes and OpenAPI hold). */
export const DOCUMENT_KINDS = [
  'person',
  'unit',
  'goalLevel',
  'agreement',
  'goal',
  'action',
  'successCriterion',
  'indicator',
  'measurement',
  'wheelEvent',
] as const;

/** Every stored kind: the domain's, then the ones the product keeps for itself (flagged `internal` below). */
export const ENTITY_KINDS = [
  ...DOCUMENT_KINDS,
  'conversation',
  'cardReceipt',
  'reminder',
  'lease',
  'pause',
  'agreementVersion',
  'measurementSummary',
  'agreementRollup',
  'meetingSession',
  'keyFigureRun',
  'publication',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ENTITIES = {
  person: { schema: Person, path: 'people', indexed: [], refs: { municipalityId: 'unit' }, cascade: [], restrict: [] },
  unit: {
    schema: OrgUnit,
    path: 'units',
    indexed: ['parentId'],
    refs: { parentId: 'unit', 'leaderIds[]': 'person', approverId: 'person', 'memberIds[]': 'person', 'qualityOfficeIds[]': 'person' },
    cascade: [],
    restrict: [
      { kind: 'unit', field: 'parentId' },
      { kind: 'agreement', field: 'unitId' },
      { kind: 'goal', field: 'unitId' },
    ],
  },
  goalLevel: {
    schema: GoalLevel,
    path: 'goal-levels',
    indexed: ['municipalityId'],
    refs: { municipalityId: 'unit' },
    cascade: [],
    restrict: [{ kind: 'goal', field: 'levelId' }],
  },
  agreement: {
    schema: Agreement,
    refine: checkAgreementPeriod,
    path: 'agreements',
    indexed: ['unitId', 'year'],
    refs: { unitId: 'unit', 'parties[].personId': 'person' },
    cascade: [{ kind: 'goal', field: 'agreementId' }],
    restrict: [],
  },
  goal: {
    schema: Goal,
    path: 'goals',
    indexed: ['unitId', 'agreementId', 'year', 'levelId'],
    refs: {
      unitId: 'unit',
      agreementId: 'agreement',
      levelId: 'goalLevel',
      sharedFromUnitId: 'unit',
      carriedOverFromGoalId: 'goal',
      'parentGoalIds[]': 'goal',
      ownerId: 'person',
    },
    cascade: [
      { kind: 'action', field: 'goalId' },
      { kind: 'successCriterion', field: 'goalId' },
      { kind: 'indicator', field: 'goalId' },
    ],
    restrict: [],
    // A goal of an agreement belongs to the agreement's unit, whatever the body says.
    derived: { unitId: { from: 'agreement', via: 'agreementId', orGiven: true } },
    // What the goal's step of the municipality's scale means (rules/fulfilment.ts, settleGoal).
    kept: ['statusMeaning'],
  },
  action: {
    schema: Action,
    path: 'actions',
    indexed: ['goalId', 'agreementId'],
    refs: { goalId: 'goal', ownerId: 'person' },
    cascade: [],
    restrict: [],
    derived: { agreementId: { from: 'goal', via: 'goalId' } },
  },
  successCriterion: {
    schema: SuccessCriterion,
    path: 'success-criteria',
    indexed: ['goalId', 'agreementId'],
    refs: { goalId: 'goal' },
    cascade: [],
    restrict: [],
    derived: { agreementId: { from: 'goal', via: 'goalId' } },
  },
  indicator: {
    schema: IndicatorBase,
    refine: checkIndicator,
    path: 'indicators',
    indexed: ['goalId', 'agreementId'],
    refs: { goalId: 'goal', ownerId: 'person' },
    cascade: [{ kind: 'measurement', field: 'indicatorId' }],
    restrict: [],
    derived: { agreementId: { from: 'goal', via: 'goalId' } },
  },
  measurement: {
    schema: Measurement,
    refine: checkMeasurement,
    path: 'measurements',
    indexed: ['indicatorId', 'period', 'agreementId'],
    refs: { indicatorId: 'indicator' },
    cascade: [],
    restrict: [],
    derived: { agreementId: { from: 'indicator', via: 'indicatorId' } },
  },
  wheelEvent: {
    schema: WheelEvent,
    refine: checkWheelEvent,
    path: 'wheel-events',
    indexed: ['unitId', 'year'],
    refs: { unitId: 'unit' },
    cascade: [],
    restrict: [],
  },
  conversation: {
    schema: Conversation,
    path: 'conversations',
    indexed: ['personId'],
    refs: {},
    cascade: [],
    restrict: [],
    internal: true,
  },
  cardReceipt: { schema: CardReceipt, path: 'card-receipts', indexed: [], refs: {}, cascade: [], restrict: [], internal: true },
  reminder: { schema: Reminder, path: 'reminders', indexed: ['state', 'occasion', 'recipientId'], refs: {}, cascade: [], restrict: [], internal: true },
  lease: { schema: Lease, path: 'leases', indexed: [], refs: {}, cascade: [], restrict: [], internal: true },
  pause: { schema: Pause, path: 'pauses', indexed: ['personId'], refs: {}, cascade: [], restrict: [], internal: true },
  agreementVersion: { schema: AgreementVersion, path: 'agreement-versions', indexed: ['agreementId'], refs: {}, cascade: [], restrict: [], internal: true },
  // One per indicator (the indicator's id), kept with every measurement write and deleted with the indicator
  // by services/measurement-summaries.ts, never written by anything else.
  measurementSummary: {
    schema: MeasurementSummary,
    path: 'measurement-summaries',
    indexed: ['agreementId'],
    refs: {},
    cascade: [],
    restrict: [],
    internal: true,
  },
  // One per agreement (the agreement's id), kept with every write that changes its figures and deleted with the
  // agreement by services/agreement-rollups.ts, never written by anything else.
  agreementRollup: { schema: AgreementRollup, path: 'agreement-rollups', indexed: ['unitId', 'year'], refs: {}, cascade: [], restrict: [], internal: true },
  // One per (Teams meeting, agreement): the dialogue meeting's shared state and minutes (services/meetings.ts).
  meetingSession: { schema: MeetingSession, path: 'meeting-sessions', indexed: ['agreementId'], refs: {}, cascade: [], restrict: [], internal: true },
  // One per indicator linked to a key figure (the indicator's id): the state of its fetches (services/key-figures.ts).
  keyFigureRun: { schema: KeyFigureRun, path: 'key-figure-runs', indexed: ['municipalityId'], refs: {}, cascade: [], restrict: [], internal: true },
  // One per published agreement (the agreement's id): the version on the public pages (services/publications.ts),
  // found by its address there. Deleted when unpublished.
  publication: { schema: Publication, path: 'publications', indexed: ['municipalitySlug', 'year'], refs: {}, cascade: [], restrict: [], internal: true },
} as const satisfies Record<EntityKind, Def>;

export type EntityOf<K extends EntityKind> = z.infer<(typeof ENTITIES)[K]['schema']>;
export type IndexedField<K extends EntityKind> = (typeof ENTITIES)[K]['indexed'][number];

export function defOf(kind: EntityKind): Def {
  return ENTITIES[kind] as Def;
}

/** Derived and kept fields clients never set (left out of create requests and documents). */
export function clientHidden(kind: EntityKind): string[] {
  return [
    ...Object.entries(defOf(kind).derived ?? {})
      .filter(([, d]) => !d.orGiven)
      .map(([f]) => f),
    ...(defOf(kind).kept ?? []),
  ];
}

/** Every reference of a record: the field's path (`leaderIds.2`), the kind it points at and the id. */
export function referencesOf(kind: EntityKind, record: Record<string, unknown>): { field: string; kind: EntityKind; id: string }[] {
  const out: { field: string; kind: EntityKind; id: string }[] = [];
  for (const [path, refKind] of Object.entries(defOf(kind).refs) as [string, EntityKind][]) {
    const [head, tail] = path.split('[]');
    const value = record[head!];
    if (tail === undefined) {
      if (typeof value === 'string') out.push({ field: head!, kind: refKind, id: value });
      continue;
    }
    if (!Array.isArray(value)) continue;
    const sub = tail.replace(/^\./, '');
    value.forEach((el, i) => {
      const id = sub ? (el as Record<string, unknown> | null)?.[sub] : el;
      if (typeof id === 'string') out.push({ field: sub ? `${head}.${i}.${sub}` : `${head}.${i}`, kind: refKind, id });
    });
  }
  return out;
}

export function isInternal(kind: EntityKind): boolean {
  return defOf(kind).internal === true;
}

/** The kinds the REST API and its OpenAPI document serve. */
export const PUBLIC_KINDS: readonly EntityKind[] = ENTITY_KINDS.filter((k) => !isInternal(k));
