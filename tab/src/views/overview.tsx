import {
  Caption1,
  Dropdown,
  Link,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { OverviewRow } from '../../../api/core/services/overview';
import type { UnitNode } from '../../../api/core/services/organisation';
import type { MyUnit } from '../../../api/core/services/my-units';
import { StatusBadge } from '../components/status';
import { useApp, useResource } from '../context';
import { t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { BatchExport } from '../components/batch-export';
import { UnitSheetExport } from './sheet-transfer';

const useStyles = makeStyles({ bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' } });

type SortKey = 'unit' | 'status' | 'goalsOffTrack' | 'lateMeasurements' | 'dueMeasurements';

export function flatten(nodes: UnitNode[], depth = 0): { node: UnitNode; depth: number }[] {
  return nodes.flatMap((n) => [{ node: n, depth }, ...flatten(n.children, depth + 1)]);
}

/**
 * The unit a roll-up opens on (the overview, the dashboard, the indicators), where the route names none, and the year:
 * my own part of the organisation — the highest unit I approve for (its parent where it has no units below it, as a
 * roll-up lists the units below its root), else the municipality of my quality office, else the first of my units;
 * only without any, the first of the tree — and the years that have agreements there (next year's drafts included),
 * opening on the one the core names.
 */
export function useRollupScope(unitId: string | undefined, year: number | undefined) {
  const { me } = useApp();
  const tree = useResource<UnitNode[]>('/organisation/tree');
  const mine = useResource<MyUnit[]>(unitId ? null : '/me/units');
  const all = tree.data ? flatten(tree.data) : [];
  const approved = all.find((x) => x.node.approverId === me)?.node;
  const own =
    (approved && (approved.children.length ? approved.id : (approved.parentId ?? approved.id))) ??
    mine.data?.find((m) => m.roles.includes('quality_office'))?.unit.id ??
    mine.data?.[0]?.unit.id;
  const root = unitId ?? (tree.data && (mine.data || unitId) ? (own ?? all[0]?.node.id) : undefined);
  const years = useResource<{ years: number[]; current: number | null }>(root ? `/units/${encodeURIComponent(root)}/agreement-years` : null);
  const [picked, setPicked] = useState<number | undefined>(year);
  const y = picked ?? years.data?.current ?? (years.data ? new Date().getFullYear() : undefined);
  const yearList = y ? [...new Set([...(years.data?.years ?? []), y])].sort((a, b) => b - a) : [];
  return { all, root, y, yearList, setYear: setPicked, error: tree.error ?? mine.error ?? years.error };
}

/** The chief's overview: every unit below a unit, sortable, with a way into each. */
/** The unit (indented by its depth in the tree) and the year a roll-up view shows: the overview's and the dashboard's pickers. */
export function UnitAndYearPickers(p: {
  units: readonly { node: UnitNode; depth: number }[];
  unitName: string;
  onUnit: (unitId: string) => void;
  year: number;
  years: readonly number[];
  onYear: (year: number) => void;
}) {
  const { lang } = useApp();
  return (
    <>
      <Dropdown aria-label={t('pickUnit', lang)} value={p.unitName} onOptionSelect={(_, d) => d.optionValue && p.onUnit(d.optionValue)}>
        {p.units.map(({ node, depth }) => (
          <Option key={node.id} value={node.id} text={node.name}>
            {'\u00a0'.repeat(depth * 3)}
            {node.name}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        aria-label={t('year', lang)}
        value={String(p.year)}
        selectedOptions={[String(p.year)]}
        onOptionSelect={(_, d) => d.optionValue && p.onYear(Number(d.optionValue))}
      >
        {p.years.map((yy) => (
          <Option key={yy} value={String(yy)}>
            {String(yy)}
          </Option>
        ))}
      </Dropdown>
    </>
  );
}

export function OverviewPage({ unitId, year }: { unitId?: string; year?: number }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const { all, root, y, yearList, setYear: setPicked, error: scopeError } = useRollupScope(unitId, year);
  const [sort, setSort] = useState<{ key: SortKey; dir: 'ascending' | 'descending' }>({ key: 'goalsOffTrack', dir: 'descending' });
  const { data, error, reload } = useResource<OverviewRow[]>(root && y ? `/overview?unitId=${encodeURIComponent(root)}&year=${y}` : null);
  const failed = scopeError ?? error;
  if (failed) return <Failure error={failed} retry={reload} />;
  if (!data || !y) return <Loading />;
  const value = (r: OverviewRow): string | number => (sort.key === 'unit' ? r.unit.name : sort.key === 'status' ? (r.agreement?.status ?? '') : r[sort.key]);
  const rows = [...data].sort((a, b) => {
    const x = value(a);
    const z = value(b);
    const c = typeof x === 'number' && typeof z === 'number' ? x - z : String(x).localeCompare(String(z), lang);
    return sort.dir === 'ascending' ? c : -c;
  });
  const header = (key: SortKey, text: string) => (
    <TableHeaderCell
      sortDirection={sort.key === key ? sort.dir : undefined}
      onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'descending' ? 'ascending' : 'descending' })}
    >
      {text}
    </TableHeaderCell>
  );
  const rootName = all.find((x) => x.node.id === root)?.node.name ?? root ?? '';
  return (
    <section aria-labelledby="overview-title">
      <div className={styles.bar}>
        <Title2 as="h1" id="overview-title">
          {t('overviewTitle', lang, { unit: rootName })}
        </Title2>
        <UnitAndYearPickers
          units={all}
          unitName={rootName}
          onUnit={(id) => navigate({ view: 'overview', unitId: id })}
          year={y}
          years={yearList}
          onYear={setPicked}
        />
      </div>
      {root && y && <BatchExport unitId={root} year={y} />}
      {root && y && <UnitSheetExport unitId={root} year={y} />}
      <Table sortable aria-label={t('navOverview', lang)}>
        <TableHeader>
          <TableRow>
            {header('unit', t('unit', lang))}
            {header('status', t('agreement', lang))}
            {header('goalsOffTrack', t('goalsOffTrack', lang))}
            {header('dueMeasurements', t('dueMeasurements', lang))}
            {header('lateMeasurements', t('lateMeasurements', lang))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.unit.id} data-testid="overview-row">
              <TableCell>
                {r.agreement ? <Link onClick={() => navigate({ view: 'agreement', agreementId: r.agreement!.id })}>{r.unit.name}</Link> : r.unit.name}
              </TableCell>
              <TableCell data-label={t('agreement', lang)}>
                {r.agreement ? <StatusBadge group="agreementStatus" value={r.agreement.status} lang={lang} /> : <Caption1>{t('noAgreement', lang)}</Caption1>}
              </TableCell>
              <TableCell data-label={t('goalsOffTrack', lang)}>
                {r.goalsOffTrack} / {r.goals}
              </TableCell>
              <TableCell data-label={t('dueMeasurements', lang)}>{r.dueMeasurements}</TableCell>
              <TableCell data-label={t('lateMeasurements', lang)}>{r.lateMeasurements}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
