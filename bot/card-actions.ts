import type { ServiceContext } from '../api/core/context';
import { ConflictError, DomainError, ForbiddenError, ValidationError } from '../api/core/errors';
import { domainMessage, issueMessage, t } from '../api/core/i18n';
import { decideApproval, getApprovalSummary, type ApprovalSummary } from '../api/core/services/approvals';
import { abandonCardAction, beginCardAction, completeCardAction } from '../api/core/services/card-receipts';
import { getMeasurementCardState, submitMeasurementFromCard } from '../api/core/services/card-measurement';
import { personalConversationsOf } from '../api/core/services/conversations';
import type { AdaptiveCard } from './cards/adaptive-card';
import { noticeCard } from './cards/notice-card';
import { approvalCard, type ApprovalCardModel } from './cards/approval-card';
import { measurementCard } from './cards/measurement-card';
import { measurementReceiptCard } from './cards/measurement-receipt-card';
import { APPROVAL_CARD_VERSION, isVerb, MEASUREMENT_CARD_VERSION, PAYLOADS, WRITING_VERBS, type Payload, type Verb } from './verbs';
import { approvalModel, measurementModel, receiptModel, type ViewEnv } from './views';

/**
 * The card actions (Action.Execute), free of botbuilder: each verb has one handler that asks the core and
 * answers with a card. The bot turns the answer into an invoke response (and a message update, and new
 * messages) — another SDK would do the same with the same handlers.
 */

export type ActionEnv = ViewEnv & {
  ctx: ServiceContext;
  /** The person acting, when known to the product. */
  personId: string | null;
};

export type ActionResult =
  /** Replace the card for the user who acted; `updateForEveryone` also replaces the message for everyone. */
  | { kind: 'card'; card: AdaptiveCard; updateForEveryone?: AdaptiveCard }
  /** Leave the card as it is, show a short message and send new cards. */
  | { kind: 'message'; text: string; send: AdaptiveCard[] };

type Handler<V extends Verb> = (payload: Payload<V>, env: ActionEnv) => Promise<ActionResult>;

async function approverUserIds(env: ActionEnv, s: ApprovalSummary): Promise<string[]> {
  if (!s.approverId) return [];
  const chats = await personalConversationsOf(env.ctx, [s.approverId]);
  return [...new Set(chats.map((c) => c.teamsUserId).filter((id): id is string => !!id))];
}

/** The approval card as the acting person should see it now. */
async function currentApprovalCard(
  env: ActionEnv,
  agreementId: string,
  extra: Partial<Pick<ApprovalCardModel, 'values' | 'error' | 'notice'>> & { cardShowedVersion?: number } = {},
): Promise<{ mine: AdaptiveCard; everyone: AdaptiveCard }> {
  const s = await getApprovalSummary(env.ctx, agreementId);
  if (extra.cardShowedVersion !== undefined && extra.cardShowedVersion !== s.agreement.version && !extra.notice)
    extra = { ...extra, notice: { text: t('outdatedVersion', env.locale), tone: 'warning' } };
  const userIds = await approverUserIds(env, s);
  // The buttons for whoever the core lets decide: the approving chief, inherited from above where the unit names none.
  const everyone = approvalCard(approvalModel(env, s, { view: 'status', approverUserIds: userIds }));
  const mine = approvalCard(approvalModel(env, s, { ...extra, view: s.mayDecide ? 'approver' : 'status', approverUserIds: userIds }));
  return { mine, everyone };
}

async function currentMeasurementCard(
  env: ActionEnv,
  indicatorId: string,
  period: string,
  n?: { text: string; tone: 'attention' | 'warning' | 'good' },
): Promise<AdaptiveCard> {
  const s = await getMeasurementCardState(env.ctx, indicatorId, period);
  return s.reported ? measurementReceiptCard(receiptModel(env, s, n)) : measurementCard(measurementModel(env, s, { notice: n }));
}

async function decide(payload: Payload<'approval.approve'>, env: ActionEnv, decision: 'approve' | 'requestChanges'): Promise<ActionResult> {
  const comment = payload.comment?.trim() ? payload.comment.trim() : undefined;
  if (payload.cardVersion !== APPROVAL_CARD_VERSION) {
    const { mine } = await currentApprovalCard(env, payload.agreementId, { notice: { text: t('cardOutdated', env.locale), tone: 'warning' } });
    return { kind: 'card', card: mine };
  }
  try {
    await decideApproval(env.ctx, { agreementId: payload.agreementId, version: payload.version, decision, comment });
  } catch (err) {
    if (err instanceof ForbiddenError) {
      const s = await getApprovalSummary(env.ctx, payload.agreementId);
      const name = s.approver?.displayName ?? t('noApprover', env.locale);
      const { mine } = await currentApprovalCard(env, payload.agreementId, { notice: { text: t('onlyApprover', env.locale, { name }), tone: 'attention' } });
      return { kind: 'card', card: mine };
    }
    if (err instanceof ConflictError) {
      const { mine, everyone } = await currentApprovalCard(env, payload.agreementId, { notice: { text: t('outdatedVersion', env.locale), tone: 'warning' } });
      return { kind: 'card', card: mine, updateForEveryone: everyone };
    }
    if (err instanceof ValidationError && err.issues[0]) {
      const { mine } = await currentApprovalCard(env, payload.agreementId, { error: issueMessage(err.issues[0], env.locale), values: { comment } });
      return { kind: 'card', card: mine };
    }
    throw err;
  }
  const { everyone } = await currentApprovalCard(env, payload.agreementId);
  return { kind: 'card', card: everyone, updateForEveryone: everyone };
}

export const HANDLERS: { [V in Verb]: Handler<V> } = {
  'measurement.open': async (p, env) => ({
    kind: 'message',
    text: t('cardSent', env.locale),
    send: [await currentMeasurementCard(env, p.indicatorId, p.period)],
  }),

  'measurement.submit': async (p, env) => {
    if (p.cardVersion !== MEASUREMENT_CARD_VERSION)
      return { kind: 'card', card: await currentMeasurementCard(env, p.indicatorId, p.period, { text: t('cardOutdated', env.locale), tone: 'warning' }) };
    const r = await submitMeasurementFromCard(env.ctx, {
      indicatorId: p.indicatorId,
      period: p.period,
      indicatorRevision: p.indicatorRevision,
      value: p.value,
      noValue: p.noValue,
      comment: p.comment,
    });
    const values = { value: p.value === undefined ? undefined : String(p.value), comment: p.comment };
    switch (r.outcome) {
      case 'recorded': {
        const receipt = measurementReceiptCard(receiptModel(env, r.state));
        return { kind: 'card', card: receipt, updateForEveryone: receipt };
      }
      case 'invalid':
        return { kind: 'card', card: measurementCard(measurementModel(env, r.state, { values, error: issueMessage(r.issue, env.locale) })) };
      case 'stale':
        if (r.reason === 'already_reported') {
          const receipt = measurementReceiptCard(receiptModel(env, r.state, { text: t('alreadyReported', env.locale), tone: 'warning' }));
          return { kind: 'card', card: receipt, updateForEveryone: measurementReceiptCard(receiptModel(env, r.state)) };
        }
        return {
          kind: 'card',
          card: measurementCard(measurementModel(env, r.state, { values, notice: { text: t('indicatorChanged', env.locale), tone: 'warning' } })),
        };
    }
  },

  'approval.open': async (p, env) => {
    const { everyone } = await currentApprovalCard(env, p.agreementId);
    return { kind: 'message', text: t('cardSent', env.locale), send: [everyone] };
  },

  'approval.refresh': async (p, env) => {
    const { mine } = await currentApprovalCard(env, p.agreementId, { cardShowedVersion: p.version });
    return { kind: 'card', card: mine };
  },

  'approval.approve': (p, env) => decide(p, env, 'approve'),
  'approval.requestChanges': (p, env) => decide(p, env, 'requestChanges'),
};

/**
 * Runs one card action: checks the verb and its payload, makes writing verbs idempotent by activity and
 * payload, and turns the core's refusals into cards in the user's language. Unexpected errors propagate.
 */
export async function handleCardAction(env: ActionEnv, action: { verb: unknown; data: unknown; activityId: string }): Promise<ActionResult> {
  if (!isVerb(action.verb)) return { kind: 'card', card: noticeCard(env, t('cardOutdated', env.locale)) };
  const verb = action.verb;
  const parsed = PAYLOADS[verb].safeParse(action.data ?? {});
  if (!parsed.success) return { kind: 'card', card: noticeCard(env, t('cardOutdated', env.locale)) };
  if (env.personId === null) return { kind: 'card', card: noticeCard(env, t('unknownPerson', env.locale)) };
  const run = () => (HANDLERS[verb] as Handler<Verb>)(parsed.data as Payload<Verb>, env);
  try {
    if (!WRITING_VERBS.has(verb)) return await run();
    const claim = await beginCardAction(env.ctx, { activityId: action.activityId, verb, payload: parsed.data });
    if (claim.state === 'done') {
      const stored = claim.response as ActionResult;
      return stored.kind === 'card' ? { kind: 'card', card: stored.card } : stored;
    }
    // The first delivery of the same action is still running: say so, write nothing.
    if (claim.state === 'pending') return { kind: 'card', card: noticeCard(env, t('inProgress', env.locale), 'warning') };
    try {
      const result = await run();
      await completeCardAction(env.ctx, claim.receipt, result);
      return result;
    } catch (err) {
      await abandonCardAction(env.ctx, claim.receipt);
      throw err;
    }
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'card', card: noticeCard(env, domainMessage(err, env.locale)) };
    throw err;
  }
}
