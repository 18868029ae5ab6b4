/**
 * `npm run bench:export`: the batch export of a whole large municipality (issue 20, point 2). Generates the large
 * municipality (tests/support/large-municipality.ts: 1,500 units, 1,500 agreements, 15,000 goals, 45,000
 * indicators), imports it into a SQLite file, and exports every agreement of the year as one ZIP through the
 * same job the API starts (api/documents/batch.ts), polling its progress as the tab does; prints the time, the
 * documents per second, the ZIP's size, the agreements that failed and the peak memory.
 *
 *   npm run bench:export -- [--units 1500] [--format pdf|docx|html] [--measurements N]
 *
 * --measurements defaults to one per indicator (the latest result is what a document shows; the import of the
 * full 540,000 takes minutes and changes nothing in the documents but their latest values).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
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
      `imported ${units} units, ${doc.agreements?.length ?? 0} agreements, ${measurements} measurements in ${((imported - t0) / 1000).toFixed(1)} s\n`,
    );

    const ctx = makeContext(store.forTenant(tenant), systemActor(tenant));
    const started = performance.now();
    let job = await startBatch(ctx, { unitId: 'storby', year: 2026, format }, 'da');
    let lastPrinted = -1;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = batchJob(ctx, job.id);
      const tenth = Math.floor((job.done / Math.max(1, job.total)) * 10);
      if (tenth !== lastPrinted) {
        lastPrinted = tenth;
        process.stdout.write(`  ${job.done} / ${job.total} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const file = batchFile(ctx, job.id);
    const size = file ? statSync(file.path).size : 0;
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    process.stdout.write(
      [
        '',
        `batch export (${format}) of ${job.total} agreements: ${job.state} in ${seconds.toFixed(1)} s`,
        `  ${(job.done / seconds).toFixed(1)} documents/s, ${((seconds * 1000) / Math.max(1, job.done)).toFixed(0)} ms per document`,
        `  ZIP ${(size / 1024 / 1024).toFixed(1)} MB, ${job.failed.length} failed${job.failed.length ? `: ${job.failed.map((f) => f.agreementId).join(', ')}` : ''}`,
        `  peak memory ${(peak / 1024 / 1024).toFixed(0)} MB, load average ${load} on ${(await import('node:os')).cpus().length} CPUs`,
        '',
      ].join('\n'),
    );
    if (job.state !== 'done' || job.done !== job.total || job.total !== (doc.agreements?.length ?? 0)) process.exitCode = 1;
  } finally {
    clearInterval(sample);
    await store.close();
    tmp.remove();
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
