import { z } from 'zod';
import { Id, IsoDateTime, Locale, Stored } from './common';

/**
 * Records the bot keeps for itself (internal kinds: stored through the port like every entity, never
 * exposed over the REST API or in organisation documents).
 */

export const CONVERSATION_SCOPES = ['personal', 'groupChat', 'team'] as const;
export const ConversationScope = z.enum(CONVERSATION_SCOPES);
export type ConversationScope = z.infer<typeof ConversationScope>;

/**
 * A conversation the app is installed in (personal chat, group chat, team), with the reference the bot
 * needs to write there later. Uninstalling keeps the record and marks it.
 */
export const Conversation = Stored.extend({
  /** The channel's conversation id (long and full of characters an Id does not allow; the record id is its hash). */
  conversationId: z.string().min(1).max(2_000),
  scope: ConversationScope,
  /** The person of a personal chat, when known to the product. */
  personId: Id.nullable().default(null),
  /** The Teams user id (29:…) of a personal chat's user: cards name it in `refresh.userIds`. */
  teamsUserId: z.string().max(500).nullable().default(null),
  aadObjectId: z.string().max(200).nullable().default(null),
  teamId: z.string().max(2_000).nullable().default(null),
  status: z.enum(['installed', 'uninstalled']),
  installedAt: IsoDateTime,
  uninstalledAt: IsoDateTime.nullable().default(null),
  locale: Locale.nullable().default(null),
  /** The Bot Framework conversation reference as the channel gave it (service URL, bot, conversation). */
  reference: z.record(z.string(), z.unknown()),
});
export type Conversation = z.infer<typeof Conversation>;

/**
 * The answer given to one card action, keyed by the activity and a hash of its payload: a redelivered
 * invoke (Teams redelivers slow turns) gets the same answer and writes nothing again.
 */
export const CardReceipt = Stored.extend({
  verb: z.string().min(1).max(100),
  activityId: z.string().min(1).max(2_000),
  /** pending while the action runs; done with the response once it has. */
  status: z.enum(['pending', 'done']),
  response: z.unknown().nullable().default(null),
});
export type CardReceipt = z.infer<typeof CardReceipt>;
