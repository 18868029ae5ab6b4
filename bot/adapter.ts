import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express from 'express';
import { DomainError } from '../api/core/errors';
import { domainMessage, pickLocale } from '../api/core/i18n';
import { httpError, toApiError, type ApiError } from '../api/http/errors';
import { QualityBot, type BotDeps } from './bot';

export type BotCredentials = {
  /** The Microsoft app id of the bot registration; empty for the anonymous development bot. */
  appId: string;
  appPassword: string;
  /** Set for a single-tenant bot registration. */
  tenantId: string | null;
};

/**
 * The bot endpoint (POST /api/messages): botbuilder's CloudAdapter, which checks the Bot Connector's JWT
 * when credentials are configured, in front of the TeamsActivityHandler.
 */
export function createBotRouter(deps: BotDeps, credentials: BotCredentials): express.Router {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appId ? (credentials.tenantId ? 'SingleTenant' : 'MultiTenant') : '',
    MicrosoftAppTenantId: credentials.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    deps.logger.error({ err: error, activityType: context.activity.type }, 'bot: unhandled turn error');
  };
  const bot = new QualityBot(deps);
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
      deps.logger.warn({ status: answer.status, reason: typeof answer.body === 'string' ? answer.body.slice(0, 200) : undefined }, 'bot: activity refused (authentication)');
      return sendError(res, toApiError(new DomainError('unauthenticated', 'bot: activity not authenticated'), locale, domainMessage));
    }
    if (answer.status >= 400) {
      if (answer.status >= 500) deps.logger.error({ status: answer.status, reason: typeof answer.body === 'string' ? answer.body.slice(0, 200) : undefined }, 'bot: activity failed');
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

function sendError(res: express.Response, { status, body }: { status: number; body: ApiError }): void {
  if (!res.headersSent) res.status(status).json(body);
}
