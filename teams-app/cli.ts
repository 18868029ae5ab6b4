import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { makeContext, type ServiceContext } from '../api/core/context';
import { DomainError, ValidationError } from '../api/core/errors';
import { domainMessage } from '../api/core/i18n';
import { getAgreementView } from '../api/core/services/agreement-view';
import { exportOrganisation, importOrganisation, seedDocuments, type Progress } from '../api/core/services/transfer';
import { DEMO_DOCUMENTS } from '../api/demo';
import { exportSheet, importSheet, sheetTemplate } from '../api/core/services/sheet-transfer';
import { LOCALES, type Locale } from '../api/core/model';
import { formatOf, readWorkbook, WorkbookReadError, writeWorkbook } from '../api/spreadsheet/workbook';
import { toApiError } from '../api/http/errors';
import { ConfigError, loadConfig } from './config';
import { documentFile, DocumentReadError, fileSha256 } from './document-file';
import { describeFailure, openConfiguredStore } from './store';
import { systemActor } from './system-actor';

const USAGE = `Kvalitetsaftaler command-line tool

Usage: npm run qa -- <command> [options]

Commands:
  seed                          load the demo municipalities that are not in the store yet
  export <municipalityId>       write one municipality as JSON (to --out or standard output)
  import <file.json>            validate a document completely, then write it in one transaction
                                (read twice, record by record: a large file is never held whole)
  show [agreementId]            list municipalities and agreements, or print one agreement
  import-sheet <file>           import goals, actions, success criteria, indicators and measurements
                                from an Excel (.xlsx) or CSV file in the template's columns
                                (docs/spreadsheet.md); --agreement names the agreement of rows
                                that name none; --dry-run shows what would change and writes nothing
  export-sheet <agreementId>    write an agreement's goal table to --out (.xlsx or .csv);
                                --unit <id> [--year <y>] instead: every agreement of a unit and below
  sheet-template                write the empty template to --out (.xlsx or .csv)

Options:
  --tenant <id>                 tenant to work in (default: DEV_TENANT_ID: "demo", or AAD_APP_TENANT_ID with SharePoint)
  --out <file>                  file to write an export to
  --db <path>                   SQLite file (default: DB_PATH, data/kvalitetsaftaler.db)
  --lang <da|sv|en>             language of column headings and messages (default en)
  --agreement <id>, --unit <id>, --year <y>, --dry-run   see the sheet commands

The store is the server's: SQLite, or with STORE=sharepoint the lists on SHAREPOINT_SITE_URL (or
SHAREPOINT_SITE_ID) through the app registration AAD_APP_TENANT_ID, AAD_APP_CLIENT_ID, AAD_APP_CLIENT_SECRET
(README, "Configuration"; run "npm run provision" once first).
  -h, --help                    this text
`;

export class UsageError extends Error {}

/** Progress of long runs, on one line that rewrites itself; `close` ends that line (before an error is printed). */
function progressTo(err: (s: string) => void): Progress & { close(): void } {
  let open = false;
  const report: Progress = ({ phase, done, total }) => {
    const last = done === total;
    err(`\r${phase} ${done}${total === null ? '' : `/${total}`}${last ? '\n' : ''}`);
    open = !last;
  };
  return Object.assign(report, {
    close: () => {
      if (open) err('\n');
      open = false;
    },
  });
}

/** Runs one command; returns the exit code. Output goes to the given writers so tests can read it. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
        lang: { type: 'string' },
        agreement: { type: 'string' },
        unit: { type: 'string' },
        year: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, arg] = parsed.positionals;
  if (parsed.values.help || !command) {
    out(USAGE);
    return command || parsed.values.help ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig({
      ...env,
      ...(parsed.values.db ? { DB_PATH: parsed.values.db } : {}),
      ...(parsed.values.tenant ? { DEV_TENANT_ID: parsed.values.tenant } : {}),
    });
  } catch (e) {
    err(e instanceof ConfigError ? e.message : String(e));
    return 1;
  }
  const tenant = config.devTenantId;
  let store;
  try {
    store = (await openConfiguredStore(config)).store;
  } catch (e) {
    err(`Cannot open the store: ${describeFailure(e)}\n`);
    return 1;
  }
  const lang = (parsed.values.lang ?? 'en') as Locale;
  if (!LOCALES.includes(lang)) {
    err(`--lang must be one of ${LOCALES.join(', ')}\n`);
    await store.close();
    return 2;
  }
  const ctx = makeContext(store.forTenant(tenant), { ...systemActor(tenant), locale: lang }, undefined, { graceDays: config.reminders.graceDays });
  const progress = progressTo(err);
  try {
    switch (command) {
      case 'seed': {
        const r = await seedDocuments(ctx, DEMO_DOCUMENTS, progress);
        out(`loaded: ${r.loaded.join(', ') || '(none)'}\nalready present: ${r.skipped.join(', ') || '(none)'}\n`);
        return 0;
      }
      case 'export': {
        if (!arg) throw new UsageError('export needs the id of a municipality (see "show")');
        const doc = await exportOrganisation(ctx, arg);
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (parsed.values.out) {
          writeFileSync(parsed.values.out, text);
          err(`wrote ${parsed.values.out}: ${doc.units.length} units, ${doc.agreements.length} agreements, ${doc.goals.length} goals\n`);
        } else out(text);
        return 0;
      }
      case 'import': {
        if (!arg) throw new UsageError('import needs a JSON file');
        let sha256: string;
        try {
          sha256 = await fileSha256(arg);
        } catch (e) {
          err(`Cannot read ${arg}: ${(e as Error).message}\nNothing was written.\n`);
          return 1;
        }
        try {
          const r = await importOrganisation(ctx, documentFile(arg, sha256), progress, { name: basename(arg), sha256 });
          out(`imported ${arg}: ${r.created} created, ${r.updated} updated\n`);
        } catch (e) {
          if (!(e instanceof DocumentReadError)) throw e;
          progress.close();
          err(`Cannot read ${arg} as JSON: ${e.message}\nNothing was written.\n`);
          return 1;
        }
        return 0;
      }
      case 'show':
        out(arg ? await showAgreement(ctx, arg) : await showOverview(ctx));
        return 0;
      case 'import-sheet': {
        if (!arg) throw new UsageError('import-sheet needs an .xlsx or .csv file');
        const format = formatOf(undefined, arg);
        if (!format) throw new UsageError('import-sheet reads .xlsx and .csv files');
        let bytes: Buffer;
        let grid;
        try {
          bytes = readFileSync(arg);
          grid = await readWorkbook(bytes, format, basename(arg).replace(/\.csv$/i, ''));
        } catch (e) {
          err(`Cannot read ${arg}: ${e instanceof WorkbookReadError ? e.message : (e as Error).message}\nNothing was written.\n`);
          return 1;
        }
        const dryRun = parsed.values['dry-run'] === true;
        const sha256 = await fileSha256(arg);
        // The dry run first: its problems are printed one per line; then, when there are none, the import itself.
        const options = { agreementId: parsed.values.agreement, name: basename(arg), sha256 };
        let r = await importSheet(ctx, grid, { ...options, dryRun: true });
        if (!dryRun && !r.problems.length) r = await importSheet(ctx, grid, { ...options, dryRun: false });
        for (const c of r.changes)
          if (c.change !== 'unchanged')
            out(`${c.change} ${c.kind} (row ${c.row}) ${c.text.slice(0, 80)}${c.fields.length ? ` [${c.fields.join(', ')}]` : ''}\n`);
        for (const p of r.problems) err(`${p.sheet}!${p.cell} (${p.column}): ${p.message}\n`);
        out(`${dryRun ? 'dry run, nothing written: would ' : ''}create ${r.counts.create}, update ${r.counts.update}, leave ${r.counts.unchanged} unchanged\n`);
        if (r.problems.length) {
          err(`${r.problems.length} problem(s). Nothing was written.\n`);
          return 1;
        }
        return 0;
      }
      case 'export-sheet':
      case 'sheet-template': {
        const file = parsed.values.out;
        const format = file ? formatOf(undefined, file) : null;
        if (!file || !format) throw new UsageError(`${command} needs --out <file.xlsx or file.csv>`);
        let grid;
        if (command === 'sheet-template') grid = sheetTemplate(lang);
        else if (parsed.values.unit) {
          const year = parsed.values.year === undefined ? undefined : Number(parsed.values.year);
          if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year must be a year');
          grid = await exportSheet(ctx, { unitId: parsed.values.unit, ...(year !== undefined ? { year } : {}) }, lang);
        } else if (arg) grid = await exportSheet(ctx, { agreementId: arg }, lang);
        else throw new UsageError('export-sheet needs an agreement id or --unit <id>');
        writeFileSync(file, await writeWorkbook(grid, format));
        err(`wrote ${file}: ${grid.sheets[0]!.rows.length - 1} rows\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    progress.close();
    if (e instanceof DomainError) {
      const { body } = toApiError(e, 'en', domainMessage);
      const where = body.error.field ? ` (field ${body.error.field})` : '';
      err(
        `Error${where}: ${body.error.message}\n${
          e instanceof ValidationError
            ? body.error
                .details!.slice(1, 10)
                .map((d) => `  also ${d.field}: ${d.message}\n`)
                .join('')
            : ''
        }Nothing was written.\n`,
      );
      return 1;
    }
    throw e;
  } finally {
    await store.close();
  }
}

async function showOverview(ctx: ServiceContext): Promise<string> {
  const units = await ctx.store.listAll('unit', {});
  const agreements = await ctx.store.listAll('agreement', {});
  const lines = [`Tenant ${ctx.store.tenantId}: ${units.length} units, ${agreements.length} agreements`, ''];
  for (const m of units.filter((u) => u.parentId === null)) lines.push(`municipality ${m.id}  ${m.name}`);
  lines.push('');
  for (const a of agreements.sort((x, y) => x.id.localeCompare(y.id))) lines.push(`agreement ${a.id}  ${a.year}  ${a.status}  ${a.title}`);
  return `${lines.join('\n')}\n`;
}

async function showAgreement(ctx: ServiceContext, id: string): Promise<string> {
  const v = await getAgreementView(ctx, id);
  const a = v.agreement;
  const money = a.budget?.amount != null ? `${new Intl.NumberFormat('da-DK').format(a.budget.amount)} ${a.budget.currency}` : '(no amount)';
  const lines = [
    `${a.title} (${a.year}, ${a.status}, version ${a.version})`,
    `Unit: ${v.unit.name}`,
    `Period: ${a.periodStart} – ${a.periodEnd ?? 'open-ended'}${a.lastYear ? ` (years ${a.periodStart.slice(0, 4)}–${a.lastYear}, following up ${a.year})` : ''}`,
    `Budget: ${money}`,
    '',
  ];
  for (const g of v.goals) {
    lines.push(`${g.origin === 'shared' ? '[shared] ' : ''}${g.number ? `${g.number} ` : ''}${g.title}`);
    for (const act of v.actions.filter((x) => x.goalId === g.id)) lines.push(`  - action: ${act.text.slice(0, 100)}`);
    for (const c of v.successCriteria.filter((x) => x.goalId === g.id)) lines.push(`  - criterion: ${c.text.slice(0, 100)}`);
    for (const i of v.indicators.filter((x) => x.goalId === g.id)) {
      const s = v.indicatorSummaries.find((x) => x.indicatorId === i.id);
      lines.push(`  - indicator: ${i.name} [${s?.track}] latest ${s?.latestValue ?? '–'} ${i.unitOfMeasure}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  runCli(
    process.argv.slice(2),
    process.env,
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
