import { z } from 'zod';
import { OTHER_PERMISSIONS, UNIT_MOVES, WRITE_PERMISSIONS } from '../core/authorization';
import { ENTITIES, PUBLIC_KINDS } from '../core/entities';
import { AuditEntry, Pause, Stored } from '../core/model';
import { RecordMeasurementInput } from '../core/services/measurements';


/**
 * The OpenAPI 3.1 document of the REST API, made from the same zod schemas the core validates with,
 * so the contract cannot drift from the code. Served at /api/openapi.json; tests check responses against it.
 */

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const cap = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
const toJson = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};

const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'Error', ...json(ref('Error')) }]));
const pageOf = (name: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: ref(name) }, nextCursor: { type: ['string', 'null'] } },
  additionalProperties: false,
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The revision the change is based on, as "3"' };
const pageParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];

export function buildOpenApi(version: string): Json {
  const schemas: Json = {
    Error: {
      type: 'object',
      required: ['error'],
      additionalProperties: false,
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          additionalProperties: false,
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            field: { type: 'string' },
            details: {
              type: 'array',
              items: { type: 'object', required: ['field', 'code', 'message'], properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
            },
            current: {},
          },
        },
      },
    },
    AuditEntry: toJson(AuditEntry, 'output'),
    Pause: toJson(Pause, 'output'),
    RecordMeasurementInput: toJson(RecordMeasurementInput, 'input'),
    Me: {
      type: 'object',
      required: ['id', 'tenantId', 'displayName', 'locale', 'authMethod'],
      properties: {
        id: { type: 'string' },
        tenantId: { type: 'string' },
        displayName: { type: 'string' },
        locale: { enum: ['da', 'sv', 'en'] },
        authMethod: { enum: ['development', 'teams-sso', 'bot', 'cli'] },
      },
    },
    IndicatorSummary: {
      type: 'object',
      required: ['indicatorId', 'latestValue', 'latestPeriod', 'track', 'progress', 'periods', 'duePeriods', 'latePeriods'],
      properties: {
        indicatorId: { type: 'string' },
        latestValue: { type: ['number', 'null'] },
        latestPeriod: { type: ['string', 'null'] },
        track: { enum: ['on_track', 'off_track', 'no_target', 'no_data'] },
        progress: { type: ['number', 'null'] },
        periods: {
          type: 'array',
          items: { type: 'object', required: ['period', 'due', 'state'], properties: { period: { type: 'string' }, due: { type: 'string', format: 'date' }, state: { enum: ['reported', 'upcoming', 'due', 'late'] } } },
        },
        duePeriods: { type: 'array', items: { type: 'string' } },
        latePeriods: { type: 'array', items: { type: 'string' } },
      },
    },
    MyUnit: {
      type: 'object',
      required: ['unit', 'roles', 'agreement'],
      properties: {
        unit: { type: 'object', required: ['id', 'name', 'kind', 'parentId'], properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, parentId: { type: ['string', 'null'] } } },
        roles: { type: 'array', items: { enum: ['leader', 'member', 'approver'] } },
        agreement: {
          oneOf: [
            { type: 'null' },
            { type: 'object', required: ['id', 'title', 'year', 'status', 'version'], properties: { id: { type: 'string' }, title: { type: 'string' }, year: { type: 'integer' }, status: { type: 'string' }, version: { type: 'integer' } } },
          ],
        },
      },
    },
    RedThread: {
      type: 'object',
      required: ['levels', 'goals', 'units'],
      properties: {
        levels: { type: 'array', items: ref('GoalLevel') },
        goals: {
          type: 'array',
          items: { type: 'object', required: ['id', 'title', 'levelId', 'unitId', 'parentGoalIds', 'origin', 'agreementId', 'status'], properties: { id: { type: 'string' }, title: { type: 'string' }, levelId: { type: 'string' }, unitId: { type: 'string' }, parentGoalIds: { type: 'array', items: { type: 'string' } }, origin: { enum: ['own', 'shared'] }, agreementId: { type: ['string', 'null'] }, number: { type: 'string' }, status: { type: 'string' } } },
        },
        units: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } },
      },
    },
    WheelView: {
      type: 'object',
      required: ['year', 'events', 'upcoming'],
      properties: {
        year: { type: 'integer' },
        events: { type: 'array', items: ref('WheelViewEvent') },
        upcoming: { type: 'array', items: { type: 'string' } },
      },
    },
    OverviewRow: {
      type: 'object',
      additionalProperties: false,
      required: ['unit', 'agreement', 'goals', 'goalsOffTrack', 'dueMeasurements', 'lateMeasurements'],
      properties: {
        unit: {
          type: 'object',
          required: ['id', 'name', 'kind', 'parentId'],
          properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, parentId: { type: ['string', 'null'] } },
        },
        agreement: {
          oneOf: [
            { type: 'null' },
            { type: 'object', required: ['id', 'status', 'version', 'title'], properties: { id: { type: 'string' }, status: { type: 'string' }, version: { type: 'integer' }, title: { type: 'string' } } },
          ],
        },
        goals: { type: 'integer' },
        goalsOffTrack: { type: 'integer' },
        dueMeasurements: { type: 'integer' },
        lateMeasurements: { type: 'integer' },
      },
    },
    AgreementView: {
      type: 'object',
      additionalProperties: false,
      required: ['agreement', 'unit', 'goalLevels', 'goals', 'parentGoals', 'actions', 'successCriteria', 'indicators', 'measurements', 'indicatorSummaries'],
      properties: {
        agreement: ref('Agreement'),
        unit: ref('Unit'),
        goalLevels: { type: 'array', items: ref('GoalLevel') },
        goals: { type: 'array', items: ref('Goal') },
        parentGoals: { type: 'array', items: ref('Goal') },
        actions: { type: 'array', items: ref('Action') },
        successCriteria: { type: 'array', items: ref('SuccessCriterion') },
        indicators: { type: 'array', items: ref('Indicator') },
        measurements: {
          description: 'The most recent values per indicator; comments, who entered them and corrected values: GET /api/indicators/{id}/measurements',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'indicatorId', 'period', 'value', 'revision', 'corrections'],
            properties: { id: { type: 'string' }, indicatorId: { type: 'string' }, period: { type: 'string' }, value: { type: 'number' }, revision: { type: 'integer' }, corrections: { type: 'integer', minimum: 0 } },
          },
        },
        indicatorSummaries: { type: 'array', items: ref('IndicatorSummary') },
      },
    },
  };
  const paths: Json = {
    '/api/me': { get: { operationId: 'getMe', summary: 'The signed-in user', responses: { 200: { description: 'The user', ...json(ref('Me')) }, ...errorResponses(401) } } },
    '/api/organisation/tree': {
      get: { operationId: 'getOrganisationTree', summary: 'The organisation tree', responses: { 200: { description: 'Root units with their children', ...json({ type: 'array', items: ref('UnitNode') }) }, ...errorResponses(401) } },
    },
    '/api/agreements/{id}/view': {
      get: {
        operationId: 'getAgreementView',
        summary: 'One agreement with its goals, actions, success criteria, indicators and recent measurements',
        parameters: [idParam, { name: 'recent', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 60, default: 12 } }],
        responses: { 200: { description: 'The agreement and everything under it', ...json(ref('AgreementView')) }, ...errorResponses(400, 401, 404) },
      },
    },
    ...Object.fromEntries(
      ['submit', 'sign', 'year-end', 'close', 'new-version'].map((move) => [
        `/api/agreements/{id}/${move}`,
        {
          post: {
            operationId: `agreement_${move}`,
            summary: `Lifecycle: ${move}`,
            parameters: [idParam, ifMatch],
            responses: { 200: { description: 'The agreement after the move', ...json(ref('Agreement')) }, ...errorResponses(400, 401, 403, 404, 409, 428) },
          },
        },
      ]),
    ),
    '/api/agreements/{id}/decision': {
      post: {
        operationId: 'agreement_decision',
        summary: "The approving chief's decision: approve, or request changes with a comment",
        parameters: [idParam],
        requestBody: { required: true, ...json({ type: 'object', required: ['version', 'decision'], properties: { version: { type: 'integer' }, decision: { enum: ['approve', 'requestChanges'] }, comment: { type: 'string' } } }) },
        responses: { 200: { description: 'The agreement after the decision', ...json(ref('Agreement')) }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    '/api/agreements/{id}/versions': {
      get: {
        operationId: 'agreement_versions',
        parameters: [idParam],
        responses: {
          200: {
            description: 'Submitted versions, oldest first',
            ...json({ type: 'array', items: { type: 'object', required: ['agreementId', 'version', 'submittedAt', 'submittedBy', 'snapshot'], properties: { agreementId: { type: 'string' }, version: { type: 'integer' }, submittedAt: { type: 'string' }, submittedBy: { type: 'string' }, snapshot: { type: 'object' } } } }),
          },
          ...errorResponses(401, 404),
        },
      },
    },
    '/api/agreements/{id}/diff': {
      get: {
        operationId: 'agreement_diff',
        parameters: [idParam, { name: 'from', in: 'query', required: true, schema: { type: 'integer' } }, { name: 'to', in: 'query', schema: { type: 'integer' } }],
        responses: {
          200: {
            description: 'Goals added, removed and changed; budget change',
            ...json({ type: 'object', required: ['goalsAdded', 'goalsRemoved', 'goalsChanged', 'budget'], properties: { goalsAdded: { type: 'array' }, goalsRemoved: { type: 'array' }, goalsChanged: { type: 'array' }, budget: { type: ['object', 'null'] } } }),
          },
          ...errorResponses(400, 401, 404),
        },
      },
    },
    '/api/agreements/{id}/next-year': {
      post: {
        operationId: 'agreement_next_year',
        summary: "Next year's draft, carrying over the goals picked",
        parameters: [idParam],
        requestBody: { required: true, ...json({ type: 'object', properties: { carryGoalIds: { type: 'array', items: { type: 'string' } } } }) },
        responses: { 201: { description: 'The new draft', ...json(ref('Agreement')) }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    '/api/me/pauses': {
      get: {
        operationId: 'listMyPauses',
        summary: 'My out-of-office periods (no reminders while they run)',
        responses: { 200: { description: 'Pauses', ...json({ type: 'array', items: ref('Pause') }) }, ...errorResponses(401) },
      },
      post: {
        operationId: 'addMyPause',
        requestBody: { required: true, ...json({ type: 'object', required: ['from', 'to'], properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, note: { type: 'string' } } }) },
        responses: { 201: { description: 'The pause', ...json(ref('Pause')) }, ...errorResponses(400, 401, 413) },
      },
    },
    '/api/me/pauses/{id}': {
      delete: { operationId: 'removeMyPause', parameters: [idParam], responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401) } },
    },
    '/api/me/units': {
      get: {
        operationId: 'getMyUnits',
        summary: 'The units the user leads, belongs to or approves for, with their agreement',
        parameters: [{ name: 'year', in: 'query', schema: { type: 'integer' } }],
        responses: { 200: { description: 'My units', ...json({ type: 'array', items: ref('MyUnit') }) }, ...errorResponses(400, 401) },
      },
    },
    '/api/agreements/{id}/red-thread': {
      get: {
        operationId: 'getRedThread',
        summary: "The chain of goals from the council's vision down to the agreement's goals",
        parameters: [idParam],
        responses: { 200: { description: 'Levels, goals and units', ...json(ref('RedThread')) }, ...errorResponses(401, 404) },
      },
    },
    '/api/units/{id}/permissions': {
      get: {
        operationId: 'getUnitPermissions',
        summary: 'What the caller may do in a unit: each kind of record they may create, update or delete there, and the other permissions (approve, read the audit trail, record measurements, …)',
        parameters: [idParam],
        responses: { 200: { description: 'The permissions, from the same tables every write is checked against', ...json(ref('UnitPermissions')) }, ...errorResponses(401, 403, 404) },
      },
    },
    '/api/units/{id}/wheel': {
      get: {
        operationId: 'getWheel',
        summary: 'The annual wheel of a unit (its own events and those of the units above it)',
        parameters: [idParam, { name: 'year', in: 'query', schema: { type: 'integer' } }],
        responses: { 200: { description: 'Events and upcoming deadlines', ...json(ref('WheelView')) }, ...errorResponses(400, 401, 404) },
      },
    },
    '/api/units/{id}/wheel/template': {
      post: {
        operationId: 'applyWheelTemplate',
        summary: "Writes a ready-made wheel (Assens, Österåker) into a unit's wheel for a year; events already there are kept",
        parameters: [idParam],
        requestBody: { required: true, ...json({ type: 'object', required: ['templateId', 'year'], properties: { templateId: { type: 'string', enum: ['assens', 'oesteraaker'] }, year: { type: 'integer' } } }) },
        responses: { 200: { description: 'Events created and ids skipped', ...json(ref('WheelWriteResult')) }, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    '/api/units/{id}/wheel/copy': {
      post: {
        operationId: 'copyWheel',
        summary: "Copies a unit's own wheel events of one year into another: meetings keep their weekday position in the month, deadlines their date",
        parameters: [idParam],
        requestBody: { required: true, ...json({ type: 'object', required: ['fromYear', 'toYear'], properties: { fromYear: { type: 'integer' }, toYear: { type: 'integer' } } }) },
        responses: { 200: { description: 'Events created and ids skipped', ...json(ref('WheelWriteResult')) }, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    '/api/units/{id}/wheel/campaigns': {
      get: {
        operationId: 'getWheelCampaigns',
        summary: "Per event of a unit's wheel: the reminders planned, sent, failed (with reasons and who could not be reached) and pending",
        parameters: [idParam, { name: 'year', in: 'query', schema: { type: 'integer' } }],
        responses: { 200: { description: 'Campaign state per wheel event', ...json(ref('CampaignState')) }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    '/api/overview': {
      get: {
        operationId: 'getOverview',
        summary: "The chief's overview: every unit below a unit with its agreement state, goals off track, measurements due and late",
        parameters: [
          { name: 'unitId', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'year', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { 200: { description: 'One row per unit', ...json({ type: 'array', items: ref('OverviewRow') }) }, ...errorResponses(400, 401, 404) },
      },
    },
    '/api/measurements': {
      post: {
        operationId: 'recordMeasurement',
        summary: 'Record a measurement; a second value for the same period is a correction that keeps the earlier one in history',
        requestBody: { required: true, ...json(ref('RecordMeasurementInput')) },
        responses: {
          200: { description: 'Corrected', ...json(ref('Measurement')) },
          201: { description: 'Recorded', ...json(ref('Measurement')) },
          ...errorResponses(400, 401, 404, 409, 413),
        },
      },
    },
    '/api/indicators/{id}/measurements': {
      get: {
        operationId: 'listIndicatorMeasurements',
        parameters: [idParam, ...pageParams],
        responses: { 200: { description: 'Measurements of the indicator', ...json(pageOf('Measurement')) }, ...errorResponses(400, 401, 404) },
      },
    },
    '/api/audit': {
      get: {
        operationId: 'listAudit',
        summary: 'The audit trail, newest first',
        parameters: [{ name: 'entityId', in: 'query', schema: { type: 'string' } }, ...pageParams],
        responses: { 200: { description: 'Audit entries', ...json(pageOf('AuditEntry')) }, ...errorResponses(400, 401) },
      },
    },
  };
  for (const kind of PUBLIC_KINDS) {
    const def = ENTITIES[kind] as unknown as { schema: z.ZodObject<typeof Stored.shape>; path: string; indexed: readonly string[] };
    const name = kind === 'unit' ? 'Unit' : cap(kind);
    schemas[name] = toJson(def.schema, 'output');
    schemas[`${name}Create`] = { ...toJson(def.schema.omit({ revision: true, createdAt: true, updatedAt: true }).partial({ id: true }).strict(), 'input') };
    schemas[`${name}Patch`] = { ...toJson(def.schema.omit({ id: true, createdAt: true, updatedAt: true }).partial().strict(), 'input') };
    const filters = def.indexed.map((f) => ({ name: f, in: 'query', schema: { type: 'string' } }));
    const collection: Json = {
      get: { operationId: `list_${kind}`, parameters: [...filters, ...pageParams], responses: { 200: { description: 'A page', ...json(pageOf(name)) }, ...errorResponses(400, 401) } },
    };
    if (kind !== 'measurement')
      collection.post = {
        operationId: `create_${kind}`,
        requestBody: { required: true, ...json(ref(`${name}Create`)) },
        responses: { 201: { description: 'Created', ...json(ref(name)) }, ...errorResponses(400, 401, 409, 413, 422) },
      };
    const item: Json = {
      get: { operationId: `get_${kind}`, parameters: [idParam], responses: { 200: { description: 'The record', ...json(ref(name)) }, ...errorResponses(401, 404) } },
      delete: { operationId: `delete_${kind}`, parameters: [idParam, ifMatch], responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404, 409, 428) } },
    };
    if (kind !== 'measurement')
      item.patch = {
        operationId: `update_${kind}`,
        parameters: [idParam, ifMatch],
        requestBody: { required: true, ...json(ref(`${name}Patch`)) },
        responses: { 200: { description: 'Updated', ...json(ref(name)) }, ...errorResponses(400, 401, 404, 409, 413, 422, 428) },
      };
    paths[`/api/${def.path}`] = { ...(paths[`/api/${def.path}`] as Json | undefined), ...collection };
    paths[`/api/${def.path}/{id}`] = item;
  }
  const unit = schemas.Unit as Json;
  schemas.UnitNode = {
    ...unit,
    required: [...(unit.required as string[]), 'children'],
    properties: { ...(unit.properties as Json), children: { type: 'array', items: ref('UnitNode') } },
  };
  const wheelEvent = schemas.WheelEvent as Json;
  schemas.WheelViewEvent = {
    ...wheelEvent,
    required: [...(wheelEvent.required as string[]), 'unitName', 'effectiveDate'],
    properties: { ...(wheelEvent.properties as Json), unitName: { type: 'string' }, effectiveDate: { type: 'string', format: 'date' } },
  };
  // What the reader may do in a unit, from the core's permission tables (authorization.ts), key by key.
  const yes = { type: 'boolean' };
  schemas.UnitPermissions = {
    type: 'object',
    additionalProperties: false,
    required: ['write', 'moves', ...Object.keys(OTHER_PERMISSIONS)],
    properties: {
      write: {
        type: 'object',
        additionalProperties: false,
        required: Object.keys(WRITE_PERMISSIONS),
        properties: Object.fromEntries(
          Object.keys(WRITE_PERMISSIONS).map((k) => [k, { type: 'object', additionalProperties: false, required: ['create', 'update', 'delete'], properties: { create: yes, update: yes, delete: yes } }]),
        ),
      },
      moves: { type: 'object', additionalProperties: false, required: [...UNIT_MOVES], properties: Object.fromEntries(UNIT_MOVES.map((m) => [m, yes])) },
      ...Object.fromEntries(Object.keys(OTHER_PERMISSIONS).map((k) => [k, yes])),
    },
  };
  schemas.WheelWriteResult = {
    type: 'object',
    required: ['created', 'skipped'],
    additionalProperties: false,
    properties: { created: { type: 'array', items: ref('WheelEvent') }, skipped: { type: 'array', items: { type: 'string' } } },
  };
  schemas.CampaignState = {
    type: 'object',
    required: ['unitId', 'year', 'events'],
    additionalProperties: false,
    properties: {
      unitId: { type: 'string' },
      year: { type: 'integer' },
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['eventId', 'title', 'effectiveDate', 'planned', 'sent', 'pending', 'failed', 'reasons', 'unreachable', 'progress'],
          additionalProperties: false,
          properties: {
            eventId: { type: 'string' },
            title: { type: 'object', additionalProperties: { type: 'string' } },
            effectiveDate: { type: 'string', format: 'date' },
            planned: { type: 'integer', minimum: 0 },
            sent: { type: 'integer', minimum: 0 },
            pending: { type: 'integer', minimum: 0 },
            failed: { type: 'integer', minimum: 0 },
            reasons: { type: 'array', items: { type: 'object', required: ['reason', 'count'], additionalProperties: false, properties: { reason: { type: 'string' }, count: { type: 'integer' } } } },
            unreachable: {
              type: 'array',
              items: {
                type: 'object',
                required: ['recipientId', 'reason', 'detail'],
                additionalProperties: false,
                properties: { recipientId: { type: 'string' }, reason: { type: 'string' }, detail: { type: ['string', 'null'] } },
              },
            },
            progress: { type: ['number', 'null'], minimum: 0, maximum: 1 },
          },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Kvalitetsaftaler i Teams API', version, description: 'REST API of the Teams tab. Every request carries a user (development sign-in: header X-Dev-User).' },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { devSignIn: { type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'Development sign-in only' } },
    },
    security: [{ devSignIn: [] }],
    paths,
  };
}

