import { PartyRole } from '../core/model';
import { z } from 'zod';
import { MOVES as AGREEMENT_MOVES } from '../core/rules/agreement-life';
import { OTHER_PERMISSIONS, UNIT_MOVES, WRITE_PERMISSIONS } from '../core/authorization';
import { ENTITIES, PUBLIC_KINDS, type EntityKind } from '../core/entities';
import {
  Action,
  Agreement,
  AgreementStatus,
  Fulfilment,
  IndicatorBase,
  KeyFigureLink,
  KeyFigureRun,
  AgreementVersion,
  AuditEntry,
  FulfilmentStep,
  GoalGroup,
  Goal,
  GoalLevel,
  Id,
  IsoDate,
  LOCALES,
  MeetingSession,
  OrgUnit,
  Pause,
  TrackState,
  WheelEvent,
  Year,
} from '../core/model';
import { ApprovalDecision } from '../core/services/approvals';
import { RecordMeasurementInput } from '../core/services/measurements';
import { PauseInput } from '../core/services/pauses';
import { MAX_PUSHED_VALUES, PushedValue } from '../core/services/system-measurements';
import { WHEEL_TEMPLATES } from '../core/services/wheel-templates';

/**
 * The REST API's bodies as zod schemas: what each route answers and what it accepts. The route table
 * (routes.ts) names them per route; the OpenAPI document (openapi.ts) is converted from them with zod's own
 * JSON Schema conversion, and the tests validate real responses against that document. Records are the core's
 * own schemas (api/core/model); the views the services build are described here, from those schemas, and the
 * compiler holds each description to its view (the end of this file).
 */

/**
 * A named schema: one component of the OpenAPI document (`#/components/schemas/<id>`), wherever a route's
 * schema holds it. The name is zod metadata on a copy of the schema; use the copy this returns.
 */
const named = <S extends z.ZodType>(id: string, schema: S, description?: string): S => schema.meta(description ? { id, description } : { id });
const namedInput = named;
const cap = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

export const ApiError = named(
  'Error',
  z
    .object({
      error: z
        .object({
          code: z.string(),
          message: z.string(),
          field: z.string().optional(),
          details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() }).strict()).optional(),
          /** On a conflict: the record as it is now, so the client can merge and retry. */
          current: z.unknown().optional(),
        })
        .strict(),
    })
    .strict(),
  'The one shape of every error; `message` is in the language of Accept-Language (da, sv, en)',
);

export const Me = named(
  'Me',
  z
    .object({
      id: z.string(),
      tenantId: z.string(),
      displayName: z.string(),
      locale: z.enum(LOCALES),
      authMethod: z.enum(['development', 'teams-sso', 'bot', 'cli', 'application']),
      appId: z.string().optional(),
      groupIds: z.array(z.string()).readonly().optional(),
    })
    .strict(),
);

export const PersonName = z.object({ id: z.string(), displayName: z.string() }).strict();
export const PeopleFound = named(
  'PeopleFound',
  z
    .object({
      items: z.array(
        z
          .object({
            id: z.string(),
            displayName: z.string(),
            email: z.string().optional(),
            jobTitle: z.string().optional(),
            /** false: a member of the tenant's directory (Entra ID) not yet in the app; whoever may add people adds them by this id. */
            inStore: z.boolean(),
          })
          .strict(),
      ),
    })
    .strict(),
  'People matching a search, best first',
);
export const DevPeople = z.object({ items: z.array(PersonName) }).strict();

/** The records of the API, one per public kind, as stored (`Unit`, `Goal`, `WheelEvent`, …). */
export const componentName = (kind: EntityKind) => (kind === 'unit' ? 'Unit' : cap(kind));
const schemaOf = (kind: EntityKind) => ENTITIES[kind].schema as z.ZodObject;
const recordSchemas = Object.fromEntries(PUBLIC_KINDS.map((kind) => [kind, named(componentName(kind), schemaOf(kind))])) as Partial<
  Record<EntityKind, z.ZodObject>
>;
export const recordSchema = <K extends EntityKind>(kind: K): (typeof ENTITIES)[K]['schema'] => recordSchemas[kind] as never;
type StoredKeys = { revision: true; createdAt: true; updatedAt: true };
const createSchemas = Object.fromEntries(
  PUBLIC_KINDS.map((kind) => [
    kind,
    namedInput(
      `${componentName(kind)}Create`,
      schemaOf(kind)
        .omit({ revision: true, createdAt: true, updatedAt: true } as StoredKeys)
        .partial({ id: true })
        .strict(),
    ),
  ]),
) as Partial<Record<EntityKind, z.ZodType>>;
const patchSchemas = Object.fromEntries(
  PUBLIC_KINDS.map((kind) => [
    kind,
    namedInput(
      `${componentName(kind)}Patch`,
      schemaOf(kind)
        .omit({ id: true, createdAt: true, updatedAt: true } as never)
        .partial()
        .strict(),
    ),
  ]),
) as Partial<Record<EntityKind, z.ZodType>>;
/** The body of a create: the record without what the store sets (the id may be given). */
export const createSchema = (kind: EntityKind): z.ZodType => createSchemas[kind]!;
/** The body of a change: any fields of the record. */
export const patchSchema = (kind: EntityKind): z.ZodType => patchSchemas[kind]!;

export const AuditRecord = named('AuditEntry', AuditEntry);
export const PauseRecord = named('Pause', Pause);

/** One page of a list, with the sealed cursor of the next page (null on the last). */
export const pageOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).strict();

const UnitRef = OrgUnit.pick({ id: true, name: true, kind: true, parentId: true }).strip();

export const UnitNode: z.ZodType<z.output<typeof OrgUnit> & { children: unknown[] }> = named(
  'UnitNode',
  OrgUnit.extend({
    get children() {
      return z.array(UnitNode);
    },
  }),
);

export const IndicatorSummary = named(
  'IndicatorSummary',
  z
    .object({
      indicatorId: z.string(),
      latestValue: z.number().nullable(),
      latestPeriod: z.string().nullable(),
      track: z.enum(['on_track', 'off_track', 'no_target', 'no_data']),
      progress: z.number().nullable(),
      periods: z.array(z.object({ period: z.string(), due: IsoDate, state: z.enum(['reported', 'upcoming', 'due', 'late', 'before_product']) }).strict()),
      duePeriods: z.array(z.string()),
      latePeriods: z.array(z.string()),
    })
    .strict(),
);

export const MyUnit = named(
  'MyUnit',
  z
    .object({
      unit: UnitRef,
      roles: z.array(z.enum(['leader', 'member', 'approver', 'quality_office'])),
      agreement: Agreement.pick({ id: true, title: true, year: true, status: true, version: true }).nullable(),
    })
    .strict(),
);

const WorkUnit = OrgUnit.pick({ id: true, name: true }).strict();
const WorkAgreement = Agreement.pick({ id: true, title: true, year: true, status: true, version: true }).strict();
const AgreementTask = z.object({ agreement: WorkAgreement, unit: WorkUnit }).strict();

export const MyWork = named(
  'MyWork',
  z
    .object({
      measurements: z.array(
        z
          .object({
            indicator: IndicatorBase.pick({
              id: true,
              name: true,
              goalId: true,
              unitOfMeasure: true,
              valueType: true,
              minValue: true,
              maxValue: true,
              baseline: true,
              target: true,
              targetMax: true,
              tolerance: true,
              targetText: true,
              direction: true,
              frequency: true,
            }),
            agreement: WorkAgreement,
            unit: WorkUnit,
            open: z
              .array(z.object({ period: z.string(), due: IsoDate, state: z.enum(['due', 'late']) }).strict())
              .meta({ description: 'Periods due or late, oldest first' }),
            values: z.record(z.string(), z.number().nullable()).meta({ description: 'The value of each reported period (null: reported as no value)' }),
          })
          .strict(),
      ),
      actions: z.array(
        z
          .object({
            action: Action.pick({ id: true, text: true, status: true, dueDate: true, ownerId: true, goalId: true }),
            mine: z.boolean().meta({ description: 'The user owns the action' }),
            goal: z.object({ id: z.string(), title: z.string() }).strict(),
            agreement: WorkAgreement,
            unit: WorkUnit,
          })
          .strict(),
      ),
      agreementsToSubmit: z.array(AgreementTask),
      agreementsToApprove: z.array(AgreementTask),
      agreementsFollowedUp: z.array(AgreementTask).meta({ description: 'Agreements whose follow-up the user owns by delegation' }),
    })
    .strict(),
  'What is waiting for the user across their units: measurements due or late, open actions, agreements to submit or approve',
);

export const AgreementYears = named(
  'AgreementYears',
  z
    .object({
      years: z.array(z.number().int()).meta({ description: 'Newest first' }),
      current: z.number().int().nullable().meta({ description: 'The year to open on' }),
    })
    .strict(),
);

export const RedThread = named(
  'RedThread',
  z
    .object({
      levels: z.array(GoalLevel),
      goals: z.array(
        Goal.pick({ id: true, title: true, levelId: true, unitId: true, parentGoalIds: true, origin: true, agreementId: true, number: true, status: true }),
      ),
      units: z.array(OrgUnit.pick({ id: true, name: true })),
      fulfilmentScale: z.array(FulfilmentStep),
      below: z
        .record(z.string(), z.partialRecord(Fulfilment, z.number().int().min(0)))
        .meta({ description: 'For each goal with goals below it (in every unit, of the year), those goals by fulfilment' }),
    })
    .strict(),
);

export const WheelViewEvent = named('WheelViewEvent', WheelEvent.extend({ unitName: z.string(), effectiveDate: IsoDate }));
export const WheelView = named('WheelView', z.object({ year: z.number().int(), events: z.array(WheelViewEvent), upcoming: z.array(z.string()) }).strict());

export const OverviewRow = named(
  'OverviewRow',
  z
    .object({
      unit: UnitRef,
      agreement: z.object({ id: z.string(), status: AgreementStatus, version: z.number().int(), title: z.string() }).strict().nullable(),
      goals: z.number().int(),
      goalsOffTrack: z.number().int(),
      dueMeasurements: z.number().int(),
      lateMeasurements: z.number().int(),
    })
    .strict(),
);

const DashboardUnit = OrgUnit.pick({ id: true, name: true, kind: true }).strict();
const count = z.number().int().min(0);
/**
 * A count for each of some keys, every key present: an object with each key a property (not a record keyed by an
 * enum, which the OpenAPI document would give as `required` names without properties).
 */
const countsOf = <const K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, count])) as { [P in K]: typeof count }).strict();

const DashboardFigures = z
  .object({
    units: count.meta({ description: 'Units counted: a unit and every unit below it' }),
    agreements: countsOf([...AgreementStatus.options, 'none']).meta({ description: 'Agreements of the year by state; none: units without one' }),
    withheld: count.meta({ description: 'Agreements the caller may not read (drafts of other units): counted by state only' }),
    goals: countsOf(Fulfilment.options).meta({ description: 'Goals by how far they have come' }),
    indicators: countsOf(TrackState.options).meta({ description: 'Indicators by whether the latest value meets the target' }),
    measurements: z.object({ due: count, late: count }).strict().meta({ description: 'Periods without a value, due and late' }),
  })
  .strict();
export const Dashboard = named(
  'Dashboard',
  z
    .object({
      unit: DashboardUnit,
      year: z.number().int(),
      path: z.array(DashboardUnit).meta({ description: 'The units above, from the top down' }),
      totals: DashboardFigures,
      parts: z.array(
        z
          .object({
            unit: DashboardUnit,
            scope: z.enum(['own', 'below']).meta({ description: "own: the unit's own agreement; below: a unit below it with everything below that" }),
            drill: z.boolean().meta({ description: 'Whether it has units below (a dashboard of its own)' }),
            agreementId: z.string().nullable(),
            figures: DashboardFigures,
          })
          .strict(),
      ),
    })
    .strict(),
);

const IndicatorFigure = IndicatorBase.pick({
  id: true,
  goalId: true,
  name: true,
  unitOfMeasure: true,
  valueType: true,
  direction: true,
  target: true,
  targetMax: true,
  tolerance: true,
  targetText: true,
}).extend({ latestValue: z.number().nullable(), latestPeriod: z.string().nullable(), track: TrackState });
export const UnitIndicators = named(
  'UnitIndicators',
  z
    .object({
      unit: DashboardUnit,
      year: z.number().int(),
      agreement: z.object({ id: z.string(), status: AgreementStatus, title: z.string() }).strict().nullable(),
      withheld: z.boolean().meta({ description: 'The agreement is a draft the caller may not read: its indicators are left out' }),
      indicators: z.array(
        IndicatorFigure.extend({
          goalTitle: z.string(),
          sharedBy: count.meta({ description: 'Other units of the municipality with an indicator of the same name this year' }),
        }).strict(),
      ),
    })
    .strict(),
);
export const IndicatorComparison = named(
  'IndicatorComparison',
  z
    .object({
      indicator: IndicatorFigure.strict(),
      year: z.number().int(),
      municipality: OrgUnit.pick({ id: true, name: true }).strict(),
      units: z.array(IndicatorFigure.extend({ unit: OrgUnit.pick({ id: true, name: true }).strict(), agreementId: z.string() }).strict()),
    })
    .strict(),
);

export const MeasurementPoint = z
  .object({
    id: z.string(),
    indicatorId: z.string(),
    period: z.string(),
    value: z.number().nullable().meta({ description: 'null: the period is reported as "no value" (never 0)' }),
    label: z.string().optional().meta({ description: 'The column as the report names it ("Mål 2024")' }),
    revision: z.number().int(),
    corrections: z.number().int().min(0),
  })
  .strict()
  .meta({ description: 'The most recent values per indicator; comments, who entered them and corrected values: GET /api/indicators/{id}/measurements' });

export const AgreementView = named(
  'AgreementView',
  z
    .object({
      agreement: recordSchema('agreement'),
      unit: recordSchema('unit'),
      goalLevels: z.array(recordSchema('goalLevel')),
      goals: z.array(recordSchema('goal')),
      parentGoals: z.array(recordSchema('goal')),
      actions: z.array(recordSchema('action')),
      successCriteria: z.array(recordSchema('successCriterion')),
      indicators: z.array(recordSchema('indicator')),
      measurements: z.array(MeasurementPoint),
      indicatorSummaries: z.array(IndicatorSummary),
      fulfilmentScale: z.array(FulfilmentStep),
      goalGroups: z.array(GoalGroup),
      indicatorSteps: z.record(z.string(), z.string()).meta({ description: 'Indicator id → the step of a banded fulfilment scale its latest value is on' }),
    })
    .strict(),
);

export const AgreementVersions = z.array(named('AgreementVersion', AgreementVersion));

const GoalRef = z.object({ id: z.string(), title: z.string() }).strict();
export const VersionDiff = named(
  'VersionDiff',
  z
    .object({
      goalsAdded: z.array(GoalRef),
      goalsRemoved: z.array(GoalRef),
      goalsChanged: z.array(z.object({ id: z.string(), title: z.string(), fields: z.array(z.string()) }).strict()),
      budget: z.object({ from: z.number().nullable(), to: z.number().nullable(), currency: z.string() }).strict().nullable(),
    })
    .strict(),
);

const yes = z.boolean();
const objectOf = <K extends string, V extends z.ZodType>(keys: readonly K[], value: V) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>).strict();
/** The moves the caller can make on an agreement now (GET /api/agreements/{id}/moves). */
export const AgreementMoves = named(
  'AgreementMoves',
  z
    .object({
      moves: z.array(z.enum(AGREEMENT_MOVES)),
      signing: z
        .object({ required: z.array(PartyRole), missing: z.array(PartyRole) })
        .strict()
        .meta({ description: "The municipality's signing roles, and those that have not signed the agreement's current version" }),
    })
    .strict(),
);

/** What the reader may do in a unit, key by key from the core's permission tables (authorization.ts). */
export const UnitPermissions = named(
  'UnitPermissions',
  z
    .object({
      write: objectOf(Object.keys(WRITE_PERMISSIONS) as (keyof typeof WRITE_PERMISSIONS)[], z.object({ create: yes, update: yes, delete: yes }).strict()),
      moves: objectOf(UNIT_MOVES, yes),
      ...objectOf(Object.keys(OTHER_PERMISSIONS) as (keyof typeof OTHER_PERMISSIONS)[], yes).shape,
    })
    .strict(),
);

export const WheelWriteResult = named('WheelWriteResult', z.object({ created: z.array(recordSchema('wheelEvent')), skipped: z.array(z.string()) }).strict());

export const CampaignState = named(
  'CampaignState',
  z
    .object({
      unitId: z.string(),
      year: z.number().int(),
      events: z.array(
        z
          .object({
            eventId: z.string(),
            title: z.record(z.string(), z.string().optional()),
            effectiveDate: IsoDate,
            planned: z.number().int().min(0),
            sent: z.number().int().min(0),
            pending: z.number().int().min(0),
            failed: z.number().int().min(0),
            reasons: z.array(z.object({ reason: z.string(), count: z.number().int() }).strict()),
            unreachable: z.array(z.object({ recipientId: z.string(), name: z.string(), reason: z.string(), detail: z.string().nullable() }).strict()),
            progress: z.number().min(0).max(1).nullable(),
          })
          .strict(),
      ),
    })
    .strict(),
);

// Request bodies.
export const PauseBody = namedInput('PauseInput', PauseInput);
export const DecisionBody = namedInput('DecisionInput', ApprovalDecision.omit({ agreementId: true }));
export const RecordMeasurementBody = namedInput('RecordMeasurementInput', RecordMeasurementInput);
export const NextYearBody = namedInput('NextYearInput', z.object({ carryGoalIds: z.array(Id).optional() }).strict());
export const WheelTemplateBody = namedInput(
  'WheelTemplateInput',
  z.object({ templateId: z.enum(WHEEL_TEMPLATES.map((t) => t.id) as [string, ...string[]]), year: Year }).strict(),
);
export const WheelCopyBody = namedInput('WheelCopyInput', z.object({ fromYear: Year, toYear: Year }).strict());

/** Values pushed by another system (services/system-measurements.ts). */
export const PushMeasurementsBody = namedInput(
  'PushMeasurementsInput',
  z
    .object({
      values: z
        .array(PushedValue)
        .min(1)
        .max(MAX_PUSHED_VALUES)
        .meta({ description: 'Each value is checked and answered on its own: one refused value does not stop the others' }),
    })
    .strict(),
);
export const PushMeasurementsResult = named(
  'PushMeasurementsResult',
  z
    .object({
      results: z.array(
        z
          .object({
            index: z.number().int(),
            indicatorId: z.string().nullable(),
            period: z.string().nullable(),
            status: z.enum(['created', 'corrected', 'unchanged', 'refused']),
            measurementId: z.string().optional(),
            revision: z.number().int().optional(),
            error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).strict().optional(),
          })
          .strict(),
      ),
    })
    .strict(),
);

/** A spreadsheet import's preview or outcome (services/sheet-transfer.ts). */
export const SheetImportResult = named(
  'SheetImportResult',
  z
    .object({
      dryRun: z.boolean(),
      sheet: z.string(),
      problems: z.array(
        z
          .object({
            sheet: z.string(),
            row: z.number().int(),
            column: z.string().meta({ description: 'The heading of the column as the file writes it' }),
            cell: z.string().meta({ description: 'The cell as a spreadsheet names it ("F4")' }),
            message: z.string().meta({ description: 'In the language of Accept-Language' }),
          })
          .strict(),
      ),
      changes: z.array(
        z
          .object({
            kind: z.enum(['goal', 'action', 'successCriterion', 'indicator', 'measurement']),
            change: z.enum(['create', 'update', 'unchanged']),
            id: z.string(),
            text: z.string(),
            row: z.number().int(),
            fields: z.array(z.string()),
          })
          .strict(),
      ),
      counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() }).strict(),
    })
    .strict(),
  'What a spreadsheet import would do (dryRun) or did: each record it creates, changes or leaves, and each problem by sheet, row and column',
);

/**
 * The views the core's services build are TypeScript types of their own; each schema above must describe its
 * view exactly, field for field (a field added to a view and not to its schema, or the other way round, does
 * not compile), so the document cannot drift from what the services return.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const describesExactly = <_Checks extends true[]>() => undefined;
describesExactly<
  [
    Same<z.output<typeof MyUnit>, import('../core/services/my-units').MyUnit>,
    Same<z.output<typeof RedThread>, import('../core/services/red-thread').RedThread>,
    Same<z.output<typeof WheelView>, import('../core/services/wheel').WheelView>,
    Same<z.output<typeof OverviewRow>, import('../core/services/overview').OverviewRow>,
    Same<z.output<typeof Dashboard>, import('../core/services/dashboard').Dashboard>,
    Same<z.output<typeof UnitIndicators>, import('../core/services/indicators').UnitIndicators>,
    Same<z.output<typeof IndicatorComparison>, import('../core/services/indicators').IndicatorComparison>,
    Same<z.output<typeof AgreementView>, import('../core/services/agreement-view').AgreementView>,
    Same<z.output<typeof IndicatorSummary>, import('../core/rules/indicator-status').IndicatorSummary>,
    Same<z.output<typeof VersionDiff>, import('../core/rules/versions').VersionDiff>,
    Same<z.output<typeof UnitPermissions>, import('../core/authorization').UnitPermissions>,
    Same<z.output<typeof WheelWriteResult>, import('../core/services/wheel-templates').WheelWriteResult>,
    Same<z.output<typeof CampaignState>, import('../core/services/outbox').CampaignState>,
    Same<z.output<typeof Me>, import('../core/context').Actor>,
    Same<z.output<typeof SheetImportResult>, import('../core/services/sheet-transfer').SheetImportResult>,
    Same<z.output<typeof PushMeasurementsResult>, { results: import('../core/services/system-measurements').PushedResult[] }>,
    Same<z.output<typeof PublicationState>, import('../core/services/publications').PublicationState>,
    Same<z.output<typeof ExportJob>, import('../documents/batch').BatchJob>,
  ]
>();

/** The state of a municipality's key-figure links, for its quality office (services/key-figures.ts). */
const KeyFigureLinkState = z
  .object({
    indicatorId: z.string(),
    indicatorName: z.string(),
    agreementId: z.string().nullable(),
    keyFigure: KeyFigureLink,
    run: named(
      'KeyFigureRun',
      KeyFigureRun,
      'The state of one key-figure link: last attempt, success and error, the next attempt, conflicts with values people entered',
    ).nullable(),
  })
  .strict();
export const KeyFigureStatus = named(
  'KeyFigureStatus',
  z.object({ municipalityId: z.string(), links: z.array(KeyFigureLinkState) }).strict(),
  "Every indicator of the municipality linked to a key figure, with its link's state",
);
const KeyFigureRunResult = z
  .object({
    attempted: z.number().int(),
    failed: z.number().int(),
    created: z.number().int(),
    corrected: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
  })
  .strict();
export const KeyFigureRunOutcome = named(
  'KeyFigureRunOutcome',
  z.object({ result: KeyFigureRunResult, municipalityId: z.string(), links: z.array(KeyFigureLinkState) }).strict(),
  'What a run of every key-figure link of the municipality recorded, and the state after it',
);
export const KeyFigureRunBody = namedInput('KeyFigureRunInput', z.object({ municipalityId: Id.optional() }).strict());

describesExactly<
  [
    Same<z.output<typeof KeyFigureStatus>, Awaited<ReturnType<typeof import('../core/services/key-figures').keyFigureStatus>>>,
    Same<z.output<typeof KeyFigureRunOutcome>, Awaited<ReturnType<typeof import('../core/services/key-figures').runKeyFiguresNow>>>,
  ]
>();

/** A dialogue meeting's session: its shared state and, afterwards, its minutes (services/meetings.ts). */
export const MeetingSessionBody = named('MeetingSession', MeetingSession, 'A dialogue meeting on an agreement in a Teams meeting');

/** Whether an agreement is on the public pages, and whether the reader may publish it (services/publications.ts). */
export const PublicationState = named(
  'PublicationState',
  z
    .object({
      published: z
        .object({
          version: z.number().int().min(1),
          at: z.string(),
          byName: z.string(),
          path: z.string().meta({ description: 'The public page: /offentlig/{municipality}/{year}/{unit}' }),
        })
        .strict()
        .nullable(),
      mayPublish: z.boolean(),
      publishable: z.boolean().meta({ description: 'Approved, in effect, in year-end evaluation or closed' }),
    })
    .strict(),
);

/** What a batch export is asked for (api/documents/batch.ts). */
export const ExportRequest = named(
  'ExportRequest',
  z
    .object({
      unitId: Id.meta({ description: 'The unit whose agreements, and those of every unit below it, go into the ZIP (the municipality: all)' }),
      year: Year,
      format: z.enum(['pdf', 'docx', 'html']).default('pdf').optional(),
    })
    .strict(),
);

/** A batch export job: its progress, the agreements that could not be made (named), and the ZIP once done. */
export const ExportJob = named(
  'ExportJob',
  z
    .object({
      id: z.string(),
      state: z.enum(['running', 'done', 'failed']),
      unitId: z.string(),
      year: z.number().int(),
      format: z.enum(['pdf', 'docx', 'html']),
      total: z.number().int().min(0),
      done: z.number().int().min(0),
      failed: z.array(z.object({ agreementId: z.string(), unitName: z.string(), message: z.string() }).strict()),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      file: z.string().nullable().meta({ description: 'GET this for the ZIP once the job is done' }),
      error: z.string().nullable(),
    })
    .strict(),
);
