import { Caption1, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import { formatNumber, t, type Locale } from '../../../api/core/i18n/text';

/** One kind of count in a chart: its word (shown in the legend, the labels and the table) and its colour. */
export type Series = { key: string; label: string; color: string; text?: string };
export type BarRow = {
  key: string;
  label: ReactNode;
  /** The row's name as plain text (the table, the bar's summary). */ name: string;
  counts: Record<string, number>;
};

const useStyles = makeStyles({
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: '8px', minWidth: 0 },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: '4px 12px' },
  legend: { display: 'flex', flexWrap: 'wrap', gap: '4px 14px', margin: 0, padding: 0, listStyle: 'none', fontSize: tokens.fontSizeBase200 },
  key: { display: 'inline-flex', alignItems: 'center', gap: '6px' },
  swatch: { width: '14px', height: '14px', borderRadius: '3px', border: `1px solid ${tokens.colorNeutralStrokeAccessible}`, flexShrink: 0 },
  rows: { display: 'flex', flexDirection: 'column', gap: '10px', margin: 0, padding: 0, listStyle: 'none' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 14em) minmax(0, 1fr)',
    gap: '4px 12px',
    alignItems: 'center',
    '@media (max-width: 599px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  name: { overflowWrap: 'anywhere' },
  bar: { display: 'flex', gap: '2px', minHeight: '28px', width: '100%', minWidth: 0 },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: '4px',
    borderRadius: '3px',
    border: `1px solid ${tokens.colorNeutralStrokeAccessible}`,
    boxSizing: 'border-box',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  summary: { gridColumn: '2', color: tokens.colorNeutralForeground2, '@media (max-width: 599px)': { gridColumn: '1' } },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  table: { minWidth: 0 },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
});

/**
 * Counts of a few kinds per row as horizontal stacked bars that people read: a legend in words, each segment as wide
 * as its share and labelled with its count where it is wide enough, and under each bar the counts in words (so
 * nothing is told by colour alone; a screen reader reads the row's name, its link and these words, not the bars). Colours
 * come from the theme's tokens (light, dark and high contrast). The same numbers are a table for screen readers, which a
 * switch also shows on screen.
 */
export function StackedBars(props: { lang: Locale; title: string; series: readonly Series[]; rows: readonly BarRow[]; testId?: string }) {
  const { lang, series, rows } = props;
  const styles = useStyles();
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  const used = series.filter((s) => rows.some((r) => (r.counts[s.key] ?? 0) > 0));
  const shown = used.length ? used : series;
  const table = (
    <Table size="small" aria-labelledby={titleId} className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('unit', lang)}</TableHeaderCell>
          {shown.map((s) => (
            <TableHeaderCell key={s.key}>{s.label}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            {/* Each cell names its column: below 600 px a row reads as a card, one cell under the next (app.tsx). */}
            <TableCell data-label={t('unit', lang)}>{r.name}</TableCell>
            {shown.map((s) => (
              <TableCell key={s.key} data-label={s.label}>
                {formatNumber(r.counts[s.key] ?? 0, lang)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return (
    <figure className={styles.figure} data-testid={props.testId}>
      <div className={styles.head}>
        <figcaption id={titleId}>
          <strong>{props.title}</strong>
        </figcaption>
        <Switch label={t('dashboardShowTable', lang)} checked={asTable} onChange={(_, d) => setAsTable(d.checked)} />
      </div>
      {asTable ? (
        // Shown on screen, a table wider than the card scrolls sideways: by keyboard too (WCAG 2.1.1).
        <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby={titleId}>
          {table}
        </div>
      ) : (
        <>
          <ul className={styles.legend} aria-hidden>
            {shown.map((s) => (
              <li key={s.key} className={styles.key}>
                <span className={styles.swatch} style={{ background: s.color }} />
                {s.label}
              </li>
            ))}
          </ul>
          <ul className={styles.rows} aria-label={props.title}>
            {rows.map((r) => (
              <li key={r.key} className={styles.row}>
                <span className={styles.name}>{r.label}</span>
                <CountsBar lang={lang} series={shown} counts={r.counts} />
              </li>
            ))}
          </ul>
          {/* The same numbers for screen readers. */}
          <div className={styles.hidden}>{table}</div>
        </>
      )}
    </figure>
  );
}

/** The counts in words, in the series' order ("On track 2 · Off track 1"). */
export function countWords(lang: Locale, series: readonly Series[], counts: Readonly<Record<string, number | undefined>>): string {
  return (
    series
      .filter((s) => (counts[s.key] ?? 0) > 0)
      .map((s) => `${s.label} ${formatNumber(counts[s.key]!, lang)}`)
      .join(' · ') || t('dashboardNothing', lang)
  );
}

/** One stacked bar (hidden from screen readers) with its counts in words under it (read by them). */
export function CountsBar(props: { lang: Locale; series: readonly Series[]; counts: Readonly<Record<string, number | undefined>> }) {
  const { lang, series, counts } = props;
  const styles = useStyles();
  const present = series.filter((s) => (counts[s.key] ?? 0) > 0);
  const total = present.reduce((n, s) => n + counts[s.key]!, 0);
  return (
    <>
      {/* Without any count there is no bar: the words say so. */}
      {total > 0 && (
        <div className={styles.bar} aria-hidden>
          {present.map((s) => {
            const n = counts[s.key]!;
            return (
              <span
                key={s.key}
                className={styles.segment}
                title={`${s.label}: ${formatNumber(n, lang)}`}
                style={{ flexGrow: n, flexBasis: 0, background: s.color, ...(s.text ? { color: s.text } : {}) }}
              >
                {n / total >= 0.08 ? formatNumber(n, lang) : ''}
              </span>
            );
          })}
        </div>
      )}
      <Caption1 className={styles.summary}>{countWords(lang, series, counts)}</Caption1>
    </>
  );
}
