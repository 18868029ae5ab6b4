/**
 * `npm run bench:export`: the batch export of a whole large municipality (issue 20, point 2). Generates the large
 * municipality (tests/support/large-municipality.ts: 1,500 units, 1,500 agreements, 15,000 goals, 45,000
 * indicators), imports it into a SQLite file, and exports every agreement of the year as one ZIP through the
 * same job the API starts (api/documents/batch.ts), polling its progress as the tab does; prints the time, the
 * documents per second, the ZIP's size, the agreements that failed and the peak memory (of the import and of the
 * export apart); then reads the ZIP back and checks that every agreement of the year is in it, once, as a whole
 * document named after its unit and year, and that the progress the job reported advanced step by step.
 *
 *   npm run bench:export -- [--units 1500] [--format pdf|docx|html] [--measurements N]
 *
 * --measurements defaults to one per indicator (the latest result is what a document shows; the import of the
 * full 540,000 takes minutes and changes nothing in the documents but their latest values).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import { parseArgs } from 'node:util';
import { makeContext } from '../../api/core/context';
import { importOrganisation } from '../../api/core/services/transfer';
import { batchFile, batchJob, startBatch } from '../../api/documents/batch';
import type { DocumentFormat } from '../../api/documents/export';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { systemActor } from '../../teams-app/system-actor';
import { municipalityDocument } from '../support/large-municipality';
import { tempDir } from '../support/mother';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { units: { type: 'string', default: '1500' }, format: { type: 'string', default: 'pdf' }, measurements: { type: 'string' } },
  });
  const units = Number(values.units);
  const format = values.format as DocumentFormat;
  if (!['pdf', 'docx', 'html'].includes(format)) throw new Error('--format must be pdf, docx or html');
  const measurements = values.measurements === undefined ? units * 30 : Number(values.measurements);
  const tmp = tempDir();
  const store = openSqliteStore(join(tmp.dir, 'export-bench.db'));
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  try {
    const t0 = performance.now();
    const doc = municipalityDocument({ prefix: 'storby', units, measurements });
    const tenant = 'bench';
    await importOrganisation(makeContext(store.forTenant(tenant), systemActor(tenant)), doc);
    const imported = performance.now();
    process.stdout.write(
      `imported ${units} units, ${doc.agreements?.length ?? 0} agreements, ${measurements} measurements in ${((imported - t0) / 1000).toFixed(1)} s` +
        ` (peak memory ${(peak / 1024 / 1024).toFixed(0)} MB)\n`,
    );
    const importPeak = peak;
    global.gc?.();
    peak = process.memoryUsage().rss;

    const ctx = makeContext(store.forTenant(tenant), systemActor(tenant));
    const started = performance.now();
    let job = await startBatch(ctx, { unitId: 'storby', year: 2026, format }, 'da');
    let lastPrinted = -1;
    const polled: number[] = [];
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = batchJob(ctx, job.id);
      polled.push(job.done);
      const tenth = Math.floor((job.done / Math.max(1, job.total)) * 10);
      if (tenth !== lastPrinted) {
        lastPrinted = tenth;
        process.stdout.write(`  ${job.done} / ${job.total} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const exportPeak = peak;
    clearInterval(sample);
    const file = batchFile(ctx, job.id);
    const size = file ? statSync(file.path).size : 0;
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    process.stdout.write(
      [
        '',
        `batch export (${format}) of ${job.total} agreements: ${job.state} in ${seconds.toFixed(1)} s`,
        `  ${(job.done / seconds).toFixed(1)} documents/s, ${((seconds * 1000) / Math.max(1, job.done)).toFixed(0)} ms per document`,
        `  ZIP ${(size / 1024 / 1024).toFixed(1)} MB, ${job.failed.length} failed${job.failed.length ? `: ${job.failed.map((f) => f.agreementId).join(', ')}` : ''}`,
        `  peak memory ${(exportPeak / 1024 / 1024).toFixed(0)} MB during the export (${(importPeak / 1024 / 1024).toFixed(0)} MB during the import before it),` +
          ` load average ${load} on ${(await import('node:os')).cpus().length} CPUs`,
        '',
      ].join('\n'),
    );
    const problems = file ? await checkZip(file.path, doc, format) : ['no ZIP'];
    // Progress: polled once a second, it never went back and ended at the total; a run longer than a few polls was
    // seen below the total first (a small run may finish within one poll).
    const advanced = polled.every((n, i) => i === 0 || n >= polled[i - 1]!) && polled.at(-1) === job.total && (polled.length < 3 || polled[0]! < job.total);
    if (!advanced) problems.push(`progress did not advance: ${polled.join(', ')}`);
    process.stdout.write(
      `  progress polled ${polled.length} times: ${polled.filter((_, i) => i % Math.max(1, Math.ceil(polled.length / 12)) === 0 || i === polled.length - 1).join(' → ')}\n` +
        (problems.length
          ? `  check FAILED:\n${problems.map((p) => `    ${p}`).join('\n')}\n`
          : `  ZIP read back: every one of the ${job.total} agreements in it, once, a whole ${format} file\n`),
    );
    if (job.state !== 'done' || job.done !== job.total || job.total !== (doc.agreements?.length ?? 0) || problems.length) process.exitCode = 1;
  } finally {
    clearInterval(sample);
    await store.close();
    tmp.remove();
  }
}

/** How each format's file begins and ends: a document cut short shows here. */
const WHOLE: Record<DocumentFormat, { head: string; tail: RegExp }> = {
  pdf: { head: '%PDF-', tail: /%%EOF\s*$/ },
  docx: { head: 'PK', tail: new RegExp(`PK${String.fromCharCode(5, 6)}[\\s\\S]{18}$`) }, // the end of a ZIP's central directory
  html: { head: '<!doctype html>', tail: /<\/html>\s*$/ },
};

/**
 * Reads the ZIP back (after the measurement): one file per agreement of the year, named after its unit and year
 * as the generated municipality has them (unit names there are unique), each a whole file of the format.
 */
async function checkZip(path: string, doc: ReturnType<typeof municipalityDocument>, format: DocumentFormat): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const files = Object.values(zip.files).filter((f) => !f.dir);
  const unitName = new Map((doc.units ?? []).map((u) => [u.id, u.name]));
  const expected = (doc.agreements ?? []).map((a) => `${unitName.get(a.unitId)!.replace(/[\\/:*?"<>|]+/g, '-')}-${a.year}.${format}`);
  const problems: string[] = [];
  const got = files.map((f) => basename(f.name));
  const missing = expected.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !expected.includes(n));
  if (files.length !== expected.length) problems.push(`${files.length} files for ${expected.length} agreements`);
  if (missing.length) problems.push(`missing: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`);
  if (extra.length) problems.push(`not an agreement: ${extra.slice(0, 10).join(', ')}`);
  for (const f of files) {
    const bytes = await f.async('nodebuffer');
    const text = bytes.toString('latin1');
    if (!text.startsWith(WHOLE[format].head) || !WHOLE[format].tail.test(text.slice(-64)))
      problems.push(`not a whole ${format}: ${f.name} (${bytes.length} bytes)`);
  }
  return problems;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
