import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference as BotConversationReference,
} from 'botbuilder';
import express from 'express';
import { DomainError } from '../api/core/errors';
import { domainMessage, pickLocale } from '../api/core/i18n';
import { httpError, toApiError, type ApiError } from '../api/http/errors';
import { QualityBot, type BotDeps } from './bot';
import { CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/adaptive-card';
import type { ConversationReference, ConversationType, ProactiveChannel, SendOutcome, Turn, TurnChannel } from './channel';
import { retryAfterMs } from './delivery-policy';

/**
 * The one file that knows botbuilder (an ESLint rule keeps it so): the bot endpoint, the activity handler
 * that feeds the botbuilder-free QualityBot (bot/bot.ts) through the plain interfaces of bot/channel.ts,
 * and the proactive sender. A move to the Teams SDK replaces this file (ARCHITECTURE.md).
 */

export type BotCredentials = {
  /** The Microsoft app id of the bot registration; empty for the anonymous development bot. */
  appId: string;
  appPassword: string;
  /** Set for a single-tenant bot registration. */
  tenantId: string | null;
};

function authentication(credentials: BotCredentials): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appId ? (credentials.tenantId ? 'SingleTenant' : 'MultiTenant') : '',
    MicrosoftAppTenantId: credentials.tenantId ?? '',
  });
}

const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

/** An incoming activity as plain data. */
export function turnOf(context: TurnContext): Turn {
  const a = context.activity;
  const channelData = a.channelData as { tenant?: { id?: string }; team?: { id?: string } } | undefined;
  const type = a.conversation?.conversationType;
  return {
    activityType: a.type,
    activityId: a.id ?? '',
    replyToId: a.replyToId ?? null,
    channelId: a.channelId,
    locale: a.locale ?? null,
    from: { id: a.from?.id ?? null, aadObjectId: a.from?.aadObjectId ?? null, name: a.from?.name ?? null },
    conversation: {
      id: a.conversation?.id ?? '',
      type: (type === 'channel' || type === 'groupChat' ? type : 'personal') as ConversationType,
      tenantId: a.conversation?.tenantId ?? channelData?.tenant?.id ?? null,
    },
    teamId: channelData?.team?.id ?? null,
    text: a.text ?? null,
    value: a.value,
    reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(a))) as ConversationReference,
  };
}

const cardMessage = (card: AdaptiveCard) => ({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });

/** What the bot says in a turn, through the turn's context. */
export function channelOf(context: TurnContext): TurnChannel {
  return {
    reply: async (text) => void (await context.sendActivity({ type: 'message', text, textFormat: 'markdown' })),
    sendCard: async (card) => void (await context.sendActivity(cardMessage(card))),
    updateCard: async (activityId, card) => void (await context.updateActivity({ ...cardMessage(card), id: activityId })),
  };
}

/** botbuilder's Teams activity handler, passing each activity to the QualityBot as plain data. */
export class TeamsActivityBot extends TeamsActivityHandler {
  private readonly bot: QualityBot;

  constructor(deps: BotDeps) {
    super();
    this.bot = new QualityBot(deps);
    this.onMessage(async (context, next) => {
      await this.bot.onMessage(turnOf(context), channelOf(context));
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.bot.onInstalled(turnOf(context), channelOf(context));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.bot.onUninstalled(turnOf(context), channelOf(context));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await this.bot.onInstalled(turnOf(context), channelOf(context));
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id))
        await this.bot.onUninstalled(turnOf(context), channelOf(context));
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const answer = await this.bot.onCardAction(turnOf(context), channelOf(context), { verb: invokeValue.action?.verb, data: invokeValue.action?.data });
    return answer.type === 'card'
      ? { statusCode: 200, type: CARD_CONTENT_TYPE, value: answer.card }
      : { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: answer.text as unknown as Record<string, unknown> };
  }
}

/**
 * The bot endpoint (POST /api/messages): botbuilder's CloudAdapter, which checks the Bot Connector's JWT
 * when credentials are configured, in front of the TeamsActivityHandler.
 */
export function createBotRouter(deps: BotDeps, credentials: BotCredentials): express.Router {
  const adapter = new CloudAdapter(authentication(credentials));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    deps.logger.error({ err: error, activityType: context.activity.type }, 'bot: unhandled turn error');
  };
  const bot = new TeamsActivityBot(deps);
  const router = express.Router();
  router.post('/', express.json({ limit: '1mb' }), async (req, res) => {
    const locale = pickLocale(req.header('accept-language'));
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string' || !body.type) return sendError(res, httpError('invalid_activity', locale));
    // The adapter answers on its own (a refused token with the upstream's message, a failure with the
    // error's text): it answers into this holder, and only what it decided is passed on.
    const answer: { status: number; body?: unknown; headers: [string, string][] } = { status: 200, headers: [] };
    const holder = {
      status(code: number) {
        answer.status = code;
        return holder;
      },
      header(name: string, value: string) {
        answer.headers.push([name, value]);
        return holder;
      },
      send(b?: unknown) {
        answer.body = b;
        return holder;
      },
      end() {
        return holder;
      },
    };
    try {
      await adapter.process(req, holder as unknown as express.Response, (context) => bot.run(context));
    } catch (err) {
      deps.logger.error({ err }, 'bot: the adapter could not process the activity');
      answer.status = 500;
    }
    if (answer.status === 401 || answer.status === 403) {
      deps.logger.warn(
        { status: answer.status, reason: typeof answer.body === 'string' ? answer.body.slice(0, 200) : undefined },
        'bot: activity refused (authentication)',
      );
      return sendError(res, toApiError(new DomainError('unauthenticated', 'bot: activity not authenticated'), locale, domainMessage));
    }
    if (answer.status >= 400) {
      if (answer.status >= 500)
        deps.logger.error({ status: answer.status, reason: typeof answer.body === 'string' ? answer.body.slice(0, 200) : undefined }, 'bot: activity failed');
      return sendError(res, httpError(answer.status >= 500 ? 'internal' : 'invalid_activity', locale));
    }
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.status(answer.status);
    if (answer.body === undefined || answer.body === null) res.end();
    else res.json(answer.body);
  });
  // Bodies that are no JSON, too large, or anything else thrown: the API's JSON errors, never a page.
  router.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const locale = pickLocale(req.header('accept-language'));
    const answer = toApiError(err, locale, domainMessage);
    if (answer.status >= 500) deps.logger.error({ err }, 'bot: request failed');
    sendError(res, answer);
  });
  return router;
}

/** The header that carries a reminder's idempotency key on every attempt to send it. */
export const IDEMPOTENCY_HEADER = 'x-kvalitetsaftaler-idempotency-key';

type Pipeline = {
  removePolicy(o: { phase: string }): unknown;
  addPolicy(p: {
    name: string;
    sendRequest: (req: { headers: { set(k: string, v: string): void } }, next: (req: unknown) => Promise<unknown>) => Promise<unknown>;
  }): void;
};

/**
 * The production sender: botbuilder's CloudAdapter, continueConversationAsync with the stored
 * conversation reference, one Adaptive Card per reminder.
 *
 * The connector client's HTTP pipeline (Azure core) retries 429 and 5xx on its own, up to three times,
 * outside our rate limits and our record of attempts. We take its retry policy out, so every attempt
 * passes through the dispatcher's limiter and is written to the outbox, and add the idempotency header.
 */
export function cloudAdapterSender(credentials: BotCredentials): ProactiveChannel {
  const adapter = new CloudAdapter(authentication(credentials));
  return {
    async send(reference: ConversationReference, card: AdaptiveCard, idempotencyKey: string): Promise<SendOutcome> {
      let activityId: string | null = null;
      try {
        await adapter.continueConversationAsync(credentials.appId, reference as Partial<BotConversationReference>, async (context) => {
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
          const sent = await context.sendActivity(cardMessage(card));
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

function sendError(res: express.Response, { status, body }: { status: number; body: ApiError }): void {
  if (!res.headersSent) res.status(status).json(body);
}
