import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  FluentProvider,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  Textarea,
  Title1,
  makeStyles,
  mergeClasses,
  tokens,
  type Theme,
} from '@fluentui/react-components';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AgreementView } from '../../../api/core/services/agreement-view';
import type { MeetingSession, DecisionOutcome } from '../../../api/core/model';
import { formatDate, formatPeriod, label, t, type Locale } from '../../../api/core/i18n/text';
import { openFields } from '../../../api/core/rules/agreement-life';
import { mergeText, movePosition } from '../../../api/core/rules/text-merge';
import { ANALYSIS_WHEEL } from '../analysis-wheel';
import { ApiError } from '../api';
import { CHART_SMALLEST_TEXT_PX, MeasurementChart } from '../components/measurement-chart';
import { PeoplePicker, usePersonNames } from '../components/people-picker';
import { GoalStatusBadge } from '../components/status';
import { useApp, usePermissions, useResource } from '../context';
import { mayShareToStage, shareToStage } from '../teams';
import { Failure, Loading } from '../views/common';
import { followStream, type StreamStatus } from './stream';

/**
 * The tab in a Teams meeting (docs/meetings.md). `sidePanel`: a compact agenda for the 320 px panel — goals with
 * status and what is late, the meeting's decisions — and Share to stage for presenters. `meetingStage`: the review
 * mode, one goal at a time in large type — indicators with their chart against target, actions, the analysis wheel
 * with notes per step, decisions. Both follow one live session (api/core/services/meetings.ts).
 */
export type MeetingFrame = 'sidePanel' | 'meetingStage';

/** The smallest text on the stage, in CSS pixels: captions, labels, badges, the chart's axes. */
export const STAGE_SMALLEST_TEXT_PX = 20;

/**
 * The stage's type, read from the back of a meeting room on a shared screen: Fluent's type ramp moved up so that the
 * smallest text (captions, field labels, badges) is 20 px, running text 22 px, headings 28 px and the goal's title
 * 44 px; and the theme's grey secondary text in its primary text colour, the strongest contrast each theme has
 * (light, dark, high contrast). Given to a FluentProvider inside the app's own, it is merged with the Teams theme in
 * use, so every Fluent control on the stage and every list it opens takes it.
 */
export const STAGE_THEME: Partial<Theme> = {
  fontSizeBase100: `${STAGE_SMALLEST_TEXT_PX}px`,
  fontSizeBase200: `${STAGE_SMALLEST_TEXT_PX}px`,
  fontSizeBase300: '22px',
  fontSizeBase400: '24px',
  fontSizeBase500: '28px',
  fontSizeBase600: '32px',
  fontSizeHero700: '36px',
  fontSizeHero800: '44px',
  fontSizeHero900: '52px',
  lineHeightBase100: '28px',
  lineHeightBase200: '28px',
  lineHeightBase300: '30px',
  lineHeightBase400: '32px',
  lineHeightBase500: '36px',
  lineHeightBase600: '40px',
  lineHeightHero700: '44px',
  lineHeightHero800: '54px',
  lineHeightHero900: '62px',
  colorNeutralForeground2: 'var(--colorNeutralForeground1)',
  colorNeutralForeground3: 'var(--colorNeutralForeground1)',
};

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '320px', boxSizing: 'border-box', overflowWrap: 'anywhere' },
  stage: {
    display: 'flex',
    flexDirection: 'column',
    gap: '28px',
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: '1680px',
    margin: '0 auto',
    padding: '28px 48px 48px',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    overflowWrap: 'break-word',
    '@media (max-width: 799px)': { padding: '16px' },
    // Badges (a goal's status, the live status) have a fixed height for 12 px text in Fluent: here they grow with theirs.
    '& .fui-Badge': { height: 'auto', minHeight: '36px', padding: '4px 14px', gap: '6px' },
    '& .fui-Badge__icon': { fontSize: '24px' },
    '& .fui-Badge__icon svg': { width: '24px', height: '24px' },
    // Fields are as tall as their larger text needs.
    '& .fui-Input, & .fui-Dropdown, & .fui-Combobox': { minHeight: '48px' },
  },
  bar: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '6px' },
  goalButton: { justifyContent: 'flex-start', textAlign: 'left', width: '100%', minHeight: '44px', height: 'auto', whiteSpace: 'normal' },
  goalRow: { display: 'flex', flexDirection: 'column', gap: '2px' },
  // An attendee's goals are plain rows (a presenter's are bordered buttons): a line between them shows where one ends.
  attendeeRow: { paddingBottom: '6px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  // The goal on screen, for attendees (presenters see it as the one filled button): a bar in the brand colour and words.
  currentRow: { borderLeft: `4px solid ${tokens.colorBrandStroke1}`, paddingLeft: '8px' },
  now: { fontWeight: tokens.fontWeightSemibold },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  // On the presenter's current goal (a filled button) red on the brand colour is unreadable: the button's own text
  // colour, the words still saying what is late.
  lateOnBrand: { color: 'inherit' },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 520px), 1fr))', gap: '48px' },
  section: { display: 'flex', flexDirection: 'column', gap: '12px' },
  stageHeading: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, margin: 0 },
  steps: { display: 'flex', flexWrap: 'wrap', gap: '8px', margin: 0, padding: 0, listStyle: 'none', '& > *': { minWidth: '64px' } },
  // An attendee's view of the steps: where the presenter is, not buttons they cannot press.
  stepMark: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minHeight: '44px',
    boxSizing: 'border-box',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  stepHere: { background: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, border: `2px solid ${tokens.colorBrandStroke1}` },
  submit: { alignSelf: 'flex-start' },
  questions: { margin: 0, paddingLeft: '1.2em' },
  decision: { borderLeft: `4px solid ${tokens.colorBrandStroke1}`, paddingLeft: '8px' },
});

/** The session, live: the latest revision the stream brought, and how the stream is doing. */
function useMeetingSession(meetingId: string, agreementId: string) {
  const { api } = useApp();
  const [session, setSession] = useState<MeetingSession | null>(null);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const path = `/meetings/${encodeURIComponent(meetingId)}/agreements/${encodeURIComponent(agreementId)}`;
  useEffect(() => {
    if (!api.open) return;
    const open = api.open;
    const keep = (s: MeetingSession) => setSession((cur) => (cur && cur.id === s.id && cur.revision >= s.revision ? cur : s));
    const stop = followStream(
      (lastEventId, signal) => open(path, { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) }, signal),
      (e) => {
        if (e.event === 'session') keep(JSON.parse(e.data) as MeetingSession);
      },
      (s) => setStatus(s),
    );
    return stop;
  }, [api, path]);
  /** Sends a change; a request that never reached the server is sent again (the change says what, not how much). */
  const send = useCallback(
    async (change: Record<string, unknown>) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const s = await api.send<MeetingSession>('POST', `${path}/changes`, change);
          setSession((cur) => (cur && cur.revision >= s.revision ? cur : s));
          return s;
        } catch (e) {
          if (e instanceof ApiError || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        }
      }
    },
    [api, path],
  );
  return { session, status, send };
}

/** Which agreement the meeting is about: the one named, or the latest of the tab's unit. */
export function MeetingPage({ frame, meetingId, agreementId, unitId }: { frame: MeetingFrame; meetingId: string; agreementId?: string; unitId?: string }) {
  const { data } = useResource<{ items: { id: string; year: number }[] }>(
    !agreementId && unitId ? `/agreements?unitId=${encodeURIComponent(unitId)}&limit=200` : null,
  );
  const id = agreementId ?? (data ? [...data.items].sort((a, b) => b.year - a.year)[0]?.id : undefined);
  const { lang } = useApp();
  if (!agreementId && !unitId) return <Body1>{t('noAgreement', lang)}</Body1>;
  if (!id) return data ? <Body1>{t('noAgreement', lang)}</Body1> : <Loading />;
  return <Meeting frame={frame} meetingId={meetingId} agreementId={id} />;
}

function Meeting({ frame, meetingId, agreementId }: { frame: MeetingFrame; meetingId: string; agreementId: string }) {
  const { lang, inTeams } = useApp();
  const { data: view, error, reload } = useResource<AgreementView>(`/agreements/${encodeURIComponent(agreementId)}/view?recent=12`);
  const { session, status, send } = useMeetingSession(meetingId, agreementId);
  // Presenters lead: Teams says who they are. Outside Teams (a room with a projector) whoever may change leads.
  const [presenter, setPresenter] = useState(!inTeams);
  useEffect(() => {
    if (inTeams) void mayShareToStage().then(setPresenter);
  }, [inTeams]);
  // A decision that became an action shows on the goal: read the agreement again when the session has one more.
  const actionCount = session?.decisions.filter((d) => d.actionId).length ?? 0;
  useEffect(() => {
    if (actionCount) void reload();
  }, [actionCount, reload]);
  const [problem, setProblem] = useState<string | null>(null);
  const act = useCallback(
    async (change: Record<string, unknown>) => {
      try {
        setProblem(null);
        return await send(change);
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
        return null;
      }
    },
    [send],
  );
  // A proposed change is carried into the agreement's next version by whoever may change the agreement (a leader):
  // lifecycle's openNewVersion on an approved agreement, the open draft otherwise (services/meetings.ts).
  const perms = usePermissions(view?.agreement.unitId);
  const carry =
    view && perms?.write.agreement.update && ['approved', 'in_effect', 'draft'].includes(view.agreement.status)
      ? async (decisionId: string) => {
          if (await act({ type: 'carry', decisionId, agreementRevision: view.agreement.revision })) await reload();
        }
      : undefined;
  if (error) return <Failure error={error} retry={reload} />;
  if (!view) return <Loading />;
  const common = { view, session, status, presenter, act, send, carry, problem, lang, meetingId };
  return frame === 'meetingStage' ? <Stage {...common} /> : <SidePanel {...common} />;
}

type Props = {
  view: AgreementView;
  session: MeetingSession | null;
  status: StreamStatus;
  presenter: boolean;
  act: (change: Record<string, unknown>) => Promise<MeetingSession | null>;
  /** The change sent as it is: its refusal (an ApiError) comes back to the caller. */
  send: (change: Record<string, unknown>) => Promise<MeetingSession>;
  /** Carries a proposed change into the agreement's next version; absent for who may not, or while it awaits approval. */
  carry?: (decisionId: string) => Promise<void>;
  problem: string | null;
  lang: Locale;
  meetingId: string;
};

const lateOf = (view: AgreementView, goalId: string) =>
  view.indicatorSummaries
    .filter((s) => view.indicators.some((i) => i.id === s.indicatorId && i.goalId === goalId))
    .reduce((n, s) => n + s.latePeriods.length, 0);

function LiveStatus({ status, lang }: { status: StreamStatus; lang: Locale }) {
  return (
    <Badge
      appearance={status === 'open' ? 'filled' : 'outline'}
      color={status === 'open' ? 'success' : status === 'closed' ? 'danger' : 'informative'}
      role="status"
    >
      {t(`meetingStatus.${status}`, lang)}
    </Badge>
  );
}

function Problem({ text }: { text: string | null }) {
  return text ? (
    <MessageBar intent="error">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  ) : null;
}

function SidePanel({ view, session, status, presenter, act, carry, problem, lang }: Props) {
  const styles = useStyles();
  const { inTeams } = useApp();
  const [shared, setShared] = useState<string | null>(null);
  const share = async () => {
    const url = new URL('/tab/', location.origin);
    url.searchParams.set('agreement', view.agreement.id);
    try {
      await shareToStage(url.toString());
      setShared(t('meetingSharedToStage', lang));
    } catch (e) {
      setShared(t('meetingShareFailed', lang, { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  const open = session?.decisions.filter((d) => d.outcome !== 'record') ?? [];
  return (
    <div className={styles.panel} data-testid="meeting-side-panel">
      <header className={styles.bar}>
        <Subtitle1 as="h1" className={styles.grow}>
          {view.agreement.title}
        </Subtitle1>
        <LiveStatus status={status} lang={lang} />
      </header>
      {inTeams && presenter && (
        <Button appearance="primary" onClick={() => void share()}>
          {t('meetingShareToStage', lang)}
        </Button>
      )}
      {shared && <Caption1 role="status">{shared}</Caption1>}
      <Problem text={problem} />
      <section aria-labelledby="agenda-title" className={styles.section}>
        <Subtitle1 as="h2" id="agenda-title">
          {t('meetingAgenda', lang)}
        </Subtitle1>
        <ol className={styles.list}>
          {view.goals.map((g) => {
            const late = lateOf(view, g.id);
            const current = session?.goalId === g.id;
            const body = (
              <span className={mergeClasses(styles.goalRow, current && !presenter && styles.currentRow)}>
                {current && <span className={styles.now}>{t('meetingNow', lang)}</span>}
                <span>
                  {g.number ? `${g.number}. ` : ''}
                  {g.title}
                </span>
                <span className={styles.bar}>
                  <GoalStatusBadge status={g.status} scale={view.fulfilmentScale} lang={lang} />
                  {late > 0 && (
                    <span className={mergeClasses(styles.late, current && presenter && styles.lateOnBrand)}>{t('meetingLate', lang, { count: late })}</span>
                  )}
                </span>
              </span>
            );
            return (
              <li key={g.id} data-testid="agenda-goal" aria-current={current ? 'step' : undefined} className={presenter ? undefined : styles.attendeeRow}>
                {presenter ? (
                  <Button
                    className={styles.goalButton}
                    appearance={current ? 'primary' : 'secondary'}
                    aria-label={`${t('meetingShow', lang)}: ${g.title}`}
                    onClick={() => void act({ type: 'show', goalId: g.id, step: 0 })}
                  >
                    {body}
                  </Button>
                ) : (
                  body
                )}
              </li>
            );
          })}
        </ol>
      </section>
      <section aria-labelledby="open-decisions" className={styles.section}>
        <Subtitle1 as="h2" id="open-decisions">
          {t('meetingOpenDecisions', lang)}
        </Subtitle1>
        <Decisions decisions={open} lang={lang} carry={carry} />
      </section>
    </div>
  );
}

function Decisions({ decisions, lang, carry }: { decisions: MeetingSession['decisions']; lang: Locale; carry?: Props['carry'] }) {
  const styles = useStyles();
  const names = usePersonNames(decisions.flatMap((d) => (d.ownerId ? [d.ownerId] : [])));
  if (!decisions.length) return <Caption1>{t('meetingNoDecisions', lang)}</Caption1>;
  return (
    <ul className={styles.list} data-testid="meeting-decisions">
      {decisions.map((d) => (
        <li key={d.id} className={styles.decision} data-testid="meeting-decision">
          <Body1>{d.text}</Body1>
          <br />
          <Caption1>
            {t(`meetingOutcome.${d.outcome}`, lang)}
            {d.dueDate ? ` · ${t('due', lang)} ${formatDate(d.dueDate, lang)}` : ''}
            {d.ownerId ? ` · ${t('owner', lang)}: ${names.get(d.ownerId)?.displayName ?? t('unnamedPerson', lang)}` : ''}
            {d.carriedIntoVersion ? ` · ${t('meetingCarried', lang, { version: d.carriedIntoVersion })}` : ''}
          </Caption1>
          {carry && d.outcome === 'change' && !d.carriedIntoVersion && (
            <div>
              <Button size="small" onClick={() => void carry(d.id)}>
                {t('meetingCarry', lang)}
              </Button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function Stage({ view, session, status, presenter, act, send, carry, problem, lang }: Props) {
  const styles = useStyles();
  const goals = view.goals;
  const index = Math.max(
    0,
    goals.findIndex((g) => g.id === session?.goalId),
  );
  const goal = goals[index];
  const step = session?.step ?? 0;
  if (!goal) return <Body1>{t('noAgreement', lang)}</Body1>;
  const move = (to: number) => {
    const next = goals[to];
    if (next) void act({ type: 'show', goalId: next.id, step: 0 });
  };
  const indicators = view.indicators.filter((i) => i.goalId === goal.id);
  const actions = view.actions.filter((a) => a.goalId === goal.id);
  return (
    // The stage fills the screen Teams gives it (a style, not a class: Fluent copies the provider's classes onto the
    // layer where lists open, and a full-height class there covered the page); the review sits in its middle.
    <FluentProvider theme={STAGE_THEME} style={{ minHeight: '100vh' }}>
      <article className={styles.stage} data-testid="meeting-stage" aria-labelledby="stage-goal">
        <header className={styles.bar}>
          <Body1 className={styles.grow}>
            {view.agreement.title} · {t('meetingGoalOf', lang, { n: index + 1, total: goals.length })}
          </Body1>
          <LiveStatus status={status} lang={lang} />
          {presenter && (
            <>
              <Button size="large" disabled={index === 0} onClick={() => move(index - 1)}>
                {t('meetingPrevious', lang)}
              </Button>
              <Button size="large" appearance="primary" disabled={index >= goals.length - 1} onClick={() => move(index + 1)}>
                {t('meetingNext', lang)}
              </Button>
            </>
          )}
        </header>
        <Problem text={problem} />
        <div className={styles.bar}>
          <Title1 as="h1" id="stage-goal" className={styles.stageHeading}>
            {goal.number ? `${goal.number}. ` : ''}
            {goal.title}
          </Title1>
          <GoalStatusBadge status={goal.status} scale={view.fulfilmentScale} lang={lang} />
        </div>
        <div className={styles.columns}>
          <section className={styles.section} aria-labelledby="stage-indicators">
            <Subtitle1 as="h2" id="stage-indicators">
              {t('indicators', lang)}
            </Subtitle1>
            {indicators.length === 0 && <Body1>–</Body1>}
            {indicators.map((i) => (
              <MeasurementChart
                key={i.id}
                lang={lang}
                title={`${i.name}: ${t('chartTitle', lang)}`}
                points={view.measurements.filter((m) => m.indicatorId === i.id).map((m) => ({ period: m.period, value: m.value, label: m.label }))}
                indicator={i}
                scale={STAGE_SMALLEST_TEXT_PX / CHART_SMALLEST_TEXT_PX}
              />
            ))}
            <Subtitle1 as="h2">{t('actions', lang)}</Subtitle1>
            {actions.length === 0 ? (
              <Body1>{t('meetingNoActions', lang)}</Body1>
            ) : (
              <ul data-testid="stage-actions">
                {actions.map((a) => (
                  <li key={a.id}>
                    {a.text}{' '}
                    <Caption1>
                      ({label('actionStatus', a.status, lang)}
                      {a.dueDate ? ` · ${formatDate(a.dueDate, lang)}` : ''})
                    </Caption1>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <AnalysisWheel goalId={goal.id} step={step} session={session} presenter={presenter} act={act} send={send} lang={lang} view={view} />
        </div>
        <DecisionForm key={goal.id} goalId={goal.id} view={view} act={act} lang={lang} />
        <section className={styles.section} aria-labelledby="stage-decisions">
          <Subtitle1 as="h2" id="stage-decisions">
            {t('meetingDecisions', lang)}
          </Subtitle1>
          <Decisions decisions={session?.decisions.filter((d) => d.goalId === goal.id) ?? []} lang={lang} carry={carry} />
        </section>
      </article>
    </FluentProvider>
  );
}

/** Österåker's analysis wheel for the goal: the step open for everyone, its guiding questions, notes per step, the goal's measurements beside them. */
function AnalysisWheel(props: {
  goalId: string;
  step: number;
  session: MeetingSession | null;
  presenter: boolean;
  act: Props['act'];
  send: Props['send'];
  lang: Locale;
  view: AgreementView;
}) {
  const { goalId, step, session, presenter, act, send, lang, view } = props;
  const styles = useStyles();
  const current = ANALYSIS_WHEEL[step - 1];
  const note = session?.notes.find((n) => n.goalId === goalId && n.step === step);
  const latest = useMemo(
    () =>
      view.indicatorSummaries
        .filter((s) => view.indicators.some((i) => i.id === s.indicatorId && i.goalId === goalId) && s.latestPeriod)
        .map((s) => `${view.indicators.find((i) => i.id === s.indicatorId)!.name}: ${s.latestValue} (${formatPeriod(s.latestPeriod!, lang)})`),
    [view, goalId, lang],
  );
  return (
    <section className={styles.section} aria-labelledby="stage-wheel">
      <Subtitle1 as="h2" id="stage-wheel">
        {t('analysisWheel', lang)}
      </Subtitle1>
      {presenter ? (
        <div className={styles.steps} role="group" aria-label={t('meetingStep', lang)}>
          {ANALYSIS_WHEEL.map((s, i) => (
            <Button
              key={i}
              appearance={step === i + 1 ? 'primary' : 'secondary'}
              aria-pressed={step === i + 1}
              title={s.step[lang]}
              onClick={() => void act({ type: 'show', goalId, step: i + 1 })}
            >
              {i + 1}
            </Button>
          ))}
        </div>
      ) : (
        <ol className={styles.steps} aria-label={t('meetingStep', lang)}>
          {ANALYSIS_WHEEL.map((s, i) => (
            <li
              key={i}
              className={mergeClasses(styles.stepMark, step === i + 1 && styles.stepHere)}
              aria-current={step === i + 1 ? 'step' : undefined}
              title={s.step[lang]}
            >
              {i + 1}
            </li>
          ))}
        </ol>
      )}
      {current && (
        <>
          <Body1 as="h3" style={{ fontWeight: tokens.fontWeightSemibold, margin: 0 }}>
            {current.step[lang]}
          </Body1>
          {current.questions[lang].length > 0 && (
            <ul className={styles.questions}>
              {current.questions[lang].map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          )}
          {latest.length > 0 && <Caption1>{latest.join(' · ')}</Caption1>}
        </>
      )}
      <NoteField
        key={`${goalId}:${step}`}
        label={current ? t('meetingNotesFor', lang, { step: current.step[lang] }) : t('meetingGoalNotes', lang)}
        goalId={goalId}
        step={step}
        revision={note?.revision ?? 0}
        text={note?.text ?? ''}
        send={send}
      />
    </section>
  );
}

/** How long typing pauses before a note is saved: short enough that the others read along, long enough to send words, not letters. */
export const NOTE_SAVE_DELAY_MS = 400;

/**
 * A note per goal and analysis step, saved as it is typed (once typing pauses, and at once on leaving the field) and
 * updated live when someone else writes it. Each write names the note's revision it was typed on: the server refuses
 * a write on an older one (409, with the note as it stands), and the writer's text is merged with the other's
 * (mergeText) and sent again. An update arriving while someone types is merged into their text the same way, and
 * their cursor moves with the text in front of it: nobody's words are written over.
 */
function NoteField({
  label,
  goalId,
  step,
  revision,
  text,
  send,
}: {
  label: string;
  goalId: string;
  step: number;
  revision: number;
  text: string;
  send: Props['send'];
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState(text);
  const [failed, setFailed] = useState<string | null>(null);
  const state = useRef({
    draft: text,
    base: { revision, text },
    sent: null as string | null,
    busy: false,
    again: false,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  });
  const selection = useRef<[number, number] | null>(null);
  /** Puts another text in the field, keeping the writer's cursor where their words are. */
  const replace = useCallback((next: string) => {
    const el = ref.current;
    const before = state.current.draft;
    if (el && el.ownerDocument.activeElement === el)
      selection.current = [movePosition(el.selectionStart, before, next), movePosition(el.selectionEnd, before, next)];
    state.current.draft = next;
    setDraft(next);
  }, []);
  useLayoutEffect(() => {
    if (selection.current && ref.current) ref.current.setSelectionRange(...selection.current);
    selection.current = null;
  }, [draft]);
  const save = useCallback(async (): Promise<void> => {
    const s = state.current;
    clearTimeout(s.timer);
    if (s.busy) {
      s.again = true;
      return;
    }
    if (s.draft === s.base.text) return;
    s.busy = true;
    s.sent = s.draft;
    try {
      const session = await send({ type: 'note', goalId, step, text: s.sent, baseRevision: s.base.revision });
      const saved = session.notes.find((n) => n.goalId === goalId && n.step === step);
      if (saved && saved.revision > s.base.revision) s.base = { revision: saved.revision, text: saved.text };
      setFailed(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Someone else wrote the note first: merge with theirs and write again on their revision.
        const theirs = (e.current as { revision?: number; text?: string } | undefined) ?? {};
        const merged = mergeText(s.base.text, s.draft, theirs.text ?? '');
        s.base = { revision: theirs.revision ?? 0, text: theirs.text ?? '' };
        if (merged !== s.draft) replace(merged);
        s.again = true;
      } else setFailed(e instanceof Error ? e.message : String(e));
    } finally {
      s.busy = false;
      s.sent = null;
      if (s.again) {
        s.again = false;
        void save();
      }
    }
  }, [send, goalId, step, replace]);
  const schedule = useCallback(() => {
    clearTimeout(state.current.timer);
    state.current.timer = setTimeout(() => void save(), NOTE_SAVE_DELAY_MS);
  }, [save]);
  // Another participant's write, live: taken as it is when this writer has nothing unsaved, else merged into their text.
  useEffect(() => {
    const s = state.current;
    if (revision <= s.base.revision) return;
    const incoming = { revision, text };
    if (s.sent !== null && text === s.sent) {
      s.base = incoming; // this writer's own write, back through the stream before its answer
      return;
    }
    const merged = s.draft === s.base.text ? text : mergeText(s.base.text, s.draft, text);
    s.base = incoming;
    if (merged !== s.draft) replace(merged);
    if (merged !== text) schedule();
  }, [revision, text, replace, schedule]);
  // Leaving the step or the goal (the presenter moved on) saves what was typed.
  useEffect(() => () => void save(), [save]);
  return (
    <Field label={label} validationState={failed ? 'error' : 'none'} validationMessage={failed ?? undefined}>
      <Textarea
        ref={ref}
        value={draft}
        resize="vertical"
        rows={4}
        onChange={(_, d) => {
          state.current.draft = d.value;
          setDraft(d.value);
          schedule();
        }}
        onBlur={() => void save()}
      />
    </Field>
  );
}

function DecisionForm({ goalId, view, act, lang }: { goalId: string; view: AgreementView; act: Props['act']; lang: Locale }) {
  const styles = useStyles();
  const perms = usePermissions(view.agreement.unitId);
  const actionsOpen = !!perms?.write.action.create && openFields(view.agreement.status, 'action') === 'all';
  const outcomes: DecisionOutcome[] = actionsOpen ? ['action', 'change', 'record'] : ['change', 'record'];
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<DecisionOutcome>(outcomes[0]!);
  const [ownerId, setOwnerId] = useState<string>('');
  const [dueDate, setDueDate] = useState('');
  if (!perms?.readDraft) return null;
  const submit = async () => {
    const done = await act({
      type: 'decide',
      id: globalThis.crypto.randomUUID(),
      goalId,
      text,
      outcome,
      ...(outcome === 'action' ? { ownerId: ownerId || null, dueDate: dueDate || null } : {}),
    });
    if (done) setText('');
  };
  return (
    <form
      className={styles.section}
      aria-labelledby="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Subtitle1 as="h2" id="decision-form">
        {t('meetingRecordDecision', lang)}
      </Subtitle1>
      <Field label={t('meetingDecision', lang)} required>
        <Input value={text} onChange={(_, d) => setText(d.value)} />
      </Field>
      <div className={styles.bar}>
        <Field label={t('meetingBecomes', lang)}>
          <Dropdown
            value={t(`meetingOutcome.${outcome}`, lang)}
            selectedOptions={[outcome]}
            onOptionSelect={(_, d) => d.optionValue && setOutcome(d.optionValue as DecisionOutcome)}
          >
            {outcomes.map((o) => (
              <Option key={o} value={o}>
                {t(`meetingOutcome.${o}`, lang)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {outcome === 'action' && (
          <>
            <PeoplePicker label={t('owner', lang)} single value={ownerId ? [ownerId] : []} onChange={(ids) => setOwnerId(ids[0] ?? '')} />
            <Field label={t('due', lang)} required>
              <Input type="date" value={dueDate} onChange={(_, d) => setDueDate(d.value)} />
            </Field>
          </>
        )}
      </div>
      <Button type="submit" appearance="primary" className={styles.submit} disabled={!text.trim()}>
        {t('meetingRecordDecision', lang)}
      </Button>
    </form>
  );
}
