import type { Client } from '@microsoft/microsoft-graph-client';
import type { Conversation } from '../api/core/model';
import type { DeliveryLedger } from './dispatcher';

/**
 * The delivery ledger on Microsoft Graph: after a crash, the dispatcher asks whether a reminder whose send
 * was in flight reached the person's chat with the app. It looks in the chat, as Graph documents it:
 *
 * 1. the app's installation for the user:
 *    `GET /users/{aadObjectId}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '{app}'`
 *    (TeamsAppInstallation.ReadForUser.All);
 * 2. the chat between the user and the app: `GET /users/{aadObjectId}/teamwork/installedApps/{id}/chat`;
 * 3. the chat's messages changed since the send began, newest first, 50 a page:
 *    `GET /chats/{chatId}/messages?$top=50&$orderby=lastModifiedDateTime desc&$filter=lastModifiedDateTime gt {since}`
 *    (Chat.Read.All; the filter is honoured only with $orderby on the same property).
 *
 * A message is ours when one of its attachments (the Adaptive Card's JSON) carries the marker the dispatcher
 * put in the card (withDeliveryMarker). The chat id is kept per conversation for the life of the process.
 * Any Graph error propagates: the dispatcher then keeps the reminder in doubt and asks again later.
 */

type Page<T> = { value?: T[]; '@odata.nextLink'?: string };
type ChatMessage = { id: string; attachments?: { contentType?: string | null; content?: string | null }[] | null };

/** Pages read per lookup at most: the window since a send began is short, so a few pages hold it. */
const MAX_PAGES = 20;

export function graphDeliveryLedger(client: Client, teamsAppId: string): DeliveryLedger {
  const chats = new Map<string, string>();

  async function chatIdOf(conversation: Conversation): Promise<string | null> {
    const known = chats.get(conversation.conversationId);
    if (known) return known;
    const user = conversation.aadObjectId ?? (conversation.reference.user as { aadObjectId?: string } | undefined)?.aadObjectId ?? null;
    if (!user) throw new Error(`the chat ${conversation.conversationId} has no Microsoft Entra user to look it up by`);
    const installs = (await client
      .api(`/users/${encodeURIComponent(user)}/teamwork/installedApps`)
      .expand('teamsApp')
      .filter(`teamsApp/externalId eq '${teamsAppId.replace(/'/g, "''")}'`)
      .get()) as Page<{ id: string }>;
    const installation = installs.value?.[0];
    // Not installed for the user: there is no chat a message could have reached.
    if (!installation) return null;
    const chat = (await client.api(`/users/${encodeURIComponent(user)}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`).get()) as {
      id: string;
    };
    chats.set(conversation.conversationId, chat.id);
    return chat.id;
  }

  return {
    async find(conversation, marker, since) {
      const chatId = await chatIdOf(conversation);
      if (!chatId) return { found: false };
      let page = (await client
        .api(`/chats/${encodeURIComponent(chatId)}/messages`)
        .top(50)
        .orderby('lastModifiedDateTime desc')
        .filter(`lastModifiedDateTime gt ${since.toISOString()}`)
        .get()) as Page<ChatMessage>;
      for (let n = 1; ; n++) {
        for (const m of page.value ?? [])
          if (m.attachments?.some((a) => typeof a.content === 'string' && a.content.includes(marker))) return { found: true, activityId: m.id };
        const next = page['@odata.nextLink'];
        if (!next) return { found: false };
        if (n >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES * 50} messages in the chat since ${since.toISOString()}; cannot tell`);
        page = (await client.api(next).get()) as Page<ChatMessage>;
      }
    },
  };
}
