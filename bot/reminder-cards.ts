import { makeContext } from '../api/core/context';
import { t } from '../api/core/i18n';
import {
  reminderContent,
  type Conversation,
  type DecisionReminderItem,
  type Locale,
  type MeasurementReminderItem,
  type Reminder,
  type WheelReminderItem,
} from '../api/core/model';
import type { TenantStore } from '../api/core/port';
import { getApprovalSummary } from '../api/core/services/approvals';
import type { ReminderSubjects } from '../api/core/services/outbox';
import type { AdaptiveCard } from './cards/adaptive-card';
import { approvalCard } from './cards/approval-card';
import { noticeCard } from './cards/notice-card';
import { reminderCard, type ReminderCardModel } from './cards/reminder-card';
import { agreementLink, type TabLinks } from './deep-link';
import { approvalModel } from './views';

/**
 * The card a reminder in the outbox becomes: the annual wheel's and the measurements' reminder card, the
 * approval card for the chief, the decision's notice for the leader. The reminder's items are read through
 * their schema (reminderContent); one that does not fit, or whose agreement is gone, throws, and the
 * dispatcher gives it up with the reason, since there is nothing left to say.
 */

export type RenderDeps = { store: TenantStore; links: TabLinks };

export async function renderReminder(
  r: Reminder,
  locale: Locale,
  conversation: Conversation,
  subjects: ReminderSubjects,
  deps: RenderDeps,
): Promise<AdaptiveCard> {
  const content = reminderContent(r);
  switch (content.type) {
    case 'approval_request':
      return approvalRequestCard(content.items[0]!.agreementId, locale, conversation, deps);
    case 'decision':
      return decisionCard(content.items[0]!, locale, deps);
    case 'wheel':
      return reminderCard(reminderCardModel({ type: 'wheel', items: content.items }, locale, subjects, deps.links));
    default:
      return reminderCard(reminderCardModel({ type: content.type, items: content.items }, locale, subjects, deps.links));
  }
}

function botContext(deps: RenderDeps, locale: Locale) {
  return makeContext(deps.store, { id: 'bot', tenantId: deps.store.tenantId, displayName: 'Bot', locale, authMethod: 'bot' });
}

/** The approval card for the chief, in the chief's language, with the buttons for the chief's Teams user. */
async function approvalRequestCard(agreementId: string, locale: Locale, conversation: Conversation, deps: RenderDeps): Promise<AdaptiveCard> {
  const summary = await getApprovalSummary(botContext(deps, locale), agreementId);
  return approvalCard(
    approvalModel({ locale, links: deps.links, inTeams: true }, summary, {
      view: 'approver',
      approverUserIds: conversation.teamsUserId ? [conversation.teamsUserId] : [],
    }),
  );
}

/** The decision, for the unit's leader: approved, or changes requested with the chief's comment. */
async function decisionCard(item: DecisionReminderItem, locale: Locale, deps: RenderDeps): Promise<AdaptiveCard> {
  const summary = await getApprovalSummary(botContext(deps, locale), item.agreementId);
  const by = (await deps.store.get('person', item.decidedBy))?.displayName ?? item.decidedBy;
  const title = summary.agreement.title;
  const text =
    item.decision === 'approve'
      ? t('decisionApproved', locale, { title, by })
      : t('decisionChangesRequested', locale, { title, by, comment: item.comment ?? '' });
  return noticeCard({ locale }, text, item.decision === 'approve' ? 'attention' : 'warning');
}

/** From a reminder of the annual cycle and what it speaks of to the card's view model. */
export function reminderCardModel(
  r: { type: 'wheel'; items: readonly WheelReminderItem[] } | { type: 'measurements' | 'escalation'; items: readonly MeasurementReminderItem[] },
  locale: Locale,
  s: ReminderSubjects,
  links: TabLinks,
): ReminderCardModel {
  const unitName = (id: string) => s.units.get(id)?.name ?? id;
  const tabUrl = `${links.publicUrl.replace(/\/+$/, '')}/tab/`;
  const model: ReminderCardModel = { locale, type: r.type, events: [], measurements: [] };
  if (r.type === 'wheel')
    for (const item of r.items) {
      const e = s.events.get(item.eventId);
      model.events.push({
        title: e ? (e.title[locale] ?? e.title.en ?? e.title.da ?? e.title.sv ?? e.id) : item.eventId,
        date: e?.date ?? null,
        month: e?.month ?? Number(item.date.slice(5, 7)),
        year: e?.year ?? Number(item.date.slice(0, 4)),
        part: e?.part ?? null,
        until: e?.until ?? null,
        ...(e?.whenText ? { whenText: e.whenText } : {}),
        action: e?.action ?? 'none',
        unitName: unitName(item.unitId),
        url: tabUrl,
      });
    }
  else
    for (const item of r.items) {
      const ind = s.indicators.get(item.indicatorId);
      model.measurements.push({
        indicatorId: item.indicatorId,
        indicatorName: ind?.name ?? item.indicatorId,
        unitName: unitName(item.unitId),
        period: item.period,
        due: item.due,
        state: item.state,
        url: ind?.agreementId ? agreementLink(links, ind.agreementId, { inTeams: true, label: t('openInTab', locale) }) : tabUrl,
      });
    }
  return model;
}
