import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express from 'express';
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
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string' || !body.type) {
      res.status(400).json({ error: { code: 'invalid_activity', message: 'The body must be a Bot Framework activity with a type.' } });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      deps.logger.error({ err }, 'bot: the adapter could not process the activity');
      if (!res.headersSent) res.status(500).json({ error: { code: 'bot_failed', message: 'The bot could not process the activity.' } });
    }
  });
  return router;
}
