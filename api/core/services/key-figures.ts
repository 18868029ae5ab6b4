import { z } from 'zod';
import type { ServiceContext } from '../context';
import { authorizeKeyFigures, municipalityOfUnit, ownMunicipality } from '../authorization';
import { auditEntry } from '../audit';
import { ConflictError, parseOrThrow, ValidationError } from '../errors';
import {
  Id,
  keyFigureId,
  type Indicator,
  type KeyFigureConflict,
  type KeyFigureLink,
  type KeyFigureProvenance,
  type KeyFigureProvider,
  type KeyFigureRun,
  type Measurement,
} from '../model';
import { read, type WriteOp } from '../port';
import { measurementIssues } from '../rules/measurement-value';
import { slotOf } from '../rules/periods';
import { organisation } from './organisation';

/**
 * Key figures from the public databases (Kolada, Statistics Denmark's StatBank) as measurements of the indicators
 * linked to them (`Indicator.keyFigure`, docs/keyfigures.md). A run fetches each due link through its source (the
 * port below; adapters in api/keyfigures/) and records a value for every period that has none, with source
 * `keyfigure` and its provenance (key figure, the source's period, when it was fetched). It never overwrites a value
 * a person (or another system, or an import) entered: where that differs, the period is listed as a conflict in the
 * link's state for the quality office. A value it fetched before and the source has since revised is corrected, the
 * earlier one kept in the history. Running again records nothing twice.
 *
 * A source that cannot answer leaves everything as it was: the link's state records the error and when to try again,
 * after a pause that doubles with each failure (up to a cap); the scheduler (teams-app/key-figures.ts) asks often
 * and each link runs when it is due.
 */

/** One value as the source publishes it: its own period key (2024, 2024K1, 2024M03) and the number, null where none is published. */
export type KeyFigureValue = { period: string; value: number | null };

/** The port to a key-figure database: the values of a link for the years `fromYear` to `toYear`. Throws KeyFigureSourceError when it cannot answer. */
export interface KeyFigureSource {
  values(link: KeyFigureLink, fromYear: number, toYear: number): Promise<KeyFigureValue[]>;
}
export type KeyFigureSources = Readonly<Record<KeyFigureProvider, KeyFigureSource>>;

/** The source did not answer, or not as its documentation says (for the log and the quality office, in English). */
export class KeyFigureSourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KeyFigureSourceError';
  }
}

/** How often a link is fetched, and how long to wait after a failure: `retryBaseMs` doubled for each failure in a row, at most `retryCapMs`. */
export type KeyFigureSchedule = { intervalMs: number; retryBaseMs: number; retryCapMs: number };
export const DEFAULT_KEY_FIGURE_SCHEDULE: KeyFigureSchedule = { intervalMs: 24 * 3_600_000, retryBaseMs: 5 * 60_000, retryCapMs: 6 * 3_600_000 };

export type KeyFigureRunResult = {
  /** Links fetched now (due, or all with `force`). */
  attempted: number;
  failed: number;
  created: number;
  corrected: number;
  unchanged: number;
  conflicts: number;
};

/** Without a `fromYear` or baseline year, the values of this many years back are fetched. */
const YEARS_BACK = 5;
const MAX_LISTED = 200;

/** The indicator's period for a source's period: same year (moved by the offset), quarter or month; null when it has none. */
export function periodOf(sourcePeriod: string, yearOffset: number): string | null {
  const m = /^(\d{4})(?:([KQ])([1-4])|M(0[1-9]|1[0-2]))?$/.exec(sourcePeriod);
  if (!m) return null;
  const year = Number(m[1]) + yearOffset;
  return m[3] ? `${year}-Q${m[3]}` : m[4] ? `${year}-${m[4]}` : `${year}`;
}

/** Where the value came from, as shown with it: the municipality or unit (Kolada), the chosen values (StatBank). */
export function areaOf(link: KeyFigureLink): string {
  return link.provider === 'kolada'
    ? `${link.level === 'ou' ? 'ou' : 'municipality'} ${link.areaId}`
    : link.variables.map((v) => `${v.code}=${v.value}`).join(', ');
}

/** The pause before the next attempt after `failures` failures in a row. */
export function retryDelay(schedule: KeyFigureSchedule, failures: number): number {
  return Math.min(schedule.retryCapMs, schedule.retryBaseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
}

type Linked = Pick<Indicator, 'id' | 'goalId' | 'agreementId'> & { keyFigure: KeyFigureLink };

/** The indicators linked to a key figure, each with its municipality (one read of a field of every indicator, one of their goals). */
async function linkedIndicators(ctx: ServiceContext): Promise<(Linked & { municipalityId: string | null })[]> {
  const [all] = await ctx.store.readMany([read.fields('indicator', {}, ['keyFigure', 'goalId', 'agreementId'])]);
  const linked = all.filter((i): i is typeof i & { keyFigure: KeyFigureLink } => !!i.keyFigure) as unknown as Linked[];
  if (!linked.length) return [];
  const [goals] = await ctx.store.readMany([read.ids('goal', [...new Set(linked.map((i) => i.goalId))])]);
  const unitOf = new Map(goals.map((g) => [g.id, g.unitId]));
  const org = await organisation(ctx);
  return linked.map((i) => ({ ...i, municipalityId: municipalityOfUnit(org, unitOf.get(i.goalId)) }));
}

/**
 * Fetches every due link (all of them with `force`), of one municipality when `municipalityId` is given, and records
 * what is new. Links are fetched one after the other, so a run never asks a source more than once at a time.
 *
 * The links are known from their states (one small record each, written when a link is set through the indicator's
 * update: `linkChangeOps`); `scan` (and `force`) reads the `keyFigure` field of every indicator instead, which also
 * finds links that came in another way (an import): the scheduler does so once a day.
 */
export async function syncKeyFigures(
  ctx: ServiceContext,
  sources: KeyFigureSources,
  schedule: KeyFigureSchedule = DEFAULT_KEY_FIGURE_SCHEDULE,
  o: { municipalityId?: string; force?: boolean; scan?: boolean } = {},
): Promise<KeyFigureRunResult> {
  const result: KeyFigureRunResult = { attempted: 0, failed: 0, created: 0, corrected: 0, unchanged: 0, conflicts: 0 };
  const [runs] = await ctx.store.readMany([read.all('keyFigureRun', o.municipalityId ? { municipalityId: o.municipalityId } : {})]);
  const runOf = new Map(runs.map((r) => [r.id, r]));
  const nowIso = ctx.now().toISOString();
  const due = (id: string) => {
    const before = runOf.get(id);
    return !!o.force || !before || before.nextAttemptAt <= nowIso;
  };
  let linked: (Linked & { municipalityId: string | null })[];
  if (o.scan || o.force) {
    linked = (await linkedIndicators(ctx)).filter((i) => !o.municipalityId || i.municipalityId === o.municipalityId);
    // The state of a link taken away goes with it.
    const linkedIds = new Set(linked.map((i) => i.id));
    const gone = runs.filter((r) => !linkedIds.has(r.id));
    if (gone.length) await ctx.store.commit(gone.map((r) => ({ type: 'delete', kind: 'keyFigureRun', id: r.id, expectedRevision: r.revision }) as const));
  } else {
    linked = runs
      .filter((r) => due(r.id))
      .map((r) => ({
        id: r.indicatorId,
        goalId: '',
        agreementId: r.agreementId,
        municipalityId: r.municipalityId,
        keyFigure: null as unknown as KeyFigureLink,
      }));
  }
  for (const item of linked) {
    if (!due(item.id)) continue;
    result.attempted++;
    const outcome = await runOne(ctx, sources, schedule, item, runOf.get(item.id) ?? null);
    if (outcome === 'failed') result.failed++;
    else if (outcome === 'unlinked') result.attempted--;
    else for (const k of ['created', 'corrected', 'unchanged', 'conflicts'] as const) result[k] += outcome[k];
  }
  return result;
}

/**
 * The writes that go with an indicator's write when its link changes (services/records.ts): a new or changed link
 * gets a fresh state, due at once; a link taken away loses its state.
 */
export async function linkChangeOps(ctx: ServiceContext, before: Record<string, unknown> | null, after: Record<string, unknown>): Promise<WriteOp[]> {
  const link = (after.keyFigure ?? null) as KeyFigureLink | null;
  if (JSON.stringify(before?.keyFigure ?? null) === JSON.stringify(link)) return [];
  const id = after.id as string;
  const existing = await ctx.store.get('keyFigureRun', id);
  if (!link) return existing ? [{ type: 'delete', kind: 'keyFigureRun', id, expectedRevision: existing.revision }] : [];
  const org = await organisation(ctx);
  const goal = await ctx.store.get('goal', after.goalId as string);
  const at = ctx.now().toISOString();
  const run: KeyFigureRun = {
    id,
    indicatorId: id,
    municipalityId: municipalityOfUnit(org, goal?.unitId),
    agreementId: (after.agreementId as string | null) ?? null,
    provider: link.provider,
    keyFigureId: keyFigureId(link),
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
    nextAttemptAt: at,
    recorded: 0,
    conflicts: [],
    skipped: [],
    revision: (existing?.revision ?? 0) + 1,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  return [runOp(run, existing)];
}

type Outcome = { created: number; corrected: number; unchanged: number; conflicts: number } | 'failed' | 'unlinked';

async function runOne(
  ctx: ServiceContext,
  sources: KeyFigureSources,
  schedule: KeyFigureSchedule,
  item: Linked & { municipalityId: string | null },
  before: KeyFigureRun | null,
): Promise<Outcome> {
  const [indicator, existing] = await ctx.store.readMany([read.one('indicator', item.id), read.all('measurement', { indicatorId: item.id })]);
  if (!indicator?.keyFigure) {
    // Unlinked (or deleted) since its state was written: the state goes.
    if (before) await ctx.store.commit([{ type: 'delete', kind: 'keyFigureRun', id: before.id, expectedRevision: before.revision }]).catch(ignoreConflict);
    return 'unlinked';
  }
  const now = ctx.now();
  const at = now.toISOString();
  const link = indicator.keyFigure;
  const base = {
    id: item.id,
    indicatorId: item.id,
    municipalityId: item.municipalityId,
    agreementId: indicator.agreementId,
    provider: link.provider,
    keyFigureId: keyFigureId(link),
    lastAttemptAt: at,
    lastSuccessAt: before?.lastSuccessAt ?? null,
    revision: (before?.revision ?? 0) + 1,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
  };
  const fail = async (message: string, status?: number): Promise<Outcome> => {
    const failures = (before?.failures ?? 0) + 1;
    const run: KeyFigureRun = {
      ...base,
      lastError: { at, message: message.slice(0, 1_000), ...(status !== undefined ? { status } : {}) },
      failures,
      nextAttemptAt: new Date(now.getTime() + retryDelay(schedule, failures)).toISOString(),
      recorded: before?.recorded ?? 0,
      conflicts: before?.conflicts ?? [],
      skipped: before?.skipped ?? [],
    };
    await putRun(ctx, run, before);
    return 'failed';
  };

  const toYear = now.getUTCFullYear();
  const fromYear = Math.max(toYear - 20, link.fromYear ?? indicator.baselineYear ?? toYear - YEARS_BACK);
  let values: KeyFigureValue[];
  try {
    values = await sources[link.provider].values(link, fromYear - link.yearOffset, toYear - link.yearOffset);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), err instanceof KeyFigureSourceError ? err.status : undefined);
  }

  const byPeriod = new Map((existing as Measurement[]).map((m) => [m.period, m]));
  const ops: WriteOp[] = [];
  const conflicts: KeyFigureConflict[] = [];
  const skipped: KeyFigureRun['skipped'] = [];
  const counts = { created: 0, corrected: 0, unchanged: 0, conflicts: 0 };
  const seen = new Set<string>();
  for (const v of values) {
    if (v.value === null || !Number.isFinite(v.value)) continue;
    const period = periodOf(v.period, link.yearOffset);
    if (!period || !slotOf(indicator.frequency, period)) {
      if (skipped.length < MAX_LISTED) skipped.push({ period: v.period.slice(0, 20), reason: 'period' });
      continue;
    }
    if (seen.has(period)) continue;
    seen.add(period);
    if (measurementIssues(indicator, period, v.value).length) {
      if (skipped.length < MAX_LISTED) skipped.push({ period: v.period.slice(0, 20), reason: 'value' });
      continue;
    }
    const provenance: KeyFigureProvenance = {
      provider: link.provider,
      id: keyFigureId(link),
      area: areaOf(link).slice(0, 300),
      period: v.period,
      retrievedAt: at,
    };
    const entry = { value: v.value, enteredBy: ctx.actor.id, enteredAt: at, source: 'keyfigure' as const, keyFigure: provenance };
    const m = byPeriod.get(period);
    if (!m) {
      const created: Measurement = {
        id: ctx.newId(),
        indicatorId: indicator.id,
        agreementId: indicator.agreementId,
        period,
        ...entry,
        history: [],
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      ops.push(
        { type: 'put', kind: 'measurement', record: created, expectedRevision: null },
        { type: 'audit', entry: auditEntry(ctx, 'measurement', created.id, 'create', null, created) },
      );
      counts.created++;
    } else if (m.value === v.value) {
      counts.unchanged++;
    } else if (m.source === 'keyfigure') {
      // The source revised a figure it published: the value it gave before stays in the history.
      const { history, id: _i, indicatorId: _x, agreementId: _a, period: _p, revision, createdAt: _c, updatedAt: _u, ...previous } = m;
      const { comment: _comment, label: _label, document: _document, appId: _appId, ...kept } = m;
      const corrected: Measurement = { ...kept, ...entry, history: [...history, previous], revision: revision + 1, updatedAt: at };
      ops.push(
        { type: 'put', kind: 'measurement', record: corrected, expectedRevision: m.revision },
        { type: 'audit', entry: auditEntry(ctx, 'measurement', m.id, 'update', m, corrected) },
      );
      counts.corrected++;
    } else {
      // A value someone entered is theirs: the difference goes to the quality office.
      if (conflicts.length < MAX_LISTED) conflicts.push({ period, keyFigureValue: v.value, value: m.value, source: m.source, enteredBy: m.enteredBy });
      counts.conflicts++;
    }
  }
  const run: KeyFigureRun = {
    ...base,
    lastSuccessAt: at,
    lastError: null,
    failures: 0,
    nextAttemptAt: new Date(now.getTime() + schedule.intervalMs).toISOString(),
    recorded: counts.created + counts.corrected,
    conflicts,
    skipped,
  };
  try {
    await ctx.store.commit([...ops, runOp(run, before)]);
  } catch (err) {
    // A value entered (or a state written) meanwhile: nothing was written; the next attempt reads it afresh.
    if (err instanceof ConflictError) return fail('a value or the link changed during the run; tried again at the next attempt');
    throw err;
  }
  return counts;
}

const runOp = (run: KeyFigureRun, before: KeyFigureRun | null): WriteOp => ({
  type: 'put',
  kind: 'keyFigureRun',
  record: run,
  expectedRevision: before?.revision ?? null,
});

/** Another instance (or a change of the link) wrote the state meanwhile: its word stands. */
function ignoreConflict(err: unknown): void {
  if (!(err instanceof ConflictError)) throw err;
}

async function putRun(ctx: ServiceContext, run: KeyFigureRun, before: KeyFigureRun | null): Promise<void> {
  await ctx.store.commit([runOp(run, before)]).catch(ignoreConflict);
}

// ---- For the quality office -----------------------------------------------------------------------------

export type KeyFigureStatus = {
  indicatorId: string;
  indicatorName: string;
  agreementId: string | null;
  keyFigure: KeyFigureLink;
  /** null: not fetched yet (the next run does). */
  run: KeyFigureRun | null;
};

export const KeyFigureRunInput = z.object({ municipalityId: Id.optional() }).strict();

/** The municipality asked about: the one named, or the one whose quality office the actor is. */
async function municipalityAsked(ctx: ServiceContext, municipalityId: string | undefined): Promise<string> {
  const id = municipalityId ?? (await ownMunicipality(ctx));
  if (!id)
    throw new ValidationError([
      {
        code: 'custom',
        path: ['municipalityId'],
        message: 'name the municipality: you are the quality office of none or of several',
        input: undefined,
      } as z.core.$ZodIssue,
    ]);
  await authorizeKeyFigures(ctx, id);
  return id;
}

/** Every linked indicator of a municipality with the state of its link: for its quality office. */
export async function keyFigureStatus(ctx: ServiceContext, municipalityId?: string): Promise<{ municipalityId: string; links: KeyFigureStatus[] }> {
  const id = await municipalityAsked(ctx, municipalityId);
  const linked = (await linkedIndicators(ctx)).filter((i) => i.municipalityId === id);
  const [indicators, runs] = await ctx.store.readMany([
    read.ids(
      'indicator',
      linked.map((i) => i.id),
    ),
    read.all('keyFigureRun', { municipalityId: id }),
  ]);
  const runOf = new Map(runs.map((r) => [r.id, r]));
  return {
    municipalityId: id,
    links: indicators
      .filter((i) => i.keyFigure)
      .map((i) => ({ indicatorId: i.id, indicatorName: i.name, agreementId: i.agreementId, keyFigure: i.keyFigure!, run: runOf.get(i.id) ?? null })),
  };
}

/** Runs every link of a municipality now, due or not (the quality office's "fetch now"), and answers the new state. */
export async function runKeyFiguresNow(
  ctx: ServiceContext,
  sources: KeyFigureSources,
  schedule: KeyFigureSchedule,
  raw: unknown,
): Promise<{ result: KeyFigureRunResult; municipalityId: string; links: KeyFigureStatus[] }> {
  const input = parseOrThrow(KeyFigureRunInput, raw ?? {});
  const id = await municipalityAsked(ctx, input.municipalityId);
  const result = await syncKeyFigures(ctx, sources, schedule, { municipalityId: id, force: true });
  return { result, ...(await keyFigureStatus(ctx, id)) };
}
