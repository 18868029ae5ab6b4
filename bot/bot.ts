import type { Logger } from 'pino';
import { makeContext, type ServiceContext, type Settings } from '../api/core/context';
import { pickLocale, t } from '../api/core/i18n';
import { Id, type ConversationScope, type Locale } from '../api/core/model';
import type { Store } from '../api/core/port';
import { recordUninstall, registerInstall } from '../api/core/services/conversations';
import { handleCardAction, type ActionEnv, type ActionResult } from './card-actions';
import type { InvokeAnswer, Turn, TurnChannel } from './channel';
import { noticeCard } from './cards/notice-card';
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

function scopeOf(turn: Turn): ConversationScope {
  const type = turn.conversation.type;
  return type === 'channel' ? 'team' : type === 'groupChat' ? 'groupChat' : 'personal';
}

/**
 * What the bot does with a turn, free of botbuilder: turns incoming activities (as plain data, bot/channel.ts)
 * into calls of the core and of the handlers (replies.ts, card-actions.ts), and their answers into messages
 * through the turn's channel. bot/adapter.ts feeds it from botbuilder's TeamsActivityHandler. State lives
 * in the store only.
 */
export class QualityBot {
  constructor(private readonly deps: BotDeps) {}

  /** A message in a chat: a command, or the value of an older card's Action.Submit. */
  onMessage(turn: Turn, channel: TurnChannel): Promise<void> {
    return this.guard(turn, channel, true, () => this.onText(turn, channel));
  }

  /** The app added to a conversation (installation update, or the bot among the members added). */
  onInstalled(turn: Turn, channel: TurnChannel): Promise<void> {
    return this.guard(turn, channel, false, () => this.installed(turn, channel));
  }

  /** The app removed from a conversation. */
  onUninstalled(turn: Turn, channel: TurnChannel): Promise<void> {
    return this.guard(turn, channel, false, () => this.uninstalled(turn));
  }

  private accepts(turn: Turn): boolean {
    const tenant = turn.conversation.tenantId;
    if (this.deps.allowedTeamsTenantId && tenant !== this.deps.allowedTeamsTenantId) {
      this.deps.logger.warn({ tenant }, 'bot: activity from another tenant ignored');
      return false;
    }
    return true;
  }

  /** Runs a turn's work; an unexpected error is logged and (for a message) answered plainly instead of left silent. */
  private async guard(turn: Turn, channel: TurnChannel, answerErrors: boolean, work: () => Promise<void>): Promise<void> {
    if (!this.accepts(turn)) return;
    try {
      await work();
    } catch (err) {
      this.deps.logger.error({ err, activityType: turn.activityType }, 'bot: turn failed');
      if (answerErrors) await channel.reply(t('somethingWrong', pickLocale(turn.locale ?? undefined))).catch(() => undefined);
    }
  }

  /** Who acts, in which language, against which store. */
  private async env(turn: Turn): Promise<ChatEnv & ActionEnv> {
    const locale: Locale = pickLocale(turn.locale ?? undefined);
    const tenant = this.deps.store.forTenant(this.deps.tenantId);
    const aad = Id.safeParse(turn.from.aadObjectId);
    let person = aad.success ? await tenant.get('person', aad.data) : null;
    let devNote: string | undefined;
    if (!person && this.deps.developmentPersonId) {
      person = await tenant.get('person', this.deps.developmentPersonId);
      if (person) devNote = t('devActingAs', locale, { name: person.displayName, id: person.id });
    }
    const ctx: ServiceContext = makeContext(
      tenant,
      { id: person?.id ?? 'bot', tenantId: this.deps.tenantId, displayName: person?.displayName ?? turn.from.name ?? 'Teams', locale, authMethod: 'bot' },
      this.deps.now,
      this.deps.settings,
    );
    return {
      ctx,
      locale,
      links: this.deps.links,
      inTeams: turn.channelId === 'msteams',
      personId: person?.id ?? null,
      displayName: person?.displayName ?? turn.from.name ?? '',
      devNote,
    };
  }

  private async send(channel: TurnChannel, replies: Reply[]): Promise<void> {
    for (const r of replies) await ('text' in r ? channel.reply(r.text) : channel.sendCard(r.card));
  }

  private async onText(turn: Turn, channel: TurnChannel): Promise<void> {
    const env = await this.env(turn);
    // Action.Submit from older cards arrives as a message with a value: treat it like the card action.
    const value = turn.value as { verb?: unknown } | undefined;
    if (!turn.text && value && typeof value === 'object' && 'verb' in value) {
      const result = await handleCardAction(env, { verb: value.verb, data: value, activityId: turn.activityId });
      await this.send(channel, result.kind === 'card' ? [{ card: result.card }] : result.send.map((card) => ({ card })));
      return;
    }
    await this.send(channel, await answerCommand(env, parseCommand(turn.text)));
  }

  private async installed(turn: Turn, channel: TurnChannel): Promise<void> {
    const env = await this.env(turn);
    const scope = scopeOf(turn);
    const { firstInstall } = await registerInstall(env.ctx, {
      conversationId: turn.conversation.id,
      scope,
      personId: scope === 'personal' ? env.personId : null,
      teamsUserId: scope === 'personal' ? turn.from.id : null,
      aadObjectId: scope === 'personal' ? turn.from.aadObjectId : null,
      teamId: turn.teamId,
      locale: turn.locale ? env.locale : null,
      reference: turn.reference,
    });
    this.deps.logger.info({ scope, firstInstall }, 'bot: installed in a conversation');
    if (firstInstall && scope === 'personal') await this.send(channel, welcome(env));
  }

  private async uninstalled(turn: Turn): Promise<void> {
    const env = await this.env(turn);
    await recordUninstall(env.ctx, turn.conversation.id);
    this.deps.logger.info({ scope: scopeOf(turn) }, 'bot: uninstalled from a conversation');
  }

  /**
   * A card action (Action.Execute): the answer replaces the card for the user who acted; when the result
   * says so, the card message is updated for everyone else too, and follow-up cards are sent.
   */
  async onCardAction(turn: Turn, channel: TurnChannel, action: { verb: unknown; data: unknown }): Promise<InvokeAnswer> {
    const started = Date.now();
    const env = await this.env(turn);
    let result: ActionResult;
    if (!this.accepts(turn)) result = { kind: 'card', card: noticeCard(env, t('unknownPerson', env.locale)) };
    else
      try {
        result = await handleCardAction(env, { verb: action.verb, data: action.data, activityId: turn.activityId });
      } catch (err) {
        this.deps.logger.error({ err, verb: action.verb }, 'bot: card action failed');
        result = { kind: 'card', card: noticeCard(env, t('somethingWrong', env.locale)) };
      }
    try {
      if (result.kind === 'card') {
        if (result.updateForEveryone && turn.replyToId)
          await channel
            .updateCard(turn.replyToId, result.updateForEveryone)
            .catch((err: unknown) => this.deps.logger.warn({ err: String(err) }, 'bot: could not update the card message'));
        return { type: 'card', card: result.card };
      }
      for (const card of result.send) await channel.sendCard(card);
      return { type: 'message', text: result.text };
    } finally {
      this.deps.logger.info({ verb: action.verb, ms: Date.now() - started }, 'bot: card action answered');
    }
  }
}
