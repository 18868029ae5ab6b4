import {
  CardFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { makeContext, type ServiceContext, type Settings } from '../api/core/context';
import { pickLocale, t } from '../api/core/i18n';
import { Id, type ConversationScope, type Locale } from '../api/core/model';
import type { Store } from '../api/core/port';
import { recordUninstall, registerInstall } from '../api/core/services/conversations';
import { handleCardAction, type ActionEnv, type ActionResult } from './card-actions';
import { noticeCard } from './cards/notice-card';
import { CARD_CONTENT_TYPE } from './cards/adaptive-card';
import { parseCommand } from './commands';
import type { TabLinks } from './deep-link';
import { answerCommand, welcome, type ChatEnv, type Reply } from './replies';

export type BotDeps = {
  store: Store;
  /** The store tenant the bot serves (the municipality's). */
  tenantId: string;
  /** When set, activities from any other Microsoft Entra tenant are ignored. */
  allowedTeamsTenantId: string | null;
  links: TabLinks;
  /**
   * The development bot (no credentials) lets a user unknown to the store act as this demo person, so the
   * Agents Playground's test user can report; always null with credentials.
   */
  developmentPersonId: string | null;
  logger: Logger;
  now?: () => Date;
  /** What the municipality configured (grace days): the bot judges due and late as the tab does. */
  settings?: Partial<Settings>;
};

const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

function scopeOf(context: TurnContext): ConversationScope {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' ? 'team' : type === 'groupChat' ? 'groupChat' : 'personal';
}

/**
 * The Teams side of the bot: turns activities into calls of the core and of the botbuilder-free handlers
 * (replies.ts, card-actions.ts), and their answers into activities. State lives in the store only.
 */
export class QualityBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.guard(context, () => this.onText(context));
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.guard(context, () => this.installed(context));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.guard(context, () => this.uninstalled(context));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await this.guard(context, () => this.installed(context));
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id)) await this.guard(context, () => this.uninstalled(context));
      await next();
    });
  }

  private accepts(context: TurnContext): boolean {
    const tenant = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (this.deps.allowedTeamsTenantId && tenant !== this.deps.allowedTeamsTenantId) {
      this.deps.logger.warn({ tenant }, 'bot: activity from another tenant ignored');
      return false;
    }
    return true;
  }

  /** Runs a turn's work; an unexpected error is logged and answered plainly instead of left silent. */
  private async guard(context: TurnContext, work: () => Promise<void>): Promise<void> {
    if (!this.accepts(context)) return;
    try {
      await work();
    } catch (err) {
      this.deps.logger.error({ err, activityType: context.activity.type }, 'bot: turn failed');
      if (context.activity.type === 'message') await context.sendActivity(t('somethingWrong', pickLocale(context.activity.locale))).catch(() => undefined);
    }
  }

  /** Who acts, in which language, against which store. */
  private async env(context: TurnContext): Promise<ChatEnv & ActionEnv> {
    const { activity } = context;
    const locale: Locale = pickLocale(activity.locale);
    const tenant = this.deps.store.forTenant(this.deps.tenantId);
    const aad = Id.safeParse(activity.from?.aadObjectId);
    let person = aad.success ? await tenant.get('person', aad.data) : null;
    let devNote: string | undefined;
    if (!person && this.deps.developmentPersonId) {
      person = await tenant.get('person', this.deps.developmentPersonId);
      if (person) devNote = t('devActingAs', locale, { name: person.displayName, id: person.id });
    }
    const ctx: ServiceContext = makeContext(
      tenant,
      { id: person?.id ?? 'bot', tenantId: this.deps.tenantId, displayName: person?.displayName ?? activity.from?.name ?? 'Teams', locale, authMethod: 'bot' },
      this.deps.now,
      this.deps.settings,
    );
    return {
      ctx,
      locale,
      links: this.deps.links,
      inTeams: activity.channelId === 'msteams',
      personId: person?.id ?? null,
      displayName: person?.displayName ?? activity.from?.name ?? '',
      devNote,
    };
  }

  private async send(context: TurnContext, replies: Reply[]): Promise<void> {
    for (const r of replies)
      await context.sendActivity('text' in r ? { type: 'message', text: r.text, textFormat: 'markdown' } : { type: 'message', attachments: [CardFactory.adaptiveCard(r.card)] });
  }

  private async onText(context: TurnContext): Promise<void> {
    const env = await this.env(context);
    // Action.Submit from older cards arrives as a message with a value: treat it like the card action.
    const value = context.activity.value as { verb?: unknown } | undefined;
    if (!context.activity.text && value && typeof value === 'object' && 'verb' in value) {
      const result = await handleCardAction(env, { verb: value.verb, data: value, activityId: context.activity.id ?? '' });
      await this.send(context, result.kind === 'card' ? [{ card: result.card }] : result.send.map((card) => ({ card })));
      return;
    }
    await this.send(context, await answerCommand(env, parseCommand(context.activity.text)));
  }

  private async installed(context: TurnContext): Promise<void> {
    const env = await this.env(context);
    const { activity } = context;
    const scope = scopeOf(context);
    const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>;
    const { firstInstall } = await registerInstall(env.ctx, {
      conversationId: activity.conversation.id,
      scope,
      personId: scope === 'personal' ? env.personId : null,
      teamsUserId: scope === 'personal' ? (activity.from?.id ?? null) : null,
      aadObjectId: scope === 'personal' ? (activity.from?.aadObjectId ?? null) : null,
      teamId: (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id ?? null,
      locale: activity.locale ? env.locale : null,
      reference,
    });
    this.deps.logger.info({ scope, firstInstall }, 'bot: installed in a conversation');
    if (firstInstall && scope === 'personal') await this.send(context, welcome(env));
  }

  private async uninstalled(context: TurnContext): Promise<void> {
    const env = await this.env(context);
    await recordUninstall(env.ctx, context.activity.conversation.id);
    this.deps.logger.info({ scope: scopeOf(context) }, 'bot: uninstalled from a conversation');
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const started = Date.now();
    const env = await this.env(context);
    let result: ActionResult;
    if (!this.accepts(context)) result = { kind: 'card', card: noticeCard(env, t('unknownPerson', env.locale)) };
    else
      try {
        result = await handleCardAction(env, { verb: invokeValue.action?.verb, data: invokeValue.action?.data, activityId: context.activity.id ?? '' });
      } catch (err) {
        this.deps.logger.error({ err, verb: invokeValue.action?.verb }, 'bot: card action failed');
        result = { kind: 'card', card: noticeCard(env, t('somethingWrong', env.locale)) };
      }
    try {
      if (result.kind === 'card') {
        // The invoke response replaces the card for the user who acted; the message update for everyone else.
        if (result.updateForEveryone && context.activity.replyToId)
          await context
            .updateActivity({ type: 'message', id: context.activity.replyToId, attachments: [CardFactory.adaptiveCard(result.updateForEveryone)] })
            .catch((err: unknown) => this.deps.logger.warn({ err: String(err) }, 'bot: could not update the card message'));
        return { statusCode: 200, type: CARD_CONTENT_TYPE, value: result.card };
      }
      for (const card of result.send) await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
      return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: result.text as unknown as Record<string, unknown> };
    } finally {
      this.deps.logger.info({ verb: invokeValue.action?.verb, ms: Date.now() - started }, 'bot: card action answered');
    }
  }
}
