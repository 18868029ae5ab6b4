import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { SheetImportResult } from '../../../api/core/services/sheet-transfer';
import { label, t, upperFirst } from '../../../api/core/i18n/text';
import { useApp } from '../context';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px' },
  tools: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  cell: { verticalAlign: 'top', whiteSpace: 'pre-wrap' },
  hidden: { display: 'none' },
});

type State =
  | { step: 'idle' }
  | { step: 'checking'; file: File }
  | { step: 'preview'; file: File; result: SheetImportResult }
  | { step: 'importing'; file: File; result: SheetImportResult }
  | { step: 'done'; result: SheetImportResult }
  | { step: 'failed'; message: string };

/** An export's Excel and CSV buttons: `path` its route, `query` what else it asks for, `name` the file's name. */
function SheetExportButtons({
  path,
  query = '',
  name,
  download,
}: {
  path: string;
  query?: string;
  name: string;
  download: (path: string, fileName: string) => void;
}) {
  const { lang } = useApp();
  return (
    <>
      <Button onClick={() => download(`${path}?format=xlsx${query}`, `${name}.xlsx`)}>{t('sheetExportXlsx', lang)}</Button>
      <Button onClick={() => download(`${path}?format=csv${query}`, `${name}.csv`)}>{t('sheetExportCsv', lang)}</Button>
    </>
  );
}

/**
 * The goal tables of a unit and every unit below it (the agreements of the year the caller may read) as one
 * spreadsheet: the export per part of the organisation (GET /api/units/{id}/sheet).
 */
export function UnitSheetExport({ unitId, year }: { unitId: string; year: number }) {
  const { api } = useApp();
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const download = (path: string, fileName: string) => {
    setError(null);
    api.download?.(path, fileName).catch((e: Error) => setError(e.message));
  };
  return (
    <div className={`${styles.tools} no-print`} data-testid="unit-sheet-export">
      <SheetExportButtons path={`/units/${encodeURIComponent(unitId)}/sheet`} query={`&year=${year}`} name={`${unitId}-${year}`} download={download} />
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/**
 * The agreement's goal table as a spreadsheet (docs/spreadsheet.md): the template and the exports for everyone who
 * reads the agreement; for the quality office the import — choose a file, see what it would create or change and
 * every problem by row and column, correct and choose again, then confirm.
 */
export function SheetTransfer({ agreementId, mayImport, onImported }: { agreementId: string; mayImport: boolean; onImported: () => void }) {
  const { api, lang } = useApp();
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const path = `/agreements/${encodeURIComponent(agreementId)}`;
  const importPath = (file: File, dryRun: boolean) => `${path}/sheet-import?dryRun=${dryRun}&fileName=${encodeURIComponent(file.name)}`;
  const fail = (e: unknown) => setState({ step: 'failed', message: (e as Error).message });

  const check = async (file: File) => {
    setState({ step: 'checking', file });
    try {
      setState({ step: 'preview', file, result: await api.upload!<SheetImportResult>(importPath(file, true), file) });
    } catch (e) {
      fail(e);
    }
  };
  const confirm = async (file: File, result: SheetImportResult) => {
    setState({ step: 'importing', file, result });
    try {
      setState({ step: 'done', result: await api.upload!<SheetImportResult>(importPath(file, false), file) });
      onImported();
    } catch (e) {
      fail(e);
    }
  };
  const download = (p: string, name: string) => api.download?.(p, name).catch(fail);

  const counts = (r: SheetImportResult) => t('sheetCounts', lang, r.counts);
  return (
    <section className={styles.section} aria-labelledby="s-sheet" data-testid="sheet-transfer">
      <Subtitle1 as="h2" id="s-sheet">
        {t('sheetSection', lang)}
      </Subtitle1>
      <div className={styles.tools}>
        <Button onClick={() => void download('/sheet-template?format=xlsx', `${t('sheetName', lang)}.xlsx`)}>{t('sheetTemplate', lang)}</Button>
        <SheetExportButtons path={`${path}/sheet`} name={agreementId} download={(p, name) => void download(p, name)} />
        {mayImport && (
          <>
            <Button appearance="primary" onClick={() => input.current?.click()} disabled={state.step === 'checking' || state.step === 'importing'}>
              {t('sheetChooseFile', lang)}
            </Button>
            <input
              ref={input}
              className={styles.hidden}
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              data-testid="sheet-file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) void check(file);
              }}
            />
          </>
        )}
      </div>
      {state.step === 'checking' && <Spinner size="small" label={t('sheetChecking', lang, { file: state.file.name })} />}
      {state.step === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{state.message}</MessageBarBody>
        </MessageBar>
      )}
      {(state.step === 'preview' || state.step === 'importing') && (
        <div data-testid="sheet-preview">
          <Caption1 block>{t('sheetPreview', lang, { file: state.file.name })}</Caption1>
          {state.result.problems.length > 0 ? (
            <>
              <MessageBar intent="error" role="alert">
                <MessageBarBody>
                  <MessageBarTitle>{t('sheetProblemsTitle', lang, { n: state.result.problems.length })}</MessageBarTitle>
                </MessageBarBody>
              </MessageBar>
              <Table size="small" aria-label={t('sheetProblemLabel', lang)} data-testid="sheet-problems">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('sheetRow', lang)}</TableHeaderCell>
                    <TableHeaderCell>{t('sheetColumnLabel', lang)}</TableHeaderCell>
                    <TableHeaderCell>{t('sheetProblemLabel', lang)}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {state.result.problems.map((p, i) => (
                    <TableRow key={i}>
                      <TableCell data-label={t('sheetRow', lang)}>{p.row}</TableCell>
                      <TableCell data-label={t('sheetColumnLabel', lang)}>
                        {p.column} ({p.cell})
                      </TableCell>
                      <TableCell data-label={t('sheetProblemLabel', lang)} className={styles.cell}>
                        {p.message}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          ) : (
            <MessageBar intent="info">
              <MessageBarBody>{counts(state.result)}</MessageBarBody>
            </MessageBar>
          )}
          <Table size="small" aria-label={t('sheetChangeLabel', lang)} data-testid="sheet-changes">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('sheetRow', lang)}</TableHeaderCell>
                <TableHeaderCell>{t('sheetWhat', lang)}</TableHeaderCell>
                <TableHeaderCell>{t('sheetChangeLabel', lang)}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {state.result.changes
                .filter((c) => c.change !== 'unchanged')
                .map((c, i) => (
                  <TableRow key={i}>
                    <TableCell data-label={t('sheetRow', lang)}>{c.row}</TableCell>
                    <TableCell data-label={t('sheetWhat', lang)} className={styles.cell}>
                      {upperFirst(label('kind', c.kind, lang))}: {c.text}
                    </TableCell>
                    <TableCell data-label={t('sheetChangeLabel', lang)}>{label('sheetChange', c.change, lang)}</TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
          <div className={styles.tools}>
            <Button
              appearance="primary"
              disabled={state.result.problems.length > 0 || state.step === 'importing'}
              onClick={() => void confirm(state.file, state.result)}
              data-testid="sheet-confirm"
            >
              {t('sheetConfirm', lang)}
            </Button>
            <Button onClick={() => setState({ step: 'idle' })}>{t('cancel', lang)}</Button>
            {state.step === 'importing' && <Spinner size="small" label={t('sheetImporting', lang)} />}
          </div>
        </div>
      )}
      {state.step === 'done' && (
        <MessageBar intent="success" data-testid="sheet-done">
          <MessageBarBody>{t('sheetImported', lang, state.result.counts)}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
