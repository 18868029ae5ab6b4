import { Button, Caption1, Dropdown, Option, ProgressBar, Subtitle2, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { CampaignState } from '../../../api/core/services/outbox';
import { useState } from 'react';
import { useWidth } from '../components/use-width';
import type { WheelView } from '../../../api/core/services/wheel';
import type { MyUnit } from '../../../api/core/services/my-units';
import { useApp, usePermissions, useResource } from '../context';
import { formatWhen, label, localText, monthName, t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { WheelEditor } from './wheel-editor';
import { PlanMeetingButton } from '../meeting/plan';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(300px, 100%), 1fr))', gap: '24px', alignItems: 'start' },
  wheel: { display: 'flex', flexDirection: 'column', gap: '8px', minWidth: 0, maxWidth: '520px' },
  bar: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  item: { borderLeft: `4px solid ${tokens.colorBrandStroke1}`, paddingLeft: '8px' },
  event: { display: 'flex', gap: '8px', alignItems: 'flex-start', overflowWrap: 'anywhere' },
  legend: { display: 'flex', flexWrap: 'wrap', gap: '4px 14px', margin: 0, padding: 0, listStyle: 'none' },
  key: { display: 'inline-flex', alignItems: 'center', gap: '6px' },
  hiddenText: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  number: {
    flexShrink: 0,
    minWidth: '22px',
    height: '22px',
    borderRadius: '11px',
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    background: tokens.colorNeutralBackground1,
    boxSizing: 'border-box',
  },
});

/** A colour per kind of event (the legend names them; the number on each dot leads to the list). */
const KIND_COLOURS: Record<string, string> = {
  dialogue_meeting: tokens.colorPaletteBlueBorderActive,
  draft_deadline: tokens.colorPaletteMarigoldBorderActive,
  submission: tokens.colorPaletteTealBorderActive,
  approval: tokens.colorPaletteMagentaBorderActive,
  budget_seminar: tokens.colorPaletteGreenBorderActive,
  follow_up: tokens.colorPaletteDarkOrangeBorderActive,
  report: tokens.colorPalettePurpleBorderActive,
  evaluation: tokens.colorPaletteBerryBorderActive,
  publication: tokens.colorPaletteLavenderBorderActive,
  survey: tokens.colorPaletteSteelBorderActive,
  other: tokens.colorNeutralForeground3,
};
const colourOf = (kind: string) => KIND_COLOURS[kind] ?? tokens.colorBrandBackground;

/** The year as a wheel of twelve months with its events, as the municipalities draw it, beside the upcoming deadlines. */
export function WheelPage({ unitId, year }: { unitId?: string; year?: number }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const mine = useResource<MyUnit[]>(unitId ? null : '/me/units');
  const unit = unitId ?? mine.data?.[0]?.unit.id;
  const [y, setY] = useState(year ?? mine.data?.[0]?.agreement?.year ?? new Date().getFullYear());
  const { data, error, reload } = useResource<WheelView>(unit ? `/units/${encodeURIComponent(unit)}/wheel?year=${y}` : null);
  // The reminder campaigns and the editor, for those the core lets read or edit them: nothing is asked that
  // would be refused.
  const can = usePermissions(unit);
  const campaigns = useResource<CampaignState>(unit && can?.readAudit ? `/units/${encodeURIComponent(unit)}/wheel/campaigns?year=${y}` : null);
  const canEdit = !!can?.write.wheelEvent.create;
  const campaignOf = (eventId: string) => campaigns.data?.events.find((c) => c.eventId === eventId);
  const [box, width] = useWidth(460);
  if (error ?? mine.error) return <Failure error={(error ?? mine.error)!} retry={reload} />;
  if (!unit && mine.data) return <Caption1>{t('noUnits', lang)}</Caption1>;
  if (!data) return <Loading />;
  const R = 200;
  const C = 230;
  const arc = (m: number, r1: number, r2: number) => {
    const a0 = ((m - 1) / 12) * 2 * Math.PI - Math.PI / 2;
    const a1 = (m / 12) * 2 * Math.PI - Math.PI / 2;
    const p = (r: number, a: number) => `${(C + r * Math.cos(a)).toFixed(1)},${(C + r * Math.sin(a)).toFixed(1)}`;
    return `M${p(r1, a0)} A${r1},${r1} 0 0 1 ${p(r1, a1)} L${p(r2, a1)} A${r2},${r2} 0 0 0 ${p(r2, a0)} Z`;
  };
  const unitName = data.events[0]?.unitName ?? unit ?? '';
  // Dots and their numbers keep a legible size however narrow the panel: the drawing is 460 units wide.
  const fs = Math.min(1.8, Math.max(1, 460 / Math.max(width, 1) / 1.1));
  const dot = 9 * fs;
  const edge = Math.round(14 * fs);
  const kinds = [...new Set(data.events.map((e) => e.kind))];
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="wheel-title">
      <div className={styles.bar}>
        <Title2 as="h1" id="wheel-title">
          {t('wheelOf', lang, { year: y, unit: mine.data?.find((m) => m.unit.id === unit)?.unit.name ?? unitName })}
        </Title2>
        <Button onClick={() => setY(y - 1)} aria-label={`${t('year', lang)} ${y - 1}`}>
          ‹ {y - 1}
        </Button>
        <Button onClick={() => setY(y + 1)} aria-label={`${t('year', lang)} ${y + 1}`}>
          {y + 1} ›
        </Button>
        {mine.data && mine.data.length > 1 && (
          <Dropdown
            aria-label={t('pickUnit', lang)}
            value={mine.data.find((m) => m.unit.id === unit)?.unit.name ?? ''}
            onOptionSelect={(_, d) => d.optionValue && navigate({ view: 'wheel', unitId: d.optionValue, year: y })}
          >
            {mine.data.map((m) => (
              <Option key={m.unit.id} value={m.unit.id}>
                {m.unit.name}
              </Option>
            ))}
          </Dropdown>
        )}
      </div>
      <div className={styles.layout}>
        <div className={styles.wheel} ref={box}>
          <svg
            // Room around the ring for the month names, which keep their size as the drawing shrinks.
            viewBox={`${-edge} ${-edge} ${460 + 2 * edge} ${460 + 2 * edge}`}
            width="100%"
            role="img"
            aria-label={t('wheelOf', lang, { year: y, unit: unitName })}
            aria-describedby="wheel-events-list"
            data-testid="wheel"
            fontFamily={tokens.fontFamilyBase}
          >
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => {
              const events = data.events.filter((e) => e.month === m);
              const mid = ((m - 0.5) / 12) * 2 * Math.PI - Math.PI / 2;
              return (
                <g key={m}>
                  <path
                    d={arc(m, R, R - 60)}
                    fill={m % 2 ? tokens.colorNeutralBackground3 : tokens.colorNeutralBackground4}
                    stroke={tokens.colorNeutralStroke1}
                  />
                  <text
                    x={C + (R + 16) * Math.cos(mid)}
                    y={C + (R + 16) * Math.sin(mid) + 4}
                    textAnchor="middle"
                    fontSize={12 * fs}
                    fill={tokens.colorNeutralForeground1}
                  >
                    {monthName(m, lang, 'short')}
                  </text>
                  {events.map((e, k) => {
                    // Two rings in a month's band, the events of the month spread along each.
                    const ring = k % 2;
                    const inRing = events.filter((_, j) => j % 2 === ring).length;
                    const r = ring ? R - 44 : R - 18;
                    const a = mid + (Math.floor(k / 2) - (inRing - 1) / 2) * ((2 * dot + 3) / r);
                    const n = data.events.indexOf(e) + 1;
                    return (
                      <g key={e.id} data-testid="wheel-dot">
                        <title>{`${n}. ${localText(e.title, lang)} (${label('wheelKind', e.kind, lang)}, ${monthName(e.month, lang)})`}</title>
                        <circle
                          cx={C + r * Math.cos(a)}
                          cy={C + r * Math.sin(a)}
                          r={dot}
                          fill={tokens.colorNeutralBackground1}
                          stroke={colourOf(e.kind)}
                          strokeWidth={3 * fs}
                        />
                        <text
                          x={C + r * Math.cos(a)}
                          y={C + r * Math.sin(a) + 4 * fs}
                          textAnchor="middle"
                          fontSize={11 * fs}
                          fontWeight="600"
                          fill={tokens.colorNeutralForeground1}
                        >
                          {n}
                        </text>
                      </g>
                    );
                  })}
                </g>
              );
            })}
            <circle cx={C} cy={C} r={R - 64} fill={tokens.colorNeutralBackground1} stroke={tokens.colorNeutralStroke2} />
            <text x={C} y={C + 8} textAnchor="middle" fontSize="28" fontWeight="600" fill={tokens.colorNeutralForeground1}>
              {y}
            </text>
          </svg>
          {kinds.length > 0 && (
            <section aria-labelledby="wheel-legend">
              <Caption1 as="h2" id="wheel-legend" block>
                <b>{t('wheelLegend', lang)}</b>
              </Caption1>
              <ul className={styles.legend} data-testid="wheel-legend">
                {kinds.map((k) => (
                  <li key={k} className={styles.key}>
                    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
                      <circle cx="7" cy="7" r="5" fill={tokens.colorNeutralBackground1} stroke={colourOf(k)} strokeWidth="3" />
                    </svg>
                    <Caption1>{label('wheelKind', k, lang)}</Caption1>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <div>
          <Subtitle2 as="h2">{t('upcoming', lang)}</Subtitle2>
          <ol className={styles.list} data-testid="deadlines">
            {(data.upcoming.length ? data.events.filter((e) => data.upcoming.includes(e.id)) : data.events.filter((e) => e.effectiveDate >= today)).map((e) => (
              <li key={e.id} className={styles.item}>
                <div>
                  <b>{localText(e.title, lang)}</b>
                </div>
                <Caption1>
                  {formatWhen(e, lang)} · {label('wheelKind', e.kind, lang)} · {e.unitName}
                </Caption1>
              </li>
            ))}
            {data.upcoming.length === 0 && (
              <li>
                <Caption1>{t('nothingUpcoming', lang)}</Caption1>
              </li>
            )}
          </ol>
          <Subtitle2 as="h2">
            {t('navWheel', lang)} {y}
          </Subtitle2>
          <ol className={styles.list} data-testid="wheel-events" id="wheel-events-list">
            {data.events.map((e, n) => {
              const c = campaignOf(e.id);
              return (
                <li key={e.id}>
                  <div className={styles.event}>
                    <span className={styles.number} style={{ border: `3px solid ${colourOf(e.kind)}` }} aria-hidden="true">
                      {n + 1}
                    </span>
                    <Caption1>
                      <span className={styles.hiddenText}>{n + 1}. </span>
                      {formatWhen(e, lang)}: {localText(e.title, lang)} · {label('wheelKind', e.kind, lang)}
                    </Caption1>
                  </div>
                  {e.kind === 'dialogue_meeting' && unit && can?.readDraft && <PlanMeetingButton event={e} unitId={unit} />}
                  {c && c.planned > 0 && (
                    <div data-testid="campaign">
                      <Caption1>
                        {t('campaign', lang, { planned: c.planned, sent: c.sent, pending: c.pending, failed: c.failed })}
                        {c.progress !== null ? ` · ${Math.round(c.progress * 100)} %` : ''}
                      </Caption1>
                      {c.progress !== null && <ProgressBar value={c.progress} aria-label={localText(e.title, lang)} />}
                      {c.reasons.map((r) => (
                        <Caption1 block key={r.reason}>
                          {t('campaignFailed', lang, { reason: label('deliveryReason', r.reason, lang), n: r.count })}
                        </Caption1>
                      ))}
                      {c.unreachable.length > 0 && (
                        <details data-testid="campaign-unreachable">
                          <summary>
                            <Caption1>{t('campaignUnreachable', lang, { n: c.unreachable.length })}</Caption1>
                          </summary>
                          <ul className={styles.list}>
                            {c.unreachable.map((u) => (
                              <li key={u.recipientId}>
                                <Caption1>
                                  {u.name} · {label('deliveryReason', u.reason, lang)}
                                </Caption1>
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      </div>
      {canEdit && unit && <WheelEditor unitId={unit} year={y} events={data.events} onChanged={reload} />}
    </section>
  );
}
