import { tokens } from '@fluentui/react-components';
import { formatNumber, formatPeriod, t, type Locale } from '../../../api/core/i18n/text';

export type ChartPoint = { period: string; value: number };

/**
 * Measurements of one indicator over time against its target (and baseline), as an SVG line chart with a
 * text alternative: the table under it says the same for screen readers.
 */
export function MeasurementChart(props: {
  lang: Locale;
  points: ChartPoint[];
  target: number | null;
  targetMax?: number | null;
  baseline: number | null;
  unit: string;
  title: string;
}) {
  const { lang, points, target, baseline } = props;
  const sorted = [...points].sort((a, b) => a.period.localeCompare(b.period));
  const values = [
    ...sorted.map((p) => p.value),
    ...(target !== null ? [target] : []),
    ...(props.targetMax != null ? [props.targetMax] : []),
    ...(baseline !== null ? [baseline] : []),
  ];
  if (!sorted.length) return <p>{t('noMeasurements', lang)}</p>;
  const W = 480;
  const H = 180;
  const pad = { l: 44, r: 12, t: 12, b: 28 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const lo = min - span * 0.1;
  const hi = max + span * 0.1;
  const x = (i: number) => pad.l + (sorted.length === 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (sorted.length - 1));
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (H - pad.t - pad.b);
  const line = sorted.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={props.title} data-testid="measurement-chart">
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke={tokens.colorNeutralStroke1} />
        {target !== null && (
          <g>
            <line x1={pad.l} x2={W - pad.r} y1={y(target)} y2={y(target)} stroke={tokens.colorPaletteGreenForeground1} strokeDasharray="6 4" strokeWidth={2} />
            <text x={W - pad.r} y={y(target) - 4} textAnchor="end" fontSize="11" fill={tokens.colorNeutralForeground1}>
              {t('target', lang)} {formatNumber(target, lang)}
            </text>
          </g>
        )}
        {baseline !== null && (
          <g>
            <line x1={pad.l} x2={W - pad.r} y1={y(baseline)} y2={y(baseline)} stroke={tokens.colorNeutralStroke1} strokeDasharray="2 3" />
            <text x={pad.l + 2} y={y(baseline) - 4} fontSize="11" fill={tokens.colorNeutralForeground2}>
              {t('baseline', lang)} {formatNumber(baseline, lang)}
            </text>
          </g>
        )}
        <path d={line} fill="none" stroke={tokens.colorBrandForeground1} strokeWidth={2.5} />
        {sorted.map((p, i) => (
          <g key={p.period}>
            <circle cx={x(i)} cy={y(p.value)} r={4} fill={tokens.colorBrandForeground1} />
            <text x={x(i)} y={H - 10} textAnchor="middle" fontSize="10" fill={tokens.colorNeutralForeground2}>
              {p.period.slice(5) || p.period}
            </text>
          </g>
        ))}
        <text x={4} y={pad.t + 10} fontSize="10" fill={tokens.colorNeutralForeground2}>
          {props.unit}
        </text>
      </svg>
      <figcaption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        <table>
          <tbody>
            {sorted.map((p) => (
              <tr key={p.period}>
                <th scope="row">{formatPeriod(p.period, lang)}</th>
                <td>
                  {formatNumber(p.value, lang)} {props.unit}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
