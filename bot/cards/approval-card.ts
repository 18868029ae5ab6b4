import type { AgreementStatus, Currency, Locale } from '../../api/core/model';
import { formatAmount, label, lowerFirst, t } from '../../api/core/i18n/text';
import { APPROVAL_CARD_VERSION } from '../verbs';
import type { z } from 'zod';
import { card, facts, heading, notice, text, type AdaptiveCard, type CardElement } from './adaptive-card';

export type ApprovalCardModel = {
  locale: Locale;
  agreementId: string;
  title: string;
  unitName: string;
  year: number;
  /** The agreement's period as shown (text.ts, agreementPeriod): open-ended, or the years of a multi-year agreement. */
  period: string;
  /** Where the agreement comes from, as kept on it; null where it names nothing. */
  source: string | null;
  version: number;
  goalsCount: number;
  budget: { amount: number | null; currency: z.infer<typeof Currency> } | null;
  /** One line on what changed since the last approved version. */
  changeSummary: string;
  status: AgreementStatus;
  approverName: string;
  /** Teams user ids of the designated approver: their client refreshes the card into the approver's view. */
  approverUserIds: string[];
  /**
   * 'status' is what everybody sees; 'approver' the designated approver's own view with the buttons
   * (served by the refresh, never sent to the whole conversation).
   */
  view: 'status' | 'approver';
  values?: { comment?: string };
  /** Error beside the comment field. */
  error?: string;
  notice?: { text: string; tone: 'attention' | 'warning' | 'good' };
  agreementUrl: string;
};

function statusLine(m: ApprovalCardModel): CardElement {
  const { locale } = m;
  if (m.status === 'submitted') return text(t('awaitingApprovalBy', locale, { name: m.approverName }), { weight: 'Bolder' });
  if (m.status === 'approved') return notice(t('approvedBy', locale), 'good');
  if (m.status === 'draft') return notice(t('sentBack', locale), 'warning');
  return text(t('statusIs', locale, { status: lowerFirst(label('agreementStatus', m.status, locale)) }), { weight: 'Bolder' });
}

/**
 * The approval card: a summary of the agreement (unit, year, version, goals, budget frame, what changed)
 * and its status for everyone; the designated approver's refreshed view adds Approve and Request changes
 * (with a comment, required for sending back).
 */
export function approvalCard(m: ApprovalCardModel): AdaptiveCard {
  const { locale } = m;
  const data = { agreementId: m.agreementId, version: m.version, cardVersion: APPROVAL_CARD_VERSION };
  const body: CardElement[] = [
    heading(t('approvalTitle', locale, { title: m.title })),
    facts([
      [t('unit', locale), m.unitName],
      [t('year', locale), String(m.year)],
      [t('period', locale), m.period],
      [t('version', locale), String(m.version)],
      [t('goals', locale), String(m.goalsCount)],
      [t('budget', locale), m.budget && m.budget.amount !== null ? formatAmount(m.budget.amount, m.budget.currency, locale) : '–'],
      [t('changes', locale), m.changeSummary],
    ]),
  ];
  if (m.source) body.push(text(t('sourceIs', locale, { source: m.source }), { isSubtle: true, size: 'Small' }));
  if (m.notice) body.push(notice(m.notice.text, m.notice.tone));
  body.push(statusLine(m));
  const decide = m.view === 'approver' && m.status === 'submitted';
  if (decide) {
    body.push({
      type: 'Input.Text',
      id: 'comment',
      label: t('approvalComment', locale),
      isMultiline: true,
      maxLength: 2000,
      ...(m.values?.comment ? { value: m.values.comment } : {}),
    });
    if (m.error) body.push({ ...notice(m.error, 'attention'), id: 'commentError', spacing: 'Small' });
  }
  return card(body, {
    // While the agreement waits, the approver's client swaps this card for their own view.
    ...(m.status === 'submitted' && m.approverUserIds.length
      ? {
          refresh: { action: { type: 'Action.Execute', title: t('approve', locale), verb: 'approval.refresh', data }, userIds: m.approverUserIds.slice(0, 60) },
        }
      : {}),
    actions: [
      ...(decide
        ? [
            {
              type: 'Action.Execute' as const,
              title: t('approve', locale),
              verb: 'approval.approve',
              style: 'positive' as const,
              associatedInputs: 'auto' as const,
              data,
            },
            {
              type: 'Action.Execute' as const,
              title: t('requestChanges', locale),
              verb: 'approval.requestChanges',
              style: 'destructive' as const,
              associatedInputs: 'auto' as const,
              data,
            },
          ]
        : []),
      { type: 'Action.OpenUrl', title: t('openInTab', locale), url: m.agreementUrl },
    ],
  });
}
