import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
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
import { useState } from 'react';
import { keyFigureId, type KeyFigureProvenance } from '../../../api/core/model';
import type { KeyFigureRunResult, KeyFigureStatus } from '../../../api/core/services/key-figures';
import { formatDateTime, formatNumber, keyFigureOrigin, t, type Locale } from '../../../api/core/i18n/text';
import { useApp, useResource } from '../context';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: '12px',
    marginTop: '16px',
  },
  cell: { verticalAlign: 'top' },
  list: { margin: 0, paddingLeft: '18px' },
});

/** A fetched value's origin as shown with it (the one wording: i18n/text.ts, keyFigureOrigin, as the spreadsheet export writes it). */
export const provenanceText = (p: KeyFigureProvenance, lang: Locale): string => keyFigureOrigin(p, lang);

/**
 * The quality office's view of the municipality's key-figure links (docs/keyfigures.md): per linked indicator when it
 * was last fetched, whether the source answers (and when it is tried again), and the periods where the key figure
 * differs from a value someone entered; "fetch now" runs them all. Shown to the quality office only (the API refuses
 * everyone else, and then nothing is shown).
 */
export function KeyFigureLinks({ municipalityId }: { municipalityId: string }) {
  const { api, lang } = useApp();
  const styles = useStyles();
  const path = `/key-figures?municipalityId=${encodeURIComponent(municipalityId)}`;
  const { data, error, setData } = useResource<{ municipalityId: string; links: KeyFigureStatus[] }>(path);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  if (error || !data) return null;
  const fetchNow = async () => {
    setBusy(true);
    try {
      const r = await api.send<{ result: KeyFigureRunResult; municipalityId: string; links: KeyFigureStatus[] }>('POST', '/key-figures/run', {
        municipalityId,
      });
      setData({ municipalityId: r.municipalityId, links: r.links });
      setMessage({ intent: r.result.failed ? 'error' : 'success', text: t('keyFiguresFetched', lang, r.result) });
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="key-figures-title" data-testid="key-figures">
      <Subtitle1 as="h2" id="key-figures-title">
        {t('keyFigureLinks', lang)}
      </Subtitle1>
      {!data.links.length ? (
        <Caption1 as="p">{t('keyFiguresNone', lang)}</Caption1>
      ) : (
        <Table size="small" aria-labelledby="key-figures-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('sheetColumn.indicator', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('keyFigure', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('keyFigureState', lang)}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.links.map((l) => (
              <TableRow key={l.indicatorId}>
                <TableCell className={styles.cell}>{l.indicatorName}</TableCell>
                <TableCell className={styles.cell}>{`${t(`keyFigureProvider.${l.keyFigure.provider}`, lang)} ${keyFigureId(l.keyFigure)}`}</TableCell>
                <TableCell className={styles.cell}>
                  <RunState status={l} lang={lang} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div>
        <Button onClick={() => void fetchNow()} disabled={busy || !data.links.length}>
          {t('keyFiguresFetchNow', lang)}
        </Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}

function RunState({ status, lang }: { status: KeyFigureStatus; lang: Locale }) {
  const styles = useStyles();
  const run = status.run;
  if (!run?.lastAttemptAt) return <>{t('keyFigureNotYet', lang)}</>;
  const value = (v: number | null) => (v === null ? '–' : formatNumber(v, lang));
  return (
    <>
      {run.lastSuccessAt ? t('keyFigureLastSuccess', lang, { at: formatDateTime(run.lastSuccessAt, lang), recorded: run.recorded }) : null}
      {run.lastError && (
        <div role="alert">
          {t('keyFigureFailing', lang, { failures: run.failures, message: run.lastError.message, next: formatDateTime(run.nextAttemptAt, lang) })}
        </div>
      )}
      {run.conflicts.length > 0 && (
        <ul className={styles.list}>
          {run.conflicts.map((c) => (
            <li key={c.period}>{t('keyFigureConflict', lang, { period: c.period, keyFigureValue: value(c.keyFigureValue), value: value(c.value) })}</li>
          ))}
        </ul>
      )}
    </>
  );
}
