import { makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useWidth } from './use-width';
import type { Indicator } from '../../../api/core/model';
import { trackState } from '../../../api/core/rules/indicator-status';
import { formatMeasured, formatPeriod, formatReportedPeriod, formatTarget, formatValue, label, t, type Locale } from '../../../api/core/i18n/text';

/** The size of the chart's axis and line labels, in the drawing's units (CSS pixels at scale 1). */
export const CHART_SMALLEST_TEXT_PX = 11;

/** A reported period: `value` null is an explicit "no value" (never drawn, never 0); `label` the report's column. */
export type ChartPoint = { period: string; value: number | null; label?: string | undefined };
type Drawn = ChartPoint & { value: number };

/** How the target is written: at least, at most, exactly (about, within a tolerance) or between two values. */
export type Comparator = 'at_least' | 'at_most' | 'exactly' | 'about' | 'between';

/** What the chart needs of an indicator; `comparator` where the model gives one, else read from the direction. */
export type ChartIndicator = Pick<Indicator, 'direction' | 'target' | 'targetMax' | 'tolerance' | 'baseline' | 'unitOfMeasure'> & {
  comparator?: string | null;
};

const FROM_DIRECTION: Record<Indicator['direction'], Comparator> = { increase: 'at_least', decrease: 'at_most', keep: 'about', range: 'between' };

export function comparatorOf(i: ChartIndicator): Comparator {
  const c = i.comparator;
  return c === 'at_least' || c === 'at_most' || c === 'exactly' || c === 'about' || c === 'between' ? c : FROM_DIRECTION[i.direction];
}

/**
 * The target as the chart labels it, made from the comparator, the numbers and the unit ("Mindst 80 %", "Mellem 10 og
 * 20 dage"): the one wording of i18n/text.ts (formatTarget), without the document's own words, which the goal view
 * shows beside the chart.
 */
export function targetText(i: ChartIndicator, lang: Locale): string | null {
  return i.target === null ? null : formatTarget({ ...i, targetText: undefined }, lang);
}

/** Round steps for an axis: 1, 2, 2.5 or 5 times a power of ten, about `count` of them over the range. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (lo === hi) {
    const d = Math.abs(lo) || 1;
    lo -= d / 2;
    hi += d / 2;
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= hi + step * 1e-9 || ticks.length < 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks.at(-1)! < hi) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

/** A period's place on a time line: months and quarters count from year 0, so a gap between periods stays a gap. */
function slot(period: string): number {
  const year = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period)?.[1];
  if (q) return year * 12 + (Number(q) - 1) * 3 + 1.5;
  const m = /-(\d{2})$/.exec(period)?.[1];
  return year * 12 + (m ? Number(m) - 1 : 5.5);
}

const useStyles = makeStyles({
  figure: { margin: 0, minWidth: 0, display: 'flex', flexDirection: 'column', gap: '6px' },
  legend: { display: 'flex', flexWrap: 'wrap', gap: '4px 14px', margin: 0, padding: 0, listStyle: 'none', fontSize: tokens.fontSizeBase200 },
  key: { display: 'inline-flex', alignItems: 'center', gap: '6px' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

/** A measurement meeting its target: a filled circle with a check mark. */
function MetMark({ x, y }: { x: number; y: number }) {
  return (
    <g>
      <circle cx={x} cy={y} r={6} fill={tokens.colorPaletteGreenForeground1} stroke={tokens.colorNeutralBackground1} strokeWidth={1.5} />
      <path d={`M${x - 3},${y} l2,2.5 l4,-5`} fill="none" stroke={tokens.colorNeutralBackground1} strokeWidth={1.8} strokeLinecap="round" />
    </g>
  );
}

/** A measurement missing its target: an open diamond with a cross. */
function MissedMark({ x, y }: { x: number; y: number }) {
  return (
    <g>
      <path
        d={`M${x},${y - 7} L${x + 7},${y} L${x},${y + 7} L${x - 7},${y} Z`}
        fill={tokens.colorNeutralBackground1}
        stroke={tokens.colorPaletteRedForeground1}
        strokeWidth={2}
      />
      <path d={`M${x - 2.5},${y - 2.5} l5,5 M${x + 2.5},${y - 2.5} l-5,5`} stroke={tokens.colorPaletteRedForeground1} strokeWidth={1.6} strokeLinecap="round" />
    </g>
  );
}

/** A measurement with no target to meet: a plain dot in the brand colour. */
function PlainMark({ x, y }: { x: number; y: number }) {
  return <circle cx={x} cy={y} r={4.5} fill={tokens.colorBrandForeground1} />;
}

/**
 * Measurements of one indicator over time against its target and baseline, as an SVG line chart drawn at the
 * width it has (text stays legible in a 320 px side panel): a value axis with gridlines, periods in words, the
 * target as a dashed line (a band for "between") labelled with its comparator, the baseline dotted, and every
 * point marked met or missed by shape as well as colour, with a legend in words. Screen readers get a summary
 * and a table with the same facts (period, value, met or not).
 */
export function MeasurementChart(props: {
  lang: Locale;
  points: ChartPoint[];
  indicator: ChartIndicator;
  title: string;
  /**
   * How much larger than usual the drawing is shown (the meeting stage: its smallest text as large as the stage's body
   * text). It is drawn for the width it has divided by this, and shown that much larger: text, marks and lines grow
   * together and keep their places.
   */
  scale?: number;
}) {
  const { lang, indicator: ind } = props;
  const styles = useStyles();
  const [box, width] = useWidth(480);
  const tableId = useId();
  const sorted = [...props.points].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  // Only values are drawn; a period reported as "no value" gets the report's dash on the time axis.
  const drawn = sorted.filter((p): p is Drawn => p.value !== null);
  const blank = sorted.filter((p) => p.value === null);
  if (!drawn.length)
    return (
      <p data-testid="chart-no-values">
        {props.title}:{' '}
        {sorted.length ? sorted.map((p) => `${formatReportedPeriod(p, lang)} ${formatMeasured(null, '', lang)}`).join(', ') : t('noMeasurements', lang)}
      </p>
    );
  const fmt = (n: number) => formatValue(n, ind.unitOfMeasure, lang);
  const comparator = comparatorOf(ind);
  const goal = targetText(ind, lang);
  const band = comparator === 'between' && ind.target !== null && ind.targetMax !== null;
  const track = (v: number | null) => trackState(ind, v);

  const scale = props.scale ?? 1;
  const W = Math.max(240, Math.min(width / scale, 720));
  const H = W < 400 ? 200 : 230;
  const pad = { l: 12, r: 14, t: 14, b: 40 };
  const values = [
    ...drawn.map((p) => p.value),
    ...(ind.target !== null ? [ind.target] : []),
    ...(band ? [ind.targetMax!] : []),
    ...(ind.baseline !== null ? [ind.baseline] : []),
  ];
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  const ticks = niceTicks(vMin, vMax, W < 400 ? 3 : 4);
  // A little room where a value lies on the lowest or highest gridline, so no line lies on the time axis or the edge.
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const lo = vMin - ticks[0]! < step * 0.15 ? ticks[0]! - step * 0.2 : ticks[0]!;
  const hi = ticks.at(-1)! - vMax < step * 0.15 ? ticks.at(-1)! + step * 0.2 : ticks.at(-1)!;
  // The value axis is as wide as its longest label.
  pad.l = Math.max(...ticks.map((v) => fmt(v).length)) * 6.5 + 10;
  const plotW = W - pad.l - pad.r;
  const first = slot(sorted[0]!.period);
  const span = slot(sorted.at(-1)!.period) - first;
  const x = (period: string) => pad.l + (span === 0 ? plotW / 2 : ((slot(period) - first) / span) * (plotW - 16) + 8);
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo || 1)) * (H - pad.t - pad.b);
  // The line breaks where a period has no value: nothing is drawn through a "–".
  const line = sorted
    .map((p, i) => (p.value === null ? '' : `${i && sorted[i - 1]!.value !== null ? 'L' : 'M'}${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  // Period labels that fit: every nth, the last always; the year under a label where it starts or changes.
  const every = Math.max(1, Math.ceil(sorted.length / Math.max(1, Math.floor(plotW / 52))));
  const labelled = sorted
    .filter((_, i) => i % every === 0 || i === sorted.length - 1)
    .filter((p, i, all) => i === all.length - 1 || x(all.at(-1)!.period) - x(p.period) >= 44);
  const met = drawn.filter((p) => track(p.value) === 'on_track').length;
  const judged = drawn.filter((p) => {
    const s = track(p.value);
    return s === 'on_track' || s === 'off_track';
  }).length;
  const last = drawn.at(-1)!;
  const summary = [
    t('chartSummary', lang, {
      n: sorted.length,
      from: formatPeriod(sorted[0]!.period, lang),
      to: formatPeriod(last.period, lang),
      latest: `${fmt(last.value)} (${formatReportedPeriod(last, lang)})`,
    }),
    goal ? t('chartTargetIs', lang, { target: goal }) : '',
    ind.baseline !== null ? t('chartBaselineIs', lang, { baseline: fmt(ind.baseline) }) : '',
    judged ? t('chartMet', lang, { n: met, total: judged }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const targetColour = tokens.colorPaletteGreenForeground1;
  // Labels keep a rim of the background, so a line crossing them does not cross the words.
  const halo = { stroke: tokens.colorNeutralBackground1, strokeWidth: 3, paintOrder: 'stroke', strokeLinejoin: 'round' } as const;

  return (
    <figure className={styles.figure} data-testid="measurement-chart-figure">
      <div ref={box} style={{ width: '100%', minWidth: 0 }}>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          width={W * scale}
          height={H * scale}
          style={{ display: 'block', maxWidth: '100%', height: 'auto' }}
          role="img"
          aria-label={`${props.title}. ${summary}`}
          aria-describedby={tableId}
          data-testid="measurement-chart"
          fontFamily={tokens.fontFamilyBase}
        >
          {/* gridlines and the value axis */}
          {ticks.map((v) => (
            <g key={v} data-testid="y-tick">
              <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke={tokens.colorNeutralStroke2} strokeWidth={1} />
              <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize={CHART_SMALLEST_TEXT_PX} fill={tokens.colorNeutralForeground2}>
                {fmt(v)}
              </text>
            </g>
          ))}
          {/* the target: a band between two values, else a dashed line */}
          {band && (
            <rect
              x={pad.l}
              width={plotW}
              y={y(ind.targetMax!)}
              height={Math.max(2, y(ind.target!) - y(ind.targetMax!))}
              fill={targetColour}
              fillOpacity={0.12}
              stroke={targetColour}
              strokeDasharray="6 4"
              data-testid="target-band"
            />
          )}
          {!band && ind.target !== null && (
            <line
              x1={pad.l}
              x2={W - pad.r}
              y1={y(ind.target)}
              y2={y(ind.target)}
              stroke={targetColour}
              strokeDasharray="6 4"
              strokeWidth={2}
              data-testid="target-line"
            />
          )}
          {goal && (
            <text
              x={W - pad.r}
              y={y(band ? ind.targetMax! : ind.target!) - 5}
              textAnchor="end"
              fontSize={CHART_SMALLEST_TEXT_PX}
              fontWeight="600"
              fill={tokens.colorNeutralForeground1}
              {...halo}
              data-testid="target-label"
            >
              {t('target', lang)}: {goal}
            </text>
          )}
          {ind.baseline !== null && (
            <g data-testid="baseline">
              <line
                x1={pad.l}
                x2={W - pad.r}
                y1={y(ind.baseline)}
                y2={y(ind.baseline)}
                stroke={tokens.colorNeutralForeground3}
                strokeDasharray="2 3"
                strokeWidth={1.5}
              />
              <text
                x={pad.l + 4}
                y={y(ind.baseline) + 14 > H - pad.b - 3 ? y(ind.baseline) - 5 : y(ind.baseline) + 14}
                fontSize={CHART_SMALLEST_TEXT_PX}
                fill={tokens.colorNeutralForeground2}
                {...halo}
              >
                {t('baseline', lang)}: {fmt(ind.baseline)}
              </text>
            </g>
          )}
          {/* the time axis, periods in words */}
          <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke={tokens.colorNeutralStroke1} />
          {labelled.map((p, i) => {
            const prev = labelled[i - 1];
            // A column named by the report ("Utfall 2025") is its own label: no year under it, and at the right edge
            // it ends at the tick so it is not cut off.
            const showYear = !p.label && (!prev || prev.period.slice(0, 4) !== p.period.slice(0, 4));
            const anchor = p.label && i === labelled.length - 1 && labelled.length > 1 ? 'end' : 'middle';
            return (
              <g key={p.period} data-testid="x-tick">
                <line x1={x(p.period)} x2={x(p.period)} y1={H - pad.b} y2={H - pad.b + 4} stroke={tokens.colorNeutralStroke1} />
                <text x={x(p.period)} y={H - pad.b + 16} textAnchor={anchor} fontSize={CHART_SMALLEST_TEXT_PX} fill={tokens.colorNeutralForeground2}>
                  {p.label ?? formatPeriod(p.period, lang, 'short', false)}
                </text>
                {showYear && (
                  <text x={x(p.period)} y={H - pad.b + 30} textAnchor="middle" fontSize={CHART_SMALLEST_TEXT_PX} fill={tokens.colorNeutralForeground2}>
                    {p.period.slice(0, 4)}
                  </text>
                )}
              </g>
            );
          })}
          <path d={line} fill="none" stroke={tokens.colorBrandForeground1} strokeWidth={2} />
          {blank.map((p) => (
            <text
              key={p.period}
              x={x(p.period)}
              y={H - pad.b - 6}
              textAnchor="middle"
              fontSize="13"
              fontWeight="600"
              fill={tokens.colorNeutralForeground2}
              data-testid="chart-no-value"
            >
              <title>{`${formatReportedPeriod(p, lang)}: ${formatMeasured(null, '', lang)}`}</title>–
            </text>
          ))}
          {drawn.map((p) => {
            const s = track(p.value);
            const at = { x: x(p.period), y: y(p.value) };
            return (
              <g key={p.period} data-testid="chart-point" data-track={s}>
                <title>{`${formatReportedPeriod(p, lang)}: ${fmt(p.value)}${s === 'on_track' || s === 'off_track' ? ` – ${label('track', s, lang)}` : ''}`}</title>
                {s === 'on_track' ? <MetMark {...at} /> : s === 'off_track' ? <MissedMark {...at} /> : <PlainMark {...at} />}
              </g>
            );
          })}
        </svg>
      </div>
      <ul className={styles.legend} aria-hidden="true" data-testid="chart-legend">
        {met > 0 && (
          <li className={styles.key}>
            <svg width="16" height="16" viewBox="0 0 16 16">
              <MetMark x={8} y={8} />
            </svg>
            {label('track', 'on_track', lang)}
          </li>
        )}
        {judged - met > 0 && (
          <li className={styles.key}>
            <svg width="16" height="16" viewBox="0 0 16 16">
              <MissedMark x={8} y={8} />
            </svg>
            {label('track', 'off_track', lang)}
          </li>
        )}
        {goal && (
          <li className={styles.key}>
            <svg width="22" height="10" viewBox="0 0 22 10">
              <line x1="0" x2="22" y1="5" y2="5" stroke={targetColour} strokeDasharray="6 4" strokeWidth={2} />
            </svg>
            {t('target', lang)}
          </li>
        )}
        {ind.baseline !== null && (
          <li className={styles.key}>
            <svg width="22" height="10" viewBox="0 0 22 10">
              <line x1="0" x2="22" y1="5" y2="5" stroke={tokens.colorNeutralForeground3} strokeDasharray="2 3" strokeWidth={1.5} />
            </svg>
            {t('baseline', lang)}
          </li>
        )}
      </ul>
      <figcaption className={styles.hidden}>
        <table id={tableId}>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('period', lang)}</th>
              <th scope="col">{t('value', lang)}</th>
              <th scope="col">{t('status', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((p) => (
              <tr key={p.period}>
                <th scope="row">{formatReportedPeriod(p, lang)}</th>
                <td>{formatMeasured(p.value, ind.unitOfMeasure, lang)}</td>
                <td>{label('track', track(p.value), lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
