import type { ServiceContext } from '../context';
import { ConflictError, parseOrThrow } from '../errors';
import { sha256Hex } from '../hash';
import { Conversation, type ConversationScope, type Locale } from '../model';

/**
 * The conversations the app is installed in, kept through the storage port so any instance of the server
 * (and the reminders of the annual cycle) can write to them later. Nothing of this lives in memory.
 */

/** Channel conversation ids are long and use characters an Id does not allow: the record id is their hash. */
export async function conversationRecordId(conversationId: string): Promise<string> {
  return `conv-${(await sha256Hex(conversationId)).slice(0, 40)}`;
}

export type InstallInput = {
  conversationId: string;
  scope: ConversationScope;
  personId: string | null;
  teamsUserId: string | null;
  aadObjectId: string | null;
  teamId: string | null;
  locale: Locale | null;
  reference: Record<string, unknown>;
};

/**
 * Records that the app is installed in a conversation (installationUpdate and conversationUpdate both
 * announce it; calling this twice is harmless). `firstInstall` is true when the conversation was not
 * installed before: only then does the bot greet.
 */
export async function registerInstall(ctx: ServiceContext, input: InstallInput): Promise<{ conversation: Conversation; firstInstall: boolean }> {
  const id = await conversationRecordId(input.conversationId);
  const now = ctx.now().toISOString();
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await ctx.store.get('conversation', id);
    const firstInstall = !existing || existing.status === 'uninstalled';
    const record = parseOrThrow(Conversation, {
      ...existing,
      ...input,
      personId: input.personId ?? existing?.personId ?? null,
      teamsUserId: input.teamsUserId ?? existing?.teamsUserId ?? null,
      aadObjectId: input.aadObjectId ?? existing?.aadObjectId ?? null,
      locale: input.locale ?? existing?.locale ?? null,
      id,
      status: 'installed',
      installedAt: firstInstall ? now : existing!.installedAt,
      uninstalledAt: null,
      revision: (existing?.revision ?? 0) + 1,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    try {
      await ctx.store.commit([{ type: 'put', kind: 'conversation', record, expectedRevision: existing?.revision ?? null }]);
      return { conversation: record, firstInstall };
    } catch (err) {
      // Two deliveries of the same install raced: read again and let the second one see the first.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError('conversation', id, await ctx.store.get('conversation', id));
}

/** Marks a conversation as uninstalled (the record stays, so the history of installs is kept). */
export async function recordUninstall(ctx: ServiceContext, conversationId: string): Promise<Conversation | null> {
  const id = await conversationRecordId(conversationId);
  const existing = await ctx.store.get('conversation', id);
  if (!existing || existing.status === 'uninstalled') return existing;
  const now = ctx.now().toISOString();
  const record: Conversation = { ...existing, status: 'uninstalled', uninstalledAt: now, revision: existing.revision + 1, updatedAt: now };
  await ctx.store.commit([{ type: 'put', kind: 'conversation', record, expectedRevision: existing.revision }]);
  return record;
}

/** The personal chats a person has the app installed in. */
export async function personalConversationsOf(ctx: ServiceContext, personIds: readonly string[]): Promise<Conversation[]> {
  if (!personIds.length) return [];
  const all = await ctx.store.listAll('conversation', { personId: personIds });
  return all.filter((c) => c.scope === 'personal' && c.status === 'installed');
}
