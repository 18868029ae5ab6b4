import {
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { IndicatorComparison, IndicatorFigure, UnitIndicators } from '../../../api/core/services/indicators';
import { StatusBadge } from '../components/status';
import { useApp, useResource } from '../context';
import { formatPeriod, formatTarget, formatValue, t, type Locale } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { UnitAndYearPickers, useRollupScope } from './overview';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  scale: { display: 'flex', flexDirection: 'column', gap: '10px', margin: '12px 0', padding: 0, listStyle: 'none' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 14em) minmax(0, 1fr)',
    gap: '4px 12px',
    '@media (max-width: 599px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  track: {
    position: 'relative',
    height: '22px',
    background: tokens.colorNeutralBackground3,
    borderRadius: '3px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  // Outlined, so that a bar stands out from its track in every theme (3:1, WCAG 1.4.11): a value without a target was a
  // dark bar on the dark theme's dark track, and black on black in high contrast.
  value: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    left: 0,
    borderRadius: '3px',
    boxSizing: 'border-box',
    border: `1px solid ${tokens.colorNeutralStrokeAccessible}`,
  },
  target: { position: 'absolute', top: '-3px', bottom: '-3px', width: '3px', background: tokens.colorNeutralForeground1 },
});

/** The latest value as people read it: the value with its unit and period, or that nothing is reported. */
function latestText(i: IndicatorFigure, lang: Locale): string {
  return i.latestValue === null
    ? t('track.no_data', lang)
    : `${formatValue(i.latestValue, i.unitOfMeasure, lang)} (${formatPeriod(i.latestPeriod!, lang, 'short')})`;
}

/** Every unit's indicators for everyone in the municipality (Odense's portal): the unit picked, its indicators with target and latest value. */
export function IndicatorsPage({ unitId, year }: { unitId?: string; year?: number }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const scope = useRollupScope(unitId, year);
  const { root, y } = scope;
  const { data, error, reload } = useResource<UnitIndicators>(root && y ? `/units/${encodeURIComponent(root)}/indicators?year=${y}` : null);
  const failed = scope.error ?? error;
  if (failed) return <Failure error={failed} retry={reload} />;
  if (!data || !y) return <Loading />;
  return (
    <section aria-labelledby="indicators-title">
      <div className={styles.bar}>
        <Title2 as="h1" id="indicators-title">
          {t('indicatorsTitle', lang, { unit: data.unit.name })}
        </Title2>
        <UnitAndYearPickers
          units={scope.all}
          unitName={data.unit.name}
          onUnit={(id) => navigate({ view: 'indicators', unitId: id, year: y })}
          year={y}
          years={scope.yearList}
          onYear={scope.setYear}
        />
      </div>
      {data.agreement && (
        <Caption1 as="p" block>
          {/* A draft withheld from the caller is named, not linked: its page would refuse them. */}
          {data.withheld ? (
            data.agreement.title
          ) : (
            <Link onClick={() => navigate({ view: 'agreement', agreementId: data.agreement!.id })}>{data.agreement.title}</Link>
          )}{' '}
          <StatusBadge group="agreementStatus" value={data.agreement.status} lang={lang} />
        </Caption1>
      )}
      {!data.agreement ? (
        <p>{t('noAgreement', lang)}</p>
      ) : data.withheld ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('indicatorsWithheld', lang)}</MessageBarBody>
        </MessageBar>
      ) : !data.indicators.length ? (
        <p>{t('indicatorsNone', lang)}</p>
      ) : (
        <Table aria-labelledby="indicators-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('indicatorName', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('indicatorsLatest', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('target', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('status', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('indicatorsCompare', lang)}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.indicators.map((i) => (
              <TableRow key={i.id} data-testid="indicator-row">
                <TableCell>
                  <strong>{i.name}</strong>
                  <br />
                  <Caption1>{i.goalTitle}</Caption1>
                </TableCell>
                <TableCell data-label={t('indicatorsLatest', lang)}>{latestText(i, lang)}</TableCell>
                <TableCell data-label={t('target', lang)}>{formatTarget(i, lang)}</TableCell>
                <TableCell data-label={t('status', lang)}>
                  <StatusBadge group="track" value={i.track} lang={lang} />
                </TableCell>
                <TableCell data-label={t('indicatorsCompare', lang)}>
                  {i.sharedBy > 0 ? (
                    <Link onClick={() => navigate({ view: 'compare', indicatorId: i.id })}>{t('indicatorsCompareWith', lang, { n: i.sharedBy })}</Link>
                  ) : (
                    '–'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/**
 * The units that share an indicator, side by side: each one's latest value as a bar, its own target as a mark on it,
 * and the words (value, target, whether it meets it) under it; the same as a table for screen readers.
 */
export function ComparePage({ indicatorId }: { indicatorId: string }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const { data, error, reload } = useResource<IndicatorComparison>(`/indicators/${encodeURIComponent(indicatorId)}/comparison`);
  if (error) return <Failure error={error} retry={reload} />;
  if (!data) return <Loading />;
  const numbers = data.units.flatMap((u) => [u.latestValue, u.target, u.targetMax].filter((n): n is number => n !== null));
  const max = Math.max(1, ...numbers) * 1.1;
  const colour = (track: string) =>
    track === 'on_track'
      ? tokens.colorPaletteGreenBackground3
      : track === 'off_track'
        ? tokens.colorPaletteRedBackground3
        : tokens.colorNeutralStrokeAccessible;
  return (
    <section aria-labelledby="compare-title">
      {/* Back to the indicators of the unit asked about (the first). */}
      {data.units[0] && (
        <Link onClick={() => navigate({ view: 'indicators', unitId: data.units[0]!.unit.id, year: data.year })}>
          ← {t('indicatorsTitle', lang, { unit: data.units[0].unit.name })}
        </Link>
      )}
      <Title2 as="h1" id="compare-title" block>
        {t('compareTitle', lang, { indicator: data.indicator.name })}
      </Title2>
      <Caption1 as="p" block>
        {t('compareScope', lang, { municipality: data.municipality.name, year: String(data.year) })}
      </Caption1>
      <ul className={styles.scale} aria-label={t('compareTitle', lang, { indicator: data.indicator.name })} data-testid="compare-chart">
        {data.units.map((u) => (
          <li key={u.id} className={styles.row} data-testid="compare-row">
            <Link onClick={() => navigate({ view: 'agreement', agreementId: u.agreementId })}>{u.unit.name}</Link>
            <div>
              <div className={styles.track} aria-hidden>
                {u.latestValue !== null && (
                  <div className={styles.value} style={{ width: `${(Math.max(0, u.latestValue) / max) * 100}%`, background: colour(u.track) }} />
                )}
                {u.target !== null && <div className={styles.target} style={{ left: `calc(${(u.target / max) * 100}% - 1px)` }} />}
              </div>
              <Caption1>
                {latestText(u, lang)} · {t('target', lang)}: {formatTarget(u, lang)}
                {u.latestValue !== null && ` · ${t(`track.${u.track}`, lang)}`}
              </Caption1>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
