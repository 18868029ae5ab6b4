import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from './cards/adaptive-card';
import type { BotCredentials } from './adapter';
import type { ReminderSender, SendOutcome } from './dispatcher';

/** The header that carries a reminder's idempotency key on every attempt to send it. */
export const IDEMPOTENCY_HEADER = 'x-kvalitetsaftaler-idempotency-key';

type Pipeline = { removePolicy(o: { phase: string }): unknown; addPolicy(p: { name: string; sendRequest: (req: { headers: { set(k: string, v: string): void } }, next: (req: unknown) => Promise<unknown>) => Promise<unknown> }): void };

/**
 * The production sender: botbuilder's CloudAdapter, continueConversationAsync with the stored
 * conversation reference, one Adaptive Card per reminder.
 *
 * The connector client's HTTP pipeline (Azure core) retries 429 and 5xx on its own, up to three times,
 * outside our rate limits and our record of attempts. We take its retry policy out, so every attempt
 * passes through the dispatcher's limiter and is written to the outbox, and add the idempotency header.
 */
export function cloudAdapterSender(credentials: BotCredentials): ReminderSender {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: credentials.appId,
      MicrosoftAppPassword: credentials.appPassword,
      MicrosoftAppType: credentials.appId ? (credentials.tenantId ? 'SingleTenant' : 'MultiTenant') : '',
      MicrosoftAppTenantId: credentials.tenantId ?? '',
    }),
  );
  return {
    async send(reference: Record<string, unknown>, card: AdaptiveCard, idempotencyKey: string): Promise<SendOutcome> {
      let activityId: string | null = null;
      try {
        await adapter.continueConversationAsync(credentials.appId, reference as Partial<ConversationReference>, async (context) => {
          const client = context.turnState.get(adapter.ConnectorClientKey) as { client?: { pipeline?: Pipeline } } | undefined;
          const pipeline = client?.client?.pipeline;
          if (!pipeline) throw new Error('the connector client has no HTTP pipeline to configure (botbuilder changed?)');
          pipeline.removePolicy({ phase: 'Retry' });
          pipeline.addPolicy({
            name: 'reminderIdempotencyKey',
            sendRequest: (req, next) => {
              req.headers.set(IDEMPOTENCY_HEADER, idempotencyKey);
              return next(req);
            },
          });
          const sent = await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
          activityId = sent?.id ?? null;
        });
        return { ok: true, activityId };
      } catch (err) {
        return outcomeOf(err);
      }
    },
  };
}

/** The status and Retry-After of a failed send, from the Azure RestError botbuilder throws. */
export function outcomeOf(err: unknown): SendOutcome {
  const e = err as { statusCode?: number; status?: number; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = Number(e?.statusCode ?? e?.status ?? 0) || 0;
  return { ok: false, status, retryAfterMs: retryAfterMs(e?.response?.headers?.get?.('retry-after')), message: String(e?.message ?? err).slice(0, 500) };
}

/** Retry-After as seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
