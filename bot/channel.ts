import type { AdaptiveCard } from './cards/adaptive-card';

/**
 * The seam between the bot and the library that speaks to Teams. Everything the bot does in a
 * conversation — answer a message, answer a card action, replace a card, send a card proactively — goes
 * through these interfaces, as plain data. botbuilder lives only in bot/adapter.ts, which implements them
 * (an ESLint rule, `no-restricted-imports` in eslint.config.mjs, refuses botbuilder anywhere else in
 * the server's code). A move to the Teams SDK (@microsoft/teams.apps) replaces that one file; see
 * ARCHITECTURE.md.
 */

/**
 * Where a conversation can be reached again later: the Bot Framework's conversation reference as JSON
 * (serviceUrl, conversation, bot, user, channelId), stored with the conversation (api/core/model/bot.ts).
 */
export type ConversationReference = Record<string, unknown>;

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** One incoming activity, as the bot's handlers see it. */
export type Turn = {
  /** The Bot Framework activity type: 'message', 'invoke', 'installationUpdate', 'conversationUpdate'. */
  activityType: string;
  /** The activity's id (a card action's invoke), '' when it has none. */
  activityId: string;
  /** The message a card action's card sits in (Teams' replyToId), when known. */
  replyToId: string | null;
  /** 'msteams' in Teams; 'emulator' or 'webchat' elsewhere (the Agents Playground). */
  channelId: string;
  /** The client's locale, e.g. 'da-DK', as Teams sends it. */
  locale: string | null;
  from: { id: string | null; aadObjectId: string | null; name: string | null };
  conversation: { id: string; type: ConversationType; tenantId: string | null };
  /** The team's id, for a turn in a team's channel. */
  teamId: string | null;
  text: string | null;
  /** The value of a message sent by Action.Submit, or of a card action (Action.Execute). */
  value: unknown;
  /** Where to reach this conversation later (for proactive sending). */
  reference: ConversationReference;
};

/** What the bot says in the turn it is answering. */
export interface TurnChannel {
  /** A message with Teams markdown. */
  reply(text: string): Promise<void>;
  /** A message with one Adaptive Card. */
  sendCard(card: AdaptiveCard): Promise<void>;
  /** Replaces the card in an earlier message (for everyone in the conversation). */
  updateCard(activityId: string, card: AdaptiveCard): Promise<void>;
}

/** The answer to a card action (Action.Execute): the card that replaces the one acted on, or a message. */
export type InvokeAnswer = { type: 'card'; card: AdaptiveCard } | { type: 'message'; text: string };

/** The outcome of one proactive send: the message's id, or the status (0: network) and Retry-After of a refusal. */
export type SendOutcome = { ok: true; activityId?: string | null } | { ok: false; status: number; retryAfterMs: number | null; message: string };

/**
 * Proactive sending, by a stored conversation reference. The production sender is the botbuilder
 * CloudAdapter (bot/adapter.ts, cloudAdapterSender); tests and the benchmark point it at a local Bot
 * Connector stand-in. `idempotencyKey` is the same for every attempt to send one reminder.
 */
export interface ProactiveChannel {
  send(reference: ConversationReference, card: AdaptiveCard, idempotencyKey: string): Promise<SendOutcome>;
}
