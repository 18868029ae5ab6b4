import { Clock16Regular, Warning16Regular } from '@fluentui/react-icons';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import type { Action, Goal, Indicator, Measurement } from '../../../api/core/model';
import type { AgreementView, MeasurementPoint } from '../../../api/core/services/agreement-view';
import { ApiError } from '../api';
import { ConflictDialog } from '../components/conflict-dialog';
import { MeasurementChart } from '../components/measurement-chart';
import { loadMeasurements, ReportMeasurement } from '../components/report-measurement';
import { GoalStatusBadge, StatusBadge, StepBadge } from '../components/status';
import { useApp, usePermissions, useResource } from '../context';
import { openFields } from '../../../api/core/rules/agreement-life';
import type { DocumentKind } from '../../../api/core/entities';
import { Author } from '../authoring';
import {
  formatDate,
  formatMeasured,
  formatPeriod,
  formatReportedPeriod,
  formatTarget,
  formatValue,
  label,
  monthName,
  t,
  type Locale,
} from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { provenanceText } from './key-figures';
import { ANALYSIS_WHEEL } from '../analysis-wheel';
import { parseNumber } from '../../../api/core/i18n/text';

export { parseNumber };

const POINTS = ['focusPoints', 'goal', 'signsAndIndicators', 'actionPlan', 'evaluationAndDocumentation', 'resources', 'results', 'followUpProposals'] as const;
const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '20px' },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '12px' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px' },
  prose: { whiteSpace: 'pre-wrap', maxWidth: '80ch', margin: 0 },
  point: { display: 'flex', flexDirection: 'column', gap: '4px' },
  indicator: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    '@media (max-width: 799px)': { gridTemplateColumns: 'minmax(0, 1fr)', padding: '8px' },
    gap: '16px',
    alignItems: 'start',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  form: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  muted: { color: tokens.colorNeutralForeground3 },
  dl: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: 0 },
  history: { gridColumn: '1 / -1' },
  indicatorText: { display: 'flex', flexDirection: 'column', gap: '8px', minWidth: 0 },
});

type Conflict = { mine: string; theirs: string; keepMine: () => Promise<void>; takeTheirs: () => void };

/** One goal: the eight points, actions, success criteria, indicators with their measurements against target. */
export function GoalPage({ agreementId, goalId }: { agreementId: string; goalId: string }) {
  const { lang, navigate, api } = useApp();
  const styles = useStyles();
  const { data: v, error, reload } = useResource<AgreementView>(`/agreements/${encodeURIComponent(agreementId)}/view?recent=24`);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const perms = usePermissions(v?.agreement.unitId);
  if (error) return <Failure error={error} retry={reload} />;
  if (!v) return <Loading />;
  /** What the person may write here now: their rights (from the core) and what the agreement's state leaves open. */
  const may = (kind: DocumentKind, op: 'create' | 'update' | 'delete') => !!perms?.write[kind][op] && openFields(v.agreement.status, kind) === 'all';
  const goal = v.goals.find((g) => g.id === goalId);
  if (!goal) return <Failure error={new Error(`${t('goal', lang)} ${goalId}`)} />;

  /** Saves a change; on a conflict shows both versions and lets the user choose. */
  const save = async <T extends { revision: number }>(
    path: string,
    revision: number,
    body: Record<string, unknown>,
    describe: (rec: T) => string,
    mine: string,
  ) => {
    try {
      await api.send('PATCH', path, body, revision);
      setNotice(t('saved', lang));
      await reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) {
        const current = e.current as T;
        setConflict({
          mine,
          theirs: describe(current),
          keepMine: async () => {
            setConflict(null);
            await api.send('PATCH', path, body, current.revision);
            setNotice(t('saved', lang));
            await reload();
          },
          takeTheirs: () => {
            setConflict(null);
            void reload();
          },
        });
      } else setNotice(e instanceof Error ? e.message : String(e));
    }
  };

  const actions = v.actions.filter((a) => a.goalId === goal.id);
  const criteria = v.successCriteria.filter((c) => c.goalId === goal.id);
  const indicators = v.indicators.filter((i) => i.goalId === goal.id);
  return (
    <article className={styles.page} aria-labelledby="goal-title">
      <Link onClick={() => navigate({ view: 'agreement', agreementId })}>← {v.agreement.title}</Link>
      <header className={styles.head}>
        <Title2 as="h1" id="goal-title">
          {goal.number ? `${goal.number}. ` : ''}
          {goal.title}
        </Title2>
        <GoalStatusBadge status={goal.status} scale={v.fulfilmentScale} lang={lang} />
        {goal.kind && <Caption1>{label('goalKind', goal.kind, lang)}</Caption1>}
        {perms && may('goal', 'update') && (
          // Deleting the goal is offered on the agreement, where the goal list stays in view.
          <Author.GoalTools
            agreement={v.agreement}
            unit={v.unit}
            goal={goal}
            group={[goal]}
            goals={v.goals}
            parentGoals={v.parentGoals}
            perms={{ ...perms, write: { ...perms.write, goal: { ...perms.write.goal, delete: false } } }}
            onChanged={reload}
          />
        )}
      </header>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {goal.description && (
        <p className={styles.prose} data-testid="goal-description">
          {goal.description}
        </p>
      )}
      <Body1>
        {t('followUpMonths', lang)}: {goal.followUpMonths.length ? goal.followUpMonths.map((m) => monthName(m, lang)).join(', ') : '–'}
      </Body1>
      {goal.followUpText && <p className={styles.prose}>{goal.followUpText}</p>}

      <section className={styles.section} aria-labelledby="g-points">
        <Subtitle1 as="h2" id="g-points">
          {t('goal', lang)}
        </Subtitle1>
        {POINTS.map((p) => (
          <PointEditor
            key={p}
            lang={lang}
            title={label('schemaPoint', p, lang)}
            text={goal.schema[p] ?? ''}
            onSave={(text) => save<Goal>(`/goals/${goal.id}`, goal.revision, { schema: { ...goal.schema, [p]: text } }, (cur) => cur.schema[p] ?? '', text)}
          />
        ))}
      </section>

      <section className={styles.section} aria-labelledby="g-actions">
        <Subtitle1 as="h2" id="g-actions">
          {t('actions', lang)}
        </Subtitle1>
        {actions.length === 0 && <Caption1>–</Caption1>}
        {actions.length > 0 && (
          <Table size="small" aria-label={t('actions', lang)}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('actions', lang)}</TableHeaderCell>
                <TableHeaderCell>{t('owner', lang)}</TableHeaderCell>
                <TableHeaderCell>{t('due', lang)}</TableHeaderCell>
                <TableHeaderCell>{t('status', lang)}</TableHeaderCell>
                {(may('action', 'update') || may('action', 'delete')) && (
                  <TableHeaderCell>
                    <span className={styles.muted}>{t('edit', lang)}</span>
                  </TableHeaderCell>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {actions.map((a) => (
                <TableRow key={a.id} data-testid="action-row">
                  <TableCell style={{ whiteSpace: 'pre-wrap' }}>{a.text}</TableCell>
                  <TableCell data-label={t('owner', lang)}>{a.ownerText ?? a.ownerId ?? '–'}</TableCell>
                  <TableCell data-label={t('due', lang)}>{a.dueDate ? formatDate(a.dueDate, lang) : '–'}</TableCell>
                  <TableCell data-label={t('status', lang)}>
                    <Dropdown
                      aria-label={`${t('status', lang)}: ${a.text.slice(0, 40)}`}
                      value={label('actionStatus', a.status, lang)}
                      selectedOptions={[a.status]}
                      onOptionSelect={(_, d) =>
                        d.optionValue &&
                        d.optionValue !== a.status &&
                        void save<Action>(
                          `/actions/${a.id}`,
                          a.revision,
                          { status: d.optionValue },
                          (cur) => label('actionStatus', cur.status, lang),
                          label('actionStatus', d.optionValue, lang),
                        )
                      }
                    >
                      {ACTION_STATUSES.map((s) => (
                        <Option key={s} value={s}>
                          {label('actionStatus', s, lang)}
                        </Option>
                      ))}
                    </Dropdown>
                  </TableCell>
                  {perms && (may('action', 'update') || may('action', 'delete')) && (
                    <TableCell>
                      <Author.ActionTools goal={goal} action={a} actions={actions} perms={perms} onChanged={reload} />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {perms && may('action', 'create') && <Author.AddAction goal={goal} actions={actions} perms={perms} onChanged={reload} />}
      </section>

      {(v.agreement.status === 'year_end' || v.agreement.status === 'in_effect') && (
        <details className={styles.section}>
          <summary>{t('analysisWheel', lang)}</summary>
          {ANALYSIS_WHEEL.map((s) => (
            <div key={s.step.en}>
              <Subtitle2 as="h3">{s.step[lang]}</Subtitle2>
              <ul>
                {s.questions[lang].map((q) => (
                  <li key={q}>{q}</li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      )}

      {(criteria.length > 0 || may('successCriterion', 'create')) && (
        <section className={styles.section} aria-labelledby="g-criteria">
          <Subtitle1 as="h2" id="g-criteria">
            {t('successCriteria', lang)}
          </Subtitle1>
          <ul>
            {criteria.map((c) => (
              <li key={c.id} data-testid="criterion">
                {c.kind ? `${label('goalKind', c.kind, lang)}: ` : ''}
                {c.text}
                {perms && (may('successCriterion', 'update') || may('successCriterion', 'delete')) && (
                  <>
                    {' '}
                    <Author.CriterionTools goal={goal} criterion={c} criteria={criteria} perms={perms} onChanged={reload} />
                  </>
                )}
              </li>
            ))}
          </ul>
          {perms && may('successCriterion', 'create') && <Author.AddCriterion goal={goal} criteria={criteria} perms={perms} onChanged={reload} />}
        </section>
      )}

      {(indicators.length > 0 || may('indicator', 'create')) && (
        <section className={styles.section} aria-labelledby="g-indicators">
          <Subtitle1 as="h2" id="g-indicators">
            {t('indicators', lang)}
          </Subtitle1>
          {indicators.map((i) => (
            <Fragment key={i.id}>
              {perms && (may('indicator', 'update') || may('indicator', 'delete')) && (
                <Author.IndicatorTools goal={goal} indicator={i} indicators={indicators} perms={perms} onChanged={reload} />
              )}
              <IndicatorPanel indicator={i} view={v} measurements={v.measurements.filter((m) => m.indicatorId === i.id)} onSaved={reload} />
            </Fragment>
          ))}
          {perms && may('indicator', 'create') && <Author.AddIndicator goal={goal} indicators={indicators} perms={perms} onChanged={reload} />}
        </section>
      )}
      {conflict && (
        <ConflictDialog
          lang={lang}
          mine={conflict.mine}
          theirs={conflict.theirs}
          onKeepMine={() => void conflict.keepMine()}
          onTakeTheirs={conflict.takeTheirs}
        />
      )}
    </article>
  );
}

function PointEditor({ lang, title, text, onSave }: { lang: Locale; title: string; text: string; onSave: (text: string) => Promise<void> }) {
  const styles = useStyles();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  return (
    <div className={styles.point}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {editing ? (
        <>
          <Textarea aria-label={title} value={draft} onChange={(_, d) => setDraft(d.value)} resize="vertical" rows={5} />
          <div className={styles.form}>
            <Button
              appearance="primary"
              onClick={async () => {
                await onSave(draft);
                setEditing(false);
              }}
            >
              {t('save', lang)}
            </Button>
            <Button
              onClick={() => {
                setDraft(text);
                setEditing(false);
              }}
            >
              {t('cancel', lang)}
            </Button>
          </div>
        </>
      ) : (
        <div>
          <p className={styles.prose}>{text || '–'}</p>
          <Button
            size="small"
            onClick={() => {
              setDraft(text);
              setEditing(true);
            }}
            aria-label={`${t('edit', lang)}: ${title}`}
          >
            {t('edit', lang)}
          </Button>
        </div>
      )}
    </div>
  );
}

function IndicatorPanel({
  indicator: i,
  view,
  measurements,
  onSaved,
}: {
  indicator: Indicator;
  view: AgreementView;
  measurements: MeasurementPoint[];
  onSaved: () => Promise<void>;
}) {
  const { lang } = useApp();
  const styles = useStyles();
  const summary = view.indicatorSummaries.find((s) => s.indicatorId === i.id);
  const step = view.fulfilmentScale.find((s) => s.key === view.indicatorSteps[i.id]);
  const periods = summary?.periods ?? [];
  // The periods open for a value: late and due first (the oldest is offered), then those still running.
  const open = [...periods.filter((p) => p.state === 'late' || p.state === 'due'), ...periods.filter((p) => p.state === 'upcoming')].map((p) => ({
    period: p.period,
    state: p.state as 'late' | 'due' | 'upcoming',
  }));
  return (
    <div className={styles.indicator} data-testid="indicator">
      <div className={styles.indicatorText}>
        <Subtitle2 as="h3">{i.name}</Subtitle2>
        <div className={styles.form}>
          {step ? <StepBadge step={step} lang={lang} /> : <StatusBadge group="track" value={summary?.track ?? 'no_data'} lang={lang} />}
          {summary && summary.latePeriods.length > 0 && (
            <Badge appearance="tint" color="danger" icon={<Warning16Regular />} data-testid="late-count">
              {t('latePeriods', lang, { n: summary.latePeriods.length })}
            </Badge>
          )}
          {summary && summary.duePeriods.length > 0 && (
            <Badge appearance="tint" color="warning" icon={<Clock16Regular />}>
              {t('duePeriods', lang, { n: summary.duePeriods.length })}
            </Badge>
          )}
        </div>
        <dl className={styles.dl}>
          <dt>{t('latest', lang)}</dt>
          <dd data-testid="latest">
            {summary?.latestValue != null ? `${formatValue(summary.latestValue, i.unitOfMeasure, lang)} (${formatPeriod(summary.latestPeriod!, lang)})` : '–'}
          </dd>
          <dt>{t('target', lang)}</dt>
          <dd data-testid="target">{formatTarget(i, lang)}</dd>
          <dt>{t('baseline', lang)}</dt>
          <dd>{i.baseline !== null ? formatValue(i.baseline, i.unitOfMeasure, lang) : '–'}</dd>
          {i.dataSource && (
            <>
              <dt>{t('dataSource', lang)}</dt>
              <dd>{i.dataSource}</dd>
            </>
          )}
          <dt>{t('measureType', lang)}</dt>
          <dd>{label('measureType', i.measureType, lang)}</dd>
        </dl>
        <ReportMeasurement indicator={i} open={open} onSaved={onSaved} autoFocus={false} />
      </div>
      <MeasurementChart
        lang={lang}
        title={`${t('chartTitle', lang)}: ${i.name}`}
        indicator={i}
        points={measurements.map((m) => ({ period: m.period, value: m.value, label: m.label }))}
      />
      <MeasurementHistory indicator={i} />
    </div>
  );
}

/**
 * Every measurement of an indicator with comments, who entered it and the values it replaced: loaded only
 * when opened (the agreement view carries the values alone).
 */
function MeasurementHistory({ indicator: i }: { indicator: Indicator }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const [rows, setRows] = useState<Measurement[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const load = async () => {
    try {
      setRows(await loadMeasurements(api, i.id));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <details className={styles.history} onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && rows === null && void load()}>
      <summary>{t('measurementHistory', lang)}</summary>
      {error ? (
        <Failure error={error} />
      ) : rows === null ? (
        <Loading />
      ) : !rows.length ? (
        <Body1>{t('noMeasurements', lang)}</Body1>
      ) : (
        <Table size="small" aria-label={`${t('measurementHistory', lang)}: ${i.name}`} data-testid="measurement-history">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('period', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('value', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('comment', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('enteredBy', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('earlierValues', lang)}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((m) => (
              <TableRow key={m.id}>
                <TableCell>{formatReportedPeriod(m, lang)}</TableCell>
                <TableCell data-label={t('value', lang)} data-testid="history-value">
                  {formatMeasured(m.value, i.unitOfMeasure, lang)}
                </TableCell>
                <TableCell data-label={t('comment', lang)}>{m.comment ?? '–'}</TableCell>
                <TableCell data-label={t('enteredBy', lang)}>
                  {m.keyFigure
                    ? provenanceText(m.keyFigure, lang)
                    : m.enteredAt
                      ? `${m.enteredBy ?? ''}, ${formatDate(m.enteredAt, lang)}`
                      : m.document
                        ? t('takenFrom', lang, { document: m.document })
                        : t('imported', lang)}
                </TableCell>
                <TableCell data-label={t('earlierValues', lang)}>
                  {m.history.length ? m.history.map((h) => formatMeasured(h.value, '', lang)).join(', ') : '–'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </details>
  );
}
