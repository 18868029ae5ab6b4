import { Body1, Button, Caption1, Checkbox, Field, Input, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { AgreementView } from '../../../api/core/services/agreement-view';
import type { WheelView } from '../../../api/core/services/wheel';
import { localText, t } from '../../../api/core/i18n/text';
import { dialogueStakeholders, teamsMeetingLink, zonedIsoDateTime, type Stakeholder } from '../../../api/core/rules/dialogue-meeting';
import { usePersonNames } from '../components/people-picker';
import { useApp, useResource } from '../context';
import { openTeamsLink } from '../teams';
import { Loading } from '../views/common';

/**
 * From the annual wheel to the Teams meeting (docs/meetings.md): a dialogue-meeting event of the wheel offers to
 * schedule the meeting. The invitation list is the dialogue map's stakeholders for the unit's agreement of the
 * event's year — people with an e-mail address in the people store go into the link's attendees, offices and
 * people without one are named to be invited by hand. The link is Teams' scheduling deep link; inside Teams it is
 * opened through teams-js (app.openLink), in a browser as a link.
 */

type WheelEventView = WheelView['events'][number];

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '8px', padding: '8px 0 8px 12px', borderLeft: `2px solid ${tokens.colorNeutralStroke1}`, minWidth: 0 },
  times: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  wrap: { overflowWrap: 'anywhere' },
});

/** The button that opens the planner under a dialogue-meeting event. */
export function PlanMeetingButton({ event, unitId }: { event: WheelEventView; unitId: string }) {
  const { lang } = useApp();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <Button size="small" appearance="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('meetingPlan', lang)}
      </Button>
      {open && <MeetingPlanner event={event} unitId={unitId} />}
    </div>
  );
}

/** The first weekday (Monday to Friday) of a month: the default day of an event the wheel gives by month. */
function firstWeekday(year: number, month: number): string {
  for (let d = 1; ; d++) {
    const day = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if (day !== 0 && day !== 6) return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
}

function MeetingPlanner({ event, unitId }: { event: WheelEventView; unitId: string }) {
  const { lang } = useApp();
  const list = useResource<{ items: { id: string; year: number }[] }>(`/agreements?unitId=${encodeURIComponent(unitId)}&limit=200`);
  const agreementId = list.data?.items.find((a) => a.year === event.year)?.id;
  const view = useResource<AgreementView>(agreementId ? `/agreements/${encodeURIComponent(agreementId)}/view?recent=1` : null);
  if (list.error || view.error) return <Caption1 role="alert">{(list.error ?? view.error)!.message}</Caption1>;
  if (list.data && !agreementId) return <Caption1>{t('noAgreement', lang)}</Caption1>;
  if (!view.data) return <Loading />;
  return <Planner event={event} view={view.data} />;
}

function Planner({ event, view }: { event: WheelEventView; view: AgreementView }) {
  const { lang, inTeams } = useApp();
  const styles = useStyles();
  const ids = useMemo(
    () => [
      ...view.unit.leaderIds,
      ...(view.unit.approverId ? [view.unit.approverId] : []),
      ...view.agreement.parties.flatMap((p) => (p.personId ? [p.personId] : [])),
    ],
    [view],
  );
  const people = usePersonNames(ids);
  const stakeholders = useMemo(() => dialogueStakeholders({ unit: view.unit, parties: view.agreement.parties, people }), [view, people]);
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const chosen = (s: Stakeholder) => (s.suggested ? !unticked.has(s.key) : ticked.has(s.key));
  const toggle = (s: Stakeholder, on: boolean) => {
    const [set, update] = s.suggested ? [unticked, setUnticked] : [ticked, setTicked];
    const next = new Set(set);
    if (on !== s.suggested) next.add(s.key);
    else next.delete(s.key);
    update(next);
  };
  const [date, setDate] = useState(event.date ?? firstWeekday(event.year, event.month));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('10:30');
  const [opened, setOpened] = useState<string | null>(null);
  const nameOf = (s: Stakeholder) => s.name ?? t(`stakeholder.${s.role}`, lang, { unit: view.unit.name });
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(start) && /^\d{2}:\d{2}$/.test(end) && end > start;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const agreementUrl = `${location.origin}/tab/?agreement=${encodeURIComponent(view.agreement.id)}`;
  const link = valid
    ? teamsMeetingLink({
        subject: `${localText(event.title, lang)}: ${view.agreement.title}`,
        startTime: zonedIsoDateTime(date, start, zone),
        endTime: zonedIsoDateTime(date, end, zone),
        content: t('meetingPlanContent', lang, { agreement: view.agreement.title, app: t('appName', lang), url: agreementUrl }),
        attendees: stakeholders.filter((s) => chosen(s) && s.email).map((s) => s.email!),
      })
    : null;
  const open = async () => {
    if (!link) return;
    try {
      await openTeamsLink(link);
      setOpened(t('meetingPlanOpened', lang, { app: t('appName', lang) }));
    } catch (e) {
      setOpened(e instanceof Error ? e.message : String(e));
    }
  };
  const headingId = `plan-${event.id}`;
  return (
    <section className={styles.box} aria-labelledby={headingId} data-testid="meeting-plan">
      <Subtitle2 as="h3" id={headingId}>
        {t('meetingPlan', lang)}: {localText(event.title, lang)}
      </Subtitle2>
      <div className={styles.times}>
        <Field label={t('meetingPlanDate', lang)}>
          <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
        </Field>
        <Field label={t('meetingPlanStart', lang)}>
          <Input type="time" value={start} onChange={(_, d) => setStart(d.value)} />
        </Field>
        <Field
          label={t('meetingPlanEnd', lang)}
          validationState={end > start ? 'none' : 'error'}
          validationMessage={end > start ? undefined : t('meetingPlanEndBeforeStart', lang)}
        >
          <Input type="time" value={end} onChange={(_, d) => setEnd(d.value)} />
        </Field>
      </div>
      <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <legend>
          <Body1>
            <b>{t('meetingPlanInvite', lang)}</b>
          </Body1>
        </legend>
        <ul className={styles.list} data-testid="meeting-plan-invitees">
          {stakeholders.map((s) => (
            <li key={s.key} className={styles.wrap}>
              <Checkbox
                checked={chosen(s)}
                onChange={(_, d) => toggle(s, !!d.checked)}
                label={
                  <span>
                    {nameOf(s)}
                    {s.name && s.role !== 'party' ? ` (${t(`stakeholder.${s.role}`, lang, { unit: view.unit.name })})` : ''}
                    {' · '}
                    <Caption1>{s.email ?? t('meetingPlanByHand', lang)}</Caption1>
                  </span>
                }
              />
            </li>
          ))}
        </ul>
      </fieldset>
      {link &&
        (inTeams ? (
          <Button appearance="primary" onClick={() => void open()}>
            {t('meetingPlanOpen', lang)}
          </Button>
        ) : (
          <Link href={link} target="_blank" rel="noopener noreferrer" data-testid="meeting-plan-link">
            {t('meetingPlanOpen', lang)}
          </Link>
        ))}
      {opened && <Caption1 role="status">{opened}</Caption1>}
    </section>
  );
}
