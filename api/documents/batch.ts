import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { readableOnly } from '../core/authorization';
import type { ServiceContext } from '../core/context';
import { NotFoundError, ValidationError } from '../core/errors';
import { domainMessage, t } from '../core/i18n';
import { DomainError } from '../core/errors';
import type { Locale } from '../core/model';
import { organisation, unitsBelow } from '../core/services/organisation';
import { agreementModel, DOCUMENT_FORMATS, fileName, render, type DocumentFormat } from './export';
import type { z } from 'zod';

/**
 * The agreements of a year below a unit (an administration, the whole municipality) as one ZIP, made in the
 * background: `startBatch` answers at once with the job, whose progress (`batchJob`) the caller polls until it is
 * done; the file is then fetched (`batchFile`). Each agreement the caller may read is rendered with the one
 * document model and written into the ZIP as it is made (a temporary file, never the whole archive in memory).
 * An agreement that cannot be made is named — in the job and in a list inside the ZIP — and the rest go on: the
 * archive has no silent hole.
 *
 * Jobs live in the instance that runs them (behind several instances, the load balancer must keep a caller on
 * one: the poll of another instance answers 404), for an hour after they finish; a restart loses running jobs,
 * which the caller starts again.
 */

export type BatchFailure = { agreementId: string; unitName: string; message: string };
export type BatchJob = {
  id: string;
  state: 'running' | 'done' | 'failed';
  unitId: string;
  year: number;
  format: DocumentFormat;
  /** Agreements to make, made so far (with or without success), and those that failed, by name. */
  total: number;
  done: number;
  failed: BatchFailure[];
  startedAt: string;
  finishedAt: string | null;
  /** Where the finished ZIP is fetched (GET), once `state` is done. */
  file: string | null;
  /** Why the whole job stopped, where it did (state failed). */
  error: string | null;
};

type Job = BatchJob & { tenantId: string; actorId: string; path: string; name: string };

const JOBS = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;
const MAX_RUNNING_PER_ACTOR = 1;
const DIR = join(tmpdir(), 'kvalitetsaftaler-exports');

function forget(now: number): void {
  for (const [id, job] of JOBS)
    if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_MS) {
      rmSync(job.path, { force: true });
      JOBS.delete(id);
    }
}

const publicJob = ({ tenantId: _t, actorId: _a, path: _p, name: _n, ...job }: Job): BatchJob => ({ ...job, failed: [...job.failed] });

/** A name for the ZIP: the unit and the year ("Job- og Borgerservice-2015-pdf.zip"). */
const zipName = (unitName: string, year: number, format: DocumentFormat) =>
  `${unitName.replace(/[\\/:*?"<>|]+/g, '-').replace(/\p{Cc}+/gu, '')}-${year}-${format}.zip`;

const invalid = (field: string, message: string, input: unknown) =>
  new ValidationError([{ code: 'custom', path: [field], message, input } as z.core.$ZodIssue]);

/** Starts the export of every agreement of `year` the actor may read, of the unit and every unit below it. */
export async function startBatch(ctx: ServiceContext, input: { unitId?: unknown; year?: unknown; format?: unknown }, lang: Locale): Promise<BatchJob> {
  const unitId = input.unitId;
  if (typeof unitId !== 'string' || !unitId) throw invalid('unitId', 'unitId must name a unit', unitId);
  const year = input.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100)
    throw invalid('year', 'year must be a whole number from 1990 to 2100', year);
  const format = input.format ?? 'pdf';
  if (typeof format !== 'string' || !(format in DOCUMENT_FORMATS)) throw invalid('format', 'format must be pdf, docx or html', format);
  const org = await organisation(ctx);
  const root = org.byId.get(unitId);
  if (!root) throw new NotFoundError('unit', unitId);
  forget(ctx.now().getTime());
  const running = [...JOBS.values()].filter((j) => j.state === 'running' && j.tenantId === ctx.store.tenantId && j.actorId === ctx.actor.id);
  if (running.length >= MAX_RUNNING_PER_ACTOR) return publicJob(running[0]!);

  const units = [root, ...unitsBelow(org, unitId)];
  const unitIds = new Set(units.map((u) => u.id));
  const rollups = (await ctx.store.listAll('agreementRollup', { year })).filter((r) => unitIds.has(r.unitId));
  // The read policy: drafts only for their unit's people, chiefs and the quality office.
  const agreements = (await readableOnly(ctx, 'agreement', rollups)).map((r) => ({ id: r.agreementId, unitId: r.unitId }));
  const byUnit = new Map(units.map((u, i) => [u.id, i]));
  agreements.sort((a, b) => byUnit.get(a.unitId)! - byUnit.get(b.unitId)!);

  const id = globalThis.crypto.randomUUID();
  mkdirSync(DIR, { recursive: true });
  const job: Job = {
    id,
    state: 'running',
    unitId,
    year,
    format: format as DocumentFormat,
    total: agreements.length,
    done: 0,
    failed: [],
    startedAt: ctx.now().toISOString(),
    finishedAt: null,
    file: null,
    error: null,
    tenantId: ctx.store.tenantId,
    actorId: ctx.actor.id,
    path: join(DIR, `${id}.zip`),
    name: zipName(root.name, year, format as DocumentFormat),
  };
  JOBS.set(id, job);
  void run(ctx, job, agreements, lang);
  return publicJob(job);
}

/** The folder of an agreement in the ZIP: the units between the exported unit and the agreement's unit's parent. */
function folderOf(ctx: { org: Awaited<ReturnType<typeof organisation>> }, rootId: string, unitId: string): string {
  const names: string[] = [];
  let u = ctx.org.byId.get(unitId);
  for (let depth = 0; u?.parentId && u.parentId !== rootId && u.id !== rootId && depth < 100; depth++) {
    u = ctx.org.byId.get(u.parentId);
    if (u && u.id !== rootId) names.unshift(u.name);
  }
  return names.map((n) => n.replace(/[\\/:*?"<>|]+/g, '-').replace(/\p{Cc}+/gu, '')).join('/');
}

async function run(ctx: ServiceContext, job: Job, agreements: { id: string; unitId: string }[], lang: Locale): Promise<void> {
  const zip = new ZipFile();
  const out = createWriteStream(job.path);
  zip.outputStream.pipe(out);
  const closed = once(out, 'close');
  const names = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let n = 2; names.has(candidate.toLowerCase()); n++) candidate = name.replace(/(\.\w+)$/, `-${n}$1`);
    names.add(candidate.toLowerCase());
    return candidate;
  };
  const mtime = new Date(job.startedAt);
  try {
    const org = await organisation(ctx);
    for (const a of agreements) {
      const unitName = org.byId.get(a.unitId)?.name ?? a.unitId;
      try {
        const { view, model } = await agreementModel(ctx, a.id);
        const bytes = await render(model, job.format);
        const folder = folderOf({ org }, job.unitId, a.unitId);
        zip.addBuffer(bytes, unique(`${folder ? `${folder}/` : ''}${fileName(view, job.format)}`), { mtime, compress: job.format !== 'docx' });
      } catch (e) {
        job.failed.push({ agreementId: a.id, unitName, message: e instanceof DomainError ? domainMessage(e, lang) : String((e as Error)?.message ?? e) });
      }
      job.done++;
      // The server keeps answering others between two documents.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (job.failed.length) {
      const lines = [t('batchFailedIntro', lang, { n: job.failed.length }), '', ...job.failed.map((f) => `${f.unitName} (${f.agreementId}): ${f.message}`), ''];
      zip.addBuffer(Buffer.from(lines.join('\r\n'), 'utf8'), unique(`${t('batchFailedFile', lang)}.txt`), { mtime });
    }
    zip.end();
    await closed;
    job.state = 'done';
    job.file = `/api/exports/${job.id}/file`;
  } catch (e) {
    job.state = 'failed';
    job.error = String((e as Error)?.message ?? e);
    zip.end();
    await closed.catch(() => undefined);
    rmSync(job.path, { force: true });
  } finally {
    job.finishedAt = new Date().toISOString();
  }
}

function ownJob(ctx: ServiceContext, id: string): Job {
  const job = JOBS.get(id);
  // Another person's job, or another tenant's, does not exist for the caller.
  if (!job || job.tenantId !== ctx.store.tenantId || job.actorId !== ctx.actor.id) throw new NotFoundError('export', id);
  return job;
}

export function batchJob(ctx: ServiceContext, id: string): BatchJob {
  return publicJob(ownJob(ctx, id));
}

/** The finished ZIP's path and name; null while it is being made. */
export function batchFile(ctx: ServiceContext, id: string): { path: string; name: string } | null {
  const job = ownJob(ctx, id);
  return job.state === 'done' ? { path: job.path, name: job.name } : null;
}
