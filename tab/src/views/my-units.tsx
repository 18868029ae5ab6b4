import { Badge, Body1, Button, Caption1, Card, CardHeader, Link, Subtitle1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronDown16Regular, ChevronRight16Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { MyUnit } from '../../../api/core/services/my-units';
import type { MyWork } from '../../../api/core/services/my-tasks';
import { ReportMeasurement } from '../components/report-measurement';
import { StatusBadge } from '../components/status';
import { useApp, useResource } from '../context';
import { formatDate, label, t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { PausesPanel } from './pauses';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '20px' },
  block: { display: 'flex', flexDirection: 'column', gap: '8px' },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(300px, 100%), 1fr))', gap: '12px' },
  roles: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  row: { display: 'flex', flexDirection: 'column', background: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  rowButton: { justifyContent: 'flex-start', textAlign: 'start', width: '100%', padding: '8px 12px', minHeight: '44px', fontWeight: tokens.fontWeightRegular },
  rowText: { display: 'flex', flexDirection: 'column', gap: '2px', flexGrow: 1, minWidth: 0 },
  rowMeta: { display: 'flex', gap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  plain: {
    display: 'flex',
    gap: '8px',
    flexWrap: 'wrap',
    alignItems: 'center',
    padding: '8px 12px',
    background: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type MeasurementItem = MyWork['measurements'][number];

/**
 * The home view: the person's work first — agreements awaiting their approval, drafts to submit, measurements
 * due or late (each reported in two clicks: the row, then Report), open actions — then their units and their
 * out-of-office periods.
 */
export function MyUnitsPage() {
  const styles = useStyles();
  const units = useResource<MyUnit[]>('/me/units');
  const work = useResource<MyWork>('/me/work');
  const error = units.error ?? work.error;
  if (error) return <Failure error={error} retry={() => void Promise.all([units.reload(), work.reload()])} />;
  return (
    <div className={styles.page}>
      {work.data ? <MyWorkPanel work={work.data} /> : <Loading />}
      {units.data ? <UnitCards units={units.data} /> : <Loading />}
      <PausesPanel />
    </div>
  );
}

function MyWorkPanel({ work }: { work: MyWork }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const agreementRow = (x: MyWork['agreementsToApprove'][number], testId: string) => (
    <li key={x.agreement.id} className={styles.plain} data-testid={testId}>
      <Body1>
        <b>{x.unit.name}</b>
      </Body1>
      <Caption1>
        {x.agreement.title} · {x.agreement.year}
      </Caption1>
      <StatusBadge group="agreementStatus" value={x.agreement.status} lang={lang} />
      <Button appearance="primary" onClick={() => navigate({ view: 'agreement', agreementId: x.agreement.id })}>
        {t('open', lang)}
      </Button>
    </li>
  );
  return (
    <section aria-labelledby="my-work" className={styles.block}>
      <Title2 as="h1" id="my-work">
        {t('tasksTitle', lang)}
      </Title2>
      {work.agreementsToApprove.length > 0 && (
        <section aria-labelledby="to-approve" className={styles.block}>
          <Subtitle1 as="h2" id="to-approve">
            {t('agreementsToApprove', lang)}
          </Subtitle1>
          <ul className={styles.list}>{work.agreementsToApprove.map((x) => agreementRow(x, 'to-approve'))}</ul>
        </section>
      )}
      {work.agreementsFollowedUp.length > 0 && (
        <section aria-labelledby="followed-up" className={styles.block}>
          <Subtitle1 as="h2" id="followed-up">
            {t('agreementsFollowedUp', lang)}
          </Subtitle1>
          <ul className={styles.list}>{work.agreementsFollowedUp.map((x) => agreementRow(x, 'followed-up'))}</ul>
        </section>
      )}
      {work.agreementsToSubmit.length > 0 && (
        <section aria-labelledby="to-submit" className={styles.block}>
          <Subtitle1 as="h2" id="to-submit">
            {t('agreementsToSubmit', lang)}
          </Subtitle1>
          <ul className={styles.list}>{work.agreementsToSubmit.map((x) => agreementRow(x, 'to-submit'))}</ul>
        </section>
      )}
      <MeasurementList items={work.measurements} />
      <section aria-labelledby="work-actions" className={styles.block}>
        <Subtitle1 as="h2" id="work-actions">
          {t('workActions', lang)}
        </Subtitle1>
        {work.actions.length === 0 ? (
          <Body1 className={styles.muted}>{t('noOpenActions', lang)}</Body1>
        ) : (
          <ul className={styles.list}>
            {work.actions.map((x) => (
              <li key={x.action.id} className={styles.plain} data-testid="work-action">
                <Link onClick={() => navigate({ view: 'goal', agreementId: x.agreement.id, goalId: x.goal.id })}>{x.action.text}</Link>
                <Caption1>
                  {x.unit.name} · {x.goal.title}
                </Caption1>
                <StatusBadge group="actionStatus" value={x.action.status} lang={lang} />
                {x.action.dueDate && <Caption1>{t('dueBy', lang, { date: formatDate(x.action.dueDate, lang) })}</Caption1>}
                {x.mine && <Badge appearance="outline">{t('yours', lang)}</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/**
 * The measurements to report. A row opens its form in place; a row reported here stays in the list (with its
 * confirmation) even when the list is fetched again without it, so nothing moves under the user's eyes.
 */
function MeasurementList({ items }: { items: MeasurementItem[] }) {
  const { lang } = useApp();
  const styles = useStyles();
  const [openId, setOpenId] = useState<string | null>(null);
  const [reportedHere, setReportedHere] = useState<Record<string, string[]>>({});
  const shown = useRef<MeasurementItem[]>([]);
  const kept = new Set(Object.keys(reportedHere));
  const next: MeasurementItem[] = [...items];
  shown.current.forEach((old, n) => {
    if (kept.has(old.indicator.id) && !next.some((x) => x.indicator.id === old.indicator.id)) next.splice(Math.min(n, next.length), 0, old);
  });
  useEffect(() => {
    shown.current = next;
  });
  return (
    <section aria-labelledby="work-measurements" className={styles.block}>
      <Subtitle1 as="h2" id="work-measurements">
        {t('measurementsToReport', lang)}
      </Subtitle1>
      {next.length === 0 && <Body1 className={styles.muted}>{t('nothingToReport', lang)}</Body1>}
      <ul className={styles.list}>
        {next.map((x) => {
          const done = reportedHere[x.indicator.id] ?? [];
          const open = x.open.filter((p) => !done.includes(p.period));
          const first = open[0];
          const expanded = openId === x.indicator.id;
          const formId = `report-${x.indicator.id}`;
          return (
            <li key={x.indicator.id} className={styles.row} data-testid="work-measurement">
              <Button
                appearance="subtle"
                className={styles.rowButton}
                icon={expanded ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
                aria-expanded={expanded}
                aria-controls={expanded ? formId : undefined}
                onClick={() => setOpenId(expanded ? null : x.indicator.id)}
              >
                <span className={styles.rowText}>
                  <b>{x.indicator.name}</b>
                  <span className={styles.rowMeta}>
                    <Caption1>
                      {x.unit.name} · {x.agreement.title}
                    </Caption1>
                    {first ? (
                      <>
                        <Badge appearance="tint" color={first.state === 'late' ? 'danger' : 'warning'} data-state={first.state}>
                          {label('measurementState', first.state, lang)}
                        </Badge>
                        <Caption1>{t('dueBy', lang, { date: formatDate(first.due, lang) })}</Caption1>
                        {open.length > 1 && <Caption1>{t('morePeriods', lang, { n: open.length - 1 })}</Caption1>}
                      </>
                    ) : (
                      <Badge appearance="tint" color="success" data-state="reported">
                        {label('measurementState', 'reported', lang)}
                      </Badge>
                    )}
                  </span>
                </span>
              </Button>
              {expanded && (
                <div id={formId}>
                  <ReportMeasurement
                    indicator={x.indicator}
                    open={x.open}
                    onSaved={(period) => setReportedHere((r) => ({ ...r, [x.indicator.id]: [...(r[x.indicator.id] ?? []), period] }))}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function UnitCards({ units }: { units: MyUnit[] }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const roleText = {
    leader: t('roleLeader', lang),
    member: t('roleMember', lang),
    approver: t('roleApprover', lang),
    quality_office: t('roleQualityOffice', lang),
  } as const;
  return (
    <section aria-labelledby="my-units" className={styles.block}>
      <Subtitle1 as="h2" id="my-units">
        {t('navMyUnits', lang)}
      </Subtitle1>
      {units.length === 0 && <Body1 as="p">{t('noUnits', lang)}</Body1>}
      <div className={styles.cards}>
        {units.map((row) => (
          <Card key={row.unit.id} data-testid="unit-card">
            <CardHeader
              header={
                <Body1>
                  <b>{row.unit.name}</b>
                </Body1>
              }
              description={
                <div className={styles.roles}>
                  {row.roles.map((r) => (
                    <Badge key={r} appearance="outline">
                      {roleText[r]}
                    </Badge>
                  ))}
                </div>
              }
            />
            {row.agreement ? (
              <>
                <Caption1>
                  {row.agreement.title} · {row.agreement.year}
                </Caption1>
                <div>
                  <StatusBadge group="agreementStatus" value={row.agreement.status} lang={lang} />
                </div>
                <Button appearance="primary" onClick={() => navigate({ view: 'agreement', agreementId: row.agreement!.id })}>
                  {t('open', lang)}
                </Button>
              </>
            ) : (
              <Caption1 className={styles.muted}>{t('noAgreement', lang)}</Caption1>
            )}
            {row.roles.some((r) => r === 'approver' || r === 'leader' || r === 'quality_office') ? (
              <Button appearance="subtle" onClick={() => navigate({ view: 'wheel', unitId: row.unit.id })}>
                {t('navWheel', lang)}
              </Button>
            ) : null}
            {row.roles.includes('quality_office') ? (
              <Button appearance="subtle" onClick={() => navigate({ view: 'setup' })}>
                {t('navSetup', lang)}
              </Button>
            ) : null}
          </Card>
        ))}
      </div>
    </section>
  );
}
