import { Body1, Caption1, Subtitle1, Subtitle2 } from '@fluentui/react-components';
import type { MeetingSession } from '../../../api/core/model';
import { formatDate, t } from '../../../api/core/i18n/text';
import { ANALYSIS_WHEEL } from '../analysis-wheel';
import { ExportButtons } from '../components/export-buttons';
import { useApp, useResource } from '../context';

/**
 * The minutes of the dialogue meetings held on an agreement, kept with it (GET /api/agreements/{id}/meetings):
 * date, participants, notes per goal and per analysis step, decisions and what they became; and the same minutes as a
 * document to download (PDF, Word, HTML).
 */
export function MeetingMinutes({ agreementId, goals }: { agreementId: string; goals: { id: string; title: string }[] }) {
  const { lang } = useApp();
  const { data } = useResource<MeetingSession[]>(`/agreements/${encodeURIComponent(agreementId)}/meetings`);
  if (!data?.length) return null;
  const title = (goalId: string) => goals.find((g) => g.id === goalId)?.title ?? goalId;
  const stepName = (step: number) => (step ? (ANALYSIS_WHEEL[step - 1]?.step[lang] ?? String(step)) : t('meetingGoalNotes', lang));
  return (
    <section aria-labelledby="s-minutes" data-testid="meeting-minutes">
      <Subtitle1 as="h2" id="s-minutes">
        {t('meetingMinutes', lang)}
      </Subtitle1>
      <ExportButtons agreementId={agreementId} what="minutes" />
      {data.map((m) => {
        // An emptied note stays in the session (its revisions go on) but is no part of the minutes.
        const notes = m.notes.filter((n) => n.text.trim());
        const goalIds = [...new Set([...notes.map((n) => n.goalId), ...m.decisions.map((d) => d.goalId)])];
        return (
          <article key={m.id} aria-labelledby={`minutes-${m.id}`}>
            <Subtitle2 as="h3" id={`minutes-${m.id}`}>
              {t('meetingHeldOn', lang, { date: formatDate(m.createdAt.slice(0, 10), lang) })}
            </Subtitle2>
            <Body1 as="p">
              {t('meetingParticipants', lang)}: {m.participants.map((p) => p.displayName).join(', ')}
            </Body1>
            {goalIds.map((g) => (
              <div key={g}>
                <Body1 as="h4" style={{ fontWeight: 600, margin: '8px 0 4px' }}>
                  {title(g)}
                </Body1>
                <ul>
                  {notes
                    .filter((n) => n.goalId === g)
                    .sort((x, y) => x.step - y.step)
                    .map((n) => (
                      <li key={`n${n.step}`}>
                        <Caption1>{stepName(n.step)}:</Caption1> {n.text}
                      </li>
                    ))}
                  {m.decisions
                    .filter((d) => d.goalId === g)
                    .map((d) => (
                      <li key={d.id}>
                        <Caption1>
                          {t('meetingDecision', lang)} ({t(`meetingOutcome.${d.outcome}`, lang)}
                          {d.dueDate ? `, ${t('due', lang)} ${formatDate(d.dueDate, lang)}` : ''}):
                        </Caption1>{' '}
                        {d.text}
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </article>
        );
      })}
    </section>
  );
}
