import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ServiceContext } from '../core/context';
import { ENTITIES, PUBLIC_KINDS, type EntityKind } from '../core/entities';
import { ConflictError, NotFoundError, PreconditionRequiredError, ValidationError } from '../core/errors';
import { batchFile, batchJob, startBatch } from '../documents/batch';
import { exportMinutes } from '../documents/minutes';
import { permissionsInUnit } from '../core/authorization';
import { Id, LOCALES, type Locale } from '../core/model';
import { agreementModel, DOCUMENT_FORMATS, exportAgreement, isDocumentFormat, type DocumentFormat } from '../documents/export';
import { publicationState, publishAgreement, unpublishAgreement } from '../core/services/publications';
import { getAgreementView } from '../core/services/agreement-view';
import { decideApproval } from '../core/services/approvals';
import { getAuditTrail } from '../core/services/audit';
import {
  agreementMoves,
  closeAgreement,
  createNextYearDraft,
  diffVersions,
  listVersions,
  openNewVersion,
  signAgreement,
  startYearEnd,
  startNextYear,
  submitAgreement,
} from '../core/services/lifecycle';
import { recordMeasurement } from '../core/services/measurements';
import { pushMeasurements } from '../core/services/system-measurements';
import { keyFigureStatus, runKeyFiguresNow, type KeyFigureSchedule, type KeyFigureSources } from '../core/services/key-figures';
import { exportSheet, importSheet, sheetTemplate, type SheetScope } from '../core/services/sheet-transfer';
import { t } from '../core/i18n';
import { formatOf, readWorkbook, SHEET_CONTENT_TYPES, WorkbookReadError, writeWorkbook, type SheetFormat } from '../spreadsheet/workbook';
import { getMyUnits } from '../core/services/my-units';
import { getMyWork } from '../core/services/my-tasks';
import { agreementYears } from '../core/services/agreement-years';
import { getOrganisationTree, organisationTreeVersion } from '../core/services/organisation';
import { campaignState } from '../core/services/outbox';
import { getOverview } from '../core/services/overview';
import { getDashboard } from '../core/services/dashboard';
import { compareIndicator, getUnitIndicators } from '../core/services/indicators';
import { addPause, myPauses, removePause } from '../core/services/pauses';
import { createRecord, deleteRecord, listRecords, readRecord, updateRecord } from '../core/services/records';
import { peopleByIds, searchPeople, type PeopleDirectory } from '../core/services/people-search';
import { MAX_SEARCH_RESULTS } from '../core/rules/people-search';
import { getRedThread } from '../core/services/red-thread';
import { getWheel } from '../core/services/wheel';
import { applyTemplate, copyWheel, WHEEL_TEMPLATES } from '../core/services/wheel-templates';
import * as C from './contract';
import { HttpError } from './errors';
import type { CursorCodec } from './cursor';
import type { LiveChannel } from './live';
import { openMeetingStream, publishSession } from './meeting-stream';
import { changeMeeting, listMeetings, parseMeetingId, readMeeting, MeetingChange } from '../core/services/meetings';

/**
 * The one table of the REST API's routes: for each, what the router mounts (method, path, handler) and what
 * the OpenAPI document says of it (operation, parameters, request body, responses with their zod schemas).
 * router.ts mounts it, openapi.ts describes it; neither lists a route of its own. A handler returns its status,
 * headers and body, typed by the route's response schemas: a body the table does not describe does not compile,
 * and the tests validate real responses against the document made from the same schemas.
 */

export type Method = 'get' | 'post' | 'patch' | 'delete';
export type ResponseSpec = {
  description: string;
  schema?: z.ZodType;
  /** A file (a spreadsheet, a document, a ZIP), in one of these content types, instead of JSON: the handler answers a FileBody. */
  files?: readonly string[];
  /** Also served as server-sent events (text/event-stream) to a request that accepts them: RouteDef.stream. */
  eventStream?: string;
};
export type Responses = Record<number, ResponseSpec>;
/**
 * A file answer: its content type, the name it is saved under (Content-Disposition: attachment) and either its bytes
 * or the path of a file on disk, streamed from there (a batch export's ZIP).
 */
export type FileBody = { contentType: string; fileName: string } & ({ bytes: Buffer } | { path: string });
type BodyOf<R> = R extends { schema: infer S extends z.ZodType }
  ? { body: z.output<S> }
  : R extends { files: readonly string[] }
    ? { body: FileBody }
    : { body?: undefined };
export type Reply<R extends Responses> = { [S in keyof R & number]: { status: S; headers?: Record<string, string> } & BodyOf<R[S]> }[keyof R & number];

/** What a handler is given besides the request. */
export type Call = {
  /** The signed-in user's context (a public route has none: reading it throws). */
  ctx: ServiceContext;
  now: () => Date;
  cursors: CursorCodec;
  /** The OpenAPI document this server serves. */
  document: () => unknown;
  /** The live channel between instances (api/http/live.ts). */
  live: LiveChannel;
  /** The tenant's directory (Entra ID through Graph) for this request, where the server has one (in Teams). */
  directory: () => PeopleDirectory | null;
  /** The key-figure databases and their schedule, where the server fetches key figures (KEYFIGURES=on). */
  keyFigures: KeyFigureService | null;
};

/** The key-figure databases (api/keyfigures/) and the schedule a run keeps. */
export type KeyFigureService = { sources: KeyFigureSources; schedule: KeyFigureSchedule };

export type RouteDef<R extends Responses> = {
  method: Method;
  /** Express path under /api (`/agreements/:id/view`); the document writes `/api/agreements/{id}/view`. */
  path: string;
  operationId: string;
  summary: string;
  /** Query parameters, for the document (the handler reads and checks them, naming the field in its errors). */
  query?: z.ZodObject;
  /** The request body (the handler or the service it calls checks it). */
  body?: z.ZodType;
  /** The request body is a file in one of these content types (the router reads it as bytes, at most `limit`). */
  upload?: { contentTypes: readonly string[]; limit: string };
  /** The change names the revision it is based on: If-Match ("3" or W/"3"), or `revision` in the body or query. */
  ifMatch?: boolean;
  responses: R;
  /** Error statuses besides those of every signed-in route (401, 429), each answered in the one error shape. */
  errors: readonly number[];
  /** Served without sign-in. */
  public?: true;
  /** Called by other systems with an Entra ID application token (client credentials, app role Measurements.Write), not by a user. */
  application?: true;
  /** An example request body for the document. */
  example?: unknown;
  /** Mounted only with this sign-in (the development sign-in's people directory). */
  only?: 'development';
  /** The body is shared by many requests and never changed (the organisation tree): the router serialises and compresses it once. */
  sharedBody?: true;
  handle: (req: Request, call: Call) => Promise<Reply<NoInfer<R>>>;
  /** Answers a request that accepts text/event-stream instead of `handle`: writes the stream until the client leaves. */
  stream?: (req: Request, res: Response, call: Call) => Promise<void>;
};
export type Route = RouteDef<Responses>;
const route = <R extends Responses>(def: RouteDef<R>): Route => def as unknown as Route;

// Reading a request: each refusal names its field.
const invalid = (field: string, message: string, input: unknown) =>
  new ValidationError([{ code: 'custom', path: [field], message, input } as z.core.$ZodIssue]);

/** A document's format and language, as the agreement's and the minutes' exports ask for them. */
const DocumentQuery = z.object({
  format: z.enum(['pdf', 'docx', 'html']).meta({ description: 'The file format' }),
  lang: z.enum(['da', 'sv', 'en']).optional().meta({ description: 'The document’s language; default the language the agreement is written in' }),
});
function documentQuery(req: Request): { format: DocumentFormat; lang: Locale | undefined } {
  const format = req.query.format;
  if (!isDocumentFormat(format)) throw invalid('format', 'format must be pdf, docx or html', format);
  const lang = req.query.lang;
  if (lang !== undefined && !(LOCALES as readonly unknown[]).includes(lang)) throw invalid('lang', 'lang must be da, sv or en', lang);
  return { format, lang: lang as Locale | undefined };
}
const documentFile = (file: { bytes: Buffer; type: string; name: string }): FileBody => ({ bytes: file.bytes, contentType: file.type, fileName: file.name });

function pageRequest(req: Request): { limit: number; cursor: string | null } {
  const { limit: rawLimit, cursor } = req.query;
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'limit must be a whole number from 1 to 200', rawLimit);
  return { limit, cursor: typeof cursor === 'string' && cursor ? cursor : null };
}

/** The revision a change is based on: If-Match ("3" or W/"3") or "revision" in the body or query. */
function expectedRevision(req: Request): number {
  const header = req.header('if-match');
  const body = req.body as { revision?: unknown } | undefined;
  const raw = header ? header.replace(/^W\//, '').replace(/"/g, '') : (body?.revision ?? req.query.revision);
  if (raw === undefined || raw === null || raw === '') throw new PreconditionRequiredError();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalid('revision', 'revision must be a positive whole number', raw);
  return n;
}

const etag = (revision: number) => ({ ETag: `"${revision}"` });
const id = (req: Request) => String(req.params.id);
const yearOf = (field: string, raw: unknown) => {
  const year = typeof raw === 'string' && raw !== '' ? Number(raw) : raw;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) throw invalid(field, 'must be a whole number from 1990 to 2100', raw);
  return year;
};
const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

/**
 * Whether an If-None-Match header names the tag (weak comparison, RFC 9110 section 13.1.2): then a GET answers 304.
 * Evaluated here rather than by Express's req.fresh, which answers 200 to every request carrying Cache-Control:
 * no-cache, and fetch() adds that to every request it sends with If-None-Match (Fetch standard, HTTP-network-or-cache fetch).
 */
function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((t) => opaque(t) === opaque(tag));
}

const ok = <S extends z.ZodType>(schema: S, description: string) => ({ 200: { description, schema } });
const deleted = (description: string) => ({ 204: { description } });

// Query parameters, as documented.
/** The unit and year a roll-up is asked for (`?unitId=…&year=…`; the year defaults to this one). */
function unitAndYear(req: Request, now: () => Date): { unitId: string; year: number } {
  const unitId = typeof req.query.unitId === 'string' ? req.query.unitId : '';
  if (!unitId) throw invalid('unitId', 'unitId is required', req.query.unitId);
  return { unitId, year: queryYear(req, now) };
}

/** The year asked for (`?year=…`), this one by default. */
const queryYear = (req: Request, now: () => Date) => yearOf('year', req.query.year ?? String(now().getFullYear()));

const yearQuery = z.object({ year: z.number().int().min(1990).max(2100).optional().meta({ description: 'Default: this year' }) });
const pageQuery = {
  limit: z.number().int().min(1).max(200).default(50).optional(),
  cursor: z.string().optional().meta({ description: 'nextCursor of the page before' }),
};

// Spreadsheets (services/sheet-transfer.ts, spreadsheet/workbook.ts): import, export and the template.
const SHEET_TYPES = [SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv] as const;
const sheetFormatQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx').optional() });
function sheetFormat(req: Request): SheetFormat {
  const raw = req.query.format ?? 'xlsx';
  if (raw !== 'xlsx' && raw !== 'csv') throw invalid('format', 'format must be xlsx or csv', raw);
  return raw;
}
async function sheetFile(grid: Parameters<typeof writeWorkbook>[0], format: SheetFormat, name: string): Promise<FileBody> {
  return { bytes: await writeWorkbook(grid, format), contentType: SHEET_CONTENT_TYPES[format], fileName: `${name}.${format}` };
}
const sheetExport = (path: string, operationId: string, summary: string, scope: (req: Request) => SheetScope) =>
  route({
    method: 'get',
    path,
    operationId,
    summary,
    query: path.startsWith('/units')
      ? sheetFormatQuery.extend({ year: yearQuery.shape.year.meta({ description: 'Only the agreements of this year' }) })
      : sheetFormatQuery,
    responses: { 200: { description: 'The spreadsheet, headed in the language of Accept-Language', files: SHEET_TYPES } },
    errors: [400, 403, 404],
    handle: async (req, { ctx }) => {
      const format = sheetFormat(req);
      const s = scope(req);
      const grid = await exportSheet(ctx, s, ctx.actor.locale);
      return { status: 200, body: await sheetFile(grid, format, 'agreementId' in s ? s.agreementId : s.unitId) };
    },
  });

// The agreement's life (services/lifecycle.ts): each move names the revision it is based on.
const MOVES = {
  submit: submitAgreement,
  sign: signAgreement,
  'year-end': startYearEnd,
  'next-follow-up-year': startNextYear,
  close: closeAgreement,
  'new-version': openNewVersion,
} as const;

export const ROUTES: readonly Route[] = [
  route({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    public: true,
    responses: ok(z.record(z.string(), z.unknown()), 'The OpenAPI 3.1 document'),
    errors: [],
    handle: async (_req, call) => ({ status: 200, body: call.document() as Record<string, unknown> }),
  }),
  route({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    responses: ok(C.Me, 'The user'),
    errors: [],
    handle: async (_req, { ctx }) => ({ status: 200, body: ctx.actor }),
  }),
  route({
    method: 'get',
    path: '/dev/people',
    operationId: 'listDevPeople',
    // The development sign-in lets the caller act as anyone, so the directory it picks from hides nothing:
    // the tab's person picker lists everyone here. Teams sign-in has no such route (the read policy applies).
    summary: 'Development sign-in only: everyone the caller may act as, by name',
    only: 'development',
    responses: ok(C.DevPeople, 'People, by name'),
    errors: [],
    handle: async (_req, { ctx }) => {
      const people = await ctx.store.listAll('person', {});
      return {
        status: 200,
        body: { items: people.map((p) => ({ id: p.id, displayName: p.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName, 'da')) },
      };
    },
  }),
  route({
    method: 'get',
    path: '/me/pauses',
    operationId: 'listMyPauses',
    summary: 'My out-of-office periods (no reminders while they run)',
    responses: ok(z.array(C.PauseRecord), 'Pauses'),
    errors: [],
    handle: async (_req, { ctx }) => ({ status: 200, body: await myPauses(ctx) }),
  }),
  route({
    method: 'post',
    path: '/me/pauses',
    operationId: 'addMyPause',
    summary: 'Adds an out-of-office period',
    body: C.PauseBody,
    responses: { 201: { description: 'The pause', schema: C.PauseRecord } },
    errors: [400, 413],
    handle: async (req, { ctx }) => ({ status: 201, body: await addPause(ctx, req.body) }),
  }),
  route({
    method: 'delete',
    path: '/me/pauses/:id',
    operationId: 'removeMyPause',
    summary: 'Ends an out-of-office period of my own',
    responses: deleted('Removed'),
    errors: [400],
    handle: async (req, { ctx }) => {
      await removePause(ctx, id(req));
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/me/units',
    operationId: 'getMyUnits',
    summary: 'The units the user leads, belongs to or approves for, with their agreement',
    query: z.object({ year: z.number().int().optional().meta({ description: "The year of the agreement shown; default: each unit's latest" }) }),
    responses: ok(z.array(C.MyUnit), 'My units'),
    errors: [400],
    handle: async (req, { ctx }) => {
      const year = req.query.year === undefined ? undefined : Number(req.query.year);
      if (year !== undefined && !Number.isInteger(year)) throw invalid('year', 'year must be a whole number', req.query.year);
      return { status: 200, body: await getMyUnits(ctx, year) };
    },
  }),
  route({
    method: 'get',
    path: '/me/work',
    operationId: 'getMyWork',
    summary:
      'What is waiting for the user across their units: measurements due or late (with the values already reported), open actions, agreements to submit or approve',
    responses: ok(C.MyWork, 'My work'),
    errors: [],
    // Work found before and still current is answered again as it was (my-tasks.ts): serialised and compressed once.
    sharedBody: true,
    handle: async (_req, { ctx }) => ({ status: 200, body: await getMyWork(ctx) }),
  }),
  route({
    method: 'get',
    path: '/units/:id/agreement-years',
    operationId: 'getAgreementYears',
    summary: 'The years that have agreements in a unit and the units below it, newest first, and the year to open on',
    responses: ok(C.AgreementYears, 'Years'),
    errors: [404],
    handle: async (req, { ctx }) => ({ status: 200, body: await agreementYears(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/agreements/:id/red-thread',
    operationId: 'getRedThread',
    summary: "The chain of goals from the council's vision down to the agreement's goals",
    responses: ok(C.RedThread, 'Levels, goals and units'),
    errors: [404],
    handle: async (req, { ctx }) => ({ status: 200, body: await getRedThread(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/units/:id/permissions',
    operationId: 'getUnitPermissions',
    summary:
      'What the caller may do in a unit: each kind of record they may create, update or delete there, the agreement moves their roles allow, and the other permissions (read the audit trail, record measurements, …)',
    responses: ok(C.UnitPermissions, 'The permissions, from the same tables every write is checked against'),
    errors: [403, 404],
    handle: async (req, { ctx }) => ({ status: 200, body: await permissionsInUnit(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/units/:id/wheel',
    operationId: 'getWheel',
    summary: 'The annual wheel of a unit (its own events and those of the units above it)',
    query: yearQuery,
    responses: ok(C.WheelView, 'Events and upcoming deadlines'),
    errors: [400, 404],
    handle: async (req, { ctx, now }) => ({ status: 200, body: await getWheel(ctx, id(req), queryYear(req, now)) }),
  }),
  route({
    method: 'get',
    path: '/units/:id/indicators',
    operationId: 'getUnitIndicators',
    summary:
      "A unit's indicators of a year, for every employee of the municipality: target, latest value, whether it meets it, and how many other units share it (a draft the caller may not read is withheld)",
    query: yearQuery,
    responses: ok(C.UnitIndicators, 'The unit, its agreement of the year and its indicators'),
    errors: [400, 404],
    handle: async (req, { ctx, now }) => ({ status: 200, body: await getUnitIndicators(ctx, id(req), queryYear(req, now)) }),
  }),
  route({
    method: 'get',
    path: '/indicators/:id/comparison',
    operationId: 'compareIndicator',
    summary: "The units of the indicator's municipality with an indicator of the same name, side by side: latest value against each one's target",
    responses: ok(C.IndicatorComparison, 'The indicator and the units that share it'),
    errors: [403, 404],
    handle: async (req, { ctx }) => ({ status: 200, body: await compareIndicator(ctx, id(req)) }),
  }),
  ...Object.entries(MOVES).map(([name, move]) =>
    route({
      method: 'post',
      path: `/agreements/:id/${name}`,
      operationId: `agreement_${name}`,
      summary: `Lifecycle: ${name}`,
      ifMatch: true,
      responses: ok(C.recordSchema('agreement'), 'The agreement after the move'),
      errors: [400, 403, 404, 409, 428],
      handle: async (req, { ctx }) => {
        const a = await move(ctx, id(req), expectedRevision(req));
        return { status: 200, headers: etag(a.revision), body: a };
      },
    }),
  ),
  route({
    method: 'get',
    path: '/agreements/:id/moves',
    operationId: 'getAgreementMoves',
    summary:
      'The moves the caller can make on the agreement now, from the transitions table every move is checked against (signing only for a party who has not signed this version), and which signing parties have not signed its current version',
    responses: ok(C.AgreementMoves, 'The moves'),
    errors: [404],
    handle: async (req, { ctx }) => ({ status: 200, body: await agreementMoves(ctx, id(req)) }),
  }),
  route({
    method: 'post',
    path: '/agreements/:id/decision',
    operationId: 'agreement_decision',
    summary: "The approving chief's decision: approve, or request changes with a comment",
    body: C.DecisionBody,
    responses: ok(C.recordSchema('agreement'), 'The agreement after the decision'),
    errors: [400, 403, 404, 409],
    handle: async (req, { ctx }) => {
      const a = await decideApproval(ctx, { ...(req.body as object), agreementId: id(req) } as never);
      return { status: 200, headers: etag(a.revision), body: a };
    },
  }),
  route({
    method: 'get',
    path: '/agreements/:id/versions',
    operationId: 'agreement_versions',
    summary: 'The submitted versions of an agreement, oldest first',
    responses: ok(C.AgreementVersions, 'Submitted versions, oldest first'),
    errors: [404],
    handle: async (req, { ctx }) => ({ status: 200, body: await listVersions(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/agreements/:id/diff',
    operationId: 'agreement_diff',
    summary: 'What changed between two versions',
    query: z.object({ from: z.number().int().min(1), to: z.number().int().min(1).optional().meta({ description: 'Default: the current content' }) }),
    responses: ok(C.VersionDiff, 'Goals added, removed and changed; budget change'),
    errors: [400, 404],
    handle: async (req, { ctx }) => {
      const fromV = Number(req.query.from);
      const toV = req.query.to === undefined ? undefined : Number(req.query.to);
      if (!Number.isInteger(fromV) || fromV < 1) throw invalid('from', 'from must be a version number', req.query.from);
      if (toV !== undefined && (!Number.isInteger(toV) || toV < 1)) throw invalid('to', 'to must be a version number', req.query.to);
      return { status: 200, body: await diffVersions(ctx, id(req), fromV, toV) };
    },
  }),
  route({
    method: 'post',
    path: '/agreements/:id/next-year',
    operationId: 'agreement_next_year',
    summary: "Next year's draft, carrying over the goals picked",
    body: C.NextYearBody,
    responses: { 201: { description: 'The new draft', schema: C.recordSchema('agreement') } },
    errors: [400, 403, 404, 409],
    handle: async (req, { ctx }) => {
      const ids = (req.body as { carryGoalIds?: unknown } | undefined)?.carryGoalIds ?? [];
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw invalid('carryGoalIds', 'carryGoalIds must be a list of goal ids', ids);
      return { status: 201, body: await createNextYearDraft(ctx, id(req), ids as string[]) };
    },
  }),
  // The annual cycle: a ready-made wheel, last year's wheel copied, and the state of the reminder campaigns.
  route({
    method: 'post',
    path: '/units/:id/wheel/template',
    operationId: 'applyWheelTemplate',
    summary: "Writes a ready-made wheel (Assens, Österåker) into a unit's wheel for a year; events already there are kept",
    body: C.WheelTemplateBody,
    responses: ok(C.WheelWriteResult, 'Events created and ids skipped'),
    errors: [400, 403, 404, 413],
    handle: async (req, { ctx }) => {
      const body = bodyOf(req);
      const template = WHEEL_TEMPLATES.find((t) => t.id === body.templateId);
      if (!template) throw invalid('templateId', `must be one of ${WHEEL_TEMPLATES.map((t) => t.id).join(', ')}`, body.templateId);
      return { status: 200, body: await applyTemplate(ctx, id(req), yearOf('year', body.year), template) };
    },
  }),
  route({
    method: 'post',
    path: '/units/:id/wheel/copy',
    operationId: 'copyWheel',
    summary: "Copies a unit's own wheel events of one year into another: meetings keep their weekday position in the month, deadlines their date",
    body: C.WheelCopyBody,
    responses: ok(C.WheelWriteResult, 'Events created and ids skipped'),
    errors: [400, 403, 404, 413],
    handle: async (req, { ctx }) => {
      const body = bodyOf(req);
      return { status: 200, body: await copyWheel(ctx, id(req), yearOf('fromYear', body.fromYear), yearOf('toYear', body.toYear)) };
    },
  }),
  route({
    method: 'get',
    path: '/units/:id/wheel/campaigns',
    operationId: 'getWheelCampaigns',
    summary: "Per event of a unit's wheel: the reminders planned, sent, failed (with reasons and who could not be reached) and pending",
    query: yearQuery,
    responses: ok(C.CampaignState, 'Campaign state per wheel event'),
    errors: [400, 403, 404],
    handle: async (req, { ctx, now }) => {
      const year = queryYear(req, now);
      return { status: 200, body: await campaignState(ctx, year, id(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/organisation/tree',
    operationId: 'getOrganisationTree',
    summary: 'The organisation tree',
    responses: { ...ok(z.array(C.UnitNode), 'Root units with their children'), 304: { description: 'The tree named by If-None-Match is current' } },
    errors: [],
    // The tree changes only with the units: its ETag is the store's revision of them, so a client holding it gets
    // 304 without a body (browsers ask again with If-None-Match: Cache-Control no-cache), and the body, shared by
    // every request of that revision, is serialised and compressed once.
    sharedBody: true,
    handle: async (req, { ctx }) => {
      const [tree, version] = await Promise.all([getOrganisationTree(ctx), organisationTreeVersion(ctx)]);
      if (version === null) return { status: 200, body: tree };
      const headers = { ETag: `"${createHash('sha256').update(version).digest('base64url')}"`, 'Cache-Control': 'private, no-cache' };
      return noneMatch(req.header('if-none-match'), headers.ETag) ? { status: 304, headers } : { status: 200, headers, body: tree };
    },
  }),
  route({
    method: 'get',
    path: '/agreements/:id/view',
    operationId: 'getAgreementView',
    summary: 'One agreement with its goals, actions, success criteria, indicators and recent measurements',
    query: z.object({ recent: z.number().int().min(1).max(60).default(12).optional().meta({ description: 'Periods of measurements per indicator' }) }),
    responses: ok(C.AgreementView, 'The agreement and everything under it'),
    errors: [400, 404],
    // A view still valid is answered again as it was built (agreement-view.ts): serialised and compressed once.
    sharedBody: true,
    handle: async (req, { ctx }) => {
      const recent = req.query.recent === undefined ? 12 : Number(req.query.recent);
      if (!Number.isInteger(recent) || recent < 1 || recent > 60) throw invalid('recent', 'recent must be a whole number from 1 to 60', req.query.recent);
      return { status: 200, body: await getAgreementView(ctx, id(req), recent) };
    },
  }),
  route({
    method: 'get',
    path: '/overview',
    operationId: 'getOverview',
    summary: "The chief's overview: every unit below a unit with its agreement state, goals off track, measurements due and late",
    query: z.object({ unitId: Id, ...yearQuery.shape }),
    responses: ok(z.array(C.OverviewRow), 'One row per unit'),
    errors: [400, 404],
    // An overview still valid is answered again as it was made (overview.ts): serialised and compressed once.
    sharedBody: true,
    handle: async (req, { ctx, now }) => {
      const { unitId, year } = unitAndYear(req, now);
      return { status: 200, body: await getOverview(ctx, unitId, year) };
    },
  }),
  route({
    method: 'get',
    path: '/dashboard',
    operationId: 'getDashboard',
    summary:
      'The dashboard of a unit for chiefs, the quality office and the council: agreements by state, goals by fulfilment, indicators off target, measurements due and late — in total and per unit directly below',
    query: z.object({ unitId: Id, ...yearQuery.shape }),
    responses: ok(C.Dashboard, 'The unit, its totals and its parts'),
    errors: [400, 404],
    // A dashboard still valid is answered again as it was made (dashboard.ts): serialised and compressed once.
    sharedBody: true,
    handle: async (req, { ctx, now }) => {
      const { unitId, year } = unitAndYear(req, now);
      return { status: 200, body: await getDashboard(ctx, unitId, year) };
    },
  }),
  route({
    method: 'post',
    path: '/measurements',
    operationId: 'recordMeasurement',
    summary: 'Record a measurement; a second value for the same period is a correction that keeps the earlier one in history',
    body: C.RecordMeasurementBody,
    responses: {
      200: { description: 'Corrected', schema: C.recordSchema('measurement') },
      201: { description: 'Recorded', schema: C.recordSchema('measurement') },
    },
    errors: [400, 404, 409, 413],
    handle: async (req, { ctx }) => {
      const { measurement, corrected } = await recordMeasurement(ctx, { source: 'api', ...req.body });
      return { status: corrected ? 200 : 201, headers: etag(measurement.revision), body: measurement };
    },
  }),
  route({
    method: 'get',
    path: '/sheet-template',
    operationId: 'getSheetTemplate',
    summary: 'The empty spreadsheet template (goal, actions, success criteria, indicator columns), headed in the language of Accept-Language',
    query: sheetFormatQuery,
    responses: { 200: { description: 'The template', files: SHEET_TYPES } },
    errors: [400],
    handle: async (req, { ctx }) => ({
      status: 200,
      body: await sheetFile(sheetTemplate(ctx.actor.locale), sheetFormat(req), t('sheetName', ctx.actor.locale)),
    }),
  }),
  sheetExport(
    '/agreements/:id/sheet',
    'exportAgreementSheet',
    "An agreement's goals, actions, success criteria, indicators and measurements as a spreadsheet",
    (req) => ({
      agreementId: id(req),
    }),
  ),
  sheetExport(
    '/units/:id/sheet',
    'exportUnitSheet',
    'The agreements of a unit and the units below it (those the caller may read) as one spreadsheet',
    (req) => ({ unitId: id(req), ...(req.query.year === undefined ? {} : { year: yearOf('year', req.query.year) }) }),
  ),
  route({
    method: 'post',
    path: '/agreements/:id/sheet-import',
    operationId: 'importAgreementSheet',
    summary:
      'Import a spreadsheet (.xlsx or .csv, the template of GET /api/sheet-template) into the agreement: dryRun=true shows what would be created or changed and every problem by sheet, row and column; without it, a file with any problem is refused (400) and nothing is written',
    query: z.object({
      dryRun: z.enum(['true', 'false']).default('false').optional(),
      fileName: z.string().max(255).optional().meta({ description: 'The file name, for the audit trail' }),
    }),
    upload: { contentTypes: SHEET_TYPES, limit: '10mb' },
    responses: { 200: { description: 'The preview (dryRun) or what was written', schema: C.SheetImportResult } },
    errors: [400, 403, 404, 413, 415],
    handle: async (req, { ctx }) => {
      const fileName = typeof req.query.fileName === 'string' ? req.query.fileName : '';
      const format = formatOf(req.header('content-type'), fileName);
      if (!format) throw new HttpError('unsupported_media_type');
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let grid;
      try {
        grid = await readWorkbook(bytes, format, fileName.replace(/\.\w+$/, '') || t('sheetName', ctx.actor.locale));
      } catch (e) {
        if (!(e instanceof WorkbookReadError)) throw e;
        throw invalid('file', t('sheetIssue.unreadable', ctx.actor.locale, { reason: e.message }), fileName);
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const dryRun = req.query.dryRun === 'true';
      const result = await importSheet(ctx, grid, { agreementId: id(req), dryRun, name: fileName || `upload.${format}`, sha256 });
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'post',
    path: '/system/measurements',
    operationId: 'pushMeasurements',
    summary:
      'For other systems (Entra ID application token with the app role Measurements.Write, the application granted by the municipality): values per indicator and period, many in one request, each answered on its own. The same value again is one measurement (unchanged); a different value is a correction that keeps the earlier one in history. Recorded with source api and the calling application.',
    application: true,
    body: C.PushMeasurementsBody,
    example: {
      values: [
        { indicatorId: 'silkeborg-borgerservice-2015-digital', period: '2015-Q1', value: 78.5 },
        { indicatorId: 'silkeborg-borgerservice-2015-digital', period: '2015-Q2', value: 81, comment: 'From the case system' },
      ],
    },
    responses: { 200: { description: 'One result per value, in the order sent', schema: C.PushMeasurementsResult } },
    errors: [400, 403, 413],
    handle: async (req, { ctx }) => ({ status: 200, body: await pushMeasurements(ctx, { appId: ctx.actor.appId! }, req.body) }),
  }),
  // Key figures (docs/keyfigures.md): an indicator is linked through its ordinary update (`keyFigure`).
  route({
    method: 'get',
    path: '/key-figures',
    operationId: 'getKeyFigureStatus',
    summary:
      "For the municipality's quality office: every indicator linked to a key figure (Kolada, StatBank) with its link's state: the last attempt, success and error, when it is tried again, and the periods where the fetched value differs from one a person entered (never overwritten)",
    query: z.object({ municipalityId: Id.optional().describe('The municipality (its unit id); by default the one whose quality office you are') }),
    responses: ok(C.KeyFigureStatus, "The municipality's key-figure links"),
    errors: [400, 403, 404],
    handle: async (req, { ctx }) => {
      const m = req.query.municipalityId;
      return { status: 200, body: await keyFigureStatus(ctx, typeof m === 'string' && m ? m : undefined) };
    },
  }),
  route({
    method: 'post',
    path: '/key-figures/run',
    operationId: 'runKeyFigures',
    summary:
      "For the municipality's quality office: fetch every key-figure link of the municipality now, due or not, and record what is new (each value once; a value a person entered is kept and its difference listed)",
    body: C.KeyFigureRunBody,
    example: { municipalityId: 'silkeborg' },
    responses: ok(C.KeyFigureRunOutcome, 'What the run recorded, and the state after it'),
    errors: [400, 403, 404, 501],
    handle: async (req, { ctx, keyFigures }) => {
      if (!keyFigures) throw new HttpError('key_figures_not_enabled');
      return { status: 200, body: await runKeyFiguresNow(ctx, keyFigures.sources, keyFigures.schedule, req.body) };
    },
  }),
  route({
    method: 'get',
    path: '/indicators/:id/measurements',
    operationId: 'listIndicatorMeasurements',
    summary: 'The measurements of an indicator, with comments, who entered them and corrected values',
    query: z.object(pageQuery),
    responses: ok(C.pageOf(C.recordSchema('measurement')), 'Measurements of the indicator'),
    errors: [400, 404],
    handle: async (req, { ctx, cursors }) => {
      await readRecord(ctx, 'indicator', id(req));
      const where = { indicatorId: id(req) };
      return {
        status: 200,
        body: await cursors.page({ tenantId: ctx.store.tenantId, kind: 'measurement', filter: where }, pageRequest(req), (p) =>
          listRecords(ctx, 'measurement', where, p),
        ),
      };
    },
  }),
  route({
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'The audit trail, newest first',
    query: z.object({ entityId: z.string().optional(), ...pageQuery }),
    responses: ok(C.pageOf(C.AuditRecord), 'Audit entries'),
    errors: [400],
    handle: async (req, { ctx, cursors }) => {
      const entityId = typeof req.query.entityId === 'string' ? req.query.entityId : undefined;
      return {
        status: 200,
        body: await cursors.page({ tenantId: ctx.store.tenantId, kind: 'audit', filter: { entityId } }, pageRequest(req), (p) =>
          getAuditTrail(ctx, { entityId }, p),
        ),
      };
    },
  }),
  // Dialogue meetings on the Teams stage (services/meetings.ts, docs/meetings.md).
  route({
    method: 'get',
    path: '/meetings/:meetingId/agreements/:id',
    operationId: 'getMeetingSession',
    summary:
      'The dialogue meeting on an agreement in a Teams meeting: as JSON, the session as it stands; as server-sent events (Accept: text/event-stream), joins it and follows it live',
    responses: {
      200: {
        description: 'The session (JSON), or its live stream',
        schema: C.MeetingSessionBody,
        eventStream:
          'Server-sent events, each `event: session` with `id:` the revision and `data:` the session as JSON; on reconnecting, Last-Event-ID (or the query parameter lastEventId) names the revision the client has, and the current session is sent when newer',
      },
    },
    errors: [400, 403, 404],
    handle: async (req, { ctx }) => {
      const session = await readMeeting(ctx, parseMeetingId(req.params.meetingId), id(req));
      if (!session) throw new NotFoundError('meetingSession', String(req.params.meetingId));
      return { status: 200, headers: etag(session.revision), body: session };
    },
    stream: (req, res, { ctx, live }) => openMeetingStream(req, res, { ctx, live, meetingId: parseMeetingId(req.params.meetingId), agreementId: id(req) }),
  }),
  route({
    method: 'post',
    path: '/meetings/:meetingId/agreements/:id/changes',
    operationId: 'changeMeetingSession',
    summary:
      'A participant changes the dialogue meeting: shows a goal and analysis step to everyone, writes a note for a goal and step, or records a decision (which may become an action on the goal); every participant sees it at once',
    body: MeetingChange,
    responses: ok(C.MeetingSessionBody, 'The session after the change'),
    errors: [400, 403, 404, 409, 413, 422],
    handle: async (req, { ctx, live }) => {
      const session = await changeMeeting(ctx, parseMeetingId(req.params.meetingId), id(req), req.body);
      await publishSession(live, ctx, session, req.log);
      return { status: 200, headers: etag(session.revision), body: session };
    },
  }),
  route({
    method: 'get',
    path: '/agreements/:id/meetings',
    operationId: 'listAgreementMeetings',
    summary:
      'The minutes of the dialogue meetings held on an agreement, newest first: date, participants, notes per goal and analysis step, decisions and what they became',
    responses: ok(z.array(C.MeetingSessionBody), 'The meetings'),
    errors: [403, 404],
    handle: async (req, { ctx }) => ({ status: 200, body: await listMeetings(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/agreements/:id/export',
    operationId: 'exportAgreement',
    summary:
      'One agreement as a document — tagged PDF, Word (docx) or accessible HTML — in the municipality’s section order and the agreement’s language (or `lang`), for whoever may read the agreement',
    query: DocumentQuery,
    responses: { 200: { description: 'The document, as an attachment', files: Object.values(DOCUMENT_FORMATS).map((f) => f.type) } },
    errors: [400, 403, 404],
    handle: async (req, { ctx }) => {
      const { format, lang } = documentQuery(req);
      return { status: 200, body: documentFile(await exportAgreement(ctx, id(req), format, lang)) };
    },
  }),
  route({
    method: 'get',
    path: '/agreements/:id/meetings/export',
    operationId: 'exportAgreementMeetings',
    summary:
      'The minutes of the dialogue meetings held on an agreement as a document — tagged PDF, Word or accessible HTML: date, participants, notes per goal and analysis step, decisions and what they became',
    query: DocumentQuery,
    responses: { 200: { description: 'The minutes, as an attachment', files: Object.values(DOCUMENT_FORMATS).map((f) => f.type) } },
    errors: [400, 403, 404],
    handle: async (req, { ctx }) => {
      const { format, lang } = documentQuery(req);
      return { status: 200, body: documentFile(await exportMinutes(ctx, id(req), format, lang)) };
    },
  }),
  route({
    method: 'post',
    path: '/exports',
    operationId: 'startExport',
    summary:
      'Starts making one ZIP of every agreement of a year below a unit (an administration, the whole municipality) that the caller may read, as PDF, Word or HTML; answers at once with the job, whose progress is polled',
    body: C.ExportRequest,
    responses: { 202: { description: 'The job, running (or the caller’s job already running)', schema: C.ExportJob } },
    errors: [400, 404],
    handle: async (req, { ctx }) => {
      const job = await startBatch(ctx, bodyOf(req), ctx.actor.locale);
      return { status: 202, headers: { Location: `/api/exports/${job.id}` }, body: job };
    },
  }),
  route({
    method: 'get',
    path: '/exports/:id',
    operationId: 'getExport',
    summary: 'An export job of the caller: how many agreements are made, which could not be, and where the ZIP is once done',
    responses: ok(C.ExportJob, 'The job'),
    errors: [404],
    handle: async (req, { ctx }) => ({ status: 200, body: batchJob(ctx, id(req)) }),
  }),
  route({
    method: 'get',
    path: '/exports/:id/file',
    operationId: 'getExportFile',
    summary: 'The finished ZIP of an export job of the caller',
    responses: { 200: { description: 'The ZIP, as an attachment', files: ['application/zip'] } },
    errors: [404, 409],
    handle: async (req, { ctx }) => {
      const file = batchFile(ctx, id(req));
      if (!file) throw new ConflictError('export', id(req), batchJob(ctx, id(req)));
      return { status: 200, body: { path: file.path, contentType: 'application/zip', fileName: file.name } };
    },
  }),
  route({
    method: 'get',
    path: '/agreements/:id/publication',
    operationId: 'getAgreementPublication',
    summary: 'Whether the agreement is on the municipality’s public pages (which version, since when, where), and whether the caller may publish it',
    responses: ok(C.PublicationState, 'The publication state'),
    errors: [403, 404],
    handle: async (req, { ctx }) => ({ status: 200, body: await publicationState(ctx, id(req)) }),
  }),
  route({
    method: 'post',
    path: '/agreements/:id/publication',
    operationId: 'publishAgreement',
    summary:
      'Publishes the agreement’s current version on the public pages (/offentlig/{municipality}/{year}/{unit}), or publishes it again, replacing the version shown: an approved agreement, by the roles the municipality allows (default the quality office); audited',
    responses: ok(C.PublicationState, 'Published'),
    errors: [403, 404, 409],
    handle: async (req, { ctx }) => {
      const { model } = await agreementModel(ctx, id(req));
      await publishAgreement(ctx, id(req), model.lang);
      return { status: 200, body: await publicationState(ctx, id(req)) };
    },
  }),
  route({
    method: 'delete',
    path: '/agreements/:id/publication',
    operationId: 'unpublishAgreement',
    summary: 'Takes the agreement off the public pages (audited)',
    responses: deleted('Unpublished'),
    errors: [403, 404],
    handle: async (req, { ctx }) => {
      await unpublishAgreement(ctx, id(req));
      return { status: 204 };
    },
  }),
  route({
    // Before the people's own routes: /people/search is this search, not the person with the id "search".
    method: 'get',
    path: '/people/search',
    operationId: 'searchPeople',
    summary:
      'People by name or e-mail address for a people picker, case and accents aside ("soren" finds Søren): those in the app the caller may read, and in Teams, for whoever may add people, members of the tenant from Microsoft Entra ID',
    query: z.object({
      q: z.string().min(1).max(200).meta({ description: 'What was typed: part of a name or an e-mail address (at least two letters find someone)' }),
      limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).default(20).optional(),
    }),
    responses: ok(C.PeopleFound, 'The best matches first, at most `limit`'),
    errors: [400],
    handle: async (req, { ctx, directory }) => {
      const q = req.query.q;
      if (typeof q !== 'string' || !q.trim() || q.length > 200) throw invalid('q', 'q must be the text to search for, 1 to 200 characters', q);
      const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS)
        throw invalid('limit', `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`, req.query.limit);
      return { status: 200, body: { items: await searchPeople(ctx, q, limit, directory()) } };
    },
  }),
  route({
    method: 'get',
    path: '/people/names',
    operationId: 'getPeopleNames',
    summary: 'The names of people by id, for a picker showing who is chosen (those the caller may read; others are left out)',
    query: z.object({ ids: z.string().meta({ description: 'Comma-separated person ids, 1 to 200' }) }),
    responses: ok(C.PeopleFound, 'The people found, in no particular order'),
    errors: [400],
    handle: async (req, { ctx }) => {
      const raw = req.query.ids;
      const ids = typeof raw === 'string' ? raw.split(',').filter(Boolean) : [];
      if (!ids.length || ids.length > 200) throw invalid('ids', 'ids must be 1 to 200 comma-separated person ids', raw);
      return { status: 200, body: { items: await peopleByIds(ctx, ids) } };
    },
  }),
  ...PUBLIC_KINDS.flatMap(entityRoutes),
];

/** The five routes of a kind of record: list, read, create, change, delete (measurements: no create or change here). */
function entityRoutes(kind: EntityKind): Route[] {
  const def = ENTITIES[kind];
  const base = `/${def.path}`;
  const record = C.recordSchema(kind);
  const filters = z.object(
    Object.fromEntries(
      (def.indexed as readonly string[]).map((f) => [f, z.string().optional().meta({ description: 'Only records with this value ("null": without one)' })]),
    ),
  );
  const routes: Route[] = [
    route({
      method: 'get',
      path: base,
      operationId: `list_${kind}`,
      summary: `A page of ${def.path}, filtered`,
      query: filters.extend(pageQuery),
      responses: ok(C.pageOf(record), 'A page'),
      errors: [400],
      handle: async (req, { ctx, cursors }) => {
        const where: Record<string, unknown> = {};
        for (const field of def.indexed as readonly string[]) {
          const v = req.query[field];
          if (typeof v !== 'string') continue;
          if (v === 'null') where[field] = null;
          else if (field === 'year') {
            const year = Number(v);
            if (!Number.isInteger(year)) throw invalid(field, 'year must be a whole number', v);
            where[field] = year;
          } else where[field] = v;
        }
        return {
          status: 200,
          body: await cursors.page({ tenantId: ctx.store.tenantId, kind, filter: where }, pageRequest(req), (p) => listRecords(ctx, kind, where as never, p)),
        };
      },
    }),
    route({
      method: 'get',
      path: `${base}/:id`,
      operationId: `get_${kind}`,
      summary: `One of ${def.path}`,
      responses: ok(record, 'The record'),
      errors: [404],
      handle: async (req, { ctx }) => {
        const r = await readRecord(ctx, kind, id(req));
        return { status: 200, headers: etag(r.revision), body: r };
      },
    }),
  ];
  if (kind !== 'measurement')
    // Measurements are written through POST /api/measurements, which keeps corrections in history.
    routes.push(
      route({
        method: 'post',
        path: base,
        operationId: `create_${kind}`,
        summary: `Creates one of ${def.path}`,
        body: C.createSchema(kind),
        responses: { 201: { description: 'Created', schema: record } },
        errors: [400, 403, 409, 413, 422],
        handle: async (req, { ctx }) => {
          const r = await createRecord(ctx, kind, req.body);
          return { status: 201, headers: { ...etag(r.revision), Location: `/api${base}/${r.id}` }, body: r };
        },
      }),
      route({
        method: 'patch',
        path: `${base}/:id`,
        operationId: `update_${kind}`,
        summary: `Changes one of ${def.path}`,
        ifMatch: true,
        body: C.patchSchema(kind),
        responses: ok(record, 'Updated'),
        errors: [400, 403, 404, 409, 413, 422, 428],
        handle: async (req, { ctx }) => {
          if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw invalid('body', 'the body must be a JSON object', req.body);
          const revision = expectedRevision(req);
          const r = await updateRecord(ctx, kind, id(req), req.body as Record<string, unknown>, revision);
          return { status: 200, headers: etag(r.revision), body: r };
        },
      }),
    );
  routes.push(
    route({
      method: 'delete',
      path: `${base}/:id`,
      operationId: `delete_${kind}`,
      summary: `Deletes one of ${def.path}`,
      ifMatch: true,
      responses: deleted('Deleted'),
      errors: [403, 404, 409, 428],
      handle: async (req, { ctx }) => {
        await deleteRecord(ctx, kind, id(req), expectedRevision(req));
        return { status: 204 };
      },
    }),
  );
  return routes;
}

/** The routes a server with this sign-in serves, in the order they are mounted. */
export const routesFor = (signIn: 'development' | 'teams-sso'): readonly Route[] => ROUTES.filter((r) => !r.only || r.only === signIn);
