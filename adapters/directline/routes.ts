/**
 * The Direct Line 3.0 REST surface as botframework-directlinejs (and so Web Chat) uses it:
 *
 *   POST /tokens/generate                  → {conversationId, token, expires_in}
 *   POST /tokens/refresh                   → {conversationId, token, expires_in}
 *   POST /conversations                    → 201 {conversationId, token, expires_in, streamUrl} (200 if it exists)
 *   GET  /conversations/:id?watermark=N    → reconnect: {conversationId, token, expires_in, streamUrl}
 *   GET  /conversations/:id/activities?watermark=N → {activities, watermark}
 *   POST /conversations/:id/activities     → {id}
 *
 * Errors are JSON `{error: {code, message}}`: 400 bad input, 403 missing/expired/forged token
 * (the client refreshes or gives up), 404 unknown conversation (the client ends), 413 body over
 * 32 kB, 429 with Retry-After (seconds), 500 when the core failed on this post.
 */
import express, { type Request, type Response } from 'express';
import type { ActivityJson } from '../../bot/core/contracts';
import type { Logger } from '../../app/logger';
import { parseInboundActivity, userActivity } from './activities';
import { cors } from './cors';
import type { TokenBucketLimiter } from './rate-limit';
import { isConversationId, newConversationId, parseWatermark, type ConversationRegistry } from './registry';
import { bearerToken, type TokenCheck, type TokenService } from './tokens';
import { errorForLog, type TurnRunner } from './turns';
import type { DirectLineJournal } from './journal';
import type { Conversation } from './registry';
import { jsonErrorHandler, sendError } from '../httpErrors';

export const BODY_LIMIT = '32kb';

export interface RouteDeps {
  registry: ConversationRegistry;
  tokens: TokenService;
  turns: TurnRunner;
  journal: DirectLineJournal;
  /** Stored conversations restored; requests wait for it. */
  ready: Promise<void>;
  /** Loads a restored conversation's stored window before it is read. */
  loadHistory(conversation: Conversation): Promise<void>;
  addressLimiter: TokenBucketLimiter;
  conversationLimiter: TokenBucketLimiter;
  allowedOrigins: string[];
  mountPath: string;
  publicUrl?: string;
  exemptFromRateLimit?: (activity: ActivityJson) => boolean;
  logger: Logger;
  pseudonym(id: string): string;
}

type Verified = Extract<TokenCheck, { ok: true }>;

const fail = sendError;

function tooMany(res: Response, retryAfterSeconds: number): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  fail(res, 429, 'TooManyRequests', 'Too many requests. Please wait a moment.');
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const POST_ACTIVITY = /^\/conversations\/[^/]+\/activities$/;

export function createDirectLineRouter(deps: RouteDeps): express.Router {
  const { registry, tokens, turns, logger, pseudonym } = deps;
  const router = express.Router();

  function streamUrl(req: Request, conversationId: string, watermark: number): string {
    const local = req.socket.localAddress ?? '127.0.0.1';
    const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}`;
    const base = deps.publicUrl ? deps.publicUrl.replace(/^http/i, 'ws').replace(/\/+$/, '') : `${req.protocol === 'https' ? 'wss' : 'ws'}://${host}`;
    const { token } = tokens.issue(conversationId, 'stream');
    return `${base}${deps.mountPath}/conversations/${conversationId}/stream?t=${token}&watermark=${watermark}`;
  }

  /** The verified token for this conversation, or undefined after answering 403. */
  function authorize(req: Request, res: Response, conversationId?: string): Verified | undefined {
    const check = tokens.verify(bearerToken(req.headers.authorization));
    if (check.ok && (conversationId === undefined || check.conversationId === conversationId)) return check;
    if (!check.ok && check.reason === 'expired') fail(res, 403, 'TokenExpired', 'The token has expired.');
    else fail(res, 403, 'BadToken', 'The token is missing, invalid or not for this conversation.');
    return undefined;
  }

  /** The conversation, or undefined after answering 404. */
  function conversationOf(res: Response, id: string): ReturnType<ConversationRegistry['use']> {
    const conversation = isConversationId(id) ? registry.use(id) : undefined;
    if (!conversation) fail(res, 404, 'ConversationNotFound', 'The conversation does not exist or has ended.');
    return conversation;
  }

  function watermarkOf(req: Request, res: Response): number | undefined {
    const watermark = parseWatermark(req.query.watermark);
    if (watermark === undefined) fail(res, 400, 'BadArgument', 'The watermark must be a number.');
    return watermark;
  }

  router.use(cors(deps.allowedOrigins));

  router.use((_req, _res, next) => {
    deps.ready.then(() => next(), next);
  });

  router.use((req, res, next) => {
    const limit = deps.addressLimiter.take(req.ip ?? 'unknown');
    if (limit.allowed) return next();
    // A posted activity is judged after parsing, so that exempt activities still get through.
    if (req.method === 'POST' && POST_ACTIVITY.test(req.path)) {
      res.locals.addressRetryAfter = limit.retryAfterSeconds;
      return next();
    }
    tooMany(res, limit.retryAfterSeconds);
  });

  router.use(express.json({ limit: BODY_LIMIT }));

  router.post('/tokens/generate', (_req, res) => {
    const conversationId = newConversationId();
    const { token, expiresIn } = tokens.issue(conversationId);
    res.json({ conversationId, token, expires_in: expiresIn });
  });

  router.post('/tokens/refresh', (req, res) => {
    const check = authorize(req, res);
    if (!check) return;
    const { token, expiresIn } = tokens.issue(check.conversationId);
    res.json({ conversationId: check.conversationId, token, expires_in: expiresIn });
  });

  router.post('/conversations', async (req, res) => {
    const presented = bearerToken(req.headers.authorization);
    // No token is the public web chat's anonymous start; a token comes from /tokens/generate.
    const check = presented ? authorize(req, res) : undefined;
    if (presented && !check) return;
    const conversationId = check?.conversationId ?? newConversationId();
    const existed = registry.use(conversationId) !== undefined;
    if (!existed) {
      const opened = registry.open(conversationId, req.ip ?? 'unknown');
      if (!opened.ok) {
        res.setHeader('Retry-After', '60');
        if (opened.reason === 'address-limit') fail(res, 429, 'TooManyConversations', 'Too many open conversations from this address. Please try again later.');
        else fail(res, 503, 'Busy', 'Too many open conversations. Please try again shortly.');
        return;
      }
      try {
        await deps.journal.created(opened.conversation);
      } catch (error) {
        logger.error({ error: errorForLog(error) }, 'conversation could not be stored');
        fail(res, 503, 'NotStored', 'The conversation could not be started. Please try again.');
        return;
      }
    }
    const { token, expiresIn } = check && presented ? { token: presented, expiresIn: check.expiresIn } : tokens.issue(conversationId);
    if (!existed) logger.info({ conversation: pseudonym(conversationId), anonymous: !check }, 'conversation started');
    res.status(existed ? 200 : 201).json({ conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(req, conversationId, 0) });
  });

  router.get('/conversations/:id', (req, res) => {
    const check = authorize(req, res, req.params.id);
    if (!check || !conversationOf(res, req.params.id)) return;
    const watermark = watermarkOf(req, res);
    if (watermark === undefined) return;
    res.json({
      conversationId: req.params.id,
      token: bearerToken(req.headers.authorization),
      expires_in: check.expiresIn,
      streamUrl: streamUrl(req, req.params.id, watermark),
    });
  });

  router.get('/conversations/:id/activities', async (req, res) => {
    if (!authorize(req, res, req.params.id)) return;
    const conversation = conversationOf(res, req.params.id);
    if (!conversation) return;
    const watermark = watermarkOf(req, res);
    if (watermark === undefined) return;
    await deps.loadHistory(conversation);
    res.json(registry.after(conversation, watermark));
  });

  router.post('/conversations/:id/activities', async (req, res) => {
    if (!authorize(req, res, req.params.id)) return;
    const conversation = conversationOf(res, req.params.id);
    if (!conversation) return;
    const parsed = parseInboundActivity(req.body);
    if (!parsed.ok) {
      fail(res, 400, 'BadArgument', `Invalid activity: ${parsed.problems.join('; ')}`);
      return;
    }
    const inbound = parsed.activity;
    if (inbound.type === 'typing') {
      // Accepted so that Web Chat's optional typing indicator does not fail, but not stored.
      res.json({ id: `${conversation.id}|typing` });
      return;
    }
    if (!isExempt(userActivity(conversation.id, inbound))) {
      const addressRetryAfter = res.locals.addressRetryAfter as number | undefined;
      if (addressRetryAfter !== undefined) return tooMany(res, addressRetryAfter);
      const limit = deps.conversationLimiter.take(conversation.id);
      if (!limit.allowed) {
        logger.debug({ conversation: pseudonym(conversation.id) }, 'conversation rate limited');
        return tooMany(res, limit.retryAfterSeconds);
      }
    }
    const outcome = await turns.run(conversation, inbound);
    if (outcome.status === 'busy') {
      res.setHeader('Retry-After', '1');
      fail(res, 503, 'Busy', 'Still answering the previous messages.');
    } else if (outcome.status === 'not-stored') {
      res.setHeader('Retry-After', '1');
      fail(res, 503, 'NotStored', 'The message could not be saved. Please send it again.');
    } else if (outcome.status === 'failed') {
      fail(res, 500, 'BotError', 'The message could not be processed.');
    } else {
      res.json({ id: outcome.id });
    }
  });

  function isExempt(activity: ActivityJson): boolean {
    if (!deps.exemptFromRateLimit) return false;
    try {
      return deps.exemptFromRateLimit(activity) === true;
    } catch (error) {
      logger.error({ error: errorForLog(error) }, 'rate limit exemption predicate failed');
      return false;
    }
  }

  router.use((_req, res) => fail(res, 404, 'NotFound', 'Unknown Direct Line endpoint.'));

  router.use(jsonErrorHandler((error) => logger.error({ error: errorForLog(error) }, 'direct line request failed'), BODY_LIMIT));

  return router;
}
