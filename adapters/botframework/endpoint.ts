/**
 * `/api/messages` for Azure Bot Service channels (Teams, Azure's own Web Chat, …) through the
 * Microsoft 365 Agents SDK.
 *
 * Who may post:
 * - with credentials (config.botClientId): only requests carrying a valid Bot Service JWT
 *   (authorizeJWT checks signature, issuer and audience);
 * - without credentials: anonymous requests only when config.devMode is on AND the request comes
 *   from a loopback address (directly, not forwarded by a proxy for someone else); otherwise 401.
 *
 * The SDK is constructed lazily, on the first request that passes that gate. Reason: with
 * NODE_ENV=production and no client id, `getAuthConfigWithDefaults` (called by the CloudAdapter
 * constructor and loadAuthConfigFromEnv) throws "[-120320] ClientId required in production".
 * Building it eagerly would stop the whole server — Direct Line and the web page included — on
 * installations that never use Azure. Lazily, such installations merely answer 401 here.
 *
 * Turns: message and event activities go to `bot.onActivity`; the returned activities are sent
 * with `context.sendActivities`. With `deliveryMode: 'expectReplies'` the SDK returns them in the
 * HTTP response (`{activities: [...]}`), which is how tests drive this without a connector.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { Activity } from '@microsoft/agents-activity';
import type { AuthConfiguration, CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type * as AgentsHosting from '@microsoft/agents-hosting';
import type { Bot, TurnResult } from '../../bot/core/contracts';
import type { Logger } from 'pino';
import { pseudonymise } from '../../bot/core/pseudonym';
import { isLoopback } from '../directline/rate-limit';
import { errorForLog } from '../../bot/core/errors';
import { jsonErrorHandler, sendError } from '../httpErrors';
import { renderForChannel } from '../channels/render';
import { TurnOrder } from '../channels/turnOrder';
import { botFrameworkChannel } from './channel';

const BODY_LIMIT = '256kb';

/** The settings this endpoint needs (app/config builds them; adapters never read the environment's schema). */
export interface BotFrameworkSettings {
  /** Azure Bot Service client id; absent → only dev mode on loopback accepts anonymous requests. */
  botClientId?: string;
  devMode: boolean;
  /** Salt for pseudonymised ids in logs. */
  logSalt: string;
}

export interface BotFrameworkEndpointOptions {
  bot: Bot;
  config: BotFrameworkSettings;
  logger: Logger;
}

export { BOTFRAMEWORK_CHANNEL_ID } from './channel';

interface Runtime {
  adapter: CloudAdapter;
  authorize: ReturnType<typeof AgentsHosting.authorizeJWT>;
}

function authConfigFor(sdk: typeof AgentsHosting, config: BotFrameworkSettings): AuthConfiguration {
  if (!config.botClientId) return sdk.getAuthConfigWithDefaults({} as AuthConfiguration);
  // Full settings (secret, tenant, certificates) come from the environment the SDK documents;
  // config.botClientId was read from `clientId` or the legacy `MicrosoftAppId`.
  if (process.env.clientId === config.botClientId) return sdk.loadAuthConfigFromEnv();
  if (process.env.MicrosoftAppId === config.botClientId) return sdk.loadPrevAuthConfigFromEnv();
  return sdk.getAuthConfigWithDefaults({ clientId: config.botClientId } as AuthConfiguration);
}

/** True only for a request made on this machine and not relayed for another client. */
function fromLoopback(req: Request): boolean {
  return isLoopback(req.socket.remoteAddress) && isLoopback(req.ip);
}

export function createBotFrameworkEndpoint(options: BotFrameworkEndpointOptions): express.Router {
  const { bot, config } = options;
  const logger = options.logger.child({ component: 'botframework' });
  const router = express.Router();
  let runtime: Runtime | undefined;

  function getRuntime(): Runtime {
    if (runtime) return runtime;
    // Loaded on first use as well: ~160 ms and ~15 MB that installations without Azure never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@microsoft/agents-hosting') as typeof AgentsHosting;
    const authConfig = authConfigFor(sdk, config);
    const adapter = new sdk.CloudAdapter(authConfig);
    adapter.onTurnError = async (_context, error) => {
      logger.error({ error: errorForLog(error) }, 'botframework turn failed');
    };
    runtime = { adapter, authorize: sdk.authorizeJWT(authConfig) };
    return runtime;
  }

  // Turns of one conversation that arrive together are answered one after the other.
  const order = new TurnOrder();

  async function logic(context: TurnContext): Promise<void> {
    const inbound = botFrameworkChannel.toActivity(JSON.parse(context.activity.toJsonString()));
    if (!inbound.ok) return;
    const { activity, address } = inbound;
    const result = await (order.run(address.conversationId, () => bot.onActivity(activity, address)) ?? Promise.resolve<TurnResult>({ activities: [] }));
    const replies = await renderForChannel(result.activities, botFrameworkChannel.capabilities);
    logger.debug({ conversation: pseudonymise(config.logSalt, address.conversationId), replies: replies.length, duplicate: result.duplicate === true }, 'turn');
    if (replies.length > 0) {
      await context.sendActivities(replies.map((reply) => Activity.fromObject(reply)));
    }
  }

  router.post('/', express.json({ limit: BODY_LIMIT }), (req: Request, res: Response, next: NextFunction) => {
    if (!config.botClientId && !(config.devMode && fromLoopback(req))) {
      res.status(401).json({ error: { code: 'Unauthorized', message: 'Authentication required.' } });
      return;
    }
    let current: Runtime;
    try {
      current = getRuntime();
    } catch (error) {
      logger.error({ error: errorForLog(error) }, 'agents sdk could not start');
      res.status(503).json({ error: { code: 'Unavailable', message: 'The Bot Framework endpoint is not configured.' } });
      return;
    }
    // A body that is not a JSON object (no or another content type, "null", an array) is no Activity.
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      sendError(res, req.is('application/json') ? 400 : 415, 'InvalidActivity', 'The request body must be a JSON object (Content-Type: application/json).');
      return;
    }
    // authorizeJWT answers 401 itself and calls back only for an accepted request.
    current
      .authorize(req, res, (error?: unknown) => {
        if (error) return next(error);
        current.adapter.process(req, res, logic).catch(next);
      })
      .catch(next);
  });

  router.use(jsonErrorHandler((error) => logger.error({ error: errorForLog(error) }, 'botframework request failed'), BODY_LIMIT));

  return router;
}
