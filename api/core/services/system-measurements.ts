import { z } from 'zod';
import type { ServiceContext } from '../context';
import { municipalityOfUnit } from '../authorization';
import { auditEntry } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { domainMessage, issueMessage } from '../i18n';
import { Id, Period, type Measurement } from '../model';
import { read, type WriteOp } from '../port';
import { measurementIssues } from '../rules/measurement-value';
import { organisation } from './organisation';

/**
 * Values pushed by other systems (a case system, a survey tool) with an Entra ID application token: per indicator
 * and period, many in one request, each answered on its own. The application must be one the indicator's
 * municipality has granted (its municipality unit's `measurementApps`). The same value for the same period again is
 * one measurement (unchanged); a different value is a correction, the earlier value kept in the history. Every
 * value is recorded with source `api` and the calling application.
 */
export const MAX_PUSHED_VALUES = 1_000;

export const PushedValue = z
  .object({
    indicatorId: Id,
    period: Period,
    value: z.number().finite(),
    comment: z.string().max(2_000).optional(),
  })
  .strict();
export const PushMeasurementsInput = z.object({ values: z.array(z.unknown()).min(1).max(MAX_PUSHED_VALUES) }).strict();

export type PushedResult = {
  index: number;
  indicatorId: string | null;
  period: string | null;
  status: 'created' | 'corrected' | 'unchanged' | 'refused';
  measurementId?: string;
  revision?: number;
  error?: { code: string; message: string; field?: string };
};

/** The application acting, from its token (api/http/app-token.ts). */
export type CallingApp = { appId: string };

export async function pushMeasurements(ctx: ServiceContext, app: CallingApp, raw: unknown): Promise<{ results: PushedResult[] }> {
  const body = PushMeasurementsInput.safeParse(raw, { reportInput: true });
  if (!body.success) throw new ValidationError(body.error.issues);
  const locale = ctx.actor.locale;
  const results: PushedResult[] = [];
  const parsed = body.data.values.map((v) => PushedValue.safeParse(v, { reportInput: true }));
  const ids = [...new Set(parsed.flatMap((p) => (p.success ? [p.data.indicatorId] : [])))];
  const [indicators, existing] = await ctx.store.readMany([read.ids('indicator', ids), read.all('measurement', { indicatorId: ids })]);
  const indicatorOf = new Map(indicators.map((i) => [i.id, i]));
  const goals = await ctx.store.readMany([read.ids('goal', [...new Set(indicators.map((i) => i.goalId))])]).then(([g]) => new Map(g.map((x) => [x.id, x])));
  const org = await organisation(ctx);
  // An application no municipality of the tenant has granted may write nothing.
  if (![...org.byId.values()].some((u) => u.parentId === null && (u.measurementApps ?? []).some((a) => a.appId === app.appId)))
    throw new ForbiddenError(`application ${app.appId} is granted by no municipality`);
  const measurementOf = new Map((existing as Measurement[]).map((m) => [`${m.indicatorId}|${m.period}`, m]));
  const now = ctx.now().toISOString();
  const ops: WriteOp[] = [];
  const seen = new Set<string>();
  const refuse = (index: number, p: { indicatorId?: string; period?: string } | null, err: DomainError) => {
    const message = err instanceof ValidationError ? issueMessage(err.issues[0]!, locale) : domainMessage(err, locale);
    const field = err instanceof ValidationError ? [...err.prefix, ...(err.issues[0]?.path ?? [])].map(String).join('.') : err.field;
    results.push({
      index,
      indicatorId: p?.indicatorId ?? null,
      period: p?.period ?? null,
      status: 'refused',
      error: { code: err.code, message, ...(field ? { field } : {}) },
    });
  };

  for (const [index, p] of parsed.entries()) {
    if (!p.success) {
      const v = body.data.values[index] as { indicatorId?: unknown; period?: unknown } | null;
      refuse(
        index,
        { indicatorId: typeof v?.indicatorId === 'string' ? v.indicatorId : undefined, period: typeof v?.period === 'string' ? v.period : undefined },
        new ValidationError(p.error.issues),
      );
      continue;
    }
    const { indicatorId, period, value, comment } = p.data;
    const indicator = indicatorOf.get(indicatorId);
    const goal = indicator ? goals.get(indicator.goalId) : undefined;
    const municipalityId = goal ? municipalityOfUnit(org, goal.unitId) : null;
    const granted = municipalityId ? (org.byId.get(municipalityId)?.measurementApps ?? []).some((a) => a.appId === app.appId) : false;
    // An indicator of a municipality that has not granted the application is answered as one that does not exist:
    // the caller learns nothing of another municipality's indicators.
    if (!indicator || !granted) {
      refuse(index, p.data, new NotFoundError('indicator', indicatorId));
      continue;
    }
    const issues = measurementIssues(indicator, period, value);
    if (issues.length) {
      refuse(index, p.data, new ValidationError(issues));
      continue;
    }
    const key = `${indicatorId}|${period}`;
    if (seen.has(key)) {
      refuse(
        index,
        p.data,
        new ValidationError([
          { code: 'custom', path: ['period'], message: 'the same indicator and period twice in one request', input: period } as z.core.$ZodIssue,
        ]),
      );
      continue;
    }
    seen.add(key);
    const before = measurementOf.get(key);
    if (before && before.value === value && (comment === undefined || comment === before.comment)) {
      results.push({ index, indicatorId, period, status: 'unchanged', measurementId: before.id, revision: before.revision });
      continue;
    }
    const entry = { value, ...(comment !== undefined ? { comment } : {}), enteredBy: ctx.actor.id, enteredAt: now, source: 'api' as const, appId: app.appId };
    let m: Measurement;
    if (before) {
      const { history, id, indicatorId: _i, agreementId: _a, period: _p, revision, createdAt: _c, updatedAt: _u, ...previous } = before;
      m = { ...before, ...entry, history: [...history, previous], revision: revision + 1, updatedAt: now };
      if (comment === undefined) delete m.comment;
    } else {
      m = { id: ctx.newId(), indicatorId, agreementId: indicator.agreementId, period, ...entry, history: [], revision: 1, createdAt: now, updatedAt: now };
    }
    ops.push(
      { type: 'put', kind: 'measurement', record: m, expectedRevision: before ? before.revision : null },
      { type: 'audit', entry: auditEntry(ctx, 'measurement', m.id, before ? 'update' : 'create', before ?? null, m) },
    );
    results.push({ index, indicatorId, period, status: before ? 'corrected' : 'created', measurementId: m.id, revision: m.revision });
  }
  if (ops.length) await ctx.store.commit(ops);
  return { results };
}
