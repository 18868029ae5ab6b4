import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, Caption1, Link, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment } from 'react';
import type { Dashboard, DashboardPart } from '../../../api/core/services/dashboard';
import { StackedBars, type BarRow } from '../components/stacked-bars';
import { seriesOf } from '../components/rollup-series';
import { useApp, useResource } from '../context';
import { t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { UnitAndYearPickers, useRollupScope } from './overview';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', gap: '24px', marginTop: '16px' },
  card: {
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  note: { display: 'block', marginTop: '8px', color: tokens.colorNeutralForeground2 },
});

/**
 * The dashboard for chiefs, the quality office and the council: for a unit and a year, its agreements by state, goals
 * by fulfilment, indicators against their target and measurements missing, in total and per unit directly below it —
 * each a chart with a table — going down a level by a unit's name, up by the way above.
 */
export function DashboardPage({ unitId, year }: { unitId?: string; year?: number }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const scope = useRollupScope(unitId, year);
  const { root, y } = scope;
  const { data, error, reload } = useResource<Dashboard>(root && y ? `/dashboard?unitId=${encodeURIComponent(root)}&year=${y}` : null);
  const failed = scope.error ?? error;
  if (failed) return <Failure error={failed} retry={reload} />;
  if (!data || !y) return <Loading />;
  const series = seriesOf(lang);
  const go = (id: string) => navigate({ view: 'dashboard', unitId: id, year: y });
  const partName = (p: DashboardPart) => (p.scope === 'own' ? t('dashboardOwn', lang, { unit: p.unit.name }) : p.unit.name);
  const partLabel = (p: DashboardPart) =>
    p.drill ? (
      <Link onClick={() => go(p.unit.id)} aria-label={t('dashboardDrill', lang, { unit: p.unit.name })}>
        {p.unit.name}
      </Link>
    ) : p.agreementId ? (
      <Link onClick={() => navigate({ view: 'agreement', agreementId: p.agreementId! })}>{partName(p)}</Link>
    ) : (
      partName(p)
    );
  // The parts with anything to show: a unit's own line only where it has an agreement.
  const parts = data.parts.filter((p) => p.scope === 'below' || p.figures.agreements.none === 0);
  const rows = (pick: (f: Dashboard['totals']) => Record<string, number>): BarRow[] => [
    { key: '_total', name: t('dashboardTotal', lang), label: <strong>{t('dashboardTotal', lang)}</strong>, counts: pick(data.totals) },
    ...parts.map((p) => ({ key: p.unit.id, name: partName(p), label: partLabel(p), counts: pick(p.figures) })),
  ];
  const charts = [
    { key: 'agreements', title: t('dashboardAgreements', lang), series: series.agreements, rows: rows((f) => f.agreements) },
    { key: 'goals', title: t('dashboardGoals', lang), series: series.goals, rows: rows((f) => f.goals) },
    { key: 'indicators', title: t('dashboardIndicators', lang), series: series.indicators, rows: rows((f) => f.indicators) },
    { key: 'measurements', title: t('dashboardMeasurements', lang), series: series.measurements, rows: rows((f) => f.measurements) },
  ];
  return (
    <section aria-labelledby="dashboard-title">
      {data.path.length > 0 && (
        <nav aria-label={t('dashboardUp', lang, { unit: data.path.at(-1)!.name })}>
          <Breadcrumb>
            {data.path.map((u, i) => (
              <Fragment key={u.id}>
                {i > 0 && <BreadcrumbDivider />}
                <BreadcrumbItem>
                  <BreadcrumbButton onClick={() => go(u.id)}>{u.name}</BreadcrumbButton>
                </BreadcrumbItem>
              </Fragment>
            ))}
          </Breadcrumb>
        </nav>
      )}
      <div className={styles.bar}>
        <Title2 as="h1" id="dashboard-title">
          {t('dashboardTitle', lang, { unit: data.unit.name })}
        </Title2>
        <UnitAndYearPickers units={scope.all} unitName={data.unit.name} onUnit={go} year={y} years={scope.yearList} onYear={scope.setYear} />
      </div>
      <Caption1 as="p">{t('dashboardUnits', lang, { n: data.totals.units })}</Caption1>
      <div className={styles.grid}>
        {charts.map((c) => (
          <div key={c.key} className={styles.card}>
            <StackedBars lang={lang} title={c.title} series={c.series} rows={c.rows} testId={`chart-${c.key}`} />
          </div>
        ))}
      </div>
      {data.totals.withheld > 0 && (
        <Caption1 as="p" className={styles.note}>
          {t('dashboardWithheld', lang, { n: data.totals.withheld })}
        </Caption1>
      )}
    </section>
  );
}
